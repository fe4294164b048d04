"""End to end on the real embedded model (llama-cpp-python + the 1.5B GGUF from PyPI).

Slow (about a minute on 2 cores); it is the product's default path, so it always runs.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import EXAMPLE

pytestmark = pytest.mark.embedded


def test_example_on_the_embedded_model_meets_the_bars():
    out = subprocess.run([sys.executable, "-m", "summarizer", "summarize", str(EXAMPLE), "--format", "json"],
                         capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    text = s["article"]["text"]
    spans = [sp for key in ("key_points", "events", "claims") for item in s[key] for sp in item["evidence"]]
    assert spans and all(text[sp["start"]:sp["end"]] == sp["text"] for sp in spans)
    raids = [e for e in s["events"] if e["date"] and e["date"]["start"] == "2024-08-29"
             and sum(c["killed"] or 0 for c in e["casualties"]) == 14
             and sum(c["injured"] or 0 for c in e["casualties"]) == 7]
    assert raids, json.dumps(s["events"], indent=1)
    canon = {c["source"]["canonical"] for c in s["claims"]}
    assert {"US Central Command", "US Department of Defense official", "Joint Operations Command"} <= canon
    assert "CENTCOM" not in canon
    assert s["meta"]["backend"] == "embedded" and 1 <= s["meta"]["llm_calls"] <= 2
    assert s["meta"]["prompt_tokens"] > 0 and s["meta"]["completion_tokens"] > 0
    kinds = [c["kind"] for c in s["conflicts"]]
    temporal = [c for c in s["conflicts"] if c["kind"] == "temporal"]
    assert any("2024-08-29" in c["summary"] and "week" in c["summary"] for c in temporal), kinds  # the Syria strike
    assert kinds.count("attribution") == 1, kinds  # "The command said … She stressed", once
    assert not {"numeric", "update"} & set(kinds), kinds  # 7 injured = 5 + 2 stays quiet
    timeline = {t["text"]: t["start"] for t in s["timeline"]}
    assert timeline.get("the day before yesterday") == "2024-08-29" and timeline.get("yesterday") == "2024-08-30"
