"""The overall per-call deadline (``deadline_s``), through the real scripted server on 127.0.0.1:
a slow-drip reply, a silent server and retries are all bounded by it, on the sync (httpx)
and async (aiohttp) paths and from the CLI (one line, exit 5, no traceback)."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import subprocess
import sys
import time

import pytest
from conftest import EXAMPLE
from drafts import example_draft
from hostile import FAST, cli_env, endpoint

from summarizer import LLM, Settings, Usage, asummarize, load_article, summarize
from summarizer.errors import ConfigError, RetriesExhausted
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion, error


def _drip(per_byte_s: float = 0.05) -> Reply:
    """The example's valid reply, one byte every ``per_byte_s`` (the whole of it would take minutes)."""
    return dataclasses.replace(completion(example_draft()), drip_s=per_byte_s)


def _summarize_async(article, settings: Settings, usage: Usage):
    async def go():
        llm = LLM.from_settings(settings, asynchronous=True)
        try:
            return await asummarize(article, settings=settings, llm=llm, usage=usage)
        finally:
            await llm.aclose()

    return asyncio.run(go())


PATHS = {"sync": lambda article, settings, usage: summarize(article, settings=settings, usage=usage),
         "async": _summarize_async}


@pytest.mark.parametrize("path", PATHS)
def test_a_slow_drip_reply_fails_within_the_deadline(path: str, server: ScriptedServer, settings: Settings):
    server.add(_drip(), completion(example_draft()))
    usage = Usage()
    with pytest.raises(RetriesExhausted) as info:
        PATHS[path](load_article(EXAMPLE), dataclasses.replace(settings, timeout_s=5, deadline_s=1.5), usage)
    took = time.monotonic() - server.chat_requests()[0]["_t"]
    assert 1.4 <= took < 3.0, took  # the drip alone would take minutes; each byte arrives well within timeout_s
    msg = str(info.value)
    assert "\n" not in msg
    assert re.search(r"did not answer within deadline_s=1\.5: the deadline passed while the reply was still "
                     r"arriving \(attempt 1\)$", msg), msg
    assert len(server.chat_requests()) == 1  # no time left to retry: the second (valid) reply is never asked for
    assert usage.failed_attempts == 1 and usage.exchanges[0].error == "deadline_s=1.5 passed while the reply was " \
                                                                      "still arriving"


@pytest.mark.parametrize("path", PATHS)
def test_a_silent_server_is_cut_at_the_deadline_not_at_timeout_s(path: str, server: ScriptedServer,
                                                                 settings: Settings):
    server.add(Reply(delay_s=4), completion(example_draft()))
    with pytest.raises(RetriesExhausted) as info:
        PATHS[path](load_article(EXAMPLE), dataclasses.replace(settings, timeout_s=10, deadline_s=1), Usage())
    assert time.monotonic() - server.chat_requests()[0]["_t"] < 2.5
    assert re.search(r"within deadline_s=1: the deadline passed before any reply \(attempt 1\)$", str(info.value))


@pytest.mark.parametrize("path", PATHS)
def test_retries_count_against_the_deadline(path: str, server: ScriptedServer, settings: Settings):
    """503s asking for 1 s each: with deadline_s=2.5, a fourth request would start after it."""
    server.add(*[error(503, "upstream down", headers={"Retry-After": "1"})] * 5, completion(example_draft()))
    with pytest.raises(RetriesExhausted) as info:
        PATHS[path](load_article(EXAMPLE), dataclasses.replace(settings, transport_retries=8, retry_max_wait_s=5,
                                                               deadline_s=2.5), Usage())
    assert time.monotonic() - server.chat_requests()[0]["_t"] < 2.9  # a fourth request would start at 3 s
    assert len(server.chat_requests()) == 3
    assert str(info.value).endswith("answered HTTP 503 after 3 attempts: upstream down; no time left for another "
                                    "attempt within deadline_s=2.5")
    assert info.value.attempts == 3


def test_a_reply_within_the_deadline_is_unaffected(server: ScriptedServer, settings: Settings):
    server.add(dataclasses.replace(completion(example_draft()), delay_s=0.3))
    s = summarize(load_article(EXAMPLE), settings=dataclasses.replace(settings, deadline_s=3))
    assert s.events and len(server.chat_requests()) == 1


def test_the_cli_fails_a_slow_drip_within_the_deadline_with_one_line_and_exit_5(server: ScriptedServer, tmp_path):
    server.add(_drip(), completion(example_draft()))
    env = cli_env(tmp_path, **FAST, SUMMARIZER_DEADLINE_S="2")
    p = subprocess.run([sys.executable, "-m", "summarizer", "summarize", str(EXAMPLE), *endpoint(server)], env=env,
                       capture_output=True, text=True, timeout=120)
    time.sleep(0.3)  # the server notices the hang-up at its next byte
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert p.returncode == 5, p.stderr
    assert "Traceback" not in p.stderr and p.stdout == ""
    assert len(lines) == 1 and re.match(r"^RetriesExhausted: http://127\.0\.0\.1:\d+/v1 did not answer within "
                                        r"deadline_s=2: the deadline passed while the reply", lines[0]), p.stderr
    assert len(server.chat_requests()) == 1 and len(server.hangups) == 1
    held = server.hangups[0] - server.chat_requests()[0]["_t"]  # from the request, not the interpreter's start-up
    assert 1.9 <= held < 3.5, held


@pytest.mark.parametrize("value", ["0", "-1", "inf", "nan", "soon"])
def test_a_bad_deadline_is_a_configuration_error(value: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SUMMARIZER_DEADLINE_S", value)
    with pytest.raises(ConfigError, match="deadline_s"):
        Settings.load()


def test_the_deadline_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SUMMARIZER_DEADLINE_S", "42.5")
    assert Settings.load().deadline_s == 42.5
    assert Settings().deadline_s == 600.0
