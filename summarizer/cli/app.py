"""The typer app, shared options and the one place errors become exit codes."""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Iterator, Optional

import typer

from ..config import Settings
from ..errors import SummarizerError
from ..files import write_file, write_stdout
from ..llm.client import Exchange
from ..llm.redaction import redact, register, secrets_of

__all__ = ["app", "fail", "handle_errors", "main", "settings_from", "verbose_hook", "write_output"]

app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                  help="Typed, grounded, reconciled summaries of news articles.")

# shared options
ModelOpt = typer.Option(None, "--model", "-m", help="Embedded model alias, a .gguf path, or an endpoint's model name.")
BaseUrlOpt = typer.Option(None, "--base-url",
                          help="OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server, Azure...).")
ApiKeyOpt = typer.Option(None, "--api-key", help="API key for the endpoint (or SUMMARIZER_API_KEY).")
ModeOpt = typer.Option(None, "--mode", help="instructor mode: tools, json, json_schema, md_json.")
BackendOpt = typer.Option(None, "--backend", help="auto, embedded or openai.")
PromptsOpt = typer.Option(None, "--prompts", help="Folder of prompt templates to use instead of the shipped ones.")
ConfigOpt = typer.Option(None, "--config", help="Config file (TOML).")
VerboseOpt = typer.Option(False, "--verbose", "-v", help="Show LLM calls, tokens, timings; tracebacks on errors.")


def settings_from(config: Optional[Path] = None, **overrides: object) -> Settings:
    s = Settings.load(config, **overrides)
    register(*secrets_of(s.api_key))  # redacted from everything the command writes
    return s


def fail(message: str, code: int = 1) -> "typer.Exit":
    typer.echo(message, err=True)
    return typer.Exit(code)


@contextlib.contextmanager
def handle_errors(verbose: bool) -> Iterator[None]:
    """Library errors → one line ``Type: message`` and their exit code; tracebacks only when verbose."""
    try:
        yield
    except (typer.Exit, typer.Abort):
        raise
    except SummarizerError as e:
        if verbose:
            traceback.print_exc()
        raise fail(f"{type(e).__name__}: {e}", e.exit_code) from None
    except KeyboardInterrupt:
        raise fail("Interrupted", 130) from None
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(1) from None
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            if verbose:
                traceback.print_exc()
            raise fail(f"InternalError: {type(e).__name__}: {e} (run with --verbose for the traceback)", 1) from None
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # the unwritten rest goes nowhere at exit
        raise fail(f"RenderError: cannot write the output: {e.strerror or e}", 7) from None
    except Exception as e:  # a bug: still one line unless --verbose
        if verbose:
            traceback.print_exc()
        raise fail(f"InternalError: {type(e).__name__}: {e} (run with --verbose for the traceback)", 1) from None


def verbose_hook(ex: Exchange) -> None:
    status = f"error {ex.error}" if ex.error else f"finish={ex.finish_reason}"
    typer.echo(f"llm: {ex.model} {ex.prompt_tokens} prompt + {ex.completion_tokens} completion tokens, "
               f"{ex.duration_s:.1f} s, {status}", err=True)


def write_output(text: str, output: Optional[Path]) -> None:
    """To stdout, or to a file through the one safe writer (files.write_file: atomic for
    regular files, direct for FIFOs and devices, symlinks written through); secrets redacted."""
    text = redact(text)
    if output is None:
        write_stdout(text)
    else:
        write_file(output, text)


def main() -> None:
    # instructor logs every failed attempt at ERROR; our one-line errors say it better (--verbose shows both)
    logging.getLogger("instructor").addHandler(logging.NullHandler())
    logging.getLogger("instructor").propagate = "-v" in sys.argv or "--verbose" in sys.argv
    try:
        app()
    except OSError as e:  # stdout written outside a command's error handler (schema, help) on a full disk
        if e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        typer.echo(f"RenderError: cannot write the output: {e.strerror or e}", err=True)
        raise SystemExit(7) from None
