"""Prompt-lookup drafting: the draft it proposes, and on the real model the facts plain decoding gives."""

from __future__ import annotations

import json

import numpy as np
import pytest

from summarizer.llm.lookup import PromptLookup


def _ids(*xs: int) -> np.ndarray:
    return np.array(xs, dtype=np.intc)


def test_the_latest_match_of_the_longest_tail_is_continued():
    # tail (7, 8, 9) occurs at 0 and at 5; the latest (5) is continued, three tokens at most
    draft = PromptLookup(3)(_ids(7, 8, 9, 1, 2, 7, 8, 9, 4, 5, 6, 0, 7, 8, 9))
    assert draft.tolist() == [4, 5, 6]


def test_a_longer_match_wins_over_a_later_shorter_one():
    # (8, 9) occurs last at 8, but (7, 8, 9) only at 0
    draft = PromptLookup(2)(_ids(7, 8, 9, 1, 2, 3, 4, 0, 8, 9, 5, 7, 8, 9))
    assert draft.tolist() == [1, 2]


def test_no_draft_without_a_match_of_min_ngram_tokens():
    assert PromptLookup(4)(_ids(1, 2, 3, 4, 5, 3)).size == 0  # "3" alone is below min_ngram 2
    assert PromptLookup(4, min_ngram=1)(_ids(1, 2, 3, 4, 5, 3)).tolist() == [4, 5, 3]


def test_the_draft_is_cut_at_the_end_of_the_text():
    assert PromptLookup(10)(_ids(1, 2, 3, 1, 2)).tolist() == [3, 1, 2]


def test_bad_sizes_are_refused():
    with pytest.raises(ValueError):
        PromptLookup(0)
    with pytest.raises(ValueError):
        PromptLookup(4, max_ngram=1, min_ngram=2)


@pytest.mark.embedded
def test_on_the_real_model_lookup_gives_the_plain_facts_in_fewer_decodes():
    # Scoring tokens in a batch rounds differently from one at a time, so a near tie may go the other
    # way: the facts are compared, not the bytes. Wrong logits rows would give neither.
    llama_cpp = pytest.importorskip("llama_cpp")
    from summarizer.llm.embedded import model_path
    from summarizer.llm.lookup import lookup_llama_class
    from summarizer.llm.sampling import checked_llama_class

    text = ("Police in Lagos said 12 people were killed when a storm hit the Ikeja district on Monday, "
            "and 30 more were taken to the General Hospital.")
    messages = [{"role": "system", "content": "Reply in JSON."},
                {"role": "user", "content": f"Article: {text}\nQuote the article's sentence whole as 'quote', "
                                            "then give 'city' and 'killed'."}]
    schema = {"type": "object", "properties": {"quote": {"type": "string"}, "city": {"type": "string"},
                                               "killed": {"type": "integer"}},
              "required": ["quote", "city", "killed"]}
    kwargs = {"model_path": str(model_path("qwen2.5-coder-1.5b")), "n_ctx": 1024, "n_threads": 2,
              "verbose": False, "seed": 0}

    def reply(llama: object) -> tuple[str, int]:
        out = llama.create_chat_completion(  # type: ignore[attr-defined]
            messages=messages, max_tokens=120, temperature=0.0,
            response_format={"type": "json_object", "schema": schema})
        return out["choices"][0]["message"]["content"], out["usage"]["completion_tokens"]

    base = checked_llama_class(llama_cpp.Llama)
    plain, _ = reply(base(**kwargs))
    looked = lookup_llama_class(base, 8)(**kwargs)
    drafted, n = reply(looked)
    got, want = json.loads(drafted), json.loads(plain)
    assert (got["city"], got["killed"]) == (want["city"], want["killed"]) == ("Lagos", 12)
    assert "storm hit the Ikeja district" in got["quote"]
    assert looked.decodes < n  # the quote was taken over from drafts, several tokens a decode
