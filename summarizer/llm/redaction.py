"""Secrets never leave the process: every configured API key is redacted (``***``) from
what the program writes, whatever an endpoint's reply carries.

Two layers. A reply is scrubbed as it arrives (:func:`scrub_completion`), before it is
parsed, recorded or stored: a key echoed in a *successful* reply never reaches the
summary, the exchange log or the batch database. And every text the CLI writes (stdout,
``-o`` files, exports) and every row the store writes goes through :func:`redact` with
the secrets registered by :func:`register` (the settings' key and ``OPENAI_API_KEY``).
A "key" shorter than 8 characters is a local server's placeholder (``EMPTY``, ``ollama``),
not a secret, and is left alone.
"""

from __future__ import annotations

import inspect
import os
import sqlite3
import threading
from typing import Any, Iterable

__all__ = ["MASK", "RedactingConnection", "redact", "redact_json", "register", "scrub_completion", "scrubbing",
           "secrets_of"]

MASK = "***"
_MIN_LEN = 8  # shorter "keys" are local servers' placeholders ("EMPTY", "ollama", "none"): masking them
# would mangle ordinary text, and they protect nothing
_registered: set[str] = set()
_lock = threading.Lock()


def secrets_of(api_key: str | None) -> tuple[str, ...]:
    """The secrets a configuration carries: its key and OPENAI_API_KEY, when long enough."""
    return tuple(k for k in {api_key, os.environ.get("OPENAI_API_KEY")} if k and len(k) >= _MIN_LEN)


def register(*secrets: str | None) -> None:
    """Remember secrets for :func:`redact` (the CLI registers the settings' key)."""
    with _lock:
        _registered.update(s for s in secrets if s and len(s) >= _MIN_LEN)


def redact(text: str, secrets: Iterable[str] | None = None) -> str:
    """``text`` with every secret (the registered ones when ``secrets`` is None) replaced by ``***``."""
    keys = _registered if secrets is None else secrets
    for k in sorted(keys, key=len, reverse=True):
        if k in text:
            text = text.replace(k, MASK)
    return text


def redact_json(value: Any, secrets: Iterable[str] | None = None) -> Any:
    """A JSON-like value (dicts, lists, strings) with every string redacted."""
    if isinstance(value, str):
        return redact(value, secrets)
    if isinstance(value, dict):
        return {redact(k, secrets) if isinstance(k, str) else k: redact_json(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_json(v, secrets) for v in value]
    return value


def scrub_completion(completion: Any, secrets: tuple[str, ...]) -> Any:
    """A ChatCompletion with the secrets redacted from each choice's content and tool-call
    arguments (in place; returned for chaining)."""
    if not secrets:
        return completion
    for choice in getattr(completion, "choices", None) or []:
        msg = getattr(choice, "message", None)
        if msg is None:
            continue
        content = getattr(msg, "content", None)
        if isinstance(content, str):
            msg.content = redact(content, secrets)
        for call in getattr(msg, "tool_calls", None) or []:
            fn = getattr(call, "function", None)
            if fn is not None and isinstance(getattr(fn, "arguments", None), str):
                fn.arguments = redact(fn.arguments, secrets)
    return completion


def scrubbing(post: Any, secrets: tuple[str, ...]) -> Any:
    """``post`` (sync or async, returning a ChatCompletion) with its replies scrubbed."""
    if not secrets:
        return post
    if inspect.iscoroutinefunction(post):
        async def apost(*args: Any, **kwargs: Any) -> Any:
            return scrub_completion(await post(*args, **kwargs), secrets)
        return apost

    def spost(*args: Any, **kwargs: Any) -> Any:
        return scrub_completion(post(*args, **kwargs), secrets)
    return spost


class RedactingConnection(sqlite3.Connection):
    """A SQLite connection whose statements' string parameters are redacted: nothing the
    store writes (articles, prompts, replies, summaries, errors) can hold a registered secret."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, _redact_params(parameters))

    def executemany(self, sql: str, seq_of_parameters: Any, /) -> sqlite3.Cursor:
        if not _registered:
            return super().executemany(sql, seq_of_parameters)
        return super().executemany(sql, [_redact_params(p) for p in seq_of_parameters])


def _redact_params(params: Any) -> Any:
    if not _registered or not params:
        return params
    if isinstance(params, dict):
        return {k: redact(v) if isinstance(v, str) else v for k, v in params.items()}
    return tuple(redact(v) if isinstance(v, str) else v for v in params)
