"""Ground stage: evidence offsets are computed here, never taken from the model.

A quoted string is aligned to the article exactly, then whitespace/quote/case-
normalized, then fuzzily (rapidfuzz); the Span always carries the article's own
characters. Numbers and date phrases an item states must occur in its evidence.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from .normalize import find_numbers
from .schema import Span
from .segment import Sentence

__all__ = ["align", "contains_number", "contains_phrase", "fold", "span_of", "sentence_spans"]

FUZZY_MIN = 88.0
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'",
                       "–": "-", "—": "-", "\u00a0": " "})


@lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """Folded text and, for each folded char, the index of its source char."""
    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, ch in enumerate(text.translate(_FOLD).lower()):
        if ch.isspace():
            if prev_space:
                continue
            ch, prev_space = " ", True
        else:
            prev_space = False
        out.append(ch)
        idx.append(i)
    return "".join(out), tuple(idx)


def fold(s: str) -> str:
    return _folded(s)[0].strip()


def span_of(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def align(quote: str, text: str, lo: int = 0, hi: int | None = None) -> Span | None:
    """Find ``quote`` in ``text[lo:hi]`` (exact → normalized → fuzzy); offsets index ``text``."""
    q = quote.strip().strip('"\'“”‘’').strip()
    hi = len(text) if hi is None else hi
    if len(q) < 2:
        return None
    i = text.find(q, lo, hi)
    if i >= 0:
        return span_of(text, i, i + len(q))
    ftext, idx = _folded(text)
    fq = fold(q)
    flo = next((k for k, v in enumerate(idx) if v >= lo), len(idx))
    fhi = next((k for k, v in enumerate(idx) if v >= hi), len(idx))
    j = ftext.find(fq, flo, fhi)
    if j >= 0:
        return span_of(text, idx[j], idx[j + len(fq) - 1] + 1)
    if len(fq) < 12:
        return None
    al = fuzz.partial_ratio_alignment(fq, ftext[flo:fhi], score_cutoff=FUZZY_MIN)
    if al is None or al.dest_end <= al.dest_start:
        return None
    s, e = _trim_to_words(ftext, flo + al.dest_start, flo + al.dest_end)
    if e <= s:
        return None
    return span_of(text, idx[s], idx[e - 1] + 1)


def _trim_to_words(f: str, s: int, e: int) -> tuple[int, int]:
    """Widen a fuzzy match to whole words so a span never starts or ends mid-word."""
    while s > 0 and f[s - 1].isalnum() and f[s].isalnum():
        s -= 1
    while e < len(f) and f[e - 1].isalnum() and f[e].isalnum():
        e += 1
    while s < e and f[s] == " ":
        s += 1
    while e > s and f[e - 1] == " ":
        e -= 1
    return s, e


def sentence_spans(ids: list[int], sentences: list[Sentence], text: str) -> list[Span]:
    """Spans of the cited sentences (1-based ids; unknown ids are ignored)."""
    by_id = {s.idx: s for s in sentences}
    return [span_of(text, by_id[i].start, by_id[i].end) for i in dict.fromkeys(ids) if i in by_id]


def contains_number(value: float, evidence: list[Span]) -> bool:
    return any(abs(n.value - value) < 1e-9 for sp in evidence for n in find_numbers(sp.text))


def contains_phrase(phrase: str, evidence: list[Span]) -> bool:
    fp = fold(phrase)
    return bool(fp) and any(fp in fold(sp.text) for sp in evidence)
