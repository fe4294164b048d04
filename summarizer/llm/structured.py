"""Structured calls over a plain chat-completions function, with instructor's own steps.

instructor's patched ``create`` rebuilds the response model's wrapper class, regenerates
its JSON schema and walks every model it references for async validators on every
request, and formats the whole reply for a debug log line: about 4 ms of CPU per call,
more than the HTTP round trip. :class:`StructuredClient` runs the same loop with the
same handlers (instructor's request builder, reply parser and re-ask messages for the
mode), the wrapper class and its schema made once per response model: one request; the
reply parsed and validated against the response model; a reply that fails is re-asked
with the reason up to ``max_retries`` times; a reply cut off at ``max_tokens`` fails at
once. Failures are instructor's own exceptions and the hooks are instructor's hook names,
so :class:`~summarizer.llm.LLM` treats this client and an instructor client alike.
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
from collections import defaultdict
from typing import Any, Awaitable, Callable, Generator, TypeVar

import instructor
from instructor.core import (
    AsyncValidationError,
    FailedAttempt,
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from instructor.v2 import Provider, mode_registry
from instructor.v2.core.response_model import (
    prepare_response_model,  # private: pinned by tests/llm/test_private_apis.py
)
from pydantic import BaseModel, ValidationError

__all__ = ["StructuredClient", "parse_reply", "reask_messages", "request_kwargs"]

T = TypeVar("T", bound=BaseModel)
# the reply failed the response model: re-asked (instructor's set)
PARSE_ERRORS = (ValidationError, json.JSONDecodeError, AsyncValidationError, ResponseParsingError)


@functools.lru_cache(maxsize=64)
def prepared(response_model: type[BaseModel]) -> type[BaseModel]:
    """instructor's wrapper class for ``response_model``, made once, its JSON schema computed once."""
    base: Any = prepare_response_model(response_model)
    schema = base.model_json_schema()

    class Prepared(base):  # type: ignore[misc,valid-type,unused-ignore]  # a class made at run time
        __doc__ = base.__doc__  # the tool description in tools mode

        @classmethod
        def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
            if args or kwargs:
                return super().model_json_schema(*args, **kwargs)
            return copy.deepcopy(schema)  # handlers may edit what they get

    Prepared.__name__ = Prepared.__qualname__ = base.__name__  # the schema's name in the request
    return Prepared


@functools.lru_cache(maxsize=None)
def _handlers(mode: instructor.Mode) -> Any:
    return mode_registry.get_handlers(Provider.OPENAI, mode)


def request_kwargs(response_model: type[BaseModel], mode: instructor.Mode, **kwargs: Any) -> dict[str, Any]:
    """The chat-completions body instructor sends for ``response_model`` in ``mode``.

    Built once per model, mode and sequence of roles with placeholder texts, then filled in:
    in json mode the handler appends a 4 kB schema text to the system message (json.dumps
    and textwrap.dedent on every call otherwise)."""
    messages = kwargs.pop("messages")
    if any(not isinstance(m.get("content"), str) or _MARK in m["content"] for m in messages):
        return _build(response_model, mode, {**kwargs, "messages": messages})
    roles = tuple(m["role"] for m in messages)
    shape = _shape(response_model, mode, roles, tuple(sorted(kwargs)))
    body = {**shape, **kwargs}
    texts = {f"{_MARK}{i}{_MARK}": m["content"] for i, m in enumerate(messages)}
    body["messages"] = [{**m, "content": _fill(m["content"], texts)} for m in shape["messages"]]
    return body


_MARK = "\x00"


def _build(response_model: type[BaseModel], mode: instructor.Mode, kwargs: dict[str, Any]) -> dict[str, Any]:
    return _handlers(mode).request_handler(response_model=prepared(response_model), kwargs=kwargs)[1]


@functools.lru_cache(maxsize=256)
def _shape(response_model: type[BaseModel], mode: instructor.Mode, roles: tuple[str, ...],
           keys: tuple[str, ...]) -> dict[str, Any]:
    """The request for placeholder messages (texts ``\\x00{i}\\x00``); ``keys`` are the other kwargs' names."""
    probe = [{"role": r, "content": f"{_MARK}{i}{_MARK}"} for i, r in enumerate(roles)]
    return _build(response_model, mode, {"messages": probe, **{k: None for k in keys}})


def _fill(content: Any, texts: dict[str, str]) -> Any:
    if not isinstance(content, str) or _MARK not in content:
        return content
    for mark, text in texts.items():
        content = content.replace(mark, text)
    return content


def parse_reply(completion: Any, response_model: type[T], mode: instructor.Mode,
                context: dict[str, Any] | None = None) -> T:
    """The reply validated against ``response_model`` (strict, as instructor's ``create``)."""
    return _handlers(mode).response_parser(response=completion, response_model=prepared(response_model),
                                           validation_context=context, strict=True, stream=False, is_async=False)


def reask_messages(kwargs: dict[str, Any], mode: instructor.Mode, completion: Any, error: Exception) -> dict[str, Any]:
    """``kwargs`` for the next attempt: the failed reply and why it failed, appended (``kwargs`` is left as it was)."""
    kwargs = {**kwargs, "messages": list(kwargs.get("messages") or [])}
    return _handlers(mode).reask_handler(kwargs=kwargs, response=completion, exception=error)


class StructuredClient:
    """The part of an instructor client that :class:`~summarizer.llm.LLM` uses — ``create``
    and the ``on``/``off`` hooks — over ``create_fn(**chat_completion_kwargs)``; with a
    coroutine function, ``create`` is a coroutine (``is_async``)."""

    def __init__(self, create_fn: Callable[..., Any], mode: instructor.Mode,
                 close: Callable[[], Awaitable[None]] | None = None):
        self.create_fn = create_fn
        self.mode = mode
        self._close = close
        self.is_async = inspect.iscoroutinefunction(create_fn)
        self._hooks: dict[str, list[Callable[..., Any]]] = defaultdict(list)

    def on(self, name: str, fn: Callable[..., Any]) -> None:
        self._hooks[name].append(fn)

    def off(self, name: str, fn: Callable[..., Any]) -> None:
        if fn in self._hooks[name]:
            self._hooks[name].remove(fn)

    async def aclose(self) -> None:
        """Close the connections an async client keeps open."""
        if self._close is not None:
            await self._close()

    def _emit(self, name: str, *args: Any, **kwargs: Any) -> None:
        for fn in list(self._hooks[name]):
            fn(*args, **kwargs)

    def create(self, *, response_model: type[T], messages: list[dict[str, Any]], max_retries: int = 1,
               **params: Any) -> Any:
        steps = self._attempts(response_model, messages, max_retries, params)
        return self._adrive(steps) if self.is_async else self._drive(steps)

    def _drive(self, steps: Generator[dict[str, Any], Any, T]) -> T:
        kwargs = next(steps)
        while True:
            try:
                completion = self.create_fn(**kwargs)
            except Exception as e:
                self._emit("completion:error", e)
                raise
            try:
                kwargs = steps.send(completion)
            except StopIteration as done:
                return done.value

    async def _adrive(self, steps: Generator[dict[str, Any], Any, T]) -> T:
        kwargs = next(steps)
        while True:
            try:
                completion = await self.create_fn(**kwargs)
            except Exception as e:
                self._emit("completion:error", e)
                raise
            try:
                kwargs = steps.send(completion)
            except StopIteration as done:
                return done.value

    def _attempts(self, response_model: type[T], messages: list[dict[str, Any]], max_retries: int,
                  params: dict[str, Any]) -> Generator[dict[str, Any], Any, T]:
        """instructor's loop: yields each request's kwargs, is sent its completion, returns the parsed reply."""
        kwargs = request_kwargs(response_model, self.mode, messages=messages, **params)
        failed: list[FailedAttempt] = []
        for attempt in range(1, max_retries + 2):
            self._emit("completion:kwargs", **kwargs)
            completion = yield kwargs
            self._emit("completion:response", completion)
            try:
                return parse_reply(completion, response_model, self.mode)
            except IncompleteOutputException:
                raise
            except PARSE_ERRORS as e:
                failed.append(FailedAttempt(attempt_number=attempt, exception=e, completion=completion))
                self._emit("parse:error", e)
                if attempt > max_retries:
                    raise InstructorRetryException(str(e), last_completion=completion, n_attempts=attempt,
                                                   total_usage=None, messages=kwargs.get("messages"),
                                                   create_kwargs=kwargs, failed_attempts=failed) from e
                kwargs = reask_messages(kwargs, self.mode, completion, e)
        raise AssertionError("unreachable")  # the loop returns or raises
