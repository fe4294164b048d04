"""Smaller gaps (issue 15, point 7): Markdown carries no raw HTML and no terminal escapes from
the article or the reply; the batch database and exports are created private (0600)."""

from __future__ import annotations

import json
import stat

import pytest
from hostile import FAST, Run, cli_env, endpoint, run_all

from summarizer.render.safe_text import md_document, md_value
from summarizer.testing.scripted_server import ScriptedServer, completion

IMG = '<img src=x onerror="alert(1)">'
LINK = '<a href="javascript:alert(2)">click</a>'
ANSI = "\x1b[31mRED\x1b[0m\x1b]0;owned\x07\x9b2J"
ARTICLE = (f"The council met on Tuesday in Springfield {IMG}. The mayor said the budget {LINK} would pass. "
           f"Officials said two people were injured {ANSI} in a fall at the site.")


def _hostile_reply(req: dict) -> object:
    return completion({
        "headline": f"Council meets {IMG}\x1b[2J",
        "key_points": [1],
        "events": [{"type": "meeting", "what": f"Council met in Springfield {IMG}\n## Injected heading",
                    "when": "Tuesday", "where": "Springfield", "country": None, "who": ["council"],
                    "killed": None, "injured": None, "s": [1]}],
        "claims": [{"s": 2, "source": "The mayor", "said": f"the budget would pass {ANSI}"}],
    })


def test_values_lose_tags_and_controls() -> None:
    assert md_value(IMG) == '&lt;img src=x onerror="alert(1)"&gt;'
    assert md_value(ANSI) == "RED"
    assert md_value("a\nb\r\nc\u202ed") == "a b c" + "d"
    assert md_document("# T\n\x1b[1mbold\x1b[0m <b>\n") == "# T\nbold &lt;b&gt;\n"


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("md")
    art = root / "a.json"
    art.write_text(json.dumps({"id": "a", "text": ARTICLE, "published": "2024-08-31",
                               "title": f"Title {IMG}"}))
    srv = ScriptedServer(responder=_hostile_reply).start()
    env = cli_env(root, **FAST)
    db = root / "runs.db"
    first = run_all([Run(["summarize", str(art), *endpoint(srv)], env),
                     Run(["batch", str(art), "--db", str(db), "-q", "--base-url", srv.url, "--api-key", "sk-x",
                          "--model", "scripted", "--llm-mode", "json"], env)])
    second = run_all([Run(["export", "latest", "--db", str(db), "-f", "md"], env),
                      Run(["export", "latest", "--db", str(db), "-f", "jsonl", "-o", str(root / "e.jsonl")], env)])
    yield root, first + second
    srv.stop()


def test_markdown_has_no_raw_html_and_no_escape_sequences(runs) -> None:
    _, (summ, batch, export_md, export_file) = runs
    assert summ.returncode == 0 and batch.returncode == 0 and export_md.returncode == 0, (summ.stderr, batch.stderr,
                                                                                        export_md.stderr)
    for md in (summ.stdout, export_md.stdout):
        assert "<img" not in md and "<a " not in md and "\x1b" not in md and "\x9b" not in md
        assert "&lt;img" in md  # shown, not dropped
        assert "\n## Injected heading" not in md
        assert all(c.isprintable() or c == "\n" for c in md)


def test_the_database_and_exports_are_private(runs) -> None:
    root, rs = runs
    assert all(r.returncode == 0 for r in rs), [r.stderr for r in rs]
    for name in ("runs.db", "e.jsonl"):
        assert stat.S_IMODE((root / name).stat().st_mode) == 0o600, name
    for side in root.glob("runs.db-*"):  # SQLite's -wal and -shm follow the database's mode
        assert stat.S_IMODE(side.stat().st_mode) & 0o077 == 0, side.name
