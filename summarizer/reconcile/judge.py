"""The LLM's one job in reconciliation: judge a candidate pair of statements.

One call per pair, with the pair's evidence only, cached by that evidence: for the run,
and across runs in a JSON file when one is given. Without an LLM, or when the call
fails, a candidate stands only if it is ``strong``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import LLMError, RenderError
from ..files import write_file
from ..llm.client import LLM
from .statements import Candidate, ClaimRecord
from .textual import TextPair

__all__ = ["Judge", "PairJudgment"]

PROMPT_VERSION = "reconcile-judge-v1"
_SYSTEM = ("You compare two statements taken from news reports. Judge only from the statements given; "
           "do not use outside knowledge. Answer in JSON.")
_QUESTIONS = {
    "contradiction": ("Does one statement assert what the other denies, so that both cannot be true? "
                      "verdict: conflict if so; consistent if both can hold; "
                      "unrelated if they concern different things."),
    "attribution": ("Are these the same statement attributed to different speakers? "
                    "verdict: conflict if the same words or claim are credited to different speakers; "
                    "consistent if each speaker plausibly said it; unrelated if they are different statements."),
}


class PairJudgment(BaseModel):
    verdict: Literal["conflict", "consistent", "unrelated"]
    summary: str = Field("", description="one sentence naming the disagreement; empty unless the verdict is conflict")


def _statement(label: str, record: ClaimRecord) -> str:
    c = record[1]
    evidence = " … ".join(sp.text for sp in c.evidence) or c.content
    return f"Statement {label} (speaker: {c.source.name}, verb: {c.cue}):\n«{evidence}»"


def messages(c: Candidate | TextPair) -> list[dict[str, str]]:
    if isinstance(c, TextPair):  # a pair of text statements
        return c.prompt_messages()
    user = "\n\n".join([_QUESTIONS[c.kind], _statement("A", c.first), _statement("B", c.second),
                        "summary: one sentence naming both speakers, only if the verdict is conflict."])
    return [{"role": "system", "content": _SYSTEM}, {"role": "user", "content": user}]


def cache_key(c: Candidate | TextPair) -> str:
    texts = sorted(m["content"] for m in messages(c)[1:])
    return hashlib.sha256(json.dumps([PROMPT_VERSION, c.kind, texts]).encode()).hexdigest()[:32]


def _load(path: Path) -> dict[str, dict]:
    """Verdicts kept by earlier runs; an unreadable cache is an empty one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class Judge:
    """Decides candidates: by the LLM when given one (an instance, or a factory called on first need)."""

    def __init__(self, llm: LLM | Callable[[], LLM] | None = None, cache_path: str | Path | None = None):
        self._make: Callable[[], LLM] | None = (lambda: llm) if isinstance(llm, LLM) else llm
        self._llm: LLM | None = None
        self._path = Path(cache_path) if cache_path else None
        self._verdicts: dict[str, dict] = _load(self._path) if self._path else {}
        self._dirty = False
        self.calls = 0
        self.warnings: list[str] = []

    def __call__(self, c: Candidate | TextPair) -> tuple[bool, str | None]:
        """(holds, the judge's one-sentence summary or None)."""
        if self._make is None:
            return c.strong, None
        key = cache_key(c)
        found = self._verdicts.get(key)
        if found is None:
            try:
                j = self._model().extract(PairJudgment, messages(c))
            except LLMError as e:
                self.warnings.append(f"LLM judge failed on a {c.kind} candidate ({e}); used the rule instead")
                return c.strong, None
            self.calls += 1
            found = self._verdicts[key] = j.model_dump()
            self._dirty = True
        summary = " ".join(str(found.get("summary", "")).split())
        return found.get("verdict") == "conflict", summary or None

    def _model(self) -> LLM:
        if self._llm is None:
            assert self._make is not None
            self._llm = self._make()
        return self._llm

    def save(self) -> None:
        """Write new verdicts to the cache file (atomically); a failed write only costs a warning."""
        if not (self._path and self._dirty):
            return
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            write_file(self._path, json.dumps(self._verdicts, indent=1, sort_keys=True))
        except (OSError, RenderError) as e:
            self.warnings.append(f"cannot write the judge cache {self._path}: {getattr(e, 'strerror', None) or e}")
