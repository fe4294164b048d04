"""The one place that words failures: one line per failed attempt (for the exchange log),
one line per failed call (the error a caller and the CLI show), and why a reply failed the
response model (the reason a re-ask sends back, and the error once re-asks are used up).
Every path (one article, a live batch, the Batch API) words its failures here.
"""

from __future__ import annotations

import json

import openai
from pydantic import ValidationError

from ..config import Settings
from ..errors import EndpointError, LLMError, RetriesExhausted
from .redaction import redact
from .retry import DeadlineExceeded, NoChoices, retry_after, retryable

__all__ = ["endpoint_error", "no_valid_output", "redact", "scrub", "short", "transport_cause", "validation_cause",
           "endpoint_name"]


def transport_cause(e: BaseException) -> str:
    """A short cause for one failed attempt: "HTTP 503", "timed out", "connection reset", ..."""
    if isinstance(e, openai.APIStatusError):
        return f"HTTP {e.status_code}" + (" (rate limited)" if e.status_code == 429 else "")
    if isinstance(e, DeadlineExceeded):
        return f"deadline_s={e.deadline_s:g} passed {e.during}"
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
        return f"connection failed ({short(seen or e)})"
    if isinstance(e, NoChoices):
        return "an empty choices list"
    if isinstance(e, json.JSONDecodeError):
        return "a response body that is not JSON"
    return short(e)


def endpoint_error(e: BaseException, s: Settings, attempts: int, secrets: tuple[str, ...],
                   deadline_s: float | None = None) -> LLMError:
    """The error for a call that failed with ``e`` after ``attempts`` requests; ``deadline_s``
    when the call's deadline, not the retry count, ended it."""
    where = endpoint_name(s)
    n = f"{attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(e, openai.AuthenticationError):
        err: LLMError = EndpointError(f"{where} rejected the API key (401)")
    elif isinstance(e, openai.PermissionDeniedError):
        err = EndpointError(f"{where} refused access (403)")
    elif isinstance(e, openai.NotFoundError):
        err = EndpointError(f"{where}: model {s.resolved_model!r} or endpoint not found (404)")
    elif isinstance(e, openai.BadRequestError):
        err = EndpointError(f"{where} rejected the request (400): {server_message(e)}")
    elif isinstance(e, openai.APIStatusError) and not retryable(e):
        err = EndpointError(f"{where} answered HTTP {e.status_code}: {server_message(e)}")
    elif isinstance(e, openai.APIStatusError):
        after = retry_after(e)
        if after is not None and after > s.retry_max_wait_s:
            err = RetriesExhausted(f"{where} answered {transport_cause(e)} and asked to retry after {after:g} s, "
                                   f"longer than retry_max_wait_s={s.retry_max_wait_s:g}; gave up after {n}")
        else:
            err = RetriesExhausted(f"{where} answered {transport_cause(e)} after {n}: {server_message(e)}")
    elif isinstance(e, DeadlineExceeded):
        err = RetriesExhausted(f"{where} did not answer within deadline_s={e.deadline_s:g}: the deadline passed "
                               f"{e.during} (attempt {attempts})")
    elif isinstance(e, openai.APITimeoutError):
        err = RetriesExhausted(f"{where} timed out after {n} (timeout_s={s.timeout_s:g})")
    elif isinstance(e, openai.APIConnectionError):
        err = RetriesExhausted(f"cannot reach {where} after {n}: {transport_cause(e)}")
    elif isinstance(e, (NoChoices, json.JSONDecodeError)):
        err = RetriesExhausted(f"{where} returned {transport_cause(e)} after {n}")
    else:
        err = LLMError(f"{where}: {short(e)}")
    if deadline_s is not None and not isinstance(e, DeadlineExceeded):
        err = RetriesExhausted(f"{err}; no time left for another attempt within deadline_s={deadline_s:g}")
    err.args, err.attempts = (redact(str(err), secrets),), attempts
    return err


def endpoint_name(s: Settings) -> str:
    """The endpoint for messages, without any user:password@ part."""
    if not s.base_url:
        return "the OpenAI API"
    scheme, sep, rest = s.base_url.partition("://")
    return scheme + sep + rest.rsplit("@", 1)[-1] if sep else s.base_url


def server_message(e: openai.APIStatusError) -> str:
    body = e.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        msg = inner.get("message") if isinstance(inner, dict) else inner
        if msg:
            return short(str(msg))
    return short(e.message or e)


def short(e: BaseException | str) -> str:
    text = str(e).strip()
    return text.splitlines()[0][:300] if text else type(e).__name__


def scrub(e: BaseException, secrets: tuple[str, ...]) -> BaseException:
    """Redact secrets from ``e`` and its chain in place, so no traceback can print them."""
    seen: set[int] = set()
    cur: BaseException | None = e
    while cur is not None and id(cur) not in seen and secrets:
        seen.add(id(cur))
        cur.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in cur.args)
        if isinstance(getattr(cur, "message", None), str):
            cur.message = redact(cur.message, secrets)  # type: ignore[attr-defined]
        cur = cur.__cause__ or cur.__context__
    return e


def validation_cause(e: BaseException) -> str:
    """Why a reply failed the response model, in one line."""
    if isinstance(e, json.JSONDecodeError):
        return f"the reply is not valid JSON ({e.msg} at line {e.lineno} column {e.colno})"
    if isinstance(e, ValidationError):
        errs = e.errors(include_url=False)
        bad_json = next((x for x in errs if x["type"] == "json_invalid"), None)
        if bad_json:
            why = bad_json["ctx"].get("error", bad_json["msg"]) if bad_json.get("ctx") else bad_json["msg"]
            return f"the reply is not valid JSON ({why})"
        values = [x for x in errs if x["type"] == "value_error"]
        if values:
            lines = [ln.strip("- ").strip() for ln in str(values[0]["msg"]).splitlines()[1:] if ln.strip()]
            return f"items stayed ungrounded ({'; '.join(lines[:2]) or values[0]['msg']}{_more(lines, 2)})"
        parts = [f"{'.'.join(map(str, x['loc'])) or 'reply'}: {x['msg']}" for x in errs]
        return f"the reply does not match the schema ({'; '.join(parts[:3])}{_more(parts, 3)})"
    return short(e)


def _more(items: list[str], shown: int) -> str:
    return f"; +{len(items) - shown} more" if len(items) > shown else ""


def no_valid_output(attempts: int, cause: str) -> str:
    """The message once validation re-asks are used up."""
    return f"no valid structured output after {attempts} attempt{'s' if attempts != 1 else ''}: {cause}"
