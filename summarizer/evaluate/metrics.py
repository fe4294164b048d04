"""Scores of summaries (output-contract dicts) against gold files: every task, grounding, per document.

The rules are the corpus's (docs/eval.md); the numbers agree with its reference scorer.
Predictions are read defensively (any JSON), so other systems' outputs score too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .claims import ClaimTally
from .events import EventTally
from .gold import TASKS, GoldDoc
from .support import SupportTally
from .tally import Tally, as_list, dicts, ratio
from .timexes import TimexTally

__all__ = ["GroundingTally", "score"]


@dataclass
class GroundingTally(Tally):
    spans: int = 0
    grounded: int = 0
    article_text_mismatch: int = 0

    def add(self, doc: GoldDoc, pred: dict[str, Any]) -> None:
        text = doc.text
        echoed = pred.get("article")
        if isinstance(echoed, dict) and echoed.get("text") is not None and echoed.get("text") != text:
            self.article_text_mismatch += 1
        for key in ("key_points", "events", "claims"):
            for item in dicts(pred.get(key)):
                for sp in as_list(item.get("evidence")):
                    self.spans += 1
                    self.grounded += _grounded(sp, text)

    def result(self) -> dict[str, Any]:
        return {"spans": self.spans, "grounded": self.grounded, "rate": ratio(self.grounded, self.spans),
                "article_text_mismatch": self.article_text_mismatch}


def _grounded(sp: Any, text: str) -> bool:
    if not isinstance(sp, dict):
        return False
    s, e, t = sp.get("start"), sp.get("end"), sp.get("text")
    if not isinstance(s, int) or not isinstance(e, int) or isinstance(s, bool) or isinstance(e, bool):
        return False
    return 0 <= s <= e <= len(text) and isinstance(t, str) and text[s:e] == t


_TALLIES = {"events": EventTally, "timexes": TimexTally, "claims": ClaimTally}


def score(docs: list[GoldDoc], preds: dict[str, dict[str, Any] | None],
          tasks: Iterable[str] = TASKS) -> dict[str, Any]:
    """Scores of ``preds`` (gold id → output dict, None when missing) on ``docs``; also per document."""
    tasks = tuple(tasks)
    totals = {t: _TALLIES[t]() for t in tasks}
    grounding = GroundingTally()
    support = SupportTally()
    per_doc = []
    for doc in docs:
        pred = preds.get(doc.id) or {}
        row: dict[str, Any] = {"id": doc.id, "missing": preds.get(doc.id) is None}
        for t in tasks:
            if t in doc.tasks:
                one = _TALLIES[t]()
                one.add(doc, pred)
                totals[t].merge(one)
                row[t] = {k: v for k, v in one.result().items() if k != "stages"}
        g = GroundingTally()
        g.add(doc, pred)
        grounding.merge(g)
        row["grounding"] = g.result()["rate"]
        sup = SupportTally()
        sup.add(doc.id, doc.text, pred)
        support.merge(sup)
        row["support"] = sup.result()["rate"]
        per_doc.append(row)
    out: dict[str, Any] = {"n_gold_docs": len(docs),
                           "missing_predictions": [d.id for d in docs if preds.get(d.id) is None]}
    for t, tally in totals.items():
        if tally.docs:
            out[t] = tally.result()
    out["grounding"] = grounding.result()
    out["support"] = support.result()
    out["overall"] = {"events_f1": out.get("events", {}).get("f1"), "claims_f1": out.get("claims", {}).get("f1"),
                      "timex_acc": out.get("timexes", {}).get("accuracy"), "grounding": out["grounding"]["rate"],
                      "support": out["support"]["rate"]}
    out["per_doc"] = per_doc
    return out
