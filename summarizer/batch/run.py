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
import hashlib
import json
import os
import socket
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from platformdirs import user_data_path

from ..config import Settings
from ..errors import ConfigError, StoreError
from ..llm.client import LLM
from ..llm.pricing import check_budget
from ..load.inputs import discover
from ..prepare.prompts import Prompt, load_prompt
from ..render.digest import digest_markdown
from ..schema import SCHEMA_VERSION
from ..store.rows import PendingItem, RunRow
from ..store.sqlite import Store
from .digest import make_digest
from .ledger import Ledger, run_summaries
from .live import LiveMode
from .provider import BatchApi
from .types import EXIT_BUDGET, EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, BatchOptions, Reporter, RunResult, cache_key
from .workers import Workers, run_sharded

__all__ = ["BatchRun", "arun_batch", "default_db_path", "display_status", "run_batch", "run_summaries"]


def run_batch(inputs: list[str], db: str | Path, settings: Settings, options: BatchOptions | None = None, *,
              reporter: Reporter | None = None, llm: LLM | None = None) -> RunResult:
    """Summarize every article in ``inputs`` into the SQLite file ``db`` (see the module docstring)."""
    return asyncio.run(arun_batch(inputs, db, settings, options, reporter=reporter, llm=llm))


async def arun_batch(inputs: list[str], db: str | Path, settings: Settings, options: BatchOptions | None = None, *,
                     reporter: Reporter | None = None, llm: LLM | None = None) -> RunResult:
    with Store(db) as store:
        return await BatchRun(store, settings, options or BatchOptions(), reporter or Reporter(), llm).run(inputs)


class BatchRun:
    """One run: register the inputs, take the cache's hits, hand the rest to an executor, finish with a digest."""

    def __init__(self, store: Store, settings: Settings, options: BatchOptions, reporter: Reporter, llm: LLM | None):
        if options.mode not in ("live", "batch-api"):
            raise ConfigError(f"mode must be live or batch-api, not {options.mode!r}")
        if options.concurrency < 1:
            raise ConfigError("concurrency must be at least 1")
        if options.workers < 1:
            raise ConfigError("workers must be at least 1")
        check_budget(options)
        model = llm.model if llm else settings.resolved_model
        backend = llm.backend if llm else settings.resolved_backend
        price = options.prices.for_model(model, backend)
        if options.max_cost is not None and price is None:
            raise ConfigError(f"--max-cost needs a price for model {model!r}: pass --prices FILE or "
                              "--price-input/--price-output")
        self.store, self.settings, self.options, self.reporter, self.llm = store, settings, options, reporter, llm
        self.ledger = Ledger(store, settings, options, reporter, llm, model=model, backend=backend, price=price)
        self.workers: Workers | None = None  # the processes of --workers, started with the run

    @property
    def sharded(self) -> bool:
        """Live mode on an endpoint with --workers N: N processes share the articles."""
        return (self.options.workers > 1 and self.options.mode == "live" and self.llm is None
                and not self.ledger.backend_is_embedded)

    async def run(self, inputs: list[str]) -> RunResult:
        if self.sharded:
            self.workers = Workers(self.options.workers)  # they import while the inputs are read
        try:
            return await self._run(inputs)
        finally:
            if self.workers:
                self.workers.close()

    async def _run(self, inputs: list[str]) -> RunResult:
        started = time.perf_counter()
        job = self.ledger
        duplicates: list[str] = []
        entries = discover(inputs, duplicates)
        prompt = job.prompt = load_prompt("summarize", self.settings.prompts_dir)  # for every article of the run
        key = self._run_key(inputs, prompt)
        prior = self.store.resumable_run(key)
        if prior and _alive(prior):
            raise StoreError(f"run {prior['id']} of this command is in progress "
                             f"(pid {prior['pid']} on {prior['host']})")
        if prior:
            job.run_id = prior["id"]
        else:
            job.run_id = self.store.create_run(
                key=key, mode=self.options.mode, inputs=list(inputs), settings=_safe_settings(self.settings),
                options=self.options.public(), model=job.model, backend=job.backend, prompt_version=prompt.version,
                prompt_hash=prompt.hash, schema_version=SCHEMA_VERSION)
        self.store.claim_run(job.run_id, pid=os.getpid(), host=socket.gethostname(), options=self.options.public())
        job.meta = {"model": job.model, "prompt_version": prompt.version, "prompt_hash": prompt.hash,
                    "schema_version": SCHEMA_VERSION}
        for e in entries:
            e.cache_key = cache_key(e.content_hash, job.model, prompt) if e.content_hash else None
        job.entries = {e.key: e for e in entries}
        self.store.sync_items(job.run_id, [
            {"key": e.key, "seq": n, "source": e.source, "error": e.error, "content_hash": e.content_hash,
             "cache_key": e.cache_key, "article": e.article.model_dump_json(exclude={"text"}) if e.article else None}
            for n, e in enumerate(entries)])
        pending = self.store.pending_items(job.run_id)
        if not self.options.refresh and pending:
            hits = self.store.cached([p["cache_key"] for p in pending if p["cache_key"]])
            self.store.mark_cached(job.run_id, [p["key"] for p in pending if p["cache_key"] in hits])
            pending = [p for p in pending if p["cache_key"] not in hits]
        job.load_counts()
        self.reporter.start(job.run_id, prior is not None, job.counts)
        for note in duplicates:
            self.reporter.message(f"warning: {note}")
        for e in entries:
            if e.error:
                self.reporter.item(e.key, "failed", e.error, job.counts)
        if self.options.workers > 1 and not self.sharded:
            self.reporter.message("--workers: one process here (it shares out live runs on an endpoint; the "
                                  "embedded model, the Batch API and an LLM passed in run in this process)")
        if pending:
            ticker = asyncio.create_task(self._tick())
            try:
                await self._execute(pending)
            finally:
                ticker.cancel()
                job.flush()
        return self._finish(started, prior is not None)

    async def _execute(self, pending: list[PendingItem]) -> None:
        workers = min(self.options.workers, len(pending))
        if self.options.mode == "batch-api":
            await BatchApi(self.ledger).run(pending)
        elif self.sharded and workers > 1:
            await run_sharded(self.ledger, pending, workers, self.workers)
        else:
            await LiveMode(self.ledger).run(pending)

    def _finish(self, started: float, resumed: bool) -> RunResult:
        job = self.ledger
        job.load_counts()
        c = job.counts
        ok = c.done + c.cached
        if c.pending and job.budget_hit:
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
            digest, sig = make_digest(self.store, job.run_id, status)
            self.store.save_digest(job.run_id, json.dumps(digest, ensure_ascii=False), digest_markdown(digest), sig)
        except StoreError:
            raise
        except Exception as e:  # the results are safe; a digest bug must not fail the run
            note = "; ".join(filter(None, [note, f"digest failed: {type(e).__name__}: {e}"]))
        self.store.finish_run(job.run_id, status, note)
        result = RunResult(job.run_id, status, code, c, resumed, round(time.perf_counter() - started, 3), note)
        self.reporter.finish(result)
        return result

    def _run_key(self, inputs: list[str], prompt: Prompt) -> str:
        ident = {"inputs": sorted(os.path.abspath(i) for i in inputs), "model": self.ledger.model,
                 "backend": self.ledger.backend, "base_url": _strip_userinfo(self.settings.base_url),
                 "prompt": [prompt.version, prompt.hash], "schema": SCHEMA_VERSION, "mode": self.options.mode,
                 "refresh": self.options.refresh}
        return hashlib.sha256(json.dumps(ident, sort_keys=True).encode()).hexdigest()

    async def _tick(self) -> None:
        n = 0
        while True:
            await asyncio.sleep(0.25)
            n += 1
            if n % 4 == 0:
                self.ledger.flush()
            self.reporter.tick(self.ledger.counts)


def display_status(run: Mapping[str, Any] | RunRow) -> str:
    """A run's status for people: a "running" run whose process is gone is "interrupted" (resumable)."""
    if run.get("status") == "running" and not (_alive(run) or run.get("pid") == os.getpid()):
        return "interrupted"
    return str(run.get("status"))


def default_db_path() -> Path:
    return user_data_path("summarizer") / "runs.db"


def _alive(run: Mapping[str, Any] | RunRow) -> bool:
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
        parts = parts._replace(netloc=(parts.hostname or "") + (f":{parts.port}" if parts.port else ""))
    return urlunsplit(parts)


def _safe_settings(s: Settings) -> dict[str, Any]:
    d = s.public()
    d["base_url"] = _strip_userinfo(d.get("base_url"))
    return d
