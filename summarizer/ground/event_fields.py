"""An event's place, country and actors: the article's own wording, aligned like evidence.

Each value is looked for in the event's cited sentences, then anywhere in the article (never in a
sentence addressed to an AI model); found, it becomes the article's characters with their Span. A
country the article does not state may be derived from the place (gazetteer.py), marked as derived.
Anything else is dropped; every change is a Repair on the event.
"""

from __future__ import annotations

import unicodedata

from ..extract.draft import ArticleContext, DraftEvent
from ..extract.verify import NOT_IN_ARTICLE, in_article, redact
from ..normalize.gazetteer import country_of
from ..schema import Actor, Repair, Span
from .align import align, fold

__all__ = ["settle_actors", "settle_place"]


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
                 ) -> tuple[str | None, Span | None, str | None, bool]:
    """(where, its span, country, country derived?) after the checks."""
    n_rep, n_warn = len(repairs), len(warnings)
    try:
        return _settle_place(ev, ctx, repairs, warnings, label)
    finally:
        _clean(repairs, warnings, n_rep, n_warn, ctx.text)


def _settle_place(ev: DraftEvent, ctx: ArticleContext, repairs: list[Repair], warnings: list[str], label: str
                  ) -> tuple[str | None, Span | None, str | None, bool]:
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
        guess = None if in_where or cited or not where else country_of(where)  # the gazetteer only when needed
        if in_where or cited or (cspan and (guess is None or fold(guess) == fold(cspan.text))):
            country = cspan.text if cspan and not in_where else country
        elif guess:
            repairs.append(Repair(field="country", from_=country, to=guess,
                                  why=f"derived from the place {where!r} (gazetteer)"))
            if fold(guess) != fold(country):
                warnings.append(f"corrected the country of {label}: {country!r} → {guess!r}, derived from {where!r}")
            country, derived = guess, True
        else:
            repairs.append(Repair(field="country", from_=country, to=None, why="not in the article"))
            warnings.append(f"dropped the country of {label}: {country!r}, not in the article")
            country = None
    elif where:
        guess = country_of(where)
        if guess and fold(guess) not in fold(where):
            repairs.append(Repair(field="country", from_=None, to=guess,
                                  why=f"derived from the place {where!r} (gazetteer)"))
            country, derived = guess, True
        elif guess:
            country = guess
    else:
        country = None
    return where, span, country, derived


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
        if sp.text != name.strip():
            repairs.append(Repair(field="actors", from_=name, to=sp.text, why="the article's wording"))
        if all(a.name.lower() != sp.text.lower() for a in actors):
            actors.append(Actor(name=sp.text, span=sp))
    _clean(repairs, warnings, n_rep, n_warn, ctx.text)
    return actors
