"""Can the LLM judge take every figure pair the rules leave? An experiment, not the product's path.

For each multi-article case, every pair of text figures from two articles of one story with the same
measure whose values cannot both hold (``numeric.consistent``), and that restates no conflict the rules
report, goes to the reconciliation judge (``reconcile.judge.Judge``, its numeric question) on the
configured model. Reported: the rules alone, the rules plus every pair the judge calls a conflict, and
each pair with its verdict. Single articles are left to the rules (a summary has no judge).

    python bench/bench_judge_broad.py --cases bench/conflicts_holdout16 --name holdout16 [--model ALIAS]
"""

from __future__ import annotations

import argparse
import sys
import time
from itertools import combinations
from pathlib import Path
from typing import Any

from common import machine, save

from summarizer.config import Settings
from summarizer.errors import SummarizerError
from summarizer.evaluate.conflicts import ConflictCase, load_cases, predict_conflicts, score_conflicts
from summarizer.llm.client import LLM
from summarizer.reconcile import reconcile
from summarizer.reconcile.figures import text_reports
from summarizer.reconcile.judge import Judge
from summarizer.reconcile.numeric import consistent
from summarizer.reconcile.textual import TextPair, overlaps_any
from summarizer.schema import ArticleSummary, Conflict


def _judged(case: ConflictCase, rules: list[dict[str, Any]], judge: Judge, log: list[dict[str, Any]]) -> list[Conflict]:
    known = [Conflict.model_validate(c) for c in rules]  # what the rules report: never put to the judge again
    summaries = [ArticleSummary(article=a) for a in case.articles]
    if len(summaries) < 2:
        return []
    story = {aid: st.id for st in reconcile(summaries).stories for aid in st.articles}
    pool = [r for s in summaries for r in text_reports(s)]
    found: list[Conflict] = []
    for a, b in combinations(pool, 2):
        if a.measure != b.measure or a.article == b.article or story.get(a.article) != story.get(b.article):
            continue
        pair = TextPair("numeric", a, b)
        if consistent(a, b) or overlaps_any(pair.conflict(None), known + found):
            continue
        holds, summary = judge(pair)
        log.append({"case": case.id, "first": a.evidence.text if a.evidence else "",
                    "second": b.evidence.text if b.evidence else "", "conflict": holds})
        if holds:
            found.append(pair.conflict(summary))
    return found


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True, type=Path)
    ap.add_argument("--name", required=True, help="results file: results_judge_broad_<name>.json")
    ap.add_argument("--model", help="embedded alias or endpoint model (default: the settings')")
    a = ap.parse_args()
    try:
        settings = Settings.load(**({"model": a.model} if a.model else {}))
        judge = Judge(LLM.from_settings(settings))
        cases = load_cases(a.cases)
    except SummarizerError as e:
        print(f"bench_judge_broad: {e}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    rules = {c.id: predict_conflicts(c) for c in cases}
    log: list[dict[str, Any]] = []
    both = {c.id: rules[c.id] + [x.model_dump() for x in _judged(c, rules[c.id], judge, log)] for c in cases}
    calls = judge.calls
    said = sum(p["conflict"] for p in log)
    result = {"machine": machine(), "cases": str(a.cases), "model": settings.model,
              "rules": score_conflicts(cases, rules), "rules_and_judge": score_conflicts(cases, both),
              "pairs_judged": len(log), "judge_calls": calls, "judged_conflict": said,
              "seconds": round(time.perf_counter() - t0, 1), "pairs": log}
    save(f"judge_broad_{a.name}", result)
    for k in ("rules", "rules_and_judge"):
        r = result[k]
        print(f"{k}: F1 {r['detection']['f1']} (tp {r['detection']['tp']}, fp {r['detection']['fp']}), "
              f"false alarms {r['false_alarm_rate']:.3f}")
    print(f"{len(log)} pairs judged, {said} called a conflict, {calls} calls")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
