"""bench/bench_replay.py on a hand-made log of two invented articles: replies served again, scored, misses counted."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import instructor
import pytest

from summarizer import Article, Settings
from summarizer.extract.draft import Draft
from summarizer.llm.structured import request_kwargs
from summarizer.pipeline import prepare

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _module() -> ModuleType:
    path = list(sys.path)
    sys.path.insert(0, str(BENCH))  # the script imports bench/common.py as ``common``
    try:
        spec = importlib.util.spec_from_file_location("bench_replay", BENCH / "bench_replay.py")
        assert spec and spec.loader
        mod = importlib.util.module_from_spec(spec)
        sys.modules["bench_replay"] = mod  # dataclasses look their module up
        spec.loader.exec_module(mod)
    finally:
        sys.path[:] = path  # common.py puts the repository's tests/ first: not for the rest of the session
    return mod


br = _module()

# invented articles (not corpus text)
RAID = ("Valdor, June 11. Gunmen attacked a police post in the town of Kessel on Monday, killing three officers.\n\n"
        "The Kessel governor said the attackers fled north.")
PIER = ("Port Amsel, July 2. The harbour authority said the new pier would open in August.\n\n"
        "Shipping firms welcomed the plan at a meeting in the old customs house.")


def _gold(folder: Path) -> Path:
    folder.mkdir()
    said = "the new pier would open in August"
    docs = [
        {"id": "inv-0001", "tasks": ["events", "timexes"], "article": {"text": RAID, "published": "2031-06-11"},
         "gold": {"events": [{"actors": [["GUNMEN"]], "targets": [["POLICE POST"], ["OFFICERS"]], "mentions": [],
                              "date": {"start": "2031-06-09", "end": "2031-06-09"}, "killed": 3, "injured": None,
                              "location_alternatives": ["KESSEL"]}],
                  "claims": [],
                  "timexes": [{"text": "Monday", "span": [RAID.find("Monday"), RAID.find("Monday") + 6],
                               "type": "DATE", "value": "2031-06-09"}]}},
        {"id": "inv-0002", "tasks": ["claims"], "article": {"text": PIER, "published": "2031-07-02"},
         "gold": {"events": [], "timexes": [],
                  "claims": [{"source": "The harbour authority", "content": said,
                              "content_span": [PIER.find(said), PIER.find(said) + len(said)]}]}},
    ]
    for d in docs:
        (folder / f"{d['id']}.json").write_text(json.dumps(d), encoding="utf-8")
    return folder


def _messages(text: str, published: str) -> list[dict[str, Any]]:
    """The first request's messages, as the current code sends them (json_schema mode)."""
    parts = prepare(Article(text=text, published=published), Settings()).parts
    assert len(parts) == 1
    return request_kwargs(Draft, instructor.Mode.JSON_SCHEMA, messages=parts[0].messages)["messages"]


RAID_REPLY = {"headline": "Gunmen attack a police post in Kessel", "key_points": [2],
              "events": [{"type": "attack", "what": "Gunmen attacked a police post in Kessel.", "when": "Monday",
                          "where": "Kessel", "country": None, "who": ["Gunmen"], "killed": 3, "injured": None,
                          "s": [2]}],
              "claims": []}
PIER_REPLY = {"headline": "New pier to open in August", "key_points": [2], "events": [],
              "claims": [{"s": 2, "source": "The harbour authority", "said": "the new pier would open in August"}]}
BAD = '{"headline": "a reply missing its lists"}'  # fails the response model: re-asked


def _exchange(messages: list[dict[str, Any]], reply: str, error: str | None = None) -> dict[str, Any]:
    return {"model": "invented-model", "messages": messages, "response": reply, "prompt_tokens": 700,
            "completion_tokens": 90, "duration_s": 12.5, "error": error, "finish_reason": "stop"}


def _log(path: Path, pier_replies: list[str], raid_messages: list[dict[str, Any]] | None = None) -> Path:
    """inv-0001 answered at once; inv-0002 with ``pier_replies`` in turn (a re-ask after a rejected one)."""
    raid = raid_messages or _messages(RAID, "2031-06-11")
    pier = _messages(PIER, "2031-07-02")
    pier_exchanges, asked = [], list(pier)
    for reply in pier_replies:
        pier_exchanges.append(_exchange(asked, reply, "validation failed" if reply == BAD else None))
        asked = asked + [{"role": "assistant", "content": reply},
                         {"role": "user", "content": "Correct your JSON ONLY RESPONSE"}]  # text differs: flagged
    lines = [{"id": "example", "exchanges": [_exchange(pier, json.dumps(PIER_REPLY))]},  # not a gold id: ignored
             {"id": "inv-0001", "exchanges": [_exchange(raid, json.dumps(RAID_REPLY))]},
             {"id": "inv-0002", "exchanges": pier_exchanges}]
    path.write_text("".join(json.dumps(x) + "\n" for x in lines) + '{"id": "cut sh', encoding="utf-8")
    return path


def test_replay_scores_the_logged_replies(tmp_path: Path) -> None:
    log = _log(tmp_path / "run.jsonl", [BAD, json.dumps(PIER_REPLY)])
    r = br.replay(log, gold=_gold(tmp_path / "gold"), max_reasks=1)
    assert r["log"]["lines"] == 4 and r["log"]["unreadable_lines"] == 1 and len(r["log"]["sha256"]) == 64
    d, p = r["dev"], r["replay"]
    assert d["articles"] == 2 and d["failed"] == 0 and d["subset"] is None
    o = d["scores"]["overall"]
    assert o["events_f1"] == 1.0 and o["claims_f1"] == 1.0 and o["grounding"] == 1.0
    assert d["scores"]["events"]["killed_acc"] == 1.0
    assert d["per_article"]["inv-0001"] == {"status": "run", "calls": 1, "prompt_tokens": 700,
                                            "completion_tokens": 90, "reasks": 0, "error": None}
    assert d["per_article"]["inv-0002"]["calls"] == 2 and d["per_article"]["inv-0002"]["reasks"] == 1
    assert (p["requests"], p["served"], p["misses"], p["unused_replies"]) == (3, 3, 0, 0)
    assert p["matched_another_article"] == 0 and p["unmatched"] == 0
    assert p["prompt_differs_articles"] == []  # the first prompts are the current code's
    assert p["reask_differs_articles"] == ["inv-0002"]  # the logged re-ask text is not instructor's


def test_a_request_beyond_the_log_is_a_miss(tmp_path: Path) -> None:
    log = _log(tmp_path / "run.jsonl", [BAD])  # the logged run gave up (max_reasks 0); this one re-asks
    r = br.replay(log, gold=_gold(tmp_path / "gold"), max_reasks=1)
    p, d = r["replay"], r["dev"]
    assert p["misses"] == 1 and p["miss_articles"] == ["inv-0002"] and p["served"] == 2
    assert d["failed"] == 1 and "replay miss" in d["per_article"]["inv-0002"]["error"]
    assert d["scores"]["overall"]["events_f1"] == 1.0  # the other article is unaffected
    assert d["scores"]["claims"]["tp"] == 0 and d["scores"]["claims"]["gold"] == 1


def test_a_changed_prompt_is_flagged_but_still_matched(tmp_path: Path) -> None:
    raid = _messages(RAID, "2031-06-11")
    old = [{**m, "content": "An older template.\n" + m["content"].replace("<article>", "<text>")}
           if m["role"] == "user" else m for m in raid]
    log = _log(tmp_path / "run.jsonl", [json.dumps(PIER_REPLY)], raid_messages=old)
    r = br.replay(log, gold=_gold(tmp_path / "gold"))
    p = r["replay"]
    assert p["prompt_differs_articles"] == ["inv-0001"] and p["misses"] == 0 and p["matched_another_article"] == 0
    assert r["dev"]["scores"]["overall"]["events_f1"] == 1.0


def test_only_logged_articles_unless_all(tmp_path: Path) -> None:
    gold = _gold(tmp_path / "gold")
    log = tmp_path / "run.jsonl"
    log.write_text(json.dumps({"id": "inv-0001", "exchanges": [
        _exchange(_messages(RAID, "2031-06-11"), json.dumps(RAID_REPLY))]}) + "\n", encoding="utf-8")
    r = br.replay(log, gold=gold)
    assert r["dev"]["subset"] == ["inv-0001"] and r["replay"]["misses"] == 0
    r = br.replay(log, gold=gold, all_docs=True)
    assert r["dev"]["articles"] == 2 and r["replay"]["not_logged"] == ["inv-0002"]
    assert r["replay"]["misses"] == 1 and r["replay"]["unmatched"] == 1 and r["replay"]["matched_another_article"] == 0


def test_main_writes_the_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    log = _log(tmp_path / "run.jsonl", [json.dumps(PIER_REPLY)])
    saved: dict[str, Any] = {}
    monkeypatch.setattr(br, "save", lambda name, result: saved.update(name=name, result=result))
    monkeypatch.setattr(sys, "argv", ["bench_replay.py", str(log), "--gold", str(_gold(tmp_path / "gold"))])
    assert br.main() == 0
    assert saved["name"] == "replay_run"
    res = saved["result"]
    assert {"machine", "code", "log", "dev", "replay"} <= set(res) and res["log"]["path"] == str(log)
    assert set(res["dev"]["scores"]) == {"events", "timexes", "claims", "grounding", "overall"}
    assert "misses 0" in capsys.readouterr().out


def test_the_logs_own_max_reasks_is_used_when_none_is_given(tmp_path: Path) -> None:
    log = _log(tmp_path / "run.jsonl", [BAD, json.dumps(PIER_REPLY)])  # a re-ask: a run with max_reasks 1
    lines = log.read_text(encoding="utf-8").splitlines()
    recorded = [json.dumps({**json.loads(x), "max_reasks": 1}) for x in lines[:-1]] + lines[-1:]
    log.write_text("\n".join(recorded), encoding="utf-8")
    r = br.replay(log, gold=_gold(tmp_path / "gold"))
    assert r["max_reasks"] == 1 and r["log"]["max_reasks_logged"] == [1]
    assert r["replay"]["misses"] == 0 and r["dev"]["per_article"]["inv-0002"]["reasks"] == 1
    mixed = [json.dumps({**json.loads(x), "max_reasks": k % 2}) for k, x in enumerate(lines[:-1])]
    log.write_text("\n".join(mixed), encoding="utf-8")
    with pytest.raises(SystemExit, match="give --max-reasks"):
        br.replay(log, gold=_gold(tmp_path / "gold2"))
