"""The embedded model, for real: seconds, calls, tokens, first-attempt validity, memory, quality.

1. loads the model once (timed apart);
2. summarizes the bundled example ``--example-runs`` times (median seconds);
3. runs ``summarizer eval`` over the dev corpus, keeping predictions in ``--save-pred``:
   an interrupted run resumes there (predictions made by the same model and prompt are
   reused with their recorded timings); ``--limit N`` for a quick look;
4. records the process's peak RSS, and checks the prompt-token count of bench_tokens.py
   (the model's tokenizer, vocabulary only) against the model's own count.

Slow by design: about a minute for the example runs, 30-40 minutes for the dev corpus on
2 cores. Run it on an otherwise idle machine; it prints progress.

    python bench/bench_embedded.py [--example-runs 3] [--save-pred DIR] [--limit N] [--log FILE.jsonl]
        [--kv-cache-type q8_0] [--flash-attn on|off] [--max-reasks N] [--name SUFFIX]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DEV, EXAMPLE, ModelTokenizer, machine, save
from platformdirs import user_cache_dir

from summarizer import LLM, Settings, load_article
from summarizer.evaluate import GoldDoc, RunRecord, evaluate
from summarizer.evaluate.runner import run, run_stats
from summarizer.llm.embedded import load_llama, model_path
from summarizer.pipeline import prepare

PREDS = Path(user_cache_dir("summarizer")) / "bench" / "embedded-dev"

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="qwen2.5-coder-1.5b", help="embedded model alias or .gguf path")
    ap.add_argument("--example-runs", type=int, default=3, help="0 skips the example")
    ap.add_argument("--save-pred", type=Path, default=PREDS,
                    help="where predictions are kept (outside the repository: they hold the corpus's texts)")
    ap.add_argument("--limit", type=int, default=None, help="only the first N dev articles")
    ap.add_argument("--per-task", type=int, default=None,
                    help="a subset: the first N dev articles of each corpus (MUC-4, TempEval-3, PolNeAR); "
                         "written to results_embedded_subset.json")
    ap.add_argument("--skip-dev", action="store_true")
    ap.add_argument("--name", help="results file suffix (default embedded, embedded_subset with --per-task)")
    ap.add_argument("--base-url", help="measure an OpenAI-compatible endpoint instead (json_schema mode)")
    ap.add_argument("--max-reasks", type=int, default=None, help="validation re-asks (default 0 embedded)")
    ap.add_argument("--kv-cache-type", default=Settings.kv_cache_type, help="embedded: f16, q8_0, q4_0, f32")
    ap.add_argument("--flash-attn", choices=("on", "off"), help="embedded: llama.cpp flash attention (default off)")
    ap.add_argument("--log", type=Path, help="append every exchange (messages, reply, tokens) to this JSON-lines "
                    "file, one line per article: what bench_replay.py serves again without the model")
    a = ap.parse_args()

    embedded = a.base_url is None
    settings = Settings(model=a.model, backend="embedded", max_reasks=a.max_reasks, kv_cache_type=a.kv_cache_type,
                        flash_attn=a.flash_attn == "on") if embedded else Settings(
        model=a.model, backend="openai", base_url=a.base_url, api_key="not-needed", mode="json_schema",
        max_reasks=a.max_reasks)
    result: dict[str, Any] = {"machine": machine(), "model": settings.model, "backend": settings.resolved_backend,
                              "n_threads": settings.n_threads, "max_reasks": settings.reasks,
                              "kv_cache_type": settings.kv_cache_type, "flash_attn": settings.flash_attn,
                              "prompt_cache": settings.prompt_cache, "model_load_seconds": None}
    if embedded:
        t0 = time.perf_counter()
        load_llama(model_path(settings.model), settings.n_ctx, settings.n_threads, n_batch=settings.n_batch,
                   kv_cache_type=settings.kv_cache_type, flash_attn=settings.flash_attn)
        result["model_load_seconds"] = time.perf_counter() - t0
        print(f"model loaded in {result['model_load_seconds']:.1f} s", file=sys.stderr)
    llm = LLM.from_settings(settings)
    progress = _progress
    if a.log:
        progress = _logging(llm, a.log, settings.reasks)

    if a.example_runs:
        example = GoldDoc(id="example", tasks=(), text=load_article(EXAMPLE).text, gold={}, path=EXAMPLE)
        _, records = run([example] * a.example_runs, settings=settings, llm=llm, progress=progress)
        stats = run_stats(records)
        result["example"] = {"runs": a.example_runs, "seconds": [r.seconds for r in records],
                             "seconds_median": stats["seconds_median"], **_costs(stats),
                             "tokenizer_check": _tokenizer_check(settings, records) if embedded else None,
                             "peak_rss_mib": _rss_mib()}
    gold_dir = _subset(a.per_task) if a.per_task else DEV
    if not a.skip_dev and DEV.is_dir():
        report = evaluate(gold_dir, settings=settings, llm=llm, save_dir=a.save_pred, limit=a.limit,
                          progress=progress)
        stats = report["runs"]
        result["dev"] = {"articles": stats["articles"], "seconds_median": stats["seconds_median"],
                         "seconds_mean": stats["seconds_mean"], **_costs(stats),
                         "scores": {k: report.get(k) for k in ("events", "timexes", "claims", "grounding", "overall")},
                         "predictions": str(a.save_pred),
                         "subset": sorted(p.stem for p in gold_dir.glob("*.json")) if a.per_task else None}
    result["peak_rss_mib"] = _rss_mib()
    save(a.name or ("embedded" if embedded else "endpoint") + ("_subset" if a.per_task else ""), result)
    _print(result)
    return 0


def _subset(n: int) -> Path:
    """A folder of links to the first ``n`` dev articles of each corpus (ids sort within a corpus)."""
    folder = Path(tempfile.mkdtemp(prefix="summarizer-dev-subset-"))
    by_corpus: dict[str, list[Path]] = {}
    for path in sorted(DEV.glob("*.json")):
        by_corpus.setdefault(path.stem.rsplit("-", 1)[0], []).append(path)
    for paths in by_corpus.values():
        for path in paths[:n]:
            (folder / path.name).symlink_to(path)
    return folder


def _costs(stats: dict[str, Any]) -> dict[str, Any]:
    keys = ("llm_calls_per_article", "prompt_tokens_per_article", "completion_tokens_per_article",
            "first_attempt_valid", "first_attempt_schema_valid", "reask_rate", "failed", "errors")
    return {k: stats[k] for k in keys}


def _tokenizer_check(settings: Settings, records: list[RunRecord]) -> dict[str, Any]:
    """bench_tokens.py's count of the example prompt against the model's own (one-call runs only)."""
    counted = ModelTokenizer(settings.model).prompt(prepare(load_article(EXAMPLE), settings).messages)
    reported = [r.prompt_tokens for r in records if r.calls == 1]
    return {"counted": counted, "reported_by_model": reported[0] if reported else None}


def _logging(llm: LLM, path: Path, max_reasks: int) -> Any:
    """A progress hook that also writes the article's exchanges, kept by an ``on_exchange`` hook, to ``path``,
    with the run's ``max_reasks`` (what bench_replay.py must allow to serve them again)."""
    pending: list[dict[str, Any]] = []
    llm.on_exchange.append(lambda ex: pending.append(dataclasses.asdict(ex)))

    def progress(k: int, n: int, r: RunRecord) -> None:
        if pending:
            with path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"id": r.id, "max_reasks": max_reasks, "exchanges": pending},
                                   ensure_ascii=False) + "\n")
            pending.clear()
        _progress(k, n, r)

    return progress


def _progress(k: int, n: int, r: RunRecord) -> None:
    seconds = f"{r.seconds:.1f} s" if r.seconds is not None else "? s"
    status = f"FAILED: {r.error}" if r.error else f"{r.calls} call(s) {r.prompt_tokens}+{r.completion_tokens} tokens"
    print(f"[{k}/{n}] {r.id} {r.status} {seconds} {status}", file=sys.stderr, flush=True)


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fmt(x: Any, pct: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{100 * x:.0f} %" if pct else f"{x:.3f}" if isinstance(x, float) else str(x)


def _print(r: dict[str, Any]) -> None:
    print(f"machine: {r['machine']['cpu']}, {r['machine']['cores']} cores; {r['backend']} model {r['model']} "
          f"(load {_fmt(r['model_load_seconds'])} s); peak RSS {r['peak_rss_mib']:.0f} MiB")
    for name in ("example", "dev"):
        x = r.get(name)
        if not x:
            continue
        print(f"{name}: {_fmt(x['seconds_median'])} s/article median; {_fmt(x['llm_calls_per_article'])} calls; "
              f"{_fmt(x['prompt_tokens_per_article'])} prompt + {_fmt(x['completion_tokens_per_article'])} completion "
              f"tokens; first attempt valid {_fmt(x['first_attempt_valid'], True)} (schema "
              f"{_fmt(x['first_attempt_schema_valid'], True)}), re-asked {_fmt(x['reask_rate'], True)}, "
              f"failed {x['failed']}")
    if "dev" in r:
        o = r["dev"]["scores"]["overall"]
        t = r["dev"]["scores"].get("timexes") or {}
        print(f"dev quality: events F1 {_fmt(o['events_f1'])}, claims F1 {_fmt(o['claims_f1'])}, timex accuracy "
              f"{_fmt(o['timex_acc'])} (coverage {_fmt(t.get('coverage'))}), grounding {_fmt(o['grounding'])}")
        print(f"  full table with the per-stage breakdown: summarizer eval {DEV} --pred {r['dev']['predictions']}")


if __name__ == "__main__":
    sys.exit(main())
