"""The batch's shared vocabulary: options, counts, the result, progress callbacks, cache keys, exit codes."""

from __future__ import annotations

import contextvars
import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from ..llm.pricing import PriceTable
from ..prepare.prompts import Prompt
from ..schema import SCHEMA_VERSION

__all__ = ["CURRENT_ITEM", "EXIT_BUDGET", "EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "BatchOptions", "Counts",
           "Reporter", "RunResult", "cache_key"]

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED, EXIT_BUDGET = 0, 10, 11, 12
# the article whose LLM calls are being made (set by the worker; read by the exchange hook, in any thread)
CURRENT_ITEM: contextvars.ContextVar[str | None] = contextvars.ContextVar("summarizer_batch_item", default=None)


@dataclass
class BatchOptions:
    concurrency: int = 16
    requests_per_min: float | None = None
    tokens_per_min: float | None = None
    refresh: bool = False  # ignore the cache (results are still written to it)
    mode: str = "live"  # live | batch-api
    max_cost: float | None = None  # USD for the whole run, across resumes
    prices: PriceTable = field(default_factory=PriceTable)
    poll_interval_s: float = 30.0  # Batch API status polls
    log_messages: bool = True  # keep each exchange's request messages in the ledger
    workers: int = 1  # live mode, endpoint backend: processes sharing the articles (see workers.py)

    def public(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("prices")
        return d


@dataclass
class Counts:
    total: int = 0
    done: int = 0
    cached: int = 0
    failed: int = 0
    pending: int = 0
    in_flight: int = 0
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0


@dataclass
class RunResult:
    run_id: int
    status: str  # done | partial | failed | stopped
    exit_code: int
    counts: Counts
    resumed: bool
    elapsed_s: float
    note: str | None = None


class Reporter:
    """Progress callbacks; the CLI draws a bar or writes JSON lines. All are no-ops here."""

    def start(self, run_id: int, resumed: bool, counts: Counts) -> None: ...
    def item(self, key: str, status: str, error: str | None, counts: Counts) -> None: ...
    def tick(self, counts: Counts) -> None: ...
    def message(self, text: str) -> None: ...
    def finish(self, result: RunResult) -> None: ...


def cache_key(content_hash: str, model: str, prompt: Prompt) -> str:
    ident = json.dumps([content_hash, model, prompt.version, prompt.hash, SCHEMA_VERSION])
    return hashlib.sha256(ident.encode()).hexdigest()
