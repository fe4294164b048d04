"""The one seam to the LLM: a structured client (ours over the endpoint or the embedded
model, see :mod:`summarizer.structured`, or your own instructor client) plus accounting.

Two layers of retry, each bounded and separate:
- transport (the one policy of :mod:`summarizer.llm.retry`): 429 / 5xx / connection errors /
  timeouts / a reply with no choices or a body that is not JSON; backoff that honours
  ``Retry-After``; within the call's ``deadline_s``; auth, not-found and bad-request errors
  fail at once;
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
import inspect
import json
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

import instructor
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel

from ..config import Settings
from ..errors import ConfigError, LLMError, OutputTruncated, RetriesExhausted
from .backend import EMBEDDED, ENDPOINT, Backend, backend_for, backend_named
from .embedded import embedded_create
from .failures import endpoint_error, no_valid_output, redact, scrub, short, transport_cause, validation_cause
from .redaction import register, scrubbing, secrets_of
from .retry import GaveUp, NoChoices, RetryPolicy
from .structured import StructuredClient
from .transport import AsyncPoster, Poster, Traffic

__all__ = ["LLM", "Exchange", "Usage", "validation_context"]

T = TypeVar("T", bound=BaseModel)
_MODES = {"tools": instructor.Mode.TOOLS, "json": instructor.Mode.JSON, "json_schema": instructor.Mode.JSON_SCHEMA,
          "md_json": instructor.Mode.MD_JSON}

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


class LLM:
    """Wraps one structured client. :meth:`from_settings` builds a
    :class:`~summarizer.structured.StructuredClient` over the endpoint or the embedded
    model; or pass your own ``instructor.Instructor`` / ``AsyncInstructor`` as ``client``."""

    def __init__(self, client: Any, *, model: str, backend: str, settings: Settings | None = None,
                 on_exchange: list[Callable[[Exchange], None]] | None = None):
        self.client = client
        self.model = model
        self.backend = backend  # the name, as meta.backend and the store show it
        self.kind: Backend = backend_named(backend)
        self.settings = settings or Settings()
        self.on_exchange = list(on_exchange or [])
        self._secrets = secrets_of(self.settings.api_key)
        # per instance: two LLMs sharing one instructor client each see only their own calls
        self._current: contextvars.ContextVar[_Call | None] = contextvars.ContextVar(f"llm-{id(self)}", default=None)
        self._lock = threading.Lock() if self.kind.local else None  # one call at a time
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
        if backend_for(s).local:
            client = StructuredClient(embedded_create(s), instructor.Mode.JSON_SCHEMA)
            return cls(client, model=s.resolved_model, backend=EMBEDDED.name, settings=s)
        llm: LLM
        client = _openai_client(s, on_failure=lambda ex: llm._transport_failure(ex), asynchronous=asynchronous,
                                traffic=traffic)
        llm = cls(client, model=s.resolved_model, backend=ENDPOINT.name, settings=s)
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
            raise self._fail(call, e)  # noqa: B904  (_fail sets the scrubbed cause itself)
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
                max_retries=self.settings.reasks, **self._params())
        except Exception as e:
            raise self._fail(call, e)  # noqa: B904  (_fail sets the scrubbed cause itself)
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
        scrub(e, self._secrets)
        if err.__cause__ is None and err is not e:
            err.__cause__ = e
        return err

    def _call(self, response_model: type[T], messages: list[dict[str, Any]]) -> T:
        return self.client.create(
            model=self.model, response_model=response_model, messages=messages,
            max_retries=self.settings.reasks, **self._params())

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
        tool_calls = getattr(msg, "tool_calls", None)
        if not text and tool_calls:
            text = tool_calls[0].function.arguments
        call.pending = Exchange(
            model=self.model, messages=call.messages, response=text,
            prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(u, "completion_tokens", 0) or 0),
            duration_s=time.perf_counter() - call.started, finish_reason=getattr(choice, "finish_reason", None))

    def _hook_parse_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is not None:
            self._flush(call, validation_cause(error))

    def _hook_error(self, error: Exception, *args: Any, **kwargs: Any) -> None:
        call = self._current.get()
        if call is None or isinstance(error, LLMError):  # our transport layer recorded each attempt already
            return
        self._record(call, Exchange(model=self.model, messages=call.messages, response=None, prompt_tokens=0,
                                    completion_tokens=0, duration_s=time.perf_counter() - call.started,
                                    error=transport_cause(error)))

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
            ex.error = redact(ex.error, self._secrets)
        call.usage.add(ex)
        for fn in self.on_exchange:
            fn(ex)


# --------------------------------------------------------------- endpoint backend

def api_key(s: Settings) -> str | None:
    """The key for the endpoint: settings, else OPENAI_API_KEY; a local server (base_url) needs none."""
    return s.api_key or os.environ.get("OPENAI_API_KEY") or ("not-needed" if s.base_url else None)


def instructor_mode(s: Settings) -> instructor.Mode:
    return _MODES[s.mode] if s.mode else default_mode(s.base_url)


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
    """``fn`` under the transport retry policy (:mod:`summarizer.llm.retry`); each failed
    attempt is reported to ``on_failure``; the last failure is raised as a one-line LLMError."""
    secrets, policy = secrets_of(s.api_key), RetryPolicy.from_settings(s)

    def failed(e: BaseException, took: float) -> None:
        if on_failure is not None:
            on_failure(_failed_exchange(e, took))

    def error(g: GaveUp) -> LLMError:
        return endpoint_error(g.last, s, g.attempts, secrets, g.deadline_s)

    if inspect.iscoroutinefunction(fn):
        async def checked_async(*args: Any, **kwargs: Any) -> Any:
            return _checked(await fn(*args, **kwargs))

        async def acreate(*args: Any, **kwargs: Any) -> Any:
            try:
                return await policy.acall(checked_async, *args, on_failure=failed, **kwargs)
            except GaveUp as g:
                raise error(g) from scrub(g.last, secrets)
        return acreate

    def checked(*args: Any, **kwargs: Any) -> Any:
        return _checked(fn(*args, **kwargs))

    def create(*args: Any, **kwargs: Any) -> Any:
        try:
            return policy.call(checked, *args, on_failure=failed, **kwargs)
        except GaveUp as g:
            raise error(g) from scrub(g.last, secrets)

    return create


def _checked(resp: Any) -> Any:
    if not getattr(resp, "choices", None):
        raise NoChoices(resp)
    return resp


def _failed_exchange(e: BaseException, took: float) -> Exchange:
    u = getattr(getattr(e, "response", None), "usage", None) if isinstance(e, NoChoices) else None
    return Exchange(model="", messages=[], response=None, prompt_tokens=int(getattr(u, "prompt_tokens", 0) or 0),
                    completion_tokens=int(getattr(u, "completion_tokens", 0) or 0), duration_s=took,
                    error=transport_cause(e))


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
        n = e.n_attempts or len(failed) or s.reasks + 1
        err = RetriesExhausted(no_valid_output(n, validation_cause(last)), attempts=n,
                               last_reply=_reply_text(e.last_completion))
    else:
        err = LLMError(f"the LLM call failed: {type(e).__name__}: {short(e)}")
    err.args = (redact(str(err), secrets),)
    return err


def _reply_text(completion: Any) -> str | None:
    try:
        return completion.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return None


def dumps_messages(messages: list[dict[str, Any]]) -> str:
    return json.dumps(messages, ensure_ascii=False)
