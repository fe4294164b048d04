"""The fault matrix, through the real scripted HTTP server: the library and the CLI.

Each failure case checks the exception (or exit code), the one-line message that names
the cause, how many requests the server saw (both retry layers are bounded), and that
token usage of failed attempts is counted. Settings: transport_retries=2 (3 requests),
max_reasks=1 (2 replies), retry_max_wait_s=0.05 unless a case needs a longer wait.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Iterator

import pytest
from conftest import EXAMPLE
from drafts import example_draft
from hostile import FAST, Run, cli_env, endpoint, run_all

from summarizer import LLM, EndpointError, Settings, Usage, load_article, summarize
from summarizer.errors import LLMError, OutputTruncated, RetriesExhausted
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion, error


def _empty_choices(prompt_tokens: int = 100, completion_tokens: int = 50) -> Reply:
    r = completion(example_draft(), prompt_tokens=prompt_tokens, completion_tokens=completion_tokens)
    r.body["choices"] = []
    return r


def _stalled() -> Reply:
    return dataclasses.replace(completion(example_draft()), stall_after=40, stall_s=3)


def _dropped() -> Reply:
    return dataclasses.replace(completion(example_draft()), drop_after=40)


@dataclass
class Fault:
    id: str
    replies: Callable[[], list[Reply]]
    error: type[LLMError]
    message: str  # regex the one-line message must match
    requests: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    timeout_s: float = 5
    exit_code: int = 5
    env: dict[str, str] = field(default_factory=dict)


FAULTS = [
    Fault("429 without Retry-After", lambda: [error(429)] * 3, RetriesExhausted,
          r"answered HTTP 429 \(rate limited\) after 3 attempts: scripted error$", 3),
    *(Fault(f"HTTP {code}", lambda code=code: [error(code, f"upstream {code}")] * 3, RetriesExhausted,
            rf"answered HTTP {code} after 3 attempts: upstream {code}$", 3) for code in (500, 502, 503)),
    Fault("connection reset", lambda: [Reply(reset=True)] * 3, RetriesExhausted,
          r"^cannot reach http://127\.0\.0\.1:\d+/v1 after 3 attempts: connection reset$", 3),
    Fault("read timeout", lambda: [Reply(delay_s=2)] * 3, RetriesExhausted,
          r"timed out after 3 attempts \(timeout_s=0\.5\)$", 3, timeout_s=0.5),
    Fault("stall mid-body", lambda: [_stalled()] * 3, RetriesExhausted,
          r"timed out after 3 attempts \(timeout_s=0\.5\)$", 3, timeout_s=0.5),
    Fault("connection dropped mid-body", lambda: [_dropped()] * 3, RetriesExhausted,
          r"after 3 attempts: the connection closed mid-response$", 3),
    Fault("malformed JSON body", lambda: [Reply(body="{not json")] * 3, RetriesExhausted,
          r"returned a response body that is not JSON after 3 attempts$", 3),
    Fault("empty choices", lambda: [_empty_choices(70, 7)] * 3, RetriesExhausted,
          r"returned an empty choices list after 3 attempts$", 3, prompt_tokens=210, completion_tokens=21),
    Fault("malformed JSON reply, never valid", lambda: [completion("Sure! Here is the JSON:", prompt_tokens=300,
                                                                   completion_tokens=9)] * 2, RetriesExhausted,
          r"^no valid structured output after 2 attempts: the reply is not valid JSON \(", 2,
          prompt_tokens=600, completion_tokens=18),
    Fault("schema-invalid reply, never valid", lambda: [completion({"headline": 7, "events": "none"})] * 2,
          RetriesExhausted, r"^no valid structured output after 2 attempts: the reply does not match the schema "
                            r"\(headline: Input should be a valid string; key_points: Field required; ", 2,
          prompt_tokens=200, completion_tokens=100),
    Fault("truncated output (finish_reason=length)",
          lambda: [completion('{"headline": "Joint raid in Anb', finish="length", prompt_tokens=900,
                              completion_tokens=1500)], OutputTruncated,
          r"^the reply was cut off at max_tokens=1500 \(finish_reason=length\); raise max_tokens", 1,
          prompt_tokens=900, completion_tokens=1500),
    Fault("401 bad key", lambda: [error(401, "invalid key")], EndpointError, r"rejected the API key \(401\)$", 1),
    Fault("403 forbidden", lambda: [error(403)], EndpointError, r"refused access \(403\)$", 1),
    Fault("404 unknown model", lambda: [error(404, "no such model")], EndpointError,
          r"model 'scripted' or endpoint not found \(404\)$", 1),
    Fault("400 bad request", lambda: [error(400, "context length exceeded")], EndpointError,
          r"rejected the request \(400\): context length exceeded$", 1),
]


def _settings(settings: Settings, **changes: object) -> Settings:
    return dataclasses.replace(settings, **changes)


# ------------------------------------------------------------------------------------- library

def _summarize_async(article, settings: Settings, usage: Usage):
    """The batch's path: the async endpoint client (summarizer/transport.py), closed after."""
    import asyncio

    from summarizer import asummarize

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
@pytest.mark.parametrize("fault", FAULTS, ids=[f.id for f in FAULTS])
def test_fault_fails_with_its_cause_bounded_and_counted(fault: Fault, path: str, server: ScriptedServer,
                                                        settings: Settings):
    server.add(*fault.replies())
    usage = Usage()
    with pytest.raises(fault.error) as info:
        PATHS[path](load_article(EXAMPLE), _settings(settings, timeout_s=fault.timeout_s), usage)
    msg = str(info.value)
    assert "\n" not in msg and re.search(fault.message, msg), msg
    assert len(server.chat_requests()) == fault.requests
    assert (usage.prompt_tokens, usage.completion_tokens) == (fault.prompt_tokens, fault.completion_tokens)
    assert usage.failed_attempts == fault.requests == len(usage.exchanges)
    assert all(ex.error for ex in usage.exchanges)
    assert info.value.attempts == fault.requests


def test_retry_after_is_honoured(server, settings):
    server.add(error(429, headers={"Retry-After": "1"}), completion(example_draft(), prompt_tokens=1000))
    usage = Usage()
    s = summarize(load_article(EXAMPLE), settings=_settings(settings, retry_max_wait_s=5), usage=usage)
    first, second = server.chat_requests()
    assert 0.95 <= second["_t"] - first["_t"] < 5
    assert s.events and (usage.calls, usage.failed_attempts) == (1, 1)
    assert usage.exchanges[0].error == "HTTP 429 (rate limited)"


def test_retry_after_in_milliseconds_is_honoured(server, settings):
    server.add(error(429, headers={"retry-after-ms": "600"}), completion(example_draft()))
    summarize(load_article(EXAMPLE), settings=_settings(settings, retry_max_wait_s=5))
    first, second = server.chat_requests()
    assert 0.55 <= second["_t"] - first["_t"] < 4


def test_retry_after_longer_than_allowed_gives_up_at_once(server, settings):
    server.add(error(429, headers={"Retry-After": "120"}), completion(example_draft()))
    t0 = time.monotonic()
    with pytest.raises(RetriesExhausted) as info:
        summarize(load_article(EXAMPLE), settings=_settings(settings, retry_max_wait_s=5))
    assert time.monotonic() - t0 < 3
    assert len(server.chat_requests()) == 1
    assert str(info.value).endswith("answered HTTP 429 (rate limited) and asked to retry after 120 s, longer than "
                                    "retry_max_wait_s=5; gave up after 1 attempt")


def test_backoff_without_retry_after_waits_and_is_capped(server, settings):
    server.add(error(503), error(503), completion(example_draft()))
    summarize(load_article(EXAMPLE), settings=_settings(settings, retry_max_wait_s=0.3))
    t = [r["_t"] for r in server.chat_requests()]
    gaps = [b - a for a, b in zip(t, t[1:], strict=False)]
    assert len(gaps) == 2 and all(0.28 <= g < 3 for g in gaps), gaps


@pytest.mark.parametrize("first",
                         [error(503), Reply(reset=True), _empty_choices(), Reply(body="{not json"), _stalled()],
                         ids=["503", "reset", "empty choices", "malformed body", "stall"])
@pytest.mark.parametrize("path", PATHS)
def test_one_transient_fault_then_success(first: Reply, path: str, server, settings):
    server.add(first, completion(example_draft(), prompt_tokens=1000, completion_tokens=200))
    usage = Usage()
    s = PATHS[path](load_article(EXAMPLE), _settings(settings, timeout_s=1), usage)
    assert s.events and len(server.chat_requests()) == 2
    assert s.meta.llm_calls == 1 and usage.failed_attempts == 1
    empty = 100 if isinstance(first.body, dict) and first.body.get("choices") == [] else 0
    assert s.meta.prompt_tokens == 1000 + empty


@pytest.mark.parametrize("path", PATHS)
def test_a_reply_without_the_optional_envelope_fields_is_accepted(path: str, server, settings):
    """Local servers omit fields the OpenAI schema requires (id, created, object, model, usage): fine."""
    bare = completion(example_draft())
    bare.body = {"choices": [{**bare.body["choices"][0], "logprobs": None}]}
    server.add(bare)
    usage = Usage()
    s = PATHS[path](load_article(EXAMPLE), settings, usage)
    assert s.events and s.meta.llm_calls == 1 and usage.failed_attempts == 0


def test_a_bad_reply_is_reasked_and_both_replies_are_counted(server, settings):
    server.add(completion("not json", prompt_tokens=1000, completion_tokens=5),
               completion(example_draft(), prompt_tokens=1100, completion_tokens=200))
    usage = Usage()
    s = summarize(load_article(EXAMPLE), settings=settings, usage=usage)
    assert (s.meta.llm_calls, s.meta.prompt_tokens, s.meta.completion_tokens) == (2, 2100, 205)
    assert usage.failed_attempts == 1 and "not valid JSON" in (usage.exchanges[0].error or "")
    assert usage.exchanges[1].error is None
    assert "not json" in str(server.chat_requests()[1]["messages"])  # the re-ask shows the model its reply


def test_transport_retries_and_reasks_are_separate_bounds(server, settings):
    # attempt 1: two 503s then a bad reply; attempt 2 (the re-ask): two 503s then a good reply
    server.add(error(503), error(503), completion("garbage"), error(503), error(503), completion(example_draft()))
    usage = Usage()
    s = summarize(load_article(EXAMPLE), settings=settings, usage=usage)
    assert s.events and len(server.chat_requests()) == 6
    assert (usage.calls, usage.failed_attempts) == (2, 5)


def test_ungrounded_twice_yields_a_summary_without_them_and_named(server, settings):
    bad = example_draft()
    bad["events"][1]["injured"] = 40
    server.add(completion(bad), completion(bad))
    s = summarize(load_article(EXAMPLE), settings=settings)
    assert len(server.chat_requests()) == 2 and s.meta.llm_calls == 2
    assert "injured=40" in server.chat_requests()[1]["messages"][-1]["content"]
    assert not any(c.injured == 40 for e in s.events for c in e.casualties)
    assert any("events[1] (airstrike)" in w and "injured=‹not in the article›" in w for w in s.meta.warnings)


def test_garbage_then_ungrounded_still_yields_a_summary(server, settings):
    bad = example_draft()
    bad["events"][1]["injured"] = 40
    server.add(completion("garbage"), completion(bad))
    s = summarize(load_article(EXAMPLE), settings=settings)
    assert any("injured=‹not in the article›" in w for w in s.meta.warnings)  # named, the invented 40 not repeated


def test_no_failure_is_cached(server, settings):
    llm = LLM.from_settings(settings)
    server.add(*[error(503)] * 3)
    with pytest.raises(RetriesExhausted):
        summarize(load_article(EXAMPLE), llm=llm, settings=settings)
    server.add(completion(example_draft()))
    s = summarize(load_article(EXAMPLE), llm=llm, settings=settings)
    assert s.events and len(server.chat_requests()) == 4


def test_async_paths_fail_the_same_way_and_count(server, settings):
    import asyncio

    import instructor
    import openai

    from summarizer import asummarize

    server.add(*[error(503)] * 3)
    usage = Usage()
    with pytest.raises(RetriesExhausted, match=r"answered HTTP 503 after 3 attempts"):
        asyncio.run(asummarize(load_article(EXAMPLE), settings=settings, usage=usage))
    assert usage.failed_attempts == 3
    # a caller's own async instructor client: no transport layer of ours, same causes and counts
    server.add(completion("nope", prompt_tokens=10, completion_tokens=1), completion("nope", prompt_tokens=10,
                                                                                  completion_tokens=1))
    client = instructor.from_openai(openai.AsyncOpenAI(base_url=server.url, api_key="x", max_retries=0),
                                    mode=instructor.Mode.JSON)
    usage = Usage()
    with pytest.raises(RetriesExhausted, match=r"after 2 attempts: the reply is not valid JSON"):
        asyncio.run(asummarize(load_article(EXAMPLE), client=client, settings=settings, usage=usage))
    assert (usage.calls, usage.prompt_tokens, usage.failed_attempts) == (2, 20, 2)


def test_validation_context_carries_the_attempt_number(server, settings):
    from pydantic import BaseModel, ValidationInfo, field_validator

    from summarizer.llm.client import validation_context

    seen: list[int] = []

    class Answer(BaseModel):
        n: int

        @field_validator("n")
        @classmethod
        def _check(cls, v: int, info: ValidationInfo) -> int:
            assert info.context is None  # not instructor's context=, which would template the messages
            seen.append(validation_context()["attempt"])
            if v < 0:
                raise ValueError("n must be positive")
            return v

    server.add(completion({"n": -1}), completion({"n": 2}))
    ctx: dict[str, object] = {}
    assert LLM.from_settings(settings).extract(Answer, [{"role": "user", "content": "n?"}], context=ctx).n == 2
    assert seen == [1, 2] and ctx["attempt"] == 2


def test_article_text_is_never_rendered_as_a_template(server, settings):
    from drafts import example_draft

    text = "date 2024-08-31\nThe command said {{ 7*7 }} soldiers were injured and {% raw {{ unbalanced."
    server.add(completion({**example_draft(), "headline": "The command said soldiers were injured", "events": [],
                           "key_points": [], "claims": []}))
    s = summarize(text, settings=settings)
    sent = server.chat_requests()[0]["messages"][-1]["content"]
    assert "{{ 7*7 }}" in sent and "49" not in sent and s.article.text in sent.replace("S1: ", "")


def test_every_exchange_reaches_the_hooks_once(server, settings):
    llm = LLM.from_settings(settings)
    hooked = []
    llm.on_exchange.append(hooked.append)
    server.add(error(503), completion("no"), completion(example_draft()))
    usage = Usage()
    summarize(load_article(EXAMPLE), llm=llm, settings=settings, usage=usage)
    assert hooked == usage.exchanges and [ex.error is None for ex in hooked] == [False, False, True]
    assert all(ex.model == "scripted" and ex.messages for ex in hooked)


# ------------------------------------------------------------------------------------- CLI

@dataclass
class CliCase:
    id: str
    replies: list[Reply]
    exit_code: int
    stderr: str  # regex for the one stderr line ("" means: no stderr at all)
    env: dict[str, str] = field(default_factory=dict)
    args: list[str] = field(default_factory=list)


_bad = example_draft()
_bad["events"][1]["injured"] = 40
CLI = [
    CliCase("429 with Retry-After, then success", [error(429, headers={"Retry-After": "1"}),
                                                   completion(example_draft())], 0, "",
            env={"SUMMARIZER_RETRY_MAX_WAIT_S": "5"}),
    CliCase("429 forever", [error(429)] * 3, 5,
            r"^RetriesExhausted: http://127\.0\.0\.1:\d+/v1 answered HTTP 429 \(rate limited\) after 3 attempts: "),
    CliCase("503 forever", [error(503)] * 3, 5, r"^RetriesExhausted: .* answered HTTP 503 after 3 attempts: "),
    CliCase("connection reset", [Reply(reset=True)] * 3, 5,
            r"^RetriesExhausted: cannot reach .* after 3 attempts: connection reset$"),
    CliCase("stall mid-body", [_stalled()] * 3, 5,
            r"^RetriesExhausted: .* timed out after 3 attempts \(timeout_s=0\.5\)$",
            env={"SUMMARIZER_TIMEOUT_S": "0.5"}),
    CliCase("empty choices", [_empty_choices()] * 3, 5,
            r"^RetriesExhausted: .* returned an empty choices list after 3 attempts$"),
    CliCase("never valid JSON", [completion("I cannot do that.")] * 2, 5,
            r"^RetriesExhausted: no valid structured output after 2 attempts: the reply is not valid JSON \("),
    CliCase("truncated", [completion('{"headline": "Joint', finish="length")], 5,
            r"^OutputTruncated: the reply was cut off at max_tokens=1500 \(finish_reason=length\)"),
    CliCase("401", [error(401)], 5, r"^EndpointError: .* rejected the API key \(401\)$"),
    CliCase("ungrounded twice", [completion(_bad), completion(_bad)], 0, ""),
    CliCase("503 forever, verbose", [error(503, "upstream down")] * 3, 5, "", args=["--verbose"]),
    CliCase("never valid JSON, verbose", [completion("nope", prompt_tokens=321, completion_tokens=4)] * 2, 5, "",
            args=["--verbose"]),
]


REAL = {"503 forever", "503 forever, verbose"}  # fresh interpreters; the rest fork a warm CLI


@pytest.fixture(scope="module")
def cli_results(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Run, ScriptedServer]]]:
    """Every CLI case at once, each against its own server (start-up time dominates)."""
    home = tmp_path_factory.mktemp("faults-cli")
    servers = [ScriptedServer().start().add(*case.replies) for case in CLI]
    runs = [Run(["summarize", str(EXAMPLE), *endpoint(srv), *case.args], cli_env(home, **{**FAST, **case.env}),
                real=case.id in REAL) for case, srv in zip(CLI, servers, strict=True)]
    run_all(runs)
    yield {case.id: (r, srv) for case, r, srv in zip(CLI, runs, servers, strict=True)}
    for srv in servers:
        srv.stop()


@pytest.mark.parametrize("case", [c for c in CLI if "--verbose" not in c.args], ids=lambda c: c.id)
def test_cli_fault(case: CliCase, cli_results):
    r, srv = cli_results[case.id]
    assert r.returncode == case.exit_code, r.stderr
    assert "Traceback" not in r.stderr
    if case.stderr:
        assert len(r.lines) == 1 and re.search(case.stderr, r.lines[0]), r.stderr
        assert r.stdout == ""
    else:
        assert r.lines == [] and r.stdout.startswith("# ")


def test_cli_retry_after_waits(cli_results):
    _, srv = cli_results["429 with Retry-After, then success"]
    first, second = srv.chat_requests()
    assert 0.95 <= second["_t"] - first["_t"] < 5


def test_cli_ungrounded_values_are_named_in_the_warnings(cli_results):
    r, srv = cli_results["ungrounded twice"]
    assert len(srv.chat_requests()) == 2
    warnings = r.stdout.split("## Warnings", 1)[1]
    assert "events[1] (airstrike): injured=‹not in the article›" in warnings


def test_cli_verbose_shows_every_attempt_and_the_traceback(cli_results):
    r, _ = cli_results["503 forever, verbose"]
    assert r.returncode == 5
    attempts = [ln for ln in r.lines if ln.startswith("llm: scripted")]
    assert len(attempts) == 3 and all(ln.endswith("error HTTP 503") for ln in attempts), r.stderr
    assert "Traceback" in r.stderr
    assert re.match(r"^RetriesExhausted: .* answered HTTP 503 after 3 attempts: upstream down$", r.lines[-1])


def test_cli_verbose_counts_tokens_of_failed_replies(cli_results):
    r, _ = cli_results["never valid JSON, verbose"]
    attempts = [ln for ln in r.lines if ln.startswith("llm: scripted")]
    assert len(attempts) == 2, r.stderr
    assert all(ln.startswith("llm: scripted 321 prompt + 4 completion tokens") and "not valid JSON" in ln
               for ln in attempts), r.stderr
