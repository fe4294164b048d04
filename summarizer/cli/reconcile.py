"""``summarizer reconcile``: ArticleSummary JSON files → stories and the conflicts between their sources."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer

from ..config import Settings
from ..errors import InputError, RenderError
from ..llm.client import LLM
from ..load.article import read_input
from ..reconcile import reconcile as run_reconcile
from ..render.reconciliation import reconciliation_markdown
from ..render.safe_text import md_document
from .app import (
    ApiKeyOpt,
    BackendOpt,
    BaseUrlOpt,
    ConfigOpt,
    ModelOpt,
    ModeOpt,
    VerboseOpt,
    app,
    handle_errors,
    settings_from,
    verbose_hook,
    write_output,
)

FORMATS = ("md", "json")


def read_summaries(path: str) -> list[Any]:
    """One file's summaries: a JSON object, a JSON list of them, or JSON Lines; ``-`` reads stdin."""
    raw, name = read_input(path, what="a summary file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{name}: empty file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            data = [json.loads(ln) for ln in lines] if len(lines) > 1 else None
        except json.JSONDecodeError:
            data = None
        if data is None:
            raise InputError(f"{name}: not JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise InputError(f"{name}: an empty list, no summaries")
    for k, item in enumerate(items, 1):
        if not isinstance(item, dict) or "article" not in item:
            where = f"{name}" if len(items) == 1 else f"{name} item {k}"
            raise InputError(f"{where}: not an ArticleSummary (no 'article' object); "
                             "give the JSON of `summarizer summarize -f json`")
    return items


def _lazy_llm(s: Settings, verbose: bool) -> Callable[[], LLM]:
    """The LLM, built only if a candidate pair needs judging (no model loads otherwise)."""
    def make() -> LLM:
        llm = LLM.from_settings(s)
        if verbose:
            llm.on_exchange.append(verbose_hook)
        return llm
    return make


@app.command()
def reconcile(
    files: list[str] = typer.Argument(..., help="ArticleSummary JSON files (`summarize -f json`), or - for stdin."),
    format: str = typer.Option("md", "--format", "-f", help="md or json."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    no_llm: bool = typer.Option(False, "--no-llm", help="Deterministic rules only: never ask the LLM."),
    cache: Optional[Path] = typer.Option(None, "--cache", help="JSON file that keeps the LLM's pair verdicts."),
    model: Optional[str] = ModelOpt, base_url: Optional[str] = BaseUrlOpt, api_key: Optional[str] = ApiKeyOpt,
    mode: Optional[str] = ModeOpt, backend: Optional[str] = BackendOpt, config: Optional[Path] = ConfigOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Group summaries into stories and report where their sources disagree."""
    with handle_errors(verbose):
        if format not in FORMATS:
            raise RenderError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
        items = [item for f in files for item in read_summaries(f)]
        llm = None if no_llm else _lazy_llm(settings_from(config, model=model, base_url=base_url, api_key=api_key,
                                                          mode=mode, backend=backend), verbose)
        result = run_reconcile(items, llm=llm, cache_path=cache)
        text = (result.model_dump_json(indent=2) + "\n" if format == "json"
                else md_document(reconciliation_markdown(result)))
        write_output(text, output)
