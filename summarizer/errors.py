"""Every error the library raises, in one tree.

    SummarizerError                base; the CLI prints ``Type: message``
    ├── InputError                 the article can't be read (missing, empty, binary, not UTF-8) [exit 3]
    ├── ConfigError                bad settings, model file missing, extra not installed [exit 4]
    ├── LLMError                   the backend failed [exit 5]
    │   ├── EndpointError          unreachable / auth / not found / bad request: not retried further
    │   ├── RetriesExhausted       transport retries or validation re-asks used up
    │   └── OutputTruncated        the reply hit max_tokens (finish_reason=length); not re-asked
    ├── StoreError                 the SQLite store failed [exit 6]
    └── RenderError                output could not be rendered [exit 7]
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "EndpointError",
    "InputError",
    "LLMError",
    "OutputTruncated",
    "RenderError",
    "RetriesExhausted",
    "StoreError",
    "SummarizerError",
]


class SummarizerError(Exception):
    exit_code = 1


class InputError(SummarizerError):
    exit_code = 3


class ConfigError(SummarizerError):
    exit_code = 4


class LLMError(SummarizerError):
    exit_code = 5

    def __init__(self, message: str, *, attempts: int = 0, last_reply: str | None = None):
        super().__init__(message)
        self.attempts = attempts
        self.last_reply = last_reply


class EndpointError(LLMError):
    pass


class RetriesExhausted(LLMError):
    pass


class OutputTruncated(LLMError):
    pass


class StoreError(SummarizerError):
    exit_code = 6


class RenderError(SummarizerError):
    exit_code = 7
