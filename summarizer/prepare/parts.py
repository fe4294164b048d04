"""Long articles: sentences grouped into overlapping parts that each fit one prompt.

Budgets are approximate token counts, no tokenizer needed: ASCII about 4 characters a
token, CJK about one token a character, other scripts about 2 characters a token. A part
ends on a sentence boundary and repeats the previous part's last ``overlap`` sentences,
so an incident told across a boundary is seen whole at least once. A single sentence over
the budget (a table, a run-on paragraph) is cut at whitespace, or anywhere in CJK text,
into pieces that keep their offsets into the article.
"""

from __future__ import annotations

import re

from ..config import Settings
from .sentences import Sentence

__all__ = ["CHUNK_TOKENS", "OVERLAP", "approx_tokens", "fit_sentences", "plan_parts", "renumber"]

CHUNK_TOKENS = Settings.chunk_tokens  # the default; leaves room in an 8192 context for a re-ask
OVERLAP = 2  # sentences repeated at the start of the next part
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0003ffff]")
_PREFIX_TOKENS = 3  # "S12: " in the prompt


def approx_tokens(text: str) -> int:
    ascii_chars = len(text.encode("ascii", "ignore"))
    cjk = len(_CJK.findall(text))
    return -(-(ascii_chars + 2 * (len(text) - ascii_chars - cjk) + 4 * cjk) // 4)


def _weight(ch: str) -> int:
    """Quarter-tokens for one character."""
    return 1 if ch.isascii() else 4 if _CJK.match(ch) else 2


def fit_sentences(sentences: list[Sentence], max_tokens: int = CHUNK_TOKENS) -> list[Sentence]:
    """The sentences, with any sentence over ``max_tokens`` cut into pieces; renumbered 1..n."""
    if all(approx_tokens(s.text) <= max_tokens for s in sentences):
        return sentences
    out: list[Sentence] = []
    for s in sentences:
        for a, b in _pieces(s.text, max_tokens) if approx_tokens(s.text) > max_tokens else [(0, len(s.text))]:
            seg = s.text[a:b]
            a, b = a + len(seg) - len(seg.lstrip()), a + len(seg.rstrip())
            if b > a:
                out.append(Sentence(len(out) + 1, s.start + a, s.start + b, s.text[a:b]))
    return out


def _pieces(text: str, max_tokens: int) -> list[tuple[int, int]]:
    budget = 4 * max_tokens
    out: list[tuple[int, int]] = []
    start, used, last_space = 0, 0, -1
    for i, ch in enumerate(text):
        w = _weight(ch)
        if used + w > budget and i > start:
            cut = last_space + 1 if last_space > start + (i - start) // 2 else i
            out.append((start, cut))
            start, last_space = cut, -1
            used = sum(_weight(c) for c in text[start:i])
        used += w
        if ch.isspace():
            last_space = i
    out.append((start, len(text)))
    return out


def plan_parts(sentences: list[Sentence], max_tokens: int = CHUNK_TOKENS,
               overlap: int = OVERLAP) -> list[list[Sentence]]:
    """Consecutive runs of sentences, each within ``max_tokens`` (one sentence at least), overlapping."""
    if not sentences:
        return [[]]
    cost = [approx_tokens(s.text) + _PREFIX_TOKENS for s in sentences]
    parts: list[list[Sentence]] = []
    i, n = 0, len(sentences)
    while True:
        j, used = i, 0
        while j < n and (j == i or used + cost[j] <= max_tokens):
            used += cost[j]
            j += 1
        parts.append(sentences[i:j])
        if j >= n:
            return parts
        i = max(j - overlap, i + 1)


def renumber(sentences: list[Sentence]) -> list[Sentence]:
    """The same sentences (same offsets) numbered S1..Sk, as one part's prompt shows them."""
    return [Sentence(k, s.start, s.end, s.text) for k, s in enumerate(sentences, 1)]
