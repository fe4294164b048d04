"""The article's timeline: every date expression, resolved by code, with its span and what it dates.

What it dates is the event or claim whose evidence covers the expression (its id and
description or content), else the clause of the sentence the expression is written in.
"""

from __future__ import annotations

import re

from .grounding import span_of
from .normalize import find_time_expressions, resolve_time
from .schema import Claim, Event, TimelineEntry
from .segment import Sentence

__all__ = ["build_timeline"]

_CLAUSE_END = re.compile(r"[,;:()\u2014\u2013\"\u201c\u201d]|\s-{1,2}\s")
_MAX_ABOUT_WORDS = 14


def build_timeline(text: str, sentences: list[Sentence], published: str | None,
                   events: list[Event], claims: list[Claim]) -> list[TimelineEntry]:
    """One entry per date expression in reading order (sentence by sentence, so offsets stay exact)."""
    items = [(e.id, e.description, [(s.start, s.end) for s in e.evidence]) for e in events]
    items += [(c.id, c.content, [(s.start, s.end) for s in c.evidence]) for c in claims]
    out: list[TimelineEntry] = []
    for sent in sentences:
        for s, e, surface in find_time_expressions(sent.text):
            start, end = sent.start + s, sent.start + e
            ref = resolve_time(surface, published)
            item = next(((i, what) for i, what, spans in items
                         if any(a <= start and end <= b for a, b in spans)), None)
            about = _short(item[1]) if item else _clause(sent.text, s, e)
            out.append(TimelineEntry(**ref, span=span_of(text, start, end), item=item[0] if item else None,
                                     about=about or None))
    return out


def _clause(sentence: str, s: int, e: int) -> str:
    """The clause around ``sentence[s:e]``, between punctuation marks, without the expression itself."""
    left = max((m.end() for m in _CLAUSE_END.finditer(sentence, 0, s)), default=0)
    right = next((m.start() for m in _CLAUSE_END.finditer(sentence, e)), len(sentence))
    words = (sentence[left:s] + " " + sentence[e:right]).split()
    return _short(" ".join(words).strip(" .,"))


def _short(text: str) -> str:
    words = text.split()
    return " ".join(words[:_MAX_ABOUT_WORDS]) + (" …" if len(words) > _MAX_ABOUT_WORDS else "")
