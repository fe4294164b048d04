"""Typed rows of the batch store: what :class:`~summarizer.store.sqlite.Store` returns for runs,
items and provider batches.

TypedDicts, so a row is still the plain mapping the CLI, the exports and the tests read
(``item["status"]``), while the batch code and a type checker know each field and its type.
"""

from __future__ import annotations

from typing import Any, TypedDict

__all__ = ["BatchRow", "ItemRow", "PendingItem", "RunRow"]


class RunRow(TypedDict):
    id: int
    key: str
    status: str  # running | interrupted | budget | done | ...
    mode: str
    created_at: str
    updated_at: str
    finished_at: str | None
    inputs: str  # JSON list
    settings: str  # JSON object (no secrets)
    options: str  # JSON object
    model: str
    backend: str  # as meta.backend: embedded | openai | openai-batch
    prompt_version: str
    prompt_hash: str
    schema_version: str
    pid: int | None
    host: str | None
    invocations: int
    note: str | None


class PendingItem(TypedDict):
    """An article still to summarize, with what a retry needs."""

    key: str
    cache_key: str | None
    attempts: int  # replies already judged (Batch API rounds)
    next_messages: str | None  # JSON: the re-ask's messages for the next round


class ItemRow(PendingItem):
    run_id: int
    seq: int
    source: str
    content_hash: str | None
    article: str | None
    status: str  # pending | done | cached | failed
    error: str | None
    calls: int
    failed_attempts: int
    prompt_tokens: int
    completion_tokens: int
    cost: float
    duration_s: float | None
    updated_at: str


class BatchRow(TypedDict):
    """One round submitted to the provider's Batch API."""

    id: int
    run_id: int
    round: int
    input_file_id: str | None
    provider_id: str | None
    status: str
    output_file_id: str | None
    error_file_id: str | None
    items: list[Any]  # [item key, attempts] pairs
    created_at: str
    updated_at: str
