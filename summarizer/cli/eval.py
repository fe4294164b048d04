"""``summarizer eval``: quality on annotated articles (gold format: docs/eval.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..evaluate import TASKS, RunRecord, evaluate, to_json, to_table
from ..llm.client import LLM
from .app import (
    ApiKeyOpt,
    BackendOpt,
    BaseUrlOpt,
    ConfigOpt,
    ModelOpt,
    ModeOpt,
    PromptsOpt,
    VerboseOpt,
    app,
    handle_errors,
    settings_from,
    verbose_hook,
    write_output,
)
from .eval_conflicts import run_conflicts

FORMATS = ("table", "json")


@app.command("eval")
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files (<id>.json, see docs/eval.md)."),
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score the outputs in this folder (<id>.json) "
                                        "instead of running the summarizer."),
    save_pred: Optional[Path] = typer.Option(None, "--save-pred", help="Keep each prediction here as <id>.json; "
                                             "a rerun reuses those made by the same model and prompt."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N gold files (in id order)."),
    task: Optional[str] = typer.Option(None, "--task", help="Only articles annotated for events, claims or timexes; "
                                       "conflicts scores conflict cases (docs/eval.md)."),
    no_llm: bool = typer.Option(False, "--no-llm", help="conflicts task: the code-found statements alone, no model."),
    format: str = typer.Option("table", "--format", "-f", help="table or json."),
    model: Optional[str] = ModelOpt, base_url: Optional[str] = BaseUrlOpt, api_key: Optional[str] = ApiKeyOpt,
    mode: Optional[str] = ModeOpt, backend: Optional[str] = BackendOpt, prompts: Optional[Path] = PromptsOpt,
    config: Optional[Path] = ConfigOpt, verbose: bool = VerboseOpt,
) -> None:
    """Score the summarizer on labelled articles: events, claims, time expressions, grounding, LLM cost."""
    if format not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    if task is not None and task not in (*TASKS, "conflicts"):
        raise typer.BadParameter(f"must be one of {', '.join(TASKS)}, conflicts", param_hint="--task")
    if pred is not None and save_pred is not None:
        raise typer.BadParameter("--pred scores existing outputs; --save-pred keeps new ones: use one",
                                 param_hint="--save-pred")
    with handle_errors(verbose):
        if task == "conflicts":
            run_conflicts(gold_dir, pred, no_llm, limit, format, settings_from(
                config, model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend,
                prompts_dir=str(prompts) if prompts else None) if not (pred or no_llm) else None, verbose)
            return
        if pred is not None:
            report = evaluate(gold_dir, pred_dir=pred, task=task, limit=limit)
        else:
            s = settings_from(config, model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend,
                              prompts_dir=str(prompts) if prompts else None)
            llm = LLM.from_settings(s)
            if verbose:
                llm.on_exchange.append(verbose_hook)
            report = evaluate(gold_dir, settings=s, llm=llm, save_dir=save_pred, task=task, limit=limit,
                              progress=_progress)
        write_output(to_json(report) if format == "json" else to_table(report), None)


def _progress(k: int, n: int, r: RunRecord) -> None:
    width = len(str(n))
    if r.status == "failed":
        typer.echo(f"[{k:{width}}/{n}] {r.id}  FAILED after {r.seconds:.1f} s: {r.error}", err=True)
        return
    seconds = f"{r.seconds:.1f} s" if r.seconds is not None else "? s"
    typer.echo(f"[{k:{width}}/{n}] {r.id}  {r.status:6} {seconds}  {r.calls} call(s)  "
               f"{r.prompt_tokens}+{r.completion_tokens} tokens", err=True)
