"""The conflicts task on bench/conflicts/ (docs/eval.md): with no model, or on an endpoint.

Without options only the statements code finds in the text speak (no events, no claims)
and the result goes to results_conflicts_nomodel.json. With --base-url/--model each
article is summarized by that endpoint first (add --judge to let the same model judge
undecided pairs across articles); the result goes to results_conflicts_<name>.json.

    python bench/bench_conflicts.py
    python bench/bench_conflicts.py --cases bench/conflicts_holdout2 --name holdout2_nomodel
    python bench/bench_conflicts.py --base-url http://127.0.0.1:8080/v1 --model qwen2.5-7b [--judge]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

from common import RESULTS, machine, save
from platformdirs import user_cache_dir

from summarizer import Article, ArticleSummary, Settings, summarize
from summarizer.evaluate.conflicts import evaluate_conflicts
from summarizer.llm.client import LLM
from summarizer.prepare.prompts import load_prompt

CASES = RESULTS / "conflicts"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--base-url")
    ap.add_argument("--model")
    ap.add_argument("--api-key")
    ap.add_argument("--judge", action="store_true", help="a second pass on the same summaries where the model also "
                    "judges undecided pairs (results_conflicts_<model>_judge.json)")
    ap.add_argument("--name", help="results file suffix (default: nomodel, or the model's name)")
    ap.add_argument("--cases", default=str(CASES), help="folder of cases (default bench/conflicts)")
    ap.add_argument("--save-dir", type=Path, default=Path(user_cache_dir("summarizer")) / "bench" / "conflicts",
                    help="each article's summary is kept here, an interrupted run resumes (same model, prompt, text)")
    a = ap.parse_args()
    cases = Path(a.cases)
    started = time.perf_counter()
    if a.base_url or a.model:
        settings = Settings.load(**{k: v for k, v in (("base_url", a.base_url), ("model", a.model),
                                                      ("api_key", a.api_key)) if v})
        llm = LLM.from_settings(settings)
        made: dict[tuple[str, str | None], ArticleSummary] = {}

        prompt = load_prompt("summarize")
        kept = a.save_dir / llm.model.replace("/", "_")
        kept.mkdir(parents=True, exist_ok=True)

        def summarized(art: Article) -> ArticleSummary:  # each article once, for both passes
            key = (art.text, art.published)
            if key not in made:
                digest = hashlib.sha256(f"{prompt.hash}\0{art.published}\0{art.text}".encode()).hexdigest()[:20]
                path = kept / f"{digest}.json"
                if path.exists():
                    made[key] = ArticleSummary.model_validate_json(path.read_text(encoding="utf-8"))
                else:
                    t0 = time.perf_counter()
                    made[key] = summarize(art, settings=settings, llm=llm)
                    path.write_text(made[key].model_dump_json(), encoding="utf-8")
                    print(f"[{len(made)}] {art.id or digest} {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            return made[key]

        base = a.name or llm.model.replace("/", "_")
        passes = [(base, None), (base + "_judge", llm)] if a.judge else [(base, None)]
        for name, judge in passes:
            t0 = time.perf_counter()
            report = evaluate_conflicts(cases, summarize=summarized, llm=judge)
            report["seconds"] = round(time.perf_counter() - t0, 2)
            report["articles_summarized"] = len(made)
            report["judge"] = judge is not None
            _save(name, report)
    else:
        report = evaluate_conflicts(cases)
        report["seconds"] = round(time.perf_counter() - started, 2)
        _save(a.name or "nomodel", report)
    return 0


def _save(name: str, report: dict) -> None:
    save(f"conflicts_{name}", {"machine": machine(), "command": " ".join(["python", *sys.argv]), **report})
    brief = {k: v for k, v in report.items() if k != "per_case"}
    sys.stdout.write(json.dumps(brief, indent=1) + "\n")


if __name__ == "__main__":
    sys.exit(main())
