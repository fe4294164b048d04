"""The CLI as a user runs it: a subprocess against the scripted endpoint."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import EXAMPLE, ROOT
from drafts import example_draft

from summarizer.testing.scripted_server import completion


def run(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    e = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "summarizer", *args], capture_output=True, text=True,
                          input=stdin, env=e, timeout=120)


def endpoint(server) -> list[str]:
    return ["--base-url", server.url, "--api-key", "sk-test", "--model", "scripted", "--mode", "json"]


def test_summarize_markdown(server):
    server.add(completion(example_draft()))
    r = run("summarize", str(EXAMPLE), *endpoint(server))
    assert r.returncode == 0, r.stderr
    md = r.stdout
    assert md.startswith("# Joint raid in Anbar kills 14 ISIS members")
    for heading in ("## Key points", "## Events", "## Claims by source", "**US Central Command**"):
        assert heading in md
    assert "last Thursday (2024-08-29)" in md and "14 killed" in md


def test_summarize_json_from_stdin_and_to_file(server, tmp_path):
    server.add(completion(example_draft()))
    out = tmp_path / "s.json"
    r = run("summarize", "-", "-f", "json", "-o", str(out), *endpoint(server), stdin=EXAMPLE.read_text())
    assert r.returncode == 0, r.stderr
    s = json.loads(out.read_text())
    assert s["article"]["published"] == "2024-08-31"
    assert set(s) >= {"article", "headline", "key_points", "events", "claims", "conflicts", "meta"}


def test_endpoint_selected_by_environment(server):
    server.add(completion(example_draft()))
    r = run("summarize", str(EXAMPLE), "-f", "json",
            env={"SUMMARIZER_BASE_URL": server.url, "SUMMARIZER_MODEL": "scripted", "SUMMARIZER_MODE": "json"})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["meta"]["backend"] == "openai"


def test_config_file_selects_the_endpoint(server, tmp_path):
    server.add(completion(example_draft()))
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'base_url = "{server.url}"\nmodel = "scripted"\nmode = "json"\n')
    r = run("summarize", str(EXAMPLE), "-f", "json", "--config", str(cfg))
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["meta"]["model"] == "scripted"


def test_verbose_shows_calls_and_tokens(server):
    server.add(completion(example_draft(), prompt_tokens=900, completion_tokens=120))
    r = run("summarize", str(EXAMPLE), "-v", *endpoint(server))
    assert r.returncode == 0
    assert "900 prompt + 120 completion tokens" in r.stderr


def test_schema_command_prints_the_contract():
    r = run("schema")
    schema = json.loads(r.stdout)
    assert set(schema["properties"]) >= {"article", "headline", "key_points", "events", "claims", "conflicts", "meta"}


def test_bad_format_and_unknown_mode_are_one_line_errors(server):
    r = run("summarize", str(EXAMPLE), "-f", "pdf", *endpoint(server))
    assert r.returncode == 7 and r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr
    r = run("summarize", str(EXAMPLE), "--mode", "telepathy", "--base-url", server.url)
    assert r.returncode == 4 and "mode must be one of" in r.stderr


def test_unreachable_endpoint_and_wrong_key(server):
    r = run("summarize", str(EXAMPLE), "--base-url", "http://127.0.0.1:9/v1", "--model", "m",
            env={"SUMMARIZER_TRANSPORT_RETRIES": "1", "SUMMARIZER_RETRY_MAX_WAIT_S": "0.01"})
    assert r.returncode == 5 and "cannot reach http://127.0.0.1:9/v1" in r.stderr
    assert r.stderr.strip().count("\n") == 0
    from summarizer.testing.scripted_server import error
    server.add(error(401, "Incorrect API key provided"))
    r = run("summarize", str(EXAMPLE), *endpoint(server))
    assert r.returncode == 5 and "rejected the API key (401)" in r.stderr and "Traceback" not in r.stderr


def test_missing_model_file_is_a_config_error():
    r = run("summarize", str(EXAMPLE), "--model", "/nonexistent/model.gguf")
    assert r.returncode == 4 and "model file not found" in r.stderr and "Traceback" not in r.stderr
