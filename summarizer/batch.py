"""Nightly batch runs: discover → register → cache → summarize concurrently → ledger → digest.

``run_batch(inputs, db, settings, options)`` is the whole job. The run is identified by
the command (inputs, model, prompt, schema, mode, refresh): re-running a command whose
run did not finish resumes that run; re-running a finished one starts a new run that
finds everything in the cache. Each article's result, cache entry and exchanges are
committed in one transaction, so a process killed at any moment loses nothing and a
resumed run never records an article twice. The articles are summarized by a mode:
``live.LiveMode`` (concurrent calls) or ``batch_api.BatchApi`` (the provider's Batch API);
both report back through ``BatchRun.record_*`` and the ``on_exchange`` ledger hook.

Exit codes (``RunResult.exit_code``): 0 every article summarized; 10 partial (some
failed); 11 every article failed; 12 stopped cleanly at ``max_cost`` (resumable).
"""

from __future__ import annotations

import asyncio
import contextvars
import hashlib
import json
import os
import socket
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .config import Settings
from .errors import ConfigError, StoreError
from .inputs import Entry, discover
from .llm import LLM, Exchange, Usage, dumps_messages
from .pricing import Estimator, Price, PriceTable, check_budget
from .prompts import Prompt, load_prompt
from .schema import SCHEMA_VERSION, ArticleSummary
from .store import Store, now

__all__ = ["EXIT_BUDGET", "EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "BatchOptions", "Counts", "Reporter",
           "RunResult", "arun_batch", "cache_key", "default_db_path", "display_status", "run_batch",
           "run_summaries"]

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


def run_batch(inputs: list[str], db: str | Path, settings: Settings, options: BatchOptions | None = None, *,
              reporter: Reporter | None = None, llm: LLM | None = None) -> RunResult:
    """Summarize every article in ``inputs`` into the SQLite file ``db`` (see the module docstring)."""
    return asyncio.run(arun_batch(inputs, db, settings, options, reporter=reporter, llm=llm))


async def arun_batch(inputs: list[str], db: str | Path, settings: Settings, options: BatchOptions | None = None, *,
                     reporter: Reporter | None = None, llm: LLM | None = None) -> RunResult:
    with Store(db) as store:
        return await BatchRun(store, settings, options or BatchOptions(), reporter or Reporter(), llm).run(inputs)


def run_summaries(store: Store, run_id: int) -> list[ArticleSummary]:
    """The run's summaries, each carrying its own article's metadata (a cached result may
    come from another file with the same content)."""
    out = []
    for item, js in store.summaries(run_id):
        s = ArticleSummary.model_validate_json(js)
        meta = json.loads(item["article"] or "{}")
        s.article = s.article.model_copy(update={**meta, "id": item["key"]})
        out.append(s)
    return out


class BatchRun:
    def __init__(self, store: Store, settings: Settings, options: BatchOptions, reporter: Reporter, llm: LLM | None):
        if options.mode not in ("live", "batch-api"):
            raise ConfigError(f"mode must be live or batch-api, not {options.mode!r}")
        if options.concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if options.workers < 1:
            raise ConfigError("workers must be at least 1")
        check_budget(options)
        self.store, self.settings, self.options, self.reporter = store, settings, options, reporter
        self.llm = llm
        self.model = llm.model if llm else settings.resolved_model
        self.backend = llm.backend if llm else settings.resolved_backend
        self.price: Price | None = options.prices.for_model(self.model, self.backend)
        if options.max_cost is not None and self.price is None:
            raise ConfigError(f"--max-cost needs a price for model {self.model!r}: pass --prices FILE or "
                              "--price-input/--price-output")
        self.estimator = Estimator(settings.max_tokens)
        self.counts = Counts()
        self.entries: dict[str, Entry] = {}
        self.run_id = 0
        self.prompt: Prompt | None = None
        self.budget_hit = False
        self.reserved = 0.0
        self.workers: Any = None  # worker processes of --workers (workers.Workers), started with the run
        self._buf: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    # -- the run ------------------------------------------------------------------
    async def run(self, inputs: list[str]) -> RunResult:
        if self.options.workers > 1 and self.options.mode == "live" and self.backend != "embedded" and not self.llm:
            from .workers import Workers

            self.workers = Workers(self.options.workers)  # they import while the inputs are read
        try:
            return await self._run(inputs)
        finally:
            if self.workers:
                self.workers.close()

    async def _run(self, inputs: list[str]) -> RunResult:
        started = time.perf_counter()
        duplicates: list[str] = []
        entries = discover(inputs, duplicates)
        prompt = self.prompt = load_prompt("summarize", self.settings.prompts_dir)  # for every article of the run
        key = self._run_key(inputs, prompt)
        prior = self.store.resumable_run(key)
        if prior and _alive(prior):
            raise StoreError(f"run {prior['id']} of this command is in progress "
                             f"(pid {prior['pid']} on {prior['host']})")
        if prior:
            self.run_id = prior["id"]
        else:
            self.run_id = self.store.create_run(
                key=key, mode=self.options.mode, inputs=list(inputs), settings=_safe_settings(self.settings),
                options=self.options.public(), model=self.model, backend=self.backend, prompt_version=prompt.version,
                prompt_hash=prompt.hash, schema_version=SCHEMA_VERSION)
        self.store.claim_run(self.run_id, pid=os.getpid(), host=socket.gethostname(), options=self.options.public())
        self.meta = {"model": self.model, "prompt_version": prompt.version, "prompt_hash": prompt.hash,
                     "schema_version": SCHEMA_VERSION}
        for e in entries:
            e.cache_key = cache_key(e.content_hash, self.model, prompt) if e.content_hash else None
        self.entries = {e.key: e for e in entries}
        self.store.sync_items(self.run_id, [
            {"key": e.key, "seq": n, "source": e.source, "error": e.error, "content_hash": e.content_hash,
             "cache_key": e.cache_key, "article": e.article.model_dump_json(exclude={"text"}) if e.article else None}
            for n, e in enumerate(entries)])
        pending = self.store.pending_items(self.run_id)
        if not self.options.refresh and pending:
            hits = self.store.cached([p["cache_key"] for p in pending])
            self.store.mark_cached(self.run_id, [p["key"] for p in pending if p["cache_key"] in hits])
            pending = [p for p in pending if p["cache_key"] not in hits]
        self._load_counts()
        self.reporter.start(self.run_id, prior is not None, self.counts)
        for note in duplicates:
            self.reporter.message(f"warning: {note}")
        for e in entries:
            if e.error:
                self.reporter.item(e.key, "failed", e.error, self.counts)
        if self.options.workers > 1 and (self.options.mode != "live" or self.backend == "embedded" or self.llm):
            self.reporter.message("--workers: one process here (it shares out live runs on an endpoint; the "
                                  "embedded model, the Batch API and an LLM passed in run in this process)")
        if pending:
            ticker = asyncio.create_task(self._tick())
            try:
                if self.options.mode == "live":
                    from .live import LiveMode

                    await LiveMode(self).run(pending)
                else:
                    from .batch_api import BatchApi

                    await BatchApi(self).run(pending)
            finally:
                ticker.cancel()
                self.flush()
        return self._finish(started, prior is not None)

    def _finish(self, started: float, resumed: bool) -> RunResult:
        self._load_counts()
        c = self.counts
        ok = c.done + c.cached
        if c.pending and self.budget_hit:
            status, code, note = "stopped", EXIT_BUDGET, f"stopped at --max-cost ${self.options.max_cost:g}"
        elif c.pending:
            status, code, note = "stopped", EXIT_PARTIAL, f"{c.pending} article(s) still pending"
        elif c.failed == 0:
            status, code, note = "done", EXIT_OK, None
        elif ok:
            status, code, note = "partial", EXIT_PARTIAL, None
        else:
            status, code, note = "failed", EXIT_FAILED, None
        try:
            from .digest import digest_markdown, make_digest

            digest, sig = make_digest(self.store, self.run_id, status)
            self.store.save_digest(self.run_id, json.dumps(digest, ensure_ascii=False), digest_markdown(digest), sig)
        except StoreError:
            raise
        except Exception as e:  # the results are safe; a digest bug must not fail the run
            note = "; ".join(filter(None, [note, f"digest failed: {type(e).__name__}: {e}"]))
        self.store.finish_run(self.run_id, status, note)
        result = RunResult(self.run_id, status, code, c, resumed, round(time.perf_counter() - started, 3), note)
        self.reporter.finish(result)
        return result

    def _run_key(self, inputs: list[str], prompt: Prompt) -> str:
        ident = {"inputs": sorted(os.path.abspath(i) for i in inputs), "model": self.model, "backend": self.backend,
                 "base_url": _strip_userinfo(self.settings.base_url), "prompt": [prompt.version, prompt.hash],
                 "schema": SCHEMA_VERSION, "mode": self.options.mode, "refresh": self.options.refresh}
        return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()

    def _load_counts(self) -> None:
        t = self.store.totals(self.run_id)
        c = self.counts
        c.total, c.done, c.cached, c.failed, c.pending = t["total"], t["done"], t["cached"], t["failed"], t["pending"]
        c.calls, c.prompt_tokens, c.completion_tokens = t["exchanges"], t["prompt_tokens"], t["completion_tokens"]
        c.cost = t["cost"]
        with self._lock:  # exchanges not yet written count too
            for r in self._buf:
                c.calls += 1
                c.prompt_tokens += r["prompt_tokens"]
                c.completion_tokens += r["completion_tokens"]
                c.cost += r["cost"]

    async def _tick(self) -> None:
        n = 0
        while True:
            await asyncio.sleep(0.25)
            n += 1
            if n % 4 == 0:
                self.flush()
            self.reporter.tick(self.counts)

    # -- shared by the modes: budget, ledger, results ------------------------------------
    def budget_allows(self, est_cost: float) -> bool:
        """False (and the run stops taking new articles) when this one could exceed --max-cost."""
        if self.options.max_cost is None or self.budget_hit:
            return not self.budget_hit
        if self.counts.cost + self.reserved + est_cost > self.options.max_cost:
            self.budget_hit = True
            self.reporter.message(f"budget: ${self.counts.cost:.4f} spent, stopping before --max-cost "
                                  f"${self.options.max_cost:g}")
        return not self.budget_hit

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

    def record_failure(self, key: str, error: str, usage: Usage, duration_s: float | None, *,
                       batch: bool = False) -> None:
        self.store.record_failure(self.run_id, key, error, usage=self.usage_row(usage, duration_s, batch),
                                  exchanges=self.take_exchanges())
        self.counts.failed += 1
        self.counts.pending -= 1
        self.reporter.item(key, "failed", error, self.counts)


def display_status(run: dict[str, Any]) -> str:
    """A run's status for people: a "running" run whose process is gone is "interrupted" (resumable)."""
    if run.get("status") == "running" and not (_alive(run) or run.get("pid") == os.getpid()):
        return "interrupted"
    return str(run.get("status"))


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("summarizer") / "runs.db"


def _alive(run: dict[str, Any]) -> bool:
    """Is the process that last claimed this run still running (on this host)?"""
    pid = run.get("pid")
    if not pid or run.get("status") != "running" or run.get("host") != socket.gethostname() or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _strip_userinfo(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    if parts.username or parts.password:
        parts = parts._replace(netloc=parts.hostname + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts)


def _safe_settings(s: Settings) -> dict[str, Any]:
    d = s.public()
    d["base_url"] = _strip_userinfo(d.get("base_url"))
    return d
