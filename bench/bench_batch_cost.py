"""What a llama.cpp decode of k tokens costs against k decodes of one: the ceiling on speculative decoding.

Speculative decoding (a draft model, prompt lookup) pays off when scoring the last chosen token with k
drafted ones in one batch costs little more than scoring one: on a GPU, or a CPU that waits on memory.
This loads the default embedded model, reads 1,000 tokens of the example as the prompt, and times a
decode of k tokens after it (best of ``--reps``), with the logits of the last token only (as plain
decoding asks) and of all k (as verifying k-1 drafts asks). ``ratio`` is the cost of one batch of k in
single-token decodes: a draft of k-1 tokens saves time only where more than ``ratio - 1`` of them hold.
Then the example is summarized with each ``prompt_lookup`` in :data:`LOOKUPS` (0 is plain decoding, in
this process): how many of the reply's tokens came from accepted drafts, and whether the reply is the same.

    python bench/bench_batch_cost.py [--reps 5] [--output bench/results_batch_cost.json]
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path
from typing import Any

from common import EXAMPLE, RESULTS, machine

SIZES = (1, 2, 3, 5, 9, 17, 33, 129)
LOOKUPS = (0, 1, 2, 4, 10)


def _timed(llama: Any, tokens: list[int], base: int, reps: int) -> float:
    best = float("inf")
    for _ in range(reps):
        llama.n_tokens = base  # eval drops the KV cache past n_tokens, so each rep decodes the same batch
        t = time.perf_counter()
        llama.eval(tokens)
        best = min(best, time.perf_counter() - t)
    return best


def _acceptance() -> list[dict[str, Any]]:
    from summarizer import Settings, load_article, summarize
    from summarizer.llm import embedded

    out: list[dict[str, Any]] = []
    plain: Any = None
    for n in LOOKUPS:
        embedded._LOADED.clear()  # each setting loads its own class of model
        summary = summarize(load_article(str(EXAMPLE)), settings=Settings.load(prompt_lookup=n))
        reply = summary.model_dump(mode="json", exclude={"meta"})
        plain = reply if n == 0 else plain
        row: dict[str, Any] = {"prompt_lookup": n, "completion_tokens": summary.meta.completion_tokens,
                               "summary_s": summary.meta.duration_s, "same_summary_as_plain": reply == plain}
        draft = getattr(next(iter(embedded._LOADED.values())), "draft_model", None)
        if n and draft is not None:
            # each draft is asked for after a sampled token; a step yields its accepted drafts and one more token
            accepted = max(0, summary.meta.completion_tokens - 1 - draft.calls)
            row.update(draft_calls=draft.calls, drafted=draft.drafted, accepted=accepted,
                       accepted_share_of_reply=round(accepted / summary.meta.completion_tokens, 3))
        print(f"prompt_lookup {n}: {row}", flush=True)
        out.append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--output", type=Path, default=RESULTS / "results_batch_cost.json")
    a = ap.parse_args()
    import llama_cpp

    from summarizer.llm.embedded import model_path
    from summarizer.llm.lookup import lookup_llama_class

    load_before = os.getloadavg()[0]
    kwargs = {"model_path": str(model_path("qwen2.5-coder-1.5b")), "n_ctx": 4096, "n_threads": os.cpu_count() or 2,
              "verbose": False, "seed": 0}
    rows: list[dict[str, Any]] = []
    for outputs, cls in (("last", llama_cpp.Llama), ("all", lookup_llama_class(llama_cpp.Llama, max(SIZES)))):
        llama = cls(**kwargs)
        prompt = llama.tokenize(EXAMPLE.read_text(encoding="utf-8").encode("utf-8"))[:1000]
        t = time.perf_counter()
        llama.eval(prompt)
        prompt_s = time.perf_counter() - t
        one = _timed(llama, prompt[100:101], len(prompt), a.reps)
        for k in SIZES:
            s = _timed(llama, prompt[100:100 + k], len(prompt), a.reps)
            rows.append({"logits": outputs, "k": k, "ms": round(1000 * s, 1), "ms_per_token": round(1000 * s / k, 1),
                         "ratio": round(s / one, 2)})
            print(f"logits of {outputs}, k={k}: {1000 * s:.1f} ms, {s / one:.2f} single decodes", flush=True)
        rows.append({"logits": outputs, "prompt_tokens": len(prompt), "prompt_s": round(prompt_s, 2)})
        del llama
    rows += _acceptance()
    result = {"machine": {**machine(), "load_avg_1m_before": load_before, "load_avg_1m_after": os.getloadavg()[0]},
              "reps": a.reps, "rows": rows}
    a.output.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
