"""Attribution and contradiction between claims.

- A pronoun speaker that cannot be its antecedent ("The command said …" then "She
  stressed …") leaves the speaker unclear: an ``attribution`` flag, from the claims alone.
- The same statement (near-identical words, the same figures) under two speakers that
  are not aliases: ``attribution``.
- One source asserting what another denies: ``contradiction``.

The last two are found as candidate pairs by word overlap, negation and denial cues; a
``strong`` candidate (many shared words, about the same people) holds without a model,
the rest only if the LLM judge confirms it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import Literal

from rapidfuzz import fuzz

from ..normalize.core import find_numbers, source_kind
from ..schema import ArticleSummary, Claim, Conflict, ConflictSide, Severity
from .quantities import people_in
from .text import PRONOUNS, overlap, short, words

__all__ = ["Candidate", "candidate_conflict", "find_candidates", "pronoun_conflicts", "pronoun_fits"]

ClaimRecord = tuple[ArticleSummary, Claim]
_DENY = re.compile(r"^(?:denied|denies|deny|rejected|rejects|refuted|refutes|dismissed|dismisses|disputed|disputes|"
                   r"contradicted|contradicts)$", re.I)
_NEGATION = re.compile(r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without)\b|n[’']t\b", re.I)
_NOT_A_PERSON = {"organization", "media", "document"}
_MIN_WORDS = 6  # shorter contents are too generic to be "the same statement"


def _in_text_order(claims: list[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.evidence[0].start if c.evidence else 1 << 62, c.id))


def pronoun_fits(pronoun: str, canonical: str) -> bool:
    """``pronoun`` can stand for the source ``canonical`` by its kind ("she" not for an organization)."""
    kind = source_kind(canonical)
    if pronoun in ("he", "she", "i"):
        return kind not in _NOT_A_PERSON
    if pronoun == "it":
        return kind not in ("person", "official")
    return True


def pronoun_conflicts(s: ArticleSummary) -> list[Conflict]:
    """One ``attribution`` flag per run of claims whose pronoun speaker does not fit the source it resolved to."""
    claims = _in_text_order(s.claims)
    runs: list[list[Claim]] = []
    for c in claims:
        name, canon = c.source.name.strip().lower(), c.source.canonical
        if name not in PRONOUNS or canon.lower() == name or pronoun_fits(name, canon):
            continue
        if runs and (runs[-1][-1].source.name.lower(), runs[-1][-1].source.canonical) == (name, canon):
            runs[-1].append(c)
        else:
            runs.append([c])
    out = []
    for run in runs:
        first, canon = run[0], run[0].source.canonical
        before = claims[:claims.index(first)]
        antecedent = next((c for c in reversed(before) if c.source.canonical == canon
                           and c.source.name.strip().lower() not in PRONOUNS), None)
        if antecedent is None:
            continue
        said = ", ".join(f"“{c.source.name} {c.cue}”" for c in run)
        kind = source_kind(canon)
        a_kind = f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=(f"{said} {'is' if len(run) == 1 else 'are'} attributed to {canon} (“{antecedent.source.name} "
                     f"{antecedent.cue}”), but “{first.source.name}” does not fit {a_kind}: the speaker is unclear."),
            sides=[_side(s, antecedent, antecedent.source.canonical, f"{antecedent.source.name} {antecedent.cue}"),
                   *(_side(s, c, c.source.name, f"{c.source.name} {c.cue}") for c in run)],
            note=f"Kept under {canon}, the nearest preceding source; treat the speaker as unconfirmed.",
        ))
    return out


def _side(s: ArticleSummary, c: Claim, source: str, value: str) -> ConflictSide:
    return ConflictSide(source=source, article=s.article.id, item=c.id, value=value, evidence=c.evidence[:1])


@dataclass(frozen=True)
class Candidate:
    kind: Literal["attribution", "contradiction"]
    first: ClaimRecord  # for a contradiction, the asserting side
    second: ClaimRecord
    strong: bool  # holds without asking a model


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _denies(c: Claim) -> bool:
    return bool(_DENY.match(c.cue.strip()))


class _Traits:
    """What the candidate rules look at in a claim; the costlier traits are computed only when a rule asks."""

    def __init__(self, c: Claim):
        self.content = c.content
        self.norm = _norm(c.content)
        self.words = frozenset(words(c.content))
        self.denies = _denies(c)
        self.negated = bool(_NEGATION.search(c.content))

    @cached_property
    def numbers(self) -> tuple[float, ...]:
        return tuple(sorted(n.value for n in find_numbers(self.content)))

    @cached_property
    def people(self) -> frozenset[str]:
        return people_in(self.content)


def find_candidates(records: list[ClaimRecord], allowed: Callable[[ClaimRecord, ClaimRecord], bool],
                    same_source: Callable[[str, str], bool]) -> list[Candidate]:
    traits = [_Traits(c) for _, c in records]
    out = []
    for i, j in _pairs(traits):
        a, b = records[i], records[j]
        cand = _candidate(a, b, traits[i], traits[j]) if allowed(a, b) else None
        if cand and not same_source(a[1].source.canonical, b[1].source.canonical):
            out.append(cand)
    return out


def _pairs(traits: list[_Traits]) -> list[tuple[int, int]]:
    """The pairs ``_candidate`` may accept, in order: two statements of one polarity only when
    they state the same figures; any two of opposite polarity (few: denials, negations)."""
    kinds: dict[tuple[bool, bool], list[int]] = {}
    for k, t in enumerate(traits):
        kinds.setdefault((t.denies, t.negated), []).append(k)
    pairs: list[tuple[int, int]] = []
    for ka, ks in kinds.items():
        same_figures: dict[tuple[float, ...], list[int]] = {}
        for k in ks:
            same_figures.setdefault(traits[k].numbers, []).append(k)
        pairs += [p for group in same_figures.values() for p in combinations(group, 2)]
        pairs += [(min(i, j), max(i, j)) for kb, other in kinds.items() if ka < kb for i in ks for j in other]
    return sorted(pairs)


def _candidate(a: ClaimRecord, b: ClaimRecord, ta: _Traits, tb: _Traits) -> Candidate | None:
    deny, negation = ta.denies != tb.denies, ta.negated != tb.negated
    if not (deny or negation):  # same polarity: the same statement, if the words and figures match
        long_enough = min(len(ta.norm.split()), len(tb.norm.split())) >= _MIN_WORDS
        ratio = fuzz.ratio(ta.norm, tb.norm) if long_enough else 0
        same = ratio >= 75 and ta.numbers == tb.numbers
        return Candidate("attribution", a, b, strong=ratio >= 90) if same else None
    shared, ov = len(ta.words & tb.words), overlap(ta.words, tb.words)
    if shared < 2 or ov < 0.3:
        return None
    same_people = not (ta.people and tb.people) or bool(ta.people & tb.people)  # fighters vs civilians: not one fact
    strong = same_people and shared >= 3 and ov >= (0.5 if deny else 0.6)
    asserting_first = not (ta.denies or (not deny and ta.negated))
    return Candidate("contradiction", a if asserting_first else b, b if asserting_first else a, strong)


def candidate_conflict(c: Candidate, summary: str | None, name: Callable[[str], str]) -> Conflict:
    """The conflict a confirmed candidate reports; ``summary`` is the judge's sentence, if it gave one."""
    (sa, ca), (sb, cb) = c.first, c.second
    na, nb = name(ca.source.canonical), name(cb.source.canonical)
    severity: Severity
    if c.kind == "attribution":
        default = f"The same statement (“{short(ca.content, 60)}”) is attributed to {na} and to {nb}."
        values = (f"{ca.source.name} {ca.cue}", f"{cb.source.name} {cb.cue}")
        severity = "warning"
    else:
        verb = "denies" if _denies(cb) else "contradicts"
        default = f"{nb} {verb} what {na} says: “{short(ca.content, 80)}”."
        values = ("asserts", "denies" if _denies(cb) else "negates")
        severity = "critical"
    return Conflict(id="", kind=c.kind, severity=severity, summary=summary or default,
                    sides=[_side(sa, ca, na, values[0]), _side(sb, cb, nb, values[1])],
                    note=None if c.strong else "Judged by the LLM from the two statements' evidence.")
