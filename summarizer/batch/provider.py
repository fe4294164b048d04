"""Provider Batch API mode (``--mode batch-api``) for OpenAI-compatible endpoints.

One round: every pending article's request (built by instructor exactly as in live
mode) goes into one JSONL file → ``POST /files`` → ``POST /batches`` → poll
``GET /batches/{id}`` → ``GET /files/{output}/content``. Each reply is parsed,
validated and grounded like a live reply; a reply that fails validation is re-asked
in the next round (with instructor's re-ask messages) until ``max_reasks`` is used
up. Every step is recorded before the next: a killed process resumes polling the
batch it submitted instead of submitting another (a batch created but not yet
recorded is found again by its input file). An article too long for one request
(the pipeline splits it into parts) is summarized live after the batches.
"""

from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime
from typing import Any, Final, cast

import openai
from openai.types.chat import ChatCompletion

from ..config import Settings
from ..errors import ConfigError, StoreError, SummarizerError
from ..extract.draft import Draft
from ..llm.backend import ENDPOINT_BATCH, backend_for
from ..llm.client import LLM, Exchange, Usage, api_key, instructor_mode
from ..llm.failures import endpoint_error, no_valid_output, validation_cause
from ..llm.redaction import scrub_completion, secrets_of
from ..llm.retry import DeadlineExceeded, GaveUp, RetryPolicy, remaining, retryable_status
from ..llm.structured import parse_reply, reask_messages, request_kwargs
from ..pipeline import Prepared, finish, prepare
from ..store.rows import PendingItem
from ..store.sqlite import now
from .ledger import Ledger
from .live import LiveMode

__all__ = ["BatchApi"]

ENDPOINT: Final = "/v1/chat/completions"
TERMINAL = ("completed", "failed", "expired", "cancelled")


class BatchApi:
    def __init__(self, run: Ledger):
        self.job = run
        s = self.settings = run.settings
        if not backend_for(s).batch_api:
            raise ConfigError("--mode batch-api needs an OpenAI-compatible endpoint (--base-url or an API key)")
        key = api_key(s)
        if not key:
            raise ConfigError("no API key: pass --api-key or set SUMMARIZER_API_KEY")
        client = openai.OpenAI(base_url=s.base_url, api_key=key, max_retries=0, timeout=s.timeout_s)
        self.mode = instructor_mode(s)
        self._upload = _retried(client.files.create, s)
        self._create = client.batches.create  # never blindly retried: a lost reply may hide a created batch
        self._create_or_adopt_once = _retried(self._adopt_or_create, s)  # each attempt looks again first
        self._list_once = client.batches.list
        self._retrieve = _retried(client.batches.retrieve, s)
        self._content = _retried(client.files.content, s)
        self.max_attempts = s.reasks + 1
        self.stub = LLM(None, model=run.model, backend=ENDPOINT_BATCH.name, settings=s)  # names model/backend in meta
        self.long: set[str] = set()  # articles that take several calls: summarized live after the batches

    async def run(self, pending: list[PendingItem]) -> None:
        store, run_id = self.job.store, self.job.run_id
        for b in store.open_batches(run_id):  # submitted before this process started
            await self._settle(cast(dict[str, Any], b))
        rounds = len(store.batches(run_id))
        limit = rounds + 3 * self.max_attempts  # expired batches are resubmitted; never forever
        while True:
            self._dedupe()
            pending = [p for p in store.pending_items(run_id) if p["key"] not in self.long]
            if not pending:
                break
            if rounds >= limit:
                self.job.reporter.message(f"giving up after {rounds} batch rounds; {len(pending)} article(s) stay "
                                          "pending")
                return
            batch = await self._submit(pending, rounds + 1)
            if batch is None:
                break  # the budget allows no more, or only long articles are left
            await self._settle(batch)
            rounds += 1
        long = [p for p in store.pending_items(run_id) if p["key"] in self.long]
        if long and not self.job.budget_hit:
            self.job.reporter.message(f"{len(long)} article(s) too long for one request: summarized live, "
                                      "one call per part")
            await LiveMode(self.job).run(long)

    def _dedupe(self) -> None:
        """Pending articles whose content another article of this run already produced become cached."""
        items = self.job.store.items(self.job.run_id)
        done = {i["cache_key"] for i in items if i["status"] == "done"}
        dup = [i["key"] for i in items if i["status"] == "pending" and i["cache_key"] in done]
        if dup:
            self.job.record_cached_many(dup)

    # -- submit -------------------------------------------------------------------------
    async def _submit(self, pending: list[PendingItem], round_no: int) -> dict[str, Any] | None:
        run, lines, keys_seen = self.job, [], set()
        chosen: list[list[Any]] = []  # [key, attempts]
        run.release()
        for it in pending:
            if it["cache_key"] in keys_seen:
                continue  # same content as an article already in this round
            entry = run.entries[it["key"]]
            assert entry.article is not None
            asked = it.get("next_messages")
            if asked:
                messages = json.loads(asked)
            else:
                try:
                    p = self._prepare(it["key"])
                except SummarizerError as e:  # this article fails alone
                    run.record_failure(it["key"], f"{type(e).__name__}: {e}", Usage(), None, batch=True)
                    continue
                if len(p.parts) > 1:
                    self.long.add(it["key"])
                    continue
                messages = p.messages
            est_p, est_c = run.estimator.estimate(len(entry.article.text))
            est = run.price.cost(est_p, est_c, batch=True) if run.price else 0.0
            if not run.budget_allows(est):
                break
            run.reserve(est)
            keys_seen.add(it["cache_key"])
            lines.append(json.dumps({"custom_id": it["key"], "method": "POST", "url": ENDPOINT,
                                     "body": self._body(messages, asked=bool(it.get("next_messages")))},
                                    ensure_ascii=False))
            chosen.append([it["key"], it["attempts"]])
        if not chosen:
            return None
        name = f"summarizer-run{run.run_id}-round{round_no}.jsonl"
        f = await asyncio.to_thread(self._upload, file=(name, ("\n".join(lines) + "\n").encode()), purpose="batch")
        bid = run.store.add_batch(run.run_id, round_no, chosen, f.id)
        run.reporter.message(f"round {round_no}: {len(chosen)} request(s) uploaded as {f.id}")
        return {"id": bid, "round": round_no, "input_file_id": f.id, "provider_id": None, "items": chosen,
                "created_at": now()}

    def _messages(self, item: PendingItem) -> list[dict[str, Any]]:
        asked = item.get("next_messages")
        if asked:
            return json.loads(asked)
        return self._prepare(item["key"]).messages

    def _prepare(self, key: str) -> Prepared:
        entry = self.job.entries[key]
        return prepare(entry.article, self.settings, prompt=self.job.prompt)  # type: ignore[arg-type]

    def _body(self, messages: list[dict[str, Any]], *, asked: bool = False) -> dict[str, Any]:
        """The request body, as live mode sends it. A re-ask's messages are instructor's own
        already (in json mode the system message carries the schema): sent as they are."""
        s = self.settings
        body = request_kwargs(Draft, self.mode, messages=[] if asked else messages, model=self.job.model,
                              temperature=s.temperature, max_tokens=s.max_tokens)
        if asked:
            body["messages"] = messages
        return body

    # -- poll and collect -------------------------------------------------------------------
    async def _settle(self, b: dict[str, Any]) -> None:
        store, run = self.job.store, self.job
        pid = b["provider_id"] or await self._create_or_adopt(b)
        status, last = "", ""
        while True:
            batch = await asyncio.to_thread(self._retrieve, pid)
            counts = batch.request_counts
            shown = f"{batch.status} {counts.completed}/{counts.total}" if counts else batch.status
            if shown != last:
                store.update_batch(b["id"], status=batch.status)
                run.reporter.message(f"batch {pid}: {shown}")
                last = shown
            status = batch.status
            if status in TERMINAL:
                break
            await asyncio.sleep(run.options.poll_interval_s)
        results = {}
        for fid in (batch.output_file_id, batch.error_file_id):
            if fid:
                text = (await asyncio.to_thread(self._content, fid)).text
                for line in text.splitlines():
                    if line.strip():
                        rec = json.loads(line)
                        results[rec.get("custom_id")] = rec
        started = time.perf_counter() - _age(b.get("created_at"))
        pending = {p["key"]: p for p in store.pending_items(run.run_id)}
        why = "; ".join(e.message or "" for e in (batch.errors.data or [])) if batch.errors else ""
        for key, attempts in b["items"]:
            item = pending.get(key)
            if item is None or item["attempts"] != attempts:
                continue  # collected before a restart
            rec = results.get(key)
            if status == "failed" and rec is None:
                run.record_failure(key, f"EndpointError: the provider rejected batch {pid}: {why or 'failed'}",
                                   Usage(), None, batch=True)
            elif rec is not None:
                try:
                    self._collect(item, rec, started)
                except StoreError:
                    raise
                except Exception as e:  # a malformed result line fails its article alone
                    run.record_failure(key, f"{type(e).__name__}: {str(e)[:300]}", Usage(), None, batch=True)
            # else: expired or cancelled before this request ran: it stays pending for the next round
        store.update_batch(b["id"], status="collected", output_file_id=batch.output_file_id,
                           error_file_id=batch.error_file_id)
        run.release()

    async def _create_or_adopt(self, b: dict[str, Any]) -> str:
        """The provider's batch for this input file: the one created before a crash or a lost
        reply, or a new one. A failed create is retried (by the one transport policy) only
        after looking again."""
        found = await asyncio.to_thread(self._create_or_adopt_once, b)
        self.job.store.update_batch(b["id"], provider_id=found.id, status=found.status)
        self.job.reporter.message(f"round {b['round']}: batch {found.id} ({found.status})")
        return found.id

    def _adopt_or_create(self, b: dict[str, Any], timeout: float | None = None) -> Any:
        """One attempt: the batch already made from ``b``'s input file, else a new one."""
        page = self._list_once(limit=100, timeout=timeout)
        found = next((j for j in page.data if j.input_file_id == b["input_file_id"]), None)
        if found is not None:
            return found
        return self._create(input_file_id=b["input_file_id"], endpoint=ENDPOINT, completion_window="24h",
                            metadata={"summarizer_run": str(self.job.run_id), "round": str(b["round"])},
                            timeout=timeout)

    def _collect(self, item: PendingItem, rec: dict[str, Any], started: float) -> None:
        run, key, k = self.job, item["key"], item["attempts"]
        resp = rec.get("response") or {}
        code, body = resp.get("status_code"), resp.get("body") or {}
        if rec.get("error") or code != 200:
            err = rec.get("error") or body.get("error") or {}
            msg = f"HTTP {code}: {err.get('message') or err}" if isinstance(err, dict) else str(err)
            run.on_exchange(Exchange(run.model, [], None, 0, 0, 0.0, error=msg), item_key=key, batch=True)
            if retryable_status(code):  # the provider's transient trouble: try again next round
                run.store.set_retry(run.run_id, key, attempts=k, next_messages=item.get("next_messages"),
                                    usage={"failed_attempts": 1}, exchanges=run.take_exchanges())
            else:
                run.record_failure(key, f"EndpointError: the provider answered {msg}", Usage(), None, batch=True)
            return
        completion = scrub_completion(ChatCompletion.model_validate(body), secrets_of(self.settings.api_key))
        messages = self._messages(item)
        u = completion.usage
        choice = completion.choices[0] if completion.choices else None
        text = choice.message.content if choice else None
        if choice and not text and choice.message.tool_calls:
            text = choice.message.tool_calls[0].function.arguments
        ex = Exchange(run.model, messages, text, u.prompt_tokens if u else 0, u.completion_tokens if u else 0, 0.0,
                      finish_reason=choice.finish_reason if choice else None)
        p = self._prepare(key)
        p.context.attempts = k  # the answers already judged in earlier rounds
        try:
            draft = parse_reply(completion, Draft, self.mode, {"article": p.context})
        except Exception as e:
            ex.error = validation_cause(e)  # the reply came back but failed validation, as live mode records it
            run.on_exchange(ex, item_key=key, batch=True)
            if k + 1 < self.max_attempts:
                sent = self._body(messages, asked=bool(item.get("next_messages")))
                nxt = reask_messages(sent, self.mode, completion, e)["messages"]
                run.store.set_retry(run.run_id, key, attempts=k + 1, next_messages=json.dumps(nxt, ensure_ascii=False),
                                    usage=run.usage_row(_only(ex), None, batch=True), exchanges=run.take_exchanges())
            else:
                run.record_failure(key, f"RetriesExhausted: {no_valid_output(k + 1, ex.error)}", _only(ex), None,
                                   batch=True)
            return
        run.on_exchange(ex, item_key=key, batch=True)
        usage = self._usage_so_far(key)
        usage.add(ex)
        summary = finish(p, draft, self.stub, usage, started)
        run.record_success(key, run.entries[key], summary, _only(ex), None, batch=True)
        run.estimator.observe(len(p.article.text), 1, ex.prompt_tokens, ex.completion_tokens)

    def _usage_so_far(self, key: str) -> Usage:
        u = self.job.store.item_usage(self.job.run_id, key)
        return Usage(calls=u.get("calls", 0), prompt_tokens=u.get("prompt_tokens", 0),
                     completion_tokens=u.get("completion_tokens", 0), failed_attempts=u.get("failed_attempts", 0))


def _retried(fn: Any, s: Settings) -> Any:
    """``fn`` under the one transport retry policy (:mod:`summarizer.llm.retry`), each attempt's
    timeout capped by what is left of the deadline; the last failure as a one-line LLMError."""
    policy, secrets = RetryPolicy.from_settings(s), secrets_of(s.api_key)

    def attempt(*args: Any, **kwargs: Any) -> Any:
        deadline = remaining()
        if deadline is not None:
            if deadline[0] <= 0:
                raise DeadlineExceeded(None, deadline[1], "before the request was sent")
            kwargs["timeout"] = min(s.timeout_s, deadline[0])
        return fn(*args, **kwargs)

    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return policy.call(attempt, *args, **kwargs)
        except GaveUp as g:
            raise endpoint_error(g.last, s, g.attempts, secrets, g.deadline_s) from None

    return call


def _only(ex: Exchange) -> Usage:
    u = Usage()
    u.add(ex)
    return u


def _age(iso: str | None) -> float:
    if not iso:
        return 0.0
    try:
        return max(0.0, time.time() - datetime.fromisoformat(iso).timestamp())
    except ValueError:
        return 0.0
