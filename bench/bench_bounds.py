"""Bounded work: one reply with 10,000 events, 10,000 claims and 10,000 key points, through the CLI.

The reply is the tests' flood (tests/safety/test_safety_bounds.py), served by the scripted server on
127.0.0.1; ``summarizer summarize`` runs in a child process. Records the child's CPU seconds and peak
RSS (imports included), the items kept and the cap warnings, beside the same run on the ordinary
example reply. Writes results_bounds.json.

    python bench/bench_bounds.py
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from typing import Any

from common import EXAMPLE, ROOT, machine, save

sys.path.insert(0, str(ROOT / "tests" / "safety"))

from drafts import example_draft  # noqa: E402
from test_safety_bounds import N, _flood  # noqa: E402

from summarizer.testing.scripted_server import ScriptedServer, completion  # noqa: E402


def _run(reply: dict[str, Any]) -> dict[str, Any]:
    body = completion(reply)
    server = ScriptedServer(responder=lambda req: body).start()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SUMMARIZER_TRANSPORT_RETRIES": "0"}
    cmd = [sys.executable, "-m", "summarizer", "summarize", str(EXAMPLE), "-f", "json", "--base-url", server.url,
           "--api-key", "sk-bench-0000", "--model", "scripted", "--mode", "json"]
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        server.stop()
    if done.returncode != 0:
        raise SystemExit(f"summarize failed: {done.stderr.strip()}")
    out = json.loads(done.stdout)
    return {"cpu_s": round((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), 2),
            "wall_s": round(wall, 2), "peak_rss_mib": round(after.ru_maxrss / 1024, 1),
            "requests": len(server.requests), "kept": {k: len(out[k]) for k in ("events", "claims", "key_points")},
            "cap_warnings": [w for w in out["meta"]["warnings"] if "at most" in w]}


def main() -> int:
    ordinary = _run(example_draft())  # first: the peak RSS of the children is a running maximum
    result = {"machine": machine(), "command": "python bench/bench_bounds.py", "items_per_kind": N,
              "flood": _run(_flood()), "ordinary": ordinary}
    save("bounds", result)
    sys.stdout.write(json.dumps({k: result[k] for k in ("flood", "ordinary")}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
