"""The machine-wide embedded-model lock, with real processes contending for the embedded backend.

The processes run the real embedded code path (model file check, lock, instructor request,
parse, grounding) on a fast fake model class (``summarizer/testing/fake_llama.py``), which records when each
call computed; the assertions are on those timestamps.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from summarizer.llm.modellock import ModelLock
from summarizer.testing.replies import write_articles

TESTS = ROOT / "tests"
ARTICLE = ("date 2024-08-31 Staff reporter (Springfield)\n"
           "Two people were killed in a fire in Springfield on Tuesday, the fire chief said. "
           "The council will meet next week to discuss the response.")


@pytest.fixture
def box(tmp_path: Path) -> dict:
    model = tmp_path / "fake.gguf"
    model.write_bytes(b"GGUF" + bytes(64))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return {"dir": tmp_path, "model": model, "article": article, "lock": tmp_path / "model.lock",
            "log": tmp_path / "calls.jsonl"}


def _env(box: dict, seconds: float, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUMMARIZER_")}
    env.update(PYTHONPATH=os.pathsep.join([str(ROOT), str(TESTS)]),
               SUMMARIZER_LLAMA_CLASS="summarizer.testing.fake_llama:FakeLlama",
               SUMMARIZER_MODEL_LOCK=str(box["lock"]), FAKE_LLAMA_LOG=str(box["log"]),
               FAKE_LLAMA_SECONDS=str(seconds), XDG_CONFIG_HOME=str(box["dir"] / "config"))
    env.update(extra)
    return env


def _default_sigint() -> None:
    """A child as a user's shell starts it: Ctrl-C interrupts. A shell that starts the suite in the
    background ignores SIGINT, children inherit that, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _summarize(box: dict, name: str, seconds: float, **extra: str) -> tuple[subprocess.Popen, Path]:
    err = box["dir"] / f"{name}.err"
    p = subprocess.Popen([sys.executable, "-m", "summarizer", "summarize", str(box["article"]), "-f", "json",
                          "--model", str(box["model"])], env=_env(box, seconds, **extra),
                         stdout=subprocess.PIPE, stderr=open(err, "w"), text=True, preexec_fn=_default_sigint)
    return p, err


def _records(box: dict, event: str) -> list[dict]:
    if not box["log"].exists():
        return []
    lines = box["log"].read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["event"] == event]


def _wait_until(cond, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not cond():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _finish(p: subprocess.Popen) -> dict:
    out, _ = p.communicate(timeout=60)
    assert p.returncode == 0
    return json.loads(out)


def _computing(box: dict, p: subprocess.Popen) -> None:
    _wait_until(lambda: any(r["pid"] == p.pid for r in _records(box, "begin")))


def _waiting(err: Path) -> None:
    _wait_until(lambda: "waiting for the embedded model" in err.read_text())


def test_a_second_process_says_whom_it_waits_for_and_computes_only_after_the_first(box):
    release = box["dir"] / "release"
    a, a_err = _summarize(box, "a", 60.0, FAKE_LLAMA_RELEASE=str(release))
    _computing(box, a)
    b, b_err = _summarize(box, "b", 0.2)
    _waiting(b_err)
    release.touch()
    sa, sb = _finish(a), _finish(b)
    assert sa["meta"]["backend"] == sb["meta"]["backend"] == "embedded" and sb["events"]
    waiting = [line for line in b_err.read_text().splitlines() if "waiting for the embedded model" in line]
    assert len(waiting) == 1, b_err.read_text()
    assert f"in use by pid {a.pid} (summarizer summarize" in waiting[0]
    assert "waiting" not in a_err.read_text()
    calls = {r["pid"]: r for r in _records(box, "call")}
    assert calls[b.pid]["start"] >= calls[a.pid]["end"]


def test_two_batches_take_turns_call_by_call_and_never_overlap(box):
    procs = []
    for name in ("night1", "night2"):
        inbox = box["dir"] / name
        write_articles(inbox, 4, start=10 * len(procs))
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "summarizer", "batch", str(inbox), "--db", str(box["dir"] / f"{name}.db"),
             "--model", str(box["model"]), "--quiet"], env=_env(box, 0.6), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0 and err == "", err  # --quiet: not even the waiting line
    calls = sorted(_records(box, "call"), key=lambda r: r["start"])
    assert len(calls) == 8 and {r["pid"] for r in calls} == {p.pid for p in procs}
    for prev, nxt in zip(calls, calls[1:], strict=False):
        assert nxt["start"] >= prev["end"], "two processes computed at once"
    # once both are queued they alternate: strip the run before the second arrives and the run after the first is done
    pids = [r["pid"] for r in calls]
    lo, hi = 0, len(pids)
    while lo + 1 < hi and pids[lo + 1] == pids[0]:
        lo += 1
    while hi - 1 > lo and pids[hi - 2] == pids[-1]:
        hi -= 1
    middle = pids[lo:hi]
    assert len(middle) >= 4 and all(x != y for x, y in zip(middle, middle[1:], strict=False)), pids


def test_ctrl_c_while_waiting_exits_130_in_one_line_and_the_holder_goes_on(box):
    release = box["dir"] / "release"
    a, _ = _summarize(box, "a", 60.0, FAKE_LLAMA_RELEASE=str(release))
    _computing(box, a)
    b, b_err = _summarize(box, "b", 0.2)
    _waiting(b_err)
    b.send_signal(signal.SIGINT)
    assert b.wait(timeout=30) == 130
    err = b_err.read_text()
    assert "Interrupted" in err and "Traceback" not in err
    release.touch()
    assert _finish(a)["events"]
    assert not any(r["pid"] == b.pid for r in _records(box, "begin"))


def test_a_killed_holder_leaves_no_stale_lock(box):
    a, _ = _summarize(box, "a", 60.0)
    _computing(box, a)
    a.kill()
    a.wait(timeout=10)
    b, b_err = _summarize(box, "b", 0.2)
    assert _finish(b)["events"]
    assert "waiting" not in b_err.read_text()


def test_lock_off_lets_two_processes_compute_at_once(box):
    release = box["dir"] / "release"
    a, _ = _summarize(box, "a", 60.0, SUMMARIZER_MODEL_LOCK="off", FAKE_LLAMA_RELEASE=str(release))
    _computing(box, a)
    b, b_err = _summarize(box, "b", 0.2, SUMMARIZER_MODEL_LOCK="off")
    _finish(b)
    release.touch()
    _finish(a)
    calls = {r["pid"]: r for r in _records(box, "call")}
    assert calls[b.pid]["end"] < calls[a.pid]["end"]
    assert "waiting" not in b_err.read_text()
    assert not box["lock"].exists()


def test_a_lock_file_that_cannot_be_opened_is_one_config_line(box):
    (box["dir"] / "plain").write_text("x")
    p, err = _summarize(box, "a", 0.1, SUMMARIZER_MODEL_LOCK=str(box["dir"] / "plain" / "model.lock"))
    out, _ = p.communicate(timeout=60)
    lines = err.read_text().strip().splitlines()
    assert p.returncode == 4 and out == ""
    assert len(lines) == 1 and lines[0].startswith("ConfigError: cannot open the model lock"), lines


def test_in_one_process_two_lock_objects_on_one_file_exclude_each_other(tmp_path):
    said: list[str] = []
    first, second = ModelLock(tmp_path / "m.lock"), ModelLock(tmp_path / "m.lock", say=said.append)
    inside, release, order = threading.Event(), threading.Event(), []

    def hold_first() -> None:
        with first.hold():
            inside.set()
            release.wait(5)
            order.append("first out")

    t = threading.Thread(target=hold_first)
    t.start()
    inside.wait(5)
    threading.Timer(0.3, release.set).start()
    with second.hold():
        order.append("second in")
    t.join()
    assert order == ["first out", "second in"]
    assert len(said) == 1 and f"in use by pid {os.getpid()}" in said[0]
    assert (tmp_path / "m.lock").read_text().split("\n")[0] == str(os.getpid())
    assert (tmp_path / "m.lock").stat().st_mode & 0o666 == 0o666


def test_a_batch_interrupted_while_waiting_exits_130_and_resumes_to_the_end(box):
    release = box["dir"] / "release"
    a, _ = _summarize(box, "a", 60.0, FAKE_LLAMA_RELEASE=str(release))
    _computing(box, a)
    inbox, db, err = box["dir"] / "night", box["dir"] / "night.db", box["dir"] / "night.err"
    write_articles(inbox, 2)
    argv = [sys.executable, "-m", "summarizer", "batch", str(inbox), "--db", str(db), "--model", str(box["model"]),
            "--log-json"]
    b = subprocess.Popen(argv, env=_env(box, 0.2), stdout=subprocess.DEVNULL, stderr=open(err, "w"),
                         preexec_fn=_default_sigint)
    _waiting(err)
    events = [json.loads(line) for line in err.read_text().splitlines()]
    assert any(e["event"] == "message" and f"in use by pid {a.pid}" in e["text"] for e in events)
    b.send_signal(signal.SIGINT)
    assert b.wait(timeout=30) == 130
    release.touch()
    _finish(a)
    again = subprocess.run(argv, env=_env(box, 0.2), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    finish = [e for e in map(json.loads, again.stderr.splitlines()) if e["event"] == "finish"][0]
    assert finish["resumed"] is True and finish["done"] == 2 and finish["failed"] == 0


FORK_SCRIPT = """
import os, sys, time
from pathlib import Path
from summarizer.llm.modellock import ModelLock

lock = ModelLock(Path(sys.argv[1]), say=lambda m: None)
r, w = os.pipe()
with lock.hold():
    pid = os.fork()
    if pid == 0:  # the child: the same object, the parent's fds and thread lock copied
        try:
            with lock.hold():
                os.write(w, b"in")
        finally:
            os._exit(0)
    time.sleep(0.5)
    os.set_blocking(r, False)
    try:
        os.read(r, 2)
        print("child got in while the parent held the lock")
        sys.exit(1)
    except BlockingIOError:
        pass
os.waitpid(pid, 0)
print(os.read(r, 2).decode())
"""


def test_a_forked_child_does_not_share_its_parents_hold(tmp_path):
    # in a fresh single-threaded process: forking pytest itself could copy another thread's locks
    out = subprocess.run([sys.executable, "-c", FORK_SCRIPT, str(tmp_path / "m.lock")], capture_output=True,
                         text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert out.returncode == 0 and out.stdout.strip() == "in", out.stdout + out.stderr
