"""The one seam to the LLM: an instructor client plus accounting.

Two layers of retry, each bounded and separate:
- transport (here, tenacity): 429 / 5xx / connection errors, exponential backoff that
  honours ``Retry-After``; auth, not-found and bad-request errors fail at once;
- validation re-asks (instructor's ``max_retries``): the reply failed the response
  model, so the model is asked again with the reason.

Every completion that comes back, on any attempt, is counted in :class:`Usage` and
passed to ``on_exchange`` hooks (the SQLite log attaches there).
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import instructor
import openai
from pydantic import BaseModel
from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from .config import Settings
from .errors import ConfigError, EndpointError, LLMError, RetriesExhausted

__all__ = ["LLM", "Exchange", "Usage"]

T = TypeVar("T", bound=BaseModel)
_MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA,
          "md_json": instructor.Mode.MD_JSON}
_RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


@dataclass
class Exchange:
    """One request/response with the model (successful or not)."""

    model: str
    messages: list[dict[str, Any]]
    response: str | None
    prompt_tokens: int
    completion_tokens: int
    duration_s: float
    error: str | None = None
    finish_reason: str | None = None


@dataclass
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failed_attempts: int = 0
    exchanges: list[Exchange] = field(default_factory=list)

    def add(self, ex: Exchange) -> None:
        self.calls += ex.error is None or ex.response is not None
        self.failed_attempts += ex.error is not None
        self.prompt_tokens += ex.prompt_tokens
        self.completion_tokens += ex.completion_tokens
        self.exchanges.append(ex)


class LLM:
    """Wraps one instructor client. Build with :meth:`from_settings`, or pass your own
    ``instructor.Instructor`` / ``AsyncInstructor`` as ``client``."""

    def __init__(self, client: Any, *, model: str, backend: str, settings: Settings | None = None,
                 on_exchange: list[Callable[[Exchange], None]] | None = None):
        self.client = client
        self.model = model
        self.backend = backend
        self.settings = settings or Settings()
        self.on_exchange = list(on_exchange or [])
        self._local = threading.local()
        self._lock = threading.Lock() if backend == "embedded" else None
        self._is_async = isinstance(client, instructor.AsyncInstructor)
        for hook, fn in (("completion:kwargs", self._hook_kwargs), ("completion:response", self._hook_response),
                         ("completion:error", self._hook_error)):
            try:
                client.on(hook, fn)
            except Exception:  # a client without hooks still works; it just isn't counted
                pass

    # -- construction -------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> "LLM":
        s = settings or Settings.load()
        if s.resolved_backend == "embedded":
            from .embedded import embedded_create

            create = embedded_create(s)
            client = instructor.Instructor(client=None, create=instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA),
                                           mode=instructor.Mode.JSON_SCHEMA)
            return cls(client, model=s.resolved_model, backend="embedded", settings=s)
        return cls(_openai_client(s), model=s.resolved_model, backend="openai", settings=s)

    # -- calls ----------------------------------------------------------------
    def extract(self, response_model: type[T], messages: list[dict[str, Any]], *, context: dict[str, Any] | None = None,
                usage: Usage | None = None) -> T:
        """One structured call: transport retries inside, validation re-asks by instructor."""
        if self._is_async:
            raise ConfigError("this LLM wraps an async client: use aextract")
        self._local.usage = usage if usage is not None else Usage()
        try:
            if self._lock:
                with self._lock:
                    return self._call(response_model, messages, context)
            return self._call(response_model, messages, context)
        except Exception as e:
            raise _as_llm_error(e, self.settings.max_reasks + 1) from e

    async def aextract(self, response_model: type[T], messages: list[dict[str, Any]], *,
                       context: dict[str, Any] | None = None, usage: Usage | None = None) -> T:
        if not self._is_async:  # sync client (embedded or ours): run it off the event loop
            return await asyncio.to_thread(self.extract, response_model, messages, context=context, usage=usage)
        self._local.usage = usage if usage is not None else Usage()
        try:
            return await self.client.chat.completions.create(
                model=self.model, response_model=response_model, messages=messages,
                max_retries=self.settings.max_reasks, context=context, **self._params())
        except Exception as e:
            raise _as_llm_error(e, self.settings.max_reasks + 1) from e

    def _call(self, response_model: type[T], messages: list[dict[str, Any]], context: dict[str, Any] | None) -> T:
        return self.client.chat.completions.create(
            model=self.model, response_model=response_model, messages=messages,
            max_retries=self.settings.max_reasks, context=context, **self._params())

    def _params(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    # -- accounting hooks -----------------------------------------------------
    def _hook_kwargs(self, *args: Any, **kwargs: Any) -> None:
        self._local.started = time.perf_counter()
        self._local.messages = kwargs.get("messages") or []

    def _hook_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        u = getattr(response, "usage", None)
        choice = (getattr(response, "choices", None) or [None])[0]
        msg = getattr(choice, "message", None)
        text = getattr(msg, "content", None)
        if not text and getattr(msg, "tool_calls", None):
            text = msg.tool_calls[0].function.arguments
        self._record(Exchange(
            model=self.model, messages=list(getattr(self._local, "messages", [])), response=text,
            prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(u, "completion_tokens", 0) or 0),
            duration_s=time.perf_counter() - getattr(self._local, "started", time.perf_counter()),
            finish_reason=getattr(choice, "finish_reason", None)))

    def _hook_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        self._record(Exchange(
            model=self.model, messages=list(getattr(self._local, "messages", [])), response=None,
            prompt_tokens=0, completion_tokens=0,
            duration_s=time.perf_counter() - getattr(self._local, "started", time.perf_counter()),
            error=f"{type(error).__name__}: {error}"))

    def _record(self, ex: Exchange) -> None:
        usage = getattr(self._local, "usage", None)
        if usage is not None:
            usage.add(ex)
        for fn in self.on_exchange:
            fn(ex)


# --------------------------------------------------------------- endpoint backend

def _openai_client(s: Settings) -> Any:
    import os

    key = s.api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if s.base_url else None)
    if not key:
        raise ConfigError("no API key: pass --api-key or set SUMMARIZER_API_KEY (or use the embedded model)")
    raw = openai.OpenAI(base_url=s.base_url, api_key=key, max_retries=0, timeout=s.timeout_s)
    mode = _MODES[s.mode] if s.mode else default_mode(s.base_url)
    create = with_transport_retries(raw.chat.completions.create, s)
    return instructor.Instructor(client=raw, create=instructor.patch(create=create, mode=mode), mode=mode)


def default_mode(base_url: str | None) -> instructor.Mode:
    """Tools on OpenAI and Azure; JSON schema (constrained decoding) on local servers."""
    host = (base_url or "https://api.openai.com").lower()
    return instructor.Mode.TOOLS if ("openai.com" in host or "azure" in host) else instructor.Mode.JSON_SCHEMA


def with_transport_retries(fn: Callable[..., Any], s: Settings) -> Callable[..., Any]:
    def wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        after = _retry_after(exc)
        backoff = wait_exponential_jitter(multiplier=0.5, max=min(8.0, s.retry_max_wait_s))(state)
        return min(after, s.retry_max_wait_s) if after is not None else backoff

    retrying = Retrying(stop=stop_after_attempt(s.transport_retries + 1), wait=wait,
                        retry=retry_if_exception(_retryable), reraise=True)

    def create(*args: Any, **kwargs: Any) -> Any:
        try:
            return retrying(fn, *args, **kwargs)
        except Exception as e:
            raise _endpoint_error(e, s) from e

    return create


def _retryable(e: BaseException) -> bool:
    if isinstance(e, (openai.APIConnectionError, openai.APITimeoutError)):
        return True
    return isinstance(e, openai.APIStatusError) and e.status_code in _RETRY_STATUS


def _retry_after(e: BaseException | None) -> float | None:
    resp = getattr(e, "response", None)
    value = resp.headers.get("retry-after") if resp is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time()) if when else None


def _endpoint_error(e: Exception, s: Settings) -> LLMError:
    where = s.base_url or "the OpenAI API"
    if isinstance(e, openai.AuthenticationError):
        return EndpointError(f"{where} rejected the API key (401)")
    if isinstance(e, openai.PermissionDeniedError):
        return EndpointError(f"{where} refused access (403)")
    if isinstance(e, openai.NotFoundError):
        return EndpointError(f"{where}: model {s.resolved_model!r} or endpoint not found (404)")
    if isinstance(e, openai.BadRequestError):
        return EndpointError(f"{where} rejected the request (400): {_short(e)}")
    n = s.transport_retries + 1
    if isinstance(e, openai.APITimeoutError):
        return RetriesExhausted(f"{where} timed out after {n} attempt(s)", attempts=n)
    if isinstance(e, openai.APIConnectionError):
        return RetriesExhausted(f"cannot reach {where} after {n} attempt(s): {_short(e.__cause__ or e)}", attempts=n)
    if isinstance(e, openai.APIStatusError):
        return RetriesExhausted(f"{where} answered HTTP {e.status_code} after {n} attempt(s): {_short(e)}", attempts=n)
    return LLMError(f"{where}: {_short(e)}")


def _short(e: BaseException) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg[:300]


def _as_llm_error(e: Exception, attempts: int) -> LLMError:
    """Unwrap instructor's wrappers: our own errors pass through; the rest are named."""
    seen: Exception | None = e
    while seen is not None:
        if isinstance(seen, LLMError):
            return seen
        seen = seen.__cause__ or seen.__context__  # type: ignore[assignment]
    last = getattr(e, "last_completion", None)
    reply = None
    try:
        reply = last.choices[0].message.content if last is not None else None
    except Exception:
        pass
    finish = None
    try:
        finish = last.choices[0].finish_reason if last is not None else None
    except Exception:
        pass
    cause = _short(e)
    if finish == "length" or "IncompleteOutput" in type(e).__name__ or "max_tokens" in cause:
        cause = "the reply was cut off at max_tokens (finish_reason=length)"
    elif "choices" in cause.lower() and "empty" in cause.lower():
        cause = "the endpoint returned no choices"
    return RetriesExhausted(f"no valid structured output after {attempts} attempt(s): {cause}",
                            attempts=attempts, last_reply=reply)


def dumps_messages(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, ensure_ascii=False)
