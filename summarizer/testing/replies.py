"""Articles and model replies for batch tests and the throughput bench.

``write_articles`` writes small distinct articles ("... Town7 ..."); ``generic_reply``
answers any summarize request with a Draft that is valid for whichever article is in
the prompt, so a scripted server can serve a whole night of articles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..prepare.prompts import default_prompts_dir
from .scripted_server import Reply, completion

TOWN = re.compile(r"\bTown(\d+)\b")


def frozen_prompts(folder: Path) -> Path:
    """A private copy of the shipped prompt: a run's cache keys don't move if someone edits the original."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "summarize.j2").write_text((default_prompts_dir() / "summarize.j2").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    return folder


def article_text(n: int) -> str:
    return (f"date 2024-08-31 Staff reporter (Springfield)\n"
            f"The council of Town{n} approved a new transport budget on Tuesday. "
            f"The mayor said the plan adds {n + 3} buses to the fleet. "
            f"Officials expect work on the depot to begin next month.")


def write_articles(folder: Path, n: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(start, start + n):
        p = folder / f"town{k:04d}.txt"
        p.write_text(article_text(k), encoding="utf-8")
        paths.append(p)
    return paths


def write_jsonl(path: Path, numbers: list[int]) -> Path:
    lines = [json.dumps({"id": f"jl{n}", "text": article_text(n).split("\n", 1)[1], "published": "2024-08-31",
                         "title": f"Town{n} budget"}) for n in numbers]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def town_of(req: dict[str, Any]) -> int | None:
    """Which article a chat request (or Batch API body) is about."""
    text = " ".join(str(m.get("content", "")) for m in req.get("messages", []) if m.get("role") == "user")
    m = TOWN.search(text)
    return int(m.group(1)) if m else None


def generic_draft(n: int | None) -> dict[str, Any]:
    return {"headline": f"Town{n} council approves transport budget",
            "key_points": [1],
            "events": [], "claims": []}


def generic_reply(req: dict[str, Any], delay_s: float = 0.0) -> Reply:
    r = completion(generic_draft(town_of(req)), prompt_tokens=400, completion_tokens=60)
    r.delay_s = delay_s
    return r
