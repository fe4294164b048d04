"""Run the summarizer over gold articles and account for every run.

With ``save_dir`` each prediction is written as ``<gold id>.json`` as soon as it is
made, and its run record is appended to ``runs.jsonl`` there; a later run reuses
the predictions that the same model and prompt made, so an interrupted evaluation
resumes where it stopped. Articles whose LLM call fails are recorded and score as
empty predictions; configuration and endpoint errors stop the run.
"""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Callable

from pydantic import ValidationError

from ..config import Settings
from ..errors import EndpointError, LLMError
from ..extract.draft import Draft
from ..files import check_file_id, write_file
from ..llm.client import LLM, Exchange, Usage
from ..llm.redaction import redact
from ..pipeline import summarize
from ..prepare.prompts import load_prompt
from .gold import GoldDoc, load_prediction
from .tally import as_dict

__all__ = ["RUNS_FILE", "RunRecord", "given_records", "read_records", "run", "run_stats"]

RUNS_FILE = "runs.jsonl"


@dataclass
class RunRecord:
    id: str
    status: str  # run | reused | failed | given (scored from an existing folder)
    seconds: float | None
    calls: int  # completions received: one per part of the article, plus re-asks
    prompt_tokens: int
    completion_tokens: int
    first_valid: bool | None  # every first completion was accepted (schema and grounding checks): no re-ask
    first_schema_valid: bool | None  # every first completion parsed as the response model
    reasks: int | None  # completions that answered a re-ask
    model: str = ""
    prompt_hash: str = ""
    error: str | None = None


Progress = Callable[[int, int, RunRecord], None]


def run(docs: list[GoldDoc], *, settings: Settings, llm: LLM, save_dir: Path | None = None,
        progress: Progress | None = None) -> tuple[dict[str, dict[str, Any] | None], list[RunRecord]]:
    """Summarize each gold article (or reuse its saved prediction); predictions by id and run records."""
    prompt_hash = load_prompt("summarize", settings.prompts_dir).hash
    saved = read_records(save_dir) if save_dir else {}
    if save_dir:
        save_dir.mkdir(parents=True, exist_ok=True)
    preds: dict[str, dict[str, Any] | None] = {}
    records: list[RunRecord] = []
    errors: list[LLMError] = []
    for k, doc in enumerate(docs, 1):
        pred = load_prediction(save_dir, doc.id) if save_dir else None
        meta = (pred or {}).get("meta") or {}
        if pred and meta.get("model") == llm.model and meta.get("prompt_hash") == prompt_hash:
            rec = _recorded(doc.id, "reused", saved.get(doc.id), meta)
        else:
            pred, rec, error = _run_one(doc, settings, llm, prompt_hash)
            errors += [error] if error else []
            if save_dir:
                if pred is not None:
                    _write_json(save_dir / f"{check_file_id(doc.id, 'gold id')}.json", pred)
                with open(save_dir / RUNS_FILE, "a", encoding="utf-8") as f:
                    f.write(json.dumps(asdict(rec)) + "\n")
        preds[doc.id] = pred
        records.append(rec)
        if progress:
            progress(k, len(docs), rec)
    if errors and all(r.status == "failed" for r in records):
        raise errors[-1]  # nothing worked: the backend is the problem, not one article
    return preds, records


def _run_one(doc: GoldDoc, settings: Settings, llm: LLM,
             prompt_hash: str) -> tuple[dict[str, Any] | None, RunRecord, LLMError | None]:
    usage = Usage()
    started = time.perf_counter()
    try:
        summary = summarize(doc.article(), settings=settings, llm=llm, usage=usage)
    except EndpointError:
        raise
    except LLMError as e:
        return None, _record(doc.id, "failed", started, usage, llm.model, prompt_hash, str(e)), e
    return summary.model_dump(mode="json"), _record(doc.id, "run", started, usage, llm.model, prompt_hash), None


def _record(gid: str, status: str, started: float, usage: Usage, model: str, prompt_hash: str,
            error: str | None = None) -> RunRecord:
    firsts = [ex for ex in usage.exchanges if not _is_reask(ex)]  # one per part of the article
    reasks = len(usage.exchanges) - len(firsts)
    return RunRecord(
        id=gid, status=status, seconds=round(time.perf_counter() - started, 3), calls=usage.calls,
        prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens,
        first_valid=status == "run" and reasks == 0,
        first_schema_valid=bool(firsts) and all(ex.response is not None and _schema_valid(ex.response)
                                                for ex in firsts),
        reasks=reasks, model=model, prompt_hash=prompt_hash, error=error)


def _is_reask(ex: Exchange) -> bool:
    """A re-ask sends the rejected reply back as an assistant turn, with the reasons."""
    return any((m.get("role") if isinstance(m, dict) else getattr(m, "role", None)) == "assistant"
               for m in ex.messages)


def _schema_valid(reply: str) -> bool:
    """The reply holds a JSON object of the response model's shape (grounding not checked)."""
    body = reply[reply.find("{"):reply.rfind("}") + 1]
    try:
        Draft.model_validate_json(body)
    except ValidationError:
        return False
    return True


def _recorded(gid: str, status: str, saved: RunRecord | None, meta: dict[str, Any]) -> RunRecord:
    """The run record saved with a prediction when it belongs to it, else what the prediction's meta tells."""
    if saved and saved.status == "run" and (saved.model, saved.prompt_hash) == (meta.get("model"),
                                                                                 meta.get("prompt_hash")):
        return replace(saved, status=status)
    return _from_meta(gid, status, meta)


def _from_meta(gid: str, status: str, meta: dict[str, Any]) -> RunRecord:
    """What a prediction's own meta tells: calls, tokens, duration. One call means a valid first reply;
    more may be re-asks or parts of a long article, so validity is then unknown."""
    calls = int(meta.get("llm_calls") or 0)
    one = True if calls == 1 else None
    return RunRecord(id=gid, status=status, seconds=meta.get("duration_s"), calls=calls,
                     prompt_tokens=int(meta.get("prompt_tokens") or 0),
                     completion_tokens=int(meta.get("completion_tokens") or 0), first_valid=one,
                     first_schema_valid=one, reasks=0 if one else None,
                     model=str(meta.get("model") or ""), prompt_hash=str(meta.get("prompt_hash") or ""))


def read_records(folder: Path | None) -> dict[str, RunRecord]:
    """The last run record per id in ``folder/runs.jsonl`` (none when absent)."""
    path = folder / RUNS_FILE if folder else None
    if path is None or not path.is_file():
        return {}
    out: dict[str, RunRecord] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            rec = RunRecord(**json.loads(line))
        except (json.JSONDecodeError, TypeError):
            continue  # a line cut short by an interrupted run
        out[rec.id] = rec
    return out


def given_records(docs: list[GoldDoc], preds: dict[str, dict[str, Any] | None],
                  folder: Path) -> list[RunRecord]:
    """Run records for predictions scored from a folder: its runs.jsonl when it matches, else their meta."""
    saved = read_records(folder)
    out = []
    for doc in docs:
        pred = preds.get(doc.id)
        if pred is None:
            continue
        meta = as_dict(pred.get("meta"))
        if doc.id in saved or meta.get("llm_calls"):  # outputs of other systems carry no run information
            out.append(_recorded(doc.id, "given", saved.get(doc.id), meta))
    return out


def run_stats(records: list[RunRecord]) -> dict[str, Any]:
    """Per-article costs and first-attempt validity over the articles that have run records."""
    timed = [r.seconds for r in records if r.seconds is not None]
    known_first = [r.first_valid for r in records if r.first_valid is not None]
    known_schema = [r.first_schema_valid for r in records if r.first_schema_valid is not None]
    n = len(records)
    return {
        "articles": n,
        **{s: sum(r.status == s for r in records) for s in ("run", "reused", "given", "failed")},
        "llm_calls_per_article": _mean([r.calls for r in records]),
        "prompt_tokens_per_article": _mean([r.prompt_tokens for r in records]),
        "completion_tokens_per_article": _mean([r.completion_tokens for r in records]),
        "seconds_median": statistics.median(timed) if timed else None,
        "seconds_mean": _mean(timed),
        "first_attempt_valid": _mean([float(v) for v in known_first]),
        "first_attempt_schema_valid": _mean([float(v) for v in known_schema]),
        "reask_rate": _mean([float(r.reasks > 0) for r in records if r.reasks is not None]),
        "errors": [f"{r.id}: {r.error}" for r in records if r.error],
    }


def _mean(xs: list[float] | list[int]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _write_json(path: Path, obj: dict[str, Any]) -> None:
    write_file(path, redact(json.dumps(obj, ensure_ascii=False, indent=1)))
