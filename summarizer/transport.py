"""The batch's HTTP path to an endpoint: ``POST /chat/completions`` on aiohttp.

The OpenAI SDK passes every request through its option, header and URL layers, httpx
and a recursive model constructor: 2.1 ms of CPU a call where this path takes 1.0 (in
isolation, 64 in flight), when a whole batch article costs ~2 ms. Here instructor's body
goes out as JSON over one pooled aiohttp session, and the reply is read with pydantic
(the SDK's lenient constructor only when a server's reply does not validate). Failures
are raised as the SDK's own exception types, built the SDK's way, so the transport
retries, the error messages and the ledgers are unchanged. The single-article path
(``summarize``) keeps the SDK's client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from collections import deque
from typing import Any

import aiohttp
import httpx2
import openai
from openai.types.chat import ChatCompletion
from pydantic import ValidationError
from yarl import URL

__all__ = ["ChatPoster", "Traffic"]


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


class ChatPoster:
    """``await poster.post(**body)`` → the ChatCompletion; ``await poster.aclose()`` when done.
    With ``traffic``, the batch's limit and turns apply to each request."""

    def __init__(self, base_url: str | None, api_key: str, timeout_s: float, traffic: Traffic | None = None):
        self.base_url, self.api_key = base_url, api_key
        base = base_url or os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1"  # as the SDK's
        self.url = base.rstrip("/") + "/chat/completions"
        self.headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json",
                        "Accept": "application/json", "User-Agent": f"summarizer (openai/{openai.__version__})"}
        for header, var in (("OpenAI-Organization", "OPENAI_ORG_ID"), ("OpenAI-Project", "OPENAI_PROJECT_ID")):
            if os.environ.get(var):  # as the SDK's client sends them
                self.headers[header] = os.environ[var]
        try:  # HTTP(S)_PROXY / NO_PROXY, read once (aiohttp's trust_env would read them, and ~/.netrc, per request)
            self.proxy, self.proxy_auth = aiohttp.helpers.get_env_proxy_for_url(URL(self.url))
        except LookupError:
            self.proxy, self.proxy_auth = None, None
        self.timeout = aiohttp.ClientTimeout(total=None, sock_connect=timeout_s, sock_read=timeout_s)
        self.traffic = traffic
        self.session: aiohttp.ClientSession | None = None
        self._sdk: openai.AsyncOpenAI | None = None

    async def post(self, **body: Any) -> ChatCompletion:
        if self.session is None:  # made on the running loop, at the first call
            pool = aiohttp.TCPConnector(limit=self.traffic.limit if self.traffic else 0)  # 0: no limit of its own
            self.session = aiohttp.ClientSession(connector=pool, timeout=self.timeout)
        data = json.dumps(body).encode()
        try:
            async with self.traffic.slots if self.traffic else contextlib.nullcontext():
                async with self.session.post(self.url, data=data, headers=self.headers, proxy=self.proxy,
                                             proxy_auth=self.proxy_auth) as r:
                    raw = await r.read()
                    status, headers = r.status, r.raw_headers
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as e:
            raise openai.APITimeoutError(request=self._request()) from e
        except aiohttp.ClientError as e:
            cause = getattr(e, "os_error", None) or e  # refused, reset: the OSError underneath
            raise openai.APIConnectionError(message=_message(e), request=self._request()) from cause
        if self.traffic:
            await self.traffic.turn()
        if status >= 400:  # the SDK's own exception for the status (401 → AuthenticationError, ...)
            self._sdk = self._sdk or openai.AsyncOpenAI(base_url=self.base_url, api_key=self.api_key, max_retries=0)
            raise self._sdk._make_status_error_from_response(
                httpx2.Response(status, headers=headers, content=raw, request=self._request()))
        reply = json.loads(raw)  # a body that is not JSON: json.JSONDecodeError, retried like the SDK's
        try:
            return ChatCompletion.model_validate(reply)
        except ValidationError:  # a server's missing or extra fields: accepted as the SDK accepts them
            return ChatCompletion.construct(**reply) if isinstance(reply, dict) else reply

    def _request(self) -> httpx2.Request:
        return httpx2.Request("POST", self.url)

    async def aclose(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


def _message(e: aiohttp.ClientError) -> str:
    if isinstance(e, aiohttp.ClientPayloadError):
        return f"the connection closed mid-response ({e})"
    return str(e) or type(e).__name__
