"""Event descriptions written by code, for an event the model left without one: the article's own sentence.

The description is the cited sentence that states the event's own casualty figure, else
the one with the most words for an attack, a death or an injury (or the event's type), without its dateline
or the frame of a report ("X announced yesterday that"), on one line, cut at a clause boundary when it
is long. Every word of it is the article's. (Asking the model for no description at all saved a fifth of
its reply, but the small model then listed fewer incidents: BENCHMARKS section 18.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..prepare.casualties import DEATH, INJURY, Figure
from ..prepare.sentences import Sentence
from .dating import DATELINE, INCIDENT, SECTION

__all__ = ["describe"]

MAX_WORDS = 30  # a longer sentence is cut at its last clause boundary within this many words
_MIN_WORDS = 8  # ... but not before this many
_OPENER = re.compile(r"\A\s*(?:\[[A-Z]+\]\s*)+")
# "The US Central Command (CENTCOM) announced yesterday that ...": the frame of a report, not the incident.
# Only verbs that pass the report on as given: "denied that", "claimed that", "warned that" stay whole
_NEUTRAL = (r"(?:said|says|told|reported|reports|announced|announces|stated|states|confirmed|confirms|added|"
            r"disclosed|revealed|explained)")
_FRAME = re.compile(rf"\A[^.;:\"“]{{0,90}}?\b{_NEUTRAL}\b[^,.;:\"“]{{0,40}}?\bthat\s+", re.I)


def describe(sentences: Sequence[Sentence], cited: Sequence[int], event_type: str,
             figures: Sequence[Figure] = (), values: Collection[float] = ()) -> str:
    """The description of an event citing ``cited`` ("" when none is cited): of its cited sentences, the
    one that states the event's own casualty figure (``values``), then the one with the most words for an
    incident, a death or an injury (its type's word counts too); on a tie the first."""
    by_id = {s.idx: s for s in sentences}
    ids = [i for i in cited if i in by_id]
    if not ids:
        return ""
    stem = event_type.strip().lower()[:5]
    own = {f.sentence for f in figures if f.value in values}

    def rank(k: int) -> tuple[bool, int, int]:
        text = by_id[ids[k]].text
        words = sum(len(p.findall(text)) for p in (INCIDENT, DEATH, INJURY)) + \
            int(len(stem) >= 4 and stem in text.lower())
        return ids[k] in own, words, -k

    return clause(by_id[ids[max(range(len(ids)), key=rank)]].text)


def clause(text: str) -> str:
    """``text`` without a dateline or section marker, on one line, cut to :data:`MAX_WORDS` at a clause end."""
    m = DATELINE.match(text)
    if m and re.search(r"(?:--|—|–|-\s)\s*$", m.group(0)):
        text = text[m.end():]
    text = SECTION.sub(" ", _OPENER.sub("", text))
    frame = _FRAME.match(text)
    if frame and len(text[frame.end():].split()) >= _MIN_WORDS:
        text = text[frame.end():]
        text = text[:1].upper() + text[1:]
    words = text.split()
    if text.isupper():  # all-caps wire copy reads in sentence case (as the prompt shows it)
        words = " ".join(words).capitalize().split()
    if len(words) <= MAX_WORDS:
        return " ".join(words)
    cut = max((k for k in range(_MIN_WORDS, MAX_WORDS) if words[k - 1][-1] in ",;:"), default=MAX_WORDS)
    return " ".join(words[:cut]).rstrip(",;:") + " …"
