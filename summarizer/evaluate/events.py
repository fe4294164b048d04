"""Events against MUC-4 incidents.

Predicted events and gold incidents pair up greedily, one to one, when a predicted actor
or casualty group shares a content word with a gold actor or target, or else when
evidence overlaps a gold mention. Precision counts only events whose type names a
violent incident (MUC annotates nothing else). Over matched pairs: date, killed and
injured accuracy, location token-F1. Losses: incidents not found (extraction), dates
absent (extraction), unresolved or wrong (normalization), casualty figures absent or wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .dates import Range, intersects, parse_day, timeref_range
from .gold import GoldDoc
from .tally import Tally, as_dict, dicts, f1, one_to_one, overlaps, ratio, spans_of
from .tokens import GENERIC, INCIDENT_STEMS, LOC_STOP, content_tokens, norm_text, set_f1, tokens

__all__ = ["EventTally"]


@dataclass
class EventTally(Tally):
    docs: int = 0
    gold: int = 0  # required gold incidents
    tp_required: int = 0
    tp: int = 0  # matched pairs, optional gold incidents included
    pred: int = 0  # predicted events that look like incidents, or matched
    pred_all: int = 0
    date_n: int = 0
    date_ok: int = 0
    killed_n: int = 0
    killed_ok: int = 0
    injured_n: int = 0
    injured_ok: int = 0
    location_n: int = 0
    location_sum: float = 0.0
    # losses by stage
    missed: int = 0  # required gold incident with no predicted match (extraction)
    date_missing: int = 0  # matched, gold dated, no date predicted (extraction)
    date_unresolved: int = 0  # a date phrase without start/end (normalization)
    date_wrong: int = 0  # resolved outside the gold range (normalization)
    figure_missing: int = 0  # gold gives a count, prediction none
    figure_wrong: int = 0
    spurious: int = 0  # predicted incident events matching no gold incident

    def add(self, doc: GoldDoc, pred: dict[str, Any]) -> None:
        golds = doc.gold["events"]
        preds = dicts(pred.get("events"))
        gold_names = [_name_tokens(a for alts in g.get("actors", []) + g.get("targets", []) for a in alts)
                      for g in golds]
        gold_mentions = [[(m["start"], m["end"]) for m in g.get("mentions", [])] for g in golds]
        ranked = []
        for i, p in enumerate(preds):
            names = _name_tokens(_event_names(p))
            spans = spans_of(p)
            when = timeref_range(p.get("date"))
            for j, g in enumerate(golds):
                shared = len(names & gold_names[j])
                overlap = any(overlaps(a, b) for a in spans for b in gold_mentions[j])
                if shared or overlap:
                    span = _gold_range(g)
                    dated = bool(when and span and intersects(when, span))
                    ranked.append(((-shared, -overlap, -dated, abs(i - j), i, j), i, j))
        matched = one_to_one((i, j) for _, i, j in sorted(ranked))
        hit_p = {i for i, _ in matched}
        hit_g = {j for _, j in matched}
        required = [j for j, g in enumerate(golds) if not g.get("optional")]
        incidents = [i for i, p in enumerate(preds) if _is_incident(p) or i in hit_p]
        self.docs += 1
        self.gold += len(required)
        self.tp_required += sum(1 for j in required if j in hit_g)
        self.missed += sum(1 for j in required if j not in hit_g)
        self.tp += len(matched)
        self.pred += len(incidents)
        self.pred_all += len(preds)
        self.spurious += sum(1 for i in incidents if i not in hit_p)
        for i, j in matched:
            self._pair(preds[i], golds[j])

    def _pair(self, p: dict[str, Any], g: dict[str, Any]) -> None:
        span = _gold_range(g)
        if span is not None:
            when = timeref_range(p.get("date"))
            ok = bool(when and intersects(when, span))
            self.date_n += 1
            self.date_ok += ok
            if not ok:
                date = as_dict(p.get("date"))
                if when:
                    self.date_wrong += 1
                elif norm_text(date.get("text")):
                    self.date_unresolved += 1
                else:
                    self.date_missing += 1
        for key in ("killed", "injured"):
            want = g.get(key)
            if want is None:
                continue
            got = _count(p, key)
            ok = got == want or (want == 0 and got is None)
            setattr(self, f"{key}_n", getattr(self, f"{key}_n") + 1)
            setattr(self, f"{key}_ok", getattr(self, f"{key}_ok") + ok)
            if not ok:
                if got is None:
                    self.figure_missing += 1
                else:
                    self.figure_wrong += 1
        if g.get("location_alternatives"):
            self.location_n += 1
            self.location_sum += _locationf1(p.get("location"), g["location_alternatives"])

    def result(self) -> dict[str, Any]:
        p, r, p_all = ratio(self.tp, self.pred), ratio(self.tp_required, self.gold), ratio(self.tp, self.pred_all)
        return {
            "docs": self.docs, "gold": self.gold, "pred_incident": self.pred, "pred_all": self.pred_all, "tp": self.tp,
            "precision": p, "recall": r, "f1": f1(p, r), "precision_all": p_all, "f1_all": f1(p_all, r),
            "date_acc": ratio(self.date_ok, self.date_n), "date_n": self.date_n,
            "killed_acc": ratio(self.killed_ok, self.killed_n), "killed_n": self.killed_n,
            "injured_acc": ratio(self.injured_ok, self.injured_n), "injured_n": self.injured_n,
            "location_f1": ratio(self.location_sum, self.location_n), "location_n": self.location_n,
            "stages": {
                "extraction": {"gold_missed": self.missed, "date_missing": self.date_missing},
                "normalization": {"date_unresolved": self.date_unresolved, "date_wrong": self.date_wrong},
                "figures": {"missing": self.figure_missing, "wrong": self.figure_wrong},
                "precision": {"spurious_incidents": self.spurious},
            },
        }


def _name_tokens(names: Iterable[str]) -> set[str]:
    return {t for n in names for t in content_tokens(n, GENERIC)}


def _event_names(ev: dict[str, Any]) -> list[str]:
    return ([str(a.get("name") or "") for a in dicts(ev.get("actors"))]
            + [str(c.get("group") or "") for c in dicts(ev.get("casualties"))])


def _is_incident(ev: dict[str, Any]) -> bool:
    return any(w.startswith(INCIDENT_STEMS) for w in tokens(ev.get("type")))


def _gold_range(g: dict[str, Any]) -> Range | None:
    d = g.get("date")
    if not d or (d.get("start") is None and d.get("end") is None):
        return None
    return parse_day(d.get("start")), parse_day(d.get("end"), end=True)


def _count(ev: dict[str, Any], key: str) -> int | None:
    """The sum of casualties[].<key> (ints, integral floats, digit strings); None when none given."""
    values = []
    for c in dicts(ev.get("casualties")):
        v = c.get(key)
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            values.append(v)
        elif isinstance(v, float) and v.is_integer():
            values.append(int(v))
        elif isinstance(v, str) and v.strip().isdigit():
            try:
                values.append(int(v.strip()))
            except ValueError:  # a digit int() refuses, such as a superscript
                continue
    return sum(values) if values else None


def _locationf1(loc: Any, alternatives: list[str]) -> float:
    if isinstance(loc, dict):
        loc = loc.get("text") or loc.get("name") or ""
    got = content_tokens(str(loc or ""), LOC_STOP)
    if not got:
        return 0.0
    return max((set_f1(got, content_tokens(a, LOC_STOP)) for a in alternatives), default=0.0)
