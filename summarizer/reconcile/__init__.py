"""Reconciliation: typed conflicts between source statements, within an article and across articles.

``article_conflicts(summary)`` fills ``ArticleSummary.conflicts`` (deterministic, no LLM);
``reconcile(summaries)`` groups articles into stories, counts syndicated copies once and
reports the conflicts between sources: numeric, update, temporal, attribution, contradiction.
"""

from __future__ import annotations

from .core import article_conflicts, reconcile
from .model import Reconciliation, Story, StoryConflict, StoryEvent

__all__ = ["Reconciliation", "Story", "StoryConflict", "StoryEvent", "article_conflicts", "reconcile"]
