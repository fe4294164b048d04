"""The one seam to the LLM: a structured client (ours over the endpoint or the embedded
model, see :mod:`summarizer.structured`, or your own instructor client) plus accounting.

Two layers of retry, each bounded and separate:
- transport (here, tenacity): 429 / 5xx / connection errors / timeouts / a reply with
  no choices or a body that is not JSON; exponential backoff that honours
  ``Retry-After`` (and gives up at once when the endpoint asks for a longer wait
  than ``retry_max_wait_s``); auth, not-found and bad-request errors fail at once;
- validation re-asks (``max_retries``): the reply failed the response
  model, so the model is asked again with the reason. A reply cut off at
  ``max_tokens`` is not re-asked: it fails as :class:`OutputTruncated`.

Every attempt, on either layer, becomes one :class:`Exchange`: counted in
:class:`Usage` (tokens of failed attempts included) and passed to ``on_exchange``
hooks (the SQLite log attaches there). The API key is redacted from every message,
record and exception this module lets out.
"""

from __future__ import annotations

import asyncio
import contextvars
import email.utils
import inspect
import json
import logging
import os
import time
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, wait_exponential_jitter

from ..config import Settings
from ..errors import ConfigError, EndpointError, LLMError, OutputTruncated, RetriesExhausted
from .embedded import embedded_create
from .redaction import register, scrubbing, secrets_of
from .structured import StructuredClient
from .transport import AsyncPoster, Poster, Traffic

__all__ = ["LLM", "Exchange", "Usage", "validation_context"]

T = TypeVar("T", bound=BaseModel)
_MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA,
          "md_json": instructor.Mode.MD_JSON}
_RETRY_STATUS = {408, 409, 425, 429}

# instructor logs every failed attempt at ERROR; without a handler Python prints those to
# stderr. We report failures ourselves (one line each), so its records only reach handlers
# the application configured.
logging.getLogger("instructor").addHandler(logging.NullHandler())


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
    calls: int = 0  # completions that came back (valid or not)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    failed_attempts: int = 0  # transport failures and replies that failed validation
    exchanges: list[Exchange] = field(default_factory=list)

    def add(self, ex: Exchange) -> None:
        self.calls += ex.response is not None or ex.error is None
        self.failed_attempts += ex.error is not None
        self.prompt_tokens += ex.prompt_tokens
        self.completion_tokens += ex.completion_tokens
        self.exchanges.append(ex)


@dataclass
class _Call:
    """State of one ``extract``, in a context variable: safe across threads and asyncio tasks."""

    usage: Usage
    context: dict[str, Any] | None
    attempt: int = 0
    started: float = 0.0
    messages: list[dict[str, Any]] = field(default_factory=list)
    pending: Exchange | None = None  # a reply whose validation outcome is not known yet


_VALIDATION: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("summarizer_validation",
                                                                                 default=None)


def validation_context() -> dict[str, Any] | None:
    """The ``context`` of the extract call in progress, for response-model validators.

    Handed over this way rather than as instructor's ``context=``, which would also render
    every message as a Jinja template (an article containing ``{{`` would be executed or crash).
    """
    return _VALIDATION.get()


class NoChoices(Exception):
    """The endpoint answered 200 with an empty (or missing) ``choices`` list."""

    def __init__(self, response: Any):
        super().__init__("the endpoint returned no choices")
        self.response = response


class LLM:
    """Wraps one structured client. :meth:`from_settings` builds a
    :class:`~summarizer.structured.StructuredClient` over the endpoint or the embedded
    model; or pass your own ``instructor.Instructor`` / ``AsyncInstructor`` as ``client``."""

    def __init__(self, client: Any, *, model: str, backend: str, settings: Settings | None = None,
                 on_exchange: list[Callable[[Exchange], None]] | None = None):
        self.client = client
        self.model = model
        self.backend = backend
        self.settings = settings or Settings()
        self.on_exchange = list(on_exchange or [])
        self._secrets = _secrets(self.settings)
        # per instance: two LLMs sharing one instructor client each see only their own calls
        self._current: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(f"llm-{id(self)}", default=None)
        self._lock = threading.Lock() if backend == "embedded" else None
        self._is_async = isinstance(client, instructor.AsyncInstructor) or getattr(client, "is_async", False)
        for hook, fn in (("completion:kwargs", self._hook_kwargs), ("completion:response", self._hook_response),
                         ("completion:error", self._hook_error), ("parse:error", self._hook_parse_error)):
            try:
                client.on(hook, fn)
            except Exception:  # a client without hooks still works; it just isn't counted
                pass

    # -- construction -------------------------------------------------------
    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, asynchronous: bool = False,
                      traffic: Traffic | None = None) -> "LLM":
        """The LLM the settings name. ``asynchronous``: an endpoint client for :meth:`aextract`
        only (many calls in flight on one event loop, sharing ``traffic``'s limit); the embedded
        model is always synchronous."""
        s = settings or Settings.load()
        if s.resolved_backend == "embedded":
            client = StructuredClient(embedded_create(s), instructor.Mode.JSON_SCHEMA)
            return cls(client, model=s.resolved_model, backend="embedded", settings=s)
        llm: LLM
        client = _openai_client(s, on_failure=lambda ex: llm._transport_failure(ex), asynchronous=asynchronous,
                                traffic=traffic)
        llm = cls(client, model=s.resolved_model, backend="openai", settings=s)
        return llm

    # -- calls ----------------------------------------------------------------
    def extract(self, response_model: type[T], messages: list[dict[str, Any]], *, context: dict[str, Any] | None = None,
                usage: Usage | None = None) -> T:
        """One structured call: transport retries inside, validation re-asks by instructor.

        Before each attempt ``context["attempt"]`` is set to its 1-based number.
        """
        if self._is_async:
            raise ConfigError("this LLM wraps an async client: use aextract")
        call = _Call(usage if usage is not None else Usage(), context)
        token, vtoken = self._current.set(call), _VALIDATION.set(context)
        try:
            if self._lock:
                with self._lock:
                    return self._call(response_model, messages)
            return self._call(response_model, messages)
        except Exception as e:
            raise self._fail(call, e)
        finally:
            self._flush(call, None)
            self._current.reset(token)
            _VALIDATION.reset(vtoken)

    async def aextract(self, response_model: type[T], messages: list[dict[str, Any]], *,
                       context: dict[str, Any] | None = None, usage: Usage | None = None) -> T:
        if not self._is_async:  # sync client (embedded or ours): run it off the event loop
            return await asyncio.to_thread(self.extract, response_model, messages, context=context, usage=usage)
        call = _Call(usage if usage is not None else Usage(), context)
        token, vtoken = self._current.set(call), _VALIDATION.set(context)
        try:
            return await self.client.create(
                model=self.model, response_model=response_model, messages=messages,
                max_retries=self.settings.max_reasks, **self._params())
        except Exception as e:
            raise self._fail(call, e)
        finally:
            self._flush(call, None)
            self._current.reset(token)
            _VALIDATION.reset(vtoken)

    async def aclose(self) -> None:
        """Close the connections an async endpoint client keeps (a client passed in is the caller's to close)."""
        if isinstance(self.client, StructuredClient):
            await self.client.aclose()

    def _fail(self, call: _Call, e: Exception) -> LLMError:
        """The LLMError for ``e`` (its cause chain kept, secrets scrubbed); the pending reply is recorded with it."""
        err = _as_llm_error(e, self.settings, self._secrets)
        self._flush(call, err)
        _scrub(e, self._secrets)
        if err.__cause__ is None and err is not e:
            err.__cause__ = e
        return err

    def _call(self, response_model: type[T], messages: list[dict[str, Any]]) -> T:
        return self.client.create(
            model=self.model, response_model=response_model, messages=messages,
            max_retries=self.settings.max_reasks, **self._params())

    def _params(self) -> dict[str, Any]:
        return {"temperature": self.settings.temperature, "max_tokens": self.settings.max_tokens}

    # -- accounting hooks -----------------------------------------------------
    def _hook_kwargs(self, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is None:
            return
        self._flush(call, None)
        call.attempt += 1
        call.started = time.perf_counter()
        call.messages = list(kwargs.get("messages") or [])
        if call.context is not None:
            call.context["attempt"] = call.attempt

    def _hook_response(self, response: Any, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is None:
            return
        u = getattr(response, "usage", None)
        choice = (getattr(response, "choices", None) or [None])[0]
        msg = getattr(choice, "message", None)
        text = getattr(msg, "content", None)
        if not text and getattr(msg, "tool_calls", None):
            text = msg.tool_calls[0].function.arguments
        call.pending = Exchange(
            model=self.model, messages=call.messages, response=text,
            prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(u, "completion_tokens", 0) or 0),
            duration_s=time.perf_counter() - call.started, finish_reason=getattr(choice, "finish_reason", None))

    def _hook_parse_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is not None:
            self._flush(call, _validation_cause(error))

    def _hook_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is None or isinstance(error, LLMError):  # our transport layer recorded each attempt already
            return
        self._record(call, Exchange(model=self.model, messages=call.messages, response=None, prompt_tokens=0,
                                    completion_tokens=0, duration_s=time.perf_counter() - call.started,
                                    error=_transport_cause(error)))

    def _transport_failure(self, ex: Exchange) -> None:
        call = self._current.get()
        if call is not None:
            ex.model, ex.messages = self.model, call.messages
            self._record(call, ex)

    def _flush(self, call: _Call, error: LLMError | str | None) -> None:
        """Record the pending reply, marked with ``error`` if validation (or the call) failed."""
        ex, call.pending = call.pending, None
        if ex is not None:
            if error is not None:
                ex.error = error if isinstance(error, str) else str(error)
            self._record(call, ex)

    def _record(self, call: _Call, ex: Exchange) -> None:
        if ex.error:
            ex.error = _redact(ex.error, self._secrets)
        call.usage.add(ex)
        for fn in self.on_exchange:
            fn(ex)


# --------------------------------------------------------------- endpoint backend

def api_key(s: Settings) -> str | None:
    """The key for the endpoint: settings, else OPENAI_API_KEY; a local server (base_url) needs none."""
    return s.api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if s.base_url else None)


def instructor_mode(s: Settings) -> instructor.Mode:
    return _MODES[s.mode] if s.mode else default_mode(s.base_url)


def _secrets(s: Settings) -> tuple[str, ...]:
    return tuple(k for k in {s.api_key, os.environ.get("OPENAI_API_KEY")} if k and len(k) >= 4)


def _openai_client(s: Settings, on_failure: Callable[[Exchange], None] | None = None,
                   asynchronous: bool = False, traffic: Traffic | None = None) -> StructuredClient:
    key = api_key(s)
    if not key:
        raise ConfigError("no API key: pass --api-key or set SUMMARIZER_API_KEY (or use the embedded model)")
    # the body is instructor's, sent as it is: the SDK's chat.completions.create would walk it again
    secrets = secrets_of(s.api_key)
    register(*secrets)  # and every reply is scrubbed of them before it is parsed or recorded
    if asynchronous:  # many calls in flight (a batch)
        apost = AsyncPoster(s.base_url, key, s.timeout_s, traffic)
        return StructuredClient(with_transport_retries(scrubbing(apost.post, secrets), s, on_failure),
                                instructor_mode(s), close=apost.aclose)
    return StructuredClient(with_transport_retries(scrubbing(Poster(s.base_url, key, s.timeout_s).post, secrets), s,
                                                   on_failure), instructor_mode(s))


def default_mode(base_url: str | None) -> instructor.Mode:
    """Tools on OpenAI and Azure; JSON schema (constrained decoding) on local servers."""
    host = (base_url or "https://api.openai.com").lower()
    return instructor.Mode.TOOLS if ("openai.com" in host or "azure" in host) else instructor.Mode.JSON_SCHEMA


def with_transport_retries(fn: Callable[..., Any], s: Settings,
                           on_failure: Callable[[Exchange], None] | None = None) -> Callable[..., Any]:
    """``fn`` retried on transient failures; each failed attempt is reported to ``on_failure``."""
    secrets = _secrets(s)

    def wait(state: RetryCallState) -> float:
        after = _retry_after(state.outcome.exception() if state.outcome else None)
        if after is not None:
            return after
        return wait_exponential_jitter(multiplier=0.5, jitter=0.5, max=min(8.0, s.retry_max_wait_s))(state)

    def stop(state: RetryCallState) -> bool:
        after = _retry_after(state.outcome.exception() if state.outcome else None)
        return state.attempt_number > s.transport_retries or (after is not None and after > s.retry_max_wait_s)

    def checked(resp: Any) -> Any:
        if not getattr(resp, "choices", None):
            raise NoChoices(resp)
        return resp

    def failed(e: Exception, started: float) -> None:
        if on_failure is not None:
            on_failure(_failed_exchange(e, time.perf_counter() - started))

    policy = {"stop": stop, "wait": wait, "retry": retry_if_exception(_retryable), "reraise": True}
    if inspect.iscoroutinefunction(fn):
        async def acreate(*args: Any, **kwargs: Any) -> Any:
            attempts = 0
            try:
                async for attempt in AsyncRetrying(**policy):
                    with attempt:
                        attempts += 1
                        started = time.perf_counter()
                        try:
                            return checked(await fn(*args, **kwargs))
                        except Exception as e:
                            failed(e, started)
                            raise
            except Exception as e:
                raise _endpoint_error(e, s, attempts, secrets) from _scrub(e, secrets)
        return acreate

    def create(*args: Any, **kwargs: Any) -> Any:
        attempts = 0
        try:
            for attempt in Retrying(**policy):
                with attempt:
                    attempts += 1
                    started = time.perf_counter()
                    try:
                        return checked(fn(*args, **kwargs))
                    except Exception as e:
                        failed(e, started)
                        raise
        except Exception as e:
            raise _endpoint_error(e, s, attempts, secrets) from _scrub(e, secrets)

    return create


def _failed_exchange(e: BaseException, took: float) -> Exchange:
    u = getattr(getattr(e, "response", None), "usage", None) if isinstance(e, NoChoices) else None
    return Exchange(model="", messages=[], response=None, prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
                    completion_tokens=int(getattr(u, "completion_tokens", 0) or 0), duration_s=took,
                    error=_transport_cause(e))


def _retryable(e: BaseException) -> bool:
    if isinstance(e, (openai.APIConnectionError, NoChoices, json.JSONDecodeError)):  # timeouts are connection errors
        return True
    return isinstance(e, openai.APIStatusError) and (
        e.status_code in _RETRY_STATUS or (e.status_code >= 500 and e.status_code != 501))


def _retry_after(e: BaseException | None) -> float | None:
    """Seconds the endpoint asked us to wait (``retry-after-ms`` or ``Retry-After``: seconds or an HTTP date)."""
    resp = getattr(e, "response", None)
    headers = getattr(resp, "headers", None)
    if headers is None:
        return None
    try:
        if ms := headers.get("retry-after-ms"):
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):  # an unparseable header: plain backoff
        return None


def _transport_cause(e: BaseException) -> str:
    """A short cause for one failed attempt: "HTTP 503", "timed out", "connection reset", ..."""
    if isinstance(e, openai.APIStatusError):
        return f"HTTP {e.status_code}" + (" (rate limited)" if e.status_code == 429 else "")
    if isinstance(e, openai.APITimeoutError):
        return "timed out"
    if isinstance(e, openai.APIConnectionError):
        seen: BaseException | None = e.__cause__
        while seen is not None and seen.__cause__ is not None and not isinstance(seen, ConnectionError):
            seen = seen.__cause__
        low = f"{e} {seen or ''}".lower()
        if isinstance(seen, ConnectionResetError) or "reset" in low:
            return "connection reset"
        if isinstance(seen, ConnectionRefusedError) or "refused" in low:
            return "connection refused"
        if "disconnect" in low or "closed" in low or "incomplete" in low:
            return "the connection closed mid-response"
        return f"connection failed ({_short(seen or e)})"
    if isinstance(e, NoChoices):
        return "an empty choices list"
    if isinstance(e, json.JSONDecodeError):
        return "a response body that is not JSON"
    return _short(e)


def _endpoint_error(e: Exception, s: Settings, attempts: int, secrets: tuple[str, ...]) -> LLMError:
    where = _where(s)
    n = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(e, openai.AuthenticationError):
        err: LLMError = EndpointError(f"{where} rejected the API key (401)")
    elif isinstance(e, openai.PermissionDeniedError):
        err = EndpointError(f"{where} refused access (403)")
    elif isinstance(e, openai.NotFoundError):
        err = EndpointError(f"{where}: model {s.resolved_model!r} or endpoint not found (404)")
    elif isinstance(e, openai.BadRequestError):
        err = EndpointError(f"{where} rejected the request (400): {_server_message(e)}")
    elif isinstance(e, openai.APIStatusError) and not _retryable(e):
        err = EndpointError(f"{where} answered HTTP {e.status_code}: {_server_message(e)}")
    elif isinstance(e, openai.APIStatusError):
        after = _retry_after(e)
        if after is not None and after > s.retry_max_wait_s:
            err = RetriesExhausted(f"{where} answered {_transport_cause(e)} and asked to retry after {after:g} s, "
                                   f"longer than retry_max_wait_s={s.retry_max_wait_s:g}; gave up after {n}")
        else:
            err = RetriesExhausted(f"{where} answered {_transport_cause(e)} after {n}: {_server_message(e)}")
    elif isinstance(e, openai.APITimeoutError):
        err = RetriesExhausted(f"{where} timed out after {n} (timeout_s={s.timeout_s:g})")
    elif isinstance(e, openai.APIConnectionError):
        err = RetriesExhausted(f"cannot reach {where} after {n}: {_transport_cause(e)}")
    elif isinstance(e, (NoChoices, json.JSONDecodeError)):
        err = RetriesExhausted(f"{where} returned {_transport_cause(e)} after {n}")
    else:
        err = LLMError(f"{where}: {_short(e)}")
    err.args, err.attempts = (_redact(str(err), secrets),), attempts
    return err


def _where(s: Settings) -> str:
    """The endpoint for messages, without any user:password@ part."""
    if not s.base_url:
        return "the OpenAI API"
    scheme, sep, rest = s.base_url.partition("://")
    return scheme + sep + rest.rsplit("@", 1)[-1] if sep else s.base_url


def _server_message(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        msg = inner.get("message") if isinstance(inner, dict) else inner
        if msg:
            return _short(str(msg))
    return _short(e.message or e)


def _short(e: BaseException | str) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:300] if text else type(e).__name__


def _redact(text: str, secrets: tuple[str, ...]) -> str:
    for k in secrets:
        text = text.replace(k, "***")
    return text


def _scrub(e: BaseException, secrets: tuple[str, ...]) -> BaseException:
    """Redact secrets from ``e`` and its chain in place, so no traceback can print them."""
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen and secrets:
        seen.add(id(cur))
        cur.args = tuple(_redact(a, secrets) if isinstance(a, str) else a for a in cur.args)
        if isinstance(getattr(cur, "message", None), str):
            cur.message = _redact(cur.message, secrets)  # type: ignore[attr-defined]
        cur = cur.__cause__ or cur.__context__
    return e


# --------------------------------------------------------------- validation layer

def _validation_cause(e: BaseException) -> str:
    """Why a reply failed the response model, in one line."""
    if isinstance(e, json.JSONDecodeError):
        return f"the reply is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
    if isinstance(e, ValidationError):
        errs = e.errors(include_url=False)
        bad_json = next((x for x in errs if x["type"] == "json_invalid"), None)
        if bad_json:
            return f"the reply is not valid JSON ({bad_json['ctx'].get('error', bad_json['msg']) if bad_json.get('ctx') else bad_json['msg']})"
        values = [x for x in errs if x["type"] == "value_error"]
        if values:
            lines = [ln.strip("- ").strip() for ln in str(values[0]["msg"]).splitlines()[1:] if ln.strip()]
            return f"items stayed ungrounded ({'; '.join(lines[:2]) or values[0]['msg']}{_more(lines, 2)})"
        parts = [f"{'.'.join(map(str, x['loc'])) or 'reply'}: {x['msg']}" for x in errs]
        return f"the reply does not match the schema ({'; '.join(parts[:3])}{_more(parts, 3)})"
    return _short(e)


def _more(items: list[str], shown: int) -> str:
    return f"; +{len(items) - shown} more" if len(items) > shown else ""


def _as_llm_error(e: Exception, s: Settings, secrets: tuple[str, ...]) -> LLMError:
    """Unwrap instructor's wrappers: our own errors pass through; the rest get a one-line cause."""
    seen: BaseException | None = e
    while seen is not None:
        if isinstance(seen, LLMError):
            return seen
        seen = seen.__cause__ or seen.__context__
    if isinstance(e, IncompleteOutputException):
        err: LLMError = OutputTruncated(
            f"the reply was cut off at max_tokens={s.max_tokens} (finish_reason=length); "
            "raise max_tokens or shorten the article", attempts=1, last_reply=_reply_text(e.last_completion))
    elif isinstance(e, InstructorRetryException):
        failed = e.failed_attempts or []
        last = failed[-1].exception if failed else (e.__cause__ or e)
        n = e.n_attempts or len(failed) or s.max_reasks + 1
        err = RetriesExhausted(f"no valid structured output after {n} attempt{'s' if n != 1 else ''}: "
                               f"{_validation_cause(last)}", attempts=n,
                               last_reply=_reply_text(e.last_completion))
    else:
        err = LLMError(f"the LLM call failed: {type(e).__name__}: {_short(e)}")
    err.args = (_redact(str(err), secrets),)
    return err


def _reply_text(completion: Any) -> str | None:
    try:
        return completion.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return None


def dumps_messages(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, ensure_ascii=False)
