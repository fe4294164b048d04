"""Live mode over several processes (``--workers N``): one Python process tops out at a
few hundred articles a second (the HTTP client, the pipeline's CPU steps and the commits
share one interpreter lock), so a big night can use every core.

The pending articles are split into chunks by cache key (two copies of one text land in
the same chunk and are summarized once), and each of N child processes claims the next
chunk whenever it runs out, so a slow process leaves no other idle; this process only
relays their reports (the progress bar, the logs, the digest stay here). The children
are started as the run begins (``Workers``): forked when this process has a single thread
(they start at once, with every module loaded), spawned otherwise (a second of imports,
which overlaps this process reading the inputs and the cache). Every process opens the
same SQLite file (WAL) and commits each article in its own transaction, exactly as a
single process does, so a killed run resumes with none lost and none done twice. The
limits are shared out: concurrency, requests and tokens per minute, and the budget left
under ``--max-cost``, each split evenly. Children report every article to this process
(a few per message) and die with it (Linux: ``PR_SET_PDEATHSIG``), so a killed run
leaves no process writing behind it.
"""

from __future__ import annotations

import asyncio
import ctypes
import dataclasses
import gc
import math
import multiprocessing
import os
import signal
import sys
import threading
import zlib
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Iterator, Literal

from ..config import Settings
from ..llm.pricing import Price
from ..load.inputs import Entry
from ..prepare.prompts import Prompt
from ..store.rows import PendingItem
from ..store.sqlite import Store
from .ledger import Ledger
from .live import LiveMode
from .types import BatchOptions, Counts, Reporter

__all__ = ["Chunks", "Workers", "run_sharded", "shard_of"]


StartMethod = Literal["fork", "spawn"]
CHUNK = 16  # articles per chunk, about: the last chunks end near together (no process idle while one has many left)


def shard_of(cache_key: str, n: int) -> int:
    return zlib.crc32(cache_key.encode()) % n


class Chunks:
    """The pending articles in chunks (by cache key: two copies of one text share a chunk),
    claimed one at a time by whichever process is free: a counter shared across processes."""

    def __init__(self, chunks: list[list[PendingItem]], counter: Any):
        self.chunks, self.counter = chunks, counter

    @classmethod
    def split(cls, pending: list[PendingItem], n: int, counter: Any) -> "Chunks":
        chunks: list[list[PendingItem]] = [[] for _ in range(n)]
        for it in pending:
            chunks[shard_of(it["cache_key"] or it["key"], n)].append(it)
        return cls(chunks, counter)

    def __iter__(self) -> Iterator[PendingItem]:
        while True:
            with self.counter.get_lock():
                k = self.counter.value
                self.counter.value = k + 1
            if k >= len(self.chunks):
                return
            yield from self.chunks[k]


class Workers:
    """N worker processes, started as the run begins (``start``: "fork" or "spawn", see
    :func:`start_method`), waiting for their work (``run_sharded``) or for the pipe to close."""

    def __init__(self, n: int, start: StartMethod | None = None):
        self.start: StartMethod = start or start_method()
        ctx: multiprocessing.context.ForkContext | multiprocessing.context.SpawnContext = (
            multiprocessing.get_context("fork") if self.start == "fork" else multiprocessing.get_context("spawn"))
        if self.start == "fork":
            gc.freeze()  # what the children inherit stays out of their collections (no copy-on-write of it all)
        self.counter = ctx.Value("i", 0)
        self.procs: list[tuple[Any, Connection]] = []
        for k in range(1, n + 1):
            conn, theirs = ctx.Pipe()  # duplex: the work goes down, the reports come up
            ours = [c for _, c in self.procs] if self.start == "fork" else []  # a fork inherits them: it closes them
            p = ctx.Process(target=_child, args=(os.getpid(), theirs, self.counter, ours), name=f"summarizer-w{k}")
            p.start()
            theirs.close()
            self.procs.append((p, conn))
        gc.unfreeze()  # here, collected as before

    def close(self) -> None:
        for p, conn in self.procs:
            conn.close()  # an idle worker sees the end of its pipe and exits
            p.join(timeout=5)
            if p.is_alive():
                p.terminate()
                p.join(timeout=5)
        self.procs = []


def start_method() -> StartMethod:
    """fork while this process has one thread (a fork copies no other thread, nor any lock one of
    them might hold: SQLite's, a stream's); spawn otherwise, and off Linux."""
    return "fork" if sys.platform.startswith("linux") and threading.active_count() == 1 else "spawn"


@dataclass
class _Work:
    db: str
    run_id: int
    settings: Settings
    options: BatchOptions
    meta: dict[str, Any]
    prompt: Prompt | None
    chunks: list[list[PendingItem]]
    entries: dict[str, Entry]
    model: str
    backend: str
    price: Price | None


async def run_sharded(job: Ledger, pending: list[PendingItem], workers: int, started: "Workers | None") -> None:
    """``pending`` shared out to ``workers`` processes (``started`` with the run, or started now)."""
    pool = started or Workers(workers)
    chunks = Chunks.split(pending, max(workers * 4, math.ceil(len(pending) / CHUNK)), pool.counter)
    own = _share(job.options, workers, job.counts.cost)
    work = _Work(str(job.store.path), job.run_id, job.settings, own, job.meta, job.prompt, chunks.chunks,
                 {it["key"]: job.entries[it["key"]] for it in pending}, job.model, job.backend, job.price)
    listeners = [asyncio.create_task(_delegate(job, p, conn, work)) for p, conn in pool.procs]
    try:  # this process only relays: it also serves the progress bar, the ticks and the digest
        await asyncio.gather(*listeners)
    finally:
        for t in listeners:
            t.cancel()
        if pool is not started:
            pool.close()


async def _delegate(job: Ledger, p: Any, conn: Connection, work: _Work) -> None:
    """Hand a worker its work (off the loop: a night of articles is a big message) and relay its reports."""
    try:
        await asyncio.to_thread(conn.send, work)
        await _listen(job, conn, p)
    except (BrokenPipeError, EOFError, OSError):
        job.reporter.message(f"worker {p.name} is gone (exit code {p.exitcode}); its articles were done here "
                             "or stay pending")


def _share(options: BatchOptions, n: int, spent: float) -> BatchOptions:
    """One shard's limits: an even share of each."""
    per = lambda x: None if x is None else x / n  # noqa: E731
    budget = None if options.max_cost is None else spent + max(0.0, options.max_cost - spent) / n
    return dataclasses.replace(options, workers=1, concurrency=max(1, math.ceil(options.concurrency / n)),
                               requests_per_min=per(options.requests_per_min),
                               tokens_per_min=per(options.tokens_per_min), max_cost=budget)


def _wake(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


async def _listen(job: Ledger, conn: Connection, proc: Any) -> None:
    """Forward a child's reports until it closes its end of the pipe."""
    loop = asyncio.get_running_loop()
    while True:
        ready: asyncio.Future[None] = loop.create_future()
        loop.add_reader(conn.fileno(), _wake, ready)
        try:
            await ready
        finally:
            loop.remove_reader(conn.fileno())
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            await asyncio.to_thread(proc.join)
            if proc.exitcode not in (0, None):
                job.reporter.message(f"worker {proc.name} exited with code {proc.exitcode}; "
                                     "its remaining articles stay pending (run the command again)")
            return
        kind = msg[0]
        if kind == "items":
            for key, status, error, calls, prompt_tokens, completion_tokens, cost in msg[1]:
                job.add_report(key, status, error, calls, prompt_tokens, completion_tokens, cost)
        elif kind == "budget":
            job.stop_for_budget()
        elif kind == "message":
            job.reporter.message(msg[1])


class _Relay(Reporter):
    """A child's Reporter: each article (with what it cost) to the parent, a few at a time
    (at most ``BATCH`` or ``WAIT_S`` apart: one message per article costs the pipe and the
    parent more than the article's own commit)."""

    BATCH, WAIT_S = 32, 0.05

    def __init__(self, conn: Connection):
        self.conn = conn
        self.seen = (0, 0, 0, 0.0)
        self.items: list[tuple[Any, ...]] = []
        self.timer: asyncio.TimerHandle | None = None

    def item(self, key: str, status: str, error: str | None, counts: Counts) -> None:
        now = (counts.calls, counts.prompt_tokens, counts.completion_tokens, counts.cost)
        delta = [a - b for a, b in zip(now, self.seen, strict=True)]
        self.seen = now
        self.items.append((key, status, error, *delta))
        if len(self.items) >= self.BATCH:
            self.flush()
        elif self.timer is None:
            try:
                self.timer = asyncio.get_running_loop().call_later(self.WAIT_S, self.flush)
            except RuntimeError:  # not on the loop (the run's last commits): at once
                self.flush()

    def message(self, text: str) -> None:
        self.flush()
        self.conn.send(("message", text))

    def flush(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if self.items:
            self.conn.send(("items", self.items))
            self.items = []


def _child(parent: int, conn: Connection, counter: Any, others: list[Connection]) -> None:
    _die_with(parent)
    for c in others:  # the parent's ends of the earlier workers' pipes: theirs to close, not ours
        c.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a fork inherits the CLI's handler
    try:
        work: _Work = conn.recv()
        gc.freeze()  # the night's articles: out of this process's collections
    except (EOFError, OSError):  # the run needed no worker (or ended)
        sys.exit(0)
    code = 0
    try:
        with Store(work.db) as store:
            relay = _Relay(conn)
            job = Ledger(store, work.settings, work.options, relay, None, model=work.model, backend=work.backend,
                         price=work.price)
            job.run_id, job.meta, job.prompt, job.entries = work.run_id, work.meta, work.prompt, work.entries
            job.load_counts()
            relay.seen = (job.counts.calls, job.counts.prompt_tokens, job.counts.completion_tokens, job.counts.cost)
            try:
                asyncio.run(LiveMode(job).run(Chunks(work.chunks, counter)))
            finally:
                job.flush()
                relay.flush()
            if job.budget_hit:
                conn.send(("budget",))
    except BaseException as e:  # reported by the parent; the articles it had claimed stay pending
        conn.send(("message", f"worker failed: {type(e).__name__}: {e}"))
        code = 1
    finally:
        conn.close()
    sys.exit(code)


def _die_with(parent: int) -> None:
    """SIGKILL this process when the parent dies (Linux), and exit now if it already has. Also
    names it (``ps``/``top`` show ``summarizer-w1``…: a fork has its parent's command line)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
            libc.prctl(15, multiprocessing.current_process().name.encode()[:15])  # PR_SET_NAME
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
