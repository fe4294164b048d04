"""The batch's HTTP path (summarizer/transport.py), against the scripted server: the limit of
requests out, the turns, what a request carries, the environment it reads. Its failures
are the fault matrix's "async" rows (tests/test_faults.py)."""

from __future__ import annotations

import asyncio
import dataclasses

from summarizer.llm.transport import AsyncPoster, Traffic
from summarizer.testing.scripted_server import ScriptedServer, completion

BODY = {"model": "scripted", "messages": [{"role": "user", "content": "hello"}]}


def _posts(poster: AsyncPoster, n: int) -> list:
    async def go():
        try:
            return await asyncio.gather(*(poster.post(**BODY) for _ in range(n)))
        finally:
            await poster.aclose()

    return asyncio.run(go())


def test_no_more_requests_out_than_the_limit(server: ScriptedServer):
    delay = 0.1
    server.responder = lambda req: dataclasses.replace(completion("{}"), delay_s=delay)
    replies = _posts(AsyncPoster(server.url, "sk-test-0000", 5, Traffic(3)), 12)
    assert len(replies) == 12 and all(r.choices[0].message.content == "{}" for r in replies)
    arrived = sorted(r["_t"] for r in server.chat_requests())
    # a request goes out only when an earlier reply is in: no window shorter than the delay holds 4 arrivals
    assert all(arrived[i + 3] - arrived[i] >= delay * 0.9 for i in range(len(arrived) - 3)), arrived


def test_without_a_limit_they_all_go_at_once(server: ScriptedServer):
    server.responder = lambda req: dataclasses.replace(completion("{}"), delay_s=0.3)
    _posts(AsyncPoster(server.url, "sk-test-0000", 5), 8)
    arrived = sorted(r["_t"] for r in server.chat_requests())
    assert arrived[-1] - arrived[0] < 0.3  # all eight were out before the first reply came back


def test_turns_go_one_per_pass_of_the_loop():
    async def go():
        traffic, passes, got = Traffic(1), 0, []

        async def count():
            nonlocal passes
            while True:
                passes += 1
                await asyncio.sleep(0)

        async def take():
            await traffic.turn()
            got.append(passes)

        counter = asyncio.create_task(count())
        waiters = [asyncio.create_task(take()) for _ in range(6)]
        waiters[2].cancel()  # a cancelled waiter gives its turn up
        await asyncio.gather(*waiters, return_exceptions=True)
        counter.cancel()
        return got

    got = asyncio.run(go())
    assert len(got) == 5 and len(set(got)) == 5 and got == sorted(got)


def test_the_request_carries_the_key_and_reaches_the_chat_endpoint(server: ScriptedServer):
    server.add(completion("{}"))
    [reply] = _posts(AsyncPoster(server.url + "/", "sk-test-0000", 5), 1)  # a trailing slash changes nothing
    [req] = server.chat_requests()
    assert req["_path"] == "/v1/chat/completions" and req["_auth"] == "Bearer sk-test-0000"
    assert req["messages"] == BODY["messages"] and reply.usage.prompt_tokens == 100


def test_the_proxy_comes_from_the_environment_once(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    assert str(AsyncPoster("http://llm.example/v1", "k", 5).proxy) == "http://proxy.example:3128"
    monkeypatch.setenv("NO_PROXY", "llm.example")
    assert AsyncPoster("http://llm.example/v1", "k", 5).proxy is None
    monkeypatch.delenv("HTTP_PROXY")
    monkeypatch.delenv("NO_PROXY")
    assert AsyncPoster("http://llm.example/v1", "k", 5).proxy is None


def test_without_a_base_url_it_is_openais_or_the_sdks_variable(monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    assert AsyncPoster(None, "k", 5).url == "https://api.openai.com/v1/chat/completions"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://gateway.local/v1/")
    assert AsyncPoster(None, "k", 5).url == "http://gateway.local/v1/chat/completions"
