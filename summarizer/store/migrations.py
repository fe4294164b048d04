"""Numbered schema migrations for the SQLite store, applied when a database opens.

Each step is a function named ``mNNN_<what>``; ``migrate`` runs the ones not yet
recorded in ``_migrations(name, applied_at)``, each in its own transaction. A step
that has run is never edited: change the schema by adding a new step.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Callable

from ..errors import StoreError

__all__ = ["MIGRATIONS", "migrate", "migration"]

Step = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Step] = []


def migration(fn: Step) -> Step:
    if any(m.__name__ == fn.__name__ for m in MIGRATIONS):
        raise ValueError(f"duplicate migration {fn.__name__}")
    MIGRATIONS.append(fn)
    return fn


def migrate(db: sqlite3.Connection, upto: str | None = None) -> list[str]:
    """Apply pending steps (through ``upto`` if given); return the names applied."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    known = {m.__name__ for m in MIGRATIONS}
    seen = {r[0] for r in db.execute("SELECT name FROM _migrations")}
    if seen - known:
        raise StoreError(f"the database has migrations this version does not know ({', '.join(sorted(seen - known))}); "
                         "it was written by a newer summarizer")
    applied = []
    for step in MIGRATIONS:
        if step.__name__ in seen:
            if step.__name__ == upto:
                break
            continue
        db.execute("BEGIN IMMEDIATE")
        try:  # another process may have applied it while we waited for the lock
            if not db.execute("SELECT 1 FROM _migrations WHERE name = ?", (step.__name__,)).fetchone():
                step(db)
                db.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                           (step.__name__, datetime.now(timezone.utc).isoformat(timespec="seconds")))
                applied.append(step.__name__)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        if step.__name__ == upto:
            break
    return applied


@migration
def m001_runs_items_cache_exchanges(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL,               -- identity of the command: inputs, model, prompt, schema, mode
            status TEXT NOT NULL,            -- running | done | partial | failed | stopped
            mode TEXT NOT NULL,              -- live | batch-api
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            finished_at TEXT,
            inputs TEXT NOT NULL,            -- JSON list of the INPUT arguments
            settings TEXT NOT NULL,          -- Settings.public(): never the API key
            options TEXT NOT NULL,           -- JSON: concurrency, limits, max_cost, refresh
            model TEXT NOT NULL,
            backend TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            pid INTEGER,
            host TEXT,
            invocations INTEGER NOT NULL DEFAULT 0,
            note TEXT
        )""")
    db.execute("CREATE INDEX runs_key ON runs (key, id)")
    db.execute("""
        CREATE TABLE items (
            run_id INTEGER NOT NULL REFERENCES runs (id),
            key TEXT NOT NULL,               -- the article id, unique within the run
            seq INTEGER NOT NULL,            -- discovery order
            source TEXT NOT NULL,            -- file, or file:line for JSONL
            content_hash TEXT,               -- null when the input could not be read
            cache_key TEXT,
            article TEXT,                    -- Article JSON without the text (the text is in the summary)
            status TEXT NOT NULL DEFAULT 'pending',   -- pending | done | cached | failed
            error TEXT,
            calls INTEGER NOT NULL DEFAULT 0,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0,
            duration_s REAL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (run_id, key)
        )""")
    db.execute("CREATE INDEX items_status ON items (run_id, status)")
    db.execute("""
        CREATE TABLE cache (
            key TEXT PRIMARY KEY,            -- sha256(content hash, model, prompt version+hash, schema version)
            content_hash TEXT NOT NULL,
            model TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            prompt_hash TEXT NOT NULL,
            schema_version TEXT NOT NULL,
            summary TEXT NOT NULL,           -- ArticleSummary JSON; only successes are cached
            run_id INTEGER,
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE exchanges (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL,
            item_key TEXT,
            model TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            cost REAL NOT NULL DEFAULT 0,
            duration_s REAL,
            error TEXT,
            finish_reason TEXT,
            request TEXT,                    -- the messages sent (JSON)
            response TEXT,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX exchanges_run ON exchanges (run_id, item_key)")


@migration
def m002_batch_api(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE batches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs (id),
            round INTEGER NOT NULL,
            input_file_id TEXT,
            provider_id TEXT,                -- the provider's batch id, once created
            status TEXT NOT NULL,            -- submitting | validating | in_progress | ... | collected
            output_file_id TEXT,
            error_file_id TEXT,
            items TEXT NOT NULL,             -- JSON list of item keys in this batch
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("ALTER TABLE items ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE items ADD COLUMN next_messages TEXT")  # the re-ask conversation for the next round
    db.execute("ALTER TABLE exchanges ADD COLUMN batch INTEGER NOT NULL DEFAULT 0")


@migration
def m003_digests(db: sqlite3.Connection) -> None:
    db.execute("""
        CREATE TABLE digests (
            run_id INTEGER PRIMARY KEY REFERENCES runs (id),
            signature TEXT NOT NULL,         -- identity of the run's results: equal signatures, equal stories
            json TEXT NOT NULL,
            markdown TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX digests_signature ON digests (signature)")
