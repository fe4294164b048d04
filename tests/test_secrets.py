"""The API key never leaves: not in stdout (JSON, Markdown, HTML), files written, stderr with
--verbose (tracebacks included), error messages, logs or exchange records, even when the
endpoint echoes the key back in its error bodies. Every artifact is grepped for a known fake key."""

from __future__ import annotations

import importlib.util
import logging
import traceback
from pathlib import Path
from typing import Iterator

import pytest
from conftest import EXAMPLE
from drafts import example_draft
from hostile import FAST, Run, cli_env, run_all

from summarizer import EndpointError, LLMError, Settings, Usage, load_article, summarize
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion, error

KEY = "sk-FAKE-4f9c2d7e1b3a5c8e0d6f9a7b"
HAS_HTML = importlib.util.find_spec("summarizer.render.html") is not None


def _echo(status: int):
    """An endpoint that quotes the caller's Authorization header back in its error body."""
    return lambda req: error(status, f"Incorrect API key provided: {req['_auth']}")


SCENARIOS: dict[str, tuple[list[Reply], object, list[str]]] = {
    # id: (scripted replies, responder when the script is empty, extra CLI args)
    "json to stdout": ([completion(example_draft())], None, ["-f", "json"]),
    "markdown, verbose": ([completion(example_draft())], None, ["--verbose"]),
    "json to a file": ([completion(example_draft())], None, ["-f", "json", "-o", "{out}/s.json"]),
    "reask, verbose": ([completion("nope"), completion(example_draft())], None, ["-f", "json", "--verbose"]),
    "401 echoing the key, verbose": ([], _echo(401), ["--verbose"]),
    "400 echoing the key, verbose": ([], _echo(400), ["--verbose"]),
    "503 echoing the key, verbose": ([], _echo(503), ["--verbose"]),
    "429 echoing the key": ([], _echo(429), []),
    "key on the command line, 401": ([], _echo(401), ["--api-key", KEY]),
    **({"html to a file": ([completion(example_draft())], None, ["-f", "html", "-o", "{out}/s.html"])}
       if HAS_HTML else {}),
}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, tuple[Run, ScriptedServer]]]]:
    out = tmp_path_factory.mktemp("secrets")
    started: dict[str, tuple[Run, ScriptedServer]] = {}
    for name, (replies, responder, args) in SCENARIOS.items():
        srv = ScriptedServer(responder=responder).start().add(*replies)  # type: ignore[arg-type]
        env = cli_env(out, **FAST, SUMMARIZER_BASE_URL=srv.url, SUMMARIZER_MODEL="scripted", SUMMARIZER_MODE="json")
        if "--api-key" not in args:
            env["SUMMARIZER_API_KEY"] = KEY
        started[name] = (Run(["summarize", str(EXAMPLE), *[a.format(out=out) for a in args]], env,
                             real=name == "401 echoing the key, verbose"), srv)
    run_all([r for r, _ in started.values()])
    yield out, started
    for _, srv in started.values():
        srv.stop()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cli_artifacts_never_hold_the_key(name: str, runs):
    _, started = runs
    r, srv = started[name]
    assert srv.chat_requests() and all(q["_auth"] == f"Bearer {KEY}" for q in srv.chat_requests())
    assert KEY not in r.stdout and KEY not in r.stderr
    if "echoing" in name or "401" in name:
        assert r.returncode == 5 and r.lines, r.stderr
    else:
        assert r.returncode == 0, r.stderr
    if "verbose" in name:
        assert "llm: scripted" in r.stderr  # the verbose log really ran


def test_no_file_written_holds_the_key(runs):
    out, _ = runs
    files = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"s.json", *(["s.html"] if HAS_HTML else [])}
    for p in files:
        assert KEY.encode() not in p.read_bytes(), p


def test_verbose_traceback_of_an_echoed_key_is_scrubbed(runs):
    _, started = runs
    r, _ = started["401 echoing the key, verbose"]
    assert "Traceback" in r.stderr and "AuthenticationError" in r.stderr and "***" in r.stderr
    assert r.lines[-1].startswith("EndpointError: ") and r.lines[-1].endswith("rejected the API key (401)")


def test_library_errors_exchanges_and_logs_never_hold_the_key(server: ScriptedServer, caplog):
    server.responder = _echo(503)
    s = Settings(backend="openai", base_url=server.url, api_key=KEY, model="scripted", mode="json",
                 transport_retries=1, retry_max_wait_s=0.01)
    usage = Usage()
    caplog.set_level(logging.DEBUG)
    with pytest.raises(LLMError) as info:
        summarize(load_article(EXAMPLE), settings=s, usage=usage)
    chain = "".join(traceback.format_exception(info.value))
    assert "InternalServerError" in chain and KEY not in chain
    assert usage.exchanges and all(KEY not in (ex.error or "") for ex in usage.exchanges)
    assert caplog.records and KEY not in caplog.text
    assert KEY not in repr(s) and KEY not in str(s.public())
    server.responder = _echo(400)
    with pytest.raises(EndpointError) as bad:
        summarize(load_article(EXAMPLE), settings=s)
    assert "Incorrect API key provided: Bearer ***" in str(bad.value)
    assert KEY not in "".join(traceback.format_exception(bad.value))


def test_batch_database_never_holds_the_key(tmp_path):
    """A night where some articles succeed and one endpoint error quotes the key back: neither the
    SQLite file (with its WAL) nor the exports may contain it."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    from summarizer.testing.replies import generic_reply, town_of, write_articles

    def responder(req):
        return _echo(400)(req) if town_of(req) == 1 else generic_reply(req)

    server = ScriptedServer(responder=responder).start()
    try:
        write_articles(tmp_path / "night", 3)
        db = tmp_path / "runs.db"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SUMMARIZER_API_KEY": KEY}
        base = [sys.executable, "-m", "summarizer"]
        r = subprocess.run([*base, "batch", str(tmp_path / "night"), "--db", str(db), "--base-url", server.url,
                            "--model", "scripted", "--llm-mode", "json", "--quiet"],
                           capture_output=True, text=True, env=env, timeout=120)
        assert r.returncode == 10, r.stderr  # partial: the article whose error echoed the key failed
        exports = [subprocess.run([*base, "export", "latest", "--db", str(db), "-f", f], capture_output=True,
                                  text=True, env=env, timeout=120).stdout for f in ("jsonl", "md", "html")]
    finally:
        server.stop()
    assert any("Incorrect API key provided" in e for e in exports)  # the error is kept, the key is not
    files = [p for p in tmp_path.iterdir() if p.name.startswith("runs.db")]
    assert files and all(KEY.encode() not in p.read_bytes() for p in files)
    assert all(KEY not in text for text in (*exports, r.stdout, r.stderr))
