"""Trust on an inventing endpoint: what reaches the user when the model makes things up about the example.

The reply is the tests' inventing reply (tests/extract/test_trust.py: a headline with a place and a toll
the article never states, a key point about a killing that never happened, an event placed in another
country with invented actors, a death toll of 5000, invented speakers) served by the scripted
OpenAI-compatible server on 127.0.0.1. The script counts the shown values the article supports
(``summarizer.evaluate.support``, an independent check), lists every invented word still shown in JSON,
Markdown or HTML, and every repair and warning the summary names. Writes results_trust.json.

    python bench/bench_trust.py
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from common import EXAMPLE, ROOT, machine, save

sys.path.insert(0, str(ROOT / "tests" / "extract"))

from test_trust import INVENTED, INVENTED_WORDS  # noqa: E402

from summarizer import Settings, summarize, to_json, to_markdown  # noqa: E402
from summarizer.evaluate.support import SupportTally  # noqa: E402
from summarizer.render.html import to_html  # noqa: E402
from summarizer.testing.scripted_server import ScriptedServer, completion  # noqa: E402


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def main() -> int:
    server = ScriptedServer().start()
    try:
        server.add(*[completion(INVENTED) for _ in range(2)])  # the reply, and the same again when re-asked
        settings = Settings(backend="openai", base_url=server.url, api_key="sk-bench-0000", model="inventing",
                            mode="json", transport_retries=0, timeout_s=10)
        text = EXAMPLE.read_text(encoding="utf-8")
        summary = summarize(text, settings=settings)
        calls = len(server.requests)
    finally:
        server.stop()
    out = json.loads(to_json(summary))
    tally = SupportTally()
    tally.add("example", summary.article.text, out)
    shown = {"json": "\n".join(_strings(out)), "markdown": to_markdown(summary), "html": to_html(summary)}
    leaks = {fmt: [w for w in INVENTED_WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", body)]
             for fmt, body in shown.items()}
    repairs = [r.model_dump(by_alias=True) for item in (*summary.key_points, *summary.events, *summary.claims)
               for r in item.repairs] + [r.model_dump(by_alias=True) for r in summary.meta.repairs]
    result = {
        "machine": machine(), "command": "python bench/bench_trust.py", "llm_calls": calls,
        "shown_values": tally.values, "supported": tally.supported,
        "support": round(tally.supported / tally.values, 3) if tally.values else None,
        "unsupported": tally.unsupported, "invented_words_shown": leaks,
        "kept": {"headline": summary.headline, "key_points": [kp.text for kp in summary.key_points],
                 "events": [e.description for e in summary.events],
                 "claims": [f"{c.source.canonical}: {c.content[:80]}" for c in summary.claims]},
        "repairs": repairs, "warnings": summary.meta.warnings,
    }
    save("trust", result)
    brief = {k: result[k] for k in ("llm_calls", "shown_values", "supported", "support", "invented_words_shown")}
    sys.stdout.write(json.dumps(brief, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
