"""Check the conflicts_holdout15 cases: shape, ids, dates, verbatim evidence and the planned make-up.

Run: python3 bench/conflicts_holdout15/validate.py
"""
import collections
import datetime
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Top-level keys of bench/conflicts/n01-knife.json (the reference case).
REFERENCE = os.path.join(HERE, "..", "conflicts", "n01-knife.json")
CASE_KEYS = {"id", "tasks", "note", "articles", "gold"}
ARTICLE_KEYS = {"id", "text", "published", "source", "title"}
KINDS = {"numeric", "temporal", "contradiction", "attribution", "update"}
# Planned make-up of conflicts_holdout15 (checked in addition to the shape checks).
EXPECT_CASES = 24
EXPECT_CONFLICT_CASES = 13
EXPECT_FREE = 11
EXPECT_KINDS = {"numeric": 4, "temporal": 3, "contradiction": 2, "attribution": 2, "update": 2}
# Cases by number of articles: about 6 single, about 3 three-article, the rest pairs.
EXPECT_BY_ARTICLES = {1: 6, 2: 15, 3: 3}
# Evidence is a short clause: at most this many characters and shorter than its sentence.
MAX_EVIDENCE = 60
ID_RE = re.compile(r"^s(0[1-9]|1[0-9]|2[0-4])-[a-z0-9]+(-[a-z0-9]+)*$")


def sentences(text):
    # rough count: split on ., ! or ? (optionally closing a quote) before a space and a capital/quote
    return [s for s in re.split(r'(?<=[.!?])["\u201d]?\s+(?=["\u201cA-Z0-9])', text.strip()) if s]


def main():
    errors = []
    if os.path.exists(REFERENCE):
        with open(REFERENCE) as f:
            ref = json.load(f)
        if set(ref) != CASE_KEYS:
            errors.append(f"reference keys changed: {sorted(ref)}")
    ids = collections.Counter()
    kinds = collections.Counter()
    n_conflict_cases = n_free = 0
    by_articles = collections.Counter()
    files = sorted(glob.glob(os.path.join(HERE, "*.json")))
    for path in files:
        name = os.path.basename(path)[:-5]
        try:
            with open(path) as f:
                case = json.load(f)
        except ValueError as e:
            errors.append(f"{name}: bad JSON: {e}")
            continue
        def err(m, name=name):
            errors.append(f"{name}: {m}")
        if set(case) != CASE_KEYS:
            err(f"keys {sorted(case)} != {sorted(CASE_KEYS)}")
        ids[case.get("id")] += 1
        if case.get("id") != name:
            err(f"id {case.get('id')!r} != file name")
        if not ID_RE.match(name):
            err("id must be s01-... to s24-... with a short slug")
        if case.get("tasks") != ["conflicts"]:
            err("tasks must be ['conflicts']")
        if not isinstance(case.get("note"), str) or not case["note"]:
            err("note missing")
        arts = case.get("articles") or []
        if not arts:
            err("no articles")
        by_articles[len(arts)] += 1
        art_ids = [a.get("id") for a in arts]
        if len(set(art_ids)) != len(art_ids):
            err("article ids not unique")
        for a in arts:
            if not set(a) <= ARTICLE_KEYS or "text" not in a:
                err(f"article {a.get('id')}: keys {sorted(a)}")
            try:
                datetime.date.fromisoformat(a.get("published", ""))
            except ValueError:
                err(f"article {a.get('id')}: bad published date")
            n = len(sentences(a.get("text", "")))
            if not 3 <= n <= 8:
                err(f"article {a.get('id')}: {n} sentences (want 3-8)")
        gold = case.get("gold")
        if not isinstance(gold, dict) or set(gold) != {"conflicts"}:
            err("gold must be {'conflicts': [...]}")
            continue
        confs = gold["conflicts"]
        if confs:
            n_conflict_cases += 1
            if len(confs) != 1:
                err(f"{len(confs)} conflicts (this set wants exactly one per conflict case)")
        else:
            n_free += 1
        for c in confs:
            if set(c) != {"kind", "evidence"}:
                err(f"conflict keys {sorted(c)}")
            if c.get("kind") not in KINDS:
                err(f"kind {c.get('kind')!r}")
            kinds[c.get("kind")] += 1
            ev = c.get("evidence") or []
            if len(ev) < 2:
                err("evidence needs one text per side")
            for e in ev:
                where = [a["id"] for a in arts if e in a.get("text", "")]
                if not where:
                    err(f"evidence not verbatim in any article: {e!r}")
                elif len(where) > 1:
                    err(f"evidence ambiguous, in articles {where}: {e!r}")
                else:
                    text = next(a["text"] for a in arts if a["id"] == where[0])
                    if text.count(e) > 1:
                        err(f"evidence occurs {text.count(e)} times in {where[0]}: {e!r}")
                    if len(e) > MAX_EVIDENCE:
                        err(f"evidence longer than {MAX_EVIDENCE} characters: {e!r}")
                    if any(e.strip(" .") == s.strip(" .") for s in sentences(text)):
                        err(f"evidence is a whole sentence, want a clause: {e!r}")
            if len(ev) == 2 and ev[0] == ev[1]:
                err("both sides have the same evidence text")
    for i, k in ids.items():
        if k > 1:
            errors.append(f"duplicate id {i!r} ({k} files)")
    numbers = sorted(int(os.path.basename(p)[1:3]) for p in files if ID_RE.match(os.path.basename(p)[:-5]))
    if numbers != list(range(1, EXPECT_CASES + 1)):
        errors.append(f"case numbers are not exactly s01..s{EXPECT_CASES:02d}")
    if len(files) != EXPECT_CASES:
        errors.append(f"{len(files)} cases, want {EXPECT_CASES}")
    if n_conflict_cases != EXPECT_CONFLICT_CASES or n_free != EXPECT_FREE:
        errors.append(f"{n_conflict_cases} conflict / {n_free} free cases, "
                      f"want {EXPECT_CONFLICT_CASES} / {EXPECT_FREE}")
    if dict(kinds) != EXPECT_KINDS:
        errors.append(f"kinds {dict(kinds)} != {EXPECT_KINDS}")
    if dict(by_articles) != EXPECT_BY_ARTICLES:
        errors.append(f"cases by article count {dict(sorted(by_articles.items()))} != {EXPECT_BY_ARTICLES}")
    print(f"{len(files)} cases: {n_conflict_cases} with conflicts, {n_free} conflict-free")
    print("cases by article count: " + ", ".join(f"{k} article(s) {by_articles[k]}" for k in sorted(by_articles)))
    print("conflicts by kind: " + ", ".join(f"{k} {kinds[k]}" for k in sorted(KINDS)))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
