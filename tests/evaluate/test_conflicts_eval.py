"""The conflicts task of ``summarizer eval``: gold cases, scoring, the CLI, the dev set's own checks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.errors import InputError
from summarizer.evaluate.conflicts import evaluate_conflicts, load_cases, score_conflicts

DEV = Path(__file__).resolve().parents[2] / "bench" / "conflicts"


def write_case(folder: Path, cid: str, texts: list[str], conflicts: list[dict]) -> None:
    arts = [{"id": f"a{k}", "text": t, "published": "2025-03-14"} for k, t in enumerate(texts)]
    (folder / f"{cid}.json").write_text(json.dumps({"id": cid, "tasks": ["conflicts"], "articles": arts,
                                                    "gold": {"conflicts": conflicts}}))


def test_the_dev_set_is_large_varied_and_self_consistent():
    cases = load_cases(DEV)
    assert len(cases) >= 40
    kinds = {g["kind"] for c in cases for g in c.gold}
    assert kinds == {"numeric", "temporal", "contradiction", "attribution", "update"}
    clean = [c for c in cases if not c.gold]
    assert len(clean) >= 20 and any(len(c.articles) > 1 for c in clean) and any(len(c.articles) == 1 for c in clean)
    for c in cases:
        for g in c.gold:
            assert all(any(e in a.text for a in c.articles) for e in g["evidence"]), c.id


def test_scoring_counts_matches_kinds_overlap_and_false_alarms(tmp_path):
    text = "He carried a 5-inch knife. Police found a 10-inch knife."
    write_case(tmp_path, "hit", [text], [{"kind": "numeric", "evidence": ["5-inch knife", "10-inch knife"]}])
    write_case(tmp_path, "clean", ["Seven were hurt."], [])
    cases = load_cases(tmp_path)
    sides = [{"article": "a0", "evidence": [{"start": text.index("a 5"), "end": text.index("a 5") + 14}]},
             {"article": "a0", "evidence": [{"start": text.index("a 10"), "end": text.index("a 10") + 15}]}]
    wrong_kind = {"kind": "temporal", "sides": sides}
    report = score_conflicts(cases, {"hit": [wrong_kind], "clean": [{"kind": "numeric", "sides": []}]})
    assert report["detection"]["tp"] == 1 and report["detection"]["fp"] == 1
    assert report["kind_accuracy"] == 0.0 and report["false_alarm_rate"] == 1.0
    assert 0.9 < report["evidence_overlap"] <= 1.0
    report = score_conflicts(cases, {"hit": [{**wrong_kind, "kind": "numeric"}], "clean": []})
    assert report["detection"]["f1"] == 1.0 and report["kind_accuracy"] == 1.0 and report["false_alarm_rate"] == 0
    report = score_conflicts(cases, {})
    assert report["detection"]["fn"] == 1 and report["detection"]["recall"] == 0.0


def test_without_a_model_the_text_alone_is_scored(tmp_path):
    write_case(tmp_path, "knife", ["Witnesses saw a 5-inch knife. Police recovered a 10-inch knife from his car."],
               [{"kind": "numeric", "evidence": ["5-inch knife", "10-inch knife"]}])
    write_case(tmp_path, "split", ["The motion passed by 52 votes to 48."], [])
    r = evaluate_conflicts(tmp_path)
    assert r["mode"] == "text" and r["detection"]["tp"] == 1 and r["false_alarm_rate"] == 0.0


def test_cli_task_conflicts_no_llm_and_pred(tmp_path):
    write_case(tmp_path, "knife", ["Witnesses saw a 5-inch knife. Police recovered a 10-inch knife from his car."],
               [{"kind": "numeric", "evidence": ["5-inch knife", "10-inch knife"]}])
    r = CliRunner().invoke(app, ["eval", str(tmp_path), "--task", "conflicts", "--no-llm", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["detection"]["f1"] == 1.0
    preds = tmp_path / "preds"
    preds.mkdir()
    (preds / "knife.json").write_text(json.dumps({"conflicts": []}))
    r = CliRunner().invoke(app, ["eval", str(tmp_path), "--task", "conflicts", "--pred", str(preds)])
    assert r.exit_code == 0 and "R 0.000" in r.stdout and "knife: gold ['numeric'], predicted none" in r.stdout


@pytest.mark.parametrize("body,message", [
    ({"id": "x", "articles": []}, "not a conflicts case"),
    ({"id": "x", "articles": [{"text": "t"}], "gold": {"conflicts": [{"kind": "odd", "evidence": ["t"]}]}},
     "needs \"kind\""),
    ({"id": "x", "articles": [{"text": " "}], "gold": {"conflicts": []}}, "non-empty \"text\""),
])
def test_bad_cases_are_one_clear_error(tmp_path, body, message):
    (tmp_path / "x.json").write_text(json.dumps(body))
    with pytest.raises(InputError, match=message):
        load_cases(tmp_path)
    r = CliRunner().invoke(app, ["eval", str(tmp_path), "--task", "conflicts", "--no-llm"])
    assert r.exit_code == 3 and "Traceback" not in r.output
