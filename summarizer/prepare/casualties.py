"""Casualty figures found in code: a number near a word for death or injury.

Listed in the prompt so the model assigns figures instead of hunting for them,
and used by validation to check that ``killed``/``injured`` match the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize.core import Number, find_numbers
from .sentences import Sentence

__all__ = ["DEATH", "INJURY", "Figure", "casualty_figures", "near"]

# English words, plus the common Chinese and Arabic ones (those scripts have no \b word edges)
DEATH = re.compile(r"\b(kill\w*|dead|death\w*|died|die|slain|murder\w*|bodies|lives|fatalit\w*|execut\w*)\b"
                   r"|死亡|遇难|丧生|身亡|罹难|مقتل|قتلى|قتل|مصرع|وفاة|ضحايا", re.I)
INJURY = re.compile(r"\b(injur\w*|wound\w*|hurt|hospitali[sz]ed|casualt\w*)\b|受伤|伤者|负伤|جرحى|إصابة|أصيب|جريح",
                    re.I)
WINDOW = 60
_YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True)
class Figure:
    sentence: int
    value: float
    kind: str  # killed | injured
    text: str  # the words from the number to the cue word


def near(sentence: str, n: Number, cue: re.Pattern[str]) -> re.Match[str] | None:
    """The cue word closest to the number within the window, if any."""
    lo = max(0, n.start - WINDOW)
    hits = list(cue.finditer(sentence, lo, min(len(sentence), n.end + WINDOW)))
    return min(hits, key=lambda m: min(abs(m.start() - n.end), abs(n.start - m.end())), default=None)


_ONE = re.compile(r"\b(?:a|an)\s+(?!number|total|series|few|lot|couple|dozen|group|wave)(?:[a-z-]+\s+){0,2}?"
                  r"(?:civilian|man|woman|boy|girl|child|person|peasant|soldier|officer|policeman|guard|leader|"
                  r"member|worker|student|journalist|judge|mayor|official|resident|passer-by|driver|farmer|"
                  r"militant|fighter|commander|priest|teacher|businessman)\b", re.I)


def _singles(text: str) -> list[Number]:
    """"the death of a civilian", "killed a peasant": one person, though no digit says so."""
    return [Number(1.0, m.start(), m.end(), m.group(0)) for m in _ONE.finditer(text)]


def casualty_figures(sentences: list[Sentence]) -> list[Figure]:
    out = []
    for s in sentences:
        for n in [*find_numbers(s.text), *_singles(s.text)]:
            if _YEAR.match(n.text):
                continue
            for kind, cue in (("killed", DEATH), ("injured", INJURY)):
                m = near(s.text, n, cue)
                if m:
                    noun = re.match(r"(?:\s+(?!were|was|are|is|in|of)[A-Za-z-]+){0,2}", s.text[n.end:])
                    assert noun is not None  # {0,2} matches at least ""
                    a, b = min(n.start, m.start()), max(n.end + len(noun.group(0)), m.end())
                    out.append(Figure(s.idx, n.value, kind, " ".join(s.text[a:b].split())))
    return out
