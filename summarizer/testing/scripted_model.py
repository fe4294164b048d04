"""A deterministic stand-in for the model, for ScriptedServer's ``responder``.

It reads only what the prompt shows the model (the numbered sentences ``S<n>: ...``)
and answers a Draft citing them: an incident for each sentence that gives a death or
injury figure, a dated report for each other sentence with a date phrase, the first
sentence as headline and key point. Not clever, but valid and grounded, so a run
against it exercises the whole client path (prompt, HTTP, validation, grounding,
normalization) on any article, with no model.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Protocol

from .scripted_server import Reply, completion

_SENTENCE = re.compile(r"^S(\d+): (.*)$", re.M)
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?)"
_CASUALTY = re.compile(rf"\b{_NUMBER}\b.{{0,60}}\b(?:kill|dead|death|died|murder|injur|wound)\w*"
                       rf"|\b(?:kill|murder|injur|wound)\w*.{{0,30}}\b{_NUMBER}\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_DATE = re.compile(rf"\b(?:(?:last|this|next)\s+{_DAY}|{_DAY}|\d{{1,2}}\s+{_MONTH}\s+\d{{2,4}}"
                   rf"|{_MONTH}\s+\d{{1,2}}(?:\s*,\s*\d{{4}})?|yesterday|today"
                   rf"|(?:last|this|next)\s+(?:week|month|year))\b", re.I)
MAX_EVENTS = 8



class Tokenizer(Protocol):
    def prompt(self, messages: list[dict[str, Any]]) -> int: ...

    def text(self, text: str) -> int: ...


def sentences(messages: list[dict[str, Any]]) -> dict[int, str]:
    """The numbered sentences shown in the user turns (the first time each number appears)."""
    out: dict[int, str] = {}
    for m in messages:
        if m.get("role") == "user":
            for n, text in _SENTENCE.findall(str(m.get("content") or "")):
                out.setdefault(int(n), text)
    return out


def draft_for(messages: list[dict[str, Any]]) -> dict[str, Any]:
    sents = sentences(messages)
    events = []
    for n, text in sorted(sents.items()):
        date = _DATE.search(text)
        if _CASUALTY.search(text):
            kind = "attack"
        elif date:
            kind = "report"
        else:
            continue
        events.append({"type": kind, "what": text[:100], "when": date.group(0) if date else None, "where": None,
                       "country": None, "who": [], "killed": None, "injured": None, "s": [n]})
    first = sents.get(1, "")
    return {
        "headline": " ".join(first.split()[:8]),
        "key_points": [1] if first else [],
        "events": events[:MAX_EVENTS],
        "claims": [],
    }


class CharTokenizer:
    """About four characters a token."""

    def prompt(self, messages: list[dict[str, Any]]) -> int:
        return sum(len(str(m.get("content") or "")) for m in messages) // 4

    def text(self, text: str) -> int:
        return len(text) // 4


def responder(tokenizer: Tokenizer | None = None) -> Callable[[dict[str, Any]], Reply]:
    """A ScriptedServer responder answering :func:`draft_for`, with token counts from ``tokenizer``."""
    tok = tokenizer or CharTokenizer()

    def reply(req: dict[str, Any]) -> Reply:
        messages = req.get("messages") or []
        body = json.dumps(draft_for(messages))
        return completion(body, prompt_tokens=tok.prompt(messages), completion_tokens=tok.text(body))
    return reply
