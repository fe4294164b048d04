"""Ground stage: evidence offsets are computed here, never taken from the model.

A quoted string is aligned to the article exactly, then whitespace/quote/case-
normalized, then fuzzily (rapidfuzz); the Span always carries the article's own
characters. Numbers and date phrases an item states must occur in its evidence.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache

from rapidfuzz import fuzz

from ..prepare.sentences import Sentence
from ..schema import Span

__all__ = ["align", "fold", "span_of", "sentence_spans"]

FUZZY_MIN = 88.0
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "`": "'",
                       "–": "-", "—": "-", "\u00a0": " "})


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
_TATWEEL = "\u0640"
_EDGE = frozenset(" \"'「」『』，、,;:")  # never the first or last character of a fuzzy span (folded forms)


@lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """Folded text and, for each folded char, the index of its source char.

    Per source char: NFKD, quotes/dashes/nbsp unified, lowercased; combining marks (accents,
    Arabic harakat and hamza marks) and tatweel dropped; whitespace runs become one space.
    A char may fold to several (``İ`` → ``i̇``, ``ﬁ`` → ``fi``): each maps back to it.
    """
    out: list[str] = []
    idx: list[int] = []
    prev_space = True
    for i, src in enumerate(text):
        for ch in unicodedata.normalize("NFKD", src).translate(_FOLD).lower():
            if ch.isspace():
                if prev_space:
                    continue
                ch, prev_space = " ", True
            elif ch == _TATWEEL or unicodedata.category(ch) == "Mn":
                continue
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
    if not fq:
        return None
    flo, fhi = bisect_left(idx, lo), bisect_left(idx, hi)
    j = ftext.find(fq, flo, fhi)
    if j >= 0:
        return span_of(text, idx[j], _past_marks(text, idx[j + len(fq) - 1] + 1, hi))
    if len(fq) < 12:
        return None
    al = fuzz.partial_ratio_alignment(fq, ftext[flo:fhi], score_cutoff=FUZZY_MIN)
    if al is None or al.dest_end <= al.dest_start:
        return None
    s, e = _trim_to_words(ftext, flo + al.dest_start, flo + al.dest_end, flo, fhi)
    if e <= s:
        return None
    return span_of(text, idx[s], _past_marks(text, idx[e - 1] + 1, hi))


def _past_marks(text: str, end: int, hi: int) -> int:
    """Extend a span's end over the combining marks (and tatweel) of its last letter."""
    while end < hi and (text[end] == _TATWEEL or unicodedata.category(text[end]) == "Mn"):
        end += 1
    return end


def _word_char(c: str) -> bool:
    return c.isalnum() and not _CJK.match(c)  # CJK has no spaces: every character is a boundary


def _trim_to_words(f: str, s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
    """Widen a fuzzy match to whole words (within ``f[lo:hi]``) so a span never starts or ends mid-word;
    then drop spaces, quotes and commas at its edges."""
    while s > lo and _word_char(f[s - 1]) and _word_char(f[s]):
        s -= 1
    while e < hi and _word_char(f[e - 1]) and _word_char(f[e]):
        e += 1
    while s < e and f[s] in _EDGE:
        s += 1
    while e > s and f[e - 1] in _EDGE:
        e -= 1
    return s, e


def sentence_spans(ids: list[int], sentences: list[Sentence], text: str) -> list[Span]:
    """Spans of the cited sentences (1-based ids; unknown ids are ignored)."""
    out = []
    for i in dict.fromkeys(ids):  # sentences are numbered 1..n in order: index, don't search
        s = sentences[i - 1] if 1 <= i <= len(sentences) and sentences[i - 1].idx == i else None
        if s is not None:
            out.append(span_of(text, s.start, s.end))
    return out
