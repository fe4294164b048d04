"""Normalize stage: numbers (words and digits, with qualifiers), dates (resolved
against the publication date) and source names (aliases folded to one canonical).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import dateparser

if TYPE_CHECKING:
    from ..schema import SourceKind

__all__ = [
    "Number",
    "canonical_sources",
    "find_numbers",
    "find_time_expressions",
    "resolve_time",
    "source_kind",
]

# ----------------------------------------------------------------- numbers

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if i > 1}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {"dozen": 12, "dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000}
_QUALIFIERS = [
    ("about", r"about|around|approximately|roughly|nearly|almost|some|an estimated|close to"),
    ("at least", r"at least|no fewer than|no less than"),
    ("more than", r"more than|over|upwards of"),
    ("up to", r"up to|as many as|at most"),
    ("less than", r"less than|fewer than|under"),
]
_QUAL_RE = re.compile(r"\b(" + "|".join(p for _, p in _QUALIFIERS) + r")\s+$", re.IGNORECASE)
_NUMWORD = "|".join(sorted([*_UNITS, *_TENS, *_SCALES, "a", "and", "dozen", "dozens"], key=len, reverse=True))
_NUM_RE = re.compile(
    r"(?<![A-Za-z0-9_.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(million|billion|thousand))?(?![A-Za-z0-9_])"
    r"|\b((?:(?:" + _NUMWORD + r")[\s-]+)*(?:"
    + "|".join([*_UNITS, *_TENS, *_SCALES, "dozens?", "scores", "hundreds", "thousands"]) + r"))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Number:
    value: float
    start: int
    end: int
    text: str
    qualifier: str = "exact"


def _words_value(words: str) -> tuple[float, str] | None:
    toks = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not toks:
        return None
    if len(toks) == 1 and toks[0] in _VAGUE:
        return float(_VAGUE[toks[0]]), toks[0]
    # "a" counts one only before a scale ("a hundred", "a dozen"): "a two-day delay" is two
    toks = [t for i, t in enumerate(toks) if t != "a" or toks[i + 1:i + 2] in (["dozen"], *[[k] for k in _SCALES])]
    if not toks:
        return None
    total, cur, seen = 0, 0, False
    for t in toks:
        if t == "a":
            cur = cur or 1
        elif t in _UNITS:
            cur += _UNITS[t]
            seen = True
        elif t in _TENS:
            cur += _TENS[t]
            seen = True
        elif t in ("dozen",):
            cur = (cur or 1) * 12
            seen = True
        elif t in _SCALES:
            cur = (cur or 1) * _SCALES[t]
            if _SCALES[t] >= 1000:
                total, cur = total + cur, 0
            seen = True
        else:
            return None
    return (float(total + cur), "exact") if seen else None


@functools.lru_cache(maxsize=4096)
def find_numbers(text: str) -> tuple[Number, ...]:
    """Every cardinal in ``text``: digits ("2,500", "14"), words ("five", "a dozen"), with qualifiers.

    Memoized (pure; the same sentence is read by assembly, figures and reconciliation)."""
    out: list[Number] = []
    for m in _NUM_RE.finditer(text):
        if m.group(1) and re.search(r"\b[A-Z][A-Za-z]*-$", text[max(0, m.start() - 20):m.start()]):
            continue  # "Halcyon-2", "F-16": a name's number, not a count
        if m.group(1):
            v = float(m.group(1).replace(",", ""))
            if m.group(2):
                v *= _SCALES[m.group(2).lower()]
            qual = "exact"
        else:
            parsed = _words_value(m.group(3))
            if parsed is None:
                continue
            v, qual = parsed
            if m.group(3).lower() == "one" and (_is_pronoun_one(text, m.end()) or _after_no(text, m.start())):
                continue
        q = _QUAL_RE.search(text[max(0, m.start() - 24):m.start()])
        if q:
            qual = next(name for name, pat in _QUALIFIERS if re.fullmatch(pat, q.group(1), re.IGNORECASE))
            at = max(0, m.start() - 24) + q.start(1)
            if qual == "up to" and _REVISED_UP.search(text[max(0, at - 60):at]):
                qual = "exact"  # "revised the burned area up to 5,100 hectares": raised to, not at most
        out.append(Number(v, m.start(), m.end(), m.group(0), qual))
    return tuple(out)


_REVISED_UP = re.compile(r"\b(?:revised|raised|pushed|moved|increased|lifted|bumped|ratcheted|scaled|marked)\b"
                         r"[^.;]{0,45}$", re.IGNORECASE)


def _after_no(text: str, start: int) -> bool:
    return bool(re.search(r"\b(no|every|any|some)\s+$", text[max(0, start - 8):start], re.IGNORECASE))


def _is_pronoun_one(text: str, end: int) -> bool:
    return bool(re.match(r"\s+(of|another)\b", text[end:end + 9], re.IGNORECASE))  # "ONE OF" in wire text too


# ------------------------------------------------------------------- dates

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
_MONTHS = [m.lower() for m in calendar.month_name if m]
_MONTH_ABBRS = [m[:3] for m in _MONTHS]
_MON_ABBR = [*_MONTH_ABBRS, "sept"]
_MONTH_RE = r"(?:" + "|".join(_MONTHS + _MON_ABBR) + r")\.?"
# years in words: "nineteen ninety-six", "two thousand and one", "twenty twenty"
_YEAR_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_YEAR_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_YEAR_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_SPELLED_YEAR = (rf"(?:nineteen|twenty)[\s-]+(?:(?:{_YEAR_TENS})(?:[\s-]+(?:{_YEAR_UNITS}))?|{_YEAR_TEENS}|"
                 rf"hundred(?:\s+and)?\s+(?:{_YEAR_UNITS}))|two\s+thousand(?:\s+and)?\s+(?:{_YEAR_TEENS}|{_YEAR_UNITS})(?![\s-]+(?:hundred|thousand))")
_ORDINAL_Q = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"
# a bare year: not an amount ("$1998", "1998%", "1,998"), not a count of a unit ("2000 people")
_BARE_YEAR = (r"(?<![$€£#.,\d])(?:1[89]|20)\d{2}(?![\d%]|\.\d|,\d|\s*(?:people|persons|men|women|children|troops|"
              r"soldiers|dollars|euros|pounds|tons|tonnes|km|kilomet|miles|metres|meters|feet|units|votes|shares|"
              r"barrels|acres|hectares|cases|deaths|dead|gmt|utc|hours|hrs|local)\b)")
# a count in a span of time: "24", "two", "forty-eight", "twenty four"
_COUNT = (r"(?:\d{1,3}|(?:" + _YEAR_TENS + r")(?:[\s-]+(?:" + _YEAR_UNITS + r"))?|" + _YEAR_UNITS + "|"
          + _YEAR_TEENS + r")")
_TIME_PATTERNS = [
    r"(?:the\s+)?day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)",
    # a span ending at publication: "the last 24 hours", "the past two weeks" (not "last week", a calendar week;
    # not "the last five days of the campaign")
    r"(?:the\s+)?(?:last|past|previous)\s+" + _COUNT + r"\s+(?:hours?|days?|weeks?|months?|years?)(?!\s+of\b)",
    r"(?:last|this|next|past)\s+(?:" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?",
    r"(?:" + "|".join(_WEEKDAYS) + r")(?:\s*,?\s*" + _MONTH_RE + r"\s+\d{1,2}(?:\s*,\s*\d{4})?"
    r"|\s*,?\s*\d{1,2}\s+" + _MONTH_RE + r"(?:\s+(?:19|20)?\d{2}(?!\d))?)?"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
    r"(?:a|one|two|three|four|five|six|seven|\d+)\s+(?:days?|weeks?|months?|years?)\s+(?:ago|earlier|before)",
    r"(?:last|this|next|past)\s+(?:week|month|year|weekend)",
    r"(?:early|mid|late)[\s-]+" + _MONTH_RE + r"(?:\s+\d{4})?",
    r"(?:last|this|next)?\s*" + _MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*,\s*\d{4})?",
    r"\d{1,2}\s+" + _MONTH_RE + r"(?:\s+\d{2,4})?",
    r"(?:last|this|next)\s+" + _MONTH_RE,
    r"(?:in|since|during|by|until|of|for)\s+" + _MONTH_RE
    + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:\s*,\s*\d{4})?(?!\d)|\s+\d{4})?",
    _MONTH_RE + r"\s+(?:19|20)\d{2}",
    r"\d{4}-\d{2}-\d{2}",
    r"(?:in|since|during|by|until|of|from)\s+(?:19|20)\d{2}",
    _ORDINAL_Q + r"[\s-]+quarter(?:\s+of\s+(?:19|20)\d{2})?",
    r"(?:" + _MONTH_RE + r"\s+)?(?:" + _SPELLED_YEAR + r")",
    _BARE_YEAR,
]
_TIME_RE = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in _TIME_PATTERNS) + r")\b", re.IGNORECASE)
_LEAD_PREP = re.compile(r"^(?:in|since|during|by|until|of|from|for)\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def find_time_expressions(text: str) -> tuple[tuple[int, int, str], ...]:
    """Date expressions in ``text`` as (start, end, surface text), prepositions trimmed (memoized)."""
    out = []
    for m in _TIME_RE.finditer(text):
        s, e = m.start(), m.end()
        lead = _LEAD_PREP.match(m.group(0))
        if lead:
            s += lead.end()
        surface = text[s:e].strip()
        if surface and (lead or surface.lower() not in ("may", "march", "sun", "sat", "wed")):
            s += len(text[s:e]) - len(text[s:e].lstrip())
            out.append((s, s + len(surface), surface))
    return tuple(out)


def _week(d: dt.date) -> tuple[dt.date, dt.date]:
    mon = d - dt.timedelta(days=d.weekday())
    return mon, mon + dt.timedelta(days=6)


def _month(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def resolve_time(phrase: str, published: str | None, prefer_future: bool = False) -> dict:
    """A date phrase → TimeRef fields, resolved against ``published`` (YYYY-MM-DD). A weekday, a month or a
    day written without a year is the latest one by publication, or with ``prefer_future`` (the
    sentence speaks of the future: "will ... in December", "is due to visit on Wednesday") the next one
    on or after it."""
    return dict(_resolve_time(phrase, published, prefer_future))


@lru_cache(maxsize=4096)  # pure, and the same phrase recurs (event dates, claim times, reconciliation)
def _resolve_time(phrase: str, published: str | None,
                  prefer_future: bool = False) -> tuple[tuple[str, str | None], ...]:
    text = " ".join(phrase.split())
    low = _LEAD_PREP.sub("", text.lower()).strip(" .,")
    low = "today" if re.fullmatch(r"this\s+(?:morning|afternoon|evening)", low) else \
        re.sub(r"\s+(morning|afternoon|evening|night)$", "", low)
    base = _parse_iso(published)
    ref = {"text": text, "start": None, "end": None, "precision": "unknown"}
    try:
        span = _resolve(low, base, prefer_future)
    except (ValueError, OverflowError):  # "3000 years ago", a year past 9999: leave it unresolved
        span = None
    if span:
        (s, e), prec = span
        ref.update(start=s.isoformat(), end=e.isoformat(), precision=prec)
    return tuple(ref.items())


def _parse_iso(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _spelled_year(low: str) -> str:
    """ "january nineteen ninety-seven" → "january 1997"."""
    m = re.search(_SPELLED_YEAR, low)
    if not m:
        return low
    words = [w for w in re.split(r"[\s-]+", m.group(0)) if w != "and"]
    if words[:2] == ["two", "thousand"]:
        year = 2000 + int(_words_value(" ".join(words[2:]))[0])  # type: ignore[index]
    elif words[1] == "hundred":
        year = int(_words_value(words[0])[0]) * 100 + int(_words_value(" ".join(words[2:]))[0])  # type: ignore[index]
    else:
        year = int(_words_value(words[0])[0]) * 100 + int(_words_value(" ".join(words[1:]))[0])  # type: ignore[index]
    return low[:m.start()] + str(year) + low[m.end():]


def _quarter(low: str, base: dt.date | None) -> tuple[tuple[dt.date, dt.date], str] | None:
    """ "fourth-quarter", "the third quarter of 1989": without a year, the latest such quarter begun by publication."""
    m = re.fullmatch(r"(?:the\s+)?(first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+quarter"
                     r"(?:\s+of\s+((?:19|20)\d{2}))?", low)
    if not m:
        return None
    q = ("first", "second", "third", "fourth").index(m.group(1)) if m.group(1).isalpha() else int(m.group(1)[0]) - 1
    if m.group(2):
        year = int(m.group(2))
    elif base is None:
        return None
    else:
        year = base.year if dt.date(base.year, 3 * q + 1, 1) <= base else base.year - 1
    return (dt.date(year, 3 * q + 1, 1), _month(year, 3 * q + 3)[1]), "quarter"


def _resolve(low: str, base: dt.date | None, prefer_future: bool = False) -> tuple[tuple[dt.date, dt.date], str] | None:
    low = _spelled_year(low)
    if quarter := _quarter(low, base):
        return quarter
    if re.fullmatch(r"(19|20)\d{2}", low):
        y = int(low)
        return (dt.date(y, 1, 1), dt.date(y, 12, 31)), "year"
    if iso := _parse_iso(low if re.fullmatch(r"\d{4}-\d{2}-\d{2}", low) else None):
        return (iso, iso), "day"
    if base is None:
        return None
    day = lambda d: ((d, d), "day")  # noqa: E731
    if low == "today" or low == "tonight":
        return day(base)
    rel = {"yesterday": 1, "day before yesterday": 2, "the day before yesterday": 2, "tomorrow": -1}
    if low in rel:
        return day(base - dt.timedelta(days=rel[low]))
    m = re.fullmatch(r"(?:(last|this|past|next)\s+)?(" + "|".join(_WEEKDAYS) + r")", low)
    if m:
        wd = _WEEKDAYS.index(m.group(2))
        if m.group(1) == "next":
            return day(base + dt.timedelta(days=(wd - base.weekday() - 1) % 7 + 1))
        if prefer_future and m.group(1) != "last" and m.group(1) != "past":  # "will resume on Wednesday": the
            return day(base + dt.timedelta(days=(wd - base.weekday()) % 7))  # coming one, on or after publication
        back = (base.weekday() - wd) % 7
        if m.group(1) in ("last", "past") and back == 0:
            back = 7
        return day(base - dt.timedelta(days=back))
    if span := _recent(low, base):
        return span
    m = re.fullmatch(r"(last|this|next|past)\s+(week|weekend|month|year)", low)
    if m:
        shift = {"last": -1, "past": -1, "this": 0, "next": 1}[m.group(1)]
        if m.group(2) in ("week", "weekend"):
            return _week(base + dt.timedelta(weeks=shift)), "week"
        if m.group(2) == "month":
            y, mo = divmod(base.year * 12 + base.month - 1 + shift, 12)
            return _month(y, mo + 1), "month"
        return (dt.date(base.year + shift, 1, 1), dt.date(base.year + shift, 12, 31)), "year"
    m = re.fullmatch(r"(?:(last|this|next)\s+)?(" + "|".join(_MONTHS + _MON_ABBR) + r")\.?", low)
    if m:
        mo, which = _month_number(m.group(2)), m.group(1)
        if which == "next":
            y = base.year + (mo <= base.month)
        elif which == "this":
            y = base.year
        elif which is None and prefer_future:  # the next such month from publication
            y = base.year + (mo < base.month)
        else:  # bare or "last": the latest such month before publication
            y = base.year - (mo > base.month or (which == "last" and mo == base.month))
        return _month(y, mo), "month"
    m = re.fullmatch(r"(a|one|two|three|four|five|six|seven|\d+)\s+(day|week|month|year)s?"
                     r"\s+(?:ago|earlier|before)", low)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else int((_words_value(m.group(1)) or (1.0, ""))[0])
        unit = m.group(2)
        if unit == "day":
            return day(base - dt.timedelta(days=n))
        if unit == "week":
            return day(base - dt.timedelta(weeks=n))
        y, mo = divmod(base.year * 12 + base.month - 1 - (n if unit == "month" else 12 * n), 12)
        return _month(y, mo + 1), "month"
    return _absolute(low, base, prefer_future)


def _recent(low: str, base: dt.date) -> tuple[tuple[dt.date, dt.date], str] | None:
    """ "the last 24 hours", "the past two weeks", "the previous 3 months": the span that ends at publication
    (hours: the days they touch; precision the unit's, as "last week" has a week's)."""
    m = re.fullmatch(r"(?:the\s+)?(?:last|past|previous)\s+(.+?)\s+(hour|day|week|month|year)s?", low)
    if not m:
        return None
    count = m.group(1)
    n = int(count) if count.isdigit() else int((_words_value(count) or (0.0, ""))[0])
    if n < 1:
        return None
    unit = m.group(2)
    if unit in ("hour", "day", "week"):
        days = {"hour": -(-n // 24), "day": n, "week": 7 * n}[unit]
        return (base - dt.timedelta(days=days), base), "week" if unit == "week" else "day"
    months = n if unit == "month" else 12 * n
    y, mo = divmod(base.year * 12 + base.month - 1 - months, 12)
    start = dt.date(y, mo + 1, min(base.day, calendar.monthrange(y, mo + 1)[1]))
    return (start, base), unit


def _month_number(name: str) -> int:
    return _MONTH_ABBRS.index(name.rstrip(".")[:3]) + 1


def _absolute(low: str, base: dt.date, prefer_future: bool = False) -> tuple[tuple[dt.date, dt.date], str] | None:
    """Calendar dates via dateparser, past-preferring; month-only phrases get month precision."""
    cleaned = re.sub(r"^(" + "|".join(_WEEKDAYS) + r")\s*,?\s*", "", low)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"^(early|mid|late)[\s-]+", "", cleaned)
    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": ["month"], "PREFER_DAY_OF_MONTH": "first"}
    try:
        d = dateparser.parse(cleaned, languages=["en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input
        return None
    if d is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\b\d{4}\b", "", cleaned)))
    if has_day:
        day = d.date()
        if not re.search(r"\b\d{4}\b|'\d{2}\b", cleaned):  # no year written: a date soon after publication is
            # the coming one ("a hearing on Jan. 14", published Jan. 6)
            ahead = [a for y in (base.year, base.year + 1) if (a := _replace_year(day, y))
                     and base <= a <= base + (dt.timedelta(days=366) if prefer_future else _NEAR_FUTURE)]
            day = ahead[0] if ahead else day
        return (day, day), "day"
    if prefer_future and not re.search(r"\b\d{4}\b|'\d{2}\b", cleaned):  # "due to restart in early March"
        return _month(base.year + (d.month < base.month), d.month), "month"
    return _month(d.year, d.month), "month"


_NEAR_FUTURE = dt.timedelta(days=60)


def _replace_year(d: dt.date, year: int) -> dt.date | None:
    try:
        return d.replace(year=year)
    except ValueError:  # 29 February
        return None


# ----------------------------------------------------------------- sources

_ACRONYM = re.compile(r"\s\(([A-Z][A-Za-z0-9.&-]{1,15})\)")
_ACRONYM_NAME = re.compile(r"(?<![\w.&'-])((?:the\s+)?(?:[A-Z][\w.&'-]*\s+){0,8}[A-Z][\w.&'-]*)\s*$")
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them"}
_OFFICIAL = re.compile(r"\b(official|spokes\w*|minister|secretary|president|commander|general|officer|ambassador|"
                       r"governor|senator|mayor|chief|director|colonel|col|sergeant|police|prosecutor)\b", re.I)
_ORG = re.compile(r"\b(command|ministry|department|agency|army|forces|government|council|committee|office|"
                  r"service|police|party|union|coalition|organization|group|company|court|military|embassy|"
                  r"administration|campaign|team|centcom)\b", re.I)
_MEDIA = re.compile(r"\b(news|times|post|journal|agency|tv|radio|television|reuters|press|newspaper|cnn|bbc)\b", re.I)


_DOCUMENT = re.compile(r"\b(report|poll|survey|study|studies|data|figures|analysis|document|statement|letter|"
                       r"communiqu[eé]|census|records|memo|filing|ruling|review|audit|tally|estimates?)\b", re.I)


def strip_article(name: str) -> str:
    return _LEADING.sub("", " ".join(name.split())).strip(" ,.;:")


def _acronyms(text: str) -> dict[str, str]:
    """Acronyms the text defines ("US Central Command (CENTCOM)"): each parenthesis, then the
    capitalized words before it (scanning every capital of an all-caps wire text is slow)."""
    out: dict[str, str] = {}
    for m in _ACRONYM.finditer(text):
        name = _ACRONYM_NAME.search(text, max(0, m.start() - 400), m.start())
        if name:
            out[m.group(1).lower()] = strip_article(name.group(1))
    return out


def canonical_sources(names: list[str], text: str) -> dict[str, str]:
    """Map each source name to one canonical form, folding aliases defined in the text.

    "US Central Command (CENTCOM)" in the text makes "CENTCOM", "US Central Command" and
    "the US Central Command (CENTCOM)" all → "US Central Command". A bare head noun
    ("the command") folds into the latest-defined full name that ends with it.
    """
    acronyms = _acronyms(text)
    out: dict[str, str] = {}
    fulls: list[str] = []
    for raw in names:
        name = strip_article(raw)
        m = re.fullmatch(r"(.+?)\s*\(([^)]+)\)", name)
        if m:
            acronyms.setdefault(m.group(2).lower(), strip_article(m.group(1)))
            name = strip_article(m.group(1))
        canon = acronyms.get(name.lower(), name)
        if " " not in canon and canon.lower() not in acronyms:
            head = canon.lower()
            canon = next((f for f in reversed(fulls) if f.lower().split()[-1] == head), canon)
        if " " in canon and canon not in fulls:
            fulls.append(canon)
        out[raw] = canon[:1].upper() + canon[1:] if canon and canon.lower() not in _PRONOUNS else canon
    return out


def source_kind(name: str) -> SourceKind:
    if not name or name.lower() in _PRONOUNS:
        return "unknown"
    if _MEDIA.search(name):
        return "media"
    if _DOCUMENT.search(name) and not _OFFICIAL.search(name):
        return "document"
    if _OFFICIAL.search(name):
        return "official"
    if _ORG.search(name) or name.isupper():
        return "organization"
    if re.fullmatch(r"(?:[A-Z][a-z'.-]+\s?){1,4}", name):
        return "person"
    return "unknown"
