from __future__ import annotations

import json
import sqlite3

import pytest

from summarizer import StoreError
from summarizer.store.migrations import MIGRATIONS, migrate
from summarizer.store.sqlite import Store


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in db.execute(f"PRAGMA table_info({table})")}


def _run(store: Store, key: str = "k") -> int:
    return store.create_run(key=key, mode="live", inputs=["in"], settings={"api_key": "***"}, options={},
                            model="m", backend="openai", prompt_version="v1", prompt_hash="h", schema_version="1")


def test_blank_database_gets_every_migration_in_wal_mode(tmp_path):
    path = tmp_path / "runs.db"
    with Store(path) as store:
        names = [r[0] for r in store.db.execute("SELECT name FROM _migrations ORDER BY rowid")]
        assert names == [m.__name__ for m in MIGRATIONS]
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert {"attempts", "next_messages"} <= _columns(store.db, "items")
        assert "batch" in _columns(store.db, "exchanges")
        assert "signature" in _columns(store.db, "digests")
    with Store(path) as again:  # reopening applies nothing twice
        assert again.db.execute("SELECT COUNT(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)


def test_a_database_from_the_first_version_is_upgraded_with_its_rows_kept(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, upto="m001_runs_items_cache_exchanges") == ["m001_runs_items_cache_exchanges"]
    assert "attempts" not in _columns(db, "items")
    db.execute("INSERT INTO runs (key, status, mode, created_at, updated_at, inputs, settings, options, model, backend,"
               " prompt_version, prompt_hash, schema_version) VALUES ('k', 'done', 'live', 't', 't', '[]', '{}', '{}',"
               " 'm', 'openai', 'v1', 'h', '1')")
    db.execute("INSERT INTO items (run_id, key, seq, source, status, updated_at)"
               " VALUES (1, 'a', 0, 'a.txt', 'done', 't')")
    db.close()
    with Store(path) as store:
        assert "attempts" in _columns(store.db, "items")
        run = store.get_run(1)
        assert run and run["status"] == "done" and run["done"] == 1
        assert store.items(1)[0]["attempts"] == 0  # the new column's default on an old row


def test_a_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO _migrations VALUES ('m999_future', 't')")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer summarizer"):
        Store(path)


@pytest.mark.parametrize("make", ["dir", "missing_parent", "not_a_db"])
def test_unusable_paths_raise_store_error(tmp_path, make):
    path = tmp_path / "x.db"
    if make == "dir":
        path.mkdir()
    elif make == "missing_parent":
        path = tmp_path / "nope" / "x.db"
    else:
        path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(path)


def test_open_without_create_refuses_a_missing_file(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        Store(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_items_results_and_ledger(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rid = _run(store)
        store.sync_items(rid, [
            {"key": "a", "seq": 0, "source": "a.txt", "content_hash": "ha", "cache_key": "ca", "article": "{}"},
            {"key": "b", "seq": 1, "source": "b.txt", "content_hash": "hb", "cache_key": "cb", "article": "{}"},
            {"key": "bad", "seq": 2, "source": "bad.txt", "error": "InputError: empty"},
        ])
        assert [p["key"] for p in store.pending_items(rid)] == ["a", "b"]
        ex = {"run_id": rid, "item_key": "a", "model": "m", "prompt_tokens": 10, "completion_tokens": 5, "cost": 0.5}
        meta = {"model": "m", "prompt_version": "v1", "prompt_hash": "h", "schema_version": "1"}
        assert store.record_success(rid, "a", cache_key="ca", content_hash="ha", summary='{"x": 1}', meta=meta,
                                    usage={"calls": 1, "prompt_tokens": 10, "completion_tokens": 5, "cost": 0.5},
                                    exchanges=[ex])
        # a second result for the same article is refused: none done twice
        assert not store.record_success(rid, "a", cache_key="ca", content_hash="ha", summary='{"x": 2}', meta=meta,
                                        usage={}, exchanges=[])
        assert store.record_failure(rid, "b", "LLMError: boom", usage={"calls": 2, "failed_attempts": 1},
                                    exchanges=[{**ex, "item_key": "b", "error": "boom", "cost": 0.25}])
        t = store.totals(rid)
        assert (t["total"], t["done"], t["failed"], t["pending"]) == (3, 1, 2, 0)
        assert (t["exchanges"], t["failed_exchanges"], t["cost"]) == (2, 1, 0.75)
        assert store.cached(["ca", "cb", "zz"]) == {"ca"}  # failures are never cached
        assert store.item_usage(rid, "b")["calls"] == 2
        assert store.exchange_ledger(rid)["b"]["errors"] == 1


def test_sync_items_on_resume_updates_changed_content_and_fails_vanished_inputs(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rid = _run(store)
        store.sync_items(rid, [{"key": "a", "seq": 0, "source": "a", "content_hash": "1", "cache_key": "c1"},
                               {"key": "b", "seq": 1, "source": "b", "content_hash": "2", "cache_key": "c2"}])
        store.sync_items(rid, [{"key": "a", "seq": 0, "source": "a", "content_hash": "9", "cache_key": "c9"},
                               {"key": "c", "seq": 2, "source": "c", "content_hash": "3", "cache_key": "c3"}])
        items = {i["key"]: i for i in store.items(rid)}
        assert items["a"]["cache_key"] == "c9" and items["a"]["status"] == "pending"
        assert items["b"]["status"] == "failed" and "no longer among the inputs" in items["b"]["error"]
        store.sync_items(rid, [{"key": "a", "seq": 0, "source": "a", "content_hash": "9", "cache_key": "c9"},
                               {"key": "c", "seq": 2, "source": "c", "error": "InputError: c: empty input"}])
        items = {i["key"]: i for i in store.items(rid)}
        assert (items["c"]["status"], items["c"]["error"]) == ("failed", "InputError: c: empty input")


def test_resumable_run_is_the_latest_unfinished_one_with_the_key(tmp_path):
    with Store(tmp_path / "s.db") as store:
        r1 = _run(store, "k")
        store.finish_run(r1, "done")
        assert store.resumable_run("k") is None
        r2 = _run(store, "k")
        assert store.resumable_run("k")["id"] == r2
        store.finish_run(r2, "stopped", "budget")
        assert store.resumable_run("k")["id"] == r2  # a budget stop is resumable
        assert store.resumable_run("other") is None


def test_batches_and_digests(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rid = _run(store)
        bid = store.add_batch(rid, 1, [["a", 0]], "file-1")
        assert store.open_batches(rid)[0]["items"] == [["a", 0]]
        store.update_batch(bid, provider_id="batch_1", status="in_progress")
        assert store.open_batches(rid)[0]["provider_id"] == "batch_1"
        store.update_batch(bid, status="collected")
        assert store.open_batches(rid) == [] and len(store.batches(rid)) == 1
        store.save_digest(rid, json.dumps({"d": 1}), "# md", "sig")
        assert store.get_digest(rid) == ('{"d": 1}', "# md")
        assert store.digest_by_signature("sig") == '{"d": 1}'
        assert store.digest_by_signature("sig", exclude_run=rid) is None
