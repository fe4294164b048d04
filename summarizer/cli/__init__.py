"""The command line: thin over the library. One module per command group."""

from __future__ import annotations

from .app import app, main
from . import summarize as _summarize  # noqa: F401  (registers commands)

__all__ = ["app", "main"]
