"""kill -9 at random points, resume each time: exactly one result per article at the end.

The batch runs in real child processes (forked from a pre-imported CLI, tests/batch_zygote.py,
so a kill costs milliseconds instead of a second of imports; the first and last runs are
plain ``python -m summarizer`` subprocesses). Each is SIGKILLed after a random delay that
lands anywhere: discovery, registration, the cache pass, articles in flight, commits,
the digest. The same command then resumes the same run.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from conftest import ROOT

from summarizer.batch import run_summaries
from summarizer.batch.live import articles_at_once
from summarizer.store.sqlite import Store
from summarizer.testing.replies import frozen_prompts, generic_reply, town_of, write_articles
from summarizer.testing.scripted_server import ScriptedServer

N = 200
CONCURRENCY = 2
KILLS = 24


class Zygote:
    def __init__(self, env: dict[str, str]):
        self.p = subprocess.Popen([sys.executable, str(ROOT / "tests" / "batch_zygote.py")], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True, env=env)

    def _ask(self, req: dict) -> dict:
        assert self.p.stdin and self.p.stdout
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        return json.loads(self.p.stdout.readline())

    def start(self, argv: list[str], log: str) -> int:
        return self._ask({"argv": argv, "log": log})["pid"]

    def wait(self, pid: int) -> int:
        return self._ask({"wait": pid})["code"]

    def close(self) -> None:
        assert self.p.stdin
        self.p.stdin.close()
        self.p.wait(timeout=10)


def _wait_for_articles(log, n: int, timeout_s: float = 20.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if log.exists() and log.read_text().count('"event": "article"') >= n:
            return
        if log.exists() and '"event": "finish"' in log.read_text():
            return
        time.sleep(0.005)


def _totals(db) -> dict:
    if not db.exists():
        return {"done": 0, "pending": None}
    with Store(db) as st:
        runs = st.list_runs(100)
        return st.totals(runs[0]["id"]) if runs else {"done": 0, "pending": None}


def _live_workers() -> list[int]:
    """Live worker processes of --workers runs (named summarizer-w1… by workers.py), zombies left out."""
    pids = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat", "rb") as f:
                    name, _, rest = f.read().partition(b") ")
            except OSError:
                continue
            if name.split(b"(", 1)[-1].startswith(b"summarizer-w") and not rest.startswith(b"Z"):
                pids.append(int(d))
    return pids


def _no_workers_left(timeout_s: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while _live_workers():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def _repeats(seen: list[tuple[float, int | None]], kill_times: list[float]) -> list[tuple[int | None, list[int]]]:
    """Articles asked for more than once, each request numbered by the kills before it."""
    by: dict[int | None, list[int]] = {}
    for t, town in seen:
        by.setdefault(town, []).append(sum(k <= t for k in kill_times))
    return [(town, epochs) for town, epochs in by.items() if len(epochs) > 1]


def test_killed_at_random_points_and_resumed_ends_with_one_result_per_article(tmp_path):
    _kill_and_resume(tmp_path, workers=1, kills_wanted=KILLS)


def test_with_worker_processes_a_kill_takes_the_workers_too_and_resume_is_exact(tmp_path):
    _kill_and_resume(tmp_path, workers=2, kills_wanted=8)


def _kill_and_resume(tmp_path, workers: int, kills_wanted: int) -> None:
    rng = random.Random(int(os.environ.get("KILL_SEED", "20240831")))
    folder, db = tmp_path / "night", tmp_path / "runs.db"
    write_articles(folder, N)
    latency = random.Random(7)
    seen: list[tuple[float, int | None]] = []  # (when, which article) of each chat request, for the message below

    def respond(req: dict):
        seen.append((time.monotonic(), town_of(req)))
        return generic_reply(req, delay_s=latency.uniform(0.05, 0.15))

    server = ScriptedServer(responder=respond)
    server.httpd.RequestHandlerClass.disable_nagle_algorithm = True  # no delayed-ACK wait on each reply
    server.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    argv = ["batch", str(folder), "--db", str(db), "--base-url", server.url, "--api-key", "sk-kill",
            "--model", "scripted", "--llm-mode", "json", "-j", str(CONCURRENCY), "--log-json",
            "--prompts", str(frozen_prompts(tmp_path / "prompts")), "--workers", str(workers)]
    zygote = Zygote(env)
    kills = mid_run = with_workers = 0
    kill_times: list[float] = []  # when each killed run's last process was gone
    exits, trace = [], []
    started = time.perf_counter()
    try:
        # one real subprocess killed while it works, then forked children killed anywhere
        p = subprocess.Popen([sys.executable, "-m", "summarizer", *argv], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)
        assert p.stderr
        first = p.stderr.readline()  # the "start" event: the run is registered
        assert '"event": "start"' in first, first
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        assert p.wait(timeout=10) == -signal.SIGKILL
        assert _no_workers_left(), "a worker process outlived its killed parent"
        kill_times.append(time.monotonic())  # every process of that run is gone: later requests are the next run's
        kills += 1
        while kills < kills_wanted:
            before = _totals(db)
            log = tmp_path / f"run{kills}.log"
            pid = zygote.start(argv, str(log))
            early = rng.random() < 0.25
            if early:  # anywhere in startup: discovery, registration, the cache pass
                time.sleep(rng.uniform(0.0, 0.2))
            else:  # after a random number of committed articles, plus a few ms: mid-flight, mid-commit
                _wait_for_articles(log, rng.randint(1, 6))
                time.sleep(rng.uniform(0.0, 0.05))
            with_workers += bool(_live_workers())
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            code = zygote.wait(pid)
            exits.append(code)
            assert _no_workers_left(), "a worker process outlived its killed parent"
            if code == -signal.SIGKILL:
                kills += 1
                kill_times.append(time.monotonic())
                after = _totals(db)
                mid_run += after["done"] > before["done"] and bool(after["pending"])
                trace.append((early, before["done"], after["done"]))
        final = subprocess.run([sys.executable, "-m", "summarizer", *argv], env=env, capture_output=True, text=True,
                               timeout=120)
        assert final.returncode == 0, final.stderr[-2000:]
    finally:
        zygote.close()
        server.stop()
    elapsed = time.perf_counter() - started

    with Store(db) as st:
        assert st.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        runs = st.list_runs(100)
        first_run = runs[-1]
        items = st.items(first_run["id"])
        assert len(items) == N and {i["status"] for i in items} == {"done"}, "every article: one result"
        assert len({i["key"] for i in items}) == N
        summaries = run_summaries(st, first_run["id"])
        assert sorted(s.article.id for s in summaries) == sorted(i["key"] for i in items)
        assert st.db.execute("SELECT COUNT(*) FROM cache").fetchone()[0] == N
        for r in runs:  # a run finished by an earlier child is followed by all-cached runs: complete too
            if r["status"] != "running":
                assert r["total"] == N and r["done"] + r["cached"] == N, r
        assert runs[0]["status"] == "done" and runs[0]["pending"] == 0
        exchanges = st.db.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0]
        failed = st.db.execute("SELECT COUNT(*) FROM exchanges WHERE error IS NOT NULL").fetchone()[0]
    calls = len(server.chat_requests())
    # nothing done twice: an article is asked for again only after a kill (its reply was not yet
    # committed), and a kill loses at most the articles each process had in progress
    repeats = _repeats(seen, kill_times)
    assert all(len(set(r[1])) == len(r[1]) for r in repeats), ("asked twice with no kill between", repeats)
    at_once = workers * articles_at_once(-(-CONCURRENCY // workers))
    assert N <= calls <= N + kills * at_once, (calls, kills, at_once, exits, failed, repeats)
    assert exchanges <= calls
    assert kills >= kills_wanted and mid_run >= kills_wanted // 2, (kills, mid_run, exits, trace)
    assert with_workers >= (kills_wanted // 2 if workers > 1 else 0), with_workers  # killed with its workers running
    print(f"\n{kills} kills ({mid_run} mid-run), {calls} LLM calls for {N} articles, {len(runs)} run(s), "
          f"{elapsed:.1f} s")
