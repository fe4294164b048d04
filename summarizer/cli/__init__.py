"""The command line: thin over the library. One module per command group."""

from __future__ import annotations

from . import batch as _batch  # noqa: F401  (registers batch, runs, export)
from . import eval as _eval  # noqa: F401
from . import reconcile as _reconcile  # noqa: F401
from . import summarize as _summarize  # noqa: F401  (registers commands)
from .app import app, main

__all__ = ["app", "main"]
