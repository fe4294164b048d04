"""The typed rows match what the store returns from a real SQLite file: a migration that adds
or drops a column without updating :mod:`summarizer.store.rows` fails here."""

from __future__ import annotations

import typing

from summarizer.store.rows import BatchRow, ItemRow, PendingItem, RunRow
from summarizer.store.sqlite import Store


def _keys(row_type: type) -> set[str]:
    return set(typing.get_type_hints(row_type))


def test_rows_have_exactly_the_typed_fields(tmp_path):
    with Store(tmp_path / "s.db") as store:
        rid = store.create_run(key="k", mode="batch-api", inputs=["in"], settings={}, options={}, model="m",
                               backend="openai-batch", prompt_version="v1", prompt_hash="h", schema_version="1")
        store.sync_items(rid, [{"key": "a", "seq": 0, "source": "a.txt", "content_hash": "ha", "cache_key": "ca",
                                "article": "{}"}])
        store.add_batch(rid, 1, [["a", 0]], "file_1")
        run = store.resumable_run("k")
        assert run is not None and set(run) == _keys(RunRow) and run["backend"] == "openai-batch"
        (item,) = store.items(rid)
        assert set(item) == _keys(ItemRow) and item["status"] == "pending" and item["attempts"] == 0
        (pending,) = store.pending_items(rid)
        assert set(pending) == _keys(PendingItem) and pending["key"] == "a"
        (batch,) = store.open_batches(rid)
        assert set(batch) == _keys(BatchRow) and batch["items"] == [["a", 0]] == store.batches(rid)[0]["items"]
