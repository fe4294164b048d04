"""A pre-imported CLI that forks one real child process per command (for the kill -9 test).

Importing summarizer takes a second or more; forking a process that already has it
takes milliseconds, so the kill test can kill many runs at random points cheaply.
Protocol on stdin/stdout, one JSON object per line:
    → {"argv": [...], "log": "path"}     ← {"pid": N}          (the child runs ``summarizer argv``)
    → {"wait": N}                          ← {"pid": N, "code": C} (C < 0: killed by signal -C)
"""

from __future__ import annotations

import json
import os
import sys
import threading

import summarizer.cli as cli  # the whole CLI, imported once, before any fork


def warm_up() -> None:
    """Load what the first article of a run loads lazily (openai's resources, instructor's
    handlers, the prompt template): children then start working at once."""
    import time

    from summarizer import LLM, Settings, Usage
    from summarizer.extract.draft import Draft
    from summarizer.pipeline import finish, prepare

    s = Settings(backend="openai", base_url="http://127.0.0.1:9/v1", api_key="x", mode="json")
    llm = LLM.from_settings(s)
    p = prepare("date 2024-08-31 Staff\nThe council met on Tuesday. The mayor said it went well.", s)
    draft = Draft.model_validate_json('{"headline": "x", "key_points": [], "events": [], "claims": []}',
                                      context={"article": p.context})
    finish(p, draft, llm, Usage(), time.perf_counter())


def main() -> None:
    warm_up()
    assert threading.active_count() == 1, "no threads may exist before fork"
    for line in sys.stdin:
        req = json.loads(line)
        if "argv" in req:
            pid = os.fork()
            if pid == 0:
                _child(req["argv"], req["log"])
            print(json.dumps({"pid": pid}), flush=True)
        elif "wait" in req:
            _, status = os.waitpid(req["wait"], 0)
            code = os.waitstatus_to_exitcode(status)
            print(json.dumps({"pid": req["wait"], "code": code}), flush=True)


def _child(argv: list[str], log: str) -> None:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.close(fd)
    sys.stdin.close()
    sys.argv = ["summarizer", *argv]
    code = 0
    try:
        cli.main()
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main()
