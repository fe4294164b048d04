"""One transport retry policy for every path: the same statuses, the same Retry-After handling
and the same wording on the single-article path and the Batch API's calls (real scripted server)."""

from __future__ import annotations

import dataclasses
import time

import openai
import pytest
from conftest import EXAMPLE
from drafts import example_draft

from summarizer import Settings, load_article, summarize
from summarizer.batch.provider import _retried
from summarizer.errors import EndpointError, RetriesExhausted
from summarizer.llm.retry import retryable_status
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion, error


def _batch(bid: str = "batch_1") -> Reply:
    return Reply(body={"id": bid, "object": "batch", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                       "created_at": int(time.time()), "input_file_id": "file_1", "status": "in_progress"})


def _retrieve(server: ScriptedServer, s: Settings):
    client = openai.OpenAI(base_url=server.url, api_key="sk-test-0000", max_retries=0, timeout=s.timeout_s)
    return _retried(client.batches.retrieve, s)


@pytest.mark.parametrize("code,retried", [(408, True), (409, True), (425, True), (429, True), (500, True),
                                          (502, True), (503, True), (504, True), (507, True), (400, False),
                                          (401, False), (403, False), (404, False), (422, False), (501, False)])
def test_one_set_of_retryable_statuses(code: int, retried: bool):
    assert retryable_status(code) is retried


def test_the_batch_api_retries_a_507_as_the_live_path_does_and_honours_retry_after(server, settings):
    server.add(error(507, "insufficient storage", headers={"Retry-After": "0.5"}), _batch())
    s = dataclasses.replace(settings, retry_max_wait_s=5)
    assert _retrieve(server, s)("batch_1").id == "batch_1"
    first, second = server.requests
    assert 0.45 <= second["_t"] - first["_t"] < 4


def test_the_live_path_retries_a_507_too(server, settings):
    server.add(error(507), completion(example_draft()))
    assert summarize(load_article(EXAMPLE), settings=settings).events
    assert len(server.chat_requests()) == 2


def test_a_too_long_retry_after_gives_up_at_once_with_the_same_words_on_both_paths(server, settings):
    s = dataclasses.replace(settings, retry_max_wait_s=5)
    server.add(error(429, headers={"Retry-After": "120"}))
    with pytest.raises(RetriesExhausted) as batch_api:
        _retrieve(server, s)("batch_1")
    server.add(error(429, headers={"Retry-After": "120"}))
    with pytest.raises(RetriesExhausted) as live:
        summarize(load_article(EXAMPLE), settings=s)
    assert len(server.requests) == 2  # one each: no retry
    tail = ("answered HTTP 429 (rate limited) and asked to retry after 120 s, longer than retry_max_wait_s=5; "
            "gave up after 1 attempt")
    assert str(batch_api.value).endswith(tail) and str(live.value).endswith(tail)


def test_the_batch_api_gives_up_after_transport_retries_and_fails_a_401_at_once(server, settings):
    server.add(*[error(503, "upstream down")] * 3)
    with pytest.raises(RetriesExhausted, match=r"answered HTTP 503 after 3 attempts: upstream down$"):
        _retrieve(server, settings)("batch_1")  # transport_retries=2
    assert len(server.requests) == 3
    server.add(error(401, "invalid key"))
    with pytest.raises(EndpointError, match=r"rejected the API key \(401\)$"):
        _retrieve(server, settings)("batch_1")
    assert len(server.requests) == 4


def test_the_batch_api_calls_are_bounded_by_the_deadline(server, settings):
    server.add(Reply(delay_s=4), _batch())
    s = dataclasses.replace(settings, timeout_s=10, deadline_s=1)
    t0 = time.monotonic()
    with pytest.raises(RetriesExhausted, match=r"deadline_s=1$"):
        _retrieve(server, s)("batch_1")
    assert time.monotonic() - t0 < 2.5 and len(server.requests) == 1
