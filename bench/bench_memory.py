"""Memory peak of one summarize and of a 100-article batch.

Each scenario runs in a fresh process, so its peak RSS (``ru_maxrss``) is its own; the
scripted endpoint runs in another process, so only the client is measured. Reported:
the peak RSS once everything is imported and the client built (the baseline), the
peak RSS after the work, and the peak of Python allocations during the work
(tracemalloc). The batch is the example and the dev corpus, cycled to 100 articles,
summarized one after another with one client, every summary kept (as ``eval`` does).

    python bench/bench_memory.py                 # scripted endpoint: the client's own memory
    python bench/bench_memory.py --embedded      # the embedded model in process (slow: about 30 s an article)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from common import articles, machine, save, scripted

SCENARIOS = {"single": 1, "batch": 100}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embedded", action="store_true", help="use the embedded model instead of the scripted endpoint")
    ap.add_argument("--batch", type=int, default=SCENARIOS["batch"], help="articles in the batch scenario")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(_measure(int(a.child), a.embedded)))
        return 0
    result: dict[str, Any] = {"machine": machine(), "backend": "embedded" if a.embedded else "scripted"}
    for name, n in (("single", 1), ("batch", a.batch)):
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--embedded"] if a.embedded else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        result[name] = json.loads(out.stdout.strip().splitlines()[-1])
        r = result[name]
        print(f"{name:6} ({n} article(s), {result['backend']}): peak RSS {r['peak_rss_mib']:.1f} MiB "
              f"(baseline {r['baseline_rss_mib']:.1f} MiB, +{r['peak_rss_mib'] - r['baseline_rss_mib']:.1f}); "
              f"Python allocations peak {r['tracemalloc_peak_mib']:.1f} MiB; {r['seconds']:.1f} s")
    save("memory_embedded" if a.embedded else "memory", result)
    return 0


def _serve(queue: Any) -> None:
    server, _ = scripted()
    queue.put(server.url)
    while True:
        time.sleep(3600)


def _measure(n: int, embedded: bool) -> dict[str, Any]:
    from summarizer import LLM, Settings, summarize

    server = None
    if embedded:
        settings = Settings()
    else:
        queue: Any = multiprocessing.Queue()
        server = multiprocessing.Process(target=_serve, args=(queue,), daemon=True)
        server.start()
        url = queue.get(timeout=60)
        settings = Settings(backend="openai", base_url=url, api_key="sk-bench", model="scripted",
                            mode="json_schema", timeout_s=30)
    llm = LLM.from_settings(settings)
    if embedded:  # load the model now, so the baseline holds it and the peak shows what the work adds
        from summarizer.llm.embedded import load_llama, model_path

        load_llama(model_path(settings.model), settings.n_ctx, settings.n_threads)
    docs = [art for _, art in articles()]
    batch = [docs[k % len(docs)] for k in range(n)]
    baseline = _rss_mib()
    tracemalloc.start()
    started = time.perf_counter()
    kept = [summarize(art, settings=settings, llm=llm) for art in batch]
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if server:
        server.terminate()
    return {"articles": len(kept), "baseline_rss_mib": baseline, "peak_rss_mib": _rss_mib(),
            "tracemalloc_peak_mib": peak / 2**20, "seconds": seconds}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())
