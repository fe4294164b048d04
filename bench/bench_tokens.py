"""LLM calls and prompt tokens per article, without running the model.

Each article goes through the real pipeline against the scripted endpoint in
json_schema mode, so the requests are exactly those the embedded model gets. Their
prompt tokens are counted with the embedded model's own tokenizer and chat template
(loaded vocabulary-only: no weights, no inference). The instruction overhead is
prompt tokens minus the article's own tokens; the goal is that it stays under a fixed
budget. Completion tokens need the real model: bench_embedded.py measures them.

    python bench/bench_tokens.py [--budget 600]
"""

from __future__ import annotations

import argparse
import sys

from common import articles, machine, median, save, scripted, tokenizer_or_chars

from summarizer import LLM, summarize

BUDGET = 600  # tokens of instructions, template and sentence labels on top of the article's own


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--budget", type=int, default=BUDGET, help="instruction budget to check against")
    a = ap.parse_args()
    tok = tokenizer_or_chars()
    server, settings = scripted(tok)
    llm = LLM.from_settings(settings)
    rows = []
    for name, art in articles():
        s = summarize(art, settings=settings, llm=llm)
        article_tokens = tok.text(art.text)
        rows.append({"id": name, "calls": s.meta.llm_calls, "prompt_tokens": s.meta.prompt_tokens,
                     "article_tokens": article_tokens, "overhead": s.meta.prompt_tokens - article_tokens})
    server.stop()
    dev = [r for r in rows if r["id"] != "example"]
    over = [r["id"] for r in rows if r["overhead"] > a.budget]
    result = {
        "machine": machine(), "tokenizer": type(tok).__name__, "budget": a.budget,
        "example": rows[0],
        "dev": {"articles": len(dev), "calls_per_article": sum(r["calls"] for r in dev) / len(dev) if dev else None,
                "prompt_tokens_median": median([r["prompt_tokens"] for r in dev]),
                "article_tokens_median": median([r["article_tokens"] for r in dev]),
                "overhead_median": median([r["overhead"] for r in dev]),
                "overhead_max": max((r["overhead"] for r in dev), default=None)},
        "over_budget": over, "per_article": rows,
    }
    save("tokens", result)
    e, d = result["example"], result["dev"]
    print(f"tokens counted with {result['tokenizer']}; instruction budget {a.budget}")
    print(f"  example: {e['calls']} call, {e['prompt_tokens']} prompt tokens = {e['article_tokens']} article "
          f"+ {e['overhead']} instructions")
    if dev:
        print(f"  dev ({d['articles']}): {d['calls_per_article']:.2f} calls/article, prompt median "
              f"{d['prompt_tokens_median']}, article median {d['article_tokens_median']}, instructions median "
              f"{d['overhead_median']} max {d['overhead_max']}")
    print(f"  over budget: {', '.join(over) or 'none'}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
