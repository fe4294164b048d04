"""The HTTP path to an endpoint: ``POST /chat/completions``, on httpx (``Poster``, one
article at a time) or on aiohttp (``AsyncPoster``, a batch's many calls on one event loop).

The OpenAI SDK passes every request through its option, header and URL layers and a
recursive model constructor before and after the HTTP library: 1.05 ms of CPU a call
where httpx alone takes 0.5 (one at a time), 2.1 where aiohttp takes 1.0 (64 in
flight), when a whole batch article costs ~2 ms. Here instructor's body goes out as
JSON and the reply is read with pydantic (the SDK's lenient constructor only when a
server's reply does not validate). Failures are raised as the SDK's own exception types,
built the SDK's way, so the transport retries, the error messages and the ledgers are
unchanged.

Inside a retried call (:mod:`summarizer.llm.retry`) each attempt's connect and read
timeouts are capped by what is left of the call's deadline, and a reply that is still
arriving when the deadline passes (a server dripping one byte a second) is cut off:
:class:`~summarizer.llm.retry.DeadlineExceeded`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections import deque
from typing import Any

import aiohttp
import httpx2
import openai
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from yarl import URL

from .retry import DeadlineExceeded, remaining

__all__ = ["AsyncPoster", "Poster", "Traffic"]


class Traffic:
    """The requests of a batch's many coroutines through one poster: at most ``limit`` out at
    once (a slot is held from sending a request to reading its reply, not while the reply is
    validated nor during a retry's wait), and each reply then waits its turn on the event
    loop. Turns go one per pass of the loop, so a burst of replies is handled one at a time
    with the sockets polled in between: each freed slot sends its next request at once,
    where handling the whole burst first would send the next requests in a burst too, and
    with a steady latency the bursts would never spread out."""

    def __init__(self, limit: int):
        self.limit = limit
        self.slots = asyncio.Semaphore(limit)
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._pumping = False

    async def turn(self) -> None:
        loop = asyncio.get_running_loop()
        fut = loop.create_future()
        self._waiting.append(fut)
        if not self._pumping:
            self._pumping = True
            loop.call_soon(self._pump)
        await fut

    def _pump(self) -> None:
        while self._waiting:  # wake the next waiter (it runs in the next pass), then come back after it
            fut = self._waiting.popleft()
            if not fut.done():  # a cancelled waiter gives up its turn
                fut.set_result(None)
                break
        if self._waiting:
            asyncio.get_running_loop().call_soon(self._pump)
        else:
            self._pumping = False


class _Endpoint:
    """What both posters share: the URL and headers the SDK's client would send, its
    exception for an HTTP status, and the reply read as it reads it."""

    def __init__(self, base_url: str | None, api_key: str):
        self.base_url, self.api_key = base_url, api_key
        base = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"  # as the SDK's
        self.url = base.rstrip("/") + "/chat/completions"
        self.headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json",
                        "Accept": "application/json", "User-Agent": f"summarizer (openai/{openai.__version__})"}
        for header, var in (("OpenAI-Organization", "OPENAI_ORG_ID"), ("OpenAI-Project", "OPENAI_PROJECT_ID")):
            if os.environ.get(var):  # as the SDK's client sends them
                self.headers[header] = os.environ[var]
        self._sdk: openai.AsyncOpenAI | None = None

    def request(self) -> httpx2.Request:
        return httpx2.Request("POST", self.url)

    def status_error(self, status: int, headers: Any, raw: bytes) -> openai.APIStatusError:
        """The SDK's own exception for the status (401 → AuthenticationError, ...), message and body."""
        self._sdk = self._sdk or openai.AsyncOpenAI(base_url=self.base_url, api_key=self.api_key, max_retries=0)
        return self._sdk._make_status_error_from_response(  # private: pinned by tests/llm/test_private_apis.py
            httpx2.Response(status, headers=headers, content=raw, request=self.request()))

    @staticmethod
    def completion(raw: bytes) -> ChatCompletion:
        reply = json.loads(raw)  # a body that is not JSON: json.JSONDecodeError, retried like the SDK's
        try:
            return ChatCompletion.model_validate(reply)
        except ValidationError:  # a server's missing or extra fields: accepted as the SDK accepts them
            return ChatCompletion.construct(**reply) if isinstance(reply, dict) else reply


class Poster(_Endpoint):
    """``poster.post(**body)`` → the ChatCompletion, on httpx (the SDK's own HTTP client,
    without the SDK's layers above it): one article at a time, ``summarize``."""

    def __init__(self, base_url: str | None, api_key: str, timeout_s: float):
        super().__init__(base_url, api_key)
        self.timeout_s = timeout_s
        self.client = httpx2.Client(timeout=timeout_s, follow_redirects=True)  # proxies from the env, as the SDK's

    def post(self, **body: Any) -> ChatCompletion:
        deadline = remaining()
        if deadline is None:  # outside a retried call: the plain timeouts only
            return self._post(body, None, 0.0)
        left, deadline_s = deadline
        if left <= 0:
            raise DeadlineExceeded(self.request(), deadline_s, "before the request was sent")
        return self._post(body, (time.monotonic() + left, deadline_s), left)

    def _post(self, body: dict[str, Any], deadline: tuple[float, float] | None, left: float) -> ChatCompletion:
        capped = deadline is not None and left < self.timeout_s
        phase = "before any reply"
        try:
            with self.client.stream("POST", self.url, content=json.dumps(body).encode(), headers=self.headers,
                                    timeout=left if capped else httpx2.USE_CLIENT_DEFAULT) as r:
                phase = "while the reply was still arriving"
                if deadline is None:
                    content = r.read()
                else:
                    chunks = []
                    for chunk in r.iter_bytes():
                        if time.monotonic() > deadline[0]:
                            raise DeadlineExceeded(self.request(), deadline[1], phase)
                        chunks.append(chunk)
                    content = b"".join(chunks)
                status, headers = r.status_code, r.headers
        except httpx2.TimeoutException as e:  # as the SDK maps them
            if capped and deadline is not None:  # the timeout was what was left of the deadline
                raise DeadlineExceeded(self.request(), deadline[1], phase) from e
            raise openai.APITimeoutError(request=self.request()) from e
        except httpx2.TransportError as e:
            raise openai.APIConnectionError(message=str(e) or type(e).__name__, request=self.request()) from e
        if status >= 400:
            raise self.status_error(status, headers, content)
        return self.completion(content)


class AsyncPoster(_Endpoint):
    """``await poster.post(**body)`` → the ChatCompletion, on aiohttp; ``await poster.aclose()``
    when done. With ``traffic``, the batch's limit and turns apply to each request."""

    def __init__(self, base_url: str | None, api_key: str, timeout_s: float, traffic: Traffic | None = None):
        super().__init__(base_url, api_key)
        self.proxy: URL | None
        self.proxy_auth: aiohttp.BasicAuth | None
        try:  # HTTP(S)_PROXY / NO_PROXY, read once (aiohttp's trust_env would read them, and ~/.netrc, per request)
            self.proxy, self.proxy_auth = aiohttp.helpers.get_env_proxy_for_url(URL(self.url))
        except LookupError:
            self.proxy, self.proxy_auth = None, None
        self.timeout_s = timeout_s
        self.timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout_s, sock_read=timeout_s)
        self.traffic = traffic
        self.session: aiohttp.ClientSession | None = None

    async def post(self, **body: Any) -> ChatCompletion:
        if self.session is None:  # made on the running loop, at the first call
            pool = aiohttp.TCPConnector(limit=self.traffic.limit if self.traffic else 0)  # 0: no limit of its own
            self.session = aiohttp.ClientSession(connector=pool, timeout=self.timeout)
        data = json.dumps(body).encode()
        deadline = remaining()
        if deadline is not None and deadline[0] <= 0:
            raise DeadlineExceeded(self.request(), deadline[1], "before the request was sent")
        limit = asyncio.timeout(deadline[0]) if deadline is not None else None
        phase = "before any reply"
        try:
            async with self.traffic.slots if self.traffic else contextlib.nullcontext():
                async with limit or contextlib.nullcontext():  # the whole attempt, to the last byte
                    async with self.session.post(self.url, data=data, headers=self.headers, proxy=self.proxy,
                                                 proxy_auth=self.proxy_auth) as r:
                        phase = "while the reply was still arriving"
                        raw = await r.read()
                        status, headers = r.status, r.raw_headers
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as e:
            if limit is not None and deadline is not None and limit.expired():
                raise DeadlineExceeded(self.request(), deadline[1], phase) from e
            raise openai.APITimeoutError(request=self.request()) from e
        except aiohttp.ClientError as e:
            cause = getattr(e, "os_error", None) or e  # refused, reset: the OSError underneath
            raise openai.APIConnectionError(message=_message(e), request=self.request()) from cause
        if self.traffic:
            await self.traffic.turn()
        if status >= 400:
            raise self.status_error(status, headers, raw)
        return self.completion(raw)

    async def aclose(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


def _message(e: aiohttp.ClientError) -> str:
    if isinstance(e, aiohttp.ClientPayloadError):
        return f"the connection closed mid-response ({e})"
    return str(e) or type(e).__name__
