"""The example, as a user runs it: ``summarizer summarize`` in a fresh process, with each speed lever.

Each configuration runs the CLI ``--runs`` times in new processes (model load included, as a
user waits for it) and keeps wall seconds, the summary's own seconds, calls and tokens. The
prompt cache (the instructions computed once and saved, ``prompt_cache``) is measured off
(every process computes the whole prompt) and on (primed by one run first, not counted).
``--levers [NAME ...]`` adds single settings on top of the warm cache (:data:`LEVERS`: threads,
KV-cache type, flash attention, prompt-lookup decoding), each primed first, then the defaults again. Run it on an
otherwise idle machine: the machine and its load are recorded.

    python bench/bench_speed.py [--runs 3] [--levers [NAME ...] [--lever-runs 1]] [--output bench/results_speed.json]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import EXAMPLE, RESULTS, ROOT, machine, median


def _run(env_extra: dict[str, str]) -> dict[str, Any]:
    env = {**os.environ, **env_extra,
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "summary.json"
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "summarizer", "summarize", str(EXAMPLE), "-f", "json", "-o", str(out)]
        p = subprocess.run(cmd, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if p.returncode != 0:
            return {"error": p.stderr.strip().splitlines()[-1:] or [f"exit {p.returncode}"], "wall_s": wall}
        s = json.loads(out.read_text(encoding="utf-8"))
        meta = s["meta"]
    return {"wall_s": round(wall, 2), "summary_s": meta["duration_s"], "calls": meta["llm_calls"],
            "prompt_tokens": meta["prompt_tokens"], "completion_tokens": meta["completion_tokens"],
            "events": len(s["events"]), "key_points": len(s["key_points"])}


def _config(name: str, env: dict[str, str], runs: int, prime: bool = False) -> dict[str, Any]:
    if prime:
        _run(env)  # writes the saved instructions for this configuration: not counted
    rows = [_run(env) for _ in range(runs)]
    ok = [r for r in rows if "error" not in r]
    print(f"{name}: " + ", ".join(f"{r['wall_s']:.1f} s" if "error" not in r else "error" for r in rows),
          file=sys.stderr, flush=True)
    return {"name": name, "env": env, "runs": rows, "wall_s_median": median([r["wall_s"] for r in ok]),
            "summary_s_median": median([r["summary_s"] for r in ok])}


LEVERS = {  # one setting away from the defaults each
    "1 thread": {"SUMMARIZER_N_THREADS": "1"},
    "q8_0 KV cache": {"SUMMARIZER_KV_CACHE_TYPE": "q8_0"},
    "f16 KV cache": {"SUMMARIZER_KV_CACHE_TYPE": "f16"},
    "flash attention": {"SUMMARIZER_FLASH_ATTN": "1"},
    # llama-cpp-python's own grammar pass over the whole vocabulary on every token (the default before)
    "full grammar pass": {"SUMMARIZER_GRAMMAR_CHECK_FIRST": "0"},
    # speculative decoding by prompt lookup (summarizer/llm/lookup.py), drafting 2, 4 or 10 tokens a step
    "prompt lookup 2": {"SUMMARIZER_PROMPT_LOOKUP": "2"},
    "prompt lookup 4": {"SUMMARIZER_PROMPT_LOOKUP": "4"},
    "prompt lookup 10": {"SUMMARIZER_PROMPT_LOOKUP": "10"},
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--levers", nargs="*", choices=sorted(LEVERS), default=None,
                    help="also these single levers on the warm cache (all when none is named)")
    ap.add_argument("--lever-runs", type=int, default=1, help="runs of each lever (after one priming run)")
    ap.add_argument("--output", type=Path, default=RESULTS / "results_speed.json")
    a = ap.parse_args()
    load_before = os.getloadavg()[0]
    configs = []
    if a.runs:
        configs += [_config("prompt cache off (cold)", {"SUMMARIZER_PROMPT_CACHE": "0"}, a.runs),
                    _config("prompt cache on (warm)", {"SUMMARIZER_PROMPT_CACHE": "1"}, a.runs, prime=True)]
    if a.levers is not None:
        for name in a.levers or sorted(LEVERS):
            configs.append(_config(f"warm, {name}", LEVERS[name], a.lever_runs, prime=True))
        configs.append(_config("warm, defaults again", {}, a.lever_runs))
    result = {"machine": {**machine(), "load_avg_1m_before": load_before, "load_avg_1m_after": os.getloadavg()[0]},
              "article": EXAMPLE.name, "configs": configs}
    a.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    for c in configs:
        print(f"{c['name']}: median {c['wall_s_median']} s wall, {c['summary_s_median']} s in the summary")
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
