"""The API key is scrubbed from everything written even when a *successful* reply carries it
(issue 15, point 4): stdout JSON and Markdown, the HTML page, the batch database (every
byte of it and its WAL), exports and logs; the key given by flag, environment or config file."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE
from drafts import CENTCOM_CLAIM, example_draft
from hostile import FAST, Run, cli_env, run_all

from summarizer import Settings, load_article, summarize
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion

KEY = "sk-ECHO-7c1e9b2f4a6d8e0c3b5a7f9d"
HAS_HTML = importlib.util.find_spec("summarizer.html") is not None


def _echoing(req: dict[str, Any]) -> Reply:
    """A valid reply that quotes the caller's Authorization header in free-text fields."""
    auth = req["_auth"]
    d = example_draft(headline=f"Raid in Anbar ({auth})", claims=[dict(CENTCOM_CLAIM)])
    d["events"][0]["what"] = f"Joint US-Iraqi raid on ISIS hideouts in Anbar {auth}"
    d["claims"][0]["said"] = f"{CENTCOM_CLAIM['said']} {auth}"
    return completion(d)


def _files_text(folder: Path) -> str:
    return "".join(p.read_bytes().decode("latin-1") for p in folder.rglob("*") if p.is_file())


def test_library_summary_never_holds_the_key(server: ScriptedServer) -> None:
    server.responder = _echoing
    s = Settings(backend="openai", base_url=server.url, api_key=KEY, model="scripted", mode="json",
                 transport_retries=0, timeout_s=5)
    summary = summarize(load_article(EXAMPLE), settings=s)
    assert KEY in server.requests[0]["_auth"]  # the endpoint did see it, and echoed it
    dumped = summary.model_dump_json()
    assert KEY not in dumped and "***" in summary.headline


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("echo")
    out = root / "out"
    out.mkdir()
    srv = ScriptedServer(responder=_echoing).start()
    base = ["--base-url", srv.url, "--model", "scripted", "--mode", "json"]
    flag, env_key = [*base, "--api-key", KEY], cli_env(root, **FAST, SUMMARIZER_API_KEY=KEY)
    conf = root / "conf.toml"
    conf.write_text(f'api_key = "{KEY}"\n')
    plain = cli_env(root, **FAST)
    db = out / "runs.db"
    first = [
        Run(["summarize", str(EXAMPLE), "-f", "json", *flag, "--verbose"], plain),
        Run(["summarize", str(EXAMPLE), *base], env_key),
        Run(["summarize", str(EXAMPLE), "-f", "json", "-o", str(out / "s.json"), *base, "--config", str(conf)],
            plain),
        *([Run(["summarize", str(EXAMPLE), "-f", "html", "-o", str(out / "s.html"), *flag], plain)]
          if HAS_HTML else []),
        Run(["batch", str(EXAMPLE), "--db", str(db), "--base-url", srv.url, "--model", "scripted",
             "--llm-mode", "json", "--verbose"], env_key),
    ]
    run_all(first)
    exports = [Run(["export", "latest", "--db", str(db), "-f", fmt, "-o", str(out / f"export.{fmt}")], plain)
               for fmt in ("jsonl", "md", *(["html"] if HAS_HTML else []))]
    exports.append(Run(["runs", "show", "latest", "--db", str(db), "--json"], plain))
    run_all(exports)
    yield out, first + exports
    srv.stop()


def test_every_command_succeeds(runs) -> None:
    _, all_runs = runs
    assert [r.returncode for r in all_runs] == [0] * len(all_runs), [r.stderr for r in all_runs]


def test_no_output_holds_the_echoed_key(runs) -> None:
    out, all_runs = runs
    for r in all_runs:
        assert KEY not in r.stdout and KEY not in r.stderr, r.args
    written = _files_text(out)
    assert (out / "runs.db").exists() and (out / "s.json").exists() and (out / "export.jsonl").exists()
    assert KEY not in written
    assert "***" in (out / "s.json").read_text()  # the echo was there, redacted
    assert "***" in (out / "export.jsonl").read_text()
