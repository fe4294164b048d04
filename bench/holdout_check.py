"""One checker for the blind held-out conflict sets: shape, ids, dates, verbatim evidence and planned make-up.

Each set's ``validate.py`` names its id letter and planned counts and calls :func:`check`.
"""

from __future__ import annotations

import collections
import datetime
import glob
import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
# Top-level keys of bench/conflicts/n01-knife.json (the reference case).
REFERENCE = os.path.join(HERE, "conflicts", "n01-knife.json")
CASE_KEYS = {"id", "tasks", "note", "articles", "gold"}
ARTICLE_KEYS = {"id", "text", "published", "source", "title"}
KINDS = {"numeric", "temporal", "contradiction", "attribution", "update"}
# Evidence is a short clause: at most this many characters and shorter than its sentence.
MAX_EVIDENCE = 60


def sentences(text: str) -> list[str]:
    """A rough count: split on ., ! or ? (optionally closing a quote) before a space and a capital or quote."""
    return [s for s in re.split(r'(?<=[.!?])["\u201d]?\s+(?=["\u201cA-Z0-9])', text.strip()) if s]


def check(folder: str, letter: str, cases: int, conflict_cases: int, free: int, kinds: dict[str, int],
          by_articles: dict[int, int]) -> int:
    """Check the cases in ``folder`` (ids ``<letter>01-…``), print a summary and the errors; 1 on any error."""
    id_re = re.compile(rf"^{letter}(\d\d)-[a-z0-9]+(-[a-z0-9]+)*$")
    last = f"{letter}{cases:02d}"
    errors: list[str] = []
    if os.path.exists(REFERENCE):
        with open(REFERENCE) as f:
            ref = json.load(f)
        if set(ref) != CASE_KEYS:
            errors.append(f"reference keys changed: {sorted(ref)}")
    ids: collections.Counter[str] = collections.Counter()
    found_kinds: collections.Counter[str] = collections.Counter()
    n_conflict_cases = n_free = 0
    found_articles: collections.Counter[int] = collections.Counter()
    files = sorted(glob.glob(os.path.join(folder, "*.json")))
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
        if not id_re.match(name):
            err(f"id must be {letter}01-... to {last}-... with a short slug")
        if case.get("tasks") != ["conflicts"]:
            err("tasks must be ['conflicts']")
        if not isinstance(case.get("note"), str) or not case["note"]:
            err("note missing")
        arts = case.get("articles") or []
        if not arts:
            err("no articles")
        found_articles[len(arts)] += 1
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
            found_kinds[c.get("kind")] += 1
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
    numbers = sorted(int(os.path.basename(p)[1:3]) for p in files if id_re.match(os.path.basename(p)[:-5]))
    if numbers != list(range(1, cases + 1)):
        errors.append(f"case numbers are not exactly {letter}01..{last}")
    if len(files) != cases:
        errors.append(f"{len(files)} cases, want {cases}")
    if n_conflict_cases != conflict_cases or n_free != free:
        errors.append(f"{n_conflict_cases} conflict / {n_free} free cases, "
                      f"want {conflict_cases} / {free}")
    if dict(found_kinds) != kinds:
        errors.append(f"kinds {dict(found_kinds)} != {kinds}")
    if dict(found_articles) != by_articles:
        errors.append(f"cases by article count {dict(sorted(found_articles.items()))} != {by_articles}")
    print(f"{len(files)} cases: {n_conflict_cases} with conflicts, {n_free} conflict-free")
    print("cases by article count: " + ", ".join(f"{k} article(s) {found_articles[k]}" for k in sorted(found_articles)))
    print("conflicts by kind: " + ", ".join(f"{k} {found_kinds[k]}" for k in sorted(KINDS)))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0

