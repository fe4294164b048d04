"""Evaluation: our scorer against the corpus's reference scorer, stage attribution, runs, the CLI."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from summarizer import InputError, RetriesExhausted
from summarizer.evaluate import evaluate, load_gold, score
from summarizer.testing.scripted_model import responder
from summarizer.testing.scripted_server import completion

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
DEV, SCORE_PY = CORPUS / "dev", CORPUS / "score.py"


def _need_corpus() -> None:
    if not (DEV.is_dir() and SCORE_PY.is_file()):
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide the shared corpus at {CORPUS}")
        pytest.skip(f"the shared corpus is not at {CORPUS} (it is not part of this repository)")


# ---------------------------------------------------------------- predictions built from gold, no model

def _span(text: str, s: int, e: int) -> dict[str, Any]:
    return {"start": s, "end": e, "text": text[s:e]}


def _value_bounds(value: str) -> tuple[str | None, str | None]:
    """A TimeML DATE value as TimeRef start/end strings (None when it names no calendar range)."""
    if m := re.fullmatch(r"(\d{4})-W(\d{2})", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        y, q = int(m[1]), int(m[2])
        return f"{y}-{3 * q - 2:02d}", f"{y}-{3 * q:02d}"
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", value):
        return value, value
    return None, None


def _shift(day: str | None, days: int) -> str | None:
    if not day or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        return day
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def prediction(gold: dict[str, Any], rng: random.Random | None = None) -> dict[str, Any]:
    """An output-contract dict reproducing ``gold``; with ``rng``, degraded at random in every scored way."""
    text = gold["article"]["text"]
    g = gold["gold"]
    bad = (lambda p: rng.random() < p) if rng else (lambda p: False)
    events: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    for k, ge in enumerate(g["events"]):
        if bad(0.2):
            continue  # missed incident
        names = [alts[0] for alts in ge["actors"] + ge["targets"]]
        mention = ge["mentions"][0] if ge["mentions"] else None
        d = ge.get("date") or {}
        date = {"text": d.get("muc") or "", "start": d.get("start"), "end": d.get("end"), "precision": "day"}
        if bad(0.3):
            date.update(start=_shift(date["start"], 40), end=_shift(date["end"], 40))
        elif bad(0.15):
            date.update(start=None, end=None)
        killed: Any = ge.get("killed")
        if bad(0.5):
            killed = (killed or 0) + 2
        elif bad(0.2):
            killed = str(killed) if killed is not None else None
        elif bad(0.2):
            killed = True  # not a count
        events.append({
            "id": f"e{k}", "type": rng.choice(["attack", "bombing", "incident"]) if rng else ge["type"],
            "description": ge["type"], "date": None if bad(0.1) else date,
            "location": {"text": "Lima" if bad(0.3) else ge.get("location") or ""},
            "actors": [{"name": "armed men" if bad(0.3) else n} for n in names],
            "casualties": [{"group": "victims", "killed": killed, "injured": None if bad(0.5) else ge.get("injured")}],
            "evidence": [_span(text, mention["start"], mention["end"])] if mention and not bad(0.2) else [],
        })
    for k, t in enumerate(g["timexes"]):
        if bad(0.2):
            continue
        start, end = _value_bounds(t["value"])
        if bad(0.2):
            start, end = _shift(start, 400), _shift(end, 400)
        surface = rng.choice([t["text"].upper(), f"early {t['text']}", f" {t['text']}.".replace(" ", "  ")]) \
            if bad(0.5) else t["text"]
        events.append({"id": f"t{k}", "type": "report", "description": t["text"],
                       "date": {"text": surface, "start": start, "end": end, "precision": "day"},
                       "evidence": [_span(text, *t["span"])]})
    for k, c in enumerate(g["claims"]):
        if bad(0.2):
            continue
        frags = c.get("content_fragments") or [c["content_span"]]
        spans = [list(f) for f in frags]
        if bad(0.3):  # boundaries off: only the first third of the content
            spans = [[spans[0][0], spans[0][0] + max(1, (spans[0][1] - spans[0][0]) // 3)]]
        content = c["content"] if not bad(0.3) else " ".join(c["content"].split()[:3])
        source: Any = {"name": c["source"], "canonical": c["source"]}
        if bad(0.2):
            source = {"name": "Nobody In Particular", "canonical": "Nobody In Particular"}
        elif bad(0.1):
            source = c["source"]  # a plain string is read too
        claims.append({"id": f"c{k}", "source": source, "cue": c.get("cue") or "", "content": content,
                       "evidence": [_span(text, s, e) for s, e in spans]})
    if rng:  # inventions: a non-incident event, an incident far from any mention, claims nobody made
        n = len(text)
        events.append({"id": "x1", "type": "meeting", "date": {"text": "yesterday"}, "evidence": [_span(text, 0, 5)]})
        events.append({"id": "x2", "type": "bombing", "actors": [{"name": "Zorro"}], "evidence": []})
        claims.append({"id": "x3", "source": {"name": "X"}, "content": "", "evidence": [_span(text, n - 30, n)]})
    key_points = [{"text": "first", "evidence": [_span(text, 0, min(20, len(text)))]}]
    if bad(0.3):  # an ungrounded span
        key_points.append({"text": "off", "evidence": [{"start": 3, "end": 9, "text": "not the article"}]})
    return {"article": {"id": gold["id"], "text": text if not bad(0.05) else text.lower()},
            "headline": "", "key_points": key_points, "events": events, "claims": claims, "conflicts": [],
            "meta": {"model": "from-gold"}}


def _write_predictions(pred_dir: Path, rng: random.Random | None) -> None:
    pred_dir.mkdir()
    for f in sorted(DEV.glob("*.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        if rng and rng.random() < 0.05:
            continue  # no prediction at all
        if rng and rng.random() < 0.03:
            (pred_dir / f.name).write_text("{not json", encoding="utf-8")
            continue
        (pred_dir / f.name).write_text(json.dumps(prediction(gold, rng)), encoding="utf-8")


def _reference(gold_dir: Path, pred_dir: Path, tmp_path: Path) -> dict[str, Any]:
    out = tmp_path / "reference.json"
    r = subprocess.run([sys.executable, str(SCORE_PY), str(gold_dir), str(pred_dir), "--json", str(out)],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return json.loads(out.read_text())


def _assert_agree(ours: dict[str, Any], ref: dict[str, Any]) -> None:
    """Every number the reference prints, equal to three decimals (counts exactly)."""
    assert ours["n_gold_docs"] == ref["n_gold_docs"]
    assert ours["missing_predictions"] == ref["missing_predictions"]
    for section in ("events", "timexes", "claims", "grounding", "overall"):
        for key, want in ref[section].items():
            if key == "note":
                continue
            # the reference reads only the items' TimeRefs; ours counts the timeline too and repeats the former
            got = (ours["timexes"]["items_only"][key] if section == "timexes"
                   else ours["timexes"]["items_only"]["accuracy"] if (section, key) == ("overall", "timex_acc")
                   else ours[section][key])
            if isinstance(want, float) or isinstance(got, float):
                assert got is not None and want is not None and f"{got:.3f}" == f"{want:.3f}", (section, key, got, want)
            else:
                assert got == want, (section, key, got, want)


def _ours(pred_dir: Path) -> dict[str, Any]:
    return evaluate(DEV, pred_dir=pred_dir)


def test_perfect_predictions_score_one_and_agree(tmp_path):
    _need_corpus()
    _write_predictions(tmp_path / "pred", None)
    ours, ref = _ours(tmp_path / "pred"), _reference(DEV, tmp_path / "pred", tmp_path)
    _assert_agree(ours, ref)
    for section, key in [("events", "f1"), ("events", "date_acc"), ("events", "killed_acc"),
                         ("events", "location_f1"), ("timexes", "coverage"), ("timexes", "accuracy"),
                         ("claims", "f1"), ("claims", "source_acc"), ("grounding", "rate")]:
        assert ours[section][key] == 1.0, (section, key)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_degraded_predictions_agree_with_the_reference(tmp_path, seed):
    _need_corpus()
    _write_predictions(tmp_path / "pred", random.Random(seed))
    ours, ref = _ours(tmp_path / "pred"), _reference(DEV, tmp_path / "pred", tmp_path)
    _assert_agree(ours, ref)
    for section, key in [("events", "f1"), ("events", "date_acc"), ("events", "killed_acc"),
                         ("events", "location_f1"), ("timexes", "accuracy"), ("claims", "f1"),
                         ("claims", "source_acc"), ("grounding", "rate")]:
        assert 0.0 < ours[section][key] < 1.0, (section, key, ours[section][key])  # the numbers are not trivial
    assert ours["events"]["precision_all"] < ours["events"]["precision"]  # the meeting does not count against P
    assert ours["grounding"]["article_text_mismatch"] == ref["grounding"]["article_text_mismatch"]


def test_pipeline_predictions_agree_with_the_reference(server, settings, tmp_path):
    """The real pipeline over the whole dev corpus, against the scripted model: same numbers as score.py."""
    _need_corpus()
    server.responder = responder()
    pred = tmp_path / "pred"
    ours = evaluate(DEV, settings=settings, save_dir=pred)
    assert sorted(p.name for p in pred.glob("*.json")) == sorted(p.name for p in DEV.glob("*.json"))
    _assert_agree(ours, _reference(DEV, pred, tmp_path))
    assert ours["grounding"]["rate"] == 1.0
    runs = ours["runs"]
    assert (runs["articles"], runs["run"], runs["failed"], runs["llm_calls_per_article"]) == (38, 38, 0, 1.0)
    assert runs["first_attempt_valid"] == 1.0 and runs["reask_rate"] == 0.0
    # the same folder scored again, as outputs: same scores, and the run records come back from runs.jsonl
    again = evaluate(DEV, pred_dir=pred)
    assert again["overall"] == ours["overall"] and again["runs"]["given"] == 38
    assert again["runs"]["prompt_tokens_per_article"] == runs["prompt_tokens_per_article"]


# ---------------------------------------------------------------- stage attribution on a tiny gold set

TEXT_EV = ("LIMA, 10 DEC 88 -- GUERRILLAS KILLED TWO ENGINEERS IN AQUIRA ON 7 DECEMBER. "
           "SEPARATELY, A BOMB EXPLODED AT A BANK IN CUZCO.")
TEXT_TX = "On Friday, March 22, 2013, officials met. They meet again next week and in 2014, as last year."
TEXT_CL = ("Obama said he is troubled by the remarks. Clinton argued that the plan would fail badly. "
           "Aides said taxes rise soon.")


def _at(text: str, phrase: str) -> list[int]:
    start = text.index(phrase)
    return [start, start + len(phrase)]


def _mention(text: str, phrase: str) -> dict[str, int]:
    s, e = _at(text, phrase)
    return {"start": s, "end": e}


def _timex(text: str, value: str) -> dict[str, Any]:
    return {"text": text, "span": _at(TEXT_TX, text), "type": "DATE", "value": value}


def _claim(source: str, content: str) -> dict[str, Any]:
    return {"source": source, "content": content, "content_span": _at(TEXT_CL, content)}


def _gold_files(folder: Path) -> Path:
    folder.mkdir()
    docs = [
        {"id": "ev", "tasks": ["events"], "article": {"text": TEXT_EV, "published": "1988-12-10"},
         "gold": {"events": [
             {"id": "E1", "type": "attack", "date": {"start": "1988-12-07", "end": "1988-12-07"},
              "location_alternatives": ["AQUIRA, PERU"], "actors": [["GUERRILLAS"]], "targets": [["ENGINEERS"]],
              "killed": 2, "injured": None, "mentions": [_mention(TEXT_EV, "GUERRILLAS")]},
             {"id": "E2", "type": "bombing", "date": {"start": "1988-12-09", "end": "1988-12-09"},
              "location_alternatives": ["CUZCO"], "actors": [], "targets": [["BANK"]], "killed": 3, "injured": 0,
              "mentions": [_mention(TEXT_EV, "BANK")]},
             {"id": "E3", "type": "kidnapping", "date": None, "actors": [["ELN"]], "targets": [["MAYOR"]],
              "killed": None, "injured": None, "mentions": []}],
             "claims": [], "timexes": []}},
        {"id": "tx", "tasks": ["timexes"], "article": {"text": TEXT_TX, "published": "2013-03-22"},
         "gold": {"events": [], "claims": [], "timexes": [
             _timex("Friday, March 22, 2013", "2013-03-22"), _timex("next week", "2013-W13"),
             _timex("2014", "2014"), _timex("last year", "2012")]}},
        {"id": "cl", "tasks": ["claims"], "article": {"text": TEXT_CL, "published": None},
         "gold": {"events": [], "timexes": [], "claims": [
             _claim("Obama", "he is troubled by the remarks"), _claim("Clinton", "the plan would fail badly"),
             _claim("Aides", "taxes rise soon")]}},
    ]
    for d in docs:
        (folder / f"{d['id']}.json").write_text(json.dumps(d), encoding="utf-8")
    return folder


def test_losses_are_attributed_to_stages(tmp_path):
    gold = _gold_files(tmp_path / "gold")
    pred = tmp_path / "pred"
    pred.mkdir()
    ev = {"events": [
        {"type": "attack", "actors": [{"name": "Guerrillas"}], "date": {"text": "7 December", "start": "1988-12-08"},
         "location": {"text": "Aquira, Peru"}, "casualties": [{"group": "engineers", "killed": 2}],
         "evidence": [_span(TEXT_EV, *_at(TEXT_EV, "GUERRILLAS KILLED TWO ENGINEERS"))]},
        {"type": "bombing", "actors": [{"name": "a bank"}], "date": {"text": "recently"}, "casualties": [],
         "evidence": [_span(TEXT_EV, *_at(TEXT_EV, "A BOMB EXPLODED AT A BANK"))]},
        {"type": "bombing", "actors": [{"name": "someone"}], "evidence": [{"start": 0, "end": 4, "text": "LIMA"}]},
        {"type": "meeting", "evidence": [{"start": 0, "end": 4, "text": "lima"}]}]}
    tx = {"events": [
        {"type": "report", "date": {"text": "Friday", "start": "2013-03-22", "end": "2013-03-22"},
         "evidence": [_span(TEXT_TX, *_at(TEXT_TX, "Friday"))]},
        {"type": "report", "date": {"text": "next week", "start": "2013-04-01", "end": "2013-04-07"}},
        {"type": "report", "date": {"text": "in 2014"}},
        {"type": "report", "date": {"text": "Friday, March 22, 2013", "start": "2013-03-22"}}]}
    cl = {"claims": [
        {"source": {"name": "Obama", "canonical": "Barack Obama"}, "content": "he is troubled by the remarks",
         "evidence": [_span(TEXT_CL, *_at(TEXT_CL, "he is troubled by the remarks"))]},
        {"source": {"name": "the plan"}, "content": "fail", "evidence": [_span(TEXT_CL, *_at(TEXT_CL, "badly"))]},
        {"source": "the aides", "content": "", "evidence": [_span(TEXT_CL, *_at(TEXT_CL, "taxes"))]}]}
    for gid, p in (("ev", ev), ("tx", tx), ("cl", cl)):
        (pred / f"{gid}.json").write_text(json.dumps(p), encoding="utf-8")
    r = evaluate(gold, pred_dir=pred)

    e = r["events"]
    assert (e["gold"], e["tp"], e["pred_incident"], e["pred_all"]) == (3, 2, 3, 4)
    assert e["stages"]["extraction"] == {"gold_missed": 1, "date_missing": 0}
    assert e["stages"]["normalization"] == {"date_unresolved": 1, "date_wrong": 1}
    assert e["stages"]["figures"] == {"missing": 1, "wrong": 0}  # the bank bombing's 3 dead
    assert e["stages"]["precision"] == {"spurious_incidents": 1}
    assert e["killed_acc"] == 0.5 and e["date_acc"] == 0.0 and e["location_f1"] == 0.5
    assert (e["injured_acc"], e["injured_n"]) == (1.0, 1)  # a gold 0 accepts no figure

    t = r["timexes"]  # "Friday" alone is no gold text; "in 2014" falls back to the gold "2014" inside it
    assert (t["timerefs"], t["matched"], t["coverage"], t["accuracy"]) == (4, 3, 3 / 4, 1 / 3)
    assert t["stages"]["extraction"] == {"gold_not_in_any_timeref": 1}  # "last year"
    assert t["stages"]["normalization"] == {"unresolved": 1, "wrong_value": 1}  # "in 2014"; "next week" is W13
    assert t["stages"]["precision"] == {"timerefs_not_gold": 1}

    c = r["claims"]
    # "taxes" is 1 of 3 tokens: token-F1 exactly 0.5 matches; "badly" is 1 of 5: 1/3 does not
    assert (c["tp"], c["precision"], c["recall"], c["source_acc"]) == (2, 2 / 3, 2 / 3, 1.0)
    assert c["stages"]["alignment"] == {"gold_under_evidence_unmatched": 1}
    assert c["stages"]["extraction"] == {"gold_not_under_evidence": 0}
    assert c["stages"]["precision"] == {"spurious_claims": 1}
    assert r["grounding"] == {"spans": 8, "grounded": 7, "rate": 7 / 8, "article_text_mismatch": 0}  # "lima"


def test_the_reference_agrees_on_the_tiny_gold_set_too(tmp_path):
    _need_corpus()
    gold = _gold_files(tmp_path / "gold")
    pred = tmp_path / "pred"
    pred.mkdir()
    for f in gold.glob("*.json"):
        (pred / f.name).write_text(json.dumps(prediction(json.loads(f.read_text()), random.Random(7))))
    _assert_agree(evaluate(gold, pred_dir=pred), _reference(gold, pred, tmp_path))


def test_score_counts_a_missing_prediction_as_empty(tmp_path):
    docs = load_gold(_gold_files(tmp_path / "gold"))
    r = score(docs, {})
    assert r["missing_predictions"] == ["cl", "ev", "tx"]
    assert (r["events"]["recall"], r["claims"]["recall"], r["timexes"]["coverage"]) == (0.0, 0.0, 0.0)
    assert r["events"]["precision"] is None and r["grounding"]["rate"] is None


def test_bad_gold_folders_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="not a directory"):
        load_gold(tmp_path / "nope")
    (tmp_path / "a").mkdir()
    with pytest.raises(InputError, match="no gold files"):
        load_gold(tmp_path / "a")
    (tmp_path / "a" / "x.json").write_text('{"id": "x", "text": "plain article"}')
    with pytest.raises(InputError, match="not a gold file"):
        load_gold(tmp_path / "a")
    gold = _gold_files(tmp_path / "g")
    (gold / "copy.json").write_text((gold / "ev.json").read_text())
    with pytest.raises(InputError, match="also used by"):
        load_gold(gold)


def test_task_and_limit_select_gold_files(tmp_path):
    gold = _gold_files(tmp_path / "gold")
    assert [d.id for d in load_gold(gold, task="claims")] == ["cl"]
    assert [d.id for d in load_gold(gold, limit=2)] == ["cl", "ev"]
    r = evaluate(gold, pred_dir=tmp_path, task="timexes")
    assert "timexes" in r and "events" not in r and "claims" not in r


# ---------------------------------------------------------------- runs against the scripted server

def test_run_saves_resumes_and_reruns_when_the_prompt_changes(server, settings, tmp_path):
    gold = _gold_files(tmp_path / "gold")
    server.responder = responder()
    saved = tmp_path / "pred"
    first = evaluate(gold, settings=settings, save_dir=saved)
    assert first["runs"]["run"] == 3 and len(server.chat_requests()) == 3
    assert {p.name for p in saved.iterdir()} == {"cl.json", "ev.json", "tx.json", "runs.jsonl"}

    again = evaluate(gold, settings=settings, save_dir=saved)  # nothing to do
    assert again["runs"]["reused"] == 3 and len(server.chat_requests()) == 3
    assert again["overall"] == first["overall"]
    assert again["runs"]["first_attempt_schema_valid"] == 1.0  # from runs.jsonl

    prompts = tmp_path / "prompts"
    prompts.mkdir()
    shipped = (ROOT / "prompts" / "summarize.j2").read_text(encoding="utf-8")
    (prompts / "summarize.j2").write_text(shipped + "\n{# tuned #}", encoding="utf-8")
    tuned = evaluate(gold, settings=dataclasses.replace(settings, prompts_dir=str(prompts)), save_dir=saved)
    assert tuned["runs"]["run"] == 3 and len(server.chat_requests()) == 6


def test_reasks_and_failures_are_counted_and_the_run_goes_on(server, settings, tmp_path):
    gold = _gold_files(tmp_path / "gold")
    good = {"headline": "h", "key_points": [1], "events": [], "claims": []}
    ungrounded = {**copy.deepcopy(good), "headline": "Invented Person resigns"}  # a name the article lacks
    server.add(completion("not json"), completion("still not json"),  # cl: fails after one re-ask
               completion(ungrounded), completion(good),  # ev: schema-valid, ungrounded, re-asked
               completion({"headline": 3}), completion(good))  # tx: schema-invalid, re-asked
    r = evaluate(gold, settings=settings)
    runs = r["runs"]
    assert (runs["run"], runs["failed"], runs["llm_calls_per_article"]) == (2, 1, 2.0)
    assert runs["first_attempt_valid"] == 0.0 and runs["reask_rate"] == 1.0
    assert runs["first_attempt_schema_valid"] == 1 / 3  # only ev's first reply had the Draft's shape
    assert re.match(r"cl: no valid structured output after 2 attempt", runs["errors"][0]), runs["errors"]
    assert r["missing_predictions"] == ["cl"] and r["claims"]["recall"] == 0.0


def test_a_long_article_read_in_parts_without_reasks_is_valid_at_the_first_attempt(server, settings, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    text = " ".join(f"On Friday the council of town {k} met and agreed to act on the budget." for k in range(700))
    (gold / "long.json").write_text(json.dumps({"id": "long", "tasks": ["timexes"], "article": {"text": text},
                                                "gold": {"events": [], "claims": [], "timexes": []}}))
    server.responder = responder()
    runs = evaluate(gold, settings=settings)["runs"]
    assert runs["llm_calls_per_article"] >= 3  # one call per part
    assert (runs["first_attempt_valid"], runs["first_attempt_schema_valid"], runs["reask_rate"]) == (1.0, 1.0, 0.0)


def test_when_every_article_fails_the_error_is_raised(server, settings, tmp_path):
    gold = _gold_files(tmp_path / "gold")
    server.responder = lambda req: completion("nothing useful")
    with pytest.raises(RetriesExhausted):
        evaluate(gold, settings=settings, limit=2)


# ---------------------------------------------------------------- the command line

def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "300"}
    return subprocess.run([sys.executable, "-m", "summarizer", "eval", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_cli_runs_and_prints_the_table(server, tmp_path):
    gold = _gold_files(tmp_path / "gold")
    server.responder = responder()
    r = _cli(str(gold), "--base-url", server.url, "--api-key", "sk-test", "--model", "scripted", "--mode", "json",
             "--save-pred", str(tmp_path / "pred"))
    assert r.returncode == 0, r.stderr
    for line in ("EVENTS (MUC-4)", "TIMEXES (TempEval-3)", "CLAIMS (PolNeAR)", "losses by stage:",
                 "GROUNDING  spans=", "RUNS  articles=3 run=3", "llm_calls=1.000", "OVERALL events_f1="):
        assert line in r.stdout, line
    assert re.search(r"^\[1/3\] cl  run ", r.stderr, re.M), r.stderr  # progress goes to stderr
    assert (tmp_path / "pred" / "ev.json").is_file()


def test_cli_json_scores_existing_predictions(tmp_path):
    gold = _gold_files(tmp_path / "gold")
    r = _cli(str(gold), "--pred", str(tmp_path), "--format", "json", "--task", "claims")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["claims"]["gold"] == 3 and out["missing_predictions"] == ["cl"] and out["runs"]["articles"] == 0


@pytest.mark.parametrize("args, code, message", [
    (["--pred", "P", "--save-pred", "Q"], 2, "use one"),
    (["--task", "quotes"], 2, "events, timexes, claims"),
    (["--format", "xml"], 2, "table, json"),
    (["--pred", "missing-folder"], 3, "not a directory of predictions"),
])
def test_cli_usage_and_input_errors(tmp_path, args, code, message):
    gold = _gold_files(tmp_path / "gold")
    r = _cli(str(gold), *args)
    assert r.returncode == code and message in " ".join(r.stderr.split()), r.stderr
    assert _cli(str(tmp_path / "no-gold"), "--pred", str(tmp_path)).returncode == 3
