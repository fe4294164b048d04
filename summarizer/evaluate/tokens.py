"""Tokens, word lists and overlap scores used by the metrics.

The word lists are the scoring vocabulary documented with the corpus (its README and
``score.py``): they must stay identical for our numbers to agree with the reference.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["GENERIC", "INCIDENT_STEMS", "LOC_STOP", "PRONOUNS", "STOP", "bag_f1", "content_tokens", "norm_text",
           "set_f1", "token_starts", "tokens"]

TOKEN = re.compile(r"[A-Za-z0-9]+")

# function words (English and the Spanish particles of Latin American names)
STOP = frozenset("""
    a an the of and or in on at to for from by with without into onto over under about as
    is are was were be been being this that these those it its his her their them they he she him
    we our us you your i me my who whom which what when where while than then there here
    some any all no not other another one ones mr mrs ms dr sr jr st de del la el los las y""".split())

# words that alone do not make two names the same
GENERIC = frozenset("""
    people person persons individuals individual unidentified unknown group groups member members
    men man women woman armed several two three four five six seven eight nine ten many some""".split())

# place-type words ignored when comparing locations
LOC_STOP = STOP | frozenset("""
    city town village department province region district neighborhood neighbourhood municipality
    state country area near outskirts capital locality jurisdiction""".split())

# an event type counts as a violent incident when one of its words starts with one of these
INCIDENT_STEMS = (
    "attack", "bomb", "explos", "blast", "dynamit", "grenad", "kidnap", "abduct", "hostage", "arson", "burn",
    "fire", "torch", "robber", "rob", "theft", "steal", "stole", "loot", "hijack", "stoppage", "strike", "kill",
    "murder", "assassin", "homicid", "massacr", "shoot", "shot", "gunfire", "ambush", "terror", "violen",
    "sabotag", "raid", "death", "dead", "slay", "execution", "threat", "injur", "wound", "casualt", "disappear",
)

# a gold source that is one of these is accepted for any non-empty predicted source
PRONOUNS = frozenset("""
    i me my we us our you your he him his she her it its they them their who whom which that this these
    those one someone somebody""".split())


def tokens(s: object) -> list[str]:
    return [t.lower() for t in TOKEN.findall(str(s or ""))]


def content_tokens(s: object, extra_stop: frozenset[str] = frozenset()) -> set[str]:
    return {t for t in tokens(s) if t not in STOP and t not in extra_stop}


def token_starts(text: str, start: int, end: int) -> set[int]:
    """Start offsets of the tokens inside text[start:end] (a token cut at ``start`` begins there)."""
    return {m.start() for m in TOKEN.finditer(text, start, end)}


def set_f1(a: set, b: set) -> float:
    inter = len(a & b)
    if not inter:
        return 0.0
    p, r = inter / len(a), inter / len(b)
    return 2 * p * r / (p + r)


def bag_f1(a: Iterable[str], b: Iterable[str]) -> float:
    ca, cb = Counter(a), Counter(b)
    inter = sum((ca & cb).values())
    if not inter:
        return 0.0
    p, r = inter / sum(ca.values()), inter / sum(cb.values())
    return 2 * p * r / (p + r)


def norm_text(s: object) -> str:
    """Lower case, single spaces, surrounding punctuation and quotes removed."""
    return " ".join(str(s or "").lower().split()).strip(" .,;:\"'")
