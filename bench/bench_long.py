"""Cost versus article length: calls, tokens and time per article, against the scripted server.

    python bench/bench_long.py [--words 500 1000 ...] [--chunk-tokens 2000] [--out bench/results_long.md]

Articles are built from paragraphs of three sentences (one incident, one figure, one
attributed statement, about 40 words). The scripted model reports every incident of the
part it is sent; its usage counts one prompt token per 4 characters sent, so "tokens" here
are the client's real prompt sizes, not a tokenizer's count. Time is the whole pipeline on
this machine (segmentation, prompts, grounding, assembly, reconciliation) plus local HTTP;
the reconcile stage is also timed alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile import part_responder  # noqa: E402
from test_long import article  # noqa: E402  (the tests' long-article generator)

from summarizer import Settings, Usage, summarize  # noqa: E402
from summarizer.prepare.parts import CHUNK_TOKENS  # noqa: E402
from summarizer.reconcile import article_conflicts  # noqa: E402
from summarizer.testing.scripted_server import ScriptedServer  # noqa: E402


def measure(words: int, chunk_tokens: int, settings: Settings) -> dict[str, float]:
    per_paragraph = len(article(1).split("\n", 1)[1].split())
    text = article(max(1, round(words / per_paragraph)))
    usage = Usage()
    t0 = time.perf_counter()
    s = summarize(text, settings=settings, usage=usage, chunk_tokens=chunk_tokens)
    took = time.perf_counter() - t0
    n_words = len(s.article.text.split())
    assert all(s.article.text[sp.start:sp.end] == sp.text for sp in s.spans())
    t1 = time.perf_counter()
    article_conflicts(s)  # the reconcile stage again, timed alone
    return {"words": n_words, "calls": usage.calls, "prompt": usage.prompt_tokens,
            "completion": usage.completion_tokens, "seconds": took, "reconcile": time.perf_counter() - t1,
            "events": len(s.events)}


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares y = a*x + b, and R²."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    a = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    b = my - a * mx
    ss_res = sum((y - (a * x + b)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
    return a, b, 1 - ss_res / ss_tot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--words", type=int, nargs="+", default=[500, 1000, 2000, 4000, 8000, 16000, 32000])
    ap.add_argument("--chunk-tokens", type=int, default=CHUNK_TOKENS)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results_long.md")
    args = ap.parse_args()

    server = ScriptedServer(responder=part_responder("incident")).start()
    settings = Settings(backend="openai", base_url=server.url, api_key="sk-bench", model="scripted", mode="json",
                        transport_retries=0)
    try:
        summarize(article(3), settings=settings)  # warm imports and caches
        rows = [measure(w, args.chunk_tokens, settings) for w in args.words]
    finally:
        server.stop()

    lines = [
        "# Cost versus article length", "",
        f"`python bench/bench_long.py` (chunk_tokens={args.chunk_tokens}, overlap 2 sentences; scripted endpoint "
        "on 127.0.0.1; prompt tokens = characters sent / 4).", "",
        "| words | calls | prompt tokens | completion tokens | prompt tokens / call | prompt tokens / 1k words "
        "| events found | seconds | of which reconcile | ms / 1k words without reconcile |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['words']:,.0f} | {r['calls']:.0f} | {r['prompt']:,.0f} | {r['completion']:,.0f} "
                     f"| {r['prompt'] / r['calls']:,.0f} | {1000 * r['prompt'] / r['words']:,.0f} | {r['events']:.0f} "
                     f"| {r['seconds']:.2f} | {r['reconcile']:.2f} "
                     f"| {1e6 * (r['seconds'] - r['reconcile']) / r['words']:,.0f} |")
    xs = [r["words"] for r in rows]
    lines += ["", "Linear fits over all rows (y = a·words + b):", ""]
    for label, ys in (("calls", [r["calls"] for r in rows]), ("prompt tokens", [r["prompt"] for r in rows]),
                      ("seconds without reconcile", [r["seconds"] - r["reconcile"] for r in rows]),
                      ("seconds of reconcile", [r["reconcile"] for r in rows])):
        a, b, r2 = fit(xs, ys)
        lines.append(f"- {label}: a = {a * 1000:.4g} per 1k words, b = {b:.3g}, R² = {r2:.4f}")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
