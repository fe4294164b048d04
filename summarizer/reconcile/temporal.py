"""Temporal conflicts: one event dated differently.

Two ways a date disagrees. Within a sentence, an offset ties one event to another
("the operation ... comes a week after ... a strike carried out the day before
yesterday"): the anchor's date moved by the offset must meet the other event's own
date. Across records, two events that are one incident (``same_event``) must have
overlapping date ranges. Every date is as resolved against its article's publication date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..normalize.core import find_numbers
from ..prepare.sentences import split_sentences
from ..schema import ArticleSummary, Conflict, ConflictSide, Event, Span
from .events import day_range, event_label, event_words, gap_days
from .text import covering_claim, narrator, sentence_span, words
from .unionfind import components

__all__ = ["OFFSET", "anchored_conflicts", "date_conflicts", "offset_days", "offsets"]

OFFSET = re.compile(r"\b(?P<n>an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})\s+"
                     r"(?P<unit>day|week|month|year)s?\s+(?P<dir>after|before|following|prior to)\b", re.I)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
# "offline for at least six weeks after a fault", "took two days after": a length of time, not a date offset
_DURATION = re.compile(r"\b(?:for|in|lasts?|lasted|lasting|takes?|took|taking|spent|spend|within|over|another|"
                       r"a further)\s+(?:(?:at least|about|around|nearly|almost|up to|more than|some|the)\s+)*$",
                       re.I)


def offsets(text: str) -> list[re.Match[str]]:
    """The date offsets of ``text`` ("a week after", "two days before"), lengths of time left out."""
    return [m for m in OFFSET.finditer(text) if not _DURATION.search(text[max(0, m.start() - 40):m.start()])]


def offset_days(m: re.Match[str]) -> int:
    """The days an ``OFFSET`` match moves its anchor: "a week after" → -7, "two days before" → 2."""
    n = m.group("n").lower()
    count = 1 if n in ("a", "an") else int(find_numbers(n)[0].value)
    days = count * _UNIT_DAYS[m.group("unit").lower()]
    return -days if m.group("dir").lower() in ("after", "following") else days


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _range_text(r: tuple[dt.date, dt.date]) -> str:
    return _iso(r[0]) if r[0] == r[1] else f"{_iso(r[0])} – {_iso(r[1])}"


@dataclass(frozen=True)
class _Dated:
    """An event with a resolved date: its day range and the date as written."""

    event: Event
    days: tuple[dt.date, dt.date]
    text: str


def _dated(e: Event) -> _Dated | None:
    r = day_range(e.date)
    return _Dated(e, r, e.date.text) if r and e.date else None


def _best(events: list[_Dated], clause: str) -> _Dated | None:
    """The one event the clause talks about most (by shared words), if there is a clear one."""
    w = words(clause)
    scored = sorted(((len(w & event_words(d.event)), d.event.id, d) for d in events), key=lambda x: (-x[0], x[1]))
    if not scored or scored[0][0] == 0 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][2]


def _voice(s: ArticleSummary, pos: int, fallback: Span) -> tuple[str, Span]:
    """Who says the text at ``pos``, and the span to cite."""
    c = covering_claim(s, pos)
    if c is not None:
        return c.source.canonical, c.evidence[0]
    return narrator(s), fallback


def anchored_conflicts(s: ArticleSummary) -> list[Conflict]:
    dated = [d for e in s.events if (d := _dated(e))]
    text = s.article.text
    if len(dated) < 2 or not OFFSET.search(text):
        return []
    out = []
    for sent in split_sentences(text):
        cited = {d.event.id for d in dated
                 if any(sp.start < sent.end and sent.start < sp.end for sp in d.event.evidence)}
        if not cited:
            continue
        for m in offsets(sent.text):
            anchor = _best(dated, sent.text[:m.start()])
            target = _best([d for d in dated if d is not anchor], sent.text[m.end():]) if anchor else None
            if anchor is None or target is None or not {anchor.event.id, target.event.id} & cited:
                continue
            conflict = _anchored(s, sent.start, sent.text, m, anchor, target)
            if conflict:
                out.append(conflict)
    return out


def _anchored(s: ArticleSummary, base: int, sentence: str, m: re.Match[str], anchor: _Dated,
              target: _Dated) -> Conflict | None:
    a, t = anchor.days, target.days
    days = offset_days(m)
    shift = dt.timedelta(days=days)
    tol = dt.timedelta(days=max(1, round(0.25 * abs(days))))
    implied = (a[0] + shift - tol, a[1] + shift + tol)
    if gap_days(implied, t) == 0:
        return None
    sent_span = sentence_span(s.article.text, base, base + len(sentence))
    at = sentence.lower().find(target.text.lower(), m.end())
    t_source, t_span = _voice(s, base + (at if at >= 0 else m.end()), sent_span)
    r_source, _ = _voice(s, base + m.start(), sent_span)
    around = _range_text((a[0] + shift, a[1] + shift))
    return Conflict(
        id="", kind="temporal", severity="warning",
        summary=(f"The {event_label(target.event)} is dated {_range_text(t)} (“{target.text}”), but “{m.group(0)}” "
                 f"the {anchor.event.type} of {_range_text(a)} (“{anchor.text}”) puts it around {around}."),
        sides=[ConflictSide(source=t_source, article=s.article.id, item=target.event.id,
                            value={"start": _iso(t[0]), "end": _iso(t[1]), "text": target.text}, evidence=[t_span]),
               ConflictSide(source=r_source, article=s.article.id, item=anchor.event.id,
                            value={"start": _iso(implied[0]), "end": _iso(implied[1]),
                                   "text": f"{m.group(0)} {anchor.text}"},
                            evidence=[sent_span])],
        note=f"Both dates are resolved against the publication date {s.article.published or 'unknown'}.",
    )


def date_conflicts(records: list[tuple[ArticleSummary, Event]], same: list[tuple[int, int]]) -> list[Conflict]:
    """Conflicts among event records that ``same`` pairs as one incident but whose dates do not overlap."""
    dated = {k: d for k, (_, e) in enumerate(records) if (d := _dated(e))}
    clash = [(i, j) for i, j in same if i in dated and j in dated and gap_days(dated[i].days, dated[j].days) > 0]
    out = []
    for group in components(len(records), clash):
        group.sort(key=lambda k: (dated[k].days, records[k][0].article.id, records[k][1].id))
        sides = [_date_side(records[k][0], dated[k]) for k in group]
        gap = max(gap_days(dated[i].days, dated[j].days) for i in group for j in group)
        said = " vs ".join(f"{_range_text(dated[k].days)} ({side.source})"
                           for k, side in zip(group, sides, strict=True))
        out.append(Conflict(id="", kind="temporal", severity="info" if gap <= 1 else "warning",
                            summary=f"The {event_label(records[group[0]][1])} is dated differently: {said}.",
                            sides=sides,
                            note="A one-day gap can be a time-zone or overnight difference." if gap <= 1 else None))
    return out


def _date_side(s: ArticleSummary, d: _Dated) -> ConflictSide:
    """The side of one dating: who gives the date (the claim around its words, else the article) and where."""
    e = d.event
    source, span = narrator(s), (e.evidence[0] if e.evidence else None)
    for sp in e.evidence:
        at = sp.text.lower().find(d.text.lower())
        if at >= 0:
            claim = covering_claim(s, sp.start + at)
            source, span = (claim.source.canonical, claim.evidence[0]) if claim else (narrator(s), sp)
            break
    return ConflictSide(source=source, article=s.article.id, item=e.id,
                        value={"start": _iso(d.days[0]), "end": _iso(d.days[1]), "text": d.text},
                        evidence=[span] if span else [])
