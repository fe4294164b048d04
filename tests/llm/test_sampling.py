"""The check-first grammar sampler on the real embedded model: the same tokens as the full pass."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.embedded

llama_cpp = pytest.importorskip("llama_cpp")

from summarizer.llm.embedded import model_path  # noqa: E402
from summarizer.llm.sampling import CheckFirstSampler, checked_llama_class  # noqa: E402

SCHEMA = {"type": "object", "properties": {"city": {"type": "string"}, "killed": {"type": "integer"},
                                             "tags": {"type": "array", "items": {"type": "string"}}},
          "required": ["city", "killed", "tags"]}
MESSAGES = [{"role": "system", "content": "Reply in JSON."},
            {"role": "user", "content": "A storm in Lagos killed 12 people on Monday. Give city, killed, tags."}]


def _reply(llama: object) -> tuple[str, object]:
    out = llama.create_chat_completion(messages=MESSAGES, max_tokens=48, temperature=0.0,  # type: ignore[attr-defined]
                                       response_format={"type": "json_object", "schema": SCHEMA})
    return out["choices"][0]["message"]["content"], getattr(llama, "last_sampler", None)


def test_check_first_chooses_what_the_full_grammar_pass_chooses():
    path = str(model_path("qwen2.5-coder-1.5b"))
    kwargs = {"model_path": path, "n_ctx": 512, "n_threads": 2, "verbose": False, "seed": 0}
    full, _ = _reply(llama_cpp.Llama(**kwargs))
    checked, sampler = _reply(checked_llama_class(llama_cpp.Llama)(**kwargs))
    assert checked == full
    json.loads(checked)  # the grammar still holds the reply to the schema
    assert isinstance(sampler, CheckFirstSampler)
    assert sampler.checked > 10 and sampler.full < sampler.checked  # most tokens skip the full pass


def test_the_class_is_made_once_per_base():
    assert checked_llama_class(llama_cpp.Llama) is checked_llama_class(llama_cpp.Llama)
    assert issubclass(checked_llama_class(llama_cpp.Llama), llama_cpp.Llama)
