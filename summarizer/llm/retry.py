"""The one transport retry policy, used by every path to an endpoint (one article, a live
batch, the Batch API's file and batch calls, worker processes).

- What is retried: connection errors and timeouts, 408/409/425/429 and every 5xx but 501,
  a 200 with no choices, a body that is not JSON. Everything else fails at once.
- How long to wait: what the endpoint asked (``retry-after-ms`` or ``Retry-After``, seconds
  or an HTTP date), else exponential backoff with jitter, capped at ``min(8, retry_max_wait_s)``.
- When to stop: after ``transport_retries`` retries; at once when the endpoint asks for a
  wait longer than ``retry_max_wait_s``; when the call's ``deadline_s`` (covering connect,
  read and every retry's wait) would be passed.

The deadline of the call in progress is a context variable (:func:`remaining`), so the
HTTP layer can cap each attempt's timeouts by it and stop a reply that drips in slowly.
Validation re-asks are another layer (:mod:`summarizer.llm.structured`), not counted here.
"""

from __future__ import annotations

import contextvars
import email.utils
import json
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, TypeVar

import openai
from tenacity import AsyncRetrying, RetryCallState, Retrying, retry_if_exception, wait_exponential_jitter

from ..config import Settings

__all__ = ["DeadlineExceeded", "GaveUp", "NoChoices", "RETRYABLE_STATUS", "RetryPolicy", "remaining",
           "retry_after", "retryable", "retryable_status"]

R = TypeVar("R")
RETRYABLE_STATUS = frozenset({408, 409, 425, 429})  # and every 5xx except 501 (not implemented)
BACKOFF_CAP_S = 8.0

# (monotonic time it passes, the deadline_s it was set from) of the call in progress
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("summarizer_deadline",
                                                                                       default=None)


class NoChoices(Exception):
    """The endpoint answered 200 with an empty (or missing) ``choices`` list."""

    def __init__(self, response: Any):
        super().__init__("the endpoint returned no choices")
        self.response = response


class DeadlineExceeded(openai.APITimeoutError):
    """The call's overall deadline passed during an attempt (connecting, or the reply still arriving)."""

    def __init__(self, request: Any, deadline_s: float, during: str):
        super().__init__(request=request)
        self.deadline_s, self.during = deadline_s, during


class GaveUp(Exception):
    """The policy stopped retrying: ``last`` is the final failure, after ``attempts`` requests."""

    def __init__(self, last: BaseException, attempts: int, deadline_s: float | None = None):
        super().__init__(str(last))
        self.last, self.attempts = last, attempts
        self.deadline_s = deadline_s  # set when the deadline, not the retry count, ended it


def retryable_status(code: int | None) -> bool:
    return code is not None and (code in RETRYABLE_STATUS or (code >= 500 and code != 501))


def retryable(e: BaseException | None) -> bool:
    if isinstance(e, DeadlineExceeded):
        return False
    if isinstance(e, (openai.APIConnectionError, NoChoices, json.JSONDecodeError)):  # timeouts are connection errors
        return True
    return isinstance(e, openai.APIStatusError) and retryable_status(e.status_code)


def retry_after(e: BaseException | None) -> float | None:
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


def remaining() -> tuple[float, float] | None:
    """(seconds left, ``deadline_s``) of the call in progress; ``None`` outside a call."""
    d = _DEADLINE.get()
    return None if d is None else (d[0] - time.monotonic(), d[1])


@dataclass(frozen=True)
class RetryPolicy:
    retries: int  # retries after the first request
    max_wait_s: float  # the longest wait between attempts the endpoint may ask for
    deadline_s: float  # the whole call: every attempt and every wait

    @classmethod
    def from_settings(cls, s: Settings) -> "RetryPolicy":
        return cls(s.transport_retries, s.retry_max_wait_s, s.deadline_s)

    def wait(self, state: RetryCallState) -> float:
        after = retry_after(state.outcome.exception() if state.outcome else None)
        if after is not None:
            return after
        return wait_exponential_jitter(multiplier=0.5, jitter=0.5, max=min(BACKOFF_CAP_S, self.max_wait_s))(state)

    def _stop(self, state: RetryCallState, at: float) -> bool:
        after = retry_after(state.outcome.exception() if state.outcome else None)
        return (state.attempt_number > self.retries or (after is not None and after > self.max_wait_s)
                or self._past(state, at))

    @staticmethod
    def _past(state: RetryCallState, at: float) -> bool:
        return time.monotonic() + (state.upcoming_sleep or 0.0) >= at

    def _options(self, at: float) -> dict[str, Any]:
        return {"stop": lambda state: self._stop(state, at), "wait": self.wait,
                "retry": retry_if_exception(retryable), "reraise": True}

    def call(self, fn: Callable[..., R], *args: Any, on_failure: Callable[[BaseException, float], None] | None = None,
             **kwargs: Any) -> R:
        """``fn(*args, **kwargs)`` under the policy; each failed attempt goes to ``on_failure(e, seconds)``;
        the last failure is raised as :class:`GaveUp`."""
        at = time.monotonic() + self.deadline_s
        token, attempts = _DEADLINE.set((at, self.deadline_s)), 0
        try:
            for attempt in Retrying(**self._options(at)):
                with attempt:
                    attempts += 1
                    started = time.perf_counter()
                    try:
                        return fn(*args, **kwargs)
                    except Exception as e:
                        if on_failure is not None:
                            on_failure(e, time.perf_counter() - started)
                        raise
        except Exception as e:
            raise self._gave_up(e, attempts, at) from e
        finally:
            _DEADLINE.reset(token)
        raise AssertionError("unreachable")  # tenacity returns or raises

    async def acall(self, fn: Callable[..., Awaitable[R]], *args: Any,
                    on_failure: Callable[[BaseException, float], None] | None = None, **kwargs: Any) -> R:
        """:meth:`call` for a coroutine function."""
        at = time.monotonic() + self.deadline_s
        token, attempts = _DEADLINE.set((at, self.deadline_s)), 0
        try:
            async for attempt in AsyncRetrying(**self._options(at)):
                with attempt:
                    attempts += 1
                    started = time.perf_counter()
                    try:
                        return await fn(*args, **kwargs)
                    except Exception as e:
                        if on_failure is not None:
                            on_failure(e, time.perf_counter() - started)
                        raise
        except Exception as e:
            raise self._gave_up(e, attempts, at) from e
        finally:
            _DEADLINE.reset(token)
        raise AssertionError("unreachable")

    def _gave_up(self, e: BaseException, attempts: int, at: float) -> GaveUp:
        """Whether the deadline ended the call: it passed during the attempt, or the next wait would pass it."""
        after = retry_after(e)
        by_deadline = isinstance(e, DeadlineExceeded) or (
            retryable(e) and attempts <= self.retries and not (after is not None and after > self.max_wait_s))
        return GaveUp(e, attempts, self.deadline_s if by_deadline else None)
