"""``summarizer batch``, ``summarizer runs [show ID]`` and ``summarizer export ID``."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..batch import (
    EXPORT_FORMATS,
    BatchOptions,
    Counts,
    Reporter,
    RunResult,
    default_db_path,
    display_status,
    export_run,
    run_batch,
)
from ..errors import InputError
from ..llm.client import LLM
from ..llm.modellock import set_notify
from ..llm.pricing import PriceTable
from ..store.sqlite import Store
from .app import (
    ApiKeyOpt,
    BackendOpt,
    BaseUrlOpt,
    ConfigOpt,
    ModelOpt,
    PromptsOpt,
    VerboseOpt,
    app,
    handle_errors,
    settings_from,
    verbose_hook,
    write_output,
)

DbOpt = typer.Option(None, "--db", envvar="SUMMARIZER_DB",
                     help="SQLite file of runs and results (default: <user data dir>/summarizer/runs.db).")
JsonOpt = typer.Option(False, "--json", help="Machine-readable JSON.")


def _db_path(db: Optional[Path], *, create: bool) -> Path:
    path = db or default_db_path()
    if db is None and create:
        path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _db(db: Optional[Path], *, create: bool) -> Store:
    return Store(_db_path(db, create=create), create=create)


@app.command()
def batch(
    inputs: list[str] = typer.Argument(..., help="Folders, globs, article files (text, JSON, HTML) or JSONL files."),
    db: Optional[Path] = DbOpt,
    concurrency: int = typer.Option(16, "--concurrency", "-j", help="Articles in flight at once."),
    workers: int = typer.Option(1, "--workers", "-w",
                                help="Processes sharing a live run on an endpoint (one per core for big nights)."),
    rpm: Optional[float] = typer.Option(None, "--rpm", help="Client-side limit: requests per minute."),
    tpm: Optional[float] = typer.Option(None, "--tpm", help="Client-side limit: tokens per minute."),
    refresh: bool = typer.Option(False, "--refresh", help="Ignore cached results: summarize everything again."),
    mode: str = typer.Option("live", "--mode", help="live, or batch-api (the provider's Batch API: slower, cheaper)."),
    max_cost: Optional[float] = typer.Option(None, "--max-cost", help="Stop cleanly when the run has cost this (USD)."),
    prices: Optional[Path] = typer.Option(None, "--prices", envvar="SUMMARIZER_PRICES",
                                          help="Price table (TOML/JSON, USD per 1M tokens)."),
    price_input: Optional[float] = typer.Option(None, "--price-input", help="USD per 1M prompt tokens for --model."),
    price_output: Optional[float] = typer.Option(None, "--price-output", help="USD per 1M completion tokens."),
    poll_interval: float = typer.Option(30.0, "--poll-interval", help="Seconds between Batch API status polls."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress and no summary line (for cron)."),
    log_json: bool = typer.Option(False, "--log-json", help="Progress as JSON lines on stderr (for cron logs)."),
    model: Optional[str] = ModelOpt, base_url: Optional[str] = BaseUrlOpt, api_key: Optional[str] = ApiKeyOpt,
    llm_mode: Optional[str] = typer.Option(None, "--llm-mode",
                                           help="instructor mode: tools, json, json_schema, md_json."),
    backend: Optional[str] = BackendOpt, prompts: Optional[Path] = PromptsOpt, config: Optional[Path] = ConfigOpt,
    verbose: bool = VerboseOpt,
) -> None:
    """Summarize many articles into SQLite: concurrent, cached, resumable.

    Exit codes: 0 all summarized, 10 partial (some failed), 11 all failed, 12 stopped at --max-cost."""
    signal.signal(signal.SIGTERM, _interrupt)  # systemd stops with SIGTERM: same as Ctrl-C
    reporter: Reporter = _JsonLog() if log_json else Reporter() if quiet else _Progress() if sys.stderr.isatty() \
        else _Lines()
    set_notify(reporter.message)  # "waiting for the embedded model" goes where the run's messages go
    with handle_errors(verbose):
        s = settings_from(config, model=model, base_url=base_url, api_key=api_key, mode=llm_mode, backend=backend,
                          prompts_dir=str(prompts) if prompts else None)
        table = PriceTable.load(prices, input=price_input, output=price_output, model=s.resolved_model)
        opts = BatchOptions(concurrency=concurrency, workers=workers, requests_per_min=rpm, tokens_per_min=tpm,
                            refresh=refresh,
                            mode=mode, max_cost=max_cost, prices=table, poll_interval_s=poll_interval)
        llm = None
        if verbose and mode == "live":
            llm = LLM.from_settings(s)
            llm.on_exchange.append(verbose_hook)
        try:
            result = run_batch(inputs, _db_path(db, create=True), s, opts, reporter=reporter, llm=llm)
        except KeyboardInterrupt:
            typer.echo("Interrupted: the run is saved; run the same command again to resume.", err=True)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(130)  # don't wait for requests in flight: every finished article is already committed
        if not quiet and not log_json:
            typer.echo(_summary_line(result), err=True)
    raise typer.Exit(result.exit_code)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _summary_line(r: RunResult) -> str:
    c = r.counts
    return (f"run {r.run_id} {r.status}{' (resumed)' if r.resumed else ''}: {c.total} articles, {c.done} summarized, "
            f"{c.cached} cached, {c.failed} failed, {c.pending} pending; {c.calls} LLM calls, "
            f"{c.prompt_tokens:,}+{c.completion_tokens:,} tokens, ${c.cost:.4f}; {r.elapsed_s:.2f} s"
            + (f"; {r.note}" if r.note else ""))


class _Progress(Reporter):
    """A rich progress bar on stderr: done / cached / failed, tokens and cost so far."""

    def start(self, run_id: int, resumed: bool, counts: Counts) -> None:
        self.console = Console(stderr=True)
        self.bar = Progress(TextColumn(f"run {run_id}{' (resumed)' if resumed else ''}"), BarColumn(bar_width=20),
                            MofNCompleteColumn(), TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
                            console=self.console, transient=False)
        self.task = self.bar.add_task("", total=counts.total, stats="")
        self.bar.start()
        self.tick(counts)

    def tick(self, c: Counts) -> None:
        stats = (f"done {c.done} · cached {c.cached} · failed {c.failed} · in flight {c.in_flight} · "
                 f"{c.prompt_tokens + c.completion_tokens:,} tok · ${c.cost:.4f}")
        self.bar.update(self.task, completed=c.done + c.cached + c.failed, stats=stats)

    def item(self, key: str, status: str, error: str | None, counts: Counts) -> None:
        if error:
            self.bar.console.print(f"[red]failed[/red] {key}: {error}", markup=True, highlight=False)

    def message(self, text: str) -> None:
        self.bar.console.print(text, markup=False, highlight=False)

    def finish(self, result: RunResult) -> None:
        self.tick(result.counts)
        self.bar.stop()


class _Lines(Reporter):
    """Plain lines for a log file: the start, failures and messages; no bar."""

    def start(self, run_id: int, resumed: bool, counts: Counts) -> None:
        typer.echo(f"run {run_id}{' resumed' if resumed else ''}: {counts.total} articles, "
                   f"{counts.pending} to summarize", err=True)

    def item(self, key: str, status: str, error: str | None, counts: Counts) -> None:
        if error:
            typer.echo(f"failed {key}: {error}", err=True)

    def message(self, text: str) -> None:
        typer.echo(text, err=True)


class _JsonLog(Reporter):
    """One JSON object per line on stderr."""

    def _emit(self, event: str, **fields: Any) -> None:
        sys.stderr.write(json.dumps({"ts": round(time.time(), 3), "event": event, **fields}) + "\n")
        sys.stderr.flush()

    def start(self, run_id: int, resumed: bool, counts: Counts) -> None:
        self._emit("start", run=run_id, resumed=resumed, **vars(counts))

    def item(self, key: str, status: str, error: str | None, counts: Counts) -> None:
        self._emit("article", id=key, status=status, error=error, done=counts.done, cached=counts.cached,
                   failed=counts.failed, cost=round(counts.cost, 6))

    def message(self, text: str) -> None:
        self._emit("message", text=text)

    def finish(self, r: RunResult) -> None:
        self._emit("finish", run=r.run_id, status=r.status, exit_code=r.exit_code, resumed=r.resumed,
                   elapsed_s=r.elapsed_s, note=r.note, **vars(r.counts))


# ------------------------------------------------------------------ runs, runs show, export

runs_app = typer.Typer(help="List batch runs; `runs show ID` for one.", add_completion=False)
app.add_typer(runs_app, name="runs")


@runs_app.callback(invoke_without_command=True)
def runs(ctx: typer.Context, db: Optional[Path] = DbOpt,
         limit: int = typer.Option(20, "--limit", "-n", help="How many runs, newest first."),
         as_json: bool = JsonOpt, verbose: bool = VerboseOpt) -> None:
    """List runs, newest first."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    with handle_errors(verbose):
        with _db(db, create=False) as store:
            rows = [{**r, "status": display_status(r)} for r in store.list_runs(limit)]
        if as_json:
            typer.echo(json.dumps([_public_run(r) for r in rows], indent=2))
            return
        typer.echo(f"{'ID':>4}  {'STATUS':<11} {'MODE':<9} {'CREATED (UTC)':<16}  {'ARTICLES':>8} {'DONE':>5} "
                   f"{'CACHED':>6} {'FAILED':>6} {'PENDING':>7} {'CALLS':>6} {'COST $':>9}  MODEL")
        for r in rows:
            typer.echo(f"{r['id']:>4}  {r['status']:<11} {r['mode']:<9} {r['created_at'][:16].replace('T', ' '):<16}  "
                       f"{r['total']:>8} {r['done']:>5} {r['cached']:>6} {r['failed']:>6} {r['pending']:>7} "
                       f"{r['exchanges']:>6} {r['cost']:>9.4f}  {r['model']}")


@runs_app.command("show")
def runs_show(ctx: typer.Context, run: str = typer.Argument(..., help="Run id (see `summarizer runs`) or latest."),
              db: Optional[Path] = DbOpt, as_json: bool = JsonOpt, verbose: bool = VerboseOpt) -> None:
    """One run: settings, counts, the cost ledger and every article's status."""
    with handle_errors(verbose):
        with _db(db or (ctx.obj or {}).get("db"), create=False) as store:
            run_id = _run_id(store, run)
            info = store.get_run(run_id)
            if info is None:
                raise InputError(f"no run {run_id} in {store.path}")
            info["status"] = display_status(info)
            items, ledger = store.items(run_id), store.exchange_ledger(run_id)
        rows: list[dict[str, Any]] = [{**it, "ledger": ledger.get(it["key"], {})} for it in items]
        if as_json:
            typer.echo(json.dumps({**_public_run(info), "items": [_public_item(i) for i in rows]}, indent=2))
            return
        typer.echo(_show(info, rows))


def _run_id(store: Store, value: str) -> int:
    """A run id from the command line: a number, or ``latest``."""
    if value == "latest":
        runs = store.list_runs(1)
        if not runs:
            raise InputError(f"no runs in {store.path}")
        return int(runs[0]["id"])
    try:
        return int(value)
    except ValueError:
        raise InputError(f"run must be a number or latest, not {value!r}") from None


def _public_run(r: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in r.items() if k not in ("key",)}
    for k in ("inputs", "settings", "options"):
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out


def _public_item(i: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in i.items() if k not in ("run_id", "next_messages")}
    out["article"] = json.loads(i["article"]) if i.get("article") else None
    return out


def _show(run: dict[str, Any], items: list[dict[str, Any]]) -> str:
    lines = [f"run {run['id']}: {run['status']} ({run['mode']})",
             f"  created {run['created_at']}, finished {run['finished_at'] or '-'}, invocations {run['invocations']}",
             f"  model {run['backend']}:{run['model']} · prompt {run['prompt_version']} ({run['prompt_hash']}) · "
             f"schema {run['schema_version']}",
             f"  inputs {' '.join(json.loads(run['inputs']))}",
             f"  articles {run['total']}: {run['done']} summarized, {run['cached']} cached, {run['failed']} failed, "
             f"{run['pending']} pending",
             f"  ledger: {run['exchanges']} LLM exchanges ({run['failed_exchanges']} failed), "
             f"{run['prompt_tokens']:,} prompt + {run['completion_tokens']:,} completion tokens, ${run['cost']:.4f}"]
    if run.get("note"):
        lines.append(f"  note: {run['note']}")
    lines += ["", f"  {'ARTICLE':<28} {'STATUS':<8} {'CALLS':>5} {'TOKENS':>9} {'COST $':>9}  ERROR"]
    for i in items:
        led = i["ledger"]
        tokens = (led.get("prompt_tokens") or 0) + (led.get("completion_tokens") or 0)
        err = (i["error"] or "")[:100]
        lines.append(f"  {i['key'][:28]:<28} {i['status']:<8} {led.get('exchanges', 0):>5} {tokens:>9,} "
                     f"{led.get('cost') or 0:>9.4f}  {err}")
    return "\n".join(lines) + "\n"


@app.command()
def export(run: str = typer.Argument(..., help="Run id (see `summarizer runs`) or latest."), db: Optional[Path] = DbOpt,
           format: str = typer.Option("jsonl", "--format", "-f", help=f"{', '.join(EXPORT_FORMATS)}: "
                                      "jsonl = summaries, errors, then the digest; md = digest then summaries; "
                                      "json = the digest."),
           output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
           verbose: bool = VerboseOpt) -> None:
    """Write a run's summaries and digest."""
    with handle_errors(verbose):
        with _db(db, create=False) as store:
            text = export_run(store, _run_id(store, run), format)
        write_output(text, output)
