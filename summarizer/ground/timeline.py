"""The article's timeline: every date expression, resolved by code, with its span and what it dates.

What it dates: the statement of a claim whose content follows it in the sentence ("X announced
yesterday that ..."); else the event, then the claim, whose evidence covers it (id and description
or content); else the clause of the sentence it is written in.
"""

from __future__ import annotations

import re

from ..normalize.core import find_time_expressions, resolve_time
from ..prepare.sentences import Sentence
from ..schema import Claim, Event, TimelineEntry
from .align import span_of

__all__ = ["build_timeline"]

_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013\"\u201c\u201d]|\s-{1,2}\s")
_MAX_ABOUT_WORDS = 14
# the sentence speaks of the future before the expression: "will double its flights by August"
_FUTURE = re.compile(r"\b(?:will|shall|would|won't|'ll|going to|plans? to|planned for|scheduled|expected to|"
                     r"(?:is|are) due|set to|next(?! to)|upcoming)\b", re.I)
# ... unless a report in the past stands between: "Flights will resume, the airline announced on Friday"
_REPORTED = re.compile(r"\b(?:said|told|announced|added|stated|confirmed|reported|wrote|noted|explained|predicted|"
                       r"warned|insisted|claimed|declared|estimated|forecast|indicated|suggested|revealed|disclosed|"
                       r"acknowledged|admitted|denied|promised|pledged|vowed|argued|asserted|replied)\b", re.I)


def build_timeline(text: str, sentences: list[Sentence], published: str | None,
                   events: list[Event], claims: list[Claim]) -> list[TimelineEntry]:
    """One entry per date expression in reading order (sentence by sentence, so offsets stay exact)."""
    items = [(e.id, e.description, [(s.start, s.end) for s in e.evidence]) for e in events]
    items += [(c.id, c.content, [(s.start, s.end) for s in c.evidence]) for c in claims]
    out: list[TimelineEntry] = []
    for sent in sentences:
        for s, e, surface in find_time_expressions(sent.text):
            start, end = sent.start + s, sent.start + e
            ref = resolve_time(surface, published, prefer_future=_future(sent.text, s, e))
            item = _statement(claims, sent, end) or next(
                ((i, what) for i, what, spans in items if any(a <= start and end <= b for a, b in spans)), None)
            about = _short(item[1]) if item else _clause(sent.text, s, e)
            out.append(TimelineEntry(**ref, span=span_of(text, start, end), item=item[0] if item else None,
                                     about=about or None))
    return out


def _future(sentence: str, s: int, e: int) -> bool:
    """The sentence speaks of the future before ``sentence[s:e]``, and no past report comes after it; not
    a possessive, which names a thing ("would get around Wednesday's ruling"), not when the verb happens."""
    if re.match(r"['\u2019]s\b", sentence[e:e + 3]):
        return False
    cues = list(_FUTURE.finditer(sentence, 0, s))
    return bool(cues) and not _REPORTED.search(sentence, cues[-1].end(), s)


def _statement(claims: list[Claim], sent: Sentence, end: int) -> tuple[str, str] | None:
    """A claim whose content starts later in the sentence: the expression dates the statement
    ("CENTCOM announced yesterday that ..."), not what it reports."""
    for c in claims:
        first = c.evidence[0] if c.evidence else None
        if first and sent.start <= first.start < sent.end and end <= first.start:
            return c.id, f"{c.source.name} {c.cue}"
    return None


def _clause(sentence: str, s: int, e: int) -> str:
    """The clause around ``sentence[s:e]``, between punctuation marks, without the expression itself."""
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, s)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(sentence, e)), len(sentence))
    words = (sentence[left:s] + " " + sentence[e:right]).split()
    return _short(" ".join(words).strip(" .,"))


def _short(text: str) -> str:
    words = text.split()
    return " ".join(words[:_MAX_ABOUT_WORDS]) + (" …" if len(words) > _MAX_ABOUT_WORDS else "")
