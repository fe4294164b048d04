"""Nightly batches: types → ledger → the live and provider executors → workers → the run.

    >>> from summarizer.batch import BatchOptions, run_batch
    >>> result = run_batch(["incoming/"], "news.db", settings, BatchOptions(concurrency=8))
"""

from __future__ import annotations

from .digest import EXPORT_FORMATS, export_run, make_digest
from .ledger import Ledger, run_summaries
from .run import BatchRun, arun_batch, default_db_path, display_status, run_batch
from .types import (
                    CURRENT_ITEM,
                    EXIT_BUDGET,
                    EXIT_FAILED,
                    EXIT_OK,
                    EXIT_PARTIAL,
                    BatchOptions,
                    Counts,
                    Reporter,
                    RunResult,
                    cache_key,
)

__all__ = ["CURRENT_ITEM", "EXIT_BUDGET", "EXIT_FAILED", "EXIT_OK", "EXIT_PARTIAL", "EXPORT_FORMATS", "BatchOptions",
           "BatchRun", "Counts", "Ledger", "Reporter", "RunResult", "arun_batch", "cache_key", "default_db_path",
           "display_status", "export_run", "make_digest", "run_batch", "run_summaries"]
