"""``summarizer summarize`` and ``summarizer schema``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from ..errors import RenderError
from ..llm.client import LLM
from ..load.article import load_article
from ..pipeline import summarize as run_summarize
from ..render.html import to_html
from ..render.markdown import to_json, to_markdown
from ..schema import ArticleSummary
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

FORMATS = ("md", "json", "html")


@app.command()
def summarize(
    file: str = typer.Argument(..., help="Article file (text, JSON or HTML), or - for stdin."),
    format: str = typer.Option("md", "--format", "-f", help="md, json or html."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    model: Optional[str] = ModelOpt, base_url: Optional[str] = BaseUrlOpt, api_key: Optional[str] = ApiKeyOpt,
    mode: Optional[str] = ModeOpt, backend: Optional[str] = BackendOpt, prompts: Optional[Path] = PromptsOpt,
    config: Optional[Path] = ConfigOpt, verbose: bool = VerboseOpt,
) -> None:
    """Summarize one article into events, claims, key points and conflicts."""
    with handle_errors(verbose):
        if format not in FORMATS:
            raise RenderError(f"--format must be one of {', '.join(FORMATS)}, not {format!r}")
        article = load_article(file)
        s = settings_from(config, model=model, base_url=base_url, api_key=api_key, mode=mode, backend=backend,
                          prompts_dir=str(prompts) if prompts else None)
        llm = LLM.from_settings(s)
        if verbose:
            llm.on_exchange.append(verbose_hook)
        summary = run_summarize(article, settings=s, llm=llm)
        write_output(render(summary, format), output)


def render(summary: ArticleSummary, format: str) -> str:
    if format == "json":
        return to_json(summary) + "\n"
    if format == "html":
        return to_html(summary)
    return to_markdown(summary)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the ArticleSummary output."""
    typer.echo(json.dumps(ArticleSummary.model_json_schema(), indent=2))
