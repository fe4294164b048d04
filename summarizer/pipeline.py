"""The pipeline: load → prompt → extract → ground → normalize → reconcile → summary.

``summarize`` and ``asummarize`` are the library's entry points; the CLI and the
nightly batch call them too.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from .assemble import build_claims, build_events, build_key_points
from .attribution import find_attributions
from .config import Settings
from .draft import ArticleContext, Draft
from .figures import casualty_figures
from .ingest import parse_text
from .llm import LLM, Usage
from .prompts import Prompt, load_prompt
from .schema import Article, ArticleSummary, Meta
from .segment import split_sentences

__all__ = ["Prepared", "asummarize", "prepare", "summarize"]


class Prepared:
    """Everything computed before the LLM call: sentences, attribution candidates, messages."""

    def __init__(self, article: Article, prompt: Prompt, max_attempts: int):
        self.article = article
        self.prompt = prompt
        self.sentences = split_sentences(article.text)
        self.attributions = find_attributions(article.text, self.sentences)
        self.figures = casualty_figures(self.sentences)
        self.context = ArticleContext(article.text, self.sentences, self.figures, max_attempts=max_attempts)
        self.messages = prompt.messages(article=article, sentences=self.sentences, attributions=self.attributions,
                                        figures=self.figures)


def _as_article(article: str | Article | dict[str, Any]) -> Article:
    if isinstance(article, Article):
        return article
    if isinstance(article, dict):
        return Article(**article)
    return parse_text(article)


def prepare(article: str | Article | dict[str, Any], settings: Settings, prompts_dir: str | Path | None = None) -> Prepared:
    art = _as_article(article)
    prompt = load_prompt("summarize", prompts_dir or settings.prompts_dir)
    return Prepared(art, prompt, max_attempts=settings.max_reasks + 1)


def finish(p: Prepared, draft: Draft, llm: LLM, usage: Usage, started: float) -> ArticleSummary:
    ctx = p.context
    events = build_events(draft, ctx, p.article)
    claims = build_claims(p.attributions, draft.claims, ctx, p.article)
    summary = ArticleSummary(
        article=p.article, headline=draft.headline.strip(), key_points=build_key_points(draft, ctx),
        events=events, claims=claims, conflicts=[],
        meta=Meta(model=llm.model, backend=llm.backend, prompt_version=p.prompt.version, prompt_hash=p.prompt.hash,
                  llm_calls=usage.calls, prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
                  duration_s=round(time.perf_counter() - started, 3), warnings=list(ctx.warnings)),
    )
    try:
        from .reconcile import article_conflicts
    except ImportError:  # reconciliation not installed in this build
        return summary
    summary.conflicts = article_conflicts(summary)
    return summary


def _resolve(settings: Settings | None, llm: LLM | None, client: Any, **overrides: Any) -> tuple[Settings, LLM]:
    s = settings or Settings.load(**overrides)
    if llm is None:
        if client is not None:
            llm = LLM(client, model=s.resolved_model, backend="custom", settings=s)
        else:
            llm = LLM.from_settings(s)
    return s, llm


def summarize(article: str | Article | dict[str, Any], *, settings: Settings | None = None, llm: LLM | None = None,
              client: Any = None, prompts_dir: str | Path | None = None, usage: Usage | None = None,
              **overrides: Any) -> ArticleSummary:
    """Summarize one article (text, ``Article`` or dict) into an :class:`ArticleSummary`.

    ``client`` may be your own ``instructor`` client; ``overrides`` are Settings fields
    (``model=``, ``base_url=``, ``api_key=``, ...).
    """
    started = time.perf_counter()
    s, llm = _resolve(settings, llm, client, **overrides)
    p = prepare(article, s, prompts_dir)
    usage = usage if usage is not None else Usage()
    draft = llm.extract(Draft, p.messages, context={"article": p.context}, usage=usage)
    return finish(p, draft, llm, usage, started)


async def asummarize(article: str | Article | dict[str, Any], *, settings: Settings | None = None,
                     llm: LLM | None = None, client: Any = None, prompts_dir: str | Path | None = None,
                     usage: Usage | None = None, **overrides: Any) -> ArticleSummary:
    """The async twin of :func:`summarize`."""
    started = time.perf_counter()
    s, llm = _resolve(settings, llm, client, **overrides)
    p = prepare(article, s, prompts_dir)
    usage = usage if usage is not None else Usage()
    draft = await llm.aextract(Draft, p.messages, context={"article": p.context}, usage=usage)
    return finish(p, draft, llm, usage, started)
