"""Hostile inputs (issue 15, points 2 and 7): ids that would escape a folder, impossible
publication dates, duplicated articles. Real files and the CLI against the scripted server."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from drafts import example_draft
from hostile import FAST, Run, cli_env, endpoint, run_all

from summarizer import InputError, load_article
from summarizer.files import check_file_id
from summarizer.load.inputs import discover
from summarizer.testing.scripted_server import ScriptedServer, completion


def batch_endpoint(server: ScriptedServer) -> list[str]:
    """The scripted endpoint for `batch`, whose instructor mode is --llm-mode."""
    return ["--base-url", server.url, "--api-key", "sk-test-0000", "--model", "scripted", "--llm-mode", "json"]


ARTICLE = ("The council met on Tuesday in Springfield. The mayor said the budget would pass. "
           "Officials said two people were injured in a fall at the site.")
BAD_IDS = ["../escape", "/etc/passwd", "a/b", "..", ".hidden", "a\\b", "x\x00y", "tab\there", " padded", ""]


@pytest.mark.parametrize("value", BAD_IDS)
def test_an_id_that_is_not_a_plain_file_name_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="cannot be used as a file name"):
        check_file_id(value)


@pytest.mark.parametrize("value", ["muc4-dev-0001", "a.b", "Story_7 (final)", "ünïcode-id"])
def test_a_plain_id_passes(value: str) -> None:
    assert check_file_id(value) == value


def _gold(folder: Path, gid: str, name: str = "g.json") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps({"id": gid, "tasks": ["events"], "article": {"text": ARTICLE},
                                           "gold": {"events": []}}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def eval_runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("ids")
    srv = ScriptedServer(responder=lambda req: completion(example_draft())).start()
    env = cli_env(root, **FAST)
    hostile = _gold(root / "gold-hostile", "../../escaped")
    (root / "preds").mkdir()
    (root / "escaped.json").write_text('{"events": []}')  # what --pred would read outside its folder
    runs = {
        "save": Run(["eval", str(hostile), "--save-pred", str(root / "out" / "preds"), *endpoint(srv)], env),
        "pred": Run(["eval", str(hostile), "--pred", str(root / "preds")], env),
        "fine": Run(["eval", str(_gold(root / "gold-fine", "story-1")), "--save-pred", str(root / "kept"),
                     *endpoint(srv)], env),
    }
    run_all(list(runs.values()))
    yield root, runs, srv
    srv.stop()


def test_eval_save_pred_refuses_an_id_that_escapes_the_folder(eval_runs) -> None:
    root, runs, srv = eval_runs
    r = runs["save"]
    assert r.returncode == 3, r.stderr
    assert len(r.lines) == 1 and "cannot be used as a file name" in r.lines[0], r.stderr
    assert (root / "escaped.json").read_text() == '{"events": []}'  # out/preds/../../escaped.json untouched


def test_eval_pred_refuses_an_id_that_escapes_the_folder(eval_runs) -> None:
    _, runs, _ = eval_runs
    r = runs["pred"]
    assert r.returncode == 3 and len(r.lines) == 1 and "cannot be used as a file name" in r.lines[0], r.stderr


def test_eval_save_pred_with_a_plain_id_writes_inside_the_folder(eval_runs) -> None:
    root, runs, _ = eval_runs
    assert runs["fine"].returncode == 0, runs["fine"].stderr
    assert json.loads((root / "kept" / "story-1.json").read_text())["article"]["id"]


def test_batch_and_export_never_use_an_id_as_a_file_name(tmp_path: Path, server: ScriptedServer) -> None:
    server.responder = lambda req: completion(example_draft())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.json").write_text(json.dumps({"id": "../../pwned", "text": ARTICLE}))
    db, out = tmp_path / "runs.db", tmp_path / "export.jsonl"
    before = set(tmp_path.parent.iterdir())
    env = cli_env(tmp_path, **FAST)
    b = run_all([Run(["batch", str(tmp_path / "in"), "--db", str(db), "-q", *batch_endpoint(server)], env)])[0]
    assert b.returncode == 0, b.stderr
    e = run_all([Run(["export", "latest", "--db", str(db), "-o", str(out)], env)])[0]
    assert e.returncode == 0, e.stderr
    assert set(tmp_path.parent.iterdir()) == before  # nothing appeared beside the test's folder
    assert not list(tmp_path.rglob("pwned*"))
    assert json.loads(out.read_text().splitlines()[0])["id"] == "../../pwned"  # the id is data, kept as given


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("content,suffix", [
    (json.dumps({"text": ARTICLE, "published": "2024-13-45"}), ".json"),
    (json.dumps({"text": ARTICLE, "published": "2023-02-29"}), ".json"),
    (f"date 2024-13-45 Jane Doe (Springfield)\n{ARTICLE}", ".txt"),
], ids=["json month 13", "json not a leap year", "plain header"])
def test_an_impossible_publication_date_is_an_input_error(content: str, suffix: str, tmp_path: Path) -> None:
    f = tmp_path / f"a{suffix}"
    f.write_text(content)
    with pytest.raises(InputError, match="is not a calendar day"):
        load_article(f)
    r = run_all([Run(["summarize", str(f), "--base-url", "http://127.0.0.1:9/v1", "--api-key", "sk-x"],
                     cli_env(tmp_path, **FAST))])[0]
    assert r.returncode == 3 and len(r.lines) == 1 and "is not a calendar day" in r.lines[0], r.stderr


def test_a_real_leap_day_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "a.json"
    f.write_text(json.dumps({"text": ARTICLE, "published": "2024-02-29"}))
    assert load_article(f).published == "2024-02-29"


def test_an_impossible_date_in_one_jsonl_line_fails_that_article_alone(tmp_path: Path) -> None:
    f = tmp_path / "n.jsonl"
    f.write_text(json.dumps({"id": "a", "text": ARTICLE, "published": "2024-13-45"}) + "\n"
                 + json.dumps({"id": "b", "text": ARTICLE, "published": "2024-08-31"}) + "\n")
    entries = discover([str(f)])
    assert [(e.key, e.error is None) for e in entries] == [("n:1", False), ("b", True)]
    assert "is not a calendar day" in (entries[0].error or "")


# ------------------------------------------------------------------ duplicates

def test_duplicated_articles_are_summarized_once_with_a_warning(tmp_path: Path, server: ScriptedServer) -> None:
    server.responder = lambda req: completion(example_draft())
    line = json.dumps({"id": "same", "text": ARTICLE, "published": "2024-08-31"})
    other = json.dumps({"id": "same", "text": ARTICLE + " A different ending.", "published": "2024-08-31"})
    f = tmp_path / "night.jsonl"
    f.write_text("\n".join([line, line, other, line]) + "\n")
    db = tmp_path / "runs.db"
    r = run_all([Run(["batch", str(f), "--db", str(db), *batch_endpoint(server)], cli_env(tmp_path, **FAST))])[0]
    assert r.returncode == 0, r.stderr
    warnings = [ln for ln in r.lines if ln.startswith("warning: duplicate article 'same'")]
    assert len(warnings) == 2, r.stderr  # lines 2 and 4; line 3 has other content: kept as same~2
    keys = [k for (k,) in sqlite3.connect(db).execute("SELECT key FROM items ORDER BY seq")]
    assert keys == ["same", "same~2"]
    firsts = [q for q in server.requests if all(m["role"] != "assistant" for m in q["messages"])]  # no re-asks
    assert len(firsts) == 2
