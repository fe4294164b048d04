"""Client overhead per article: everything but waiting for the model.

The model is a zero-latency scripted endpoint on 127.0.0.1 in its own process
(bench/latency_server.py, replies computed once per distinct request), so the process
CPU measured is the client's alone. What is
timed is ``summarize()`` end to end: segmentation, attribution and figure finding,
prompt rendering, instructor + the OpenAI client + the localhost HTTP round trip,
validation and grounding, assembly. The stages are timed apart too, and a bare
OpenAI-client call against the same endpoint gives the transport's share.

Wall time and process CPU time are both recorded: on a machine shared with other
jobs, wall time includes waiting for a core, CPU time does not.

    python bench/bench_overhead.py [--runs 7]
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any, Callable

import openai
from common import articles, machine, median, save, serve, stop

from summarizer import LLM, Article, Settings, Usage, summarize
from summarizer.extract.draft import Draft
from summarizer.pipeline import finish, prepare

GOAL_MS = 5.0
CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7, help="timed passes over the articles (medians taken)")
    a = ap.parse_args()

    proc, url = serve(0.0, "model")
    settings = Settings(backend="openai", base_url=url, api_key="sk-bench", model="scripted", mode="json_schema",
                        timeout_s=30)  # json_schema, as the embedded backend: the embedded model's requests
    llm = LLM.from_settings(settings)
    docs = articles()
    for _, art in docs:  # warm-up: imports, caches, the connection, the replies themselves
        summarize(art, settings=settings, llm=llm)

    # samples[clock][measure][article] = seconds per run
    samples: dict[str, dict[str, dict[str, list[float]]]] = {
        c: {m: {n: [] for n, _ in docs} for m in ("total", "prepare", "extract", "finish", "http")} for c in CLOCKS}
    raw = openai.OpenAI(base_url=settings.base_url, api_key=settings.api_key, max_retries=0)
    for _ in range(a.runs):
        for name, art in docs:
            for clock, t in CLOCKS.items():
                samples[clock]["total"][name].append(
                    _timed(t, lambda art=art: summarize(art, settings=settings, llm=llm)))
                for stage, dt in _stages(t, art, settings, llm).items():
                    samples[clock][stage][name].append(dt)
                messages = prepare(art, settings).messages
                samples[clock]["http"][name].append(
                    _timed(t, lambda messages=messages: raw.chat.completions.create(model="scripted",
                                                                                    messages=messages)))
    stop(proc)

    result: dict[str, Any] = {"machine": machine(), "runs": a.runs, "articles": len(docs), "goal_ms": GOAL_MS}
    for clock in CLOCKS:
        per = {m: {n: 1000 * median(v) for n, v in by.items()} for m, by in samples[clock].items()}
        dev = [v for n, v in per["total"].items() if n != "example"]
        result[clock] = {
            "example_ms": per["total"]["example"], "dev_median_ms": median(dev), "dev_max_ms": max(dev, default=None),
            "stage_median_ms": {m: median(list(per[m].values())) for m in ("prepare", "extract", "finish")},
            "http_floor_ms": median(list(per["http"].values())), "per_article_ms": per["total"],
        }
    save("overhead", result)
    print(f"client overhead per article, medians of {a.runs} runs against a zero-latency scripted endpoint "
          f"(goal <= {GOAL_MS} ms); load average {result['machine']['load_avg_1m']}:")
    for clock in CLOCKS:
        r = result[clock]
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stage_median_ms"].items())
        print(f"  {clock:4}: example {r['example_ms']:.2f} ms; dev median {r['dev_median_ms']:.2f} ms, "
              f"max {r['dev_max_ms']:.2f} ms; stages {stages} ms; bare HTTP call {r['http_floor_ms']:.2f} ms")
    return 0


def _timed(clock: Callable[[], float], fn: Callable[[], Any]) -> float:
    t0 = clock()
    fn()
    return clock() - t0


def _stages(clock: Callable[[], float], art: Article, settings: Settings, llm: LLM) -> dict[str, float]:
    """The pipeline's three client-side parts, as summarize() runs them."""
    t0 = clock()
    p = prepare(art, settings)
    t1 = clock()
    usage = Usage()
    draft = llm.extract(Draft, p.messages, context={"article": p.context}, usage=usage)
    t2 = clock()
    finish(p, draft, llm, usage, time.perf_counter())
    t3 = clock()
    return {"prepare": t1 - t0, "extract": t2 - t1, "finish": t3 - t2}


if __name__ == "__main__":
    sys.exit(main())
