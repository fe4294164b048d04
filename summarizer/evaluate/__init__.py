"""Quality evaluation on annotated articles (gold format: docs/eval.md).

    >>> from summarizer.evaluate import evaluate
    >>> report = evaluate("gold/", pred_dir="preds/")          # score existing outputs
    >>> report = evaluate("gold/", settings=Settings.load())   # run the summarizer, then score

``report`` holds the scores (same names as the corpus's reference scorer), the
losses per pipeline stage, per-document scores and, for runs, LLM calls, tokens,
seconds and first-attempt validity per article.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError
from ..llm.client import LLM
from ..prepare.prompts import load_prompt
from .gold import TASKS, GoldDoc, load_gold, load_prediction
from .metrics import score
from .report import to_json, to_table
from .runner import Progress, RunRecord, given_records, run, run_stats

__all__ = ["TASKS", "GoldDoc", "RunRecord", "evaluate", "load_gold", "score", "to_json", "to_table"]


def evaluate(gold_dir: str | Path, *, pred_dir: str | Path | None = None, settings: Settings | None = None,
             llm: LLM | None = None, save_dir: str | Path | None = None, task: str | None = None,
             limit: int | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Score ``pred_dir`` against ``gold_dir``, or (without ``pred_dir``) run the summarizer first."""
    docs = load_gold(gold_dir, task=task, limit=limit)
    report: dict[str, Any] = {"gold_dir": str(gold_dir)}
    if pred_dir is not None:
        folder = Path(pred_dir)
        if not folder.is_dir():
            raise InputError(f"{folder}: not a directory of predictions")
        preds = {d.id: load_prediction(folder, d.id) for d in docs}
        records = given_records(docs, preds, folder)
    else:
        settings = settings or Settings.load()
        llm = llm or LLM.from_settings(settings)
        prompt = load_prompt("summarize", settings.prompts_dir)
        report.update(model=llm.model, prompt=f"{prompt.version} {prompt.hash}")
        preds, records = run(docs, settings=settings, llm=llm, save_dir=Path(save_dir) if save_dir else None,
                             progress=progress)
    report.update(score(docs, preds, tasks=(task,) if task else TASKS))
    report["runs"] = run_stats(records)
    return report
