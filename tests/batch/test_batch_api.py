"""Batch API mode end to end against a local server implementing the files + batches endpoints."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from summarizer import ConfigError, Settings
from summarizer.batch import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, BatchOptions, run_batch, run_summaries
from summarizer.llm.pricing import Price, PriceTable
from summarizer.store.sqlite import Store
from summarizer.testing.replies import frozen_prompts, generic_draft, generic_reply, town_of, write_articles
from summarizer.testing.scripted_batch_api import ScriptedBatchAPI
from summarizer.testing.scripted_server import completion, error

PRICES = PriceTable({"scripted": Price(input=2.0, output=8.0, batch_discount=0.5)})


@pytest.fixture
def api():
    a = ScriptedBatchAPI(responder=generic_reply, polls=2).start()
    yield a
    a.stop()


@pytest.fixture
def cfg(api, tmp_path):
    return Settings(backend="openai", base_url=api.url, api_key="sk-batch-secret", model="scripted", mode="json",
                    transport_retries=2, retry_max_wait_s=0.01, timeout_s=5,
                    prompts_dir=str(frozen_prompts(tmp_path / "prompts")))


def opts(**kw) -> BatchOptions:
    return BatchOptions(mode="batch-api", poll_interval_s=0.01, prices=PRICES, **kw)


def test_submit_poll_collect_validate_ground_and_reask_in_a_second_round(api, cfg, tmp_path):
    write_articles(tmp_path / "in", 6)
    seen: dict[int, int] = {}

    def responder(body):
        n = town_of(body)
        seen[n] = seen.get(n, 0) + 1
        if n == 2 and seen[n] == 1:  # a headline naming a place the article lacks: re-asked with the reason
            return completion({**generic_draft(n), "headline": "Council in Shelbyville approves budget"})
        if n == 4:
            return error(400, "context length exceeded")
        return generic_reply(body)

    api.responder = responder
    db = tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, opts())
    assert (r.counts.done, r.counts.failed, r.exit_code) == (5, 1, EXIT_PARTIAL)
    assert len(api.batches) == 2
    first, second = api.requests_in("batch_1"), api.requests_in("batch_2")
    assert sorted(x["custom_id"] for x in first) == [f"town000{k}" for k in range(6)]
    assert [x["custom_id"] for x in second] == ["town0002"]
    reask = second[0]["body"]["messages"]
    assert [m["role"] for m in reask[-2:]] == ["assistant", "user"] and "Shelbyville" in reask[-1]["content"]
    asked = next(x for x in first if x["custom_id"] == "town0002")["body"]["messages"]
    assert reask[:len(asked)] == asked  # the first request, as sent (json mode: the schema once), then the re-ask
    assert reask[0]["content"].count("json_schema") == 1
    assert first[0]["body"]["model"] == "scripted" and first[0]["url"] == "/v1/chat/completions"
    assert "response_format" in first[0]["body"]  # shaped by instructor, as in live mode
    with Store(db) as st:
        items = {i["key"]: i for i in st.items(r.run_id)}
        assert (items["town0002"]["calls"], items["town0002"]["failed_attempts"]) == (2, 1)
        assert "HTTP 400" in items["town0004"]["error"] and "context length" in items["town0004"]["error"]
        summaries = {s.article.id: s for s in run_summaries(st, r.run_id)}
        s2 = summaries["town0002"]
        assert s2.meta.backend == "openai-batch" and s2.meta.llm_calls == 2
        assert s2.key_points[0].text == "The council of Town2 approved a new transport budget on Tuesday."  # the lead
        for s in summaries.values():
            for sp in s.spans():
                assert s.article.text[sp.start:sp.end] == sp.text
        t = st.totals(r.run_id)
        assert (t["exchanges"], t["failed_exchanges"]) == (7, 2)  # 6 in round 1 (an error, an ungrounded reply) + 1
        # the Batch API price (half): 5 answers of 400+60 tokens and the ungrounded one of 100+50 ($2/$8 per 1M)
        assert t["cost"] == pytest.approx((5 * (400 * 2.0 + 60 * 8.0) + 100 * 2.0 + 50 * 8.0) / 1e6 * 0.5)
    assert not any(b"sk-batch-secret" in f.read_bytes() for f in tmp_path.glob("runs.db*"))

    again = run_batch([str(tmp_path / "in")], db, cfg, opts())  # only the failure is tried again
    assert (again.counts.cached, again.counts.failed) == (5, 1) and len(api.batches) == 3
    assert [x["custom_id"] for x in api.requests_in("batch_3")] == ["town0004"]


def test_a_lost_create_reply_adopts_the_batch_instead_of_submitting_twice(api, cfg, tmp_path):
    write_articles(tmp_path / "in", 3)
    api.drop_create = 1
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, opts())
    assert r.exit_code == EXIT_OK and r.counts.done == 3
    assert len(api.batches) == 1


def test_an_expired_batch_resubmits_what_it_did_not_answer(api, cfg, tmp_path):
    write_articles(tmp_path / "in", 5)
    api.expire_after = 2
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, opts())
    assert r.exit_code == EXIT_OK and r.counts.done == 5
    assert [len(api.requests_in(b)) for b in sorted(api.batches)] == [5, 3]


def test_a_batch_the_provider_rejects_fails_its_articles(api, cfg, tmp_path):
    write_articles(tmp_path / "in", 2)
    api.fail_validation = True
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, opts())
    assert (r.exit_code, r.counts.failed) == (EXIT_FAILED, 2)
    with Store(tmp_path / "runs.db") as st:
        assert all("scripted: bad file" in i["error"] for i in st.items(r.run_id))


def test_duplicates_go_into_the_batch_once_and_the_budget_limits_the_batch(api, cfg, tmp_path):
    folder = tmp_path / "in"
    write_articles(folder, 4)
    (folder / "copy.txt").write_text((folder / "town0001.txt").read_text())
    r = run_batch([str(folder)], tmp_path / "runs.db", cfg, opts())
    assert (r.counts.done, r.counts.cached) == (4, 1) and len(api.requests_in("batch_1")) == 4
    write_articles(tmp_path / "in2", 10, start=50)
    costly = PriceTable({"scripted": Price(input=1000.0, output=1000.0, batch_discount=0.5)})
    r = run_batch([str(tmp_path / "in2")], tmp_path / "runs.db", cfg,
                  BatchOptions(mode="batch-api", poll_interval_s=0.01, prices=costly, max_cost=1.5))
    assert r.status == "stopped" and r.counts.pending > 0 and r.counts.done == len(api.requests_in("batch_2"))


def test_batch_api_needs_an_endpoint(tmp_path):
    write_articles(tmp_path / "in", 1)
    with pytest.raises(ConfigError, match="batch-api"):
        run_batch([str(tmp_path / "in")], tmp_path / "runs.db", Settings(backend="embedded"), opts())


def test_killed_while_the_batch_is_in_progress_resumes_polling_the_same_batch(api, tmp_path):
    write_articles(tmp_path / "in", 4)
    db = tmp_path / "runs.db"
    api.hold = True
    argv = [sys.executable, "-m", "summarizer", "batch", str(tmp_path / "in"), "--db", str(db), "--mode", "batch-api",
            "--poll-interval", "0.05", "--base-url", api.url, "--api-key", "sk-x", "--model", "scripted",
            "--llm-mode", "json", "--quiet", "--prompts", str(frozen_prompts(tmp_path / "prompts"))]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    p = subprocess.Popen(argv, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (db.exists() and _submitted(db)):
        time.sleep(0.05)
    assert _submitted(db), "the batch was never submitted"
    p.send_signal(signal.SIGKILL)
    p.wait(timeout=10)
    api.hold = False
    r = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert len(api.batches) == 1 and sum(1 for f in api.files.values() if f["purpose"] == "batch") == 1
    with Store(db) as st:
        runs = st.list_runs()
        assert len(runs) == 1 and runs[0]["done"] == 4 and runs[0]["invocations"] == 2


def _submitted(db) -> bool:
    with Store(db) as st:
        return any(b["provider_id"] for r in st.list_runs() for b in st.batches(r["id"]))


def test_an_article_too_long_for_one_request_is_summarized_live_after_the_batch(api, cfg, tmp_path):
    from summarizer.testing.replies import article_text

    folder = tmp_path / "in"
    write_articles(folder, 2)
    body = article_text(9).split("\n", 1)[1]
    (folder / "long.txt").write_text("date 2024-08-31 Staff\n" + " ".join([body] * 400))  # ~ 60k chars: parts
    r = run_batch([str(folder)], tmp_path / "runs.db", cfg, opts())
    assert r.exit_code == EXIT_OK and r.counts.done == 3
    assert [x["custom_id"] for x in api.requests_in("batch_1")] == ["town0000", "town0001"]
    live = [p for m, p in api.log if p == "/v1/chat/completions"]
    assert len(live) >= 2  # one call per part
    with Store(tmp_path / "runs.db") as st:
        s = next(s for s in run_summaries(st, r.run_id) if s.article.id == "long")
        assert s.meta.backend == "openai" and s.meta.llm_calls == len(live)
