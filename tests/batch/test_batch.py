"""Nightly batch runs end to end: a real scripted HTTP endpoint, real SQLite files."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from summarizer import ConfigError, InputError, Settings
from summarizer.batch import (
    EXIT_BUDGET,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    BatchOptions,
    Reporter,
    run_batch,
    run_summaries,
)
from summarizer.llm.pricing import Price, PriceTable
from summarizer.llm.ratelimit import TokenBucket
from summarizer.store.sqlite import Store
from summarizer.testing.replies import article_text, frozen_prompts, generic_reply, town_of, write_articles, write_jsonl
from summarizer.testing.scripted_server import ScriptedServer, completion, error


@pytest.fixture
def night(tmp_path):
    """24 articles: 20 files in a folder (one unreadable) and a JSONL file of 4."""
    folder = tmp_path / "night"
    write_articles(folder, 20)
    (folder / "broken.txt").write_bytes(b"\x00\x01 not text")
    write_jsonl(folder / "wire.jsonl", [100, 101, 102, 103])
    return folder


@pytest.fixture
def responder_server():
    s = ScriptedServer(responder=generic_reply)
    s.httpd.RequestHandlerClass.disable_nagle_algorithm = True  # no delayed-ACK wait on each reply
    s.start()
    yield s
    s.stop()


@pytest.fixture
def cfg(responder_server, tmp_path):
    return Settings(backend="openai", base_url=responder_server.url, api_key="sk-secret-do-not-store", model="scripted",
                    mode="json", transport_retries=1, retry_max_wait_s=0.01, timeout_s=5,
                    prompts_dir=str(frozen_prompts(tmp_path / "prompts")))


def test_a_night_runs_then_the_same_night_again_makes_no_llm_calls(night, cfg, responder_server, tmp_path):
    db = tmp_path / "runs.db"
    first = run_batch([str(night)], db, cfg, BatchOptions(concurrency=8))
    assert (first.counts.total, first.counts.done, first.counts.failed) == (25, 24, 1)
    assert first.status == "partial" and first.exit_code == EXIT_PARTIAL
    assert len(responder_server.chat_requests()) == 24
    with Store(db) as st:
        items = {i["key"]: i for i in st.items(first.run_id)}
        assert items["broken"]["status"] == "failed" and items["broken"]["error"].startswith("InputError:")
        assert items["jl101"]["source"].endswith("wire.jsonl:2")
        summaries = run_summaries(st, first.run_id)
        assert len(summaries) == 24 and len({s.article.id for s in summaries}) == 24
        s = next(s for s in summaries if s.article.id == "town0007")
        assert s.headline == "Town7 council approves transport budget" and s.article.published == "2024-08-31"
        t = st.totals(first.run_id)
        assert (t["exchanges"], t["prompt_tokens"], t["completion_tokens"]) == (24, 24 * 400, 24 * 60)
    assert not any(b"sk-secret-do-not-store" in f.read_bytes() for f in tmp_path.glob("runs.db*"))

    started = time.perf_counter()
    second = run_batch([str(night)], db, cfg, BatchOptions(concurrency=8))
    elapsed = time.perf_counter() - started
    assert len(responder_server.chat_requests()) == 24, "an unchanged night must make zero LLM calls"
    assert second.run_id != first.run_id and not second.resumed
    assert (second.counts.cached, second.counts.done, second.counts.calls) == (24, 0, 0)
    assert elapsed < 1.0, f"a cached night of 25 articles took {elapsed:.2f} s"


def test_refresh_forces_work_and_a_new_prompt_version_misses_the_cache(night, cfg, responder_server, tmp_path):
    db = tmp_path / "runs.db"
    run_batch([str(night)], db, cfg, BatchOptions())
    assert run_batch([str(night)], db, cfg, BatchOptions(refresh=True)).counts.done == 24
    assert len(responder_server.chat_requests()) == 48
    prompts = tmp_path / "prompts2"
    prompts.mkdir()
    src = (tmp_path / "prompts" / "summarize.j2").read_text()
    (prompts / "summarize.j2").write_text(src.replace("version: ", "version: v2-", 1))
    r = run_batch([str(night)], db, Settings(**{**cfg.__dict__, "prompts_dir": str(prompts)}), BatchOptions())
    assert r.counts.done == 24 and len(responder_server.chat_requests()) == 72


def test_a_failing_article_is_an_error_row_and_failures_are_never_cached(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 6)
    bad = {"n": 0}

    def responder(req):
        if town_of(req) == 3:
            bad["n"] += 1
            return completion("this is not JSON")
        return generic_reply(req)

    responder_server.responder = responder
    db = tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=3))
    assert (r.counts.done, r.counts.failed, r.exit_code) == (5, 1, EXIT_PARTIAL)
    with Store(db) as st:
        item = next(i for i in st.items(r.run_id) if i["key"] == "town0003")
        assert item["error"].startswith("RetriesExhausted:") and "after 2 attempt" in item["error"]
        assert item["calls"] == 2  # the re-ask is in the ledger
        assert st.exchange_ledger(r.run_id)["town0003"]["exchanges"] == 2
    assert bad["n"] == 2
    again = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions())
    assert (again.counts.cached, again.counts.failed) == (5, 1) and bad["n"] == 4  # retried, not cached


def test_every_article_failing_is_a_total_failure(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 3)
    responder_server.responder = lambda req: error(400, "model does not exist")
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, BatchOptions())
    assert (r.status, r.exit_code, r.counts.failed) == ("failed", EXIT_FAILED, 3)


def test_identical_content_under_two_names_is_summarized_once(tmp_path, cfg, responder_server):
    folder = tmp_path / "in"
    write_articles(folder, 2)
    (folder / "copy.txt").write_text(article_text(1))
    r = run_batch([str(folder)], tmp_path / "runs.db", cfg, BatchOptions(concurrency=4))
    assert (r.counts.done, r.counts.cached, r.exit_code) == (2, 1, EXIT_OK)
    assert len(responder_server.chat_requests()) == 2
    with Store(tmp_path / "runs.db") as st:
        ids = sorted(s.article.id for s in run_summaries(st, r.run_id))
    assert ids == ["copy", "town0000", "town0001"]


def test_globs_files_and_missing_inputs(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 5)
    r = run_batch([str(tmp_path / "in" / "town000[0-2].txt"), str(tmp_path / "in" / "town0004.txt")],
                  tmp_path / "runs.db", cfg, BatchOptions())
    assert r.counts.total == 4 and r.exit_code == EXIT_OK
    with pytest.raises(InputError, match="no such file"):
        run_batch([str(tmp_path / "nothing*.txt")], tmp_path / "runs.db", cfg, BatchOptions())
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no article files"):
        run_batch([str(tmp_path / "empty")], tmp_path / "runs.db", cfg, BatchOptions())


def test_concurrency_keeps_the_limit_in_flight(tmp_path, cfg, responder_server):
    import threading

    write_articles(tmp_path / "in", 32)
    lock, now, peak = threading.Lock(), [0], [0]

    def responder(req):
        with lock:
            now[0] += 1
            peak[0] = max(peak[0], now[0])
        time.sleep(1.0)  # long enough for the client's CPU work (~20 ms an article) to fill 16 slots
        with lock:
            now[0] -= 1
        return generic_reply(req)

    responder_server.responder = responder
    started = time.perf_counter()
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, BatchOptions(concurrency=16))
    elapsed = time.perf_counter() - started
    assert r.counts.done == 32
    assert peak[0] == 16, f"{peak[0]} requests in flight at most; the limit is 16"
    assert elapsed < 8.0, f"32 articles at 16 in flight and 1 s each took {elapsed:.2f} s (serial: 32 s)"


def test_requests_per_minute_limit_spaces_the_calls(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 25)
    started = time.perf_counter()
    r = run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg, BatchOptions(concurrency=16,
                                                                                  requests_per_min=600))
    elapsed = time.perf_counter() - started
    assert r.counts.done == 25
    assert elapsed >= 1.4, f"600/min with a 10-request burst must take >= 1.5 s for 25, took {elapsed:.2f} s"


def test_token_bucket_refills_at_its_rate_and_settles_debt():
    import asyncio

    async def go() -> float:
        b = TokenBucket(60_000)  # 1000/s, holds 1000
        t = time.perf_counter()
        await b.acquire(1000)  # the full bucket: at once
        await b.acquire(500)  # half a second later
        b.adjust(500)  # the call took 500 more than estimated: debt
        await b.acquire(1)  # waits for the debt too
        return time.perf_counter() - t

    assert 0.9 <= asyncio.run(go()) < 1.5


def test_max_cost_stops_cleanly_and_a_rerun_with_more_budget_finishes(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 12)
    prices = PriceTable({"scripted": Price(input=1000.0, output=1000.0)})  # $0.46 an article (400+60 tokens)
    db = tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=2, max_cost=2.0, prices=prices))
    assert (r.status, r.exit_code) == ("stopped", EXIT_BUDGET)
    assert 0 < r.counts.done < 12 and r.counts.pending == 12 - r.counts.done
    assert r.counts.cost <= 2.0 + 0.46 * 2  # at most the articles already in flight over the line
    done_first = r.counts.done
    more = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=2, max_cost=100.0, prices=prices))
    assert more.run_id == r.run_id and more.resumed and more.exit_code == EXIT_OK
    assert more.counts.done == 12 and len(responder_server.chat_requests()) == 12  # none done twice
    assert more.counts.cost == pytest.approx(12 * 0.46)
    assert done_first < 12


class _Seen(Reporter):
    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def item(self, key, status, error, counts):
        self.items.append((key, status))


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_worker_processes_share_a_night_each_article_once_and_report_every_one(tmp_path, cfg, responder_server,
                                                                              monkeypatch, start):
    import summarizer.batch.workers

    monkeypatch.setattr(summarizer.batch.workers, "start_method", lambda: start)  # this process has the server's thread
    write_articles(tmp_path / "in", 40)
    (tmp_path / "in" / "twin.txt").write_text(article_text(3), encoding="utf-8")  # same text: one shard, one call
    seen, db = _Seen(), tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=4, workers=3), reporter=seen)
    assert (r.exit_code, r.counts.done, r.counts.cached, r.counts.failed) == (EXIT_OK, 40, 1, 0)
    assert sorted(k for k, _ in seen.items) == sorted([f"town{k:04d}" for k in range(40)] + ["twin"])
    assert len(responder_server.chat_requests()) == 40
    assert r.counts.calls == 40 and r.counts.prompt_tokens == 40 * 400
    with Store(db) as st:
        assert len(run_summaries(st, r.run_id)) == 41
        assert st.totals(r.run_id)["exchanges"] == 40
    assert not multiprocessing.active_children()
    again = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=4, workers=3))  # nothing to do
    assert again.counts.cached == 41 and again.counts.calls == 0 and len(responder_server.chat_requests()) == 40
    assert not multiprocessing.active_children()  # the workers started with the run were sent home


def test_worker_processes_split_the_budget_and_stop_cleanly(tmp_path, cfg, responder_server):
    write_articles(tmp_path / "in", 24)
    prices = PriceTable({"scripted": Price(input=1000.0, output=1000.0)})  # $0.46 an article
    db = tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=2, workers=2, max_cost=3.0, prices=prices))
    assert (r.status, r.exit_code) == ("stopped", EXIT_BUDGET)
    assert 0 < r.counts.done < 24 and r.counts.cost <= 3.0 + 0.46 * 2
    more = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions(concurrency=2, workers=2, max_cost=100.0,
                                                                   prices=prices))
    assert more.exit_code == EXIT_OK and more.counts.done == 24 and len(responder_server.chat_requests()) == 24


def test_max_cost_needs_a_price(tmp_path, cfg):
    write_articles(tmp_path / "in", 1)
    with pytest.raises(ConfigError, match="needs a price"):
        run_batch([str(tmp_path / "in")], tmp_path / "runs.db", cfg,
                  BatchOptions(max_cost=1.0, prices=PriceTable({})))


def test_price_table_files_and_dated_models(tmp_path):
    f = tmp_path / "prices.toml"
    f.write_text('["my-model"]\ninput = 1.0\noutput = 2.0\nbatch_discount = 0.4\n')
    t = PriceTable.load(f)
    assert t.for_model("my-model").cost(1_000_000, 1_000_000) == 3.0
    assert t.for_model("my-model").cost(1_000_000, 1_000_000, batch=True) == pytest.approx(1.2)
    assert t.for_model("gpt-4o-mini-2024-07-18") == t.for_model("gpt-4o-mini")
    assert t.for_model("unknown") is None and t.for_model("anything", "embedded").cost(10**6, 10**6) == 0
    (tmp_path / "bad.toml").write_text('["x"]\ninput = "cheap"\n')
    with pytest.raises(ConfigError):
        PriceTable.load(tmp_path / "bad.toml")


def test_digest_groups_stories_and_exports(tmp_path, cfg, responder_server):
    from summarizer.batch.digest import export_run

    write_articles(tmp_path / "in", 3)
    db = tmp_path / "runs.db"
    r = run_batch([str(tmp_path / "in")], db, cfg, BatchOptions())
    with Store(db) as st:
        digest = json.loads(export_run(st, r.run_id, "json"))
        assert digest["counts"] == {"articles": 3, "summarized": 3, "failed": 0, "stories": len(digest["stories"])}
        assert sorted(a["id"] for s in digest["stories"] for a in s["articles"]) == ["town0000", "town0001", "town0002"]
        records = [json.loads(line) for line in export_run(st, r.run_id, "jsonl").splitlines()]
        assert [r["kind"] for r in records] == ["summary"] * 3 + ["digest"]
        md = export_run(st, r.run_id, "md")
        assert md.startswith(f"# Digest: run {r.run_id}") and md.count("\n# Town") == 3
        html = export_run(st, r.run_id, "html")
        assert html.startswith("<!doctype html>") and "<script src=" not in html
        for s in run_summaries(st, r.run_id):  # every article is on the page, escaped
            assert s.article.text.split("\n")[0][:40] in html


# ---------------------------------------------------------------- the CLI, as cron runs it

def cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_cli_batch_runs_show_and_export(tmp_path, responder_server):
    write_articles(tmp_path / "in", 4)
    db = str(tmp_path / "runs.db")
    endpoint = ["--base-url", responder_server.url, "--api-key", "sk-x", "--model", "scripted", "--llm-mode", "json"]
    r = cli("batch", str(tmp_path / "in"), "--db", db, "--log-json", *endpoint)
    assert r.returncode == 0, r.stderr
    events = [json.loads(line) for line in r.stderr.splitlines()]
    assert events[0]["event"] == "start" and events[-1]["event"] == "finish" and events[-1]["done"] == 4
    assert sum(e["event"] == "article" for e in events) == 4
    r = cli("runs", "--db", db)
    assert r.returncode == 0 and " done " in r.stdout.splitlines()[1]
    r = cli("runs", "show", "1", "--db", db, "--json")
    shown = json.loads(r.stdout)
    assert shown["done"] == 4 and len(shown["items"]) == 4 and shown["settings"]["api_key"] == "***"
    out = tmp_path / "night.md"
    r = cli("export", "1", "--db", db, "--format", "md", "-o", str(out))
    assert r.returncode == 0 and out.read_text().startswith("# Digest: run 1")
    q = cli("batch", str(tmp_path / "in"), "--db", db, "--quiet", *endpoint)
    assert (q.returncode, q.stdout, q.stderr) == (0, "", "")


def test_cli_bad_command_input_is_one_line_and_a_nonzero_exit(tmp_path):
    r = cli("batch", str(tmp_path / "missing"), "--db", str(tmp_path / "runs.db"), "--base-url", "http://x/v1")
    assert r.returncode == 3 and r.stderr.startswith("InputError:") and len(r.stderr.splitlines()) == 1
    write_articles(tmp_path / "in", 1)
    r = cli("batch", str(tmp_path / "in"), "--db", str(tmp_path / "no" / "runs.db"), "--base-url", "http://x/v1")
    assert r.returncode == 6 and r.stderr.startswith("StoreError:") and len(r.stderr.splitlines()) == 1
    r = cli("runs", "show", "7", "--db", str(tmp_path / "absent.db"))
    assert r.returncode == 6 and "no such database" in r.stderr


def test_cli_partial_exit_code(tmp_path, responder_server):
    write_articles(tmp_path / "in", 2)
    (tmp_path / "in" / "empty.txt").write_text("   \n")
    r = cli("batch", str(tmp_path / "in"), "--db", str(tmp_path / "runs.db"), "--base-url", responder_server.url,
            "--model", "scripted", "--llm-mode", "json")
    assert r.returncode == EXIT_PARTIAL, r.stderr
    assert "failed empty" in r.stderr and "run 1 partial" in r.stderr
