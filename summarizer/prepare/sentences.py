"""Sentences with character offsets: the evidence ids the model cites ("S3")."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]

_ABBREV = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "col", "lt", "sgt", "capt", "maj", "gov",
    "sen", "rep", "rev", "prof", "inc", "co", "corp", "ltd", "no", "vs", "etc", "e.g", "i.e",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.n", "u.k", "d.c", "a.m", "p.m", "ft", "mt", "ave", "adm", "cmdr", "pres",
}
# a sentence ends at . ! ? ؟ । (plus closing quotes/brackets) before whitespace, at Chinese/Japanese
# 。！？ (no space follows them), or at a blank line
_END = re.compile(r"""[.!?؟۔।]+["'”’»)\]]*(?=\s)|[。！？]+[」』”’）)]*|\n[ \t]*\n""")
_WORD_BEFORE = re.compile(r"([\w.]+)[.]$")


@dataclass(frozen=True)
class Sentence:
    idx: int  # 1-based, as shown to the model
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    """Split on sentence ends and paragraph breaks; offsets index ``text`` exactly."""
    out: list[Sentence] = []
    start = 0
    for m in _END.finditer(text):
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        if m.group(0)[0] == "." and _is_abbreviation(text, m.start(), m.end()):
            continue
        _add(out, text, start, end)
        start = m.end()
    _add(out, text, start, len(text))
    return out


def _is_abbreviation(text: str, dot: int, end: int) -> bool:
    w = _WORD_BEFORE.search(text[max(0, dot - 12):dot + 1])
    if not w:
        return False
    word = w.group(1).lower().rstrip(".")
    nxt = text[end:end + 3].lstrip()
    if word in _ABBREV:
        return True
    # a single initial ("J. Smith") or a lowercase continuation
    return (len(word) == 1 and word.isalpha()) or bool(nxt[:1].islower())


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    seg = text[start:end]
    lead = len(seg) - len(seg.lstrip())
    s, e = start + lead, start + len(seg.rstrip())
    if e > s:
        out.append(Sentence(len(out) + 1, s, e, text[s:e]))
