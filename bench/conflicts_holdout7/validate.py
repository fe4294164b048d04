#!/usr/bin/env python3
"""Mechanical checks for the conflicts_holdout7 set.

Checks every case against the shape of bench/conflicts/n01-knife.json and the
gold format in docs/eval.md: top-level keys, article keys, ISO dates, gold kinds,
evidence texts occurring verbatim (and exactly once) in the case's articles,
unique case ids, article lengths of 3-10 sentences. Prints counts.
Usage: python3 bench/conflicts_holdout7/validate.py
"""
import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REF = HERE.parent / "conflicts" / "n01-knife.json"
KINDS = {"numeric", "temporal", "contradiction", "attribution", "update"}
OPTIONAL_ARTICLE_KEYS = {"source", "title"}  # allowed by docs/eval.md


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z0-9])", text.strip()) if s]


def main():
    ref = json.loads(REF.read_text(encoding="utf-8"))
    top_keys = set(ref)
    art_keys = set(ref["articles"][0])
    gold_keys = set(ref["gold"])
    conf_keys = set(ref["gold"]["conflicts"][0])

    errors, ids = [], Counter()
    by_kind, n_conflict_cases, n_free = Counter(), 0, 0
    n_single = n_multi = 0
    files = sorted(HERE.glob("*.json"))
    for path in files:
        def err(msg, path=path):
            errors.append(f"{path.name}: {msg}")
        try:
            case = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            err(f"bad JSON: {e}")
            continue
        if set(case) != top_keys:
            err(f"top-level keys {sorted(case)} != {sorted(top_keys)}")
            continue
        ids[case["id"]] += 1
        if case["id"] != path.stem:
            err(f"id {case['id']!r} != file name")
        if case["tasks"] != ["conflicts"]:
            err(f"tasks {case['tasks']!r}")
        if not isinstance(case["note"], str) or not case["note"]:
            err("empty note")
        arts = case["articles"]
        if not isinstance(arts, list) or not arts:
            err("no articles")
            continue
        if len(arts) == 1:
            n_single += 1
        else:
            n_multi += 1
        aids = [a.get("id") for a in arts]
        if len(set(aids)) != len(aids):
            err("duplicate article ids")
        for a in arts:
            keys = set(a)
            if not art_keys <= keys or not keys <= art_keys | OPTIONAL_ARTICLE_KEYS:
                err(f"article {a.get('id')}: keys {sorted(keys)}")
            try:
                datetime.date.fromisoformat(a.get("published", ""))
            except ValueError:
                err(f"article {a.get('id')}: bad date {a.get('published')!r}")
            n = len(sentences(a.get("text", "")))
            if not 3 <= n <= 10:
                err(f"article {a.get('id')}: {n} sentences (want 3-10)")
        if set(case["gold"]) != gold_keys:
            err(f"gold keys {sorted(case['gold'])}")
            continue
        confs = case["gold"]["conflicts"]
        if confs:
            n_conflict_cases += 1
        else:
            n_free += 1
        for c in confs:
            if set(c) != conf_keys:
                err(f"conflict keys {sorted(c)}")
                continue
            if c["kind"] not in KINDS:
                err(f"unknown kind {c['kind']!r}")
            by_kind[c["kind"]] += 1
            ev = c["evidence"]
            if not isinstance(ev, list) or len(ev) < 2 or not all(isinstance(e, str) and e for e in ev):
                err(f"evidence must be >= 2 non-empty strings: {ev!r}")
                continue
            for e in ev:
                hits = sum(a["text"].count(e) for a in arts)
                if hits == 0:
                    err(f"evidence not verbatim in any article: {e!r}")
                elif hits > 1:
                    err(f"evidence occurs {hits} times (ambiguous): {e!r}")
    for cid, n in ids.items():
        if n > 1:
            errors.append(f"duplicate case id {cid!r} ({n} files)")

    print(f"cases: {len(files)}  (single-article {n_single}, multi-article {n_multi})")
    print(f"conflict cases: {n_conflict_cases}  conflict-free: {n_free}")
    print("conflicts by kind: " + ", ".join(f"{k} {by_kind[k]}" for k in sorted(KINDS)))
    if errors:
        print(f"\n{len(errors)} error(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
