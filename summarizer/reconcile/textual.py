"""Figure and assertion conflicts among the statements code finds in article text (checkable.py), never all pairs.

- Figures: pairs share a measure and a block (the counted group's class, or its markers:
  "ISIS militants" and "ISIS operatives" meet on {isis} whatever the noun; a unit figure's
  thing measured). They conflict when no reading of one meets a reading of the other
  (qualifiers, rounding, sums of parts), unless one is a part of the other; a later or revised
  figure is an ``update`` (numeric.py decides). One sentence that moves a figure "from A to B"
  ("revised to 0.2 percent, down from 0.4") is an ``update`` of its own.
- Assertions: one verb about one subject, asserted and negated: ``contradiction``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from ..normalize.core import find_numbers
from ..schema import Conflict, ConflictSide, Span
from .checkable import Assertion
from .numeric import (
    adds_up,
    changed,
    consistent,
    grows,
    interval,
    later,
    numeric_conflict,
    pair_conflicts,
    update_conflict,
)
from .quantities import KNOWN_CLASSES, Report, Subject, singular
from .text import CALENDAR, ORG_WORDS, STOP_WORDS, overlap, short, stem, words
from .units import UNIT_WORDS

__all__ = ["MAX_BLOCK", "TextPair", "assertion_conflicts", "blocked_pairs", "figure_conflicts", "fits", "overlaps_any",
           "undecided_figure_pairs"]

_MAX_VALUES = 2  # more distinct values of one measure and group in one article: a list, not a dispute
_SCALE_APART = 20  # two unit figures this many times apart measure different things
_COUNT_APART = 100  # and two counts of things that no event befell
MAX_BLOCK = 400  # a block this large is a generic key ("count of people"): compared only to near neighbours


def fits(a: Report, b: Report) -> bool:
    """Same measure and the same counted group: one head and nested markers, or two nouns with the same markers."""
    if a.measure != b.measure:
        return False
    if a.measure == "count" and min(a.total, b.total) > 0 and max(a.total, b.total) > _COUNT_APART * min(a.total,
                                                                                                         b.total):
        return False  # "the nine presidential candidates" and "the nearly 3,500 candidates": two sets of things
    sa, sb = a.subject, b.subject
    if "/" in a.measure and sa.head and sb.head:  # unit figures: the same thing measured ("tunnel", "grant")
        kinds = [{m for m in x.marks if m.startswith("mod:")} for x in (sa, sb)]
        return sa.head == sb.head and not (kinds[0] and kinds[1] and not kinds[0] & kinds[1]) \
            and not _other_periods(sa, sb)  # "operating" and "capital" budgets; a quarter's and nine months' profit
    if "/" in a.measure and _other_periods(sa, sb):
        return False
    if "/" in a.measure and ("~expected" in sa.marks) != ("~expected" in sb.marks):
        return False  # a forecast and the figure measured are two quantities
    if "/" in a.measure and min(a.total, b.total) > 0 and max(a.total, b.total) > _SCALE_APART * min(a.total, b.total):
        return False  # "30 centimetres of snow" and "a 30-mile queue": measures of different orders, not one quantity
    if "/" in a.measure and not (sa.head and sb.head):
        named = sa if sa.head else sb if sb.head else None
        other = b if named is sa else a
        if named is not None and other.evidence is not None and stem(named.head) not in words(other.evidence.text) \
                and len(sa.marks & sb.marks) < 3:
            return False  # "a 30-mile queue" against a figure whose sentence never names a queue, in another setting
        sa, sb = Subject("", sa.marks, sa.text), Subject("", sb.marks, sb.text)
    if sa.head == sb.head:
        if not sa.head:  # unit figures: the clauses' words must meet (two, or one and three in the sentences)
            shared = len(sa.marks & sb.marks)
            return shared >= 2 or (shared == 1 and a.evidence is not None and b.evidence is not None
                                   and len(words(a.evidence.text) & words(b.evidence.text)) >= 4)
        return sa.marks <= sb.marks or sb.marks <= sa.marks
    if not (sa.head and sb.head) or (sa.head in KNOWN_CLASSES and sb.head in KNOWN_CLASSES):
        return False
    if _compound(sa, sb) or _compound(sb, sa):  # "jobs" / "job losses"
        return sa.marks <= sb.marks or sb.marks <= sa.marks
    if a.measure == "count":  # two nouns and no event that befell them: two kinds of thing ("12 schools", "40 roads")
        return False
    if "people" in (sa.head, sb.head):  # "people" and a noun outside the lexicon ("passengers"): nested markers
        return sa.marks <= sb.marks or sb.marks <= sa.marks
    if _side(sa.head) and _side(sb.head) and _side(sa.head) != _side(sb.head):
        return False  # "twelve police officers" and "30 protesters": the two sides of one clash
    groups = {m for m in sa.marks if not m.startswith(("in:", "@"))}  # a place alone names no group
    return bool(groups) and sa.marks == sb.marks  # "ISIS militants" / "ISIS operatives"


# dimensions a story rarely gives twice: its one sum of money, one length, one weight (not durations or shares)
_SOLE_DIMENSIONS = ("money:", "length", "area", "weight", "volume")


def sole_figures(pool: list[Report]) -> set[int]:
    """The unit figures that are their article's only value of their dimension ("$2.3 million", and no other sum in
    dollars): two articles of one story that each give one such figure give the story's one quantity."""
    values: dict[tuple[str, str], set[float]] = defaultdict(set)
    for r in pool:
        values[(r.article, r.measure)].add(r.total)
    return {id(r) for r in pool if "/" in r.measure and r.measure.split("/", 1)[1].startswith(_SOLE_DIMENSIONS)
            and len(values[(r.article, r.measure)]) == 1 and not r.refers}


def sole_fit(a: Report, b: Report, sole: set[int]) -> bool:
    """Two articles' only figures of one dimension, naming no two different things: one quantity of their story
    ("stole $2.3 million in gems" / "the $3.1 million haul"; "will cost 14 million euros" / "put the bill at ...")."""
    if a.article == b.article or a.measure != b.measure or id(a) not in sole or id(b) not in sole:
        return False
    sa, sb = a.subject, b.subject
    wa, wb = (words(x.evidence.text if x.evidence else "") for x in (a, b))
    if sa.head and sb.head and sa.head != sb.head and not (sa.head in wb or sb.head in wa):
        return False  # "the 12-km tunnel" / "a 19-km detour": two things
    kinds = [{m for m in x.marks if m.startswith("mod:")} for x in (sa, sb)]
    if kinds[0] and kinds[1] and not kinds[0] & kinds[1] or _other_periods(sa, sb):
        return False
    if ("~expected" in sa.marks) != ("~expected" in sb.marks) or "~part" in sa.marks | sb.marks:
        return False
    if a.evidence is None or b.evidence is None or not _shared_words(a.evidence.text, b.evidence.text):
        return False  # the two sentences share no word of what they tell: perhaps two incidents of one day
    return not (min(a.total, b.total) > 0 and max(a.total, b.total) > _SCALE_APART * min(a.total, b.total))


# "lowered that figure to 41 million", "revised the number of customers affected to 62,000": a figure named as the
# one told before, now changed
_THAT_FIGURE = re.compile(r"\b(?:that|this|the|its|their)\s+(?:[\w-]+\s+){0,2}?"
                          r"(?:figure|number|estimate|forecast|total|count|tally|projection)\b", re.I)
_REVISION_APART = 5  # a correction rarely moves a figure further than this factor
_REVISED_APART = 0.04  # a figure said to be revised, more than this share off the one its qualifier allowed: changed


def corrections(pool: list[Report]) -> dict[int, int]:
    """Each revised figure that names the figure it corrects ("that figure", "the number of ...") → the nearest
    earlier figure of its measure in its article, of a like size."""
    out: dict[int, int] = {}
    for k, r in enumerate(pool):
        if not r.revised or r.evidence is None or not _THAT_FIGURE.search(r.evidence.text):
            continue
        start = r.evidence.start
        earlier = [(e.evidence.start, j) for j, e in enumerate(pool) if e.article == r.article
                   and e.measure == r.measure and e.evidence is not None and e.evidence.end <= start
                   and e.total != r.total and min(e.total, r.total) > 0
                   and max(e.total, r.total) <= _REVISION_APART * min(e.total, r.total)]
        if earlier:
            out[k] = max(earlier)[1]
    return out


def _fits_across(a: Report, b: Report, texts: dict[str, str]) -> bool:
    """``fits`` once each side's names that the other article also uses are set aside: "620 jobs at Marrow Bay" and
    "1,100 Grenholt Steel positions" of an article that names Marrow Bay too count one thing."""
    if a.article == b.article or not a.subject.head or a.subject.head != b.subject.head or "/" in a.measure:
        return False
    if "scope:all" in a.subject.marks | b.subject.marks or _restates(a, b) or _restates(b, a):
        return False  # "600 jobs across its four plants" / "150 at Harlow"; "eight, six in Vedra and two in Ostra"

    def common(r: Report, other: str) -> Subject:
        kept = frozenset(m for m in r.subject.marks if m.startswith(("~", "mod:", "span:", "period:", "@", "in:"))
                         or not re.search(rf"\b{re.escape(m)}\b", other, re.I))
        return replace(r.subject, marks=kept)

    ta, tb = texts.get(a.article, ""), texts.get(b.article, "")
    if not (ta and tb):
        return False
    sa, sb = common(a, tb), common(b, ta)
    if sa.marks != sb.marks:
        return False  # "six people in Vedra" / "two people in Ostra, upstream from Vedra": Ostra is only the one's
    return fits(replace(a, subject=sa), replace(b, subject=sb))


def _restates(a: Report, b: Report) -> bool:
    """``a``'s sentence also gives ``b``'s value: it tells ``b``'s figure (as a part, or again), not a rival."""
    return a.evidence is not None and any(n.value == b.total for n in find_numbers(a.evidence.text))


def _shared_words(a: str, b: str) -> set[str]:
    """The content words two sentences share, numbers and units left out."""
    return {w for w in words(a) & words(b) if not w[0].isdigit() and w not in UNIT_WORDS and w not in CALENDAR}


def _other_periods(a: Subject, b: Subject) -> bool:
    """Both name the period a figure covers, and not the same one ("third-quarter" against "nine months")."""
    pa, pb = ({m for m in x.marks if m.startswith("span:")} for x in (a, b))
    return bool(pa and pb and not pa & pb)


# the sides people take in one incident: a count of one side is never a count of the other
_SIDES = {**dict.fromkeys("officer policeman police guard trooper soldiers police gendarme".split(), "forces"),
          **dict.fromkeys("protester demonstrator rioter activist marcher striker picket".split(), "protesters"),
          **dict.fromkeys("passenger crew pilot driver".split(), "on board"),
          **dict.fromkeys("patient doctor nurse medic".split(), "care")}


def _side(head: str) -> str:
    return _SIDES.get(head, "")


def _modifiers(s: Subject) -> list[str]:
    """The nouns before the head in a counted phrase ("job" in "job losses"), singular."""
    toks = s.text.lower().split()
    return [singular(w) for w in toks[:-1] if w.isalpha() and w not in STOP_WORDS]


def _compound(a: Subject, b: Subject) -> bool:
    """``a`` counts what ``b``'s phrase names as its modifier: "1,200 jobs" and "850 job losses"."""
    return bool(a.head) and a.head in _modifiers(b)


def blocked_pairs(pool: list[Report]) -> list[tuple[int, int]]:
    """Candidate pairs: reports sharing (measure, head) or (measure, markers); a huge block pairs neighbours only."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    befell: dict[str, list[int]] = defaultdict(list)  # what befell people: "were injured", "were killed"
    for k, r in enumerate(pool):
        blocks[(r.measure, "h", r.subject.head)].append(k)
        if r.subject.head and "/" in r.measure:  # a unit figure's thing may go unnamed in another sentence
            blocks[(r.measure, "h", "")].append(k)
        marks = frozenset(m for m in r.subject.marks if not m.startswith("period:"))  # an increment's period
        if marks:  # blocks with the totals it adds to ("four more bodies": part of the toll of its article)
            blocks[(r.measure, "m", marks)].append(k)
        if r.subject.head and "/" not in r.measure and r.measure != "count":
            befell[r.measure].append(k)
        if "/" not in r.measure:  # "850 job losses" meets "1,200 jobs"
            for w in _modifiers(r.subject):
                blocks[(r.measure, "h", w)].append(k)
    pairs: set[tuple[int, int]] = set()
    for members in befell.values():  # "participants" (of an event) and another noun under one verb, in sentences that
        generic = [k for k in members[:MAX_BLOCK] if pool[k].subject.head == "people"  # tell the same thing
                   and pool[k].subject.text.lower().split()[-1:] in (["participants"], ["participant"])]
        for i in generic:
            for j in members[:MAX_BLOCK]:
                if j != i and pool[j].subject.head not in KNOWN_CLASSES and _same_telling(pool[i], pool[j]):
                    pairs.add((min(i, j), max(i, j)))
    for members in befell.values():  # "no one was hurt" meets every count of the hurt, whatever noun
        zeros = [k for k in members[:MAX_BLOCK] if pool[k].total == 0]
        pairs.update((min(i, j), max(i, j)) for i in zeros for j in members[:MAX_BLOCK] if j != i)
    for members in befell.values():  # a figure said to be corrected ("corrected the figure to 19 injured") meets
        pairs.update((i, j) for i, j in combinations(members[:MAX_BLOCK], 2)  # the one it corrects, whatever noun
                     if pool[i].revised != pool[j].revised and pool[i].article == pool[j].article)
    for members in blocks.values():
        if len(members) <= MAX_BLOCK:
            pairs.update(combinations(members, 2))
        else:
            pairs.update((members[i], members[j]) for i in range(len(members))
                         for j in range(i + 1, min(len(members), i + 8)))
    return sorted(pairs)


def _same_telling(a: Report, b: Report) -> bool:
    """Two sentences that share four content words besides the measure ("treated for heat exhaustion during the
    Riverside Marathon" / "needed treatment for heat exhaustion at the Riverside Marathon")."""
    if a.evidence is None or b.evidence is None:
        return False
    shared = {w for w in words(a.evidence.text) & words(b.evidence.text) if not w.isdigit()
              and not w.startswith(a.measure[:5])}
    return len(shared) >= 4


def _part_of(r: Report, whole: Report, mates: list[Report], listed: Sequence[Report] = ()) -> bool:
    """``r`` plus other figures of its article (from the same block) add up to ``whole``.

    ``listed`` are the figures of ``r``'s measure its own sentence lists with it ("five passengers and two
    residents were killed"): parts of one whole whatever their nouns.
    A figure its sentence says was revised ("revised the toll down to 11") replaces an earlier one: the
    difference the article also gives ("three listed as dead were found alive") is no other part."""
    if r.revised and (r.published or "") > (whole.published or "") or r.revised and r.article == whole.article:
        return _grown_by(whole, r, mates)
    return adds_up(r.total, [m.total for m in mates if m.article == r.article and m is not r and m is not whole
                             and m.total != r.total and fits(m, whole)]
                   + [m.total for m in listed if m is not r and m is not whole], whole)


def _listed_together(pool: list[Report]) -> dict[int, list[Report]]:
    """Each figure's companions of its measure in its own sentence ("five passengers and two residents")."""
    by_sentence: dict[tuple, list[Report]] = defaultdict(list)
    for r in pool:
        if r.evidence is not None:
            by_sentence[(r.article, r.evidence.start, r.evidence.end, r.measure)].append(r)
    return {id(r): group for group in by_sentence.values() if len(group) > 1 for r in group}


def _grown_by(early: Report, late: Report, mates: list[Report]) -> bool:
    """The later figure is the earlier plus what its own article says was added ("at least nine" → "has risen to 13
    after rescuers recovered four more bodies"): the toll grew as told, no revision of the first figure."""
    added = {m.total for m in mates if m.article == late.article and m is not late
             and any(k.startswith("period:") for k in m.subject.marks)}
    return any(_meet_total(early, late.total - x) for x in added)


def _meet_total(r: Report, value: float) -> bool:
    return adds_up(0.0, [value], r) if value > 0 else False


def _echoed(a: Report, b: Report, mates: list[Report]) -> bool:
    """``a``'s own article gives another figure that agrees with ``b`` for the same measure and group: ``b`` counts
    that quantity, and ``a`` a different one (the whole and a part, two places, two moments), not a rival figure.
    "Turnout was 61 percent ... in the capital, turnout was 48 percent" against "Turnout in the capital was 48"."""
    return any(m.article == a.article and m is not a and m.total != a.total and fits(m, b) and consistent(m, b)
               for m in mates)


# "about 60 kilometres from Wexley": a place named to say where the incident was not
_FAR_FROM = re.compile(r"\b(?:km|kilomet(?:re|er)s?|miles?|met(?:re|er)s?)\s+(?:away\s+)?(?:from|of)\s+(?:the\s+)?"
                       r"(?:[A-Z][a-z]+\s+){0,2}[A-Z][a-z]+")


def _names(sentence: str) -> frozenset[str]:
    sentence = _FAR_FROM.sub("", sentence)
    return frozenset(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}", sentence)
                     if w.lower() not in CALENDAR and w.lower() not in ORG_WORDS)  # "Alder Bank": alder


def _apart(a: str, b: str, text_a: str = "", text_b: str = "") -> bool:
    """Two sentences that each name places or parties, none in common: about different incidents.

    With the articles' texts, a name the other article also uses is no difference, and neither is a person
    (a judge, an official) one article names: people are a story's cast, its places and groups its parties."""
    if text_a != text_b and _day_parts_apart(a, b):  # in one article, the morning's and evening's tolls: an update
        return True
    na, nb = _names(a), _names(b)
    if text_a and text_a == text_b:  # one article: the people it names are its story's cast, not other incidents
        na, nb = na - _person_names(text_a, roles=True), nb - _person_names(text_a, roles=True)
    elif text_a and text_b:
        na, nb = na - _all_names(text_b) - _person_names(text_a), nb - _all_names(text_a) - _person_names(text_b)
    return bool(na and nb and not na & nb)


_DAY_PART = re.compile(r"(?<!\bby )(?<!\bsaid )(?<!\bsaid on )\b(?:in\s+the\s+|on\s+\w+\s+|this\s+|\w+day\s+)"
                       r"(morning|afternoon|evening|night)\b(?!-)", re.I)
_PART_AT = {"morning": 0, "afternoon": 1, "evening": 2, "night": 2}


def _day_parts_apart(a: str, b: str) -> bool:
    """One sentence puts its incident in the morning, the other in the evening: two incidents ("a fire on Sunday
    morning", "fire swept through a warehouse on Sunday evening")."""
    pa, pb = ({_PART_AT[m.group(1).lower()] for m in _DAY_PART.finditer(x)} for x in (a, b))
    return bool(pa and pb) and min(abs(x - y) for x in pa for y in pb) >= 2


# a person: an age or "who" after the name, a speech verb, a title or a given name before it
_PERSON = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr|Sir|Judge|Justice|Mayor|President|Minister|Chief|Colonel|General|Captain|"
                     r"Inspector|Superintendent|Sergeant)\.?\s+(?:(?P<g>[A-Z][a-z]+)\s+)?)?(?P<n>[A-Z][a-z]{2,})"
                     r"(?=,\s*(?:who\b|\d{1,3}\b)|\s+(?:said|says|told|added|denied|was\s+(?:charged|arrested|remanded|"
                     r"released|named))\b)")


# "Manager Teodor Linn", "striker Ruben Saltz": a role before a full name
_ROLE_NAME = re.compile(r"\b(?i:manager|coach|chairman|chairwoman|chair|spokes(?:man|woman|person)|director|striker|"
                        r"midfielder|defender|goalkeeper|winger|captain|officer|councillor|professor|governor|senator|"
                        r"secretary|commissioner|ambassador|chief|leader|head|inspector|detective|prosecutor|lawyer|"
                        r"judge|mayor|minister|president|founder|owner|teacher|principal|doctor|surgeon)\s+"
                        r"(?P<g>[A-Z][a-z]+)\s+(?P<n>[A-Z][a-z]{2,})\b")


@lru_cache(maxsize=256)
def _person_names(text: str, roles: bool = False) -> frozenset[str]:
    """The people ``text`` names as speakers or with an age; with ``roles``, also those named after their role."""
    return frozenset(w.lower() for rx in ((_PERSON, _ROLE_NAME) if roles else (_PERSON,)) for m in rx.finditer(text)
                     for w in (m.group("g"), m.group("n")) if w)


@lru_cache(maxsize=256)
def _all_names(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[A-Z][a-z]{2,}", _FAR_FROM.sub("", text)))


def _revised_past(a: Report, b: Report, same_source: Callable[[str, str], bool]) -> bool:
    """A later figure that says it changed ("rose to 31") after one its qualifier allowed ("at least 14"): an update."""
    late = later(a, b, same_source)
    return late is not None and late.revised and a.total != b.total and all(
        f.qualifier in ("exact", "at least", "more than", "about") for r in (a, b) for f in r.figures) and \
        abs(a.total - b.total) > _REVISED_APART * max(a.total, b.total)


def _story_runs(a: Report, b: Report, mates: list[Report]) -> bool:
    """The story tells this count as a running total elsewhere ("nine new cases ..., bringing the total to 27"):
    its earlier and later figures between other reports are growth too, as long as they only grow."""
    if a.running or b.running or a.article == b.article:
        return False
    return any(m.running and m.article not in (a.article, b.article) and fits(m, a) and fits(m, b) for m in mates) \
        and grows(replace(a, running=True), b)


def _referred(pool: list[Report]) -> list[Report]:
    """A count named by its noun alone ("put the number of vehicles at 17") counts what the story already told of
    that noun under a verb ("twelve vehicles were involved"): it takes that measure, when the story gives one."""
    def noun(r: Report) -> str:  # "people" stands for many nouns: "the number of victims" is no count of suspects
        said = r.subject.text.lower().split()
        return f"people:{singular(said[-1])}" if r.subject.head == "people" and said else r.subject.head

    told: dict[str, set[str]] = defaultdict(set)
    for r in pool:
        if not r.refers and r.subject.head and "/" not in r.measure and r.measure != "count" \
                and not r.measure.startswith("vote:"):
            told[noun(r)].add(r.measure)
    return [replace(r, measure=next(iter(told[noun(r)]))) if r.refers and r.measure == "count"
            and len(told[noun(r)]) == 1 else r for r in pool]


def _group_within(group: Report, people: Report) -> bool:
    """A count of one kind of person, no larger than a count of people under the same verb: perhaps a part of it."""
    return people.subject.head == "people" and group.subject.head not in ("people", "") and "/" not in group.measure \
        and group.measure != "count" and max(interval(f)[1] for f in group.figures) <= people.total \
        and not people.subject.text.lower().endswith(("participants", "participant"))


def _is_part(r: Report) -> bool:
    return "/" in r.measure and "~part" in r.subject.marks


def _larger(part: Report, whole: Report) -> bool:
    """Every reading of ``part`` exceeds every reading of ``whole``."""
    return min(interval(f)[0] for f in part.figures) > max(interval(f)[1] for f in whole.figures)


def _increment(r: Report) -> bool:
    return any(m.startswith("period:") for m in r.subject.marks)


def _others(r: Report) -> bool:
    return "other" in r.subject.text.lower().split()


def _same_thing(a: Report, b: Report) -> bool:
    """Two unit figures that name the same thing measured ("the 19-kilometre tunnel", "the tunnel, which is ...")."""
    return "/" in a.measure and bool(a.subject.head) and a.subject.head == b.subject.head


def _places(r: Report) -> set[str]:
    return {m for m in r.subject.marks if m.startswith("in:")}


def figure_conflicts(pool: list[Report], allowed: Callable[[Report, Report], bool],
                     same_source: Callable[[str, str], bool], texts: dict[str, str] | None = None) -> list[Conflict]:
    """Numeric and update conflicts among text figures; pairs come from ``blocked_pairs``.

    ``texts`` (article id → text) tells the places an article names from its other names."""
    texts = texts or {}
    pool = _referred(pool)
    corrected = corrections(pool)
    fixes = {(min(k, j), max(k, j)) for k, j in corrected.items()}
    pairs = sorted(set(blocked_pairs(pool)) | fixes)
    block_of: dict[int, list[Report]] = defaultdict(list)
    for i, j in pairs:
        block_of[i].append(pool[j])
        block_of[j].append(pool[i])
    together = _listed_together(pool)
    sole = sole_figures(pool)
    values: dict[tuple, set[float]] = defaultdict(set)
    for r in pool:
        values[(r.article, r.measure, r.subject.head)].add(r.total)
        if r.subject.marks:
            values[(r.article, r.measure, r.subject.marks)].add(r.total)

    def listed(r: Report) -> bool:  # a unit figure naming no thing is known by its clause's words, not by ""
        unnamed = "/" in r.measure and not r.subject.head
        return not unnamed and len(values[(r.article, r.measure, r.subject.head)]) > _MAX_VALUES or (
            bool(r.subject.marks) and len(values[(r.article, r.measure, r.subject.marks)]) > _MAX_VALUES)

    numeric: list[tuple[int, int]] = []  # a part larger than its whole: numeric whatever the dates
    disputed: list[tuple[int, int]] = []
    revisions: list[Conflict] = []
    for i, j in pairs:
        a, b = pool[i], pool[j]
        if a.article == b.article and (listed(a) or listed(b)):
            continue  # an article giving many values of one kind lists different quantities, it does not dispute one
        same_sentence = a.evidence is not None and a.evidence == b.evidence
        if same_sentence and allowed(a, b) and (steps := _revision(a, b)):
            revisions.append(update_conflict(list(steps)))
        if same_sentence or not allowed(a, b) or not (fits(a, b) or sole_fit(a, b, sole)
                                                      or _fits_across(a, b, texts) or (i, j) in fixes):
            continue
        if _increment(a) != _increment(b):
            continue  # "nine new cases" is what a total grew by, never a rival to it
        if (_group_within(a, b) or _group_within(b, a)) and not _restated(a, b, same_source):
            continue  # "four firefighters were injured" may be among "six people were injured"
        if _is_part(a) or _is_part(b):
            part, whole = (a, b) if _is_part(a) else (b, a)
            if not _is_part(whole) and _larger(part, whole):  # "23 km of the 14-km path": a part larger than its
                numeric.append((i, j))  # whole cannot hold
            continue
        if consistent(a, b) and not _revised_past(a, b, same_source) or grows(a, b) or changed(a, b) \
                or _story_runs(a, b, block_of[i] + block_of[j]):
            continue  # one reading of both, or a running total that has grown since
        if a.article != b.article and (_echoed(a, b, block_of[j]) or _echoed(b, a, block_of[i])):
            continue
        if _part_of(a, b, block_of[j], together.get(id(a), ())) or \
                _part_of(b, a, block_of[i], together.get(id(b), ())):
            continue
        if _others(a) != _others(b):
            continue  # "two other persons are being held": others than a group told, never its rival count
        if _same_thing(a, b):
            if _places(a) and _places(b) and not _places(a) & _places(b):
                continue  # "the tunnel in Dorva" vs "the tunnel in Kessa": two tunnels
        elif a.evidence is not None and b.evidence is not None and _apart(
                a.evidence.text, b.evidence.text, texts.get(a.article, ""), texts.get(b.article, "")):
            continue
        disputed.append((i, j))
    return pair_conflicts(pool, disputed, same_source, numeric) + revisions


def _restated(a: Report, b: Report, same_source: Callable[[str, str], bool]) -> bool:
    """One source gives the figure again and says it changed ("Police now say 19 people were injured, revising
    the figure"): the same count, whatever noun each time."""
    return (a.revised or b.revised) and same_source(a.source, b.source)


_TO = re.compile(r"\b(?:to|at)\s+(?:(?:the|an?|about|around|some|nearly)\s+)*$", re.I)
_FROM = re.compile(r"\bfrom\s+(?:(?:the|an?|its|their|about|around|some|nearly)\s+)*$", re.I)
_REVISION = re.compile(r"\b(?:revis|updat|correct|restat|amend|lowered|raised|downgrad|upgrad)\w*", re.I)


def _revision(a: Report, b: Report) -> tuple[Report, Report] | None:
    """One sentence that revises a figure: "revised X to 0.2 percent, down from 0.4", "raised it from 10 to 12".

    The grammar ties both figures to one quantity: (the figure it was, the figure it is now)."""
    sp = a.evidence
    if sp is None or a.measure != b.measure or not _REVISION.search(sp.text):  # "rose to 3% in March, up from
        # 2% in February" moves over time: two periods, not one figure corrected
        return None
    at = {id(r): (r.figures[0].offset or 0) - sp.start for r in (a, b)}
    to = [r for r in (a, b) if _TO.search(sp.text[max(0, at[id(r)] - 25):at[id(r)]])]
    frm = [r for r in (a, b) if _FROM.search(sp.text[max(0, at[id(r)] - 25):at[id(r)]])]
    if len(to) == 1 and len(frm) == 1 and to[0] is not frm[0] and a.total != b.total:
        return frm[0], to[0]
    return None


def assertion_conflicts(items: list[Assertion], allowed: Callable[[Assertion, Assertion], bool]) -> list[Conflict]:
    """One verb about one subject, asserted in one statement and negated in another."""
    by_verb: dict[str, list[Assertion]] = defaultdict(list)
    for a in items:
        by_verb[a.verb].append(a)
    out = []
    for group in by_verb.values():
        pos = [a for a in group if a.positive]
        neg = [a for a in group if not a.positive]
        for p in pos[:MAX_BLOCK]:
            for n in neg[:MAX_BLOCK]:
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
        c = numeric_conflict([self.first, self.second])
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
        for i, j in combinations(members[:MAX_BLOCK // 4], 2):
            a, b = pool[i], pool[j]
            if a.subject.head == b.subject.head or {a.subject.head, b.subject.head} <= KNOWN_CLASSES:
                continue
            if fits(a, b) or not allowed(a, b) or consistent(a, b):
                continue
            if a.subject.marks and b.subject.marks and not (a.subject.marks & b.subject.marks):
                continue  # different places or groups named on both sides
            out.append(TextPair("numeric", a, b))
    return out
