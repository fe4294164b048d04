"""bench/check_figures.py on small Markdown and results files: backed, unbacked, opted out, declared."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "check_figures.py"


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_figures", SCRIPT)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["check_figures"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


cf = _module()


def _repo(tmp_path: Path, benchmarks: str, results: dict[str, Any]) -> Path:
    (tmp_path / "bench").mkdir()
    for name, content in results.items():
        text = content if isinstance(content, str) else json.dumps(content)
        (tmp_path / "bench" / name).write_text(text, encoding="utf-8")
    (tmp_path / "BENCHMARKS.md").write_text(benchmarks, encoding="utf-8")
    return tmp_path


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=60)


RESULTS: dict[str, Any] = {"results_quality.json": {
    "events": {"f1": 0.5777777, "recall": 0.40625}, "seconds_median": 70.0585,
    "first_attempt_valid": 0.4, "support": 0.9649122807017544}}


def test_backed_figures_pass(tmp_path: Path) -> None:
    root = _repo(tmp_path, """# Benchmarks

## 1. Quality

`python bench/bench_quality.py` → `bench/results_quality.json`

| | F1 | seconds |
|---|---|---|
| dev (38 articles) | **0.578** (R 0.41) | 70.1 s |

First attempt valid 40 %, events F1 57.8 %; support 0.965 (55 of 57), in section 3, goal ≥ 0.60, on 2026-12-01
with qwen2.5-coder-1.5b and Python 3.11.7, the 1-minute load.
""", RESULTS)
    done = _run(root)
    assert done.returncode == 0, done.stdout
    assert "0 unbacked" in done.stdout.splitlines()[-1]


def test_unbacked_figure_fails_with_its_section_and_context(tmp_path: Path) -> None:
    root = _repo(tmp_path, """## 2. Speed

From `results_quality.json`: the median article took 52.7 s.
""", RESULTS)
    done = _run(root)
    assert done.returncode == 1
    line = done.stdout.splitlines()[0]
    assert line.startswith("BENCHMARKS.md:3: [2. Speed] 52.7 s: not in results_quality.json")
    assert "the median article took 52.7 s" in line
    assert done.stdout.splitlines()[-1].startswith("FAIL:")


def test_figures_are_checked_against_the_cited_file_only(tmp_path: Path) -> None:
    root = _repo(tmp_path, "## 3. Other\n\nSee `bench/results_other.json`: F1 0.578.\n",
                 {**RESULTS, "results_other.json": {"f1": 0.9}})
    assert _run(root).returncode == 1


def test_a_section_citing_nothing_is_checked_against_every_file_and_listed(tmp_path: Path) -> None:
    root = _repo(tmp_path, "## 4. Uncited\n\nEvents F1 0.578.\n", RESULTS)
    done = _run(root)
    assert done.returncode == 0
    assert "sections citing no results file" in done.stdout and "4. Uncited" in done.stdout


def test_a_citation_naming_no_file_is_an_error(tmp_path: Path) -> None:
    root = _repo(tmp_path, "## 5. Broken\n\n`bench/results_gone.json`: nothing.\n", RESULTS)
    done = _run(root)
    assert done.returncode == 1 and "cites results_gone.json: no such results file" in done.stdout


def test_opted_out_and_declared_figures(tmp_path: Path) -> None:
    root = _repo(tmp_path, """## 6. Marked

`results_quality.json`. A ratio of 1.68 <!-- not a figure: 1.68 — 932 / 554 -->, and 57.8 s on the example
(earlier session) <!-- no results file: 57.8 — measured before results files were kept -->.

<!-- no results file -->
| | s |
|---|---|
| old | 12.5 s |
""", RESULTS)
    done = _run(root)
    assert done.returncode == 0, done.stdout
    last = done.stdout.splitlines()[-1]
    assert "2 declared without a results file" in last and "1 marked not a figure" in last
    assert _run(root, "--strict").returncode == 1


def test_a_heading_marker_covers_its_section(tmp_path: Path) -> None:
    root = _repo(tmp_path, """## 7. Old <!-- no results file: * — earlier session -->

12.5 s and 0.71.

## 8. New

`results_quality.json`: 70.1 s.
""", RESULTS)
    done = _run(root)
    assert done.returncode == 0, done.stdout
    assert "2 declared" in done.stdout.splitlines()[-1]


@pytest.mark.parametrize(("text", "expected"), [
    ("F1 0.578 (P 1.00)", ["0.578", "1.00"]),
    ("3.4–3.9 s", ["3.4", "3.9"]),
    ("1,095 + 390 tokens", ["1,095", "390"]),
    ("37 of 38 articles", ["37", "38"]),
    ("38 articles, 18 MUC-4 events, section 15, issue 2, ≤ 30 s, ≥ 0.85", []),
    ("qwen2.5-coder, a174434, muc4-dev-0013, Python 3.11.7, a 1-minute load, 1.5B", []),
])
def test_what_counts_as_a_figure(text: str, expected: list[str]) -> None:
    assert [f[0] for f in cf.figures_in(cf._clean(text), False)] == expected


def test_units_and_rounding() -> None:
    results = cf.Results(Path("/nonexistent"))
    results._cache["r"] = sorted([0.5777, 70.0585, 0.4, 0.0527, 2204.57])

    def backed(text: str, unit: str = "") -> bool:
        return results.backs("r", cf.Figure("d", 1, "s", text, unit, ""))

    assert backed("0.578") and backed("57.8", "%") and backed("70.1", "s") and backed("40", "%")
    assert backed("52.7", "ms") and backed("2.2", "GiB")
    assert not backed("0.577") and not backed("70.2", "s") and not backed("0.41")
