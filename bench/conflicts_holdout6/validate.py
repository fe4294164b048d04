"""Self-check for bench/conflicts_holdout6 (format and calendar only; runs no detector).

    python bench/conflicts_holdout6/validate.py
"""
import datetime as dt
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"numeric", "temporal", "contradiction", "attribution", "update"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december"]
NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

# Date expressions that must resolve to the same day (look-alikes) or to different days (temporal
# conflicts), checked against the publication date: (case id, expression A, expression B, same?)
DATE_CHECKS = [
    ("h6-05-paint-fire", "on Tuesday night", "five days ago", False),
    ("h6-06-bribery-sentence", "on Thursday sentenced", "on April 14", False),
    ("h6-07-ship-docking", "on the 14th", "on June 11", False),
    ("h6-24-satellite-dates", "on Wednesday", "on September 16", True),
    ("h6-28-port-closed-reopened", "three days ago", "on Monday morning", True),
]

errors = []


def err(msg):
    errors.append(msg)


def resolve(expr, text_pub):
    """Resolve one date expression against a publication date (news convention: a bare weekday
    is the latest such day on or before publication; 'the Nth' is in the publication month)."""
    pub = text_pub
    e = expr.lower()
    for i, w in enumerate(WEEKDAYS):
        if re.search(r"\b%s\b" % w, e):
            return pub - dt.timedelta(days=(pub.weekday() - i) % 7)
    m = re.search(r"\b(%s) (\d{1,2})\b" % "|".join(MONTHS), e)
    if m:
        return dt.date(pub.year, MONTHS.index(m.group(1)) + 1, int(m.group(2)))
    m = re.search(r"\bthe (\d{1,2})(st|nd|rd|th)\b", e)
    if m:
        return pub.replace(day=int(m.group(1)))
    m = re.search(r"\b(\w+) days ago\b", e)
    if m:
        n = NUMWORDS.get(m.group(1)) or int(m.group(1))
        return pub - dt.timedelta(days=n)
    raise ValueError(expr)


files = sorted(HERE.glob("*.json"))
ids = Counter()
kinds = Counter()
n_conflict = n_clean = n_pair = 0
for f in files:
    try:
        case = json.loads(f.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        err(f"{f.name}: does not parse: {e}")
        continue
    cid = case.get("id")
    ids[cid] += 1
    if f.stem != cid or not re.fullmatch(r"h6-\d\d-[a-z0-9-]+", cid or ""):
        err(f"{f.name}: id {cid!r} does not match the file name / pattern")
    if case.get("tasks") != ["conflicts"]:
        err(f"{cid}: tasks must be ['conflicts']")
    arts = case.get("articles") or []
    if not 1 <= len(arts) <= 2:
        err(f"{cid}: expected one or two articles")
    if len(arts) == 2:
        n_pair += 1
    aids = [a.get("id") for a in arts]
    if len(set(aids)) != len(aids):
        err(f"{cid}: article ids not unique")
    pubs = {}
    for a in arts:
        t = a.get("text")
        if not isinstance(t, str) or not t:
            err(f"{cid}: article without text")
            continue
        try:
            pubs[a["id"]] = dt.date.fromisoformat(a["published"])
        except Exception:  # noqa: BLE001
            err(f"{cid}/{a.get('id')}: bad published date")
            continue
        nsent = len(re.findall(r"[.!?][\"\u201d]?(?:\s|$)", t))
        if not 3 <= nsent <= 8:
            err(f"{cid}/{a['id']}: {nsent} sentences (want 3-8)")
        pub = pubs[a["id"]]
        # 'Weekday, Month D' must agree; every explicit 'Month D' and bare weekday lies within a
        # month before publication (reports of past events).
        for m in re.finditer(r"\b(%s),? (%s) (\d{1,2})\b" % ("|".join(WEEKDAYS), "|".join(MONTHS)), t, re.I):
            d = dt.date(pub.year, MONTHS.index(m.group(2).lower()) + 1, int(m.group(3)))
            if WEEKDAYS[d.weekday()] != m.group(1).lower():
                err(f"{cid}/{a['id']}: {m.group(0)!r} is a {WEEKDAYS[d.weekday()]}")
        for m in re.finditer(r"\b(%s) (\d{1,2})\b" % "|".join(MONTHS), t, re.I):
            d = resolve(m.group(0), pub)
            if not (pub - dt.timedelta(days=31) <= d <= pub):
                err(f"{cid}/{a['id']}: {m.group(0)!r} -> {d} not in the month before {pub}")
    gold = (case.get("gold") or {}).get("conflicts")
    if not isinstance(gold, list):
        err(f"{cid}: gold.conflicts missing")
        continue
    if gold:
        n_conflict += 1
    else:
        n_clean += 1
    for g in gold:
        k = g.get("kind")
        kinds[k] += 1
        if k not in KINDS:
            err(f"{cid}: bad kind {k!r}")
        ev = g.get("evidence") or []
        if len(ev) != 2:
            err(f"{cid}: evidence must have one text per side (2)")
        where = []
        for e in ev:
            hits = [(a["id"], m.start()) for a in arts for m in re.finditer(re.escape(e), a["text"])]
            if len(hits) != 1:
                err(f"{cid}: evidence {e!r} found {len(hits)} times (want exactly once, verbatim)")
            where += [h[0] for h in hits]
        if len(arts) == 2 and len(set(where)) != 2:
            err(f"{cid}: in a two-article case each side should come from a different article")
        if len(ev) == 2 and (ev[0] in ev[1] or ev[1] in ev[0]):
            err(f"{cid}: evidence sides overlap")

for cid, n in ids.items():
    if n > 1:
        err(f"id {cid} used {n} times")

# calendar checks of the dated cases
by_id = {json.loads(f.read_text(encoding="utf-8"))["id"]: json.loads(f.read_text(encoding="utf-8")) for f in files}
for cid, x, y, same in DATE_CHECKS:
    c = by_id.get(cid)
    if c is None:
        err(f"date check: no case {cid}")
        continue
    got = []
    for expr in (x, y):
        arts = [a for a in c["articles"] if expr in a["text"]]
        if len(arts) != 1:
            err(f"{cid}: date expression {expr!r} not found in exactly one article")
            got.append(None)
            continue
        got.append(resolve(expr, dt.date.fromisoformat(arts[0]["published"])))
    if None not in got and (got[0] == got[1]) != same:
        err(f"{cid}: {x!r} -> {got[0]}, {y!r} -> {got[1]}; expected {'same' if same else 'different'} day")
    else:
        print(f"  {cid}: {x!r} -> {got[0]}, {y!r} -> {got[1]} ({'same' if same else 'differ'}: ok)")

print(f"{len(files)} cases: {n_conflict} with conflicts, {n_clean} conflict-free, {n_pair} two-article;"
      f" kinds {dict(sorted(kinds.items()))}")
for e in errors:
    print("ERROR", e)
sys.exit(1 if errors else 0)
