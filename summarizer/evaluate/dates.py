"""Calendar ranges of predicted TimeRefs and gold values. ``None`` as a bound is open."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

__all__ = ["Range", "gold_value_range", "intersects", "parse_day", "timeref_range"]

Range = tuple[dt.date | None, dt.date | None]

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_YEAR = re.compile(r"\d{4}")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def parse_day(s: Any, end: bool = False) -> dt.date | None:
    """``YYYY-MM-DD…`` → that day; ``YYYY-MM`` and ``YYYY`` → their first (or, with ``end``, last) day."""
    if not isinstance(s, str):
        return None
    s = s.strip()
    if m := _DAY.match(s):
        try:
            return dt.date(*map(int, m.groups()))
        except ValueError:
            return None
    if m := _MONTH.fullmatch(s):
        y, mo = int(m[1]), int(m[2])
        if not 1 <= mo <= 12:
            return None
        return dt.date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    if _YEAR.fullmatch(s):
        return dt.date(int(s), 12, 31) if end else dt.date(int(s), 1, 1)
    return None


def timeref_range(tr: Any) -> Range | None:
    """A predicted TimeRef's [start, end]; None when neither bound parses."""
    if not isinstance(tr, dict):
        return None
    lo, hi = parse_day(tr.get("start")), parse_day(tr.get("end"), end=True)
    return None if lo is None and hi is None else (lo, hi)


def gold_value_range(value: Any) -> tuple[dt.date | None, dt.date | None, bool] | None:
    """A concrete TimeML DATE value → (first day, last day, is a single day); None otherwise."""
    if not isinstance(value, str):
        return None
    if m := _WEEK.fullmatch(value):
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return monday, monday + dt.timedelta(days=6), False
    if m := _QUARTER.fullmatch(value):
        y, last = int(m[1]), 3 * int(m[2])
        return dt.date(y, last - 2, 1), dt.date(y, last, calendar.monthrange(y, last)[1]), False
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        d = parse_day(value)
        return (d, d, True) if d else None
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        return parse_day(value), parse_day(value, end=True), False
    return None


def intersects(a: Range, b: Range) -> bool:
    lo = max((x for x in (a[0], b[0]) if x is not None), default=None)
    hi = min((x for x in (a[1], b[1]) if x is not None), default=None)
    return lo is None or hi is None or lo <= hi
