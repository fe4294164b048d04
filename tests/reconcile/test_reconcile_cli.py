"""``summarizer reconcile`` as a user runs it, and the LLM judge behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run
from test_reconcile import RAID_A, RAID_B, build, raid
from typer.testing import CliRunner

from summarizer import LLM, reconcile
from summarizer.cli import app
from summarizer.testing.scripted_server import completion, error

# a weak contradiction: a negation and two shared words, not enough to hold without a model
SAID = "Officials said the convoy reached the villages on Tuesday with food, medicine and blankets for families."
DISPUTED = "Rebels said no convoy has reached the region."
DENIAL = "Rebels said the convoy did not reach the villages on Tuesday with food, medicine and blankets."


def statement(aid: str, text: str, source: str):
    return build(aid, text, claims=[(source, text.split("said ")[1].rstrip("."))],
                 headline="Convoy to villages near Aleppo")


def pair():
    return [statement("a", SAID, "Officials"), statement("b", DISPUTED, "Rebels")]


def cli(*args: str):
    return CliRunner().invoke(app, list(args))


def write(tmp_path, name, data) -> str:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(p)


@pytest.fixture
def raid_files(tmp_path) -> list[str]:
    a = raid("a", RAID_A, "Iraqi military", RAID_A.split(", the")[0], 14, outlet="Reuters")
    b = raid("b", RAID_B, "Iraqi officials", RAID_B.split(", Iraqi")[0], 15, outlet="AP")
    return [write(tmp_path, "a.json", a.model_dump()), write(tmp_path, "b.json", b.model_dump())]


def test_markdown_report_from_a_real_process(raid_files):
    r = run("reconcile", *raid_files, "--no-llm")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("# Reconciliation: 2 article(s), 1 story, 1 conflict(s)")
    assert "**numeric** (critical)" in r.stdout and "Conservative reading: 14 killed" in r.stdout


def test_json_report_to_a_file(raid_files, tmp_path):
    out = tmp_path / "r.json"
    r = cli("reconcile", *raid_files, "--no-llm", "-f", "json", "-o", str(out))
    assert r.exit_code == 0 and r.stdout == ""
    data = json.loads(out.read_text())
    assert [s["articles"] for s in data["stories"]] == [["a", "b"]]
    [c] = data["conflicts"]
    assert (c["kind"], c["scope"], c["story"]) == ("numeric", "story", "S1")
    assert {s["source"] for s in c["sides"]} == {"Iraqi military", "Iraqi officials"}


def test_a_list_file_and_json_lines_on_stdin(raid_files, tmp_path):
    both = [json.loads(Path(f).read_text()) for f in raid_files]
    r = cli("reconcile", write(tmp_path, "both.json", both), "--no-llm", "-f", "json")
    assert r.exit_code == 0 and len(json.loads(r.stdout)["stories"][0]["articles"]) == 2
    r = CliRunner().invoke(app, ["reconcile", "-", "--no-llm", "-f", "json"],
                           input="\n".join(json.dumps(x) for x in both))
    assert r.exit_code == 0 and len(json.loads(r.stdout)["stories"][0]["articles"]) == 2


def test_no_model_is_built_when_no_pair_needs_judging(raid_files, tmp_path, monkeypatch):
    # LLM on (no --no-llm), and a model that cannot load: fine as long as nothing needs judging
    monkeypatch.setenv("SUMMARIZER_MODEL", "/nonexistent/model.gguf")
    r = cli("reconcile", *raid_files)
    assert r.exit_code == 0, r.stderr
    files = [write(tmp_path, f"{s.article.id}-pair.json", s.model_dump()) for s in pair()]
    r = cli("reconcile", *files)  # now a pair needs the judge: the missing model is a config error
    assert r.exit_code == 4 and "model file not found" in r.stderr


@pytest.mark.parametrize("content,message", [
    ("{not json", "not JSON (Expecting property name enclosed in double quotes at line 1 column 2)"),
    ("[]", "an empty list, no summaries"),
    ('{"headline": "x"}', "not an ArticleSummary (no 'article' object)"),
    ('[{"article": {"id": "x"}}]', "summary 1 is not an ArticleSummary: article.text: Field required"),
    ("   \n", "empty file"),
    (b"\xff\xfe", "not UTF-8 text"),
])
def test_bad_input_is_one_line_and_exit_3(tmp_path, content, message):
    p = tmp_path / "bad.json"
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    r = cli("reconcile", str(p), "--no-llm")
    assert r.exit_code == 3, r.stderr
    assert r.stderr.startswith("InputError: ") and message in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr


def test_missing_file_directory_no_files_and_bad_format(tmp_path, raid_files):
    assert cli("reconcile", str(tmp_path / "nope.json"), "--no-llm").exit_code == 3
    r = cli("reconcile", str(tmp_path), "--no-llm")
    assert r.exit_code == 3 and "is a directory" in r.stderr
    assert cli("reconcile").exit_code == 2
    r = cli("reconcile", *raid_files, "-f", "pdf")
    assert r.exit_code == 7 and "--format must be one of md, json" in r.stderr


def test_one_line_exit_3_from_a_real_process(tmp_path):
    r = run("reconcile", write(tmp_path, "bad.json", "{not json"), "--no-llm")
    assert r.returncode == 3 and r.stderr.strip().count("\n") == 0 and "Traceback" not in r.stderr


def test_judge_cache_file_spares_a_second_call(server, tmp_path):
    server.add(completion({"verdict": "conflict", "summary": "Rebels say no convoy arrived."}))
    files = [write(tmp_path, f"{s.article.id}.json", s.model_dump()) for s in pair()]
    cache = tmp_path / "judge.json"
    args = ["reconcile", *files, "-f", "json", "--cache", str(cache), "--base-url", server.url, "--api-key", "k",
            "--model", "scripted", "--mode", "json"]
    first = cli(*args)
    assert first.exit_code == 0, first.stderr
    [c] = json.loads(first.stdout)["conflicts"]
    assert c["kind"] == "contradiction" and c["summary"] == "Rebels say no convoy arrived."
    assert len(server.chat_requests()) == 1 and len(json.loads(cache.read_text())) == 1
    second = cli(*args)
    assert second.exit_code == 0 and json.loads(second.stdout)["conflicts"] == json.loads(first.stdout)["conflicts"]
    assert len(server.chat_requests()) == 1
    assert json.loads(cli("reconcile", *files, "--no-llm", "-f", "json").stdout)["conflicts"] == []


# ----------------------------------------------------------------- the judge through the library

def test_weak_candidate_needs_the_llm_once_per_pair(server, settings, tmp_path):
    assert reconcile(pair()).conflicts == []  # deterministic: a weak candidate does not stand alone
    server.add(completion({"verdict": "conflict", "summary": "Officials and rebels disagree on the convoy."}))
    cache = tmp_path / "verdicts.json"
    r = reconcile(pair(), llm=LLM.from_settings(settings), cache_path=cache)
    [c] = r.conflicts
    assert c.kind == "contradiction" and c.summary == "Officials and rebels disagree on the convoy."
    assert [(sd.source, sd.value) for sd in c.sides] == [("Officials", "asserts"), ("Rebels", "negates")]
    assert r.llm_calls == 1
    request = server.chat_requests()[0]["messages"][-1]["content"]
    assert "no convoy has reached the region" in request and "the convoy reached the villages" in request
    assert "Convoy to villages" not in request  # the pair's evidence only, not the headline
    again = reconcile(list(reversed(pair())), llm=LLM.from_settings(settings), cache_path=cache)
    assert again.llm_calls == 0 and len(server.chat_requests()) == 1  # cached, whatever the order
    assert again.conflicts == r.conflicts


def test_judge_can_reject_and_a_failing_llm_falls_back_to_the_rules(server, settings):
    server.add(error(400, "bad request"))
    r = reconcile([statement("a", SAID, "Officials"), statement("c", DENIAL, "Rebels")],
                  llm=LLM.from_settings(settings))
    assert [c.kind for c in r.conflicts] == ["contradiction"]  # strong: the rule holds it without the model
    assert any("LLM judge failed" in w for w in r.warnings)
    server.add(completion({"verdict": "consistent", "summary": ""}))
    r = reconcile(pair(), llm=LLM.from_settings(settings))
    assert r.conflicts == [] and r.llm_calls == 1
