"""``summarizer eval --task conflicts``: the conflicts cases scored (gold format: docs/eval.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..config import Settings
from ..evaluate.conflicts import conflicts_table, evaluate_conflicts
from ..llm.client import LLM
from ..pipeline import summarize
from .app import verbose_hook, write_output


def run_conflicts(gold_dir: Path, pred: Path | None, no_llm: bool, limit: int | None, fmt: str,
                  settings: Settings | None, verbose: bool) -> None:
    report: dict[str, Any]
    if pred is not None or no_llm or settings is None:
        report = evaluate_conflicts(gold_dir, pred_dir=pred, limit=limit)
    else:
        llm = LLM.from_settings(settings)
        if verbose:
            llm.on_exchange.append(verbose_hook)
        report = evaluate_conflicts(
            gold_dir, summarize=lambda a: summarize(a, settings=settings, llm=llm), llm=llm, limit=limit)
        report["model"] = llm.model
    write_output(json.dumps(report, indent=1) + "\n" if fmt == "json" else conflicts_table(report), None)
