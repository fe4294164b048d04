"""A fast stand-in for ``llama_cpp.Llama``, loaded by
``SUMMARIZER_LLAMA_CLASS=summarizer.testing.fake_llama:FakeLlama``.

It answers :func:`scripted_model.draft_for` after ``FAKE_LLAMA_SECONDS`` (default 0.3; with
``FAKE_LLAMA_RELEASE``, as soon as that file exists, at most those seconds) and
appends JSON lines per call (pid, wall-clock start; then start and end) to ``FAKE_LLAMA_LOG``, so
tests and the concurrency bench can see when each process computed. Construction is logged
too, with the keyword arguments the embedded backend passed.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from openai.types.chat import ChatCompletion

from .scripted_model import draft_for


def _log(record: dict[str, Any]) -> None:
    path = os.environ.get("FAKE_LLAMA_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:  # one short line per write: appends don't interleave
            f.write(json.dumps({"pid": os.getpid(), **record}) + "\n")


class FakeLlama:
    def __init__(self, model_path: str, **kwargs: Any):
        self.model_path = model_path
        _log({"event": "load", "kwargs": kwargs})

    def create_chat_completion_openai_v1(self, *, messages: list[dict[str, Any]], response_format: Any = None,
                                         **kwargs: Any) -> ChatCompletion:
        start = time.time()
        _log({"event": "begin", "start": start})
        seconds = float(os.environ.get("FAKE_LLAMA_SECONDS", "0.3"))
        release = os.environ.get("FAKE_LLAMA_RELEASE")
        if release:  # compute until the test creates this file (at most ``seconds``)
            while not os.path.exists(release) and time.time() - start < seconds:
                time.sleep(0.02)
        else:
            time.sleep(seconds)
        body = json.dumps(draft_for(messages))
        end = time.time()
        _log({"event": "call", "start": start, "end": end})
        return ChatCompletion.model_validate({
            "id": "fake", "object": "chat.completion", "created": int(end), "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": body}}],
            "usage": {"prompt_tokens": 100, "completion_tokens": len(body) // 4,
                      "total_tokens": 100 + len(body) // 4},
        })
