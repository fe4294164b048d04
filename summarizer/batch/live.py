"""Live mode of a batch run: articles summarized concurrently with ordinary API calls.

Each article goes through the pipeline's three public steps, ``prepare`` (sentences,
attributions, the prompt), ``extract`` (the LLM call or calls) and ``finish`` (grounding),
exactly as ``summarize`` does. ``concurrency`` bounds the requests in flight, not the
articles, and a few more workers than slots prepare, validate and ground articles around
the calls, so the slots stay full while the client does its CPU work. With the endpoint
client (the default) the calls share the event loop, a slot is held from sending each
request to reading its reply, and replies are handled one per pass of the loop
(``transport.Traffic``); an async client passed in holds a slot around each article's
calls. A short article's CPU steps run on the loop (a thread hand-off costs more), a long
one's in a thread pool. With a sync client (the embedded
model, or an LLM passed in) each step runs in the pool and a slot is taken in the
client's request hook and given back in its response hook. The embedded model answers
one article at a time (one slot; the LLM also holds a lock) while a second worker
prepares the next. Two articles with the same content are summarized once. Above one
process's CPU, ``workers.py`` shares the articles out to several.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Iterable

import instructor

from ..llm.client import LLM, Usage
from ..llm.ratelimit import RateLimiter
from ..llm.transport import Traffic
from ..load.inputs import Entry
from ..pipeline import aextract, extract, finish, prepare
from ..store.rows import PendingItem
from .ledger import Ledger
from .types import CURRENT_ITEM

__all__ = ["LiveMode", "articles_at_once"]

INLINE_CHARS = 6000  # prepare + finish of an article this short take ~1-3 ms of CPU



def articles_at_once(concurrency: int, embedded: bool = False) -> int:
    """How many articles one process has in progress: the request slots and a few more, so the
    slots stay full while the others are prepared, validated, grounded and committed. A kill loses
    at most these (a reply read but not yet committed is asked for again on resume)."""
    return 2 if embedded else concurrency + max(2, concurrency // 4)

class LiveMode:
    def __init__(self, job: Ledger):
        self.job = job
        self.inflight: dict[str, asyncio.Future[bool]] = {}

    async def run(self, pending: Iterable[PendingItem]) -> None:
        """``pending`` summarized in this process (any iterable: worker processes pass their chunks)."""
        job = self.job
        embedded = job.backend_is_embedded
        self.traffic = None if embedded or job.llm else Traffic(job.options.concurrency)
        self.llm = job.llm or LLM.from_settings(job.settings, asynchronous=not embedded, traffic=self.traffic)
        self.limiter = RateLimiter(job.options.requests_per_min, job.options.tokens_per_min)
        slots = 1 if embedded else job.options.concurrency
        workers = articles_at_once(job.options.concurrency, embedded)
        self.executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summarizer-batch")
        self.is_async = _is_async(self.llm)
        self.slots = asyncio.Semaphore(slots)  # an async client passed in: a slot around each article's calls
        self.gate = _Gate(slots)  # sync clients: a slot is held only while a request is out
        if not self.is_async:
            self.gate.attach(self.llm)
        queue = iter(pending)
        self.llm.on_exchange.append(job.on_exchange)

        async def worker() -> None:
            for item in queue:
                entry = job.entries[item["key"]]
                assert entry.article is not None
                chars = len(entry.article.text)
                est_p, est_c = job.estimator.estimate(chars)
                est_cost = job.price.cost(est_p, est_c) if job.price else 0.0
                if not job.budget_allows(est_cost):
                    return
                job.reserve(est_cost)
                try:
                    usage = await self._one(item, entry, est_p + est_c)
                finally:
                    job.release(est_cost)
                if usage is not None:
                    job.estimator.observe(chars, usage.calls, usage.prompt_tokens, usage.completion_tokens)
                    self.limiter.settle(est_p + est_c, usage.prompt_tokens + usage.completion_tokens, usage.calls)

        try:
            await asyncio.gather(*(worker() for _ in range(workers)))
        finally:
            self.llm.on_exchange.remove(job.on_exchange)
            self.gate.detach(self.llm)
            self.executor.shutdown(wait=False, cancel_futures=True)
            if job.llm is None:  # ours: its connections close with the run
                await self.llm.aclose()

    async def _one(self, item: PendingItem, entry: Entry, est_tokens: int) -> Usage | None:
        job, ck = self.job, item["cache_key"] or item["key"]  # a pending item always has one
        if ck in self.inflight and await self.inflight[ck]:  # the same content, summarized by another worker
            job.record_cached(item["key"])
            return None
        fut = self.inflight[ck] = asyncio.get_running_loop().create_future()
        usage, t0 = Usage(), time.perf_counter()
        CURRENT_ITEM.set(item["key"])  # the exchange hook files each call under this article
        try:
            p = await self._step(prepare, entry.article, job.settings, prompt=job.prompt)
            await self.limiter.acquire(est_tokens)
            job.counts.in_flight += 1
            try:
                if self.traffic:  # ours: the client holds a slot per request (transport.Traffic)
                    draft = await aextract(p, self.llm, usage)
                elif self.is_async:
                    async with self.slots:
                        draft = await aextract(p, self.llm, usage)
                else:
                    draft = await self._thread(self.gate.run, extract, p, self.llm, usage)
            finally:
                job.counts.in_flight -= 1
            summary = await self._step(finish, p, draft, self.llm, usage, t0)
        except Exception as e:  # this article fails alone; the run goes on
            job.record_failure(item["key"], f"{type(e).__name__}: {e}", usage, time.perf_counter() - t0)
            fut.set_result(False)
        else:
            job.record_success(item["key"], entry, summary, usage, time.perf_counter() - t0)
            fut.set_result(True)
        finally:
            CURRENT_ITEM.set(None)
        return usage

    async def _step(self, fn: Callable[..., Any], article_or_prepared: Any, *args: Any, **kwargs: Any) -> Any:
        """A CPU step of the pipeline: with an async client, a short article's runs right here
        (a thread hand-off costs more than the step); the rest go to the pool, off the loop."""
        text = getattr(getattr(article_or_prepared, "article", article_or_prepared), "text", "")
        if self.is_async and len(text) <= INLINE_CHARS:
            return fn(article_or_prepared, *args, **kwargs)
        return await self._thread(functools.partial(fn, **kwargs), article_or_prepared, *args)

    def _thread(self, fn: Callable[..., Any], *args: Any) -> "asyncio.Future[Any]":
        """``fn(*args)`` in the pool, with this task's context (the current article) carried along."""
        ctx = contextvars.copy_context()
        return asyncio.get_running_loop().run_in_executor(self.executor, ctx.run, functools.partial(fn, *args))


class _Gate:
    """At most ``n`` requests out at once, counted from instructor's request hook to its
    response or error hook (in the worker thread), so the client's own work on either side
    of a call does not hold a slot. ``run`` releases a slot its call still holds."""

    def __init__(self, n: int):
        self.sem = threading.BoundedSemaphore(n)
        self.local = threading.local()

    def _enter(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self.local, "active", False) and not getattr(self.local, "held", False):
            self.sem.acquire()
            self.local.held = True

    def _leave(self, *args: Any, **kwargs: Any) -> None:
        if getattr(self.local, "held", False):
            self.local.held = False
            self.sem.release()

    def attach(self, llm: LLM) -> None:
        self._hooks = [("completion:kwargs", self._enter), ("completion:response", self._leave),
                       ("completion:error", self._leave)]
        for name, fn in self._hooks:
            llm.client.on(name, fn)

    def detach(self, llm: LLM) -> None:
        for name, fn in getattr(self, "_hooks", []):
            try:
                llm.client.off(name, fn)
            except Exception:
                pass

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        self.local.active = True
        try:
            return fn(*args)
        finally:
            self.local.active = False
            self._leave()


def _is_async(llm: LLM) -> bool:
    return isinstance(llm.client, instructor.AsyncInstructor) or getattr(llm.client, "is_async", False)
