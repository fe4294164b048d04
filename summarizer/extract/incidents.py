"""Incidents the model folded into another event: a cited sentence that reports one in another country.

"The operation in western Iraq comes a week after US forces announced that they had killed a senior leader
... in a strike carried out the day before yesterday in Syria": cited by the Anbar raid, that sentence
places its own incident (the country named as where, nearest a word for an attack or a death) in Syria,
not in the raid's Iraq. Code makes it an event of its own, citing that sentence, with the type, date and
casualty figure its words give; the first cited sentence always stays the event's (it reports it). A
sentence no event cites that states a casualty figure of an incident it places in a country none of the
events is in becomes an event the same way.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from ..normalize.event_types import type_words
from ..normalize.gazetteer import LOCATIVE, countries_in, country_named
from ..prepare.casualties import DEATH, INJURY, Figure
from ..prepare.sentences import Sentence
from .dating import INCIDENT

__all__ = ["elsewhere", "figure_of", "home_country", "placed_elsewhere", "placed_in"]


def _anchors(text: str) -> list[int]:
    """Where ``text`` writes a word for an incident, a death, an injury or an event type."""
    spans = [m.start() for pat in (INCIDENT, DEATH, INJURY) for m in pat.finditer(text)]
    return spans + [a for a, _ in type_words(text)]


def _placed(text: str) -> list[tuple[int, int, str]]:
    """The countries ``text`` names as where something is ("in Syria", "in Anbar province, western Iraq")."""
    return [(start, end, name) for start, end, name in countries_in(text) if LOCATIVE.search(text[:start])]


def placed_in(text: str) -> tuple[int, int, str] | None:
    """The country ``text`` places its incident in: of the countries it names as where something is, the one
    nearest a word for an incident; None when it names none so or has no such word."""
    anchors, placed = _anchors(text), _placed(text)
    if not anchors:
        return None
    return min(placed, key=lambda c: min(abs(c[0] - a) for a in anchors), default=None)


def placed_elsewhere(text: str, homes: Collection[str]) -> tuple[int, int, str] | None:
    """A country not in ``homes`` that ``text`` places an incident in: the nearest placed country of one of
    its words for an incident ("... killed a senior leader ..., in a strike ... in Syria": "strike" is
    nearest Syria, "killed" nearest Iraq)."""
    placed = _placed(text)
    for a in _anchors(text):
        near = min(placed, key=lambda c: abs(c[0] - a), default=None)
        if near and near[2] not in homes:
            return near
    return None


def home_country(where: str | None, country: str | None, first: Sentence | None) -> str | None:
    """The event's own country: the one its place names, else the model's when it is a country, else the
    one its first cited sentence places it in."""
    named = country_named(where) if where else None
    if named:
        return named
    named = country_named(country) if country else None
    if named:
        return named
    found = placed_in(first.text) if first else None
    return found[2] if found else None


def elsewhere(sentences: Sequence[Sentence], cited: Sequence[int], home: str | None) -> list[tuple[int, str, str]]:
    """(sentence, the country as written, its name) for each cited sentence after the first that places its
    incident in another country than ``home``."""
    by_id = {s.idx: s for s in sentences}
    ids = [i for i in cited if i in by_id]
    if home is None or len(ids) < 2:
        return []
    out = []
    for i in ids[1:]:
        found = placed_elsewhere(by_id[i].text, {home})
        if found:
            out.append((i, by_id[i].text[found[0]:found[1]], found[2]))
    return out


def figure_of(figures: Sequence[Figure], sentence: int, kind: str) -> int | None:
    """The largest figure of ``kind`` the sentence states (the total: parts add up to it)."""
    values = [f.value for f in figures if f.sentence == sentence and f.kind == kind]
    return int(max(values)) if values else None
