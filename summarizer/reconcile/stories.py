"""Stories: articles about the same real-world event, with syndicated copies counted once.

Copies: the same text (case and spacing aside) or near-identical text (rapidfuzz ratio
≥ 90) stating the same figures and dates; a copy whose figures or dates changed is a
revision and stays.
Stories: articles are linked when their dates are within a few days, their places
agree, and they share actors, a casualty figure, a quoted remark or their headline's
words; a story is a connected group of links.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize.core import find_numbers, find_time_expressions
from ..schema import ArticleSummary, TimeRef
from .events import day_range, gap_days, place_words, same_event
from .figures import text_reports
from .model import Story, StoryEvent
from .quantities import reports
from .speakers import quoted
from .text import STOP_WORDS, overlap, short, words
from .unionfind import connected

__all__ = ["Profile", "find_duplicates", "group_stories", "story_of"]

_COPY_RATIO = 90
_MAX_DAYS_APART = 3
# a place the lede names: "in the Varnholm region", "in Dessary province", "near Tarsa"
_LEDE_PLACE = re.compile(r"\b(?:in|at|near|outside|off)\s+(?:the\s+)?([A-Z][a-z]{2,})(?:\s+(?:region|province|county|"
                         r"district|valley|state))?\b")
_MAX_REVISION_DAYS = 62  # a later report that revises a figure ("now puts", "has revised") is the story's, weeks on
_REVISES = re.compile(r"\b(?:revised|revises|now (?:puts|says|estimates|expects|believes)|corrected|correction|"
                      r"scaled back|(?:raised|lowered|cut|trimmed|reduced) (?:its|their) (?:[\w-]+\s+){0,2}?"
                      r"(?:estimate|forecast|figure|count|total)|first estimate|updated figures?)\b", re.I)
_GENERIC_ACTOR = words("forces force security official officials government ministry command spokesman spokesperson "
                       "police army military people group source sources state united")


def _published(s: ArticleSummary) -> tuple[bool, str, str]:
    """Sort key: dated articles first, earliest first, then by id."""
    return (s.article.published is None, s.article.published or "", s.article.id)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _facts(text: str) -> tuple:
    """The figures and dates a text states: a copy must carry the same ones."""
    return (tuple(sorted(n.value for n in find_numbers(text))),
            tuple(sorted(t.lower() for *_, t in find_time_expressions(text))))


def find_duplicates(summaries: list[ArticleSummary]) -> dict[str, str]:
    """Copy id → kept id; the earliest-published (then smallest id) copy is kept."""
    kept_at: dict[str, int] = {}  # kept id → its place in publication order
    by_text: dict[str, str] = {}  # normalized text → the kept article with it
    by_facts: dict[tuple, list[tuple[str, str]]] = {}  # figures and dates → kept (text, id) stating them, in order
    dups: dict[str, str] = {}
    for s in sorted(summaries, key=_published):
        text, facts = _norm(s.article.text), _facts(s.article.text)
        found = [kid for kid in (by_text.get(text), next(
            (kid for ktext, kid in by_facts.get(facts, ()) if fuzz.ratio(text, ktext, score_cutoff=_COPY_RATIO)),
            None)) if kid is not None]
        if found:  # the earliest kept copy, as a scan of every kept article in order would find
            dups[s.article.id] = min(found, key=kept_at.__getitem__)
            continue
        kept_at[s.article.id] = len(kept_at)
        by_text[text] = s.article.id
        by_facts.setdefault(facts, []).append((text, s.article.id))
    return dups


@dataclass
class Profile:
    """What an article says about its event(s), for linking articles into stories."""

    days: list[tuple[dt.date, dt.date]]
    places: set[str]
    actors: set[str]
    figures: set[tuple[str, str, float]]  # (measure, group, total)
    words: set[str]
    quotes: frozenset[str] = frozenset()  # quoted remarks of five words or more, normalized
    revises: bool = False  # it says a figure told before was revised ("has revised growth down to 0.8%")
    lede_places: frozenset[str] = frozenset()  # with no model: the places its first sentence names ("in Varnholm")
    text: str = ""

    @classmethod
    def of(cls, s: ArticleSummary) -> Profile:
        days = [r for e in s.events if (r := day_range(e.date))]
        if not days and (pub := day_range(TimeRef(text="", start=s.article.published))):
            days = [pub]
        names = [a.name for e in s.events for a in e.actors] + [c.source.canonical for c in s.claims]
        about = [s.headline, s.article.title or "", *(k.text for k in s.key_points),
                 *(e.description for e in s.events), *(c.content for c in s.claims)]
        found = reports(s)
        lede_places: frozenset[str] = frozenset()
        if not any(about[2:]):  # nothing extracted (no model): the lede, its names and figures, besides a title
            first = s.article.text.split(". ", 1)[0]
            lede_places = frozenset(m.group(1).lower() for m in _LEDE_PLACE.finditer(first)
                                    if m.group(1).lower() not in _CALENDAR)
            about = [*about[:2], s.article.text[:600]]
            found = [r for r in text_reports(s) if r.figures[0].offset is not None and r.figures[0].offset < 600]
            names = [*names, *_proper_names(s.article.text[:600])]
        return cls(
            days=days,
            places=set().union(*(place_words(e) for e in s.events)),
            actors=words(" ".join(names)) - _GENERIC_ACTOR,
            figures={(r.measure, r.subject.head, r.total) for r in found},
            words=words(" ".join(about)),
            quotes=quoted(s.article.text),
            revises=bool(_REVISES.search(s.article.text[:600])),
            lede_places=lede_places, text=s.article.text.lower(),
        )


_CALENDAR = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                "august september october november december".split())


def _proper_names(text: str) -> list[str]:
    """Capitalized words inside sentences, calendar words left out: places, groups, people. A sentence's first
    word counts when the text never writes it in lower case ("Zellberg airport remained closed")."""
    inside = [w for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}", text) if w.lower() not in _CALENDAR]
    lower = set(re.findall(r"\b[a-z]{3,}\b", text))
    first = [w for w in re.findall(r"(?:^|(?<=[.!?]\s))[A-Z][a-z]{2,}\b", text)
             if w.lower() not in _CALENDAR and w.lower() not in lower and w.lower() not in STOP_WORDS]
    return inside + first


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(2, 0.2 * max(a, b))


def _related(a: Profile, b: Profile) -> bool:
    """Near in time (a revision weeks later too), not apart in place, and enough shared: actors, a figure, what the
    articles say."""
    apart = min((gap_days(x, y) for x in a.days for y in b.days), default=0)
    if apart > (_MAX_REVISION_DAYS if a.revises or b.revises else _MAX_DAYS_APART):
        return False
    if a.places and b.places and not a.places & b.places:
        return False
    if a.lede_places and b.lede_places and not any(p in b.text for p in a.lede_places) and not any(
            p in a.text for p in b.lede_places):
        return False  # "unemployment in the Varnholm region" / "the jobless rate in Dessary province": two places
    shared = len(a.words & b.words)
    score = (bool(a.actors & b.actors) + 2 * bool(a.quotes & b.quotes)
             + any(fa[:2] == fb[:2] and _close(fa[2], fb[2]) for fa in a.figures for fb in b.figures)
             + (2 if shared >= 4 and overlap(a.words, b.words) >= 0.5 else 1 if shared >= 3 else 0))
    return score >= (1 if a.places and b.places else 2)


def group_stories(kept: list[ArticleSummary]) -> list[list[ArticleSummary]]:
    """Kept articles in connected groups of related ones, each sorted by publication, groups by their first."""
    ordered = sorted(kept, key=_published)
    profiles = [Profile.of(s) for s in ordered]
    groups = connected(len(ordered), lambda i, j: _related(profiles[i], profiles[j]))
    return [[ordered[k] for k in g] for g in groups]


def story_of(story_id: str, group: list[ArticleSummary], duplicates: dict[str, str], sources: list[str]) -> Story:
    ids = [s.article.id for s in group]
    records = [(s, e) for s in group for e in s.events]
    events = []
    for cluster in connected(len(records), lambda i, j: same_event(records[i][1], records[j][1])):
        first = records[cluster[0]][1]
        dated = next((records[k][1].date for k in cluster if day_range(records[k][1].date)), first.date)
        place = next((loc.text for k in cluster if (loc := records[k][1].location)), None)
        events.append(StoryEvent(type=first.type, description=first.description, date=dated, location=place,
                                 mentions=[f"{records[k][0].article.id}#{records[k][1].id}" for k in cluster]))
    days = [r for _, e in records if (r := day_range(e.date))] or [
        r for s in group if (r := day_range(TimeRef(text="", start=s.article.published)))]
    places = Counter(e.location.text for _, e in records if e.location and e.location.text)
    title = next((t for s in group for t in (s.headline, s.article.title) if t), None) or next(
        (t for s in group for t in (*(k.text for k in s.key_points), *(e.description for e in s.events),
                                     *(c.content for c in s.claims)) if t), ids[0])
    title = short(title, 100)
    return Story(
        id=story_id, title=title, articles=ids,
        duplicates={d: k for d, k in sorted(duplicates.items()) if k in ids},
        start=min(d for d, _ in days).isoformat() if days else None,
        end=max(d for _, d in days).isoformat() if days else None,
        places=[p for p, _ in sorted(places.items(), key=lambda x: (-x[1], x[0]))],
        sources=sources, events=events,
    )
