"""Two concurrent runs on the embedded model against two runs one after the other (issue #17's bar: ≤ 1.2×).

Runs ``summarizer summarize ARTICLE`` as separate processes: once alone, once more alone (the
sequential total is the sum of the two), then two started together (the concurrent total is
from their start to the last exit). Each process is timed from its start to its exit, model
load included, and keeps its stderr's "waiting" line. The lock is the product's default
(``SUMMARIZER_MODEL_LOCK`` as set in the environment); ``--unlocked`` adds a pair started
together with the lock off, for comparison. Run it on an otherwise idle machine.

    python bench/bench_concurrent.py [--model ALIAS|PATH.gguf] [--article FILE] [--unlocked] [--output FILE]
    python bench/bench_concurrent.py --fake 2.0 --output /tmp/concurrent.json   # dry run, no model
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

from common import EXAMPLE, RESULTS, ROOT, machine

BAR = 1.2


def _env(fake: float | None, lock_off: bool) -> dict[str, str]:
    env = dict(os.environ)
    if fake is not None:
        env.update(PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
                   SUMMARIZER_LLAMA_CLASS="summarizer.testing.fake_llama:FakeLlama", FAKE_LLAMA_SECONDS=str(fake))
    else:
        env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if lock_off:
        env["SUMMARIZER_MODEL_LOCK"] = "off"
    return env


def _start(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    err = tempfile.TemporaryFile(mode="w+")
    t0 = time.perf_counter()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
    return {"p": p, "t0": t0, "err": err}


def _finish(run: dict[str, Any], t_base: float) -> dict[str, Any]:
    out, _ = run["p"].communicate()
    t1 = time.perf_counter()
    run["err"].seek(0)
    stderr = run["err"].read()
    meta: dict[str, Any] = {}
    try:
        meta = json.loads(out)["meta"]
    except (json.JSONDecodeError, KeyError, TypeError):
        pass
    return {"pid": run["p"].pid, "exit_code": run["p"].returncode, "started_s": round(run["t0"] - t_base, 2),
            "seconds": round(t1 - run["t0"], 2), "ended_s": round(t1 - t_base, 2),
            "prompt_tokens": meta.get("prompt_tokens"), "completion_tokens": meta.get("completion_tokens"),
            "llm_calls": meta.get("llm_calls"),
            "waiting_line": next((line for line in stderr.splitlines() if "waiting for the embedded model" in line),
                                 None),
            "stderr_tail": stderr.strip().splitlines()[-1:] if run["p"].returncode else []}


def _pair(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    t_base = time.perf_counter()
    runs = [_start(argv, env), _start(argv, env)]
    done = [_finish(r, t_base) for r in runs]
    return {"seconds": max(d["ended_s"] for d in done), "runs": done}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="qwen2.5-coder-1.5b", help="embedded model alias or .gguf path")
    ap.add_argument("--article", type=Path, default=EXAMPLE)
    ap.add_argument("--unlocked", action="store_true", help="also time two runs at once with the lock off")
    ap.add_argument("--fake", type=float, metavar="SECONDS",
                    help="dry run: summarizer/testing/fake_llama.py answers each call after SECONDS "
                         "instead of the model")
    ap.add_argument("--output", type=Path, default=RESULTS / "results_concurrent.json")
    a = ap.parse_args()

    model = a.model
    tmp = None
    if a.fake is not None:
        tmp = tempfile.TemporaryDirectory()
        model = str(Path(tmp.name) / "fake.gguf")
        Path(model).write_bytes(b"GGUF" + bytes(64))
    argv = [sys.executable, "-m", "summarizer", "summarize", str(a.article), "-f", "json", "--model", model]
    env = _env(a.fake, lock_off=False)

    alone = []
    for i in (1, 2):
        t_base = time.perf_counter()
        alone.append(_finish(_start(argv, env), t_base))
        print(f"alone {i}: {alone[-1]['seconds']} s (exit {alone[-1]['exit_code']})", file=sys.stderr)
    sequential = round(sum(r["seconds"] for r in alone), 2)
    together = _pair(argv, env)
    ratio = round(together["seconds"] / sequential, 3) if sequential else None
    print(f"two at once: {together['seconds']} s; one after the other: {sequential} s; ratio {ratio} "
          f"(bar {BAR})", file=sys.stderr)
    result: dict[str, Any] = {
        "what": "two `summarizer summarize` processes of one article started together, against the same two "
                "run one after the other; seconds from process start to exit, model load included",
        "command": " ".join(["python", "bench/bench_concurrent.py", *sys.argv[1:]]),
        "machine": machine(), "model": a.model if a.fake is None else f"fake ({a.fake} s per call)",
        "article": str(a.article.resolve().relative_to(ROOT)) if a.article.resolve().is_relative_to(ROOT)
        else str(a.article),
        "model_lock": os.environ.get("SUMMARIZER_MODEL_LOCK") or "default",
        "alone": alone, "sequential_seconds": sequential, "concurrent": together, "ratio": ratio, "bar": BAR,
        "meets_bar": ratio is not None and ratio <= BAR
        and all(r["exit_code"] == 0 for r in alone + together["runs"]),
    }
    if a.unlocked:
        unlocked = _pair(argv, _env(a.fake, lock_off=True))
        result["concurrent_unlocked"] = unlocked
        result["ratio_unlocked"] = round(unlocked["seconds"] / sequential, 3) if sequential else None
        print(f"two at once without the lock: {unlocked['seconds']} s", file=sys.stderr)
    a.output.parent.mkdir(parents=True, exist_ok=True)
    a.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.output}", file=sys.stderr)
    if tmp:
        tmp.cleanup()
    return 0 if result["meets_bar"] else 1


if __name__ == "__main__":
    sys.exit(main())
