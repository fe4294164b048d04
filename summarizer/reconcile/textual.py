"""Conflicts among the statements code finds in article text (checkable.py), blocked by key, never all pairs.

- Figures: pairs share a measure and a block (the counted group's class, or its markers:
  "ISIS militants" and "ISIS operatives" meet on {isis} whatever the noun). They conflict when
  no reading of one meets a reading of the other (qualifiers, rounding, sums of parts), unless
  one is a part of the other; a later or revised figure is an ``update`` (numeric.py decides).
- Assertions: one verb about one subject, asserted and negated: ``contradiction``.
- Relative dates: "X comes a week after Y ... carried out the day before yesterday": the
  date the offset implies must meet the date the clause gives, both resolved against the
  publication date; otherwise ``temporal``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from ..normalize.core import find_numbers, find_time_expressions, resolve_time
from ..schema import ArticleSummary, Conflict, ConflictSide, Span, TimeRef
from .checkable import Assertion, _sentences, attributions
from .events import day_range, gap_days
from .numeric import _later, _numeric, _update, adds_up, consistent
from .quantities import _CLASSES, Report
from .statements import _fits
from .temporal import _OFFSET, _UNIT_DAYS
from .text import PRONOUNS, narrator, overlap, short, words
from .unionfind import components

__all__ = ["TextPair", "assertion_conflicts", "blocked_pairs", "figure_conflicts", "relative_date_conflicts",
           "undecided_figure_pairs"]

_KNOWN = set(_CLASSES.values())
_MAX_VALUES = 2  # more distinct values of one measure and group in one article: a list, not a dispute
_MAX_BLOCK = 400  # a block this large is a generic key ("count of people"): compared only to near neighbours


def fits(a: Report, b: Report) -> bool:
    """Same measure and the same counted group: one head and nested markers, or two nouns with the same markers."""
    if a.measure != b.measure:
        return False
    sa, sb = a.subject, b.subject
    if sa.head == sb.head:
        if not sa.head:  # unit figures: the clauses' words must meet (two, or one and three in the sentences)
            shared = len(sa.marks & sb.marks)
            return shared >= 2 or (shared == 1 and a.evidence is not None and b.evidence is not None
                                   and len(words(a.evidence.text) & words(b.evidence.text)) >= 4)
        return sa.marks <= sb.marks or sb.marks <= sa.marks
    if not (sa.head and sb.head) or (sa.head in _KNOWN and sb.head in _KNOWN):
        return False
    if "people" in (sa.head, sb.head):  # "people" and a noun outside the lexicon ("passengers"): nested markers
        return sa.marks <= sb.marks or sb.marks <= sa.marks
    return bool(sa.marks) and sa.marks == sb.marks  # "ISIS militants" / "ISIS operatives"


def blocked_pairs(pool: list[Report]) -> list[tuple[int, int]]:
    """Candidate pairs: reports sharing (measure, head) or (measure, markers); a huge block pairs neighbours only."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for k, r in enumerate(pool):
        blocks[(r.measure, "h", r.subject.head)].append(k)
        if r.subject.marks:
            blocks[(r.measure, "m", r.subject.marks)].append(k)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) <= _MAX_BLOCK:
            pairs.update(combinations(members, 2))
        else:
            pairs.update((members[i], members[j]) for i in range(len(members))
                         for j in range(i + 1, min(len(members), i + 8)))
    return sorted(pairs)


def _part_of(r: Report, whole: Report, mates: list[Report]) -> bool:
    """``r`` plus other figures of its article (from the same block) add up to ``whole``."""
    return adds_up(r.total, (m.total for m in mates if m.article == r.article and m is not r and m is not whole
                             and m.total != r.total and fits(m, whole)), whole)


_CALENDAR = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                "august september october november december".split())


def _names(sentence: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}", sentence)
                     if w.lower() not in _CALENDAR and w.lower() not in _ORG_WORDS)  # "Alder Bank": alder


def _apart(a: str, b: str) -> bool:
    """Two sentences that each name places or parties, none in common: about different incidents."""
    na, nb = _names(a), _names(b)
    return bool(na and nb and not na & nb)


def figure_conflicts(pool: list[Report], allowed: Callable[[Report, Report], bool],
                     same_source: Callable[[str, str], bool]) -> list[Conflict]:
    """Numeric and update conflicts among text figures; pairs come from ``blocked_pairs``."""
    pairs = blocked_pairs(pool)
    block_of: dict[int, list[Report]] = defaultdict(list)
    for i, j in pairs:
        block_of[i].append(pool[j])
        block_of[j].append(pool[i])
    values: dict[tuple, set[float]] = defaultdict(set)
    for r in pool:
        values[(r.article, r.measure, r.subject.head)].add(r.total)
        if r.subject.marks:
            values[(r.article, r.measure, r.subject.marks)].add(r.total)

    def listed(r: Report) -> bool:
        return len(values[(r.article, r.measure, r.subject.head)]) > _MAX_VALUES or (
            bool(r.subject.marks) and len(values[(r.article, r.measure, r.subject.marks)]) > _MAX_VALUES)

    numeric: list[tuple[int, int]] = []
    updates: list[tuple[int, int]] = []
    for i, j in pairs:
        a, b = pool[i], pool[j]
        if a.article == b.article and (listed(a) or listed(b)):
            continue  # an article giving many values of one kind lists different quantities, it does not dispute one
        same_sentence = a.evidence is not None and a.evidence == b.evidence
        if same_sentence or not allowed(a, b) or not fits(a, b) or consistent(a, b):
            continue
        if _part_of(a, b, block_of[j]) or _part_of(b, a, block_of[i]):
            continue
        if a.evidence is not None and b.evidence is not None and _apart(a.evidence.text, b.evidence.text):
            continue
        (updates if _later(a, b, same_source) else numeric).append((i, j))
    order = lambda r: (r.published or "", r.revised, r.total, r.article, r.item, r.source)  # noqa: E731
    out = [_numeric(sorted((pool[k] for k in g), key=order)) for g in components(len(pool), numeric)]
    out += [_update(sorted((pool[k] for k in g), key=order)) for g in components(len(pool), updates)]
    return out


def assertion_conflicts(items: list[Assertion], allowed: Callable[[Assertion, Assertion], bool]) -> list[Conflict]:
    """One verb about one subject, asserted in one statement and negated in another."""
    by_verb: dict[str, list[Assertion]] = defaultdict(list)
    for a in items:
        by_verb[a.verb].append(a)
    out = []
    for group in by_verb.values():
        pos = [a for a in group if a.positive]
        neg = [a for a in group if not a.positive]
        for p in pos[:_MAX_BLOCK]:
            for n in neg[:_MAX_BLOCK]:
                if p.evidence == n.evidence or not allowed(p, n):
                    continue
                shared = p.subject & n.subject
                if not shared or overlap(set(p.subject), set(n.subject)) < 0.5:
                    continue
                out.append(Conflict(
                    id="", kind="contradiction", severity="critical",
                    summary=(f"{n.source} says it was not {_verb_text(n)}, {p.source} that it was: "
                             f"“{short(n.evidence.text, 70)}” vs “{short(p.evidence.text, 70)}”."),
                    sides=[ConflictSide(source=p.source, article=p.article, item=f"t{p.evidence.start}",
                                        value="asserts", evidence=[p.evidence]),
                           ConflictSide(source=n.source, article=n.article, item=f"t{n.evidence.start}",
                                        value="negates", evidence=[n.evidence])],
                    note=f"The same verb about {', '.join(sorted(shared))}, with opposite polarity."))
    return out


def _verb_text(a: Assertion) -> str:
    m = re.search(r"\b" + re.escape(a.verb) + r"\w*", a.evidence.text, re.I)
    return m.group(0) if m else a.verb


def _range(t: TimeRef) -> tuple[dt.date, dt.date] | None:
    return day_range(t) if t.precision in ("day", "week") else None


def _iso_range(r: tuple[dt.date, dt.date]) -> str:
    return r[0].isoformat() if r[0] == r[1] else f"{r[0].isoformat()} – {r[1].isoformat()}"


def _anchor(s: ArticleSummary, before: str, sent_start: int) -> tuple[tuple[dt.date, dt.date], str] | None:
    """The date of what the offset hangs on: in its own clause, else the best-matching dated sentence."""
    pub = s.article.published
    for _, _, surface in find_time_expressions(before):
        r = _range(TimeRef(**resolve_time(surface, pub)))
        if r:
            return r, surface
    topic = words(before)
    best: tuple[int, int, tuple[dt.date, dt.date], str] | None = None
    for sent in _sentences(s.article.text):
        if sent.start == sent_start:
            continue
        shared = len(topic & words(sent.text))
        if not shared:
            continue
        for _, _, surface in find_time_expressions(sent.text):
            r = _range(TimeRef(**resolve_time(surface, pub)))
            if r and (best is None or shared > best[0]):
                best = (shared, -sent.start, r, surface)
    if best:
        return best[2], best[3]
    day = day_range(TimeRef(**resolve_time("today", pub))) if pub else None
    return (day, f"the publication date {pub}") if day else None


def relative_date_conflicts(s: ArticleSummary) -> list[Conflict]:
    """Offsets ("a week after") whose implied date no date in the same clause can meet."""
    text = s.article.text
    if not s.article.published or not _OFFSET.search(text):
        return []
    out = []
    for sent in _sentences(text):
        for m in _OFFSET.finditer(sent.text):
            rest = sent.text[m.end():]
            dated = [(a, b, surface, r) for a, b, surface in find_time_expressions(rest)
                     if (r := _range(TimeRef(**resolve_time(surface, s.article.published))))]
            if not dated:
                continue
            anchor = _anchor(s, sent.text[:m.start()], sent.start)
            if anchor is None:
                continue
            (a0, a1), anchor_text = anchor
            n = m.group("n").lower()
            count = 1 if n in ("a", "an") else int(find_numbers(n)[0].value)
            days = count * _UNIT_DAYS[m.group("unit").lower()]
            shift = dt.timedelta(days=-days if m.group("dir").lower() in ("after", "following") else days)
            tol = dt.timedelta(days=max(1, round(0.25 * days)))
            implied = (a0 + shift - tol, a1 + shift + tol)
            for a, b, surface, r in dated:
                if gap_days(implied, r) == 0:
                    continue
                span = Span(start=sent.start, end=sent.end, text=sent.text)
                at = sent.start + m.end() + a
                out.append(Conflict(
                    id="", kind="temporal", severity="warning",
                    summary=(f"“{m.group(0)}” ({anchor_text}, {_iso_range((a0, a1))}) puts what follows around "
                             f"{_iso_range((a0 + shift, a1 + shift))}, but the same clause dates it “{surface}” "
                             f"({_iso_range(r)}): the dates cannot all hold."),
                    sides=[ConflictSide(source=narrator(s), article=s.article.id, item=f"t{at}",
                                        value={"start": r[0].isoformat(), "end": r[1].isoformat(), "text": surface},
                                        evidence=[Span(start=at, end=at + (b - a), text=text[at:at + (b - a)])]),
                           ConflictSide(source=narrator(s), article=s.article.id, item=f"t{sent.start + m.start()}",
                                        value={"start": implied[0].isoformat(), "end": implied[1].isoformat(),
                                               "text": f"{m.group(0)} {anchor_text}"},
                                        evidence=[span])],
                    note=f"Both dates are resolved against the publication date {s.article.published}."))
                break
    return out


def overlaps_any(c: Conflict, others: Iterable[Conflict]) -> bool:
    """``c`` restates one of ``others``: each of its sides' evidence overlaps a side of that conflict. For an
    attribution conflict the pronoun sides decide: the two rules may name the antecedent by different statements."""
    def hit(sp: Span, o: Conflict) -> bool:
        return any(sp.start < e.end and e.start < sp.end for sd in o.sides for e in sd.evidence)
    sides = c.sides[1:] if c.kind == "attribution" and len(c.sides) > 1 else c.sides
    for o in others:
        if o.kind == c.kind or {o.kind, c.kind} <= {"numeric", "update"}:
            if all(any(hit(sp, o) for sp in sd.evidence) for sd in sides if sd.evidence):
                return True
    return False


_ORG_WORDS = set("""energy foods food airlines airline airways motors bank group holdings systems technologies pharma
partners industries oil gas power telecom capital corporation corp inc ltd company firm agency ministry council
committee government authority authorities board office department service services union party army police navy
command forces commission court university institute foundation association network fund""".split())
_PERSON_WORDS = set("""minister spokesman spokeswoman spokesperson president official officer commander chief director
mayor governor judge lawyer witness man woman resident leader secretary ambassador general colonel captain doctor
teacher prosecutor senator lawmaker chairman chairwoman manager founder author analyst expert researcher""".split())


def _organization(name: str) -> bool:
    """"Northwind Energy", "The airline": names a person pronoun cannot stand for."""
    low = name.lower().split()
    if not low or low[-1] in _PERSON_WORDS:
        return False
    return low[-1] in _ORG_WORDS or (low[0] == "the" and len(low) == 2 and name.split()[1].islower())


def pronoun_attribution_conflicts(s: ArticleSummary) -> list[Conflict]:
    """Code-found attributions whose pronoun cannot be the source it resolves to ("The ministry said" … "She added"):
    one conflict per antecedent, with every pronoun that does not fit it."""
    text = s.article.text
    if text.isupper():  # all-caps wire copy: the attributions' subjects are too rough to judge a pronoun by
        return []
    sents = {x.idx: x for x in _sentences(text)}
    found = attributions(text)
    runs: dict[int, list] = {}
    for k, att in enumerate(found):
        pron = att.source.lower()
        if not att.resolved_from or pron not in PRONOUNS or len(att.resolved_from.split()) > 6 \
                or not att.resolved_from[0].isupper() or "\n" in att.resolved_from:
            continue
        if _fits(pron, att.resolved_from) and not (pron in ("he", "she", "i") and _organization(att.resolved_from)):
            continue
        before = next((j for j in range(k - 1, -1, -1)
                       if found[j].source == att.resolved_from and not found[j].resolved_from), None)
        if before is not None:
            runs.setdefault(before, []).append(att)

    def side(att, value: str) -> ConflictSide:
        sent = sents[att.sentence]
        return ConflictSide(source=att.source, article=s.article.id, item=f"t{sent.start}", value=value,
                            evidence=[Span(start=sent.start, end=sent.end, text=sent.text)])

    out = []
    for j, run in sorted(runs.items()):
        first = found[j]
        said = ", ".join(f"“{text[a.source_start:a.source_start + len(a.source)]} {a.cue}”" for a in run)
        lead = f"{first.source} {first.cue}"
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=(f"{said} {'follows' if len(run) == 1 else 'follow'} “{lead}”, but “{run[0].source}” does not "
                     f"fit {first.source}: the speaker is unclear."),
            sides=[side(first, lead), *(side(a, f"{a.source} {a.cue}") for a in run)],
            note=f"Kept under {first.source}, the nearest preceding source; treat the speaker as unconfirmed."))
    return out


_NUMERIC_QUESTION = ("Do these two statements give different figures for the same quantity (the same people or "
                     "things, in the same incident), so that both cannot be true? verdict: conflict if so; "
                     "consistent if both can hold (a part, a rounding, a later update); unrelated if they count "
                     "different things or incidents.")


@dataclass(frozen=True)
class TextPair:
    """Two text figures the rules cannot settle (one counted noun outside the lexicon, markers that differ)."""

    kind: str
    first: Report
    second: Report
    strong: bool = False  # without a model, an undecided pair stays quiet

    def prompt_messages(self) -> list[dict[str, str]]:
        def statement(label: str, r: Report) -> str:
            return f"Statement {label} (source: {r.source}):\n«{r.evidence.text if r.evidence else ''}»"
        user = "\n\n".join([_NUMERIC_QUESTION, statement("A", self.first), statement("B", self.second),
                             "summary: one sentence quoting both figures, only if the verdict is conflict."])
        return [{"role": "system", "content": "You compare two statements taken from news reports. Judge only from "
                 "the statements given; do not use outside knowledge. Answer in JSON."},
                {"role": "user", "content": user}]

    def conflict(self, summary: str | None) -> Conflict:
        c = _numeric([self.first, self.second])
        c.summary = summary or c.summary
        c.note = "Judged by the LLM from the two statements' evidence."
        return c


def undecided_figure_pairs(pool: list[Report], allowed: Callable[[Report, Report], bool]) -> list[TextPair]:
    """Pairs the rules neither accept nor reject: one measure of people (killed, injured, arrested ...), figures
    that cannot both hold, counted nouns that differ with one outside the lexicon and markers that are not equal."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for k, r in enumerate(pool):
        if r.subject.head and "/" not in r.measure and r.measure != "count":
            blocks[r.measure].append(k)
    out = []
    for members in blocks.values():
        for i, j in combinations(members[:_MAX_BLOCK // 4], 2):
            a, b = pool[i], pool[j]
            if a.subject.head == b.subject.head or {a.subject.head, b.subject.head} <= _KNOWN:
                continue
            if fits(a, b) or not allowed(a, b) or consistent(a, b):
                continue
            if a.subject.marks and b.subject.marks and not (a.subject.marks & b.subject.marks):
                continue  # different places or groups named on both sides
            out.append(TextPair("numeric", a, b))
    return out


def dated_conflicts(items: list, allowed: Callable) -> list[Conflict]:
    """One past action about the same things (shared words), dated on days that cannot overlap."""
    by_verb: dict[str, list] = defaultdict(list)
    for d in items:
        by_verb[d.verb].append(d)
    out = []
    for group in by_verb.values():
        for a, b in combinations(group[:_MAX_BLOCK], 2):
            if not allowed(a, b) or len(a.topic & b.topic) < 2 or overlap(set(a.topic), set(b.topic)) < 0.4:
                continue
            if a.names and b.names and not a.names & b.names:
                continue  # different places or parties named: different incidents
            gap = gap_days(a.days, b.days)
            if gap == 0:
                continue
            first, second = sorted((a, b), key=lambda d: d.days)
            out.append(Conflict(
                id="", kind="temporal", severity="info" if gap <= 1 else "warning",
                summary=(f"The same {first.verb}… is dated {_iso_range(first.days)} (“{first.text}”, {first.source}) "
                         f"and {_iso_range(second.days)} (“{second.text}”, {second.source})."),
                sides=[ConflictSide(source=d.source, article=d.article, item=f"t{d.evidence.start}",
                                    value={"start": d.days[0].isoformat(), "end": d.days[1].isoformat(),
                                           "text": d.text}, evidence=[d.evidence]) for d in (first, second)],
                note="A one-day gap can be a time-zone or overnight difference." if gap <= 1 else
                     "Each date is resolved against its own article's publication date."))
    return out
