"""The embedded model's computed instructions, saved by one model and loaded by the next.

The first test runs the real model (a short prompt: seconds); the others use a small
stand-in with the state API to show what happens to a file that does not load.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from summarizer.llm.embedded import model_path
from summarizer.llm.prompt_cache import PromptCache

SYSTEM = ("You answer with one word. Questions are about colours of everyday things. "
          "Use lower case. Never explain.") * 3


def _ask(llama: Any, question: str) -> str:
    out = llama.create_chat_completion(messages=[{"role": "system", "content": SYSTEM},
                                                 {"role": "user", "content": question}],
                                       temperature=0, max_tokens=4, seed=0)
    return out["choices"][0]["message"]["content"]


@pytest.mark.embedded
def test_a_fresh_model_loads_the_saved_instructions_and_answers_as_without_them(tmp_path):
    from llama_cpp import Llama

    path = str(model_path("qwen2.5-coder-1.5b"))
    first = Llama(model_path=path, n_ctx=512, n_threads=2, verbose=False, seed=0)
    PromptCache(tmp_path, "identity").prime(first, SYSTEM)
    (saved,) = tmp_path.glob("*.npz")
    with np.load(saved) as f:
        held = first.detokenize(f["input_ids"].tolist()).decode()
    assert SYSTEM in held and "grass" not in held  # the instructions, no question
    cold = Llama(model_path=path, n_ctx=512, n_threads=2, verbose=False, seed=0)
    expected = _ask(cold, "What colour is snow?")
    class Restored(Llama):  # the state goes in without load_state's fill of the logits buffer
        def load_state(self, state: Any) -> None:
            raise AssertionError("load_state fills n_batch rows of logits that this model never reads")

    warm = Restored(model_path=path, n_ctx=512, n_threads=2, verbose=False, seed=0)
    again = PromptCache(tmp_path, "identity")
    assert again.load(warm, SYSTEM) and warm.n_tokens > 40  # the system message at least
    assert warm.input_ids[: warm.n_tokens].tolist() == first.input_ids[: warm.n_tokens].tolist()
    assert _ask(warm, "What colour is snow?") == expected
    assert not PromptCache(tmp_path, "another model").load(cold, SYSTEM)  # keyed by identity: not this file
    assert saved.is_file()


class _Stand:
    """The parts of llama_cpp.Llama's state API the cache uses."""

    def __init__(self, fail: bool = False):
        self.n_tokens, self.input_ids, self.fail, self.resets = 0, np.zeros(64, dtype=np.intc), fail, 0

    def n_vocab(self) -> int:
        return 8

    def save_state(self) -> Any:
        class State:
            input_ids, n_tokens, llama_state = np.arange(64, dtype=np.intc), 5, b"state"
        return State()

    def load_state(self, state: Any) -> None:
        if self.fail:
            raise RuntimeError("Failed to set llama state data")
        self.n_tokens = state.n_tokens

    def reset(self) -> None:
        self.resets += 1
        self.n_tokens = 0


def test_a_state_that_does_not_load_is_removed_and_the_model_starts_clean(tmp_path):
    pytest.importorskip("llama_cpp")
    writer = _Stand()
    writer.n_tokens = 5
    PromptCache(tmp_path, "id").save(writer, "sys")
    (saved,) = tmp_path.glob("*.npz")
    ok = _Stand()
    assert PromptCache(tmp_path, "id").load(ok, "sys") and ok.n_tokens == 5
    broken = _Stand(fail=True)
    assert not PromptCache(tmp_path, "id").load(broken, "sys")
    assert not saved.exists() and broken.resets == 1 and broken.n_tokens == 0


def test_a_model_without_the_state_api_is_left_alone(tmp_path):
    class Fake:
        pass

    cache = PromptCache(tmp_path, "id")
    assert not cache.load(Fake(), "sys")
    cache.save(Fake(), "sys")
    assert not list(tmp_path.iterdir())
