"""Bounded work (issue 15, point 5): a reply with 10,000 events (or claims, key points) is
cut to the documented caps with a warning and finishes in seconds, end to end through the
CLI and the scripted server."""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from conftest import EXAMPLE
from drafts import CENTCOM_CLAIM, example_draft
from hostile import FAST, Run, cli_env, endpoint, run_all

from summarizer import Settings, load_article, summarize
from summarizer.extract.limits import MAX_CLAIMS_PER_REPLY, MAX_EVENTS_PER_REPLY, MAX_KEY_POINTS_PER_REPLY
from summarizer.testing.scripted_server import ScriptedServer, completion

N = 10_000


def _tag(k: int) -> str:
    """A distinct lower-case word per item (no number, no name: nothing the article would have to support)."""
    letters = ""
    while True:
        k, r = divmod(k, 26)
        letters += chr(ord("a") + r)
        if not k:
            return "x" + letters


def _flood() -> dict:
    """10,000 distinct events, claims and key points, each citing a real sentence and true to it."""
    base = example_draft()
    raid = base["events"][0]
    events = [{**raid, "what": f"{raid['what']}, {_tag(k)}", "killed": None, "injured": None,
               "when": None} for k in range(N)]
    claims = [{**CENTCOM_CLAIM, "said": f"{CENTCOM_CLAIM['said']}, {_tag(k)}"} for k in range(N)]
    key_points = [1 + k % 15 for k in range(N)]
    return example_draft(events=events, claims=claims, key_points=key_points)


def test_a_flooded_reply_is_capped_with_warnings(server: ScriptedServer, settings: Settings) -> None:
    server.add(completion(_flood()))
    started = time.perf_counter()
    s = summarize(load_article(EXAMPLE), settings=settings)
    took = time.perf_counter() - started
    assert took < 20, f"{took:.1f} s"
    assert 0 < len(s.events) <= MAX_EVENTS_PER_REPLY
    assert len(s.claims) <= MAX_CLAIMS_PER_REPLY and len(s.key_points) <= MAX_KEY_POINTS_PER_REPLY
    cut = [w for w in s.meta.warnings if w.startswith("dropped ") and "at most" in w]
    assert any(f"{N - MAX_EVENTS_PER_REPLY:,} of {N:,} events" in w for w in cut), s.meta.warnings
    assert any("claims" in w for w in cut) and any("key points" in w for w in cut)


def test_a_10000_event_reply_finishes_in_seconds_end_to_end(tmp_path: Path) -> None:
    srv = ScriptedServer(responder=lambda req: completion(_flood())).start()
    try:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = run_all([Run(["summarize", str(EXAMPLE), "-f", "json", *endpoint(srv)], cli_env(tmp_path, **FAST))],
                    timeout=300)[0]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    finally:
        srv.stop()
    # CPU seconds of the CLI process (and the one that forked it, imports included): the machine's load
    # does not change them, where wall time on a busy 2-core box would
    took = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert len(out["events"]) <= MAX_EVENTS_PER_REPLY
    assert any(f"of {N:,} events" in w for w in out["meta"]["warnings"])
    assert took < 20, f"{took:.1f} s of CPU"
    assert len(srv.requests) == 1  # the cut is not a reason to re-ask
