"""Figures in a summary as comparable reports: who says how many of whom, in which statement.

A report is one statement's figures of one measure (killed, injured, or a head count)
about one subject ("US soldiers"). A statement with several figures ("five ... during
the raid, while two ... due to falling") is one report with parts, so a breakdown is
compared by its sum as well as by each part.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..normalize.core import Number, find_numbers
from ..prepare.casualties import DEATH, INJURY, near
from ..schema import ArticleSummary, Event, Span
from .text import covering_claim, narrator

__all__ = ["GROUP_CLASSES", "KNOWN_CLASSES", "Figure", "Report", "Subject", "fold", "people_in", "reports",
           "singular", "subject_of"]

# head nouns of countable people, folded into classes that name the same group
GROUP_CLASSES = {
    **dict.fromkeys("militant terrorist fighter insurgent jihadist gunman element extremist combatant rebel attacker "
                    "assailant".split(), "militants"),
    **dict.fromkeys("soldier troop servicemember serviceman marine personnel".split(), "soldiers"),
    **dict.fromkeys("civilian resident villager bystander".split(), "civilians"),
    **dict.fromkeys("person people victim individual participant".split(), "people"),
    **dict.fromkeys("policeman police".split(), "police"),
}
# other words for one noun outside the classes: still a noun, so "people" meets it as before
_SYNONYMS = {"traveller": "passenger", "traveler": "passenger", "commuter": "passenger"}
# other words for one counted thing: "620 jobs" / "1,100 positions", "23 houses" / "41 homes"
_THINGS = {"position": "job", "house": "home", "dwelling": "home", "household": "home"}
KNOWN_CLASSES = frozenset(GROUP_CLASSES.values())
_PEOPLE = set(GROUP_CLASSES) | set("""child woman man officer member worker journalist student patient prisoner detainee
protester demonstrator migrant refugee passenger pilgrim leader commander guard suspect hostage doctor nurse
employee crew sailor pilot miner farmer fisherman voter""".split()) | set(_SYNONYMS)
_IRREGULAR = {"men": "man", "women": "woman", "children": "child", "people": "people", "gunmen": "gunman",
              "policemen": "policeman", "servicemen": "serviceman", "fishermen": "fisherman", "police": "police",
              "personnel": "personnel"}
_MARK_ALIASES = {"american": "us", "u.s": "us", "u.s.": "us", "united": "us"}
_SKIP_LEAD = {"of", "these", "those", "the", "them", "its", "their", "our", "whom"}
_STOP = re.compile(r"^(?:were|was|are|is|be|been|have|has|had|in|on|at|of|and|or|but|during|including|who|which|that|"
                   r"from|by|after|before|while|as|to|with|due|for|among|near|when|since|dead|died|killed|injured|"
                   r"wounded|hurt|killing|according)$", re.I)
_PLACE = re.compile(r"(?:\s+(?:are|is|were|was|remain|stationed|deployed|based|serving)){0,2}"
                    r"\s+(?:in|from)\s+((?:[A-Z][\w'-]+\s?){1,3})")  # "troops (are stationed) in Iraq"
_TOKEN = re.compile(r"[A-Za-z][\w'.-]*|[,;:()\"“”]")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_REVISED = re.compile(r"\b(rose|risen|rising|climbed|increased|jumped|grew|revised|updated|raised|lowered|"
                      r"now stands?|has reached|toll (?:reached|stood))\b", re.I)


@dataclass(frozen=True)
class Subject:
    head: str  # the class: "soldiers", "militants", or the singular head noun
    marks: frozenset[str]  # what sets this group apart: nationality, group or place ("us", "iraq")
    text: str  # as written

    def fits(self, other: Subject) -> bool:
        return self.head == other.head and (self.marks <= other.marks or other.marks <= self.marks)


@dataclass(frozen=True)
class Figure:
    value: float  # as written, in its own unit
    qualifier: str
    offset: int | None  # where the number stands in the article text
    scale: float = 1.0  # to the base unit of its dimension ("14 km" → 1000: metres)
    unit: str = ""  # as shown: "km", "EUR"
    step: float = 0.0  # half the last written digit of a decimal ("2.4 million" → 0.049 million), in written units
    precise: bool = False  # written to its last unit ("2:11:40"): no allowance for a converted unit


@dataclass
class Report:
    article: str
    item: str  # the claim or event id
    source: str  # canonical
    measure: str  # killed | injured | count
    subject: Subject
    figures: list[Figure]
    evidence: Span | None
    published: str | None
    revised: bool = False  # the statement says the figure changed ("rose to")
    event: str | None = None  # the event the figures belong to, when known
    running: bool = False  # a running total ("so far", "as of Monday", "to date"): it may only grow with time
    refers: bool = False  # names a quantity the story already gave ("put the number of vehicles at 17")

    @property
    def total(self) -> float:
        """The figures' sum in base units (what is compared)."""
        return sum(f.value * f.scale for f in self.figures)

    @property
    def written(self) -> float:
        """The figures' sum as written (what is shown)."""
        return sum(f.value for f in self.figures)


def singular(word: str) -> str:
    """The lower-case singular of a noun: "gunmen" → "gunman", "casualties" → "casualty"."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")) and len(w) > 4:
        return w[:-2]  # "losses", "churches", "boxes"
    return w[:-1] if w.endswith("s") and not w.endswith("ss") else w


def fold(word: str) -> str:
    """The class a counted noun belongs to ("operatives" → "operative", "fighters" → "militants")."""
    noun = singular(word)
    noun = _SYNONYMS.get(noun, _THINGS.get(noun, noun))
    return GROUP_CLASSES.get(noun, noun)


def subject_of(phrase: str) -> Subject | None:
    """The group a figure counts: "US soldiers in Iraq" → soldiers/{us, iraq}; a bare place gives no head."""
    toks = list(_TOKEN.finditer(phrase))
    while toks and toks[0].group(0).lower() in _SKIP_LEAD:
        toks = toks[1:]
    taken: list[re.Match[str]] = []
    for t in toks:
        if not t.group(0)[0].isalpha() or _STOP.match(t.group(0)) or len(taken) == 4:
            break
        taken.append(t)
    names = [t.group(0) for t in taken]
    marks = {_MARK_ALIASES.get(w.lower(), w.lower()) for w in names if w[0].isupper()}
    place = _PLACE.match(phrase, taken[-1].end() if taken else 0)
    if place:
        marks |= {w.lower() for w in place.group(1).split()}
    heads = [i for i, w in enumerate(names) if singular(w) in _PEOPLE]
    if not heads:
        return Subject("", frozenset(marks), "") if marks else None
    h = heads[-1]
    noun = singular(names[h])
    marks.discard(names[h].lower())
    return Subject(GROUP_CLASSES.get(noun, noun), frozenset(marks), " ".join(names[:h + 1]))


def people_in(text: str) -> frozenset[str]:
    """The groups of people a text mentions, as classes: "fighters ... civilians" → {militants, civilians}."""
    found = (singular(w) for w in re.findall(r"[A-Za-z]+", text))
    return frozenset(GROUP_CLASSES.get(w, w) for w in found if w in _PEOPLE)


def _measure(text: str, n: Number) -> str:
    hits = [(abs(m.start() - n.end) if m.start() >= n.end else abs(n.start - m.end()), kind)
            for kind, cue in (("killed", DEATH), ("injured", INJURY)) if (m := near(text, n, cue))]
    return min(hits)[1] if hits else "count"


def _statement_figures(text: str, numbers: Sequence[Number], base: int | None) -> list[tuple[str, Subject, Figure]]:
    """(measure, subject, figure) for each people count in one statement; bare parts inherit the subject.

    ``numbers`` index ``text``; ``base`` places ``text`` in the article (None when it is not the article's own).
    """
    out: list[tuple[str, Subject, Figure]] = []
    last: dict[str, Subject] = {}
    for n in numbers:
        if _YEAR.match(n.text) or re.search(r"\d[-/:.]$", text[:n.start]):
            continue
        measure = _measure(text, n)
        after = text[n.end:n.end + 80]
        subj = subject_of(after)
        if subj is not None and not subj.head:  # only a place: "about 900 in Syria"
            prev = last.get(measure)
            subj = Subject(prev.head, subj.marks, prev.text) if prev else None
        elif subj is None:
            subj = last.get(measure)
        if subj is None and measure != "count":
            subj = Subject("people", frozenset(), "people")
        if subj is None:
            continue
        last[measure] = subj
        out.append((measure, subj, Figure(n.value, n.qualifier, None if base is None else base + n.start)))
    return out


class _Numbers:
    """The article's numbers, found once, handed out per span with span-relative offsets."""

    def __init__(self, text: str):
        self.text = text
        self.all = find_numbers(text)

    def within(self, sp: Span) -> list[Number]:
        return [replace(n, start=n.start - sp.start, end=n.end - sp.start)
                for n in self.all if sp.start <= n.start and n.end <= sp.end]

    def grounded(self, sp: Span | None) -> bool:
        return sp is not None and self.text[sp.start:sp.end] == sp.text


def _event_figures(e: Event, nums: _Numbers) -> list[tuple[str, Subject, Figure, Span | None]]:
    out = []
    spans = [(sp, nums.within(sp)) for sp in e.evidence if nums.grounded(sp)]
    for c in e.casualties:
        subj = subject_of(c.group) or Subject("people", frozenset(), "people")
        for measure in ("killed", "injured"):
            value = getattr(c, measure)
            if value is None:
                continue
            at, span = None, (e.evidence[0] if e.evidence else None)
            for sp, numbers in spans:  # where the text states it, so a claim saying it is not counted twice
                hit = next((n for n in numbers if n.value == value and _measure(sp.text, n) == measure), None)
                if hit:
                    at, span = sp.start + hit.start, sp
                    break
            out.append((measure, subj, Figure(float(value), "exact", at), span))
    return out


def reports(s: ArticleSummary) -> list[Report]:
    """Every people count the summary's claims and events state, one report per statement, measure and subject."""
    art = s.article
    nums = _Numbers(art.text)
    out: list[Report] = []
    claimed: set[int] = set()
    for c in s.claims:
        sp = c.evidence[0] if c.evidence and nums.grounded(c.evidence[0]) else None
        if sp is not None:
            body, found = sp.text, _statement_figures(sp.text, nums.within(sp), sp.start)
        else:
            body, found = c.content, _statement_figures(c.content, find_numbers(c.content), None)
        grouped: dict[tuple[str, Subject], list[Figure]] = {}
        for measure, subj, fig in found:
            grouped.setdefault((measure, subj), []).append(fig)
            if fig.offset is not None:
                claimed.add(fig.offset)
        for (measure, subj), figs in grouped.items():
            first_span = sp or (c.evidence[0] if c.evidence else None)
            out.append(Report(art.id, c.id, c.source.canonical, measure, subj, figs, first_span,
                              art.published, revised=bool(_REVISED.search(body)),
                              event=_event_at(s, figs[0].offset)))
    for e in s.events:
        for measure, subj, fig, span in _event_figures(e, nums):
            if fig.offset in claimed:
                continue
            speaker = covering_claim(s, fig.offset) if fig.offset is not None else None
            out.append(Report(art.id, e.id, speaker.source.canonical if speaker else narrator(s), measure, subj, [fig],
                              span, art.published, revised=bool(span and _REVISED.search(span.text)), event=e.id))
    return out


def _event_at(s: ArticleSummary, offset: int | None) -> str | None:
    if offset is None:
        return None
    return next((e.id for e in s.events for sp in e.evidence if sp.start <= offset < sp.end), None)
