"""The SQLite store of nightly runs: runs, items, the result cache, the exchange ledger,
Batch API jobs and digests. All SQL lives here.

One file in WAL mode (readers never block the writer), a busy timeout, and one
transaction per recorded fact: an article's result, its cache entry and its
exchanges commit together, so a process killed at any instant leaves either all
of them or none. ``synchronous=NORMAL``: a crash of the process loses nothing; a
power cut may lose the last transactions but never corrupts the file.
"""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar, cast

from ..errors import StoreError
from ..files import create_private
from ..llm.redaction import RedactingConnection
from .migrations import migrate
from .rows import BatchRow, ItemRow, PendingItem, RunRow

__all__ = ["Store", "now"]

F = TypeVar("F", bound=Callable[..., Any])
OPEN_RUN = ("running", "stopped")  # runs a re-run of the same command resumes


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _guard(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(self: "Store", *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: {e}") from e
    return wrapper  # type: ignore[return-value]


def _chunks(seq: list[Any], n: int = 500) -> Iterator[list[Any]]:
    for i in range(0, len(seq), n):
        yield seq[i:i + n]


class Store:
    """A summarizer database. ``Store(path)`` creates or upgrades it."""

    def __init__(self, path: str | Path, *, create: bool = True, busy_timeout_s: float = 30.0):
        self.path = str(path)
        p = Path(path)
        if self.path != ":memory:":
            if p.is_dir():
                raise StoreError(f"{p}: is a directory, not a database file")
            if not p.parent.is_dir():
                raise StoreError(f"{p}: the folder {p.parent} does not exist")
            if not create and not p.exists():
                raise StoreError(f"{p}: no such database (run `summarizer batch ... --db {p}` first)")
        if self.path != ":memory:" and create:
            try:
                create_private(p)  # it holds full prompts and replies: 0600 (SQLite's -wal/-shm files follow it)
            except OSError as e:
                raise StoreError(f"{p}: cannot create the database ({e.strerror or e})") from None
        try:
            self.db = sqlite3.connect(self.path, timeout=busy_timeout_s, isolation_level=None,
                                      factory=RedactingConnection)
            self.db.row_factory = sqlite3.Row
            self.db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            migrate(self.db)
        except sqlite3.Error as e:
            raise StoreError(f"{p}: cannot open the database ({e})") from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # -- runs -------------------------------------------------------------------
    @_guard
    def create_run(self, *, key: str, mode: str, inputs: list[str], settings: dict[str, Any], options: dict[str, Any],
                   model: str, backend: str, prompt_version: str, prompt_hash: str, schema_version: str) -> int:
        t = now()
        with self.tx() as db:
            cur = db.execute(
                "INSERT INTO runs (key, status, mode, created_at, updated_at, inputs, settings, options, model,"
                " backend, prompt_version, prompt_hash, schema_version)"
                " VALUES (?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (key, mode, t, t, json.dumps(inputs), json.dumps(settings), json.dumps(options), model, backend,
                 prompt_version, prompt_hash, schema_version))
            return int(cur.lastrowid or 0)

    @_guard
    def resumable_run(self, key: str) -> RunRow | None:
        row = self.db.execute(f"SELECT * FROM runs WHERE key = ? AND status IN {OPEN_RUN} ORDER BY id DESC LIMIT 1",
                              (key,)).fetchone()
        return cast(RunRow, dict(row)) if row else None

    @_guard
    def claim_run(self, run_id: int, *, pid: int, host: str, options: dict[str, Any]) -> None:
        with self.tx() as db:
            db.execute("UPDATE runs SET status = 'running', pid = ?, host = ?, options = ?, updated_at = ?,"
                       " invocations = invocations + 1, finished_at = NULL WHERE id = ?",
                       (pid, host, json.dumps(options), now(), run_id))

    @_guard
    def finish_run(self, run_id: int, status: str, note: str | None = None) -> None:
        t = now()
        with self.tx() as db:
            db.execute("UPDATE runs SET status = ?, note = ?, updated_at = ?, finished_at = ?, pid = NULL WHERE id = ?",
                       (status, note, t, t, run_id))

    @_guard
    def get_run(self, run_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        run = dict(row)
        run.update(self.totals(run_id))
        return run

    @_guard
    def list_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        out = []
        for r in rows:
            run = dict(r)
            run.update(self.totals(run["id"]))
            out.append(run)
        return out

    @_guard
    def totals(self, run_id: int) -> dict[str, Any]:
        """Counts by item status and the run's ledger (every exchange, retries and re-asks included)."""
        counts: dict[str, Any] = {"total": 0, "pending": 0, "done": 0, "cached": 0, "failed": 0}
        for status, n in self.db.execute("SELECT status, COUNT(*) FROM items WHERE run_id = ? GROUP BY status",
                                         (run_id,)):
            counts[status] = n
            counts["total"] += n
        row = self.db.execute(
            "SELECT COUNT(*), COALESCE(SUM(error IS NOT NULL), 0), COALESCE(SUM(prompt_tokens), 0),"
            " COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(cost), 0) FROM exchanges WHERE run_id = ?",
            (run_id,)).fetchone()
        counts.update({"exchanges": row[0], "failed_exchanges": row[1], "prompt_tokens": row[2],
                       "completion_tokens": row[3], "cost": float(row[4])})
        return counts

    # -- items ------------------------------------------------------------------
    @_guard
    def sync_items(self, run_id: int, specs: Iterable[dict[str, Any]]) -> None:
        """Register the run's articles. New ones are added (unreadable ones as failed); a pending
        one whose content changed is updated (or fails, if it can no longer be read); a finished
        one whose content changed is redone; a pending one no longer among the inputs fails."""
        t = now()
        existing = {r["key"]: r for r in self.db.execute(
            "SELECT key, status, content_hash, cache_key FROM items WHERE run_id = ?", (run_id,))}
        seen = set()
        with self.tx() as db:
            for s in specs:
                seen.add(s["key"])
                old = existing.get(s["key"])
                status, error = ("failed", s["error"]) if s.get("error") else ("pending", None)
                if old is None:
                    db.execute("INSERT INTO items (run_id, key, seq, source, content_hash, cache_key, article, status,"
                               " error, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               (run_id, s["key"], s["seq"], s["source"], s.get("content_hash"), s.get("cache_key"),
                                s.get("article"), status, error, t))
                elif status == "failed" and old["status"] == "pending":  # unreadable now: it fails with the reason
                    db.execute("UPDATE items SET status = 'failed', error = ?, updated_at = ?"
                               " WHERE run_id = ? AND key = ?", (error, t, run_id, s["key"]))
                elif status == "pending" and old["status"] != "failed" and old["cache_key"] != s.get("cache_key"):
                    db.execute("UPDATE items SET content_hash = ?, cache_key = ?, article = ?, source = ?,"
                               " status = 'pending', error = NULL, attempts = 0, next_messages = NULL, updated_at = ?"
                               " WHERE run_id = ? AND key = ?",
                               (s.get("content_hash"), s.get("cache_key"), s.get("article"), s["source"], t, run_id,
                                s["key"]))
            gone = [k for k, r in existing.items() if r["status"] == "pending" and k not in seen]
            for k in gone:
                db.execute("UPDATE items SET status = 'failed', error = 'InputError: no longer among the inputs',"
                           " updated_at = ? WHERE run_id = ? AND key = ?", (t, run_id, k))

    @_guard
    def pending_items(self, run_id: int) -> list[PendingItem]:
        return [cast(PendingItem, dict(r)) for r in self.db.execute(
            "SELECT key, cache_key, attempts, next_messages FROM items WHERE run_id = ? AND status = 'pending'"
            " ORDER BY seq", (run_id,))]

    @_guard
    def items(self, run_id: int) -> list[ItemRow]:
        rows = self.db.execute("SELECT * FROM items WHERE run_id = ? ORDER BY seq", (run_id,))
        return [cast(ItemRow, dict(r)) for r in rows]

    @_guard
    def cached(self, cache_keys: list[str]) -> set[str]:
        """Which of these cache keys hold a result."""
        found: set[str] = set()
        for chunk in _chunks(sorted(set(cache_keys))):
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self.db.execute(f"SELECT key FROM cache WHERE key IN ({marks})", chunk))
        return found

    @_guard
    def mark_cached(self, run_id: int, keys: list[str]) -> None:
        t = now()
        with self.tx() as db:
            db.executemany("UPDATE items SET status = 'cached', error = NULL, updated_at = ?"
                           " WHERE run_id = ? AND key = ? AND status = 'pending'", [(t, run_id, k) for k in keys])

    @_guard
    def record_success(self, run_id: int, key: str, *, cache_key: str, content_hash: str, summary: str,
                       meta: dict[str, str], usage: dict[str, Any], exchanges: list[dict[str, Any]]) -> bool:
        """The article's result, its cache entry and the pending exchange rows, in one transaction.
        Returns False (and records only the exchanges) if the item was no longer pending."""
        t = now()
        with self.tx() as db:
            self._insert_exchanges(db, exchanges)
            db.execute("INSERT OR REPLACE INTO cache (key, content_hash, model, prompt_version, prompt_hash,"
                       " schema_version, summary, run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (cache_key, content_hash, meta["model"], meta["prompt_version"], meta["prompt_hash"],
                        meta["schema_version"], summary, run_id, t))
            return self._finish_item(db, run_id, key, "done", None, usage, t)

    @_guard
    def record_failure(self, run_id: int, key: str, error: str, *, usage: dict[str, Any],
                       exchanges: list[dict[str, Any]]) -> bool:
        t = now()
        with self.tx() as db:
            self._insert_exchanges(db, exchanges)
            return self._finish_item(db, run_id, key, "failed", error, usage, t)

    def _finish_item(self, db: sqlite3.Connection, run_id: int, key: str, status: str, error: str | None,
                     u: dict[str, Any], t: str) -> bool:
        cur = db.execute(
            "UPDATE items SET status = ?, error = ?, calls = calls + ?, failed_attempts = failed_attempts + ?,"
            " prompt_tokens = prompt_tokens + ?, completion_tokens = completion_tokens + ?, cost = cost + ?,"
            " duration_s = ?, next_messages = NULL, updated_at = ? WHERE run_id = ? AND key = ? AND status = 'pending'",
            (status, error, u.get("calls", 0), u.get("failed_attempts", 0), u.get("prompt_tokens", 0),
             u.get("completion_tokens", 0), u.get("cost", 0.0), u.get("duration_s"), t, run_id, key))
        return cur.rowcount == 1

    @_guard
    def add_exchanges(self, rows: list[dict[str, Any]]) -> None:
        if rows:
            with self.tx() as db:
                self._insert_exchanges(db, rows)

    @staticmethod
    def _insert_exchanges(db: sqlite3.Connection, rows: list[dict[str, Any]]) -> None:
        db.executemany(
            "INSERT INTO exchanges (run_id, item_key, model, prompt_tokens, completion_tokens, cost, duration_s, error,"
            " finish_reason, request, response, batch, created_at) VALUES (:run_id, :item_key, :model, :prompt_tokens,"
            " :completion_tokens, :cost, :duration_s, :error, :finish_reason, :request, :response, :batch,"
            " :created_at)",
            [{"batch": 0, "finish_reason": None, "request": None, "response": None, "error": None, "duration_s": None,
              "created_at": now(), **r} for r in rows])

    @_guard
    def set_retry(self, run_id: int, key: str, *, attempts: int, next_messages: str | None, usage: dict[str, Any],
                  exchanges: list[dict[str, Any]]) -> None:
        """Batch API: the article goes back to pending for another round (a re-ask, or an expired batch)."""
        with self.tx() as db:
            self._insert_exchanges(db, exchanges)
            db.execute("UPDATE items SET attempts = ?, next_messages = ?, calls = calls + ?,"
                       " failed_attempts = failed_attempts + ?, prompt_tokens = prompt_tokens + ?,"
                       " completion_tokens = completion_tokens + ?, cost = cost + ?, updated_at = ?"
                       " WHERE run_id = ? AND key = ? AND status = 'pending'",
                       (attempts, next_messages, usage.get("calls", 0), usage.get("failed_attempts", 0),
                        usage.get("prompt_tokens", 0), usage.get("completion_tokens", 0), usage.get("cost", 0.0),
                        now(), run_id, key))

    @_guard
    def item_usage(self, run_id: int, key: str) -> dict[str, Any]:
        row = self.db.execute("SELECT calls, failed_attempts, prompt_tokens, completion_tokens, cost FROM items"
                              " WHERE run_id = ? AND key = ?", (run_id, key)).fetchone()
        return dict(row) if row else {}

    @_guard
    def summaries(self, run_id: int) -> list[tuple[dict[str, Any], str]]:
        """(item, ArticleSummary JSON) for every succeeded article of the run, in input order."""
        rows = self.db.execute("SELECT i.*, c.summary AS summary FROM items i JOIN cache c ON c.key = i.cache_key"
                               " WHERE i.run_id = ? AND i.status IN ('done', 'cached') ORDER BY i.seq", (run_id,))
        out = []
        for r in rows:
            d = dict(r)
            out.append((d, d.pop("summary")))
        return out

    @_guard
    def exchange_ledger(self, run_id: int) -> dict[str, dict[str, Any]]:
        """Per article: every exchange of the run (all attempts, all invocations) summed."""
        return {r["item_key"]: dict(r) for r in self.db.execute(
            "SELECT item_key, COUNT(*) AS exchanges, SUM(error IS NOT NULL) AS errors, SUM(prompt_tokens) AS"
            " prompt_tokens, SUM(completion_tokens) AS completion_tokens, SUM(cost) AS cost FROM exchanges"
            " WHERE run_id = ? GROUP BY item_key", (run_id,))}

    # -- Batch API jobs ---------------------------------------------------------
    @_guard
    def add_batch(self, run_id: int, round: int, items: list[list[Any]], input_file_id: str) -> int:
        t = now()
        with self.tx() as db:
            cur = db.execute("INSERT INTO batches (run_id, round, input_file_id, status, items, created_at, updated_at)"
                             " VALUES (?, ?, ?, 'submitting', ?, ?, ?)",
                             (run_id, round, input_file_id, json.dumps(items), t, t))
            return int(cur.lastrowid or 0)

    @_guard
    def update_batch(self, batch_id: int, **fields: Any) -> None:
        allowed = {"provider_id", "status", "output_file_id", "error_file_id"}
        if set(fields) - allowed:
            raise ValueError(f"unknown batch fields: {set(fields) - allowed}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        with self.tx() as db:
            db.execute(f"UPDATE batches SET {sets}, updated_at = ? WHERE id = ?", (*fields.values(), now(), batch_id))

    @_guard
    def open_batches(self, run_id: int) -> list[BatchRow]:
        rows = self.db.execute("SELECT * FROM batches WHERE run_id = ? AND status != 'collected' ORDER BY id",
                               (run_id,))
        return [cast(BatchRow, {**dict(r), "items": json.loads(r["items"])}) for r in rows]

    @_guard
    def batches(self, run_id: int) -> list[BatchRow]:
        rows = self.db.execute("SELECT * FROM batches WHERE run_id = ? ORDER BY id", (run_id,))
        return [cast(BatchRow, {**dict(r), "items": json.loads(r["items"])}) for r in rows]

    # -- digests ----------------------------------------------------------------
    @_guard
    def save_digest(self, run_id: int, digest_json: str, markdown: str, signature: str) -> None:
        with self.tx() as db:
            db.execute("INSERT OR REPLACE INTO digests (run_id, signature, json, markdown, created_at)"
                       " VALUES (?, ?, ?, ?, ?)", (run_id, signature, digest_json, markdown, now()))

    @_guard
    def digest_by_signature(self, signature: str, *, exclude_run: int | None = None) -> str | None:
        row = self.db.execute("SELECT json FROM digests WHERE signature = ? AND run_id != ? ORDER BY run_id DESC"
                              " LIMIT 1", (signature, exclude_run or -1)).fetchone()
        return row[0] if row else None

    @_guard
    def get_digest(self, run_id: int) -> tuple[str, str] | None:
        row = self.db.execute("SELECT json, markdown FROM digests WHERE run_id = ?", (run_id,)).fetchone()
        return (row[0], row[1]) if row else None
