"""The backends behind :class:`~summarizer.llm.LLM`, as typed capabilities rather than names.

Code asks what a backend can do (``local``: on this machine, one call at a time;
``has_cost``; ``batch_api``: the provider's Batch API; ``asynchronous``: many calls in
flight on one event loop) instead of comparing its name. The name stays what the output
contract and the store show (``meta.backend``: ``embedded``, ``openai``, ``openai-batch``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..config import Settings

__all__ = ["Backend", "BackendKind", "EMBEDDED", "ENDPOINT", "ENDPOINT_BATCH", "backend_for", "backend_named"]


class Backend(Protocol):
    @property
    def name(self) -> str: ...  # as in meta.backend and the store
    @property
    def local(self) -> bool: ...  # runs on this machine: one call at a time, a thread, no network
    @property
    def has_cost(self) -> bool: ...  # calls are billed (a price applies)
    @property
    def batch_api(self) -> bool: ...  # the provider's Batch API can run a night at its discount
    @property
    def asynchronous(self) -> bool: ...  # an async client: many calls in flight on one event loop


@dataclass(frozen=True)
class BackendKind:
    name: str
    local: bool
    has_cost: bool
    batch_api: bool
    asynchronous: bool


EMBEDDED = BackendKind("embedded", local=True, has_cost=False, batch_api=False, asynchronous=False)
ENDPOINT = BackendKind("openai", local=False, has_cost=True, batch_api=True, asynchronous=True)  # any compatible one
ENDPOINT_BATCH = BackendKind("openai-batch", local=False, has_cost=True, batch_api=True, asynchronous=False)
_KNOWN = {b.name: b for b in (EMBEDDED, ENDPOINT, ENDPOINT_BATCH)}


def backend_for(s: Settings) -> Backend:
    """The backend the settings select (``backend``, else a ``.gguf`` model, a base URL or a key)."""
    return backend_named(s.resolved_backend)


def backend_named(name: str | None) -> Backend:
    """The backend a name stands for; a name we do not know (an LLM built around a client of
    your own) is taken as a remote endpoint under that name."""
    if name in _KNOWN:
        return _KNOWN[name]
    return BackendKind(name or "custom", local=False, has_cost=True, batch_api=False, asynchronous=False)
