"""An event's place, country and actors: the article's own wording, aligned like evidence.

Each value is looked for in the event's cited sentences, then anywhere in the article (never in a
sentence addressed to an AI model); found, it becomes the article's characters with their Span. A
country must be the event's own: the one its place names, or one its cited sentences write (and, where
they place things in several countries, the one nearest the event's words), else derived from the place
(gazetteer.py) and marked as derived; a US city's state may be derived as its admin1. Anything else is
dropped; every change is a Repair on the event.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..extract.draft import ArticleContext, DraftEvent
from ..extract.verify import NOT_IN_ARTICLE, in_article, redact
from ..normalize.gazetteer import LOCATIVE, admin1_of, countries_in, country_named, country_of
from ..schema import Actor, Repair, Span
from .align import align, fold

__all__ = ["ADMIN_WORDS", "Place", "settle_actors", "settle_place"]

ADMIN_WORDS = re.compile(r"\b(province|governorate|state|department|region|county|district|oblast|prefecture)\b",
                         re.I)
# a country named as where something is: "in Syria", "in Anbar province, western Iraq", "near the Syrian border" no
_WORD = re.compile(r"[^\W\d_]{4,}")
_STOP = set("that with from this were have been their they them about after into over which when where what "
            "said says also than then there these those some more most very just only such".split())


@dataclass
class Place:
    """An event's settled place: the article's wording (``where``, ``span``), its country and admin1."""

    where: str | None = None
    span: Span | None = None
    country: str | None = None
    admin1: str | None = None
    derived: list[str] = field(default_factory=list)  # "country", "admin1": from the gazetteer


def _windows(ctx: ArticleContext, ids: list[int]) -> list[tuple[int, int]]:
    by_id = {s.idx: s for s in ctx.sentences}
    cited = [(by_id[i].start, by_id[i].end) for i in ids if i in by_id]
    rest = [(s.start, s.end) for s in ctx.sentences if s.idx not in ids and s.idx not in ctx.addressed]
    return cited + rest


def find(value: str | None, ctx: ArticleContext, ids: list[int]) -> Span | None:
    """``value`` as the article writes it: in the cited sentences first, then in the others."""
    if not value or not value.strip():
        return None
    for lo, hi in _windows(ctx, ids):
        sp = align(value, ctx.text, lo, hi)
        if sp is not None and _whole_words(ctx.text, sp):
            return sp
    return None


def _wordish(c: str) -> bool:
    return c.isalnum() and unicodedata.east_asian_width(c) not in "WF"  # CJK has no spaces: always a boundary


def _whole_words(text: str, sp: Span) -> bool:
    """The span neither starts inside a word nor ends inside one (an inflection may follow: "Iraq" of "Iraqi")."""
    before = text[sp.start - 1] if sp.start else " "
    after = text[sp.end] if sp.end < len(text) else " "
    return not (_wordish(before) and _wordish(sp.text[:1])) and not (_wordish(after) and _wordish(sp.text[-1:])
                                                                     and not after.islower())


def _clean(repairs: list[Repair], warnings: list[str], n_rep: int, n_warn: int, text: str) -> None:
    """Repairs and warnings added since (n_rep, n_warn) repeat no value the article lacks."""
    for r in repairs[n_rep:]:
        r.from_ = r.from_ if in_article(r.from_, text) else NOT_IN_ARTICLE
        r.why = redact(r.why, text)
    warnings[n_warn:] = [redact(w, text) for w in warnings[n_warn:]]


def settle_place(ev: DraftEvent, ctx: ArticleContext, repairs: list[Repair], warnings: list[str], label: str
                 ) -> Place:
    """The event's place, country and admin1 after the checks."""
    n_rep, n_warn = len(repairs), len(warnings)
    try:
        return _settle_place(ev, ctx, repairs, warnings, label)
    finally:
        _clean(repairs, warnings, n_rep, n_warn, ctx.text)


def _placed(ev: DraftEvent, ctx: ArticleContext) -> str | None:
    """The country the event's cited sentences place it in: of the countries they name as where something
    is ("in Syria", "in Anbar province, western Iraq"), the one nearest a word of the event's type or
    description; None when they name none so, or hold none of its words."""
    stems = {w.lower()[:5] for w in _WORD.findall(f"{ev.type} {ev.what}") if w.lower() not in _STOP}
    by_id = {s.idx: s for s in ctx.sentences}
    best: tuple[int, str] | None = None
    for i in ev.s:
        s = by_id.get(i)
        if s is None:
            continue
        at = [m.start() for m in _WORD.finditer(s.text) if m.group(0).lower()[:5] in stems]
        for start, _, name in countries_in(s.text):
            if at and LOCATIVE.search(s.text[:start]):
                d = min(abs(start - a) for a in at)
                if best is None or d < best[0]:
                    best = (d, name)
    return best[1] if best else None


def _settle_place(ev: DraftEvent, ctx: ArticleContext, repairs: list[Repair], warnings: list[str], label: str
                  ) -> Place:
    where, span = ev.where, find(ev.where, ctx, ev.s)
    if where and span is None:
        parts = [p.strip() for p in where.split(",") if p.strip()]
        found = [(p, sp) for p in parts if (sp := find(p, ctx, ev.s))]
        if found:
            span = found[0][1]
            repairs.append(Repair(field="where", from_=where, to=span.text,
                                  why=f"{where!r} is not in the article; kept the part it writes"))
        else:
            repairs.append(Repair(field="where", from_=where, to=None, why="not in the article"))
            warnings.append(f"dropped the place of {label}: {where!r}, not in the article")
    where = span.text if span else None
    country, derived = ev.country, False
    if country and country.strip():
        cspan = find(country, ctx, ev.s)
        in_where = bool(where and fold(country) in fold(where))
        cited = cspan is not None and any(s.idx in ev.s and s.start <= cspan.start < s.end for s in ctx.sentences)
        named = country_named(where) if where and not in_where else None  # the place names a country outright
        placed = None if in_where or named else _placed(ev, ctx)
        guess = None if in_where or named or cited or placed or not where else country_of(where)

        def corrected(to: str, why: str) -> None:
            repairs.append(Repair(field="country", from_=country, to=to, why=why))
            warnings.append(f"corrected the country of {label}: {country!r} → {to!r}, {why}")

        if in_where:
            pass
        elif named and fold(named) != fold(country):
            corrected(named, f"the place {where!r} names it")
            country = named
        elif named:
            country = named
        elif placed and (not cited or fold(placed) != fold(cspan.text if cspan else country)):
            corrected(placed, "the event's cited sentences place it there")
            country = placed
        elif cited and cspan:
            country = cspan.text
        elif guess:
            repairs.append(Repair(field="country", from_=country, to=guess,
                                  why=f"derived from the place {where!r} (gazetteer)"))
            if fold(guess) != fold(country):
                warnings.append(f"corrected the country of {label}: {country!r} → {guess} "  # a gazetteer name: shown
                                f"(derived from {where!r} by the gazetteer)")
            country, derived = guess, True
        else:
            why = "not in the event's sentences" if cspan else "not in the article"
            repairs.append(Repair(field="country", from_=country, to=None, why=why))
            warnings.append(f"dropped the country of {label}: {country!r}, {why}")
            country = None
    else:  # not asked of the model: the place names it, else the cited sentences place it, else the gazetteer
        named = country_named(where) if where else None
        placed = None if named else _placed(ev, ctx)
        guess = country_of(where) if where and not (named or placed) else None
        country = named or placed or guess
        if guess and fold(guess) not in fold(where or ""):
            repairs.append(Repair(field="country", from_=None, to=guess,
                                  why=f"derived from the place {where!r} (gazetteer)"))
            derived = True
    place = Place(where=where, span=span, country=country, derived=["country"] if derived else [])
    state = admin1_of(where) if where and country == "United States" and not ADMIN_WORDS.search(where) else None
    if state and fold(state) not in fold(where or ""):
        repairs.append(Repair(field="admin1", from_=None, to=state,
                              why=f"derived from the place {where!r} (gazetteer)"))
        place.admin1 = state
        place.derived.append("admin1")
    return place


def settle_actors(ev: DraftEvent, ctx: ArticleContext, repairs: list[Repair], warnings: list[str],
                  label: str) -> list[Actor]:
    n_rep, n_warn = len(repairs), len(warnings)
    actors: list[Actor] = []
    for name in ev.who:
        if not name.strip():
            continue
        sp = find(name, ctx, ev.s)
        if sp is None:
            repairs.append(Repair(field="actors", from_=name, to=None, why="not in the article"))
            warnings.append(f"dropped an actor of {label}: {name!r}, not in the article")
            continue
        shown = " ".join(sp.text.split())  # a name across a line break reads as one line; the span keeps it
        if shown != " ".join(name.split()):
            repairs.append(Repair(field="actors", from_=name, to=shown, why="the article's wording"))
        if all(a.name.lower() != shown.lower() for a in actors):
            actors.append(Actor(name=shown, span=sp))
    _clean(repairs, warnings, n_rep, n_warn, ctx.text)
    return actors
