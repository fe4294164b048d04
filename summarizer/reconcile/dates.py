"""Date conflicts from the text alone: offsets that miss the date their clause gives, and actions dated twice.

- Relative dates: "X comes a week after Y ... carried out the day before yesterday": the
  date the offset implies must meet the date the clause gives, both resolved against the
  publication date; otherwise ``temporal``.
- Dated actions (checkable.dated_statements): one past action about the same things, or one
  onset ("began", "broke out", "went on strike", "since") of the same kind of event, dated on
  days that cannot overlap: ``temporal``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from itertools import combinations

from ..normalize.core import find_time_expressions, resolve_time
from ..schema import ArticleSummary, Conflict, ConflictSide, Span, TimeRef
from .checkable import Dated, other_parties, sentences
from .events import day_range, gap_days
from .temporal import OFFSET, offset_days, offsets
from .text import narrator, overlap, words
from .textual import MAX_BLOCK

__all__ = ["dated_conflicts", "onset_conflicts", "relative_date_conflicts"]


def _range(t: TimeRef) -> tuple[dt.date, dt.date] | None:
    return day_range(t) if t.precision in ("day", "week") else None


def _iso_range(r: tuple[dt.date, dt.date]) -> str:
    return r[0].isoformat() if r[0] == r[1] else f"{r[0].isoformat()} – {r[1].isoformat()}"


def _anchor(s: ArticleSummary, before: str, sent_start: int,
            published: bool = True) -> tuple[tuple[dt.date, dt.date], str] | None:
    """The date of what the offset hangs on: in its own clause, else the best-matching dated sentence, else (when
    ``published``) the publication date."""
    pub = s.article.published
    for _, _, surface in find_time_expressions(before):
        r = _range(TimeRef(**resolve_time(surface, pub)))
        if r:
            return r, surface
    topic = words(before)
    best: tuple[int, int, tuple[dt.date, dt.date], str] | None = None
    for sent in sentences(s.article.text):
        if sent.start == sent_start:
            continue
        shared = len(topic & words(sent.text))
        if not shared:
            continue
        for _, _, surface in find_time_expressions(sent.text):
            r = _range(TimeRef(**resolve_time(surface, pub)))
            if r and (best is None or shared > best[0]):
                best = (shared, -sent.start, r, surface)
    if best:
        return best[2], best[3]
    if not published:
        return None
    day = day_range(TimeRef(**resolve_time("today", pub))) if pub else None
    return (day, f"the publication date {pub}") if day else None


# "The operation comes a week after ...": what comes now is dated by the publication; "appeared in court three
# days after" is not
_NOW = re.compile(r"\b(?:comes|come|follows|follow|is|are|marks|mark)\s*$")


def relative_date_conflicts(s: ArticleSummary) -> list[Conflict]:
    """Offsets ("a week after") whose implied date no date in the same clause can meet."""
    text = s.article.text
    if not s.article.published or not OFFSET.search(text):
        return []
    out = []
    for sent in sentences(text):
        for m in offsets(sent.text):
            rest, skip = sent.text[m.end():], 0
            lead = not sent.text[:m.start()].strip(" \"'“‘")
            if lead:  # "Eight days after his conviction, he resigned on Thursday": the offset hangs on what follows
                comma = rest.find(",")
                if comma < 0:
                    continue
                skip = comma + 1
                rest = rest[skip:]
            dated = [(a + skip, b + skip, surface, r) for a, b, surface in find_time_expressions(rest)
                     if (r := _range(TimeRef(**resolve_time(surface, s.article.published))))]
            if not dated:
                continue
            before = sent.text[:m.start()]
            anchor = _anchor(s, sent.text[m.end():m.end() + skip - 1], sent.start, published=False) if lead else \
                _anchor(s, before, sent.start, published=bool(_NOW.search(before)))
            if anchor is None:
                continue
            (a0, a1), anchor_text = anchor
            days = offset_days(m)
            shift = dt.timedelta(days=days)
            tol = dt.timedelta(days=max(1, round(0.25 * abs(days))))
            implied = (a0 + shift - tol, a1 + shift + tol)
            for a, b, surface, r in dated:
                if gap_days(implied, r) == 0:
                    continue
                span = Span(start=sent.start, end=sent.end, text=sent.text)
                at = sent.start + m.end() + a
                out.append(Conflict(
                    id="", kind="temporal", severity="warning",
                    summary=(f"“{m.group(0)}” ({anchor_text}, {_iso_range((a0, a1))}) puts what follows around "
                             f"{_iso_range((a0 + shift, a1 + shift))}, but the same clause dates it “{surface}” "
                             f"({_iso_range(r)}): the dates cannot all hold."),
                    sides=[ConflictSide(source=narrator(s), article=s.article.id, item=f"t{at}",
                                        value={"start": r[0].isoformat(), "end": r[1].isoformat(), "text": surface},
                                        evidence=[Span(start=at, end=at + (b - a), text=text[at:at + (b - a)])]),
                           ConflictSide(source=narrator(s), article=s.article.id, item=f"t{sent.start + m.start()}",
                                        value={"start": implied[0].isoformat(), "end": implied[1].isoformat(),
                                               "text": f"{m.group(0)} {anchor_text}"},
                                        evidence=[span])],
                    note=f"Both dates are resolved against the publication date {s.article.published}."))
                break
    return out



_GENERIC = frozenset("police official officer authoritie spokesman spokeswoman people man woman report".split())


# what happens to a thing once: "the mill opened in 1998" and "since it opened in 2003" cannot both hold
_ONCE = frozenset("open found establish built build born inaugurat launch complet".split())


def _once(a: Dated, b: Dated) -> bool:
    """Two years (or months) of an action a thing undergoes once, told by one verb."""
    return a.verb == b.verb and a.verb in _ONCE and all((d.days[1] - d.days[0]).days >= 27 for d in (a, b))


_CLOCK_APART = 120  # minutes: two times of one event further apart than a report's rounding or a time zone's hour


def _clock_conflict(a: Dated, b: Dated) -> Conflict:
    first, second = sorted((a, b), key=lambda d: d.clock[0] if d.clock else 0)
    said = [d.clock[1].text if d.clock else "" for d in (first, second)]
    return Conflict(
        id="", kind="temporal", severity="warning",
        summary=f"The same event on {_iso_range(a.days)} is timed “{said[0]}” ({first.source}) and “{said[1]}” "
                f"({second.source}).",
        sides=[ConflictSide(source=d.source, article=d.article, item=f"t{d.evidence.start}",
                            value={"start": d.days[0].isoformat(), "end": d.days[1].isoformat(),
                                   "text": f"{w} {d.text}"},
                            evidence=[d.evidence, *([d.clock[1]] if d.clock else [])])
               for d, w in zip((first, second), said, strict=True)],
        note="Two times of day for one event, hours apart.")


_ONCE_KEYS = frozenset({"reopen", "launch"})  # what one story's subject does once: two such dates in one article clash


def dated_conflicts(items: list[Dated], allowed: Callable[[Dated, Dated], bool]) -> list[Conflict]:
    """One past action about the same things (shared words), dated on days that cannot overlap."""
    by_verb: dict[str, list] = defaultdict(list)
    for d in items:
        by_verb[d.verb].append(d)
        for key in d.events:
            by_verb["\0event " + key].append(d)  # "issued the recall" / "The recall, announced on Monday"
        if d.lede:  # two articles' lede events of one story are one event, whatever verb each uses
            by_verb["\0lede"].append(d)  # ("collapsed on Tuesday", "gave way yesterday")
    out = []
    seen: set[tuple[int, int]] = set()
    for group in by_verb.values():
        for a, b in combinations(group[:MAX_BLOCK], 2):
            if (id(a), id(b)) in seen:
                continue
            seen.add((id(a), id(b)))
            one = a.events & b.events  # one event by its verb or noun ("arrested" / "detained", "recall")
            if a.article == b.article and (a.days in b.also or b.days in a.also):
                continue  # a sentence that itself dates the other day: two moments ("killed on Sunday, said Tuesday")
            if a.verb != b.verb and not one and (a.article == b.article or a.days in b.also or b.days in a.also):
                continue  # ledes of one article, or a sentence that itself dates the other day: two moments
            if not allowed(a, b):
                continue
            if a.planned != b.planned:
                continue  # "reopened on Monday" / "will reopen on Friday": two moments
            if a.other or b.other or a.ordinal != b.ordinal:
                continue  # "another man was arrested on Tuesday", "a second man" against "a man": another one
            if a.article == b.article:
                core = (a.topic - {a.verb}) & (b.topic - {b.verb}) - _GENERIC
                anaphor = a.anaphoric or b.anaphoric or bool(  # "Since its opening on May 2": the story's own
                    one & _ONCE_KEYS and a.synonym and b.synonym and sum(  # opening; an article's only two reopenings
                        1 for d in items if d.article == a.article and d.events & one & _ONCE_KEYS) == 2)
                if anaphor and a.names and b.names and not a.names & b.names:
                    continue  # "Smit, who has been held since his arrest on Saturday": another man's arrest
                if not one or not (core or anaphor) or not (a.appositive or b.appositive or (a.synonym and b.synonym)
                                                            or anaphor or len(core) >= 2 or _once(a, b)):
                    continue  # in one article: one event by verb or noun, about the same things
            named = bool(one) and (a.anaphoric or b.anaphoric or (a.lede and b.lede) or a.article == b.article
                                   or ((a.synonym or b.synonym) and (a.lede or b.lede)))
            if not (a.lede and b.lede and (a.implied or b.implied)) and not named and (
                    len(a.topic & b.topic) < 2 or overlap(set(a.topic), set(b.topic)) < 0.4):
                continue  # shared words, unless a lede names the story's event by an offset ("two days after the ..."),
                # or both name one event and one of them by a definite noun ("The recall, announced …") or as ledes
            if other_parties(a, b):
                continue  # different places or parties named: different incidents
            gap = gap_days(a.days, b.days)
            if gap == 0 and a.days == b.days and a.clock and b.clock and abs(a.clock[0] - b.clock[0]) >= _CLOCK_APART:
                out.append(_clock_conflict(a, b))  # one launch "at 6:42 a.m." and "shortly after 9 p.m." on Thursday
                continue
            if gap == 0:
                continue
            first, second = sorted((a, b), key=lambda d: d.days)
            what = first.verb if first.verb == second.verb else "event"
            out.append(Conflict(
                id="", kind="temporal", severity="info" if gap <= 1 else "warning",
                summary=(f"The same {what}… is dated {_iso_range(first.days)} (“{first.text}”, {first.source}) "
                         f"and {_iso_range(second.days)} (“{second.text}”, {second.source})."),
                sides=[ConflictSide(source=d.source, article=d.article, item=f"t{d.evidence.start}",
                                    value={"start": d.days[0].isoformat(), "end": d.days[1].isoformat(),
                                           "text": d.text}, evidence=[d.evidence]) for d in (first, second)],
                note="A one-day gap can be a time-zone or overnight difference." if gap <= 1 else
                     "Each date is resolved against its own article's publication date."))
    return out


def onset_conflicts(items: list[Dated], allowed: Callable[[Dated, Dated], bool]) -> list[Conflict]:
    """The start of one kind of event ("went on strike yesterday", "the walkout began last Saturday") dated on days
    that cannot overlap, in one article or across a story's articles."""
    by_kind: dict[str, list[Dated]] = defaultdict(list)
    for d in items:
        if d.onset:
            by_kind[d.onset].append(d)
    out = []
    for kind, group in by_kind.items():
        for a, b in combinations(group[:MAX_BLOCK], 2):
            if a.evidence == b.evidence or not allowed(a, b):
                continue
            if a.article != b.article and other_parties(a, b):
                continue  # other places or parties: another strike; in one article, names are its cast
                # (the union official quoted on the walkout), and another one is said so ("a second strike")
            gap = gap_days(a.days, b.days)
            if gap == 0 and a.days == b.days and a.clock and b.clock and abs(a.clock[0] - b.clock[0]) >= _CLOCK_APART:
                out.append(_clock_conflict(a, b))  # one launch "at 6:42 a.m." and "shortly after 9 p.m." on Thursday
                continue
            if gap == 0:
                continue
            first, second = sorted((a, b), key=lambda d: d.days)
            out.append(Conflict(
                id="", kind="temporal", severity="info" if gap <= 1 else "warning",
                summary=(f"The {kind} is said to start on {_iso_range(first.days)} (“{first.text}”, {first.source}) "
                         f"and on {_iso_range(second.days)} (“{second.text}”, {second.source})."),
                sides=[ConflictSide(source=d.source, article=d.article, item=f"t{d.evidence.start}",
                                    value={"start": d.days[0].isoformat(), "end": d.days[1].isoformat(),
                                           "text": d.text}, evidence=[d.evidence]) for d in (first, second)],
                note="Each date is resolved against its own article's publication date."))
    return out
