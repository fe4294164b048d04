"""The ledger of a batch run: what the executors share. Budget, counts, the exchange rows and each
article's result, committed one transaction per article.

The run (``run.BatchRun``) opens a ledger, hands it to an executor (``live.LiveMode`` or
``provider.BatchApi``, or the ``workers`` that run live mode in other processes) and closes it.
Executors act on the run only through these methods.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from ..config import Settings
from ..llm.backend import backend_named
from ..llm.client import LLM, Exchange, Usage, dumps_messages
from ..llm.pricing import Estimator, Price
from ..load.inputs import Entry
from ..prepare.prompts import Prompt
from ..schema import ArticleSummary
from ..store.sqlite import Store, now
from .types import CURRENT_ITEM, BatchOptions, Counts, Reporter

__all__ = ["Ledger", "run_summaries"]


class Ledger:
    """One run's shared state. ``run_id``, ``prompt``, ``meta`` and ``entries`` are set by the run
    (or by a worker from the parent's work) before an executor starts."""

    def __init__(self, store: Store, settings: Settings, options: BatchOptions, reporter: Reporter,
                 llm: LLM | None, *, model: str, backend: str, price: Price | None):
        self.store, self.settings, self.options, self.reporter, self.llm = store, settings, options, reporter, llm
        self.model, self.backend, self.price = model, backend, price
        self.estimator = Estimator(settings.max_tokens)
        self.counts = Counts()
        self.entries: dict[str, Entry] = {}
        self.run_id = 0
        self.prompt: Prompt | None = None
        self.meta: dict[str, Any] = {}
        self._budget_hit = False
        self._reserved = 0.0
        self._buf: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    @property
    def backend_is_embedded(self) -> bool:
        """The backend runs on this machine, one call at a time (the embedded model)."""
        return backend_named(self.backend).local

    # -- budget -----------------------------------------------------------------------
    @property
    def budget_hit(self) -> bool:
        return self._budget_hit

    def stop_for_budget(self) -> None:
        """No new article is started (a worker's shard hit its share of the budget)."""
        self._budget_hit = True

    def budget_allows(self, est_cost: float) -> bool:
        """False (and the run stops taking new articles) when this one could exceed --max-cost."""
        if self.options.max_cost is None or self._budget_hit:
            return not self._budget_hit
        if self.counts.cost + self._reserved + est_cost > self.options.max_cost:
            self._budget_hit = True
            self.reporter.message(f"budget: ${self.counts.cost:.4f} spent, stopping before --max-cost "
                                  f"${self.options.max_cost:g}")
        return not self._budget_hit

    def reserve(self, est_cost: float) -> None:
        """An article's estimated cost, held against the budget while its calls are out."""
        self._reserved += est_cost

    def release(self, est_cost: float | None = None) -> None:
        """Give back one reservation, or (``None``) all of them."""
        self._reserved = 0.0 if est_cost is None else self._reserved - est_cost

    # -- counts -------------------------------------------------------------------------
    def load_counts(self) -> None:
        """Counts from the store, plus the exchanges not yet written."""
        t = self.store.totals(self.run_id)
        c = self.counts
        c.total, c.done, c.cached, c.failed, c.pending = t["total"], t["done"], t["cached"], t["failed"], t["pending"]
        c.calls, c.prompt_tokens, c.completion_tokens = t["exchanges"], t["prompt_tokens"], t["completion_tokens"]
        c.cost = t["cost"]
        with self._lock:
            for r in self._buf:
                c.calls += 1
                c.prompt_tokens += r["prompt_tokens"]
                c.completion_tokens += r["completion_tokens"]
                c.cost += r["cost"]

    def add_report(self, key: str, status: str, error: str | None, calls: int, prompt_tokens: int,
                   completion_tokens: int, cost: float) -> None:
        """An article another process finished (``workers``), with what it cost."""
        c = self.counts
        setattr(c, status, getattr(c, status) + 1)
        c.pending -= 1
        c.calls += calls
        c.prompt_tokens += prompt_tokens
        c.completion_tokens += completion_tokens
        c.cost += cost
        self.reporter.item(key, status, error, c)

    # -- the exchange ledger ----------------------------------------------------------
    def on_exchange(self, ex: Exchange, *, item_key: str | None = None, batch: bool = False) -> None:
        """LLM hook (any thread): one ledger row, written with the next commit."""
        cost = self.price.cost(ex.prompt_tokens, ex.completion_tokens, batch=batch) if self.price else 0.0
        row = {"run_id": self.run_id, "item_key": item_key or CURRENT_ITEM.get(), "model": ex.model,
               "prompt_tokens": ex.prompt_tokens, "completion_tokens": ex.completion_tokens, "cost": cost,
               "duration_s": round(ex.duration_s, 4), "error": ex.error, "finish_reason": ex.finish_reason,
               "request": dumps_messages(ex.messages) if self.options.log_messages else None,
               "response": ex.response, "batch": int(batch), "created_at": now()}
        with self._lock:
            self._buf.append(row)
            self.counts.calls += 1
            self.counts.prompt_tokens += ex.prompt_tokens
            self.counts.completion_tokens += ex.completion_tokens
            self.counts.cost += cost

    def take_exchanges(self) -> list[dict[str, Any]]:
        with self._lock:
            rows, self._buf = self._buf, []
        return rows

    def flush(self) -> None:
        rows = self.take_exchanges()
        if rows:
            try:
                self.store.add_exchanges(rows)
            except BaseException:
                with self._lock:
                    self._buf[:0] = rows
                raise

    def usage_row(self, usage: Usage, duration_s: float | None, batch: bool = False) -> dict[str, Any]:
        cost = self.price.cost(usage.prompt_tokens, usage.completion_tokens, batch=batch) if self.price else 0.0
        return {"calls": usage.calls, "failed_attempts": usage.failed_attempts, "prompt_tokens": usage.prompt_tokens,
                "completion_tokens": usage.completion_tokens, "cost": cost,
                "duration_s": round(duration_s, 3) if duration_s is not None else None}

    # -- results --------------------------------------------------------------------------
    def record_success(self, key: str, entry: Entry, summary: ArticleSummary, usage: Usage,
                       duration_s: float | None, *, batch: bool = False) -> None:
        assert entry.cache_key is not None and entry.content_hash is not None
        self.store.record_success(self.run_id, key, cache_key=entry.cache_key, content_hash=entry.content_hash,
                                  summary=summary.model_dump_json(), meta=self.meta,
                                  usage=self.usage_row(usage, duration_s, batch), exchanges=self.take_exchanges())
        self.counts.done += 1
        self.counts.pending -= 1
        self.reporter.item(key, "done", None, self.counts)

    def record_cached(self, key: str) -> None:
        self.store.mark_cached(self.run_id, [key])
        self.counts.cached += 1
        self.counts.pending -= 1
        self.reporter.item(key, "cached", None, self.counts)

    def record_cached_many(self, keys: list[str]) -> None:
        """Articles whose content another article of this run produced (no progress line each)."""
        self.store.mark_cached(self.run_id, keys)
        self.counts.cached += len(keys)
        self.counts.pending -= len(keys)

    def record_failure(self, key: str, error: str, usage: Usage, duration_s: float | None, *,
                       batch: bool = False) -> None:
        self.store.record_failure(self.run_id, key, error, usage=self.usage_row(usage, duration_s, batch),
                                  exchanges=self.take_exchanges())
        self.counts.failed += 1
        self.counts.pending -= 1
        self.reporter.item(key, "failed", error, self.counts)


def run_summaries(store: Store, run_id: int) -> list[ArticleSummary]:
    """The run's summaries, each carrying its own article's metadata (a cached result may
    come from another file with the same content)."""
    out = []
    for item, js in store.summaries(run_id):
        summary = ArticleSummary.model_validate_json(js)
        meta = json.loads(item["article"] or "{}")
        summary.article = summary.article.model_copy(update={**meta, "id": item["key"]})
        out.append(summary)
    return out
