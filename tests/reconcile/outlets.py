"""Helpers for the reconcile tests: summaries of an article's bare text (no model), from outlets
"One" and "Two", and the conflicts reconcile finds in them, by kind."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import StoryConflict
from summarizer.schema import Article, Conflict


def bare(text: str, aid: str = "a", published: str = "2025-03-14", source: str | None = None) -> ArticleSummary:
    """A summary of nothing but the article's text, as reconcile sees an article with no model."""
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def one(text: str, **kw: Any) -> ArticleSummary:
    """Article ``a`` from outlet One."""
    return bare(text, aid="a", source="One", **kw)


def two(text: str, **kw: Any) -> ArticleSummary:
    """Article ``b`` from outlet Two."""
    return bare(text, aid="b", source="Two", **kw)


def across(*articles: ArticleSummary) -> list[StoryConflict]:
    """The conflicts reconcile reports for ``articles`` together."""
    return reconcile(list(articles)).conflicts


def of_kind(kind: str, conflicts: Iterable[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.kind == kind]


def attribution(conflicts: Iterable[Conflict]) -> list[Conflict]:
    return of_kind("attribution", conflicts)


def contradictions(conflicts: Iterable[Conflict]) -> list[Conflict]:
    return of_kind("contradiction", conflicts)


def kinds(conflicts: Iterable[Conflict]) -> list[str]:
    return sorted(c.kind for c in conflicts)


def story_kinds(*articles: ArticleSummary) -> list[str]:
    """The kinds of the story-level conflicts between ``articles``, sorted."""
    return kinds(c for c in across(*articles) if c.scope == "story")
