"""summarizer: news articles → typed, grounded, reconciled summaries.

    >>> from summarizer import summarize
    >>> summary = summarize(open("article.txt").read())
"""

from __future__ import annotations

from .config import Settings
from .errors import (
                     ConfigError,
                     EndpointError,
                     InputError,
                     LLMError,
                     OutputTruncated,
                     RenderError,
                     RetriesExhausted,
                     StoreError,
                     SummarizerError,
)
from .llm.client import LLM, Exchange, Usage
from .load.article import load_article, parse_text
from .pipeline import asummarize, summarize
from .reconcile import Reconciliation, Story, reconcile
from .render.markdown import to_json, to_markdown
from .schema import (
                     Actor,
                     Article,
                     ArticleSummary,
                     Casualty,
                     Claim,
                     Conflict,
                     ConflictSide,
                     Event,
                     KeyPoint,
                     Location,
                     Meta,
                     Quantity,
                     Source,
                     Span,
                     TimeRef,
)

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "ArticleSummary", "Casualty", "Claim", "ConfigError", "Conflict", "ConflictSide",
    "EndpointError", "Event", "Exchange", "InputError", "KeyPoint", "LLM", "LLMError", "Location", "Meta",
    "OutputTruncated", "Quantity", "Reconciliation", "RenderError", "RetriesExhausted", "Settings", "Source", "Span",
    "StoreError", "Story", "SummarizerError", "TimeRef", "Usage", "asummarize", "load_article", "parse_text",
    "reconcile", "summarize", "to_json", "to_markdown",
]
