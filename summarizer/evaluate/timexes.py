"""Time expressions against TempEval-3 DATE timexes.

Each TimeRef (timeline[], events[].date, claims[].time) maps to the gold timex with the same text,
else to the longest gold timex inside its text; among several, the one nearest the
item's evidence. Only gold values naming a calendar range are scored. Losses: concrete
gold timexes in no TimeRef (extraction); matched TimeRefs unresolved or wrong (normalization).
A timeline entry's evidence is its own span. ``items_only`` repeats the numbers without the
timeline, which is what ../shared/corpus/score.py counts.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

from .dates import Range, gold_value_range, intersects, timeref_range
from .gold import GoldDoc
from .tally import Tally, dicts, overlaps, ratio, spans_of
from .tokens import norm_text

__all__ = ["TimexTally"]


@dataclass
class _TimexCounts(Tally):
    docs: int = 0
    gold_all: int = 0  # gold DATE timexes
    gold_concrete: int = 0  # ... with a calendar value
    covered: int = 0  # concrete gold timexes some TimeRef matched
    timerefs: int = 0
    matched: int = 0
    matched_nonconcrete: int = 0
    correct: int = 0
    unresolved: int = 0  # matched TimeRef without start/end (normalization)
    wrong: int = 0  # matched TimeRef resolved to a range the gold value misses (normalization)
    with_timeline: bool = field(default=True, repr=False)

    def merge(self, other: Tally) -> None:
        for f in dataclasses.fields(_TimexCounts):
            if f.name != "with_timeline":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def add(self, doc: GoldDoc, pred: dict[str, Any]) -> None:
        gold = [t for t in doc.gold["timexes"] if t.get("type", "DATE") == "DATE"]
        self.docs += 1
        self.gold_all += len(gold)
        self.gold_concrete += sum(1 for t in gold if gold_value_range(t.get("value")))
        found: set[tuple[int, int]] = set()
        for ref, spans in _timerefs(pred, self.with_timeline):
            text = norm_text(ref.get("text"))
            if not text:
                continue
            self.timerefs += 1
            g = _gold_timex(text, gold, spans)
            if g is None:
                continue
            value = gold_value_range(g.get("value"))
            if value is None:
                self.matched_nonconcrete += 1
                continue
            found.add(tuple(g["span"]))
            self.matched += 1
            when = timeref_range(ref)
            if when is None:
                self.unresolved += 1
            elif _value_ok(when, value):
                self.correct += 1
            else:
                self.wrong += 1
        self.covered += len(found)

    def result(self) -> dict[str, Any]:
        return {
            "docs": self.docs, "gold_date_timexes": self.gold_all, "gold_concrete": self.gold_concrete,
            "timerefs": self.timerefs, "matched": self.matched, "matched_nonconcrete": self.matched_nonconcrete,
            "coverage": ratio(self.covered, self.gold_concrete), "accuracy": ratio(self.correct, self.matched),
            "stages": {
                "extraction": {"gold_not_in_any_timeref": self.gold_concrete - self.covered},
                "normalization": {"unresolved": self.unresolved, "wrong_value": self.wrong},
                "precision": {"timerefs_not_gold": self.timerefs - self.matched - self.matched_nonconcrete},
            },
        }


@dataclass
class TimexTally(_TimexCounts):
    """Counts over every TimeRef, timeline included, and the same over the items' TimeRefs alone."""

    items: _TimexCounts = field(default_factory=lambda: _TimexCounts(with_timeline=False), repr=False)

    def add(self, doc: GoldDoc, pred: dict[str, Any]) -> None:
        super().add(doc, pred)
        self.items.add(doc, pred)

    def merge(self, other: Tally) -> None:
        assert isinstance(other, TimexTally)
        super().merge(other)
        self.items.merge(other.items)

    def result(self) -> dict[str, Any]:
        return {**super().result(), "items_only": self.items.result()}


def _timerefs(pred: dict[str, Any], with_timeline: bool) -> Iterator[tuple[dict[str, Any], list[tuple[int, int]]]]:
    if with_timeline:
        for entry in dicts(pred.get("timeline")):
            span = entry.get("span")
            yield entry, spans_of({"evidence": [span]}) if isinstance(span, dict) else []
    for ev in dicts(pred.get("events")):
        if isinstance(ev.get("date"), dict):
            yield ev["date"], spans_of(ev)
    for cl in dicts(pred.get("claims")):
        if isinstance(cl.get("time"), dict):
            yield cl["time"], spans_of(cl)


def _gold_timex(text: str, gold: list[dict[str, Any]], spans: list[tuple[int, int]]) -> dict[str, Any] | None:
    """The gold timex written as ``text``, else the longest one inside it; the nearest to the evidence."""
    cands = [t for t in gold if norm_text(t["text"]) == text]
    if not cands:
        inside = [t for t in gold if norm_text(t["text"]) and _contains_words(text, norm_text(t["text"]))]
        longest = max((len(norm_text(t["text"])) for t in inside), default=0)
        cands = [t for t in inside if len(norm_text(t["text"])) == longest]
    if not cands:
        return None
    if not spans:
        return min(cands, key=lambda t: t["span"][0])

    def distance(t: dict[str, Any]) -> tuple[int, int]:
        s, e = t["span"]
        return min(0 if overlaps((s, e), sp) else min(abs(s - sp[1]), abs(sp[0] - e)) for sp in spans), s
    return min(cands, key=distance)


def _contains_words(text: str, part: str) -> bool:
    """``part`` occurs in ``text`` not glued to a letter or digit on either side."""
    return re.search(rf"(?<![a-z0-9]){re.escape(part)}(?![a-z0-9])", text) is not None


def _value_ok(when: Range, value: tuple[Any, Any, bool]) -> bool:
    first, last, is_day = value
    if is_day:  # the gold day lies in the predicted range
        return (when[0] is None or when[0] <= first) and (when[1] is None or first <= when[1])
    return intersects(when, (first, last))
