"""Event records as comparable things: their words, places, date ranges, and when two are one incident."""

from __future__ import annotations

import datetime as dt

from ..schema import Event, TimeRef
from .text import words

__all__ = ["day_range", "event_label", "event_words", "gap_days", "place_words", "same_event"]

_GENERIC_PLACE = {stem for w in """province governorate state region district city town village area desert western
eastern northern southern central north south east west near outskirts county border""".split() for stem in words(w)}
_MAX_GAP_DAYS = 7  # reports of one incident a week apart or more are taken as different incidents


def day_range(t: TimeRef | None) -> tuple[dt.date, dt.date] | None:
    if t is None or not t.start:
        return None
    try:
        start = dt.date.fromisoformat(t.start)
        end = dt.date.fromisoformat(t.end or t.start)
    except ValueError:
        return None
    return (start, end) if start <= end else (end, start)


def gap_days(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> int:
    """Days between two ranges; 0 when they overlap."""
    return max(0, (b[0] - a[1]).days, (a[0] - b[1]).days)


def place_words(e: Event) -> set[str]:
    loc = e.location
    if loc is None:
        return set()
    return words(" ".join(filter(None, (loc.text, loc.country, loc.admin1, loc.place)))) - _GENERIC_PLACE


def event_words(e: Event) -> set[str]:
    return words(" ".join([e.type, e.description, *(a.name for a in e.actors)])) | place_words(e)


def event_label(e: Event) -> str:
    return f"{e.type} in {e.location.text}" if e.location and e.location.text else e.type


def _figures(e: Event) -> set[tuple[str, int]]:
    return {(k, int(v)) for c in e.casualties for k in ("killed", "injured") if (v := getattr(c, k))}


def _close_figures(a: Event, b: Event) -> bool:
    return any(ka == kb and abs(va - vb) <= max(2, 0.2 * max(va, vb))
               for ka, va in _figures(a) for kb, vb in _figures(b))


def same_event(a: Event, b: Event) -> bool:
    """One incident: places agree (when both are known), dates within a week, and type, words or figures shared."""
    pa, pb = place_words(a), place_words(b)
    if pa and pb and not pa & pb:
        return False
    ra, rb = day_range(a.date), day_range(b.date)
    if ra and rb and gap_days(ra, rb) > _MAX_GAP_DAYS:
        return False
    same_type = bool(words(a.type) & words(b.type))
    shared = len(words(a.description) & words(b.description))
    return same_type or shared >= 2 or _close_figures(a, b)
