"""Speculative decoding by prompt lookup, with the logits of the drafted tokens only.

A summary copies spans of its article and repeats its own keys, so the tokens after the latest
earlier occurrence of the last few tokens are a good guess of what comes next. llama.cpp scores
the guesses in one batch with the last chosen token; the sampler keeps the guesses it would have
chosen itself and the first one it would not. The reply is plain decoding's up to rounding: a batch
is summed in another order than one token, so a near tie can go the other way.

llama-cpp-python 0.3.36 makes this slower than plain decoding: with a draft model it computes and
copies the logits of every token, the prompt included (``logits_all``), 151,936 floats each. The
class :func:`lookup_llama_class` builds asks llama.cpp for the logits of the last chosen token and
its drafts only, and reads them as the library's sampler does, by negative index from the last
output row (``llama_get_logits_ith``).

Off by default (``prompt_lookup = 0``): on 2 CPU cores a decode of k tokens costs about half of k
single ones, and a summary's reply (sentence numbers, short words) repeats little of the article, so
drafting was slower at every size measured (BENCHMARKS, ``bench/bench_batch_cost.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["PromptLookup", "lookup_llama_class"]


class PromptLookup:
    """A ``llama_cpp.llama_speculative.LlamaDraftModel``: up to ``num_pred_tokens`` tokens that followed the
    latest earlier occurrence of the longest tail n-gram (``max_ngram`` down to ``min_ngram`` tokens)."""

    def __init__(self, num_pred_tokens: int, max_ngram: int = 3, min_ngram: int = 2) -> None:
        if num_pred_tokens < 1 or not 1 <= min_ngram <= max_ngram:
            raise ValueError("prompt lookup needs num_pred_tokens >= 1 and 1 <= min_ngram <= max_ngram")
        self.num_pred_tokens = num_pred_tokens
        self.max_ngram = max_ngram
        self.min_ngram = min_ngram
        self.calls = 0  # drafts asked for (one a decode step) and tokens proposed, for the record
        self.drafted = 0

    def __call__(self, input_ids: npt.NDArray[np.intc], /, **kwargs: Any) -> npt.NDArray[np.intc]:
        self.calls += 1
        ids = np.asarray(input_ids)
        n = len(ids)
        for size in range(min(self.max_ngram, n - 1), self.min_ngram - 1, -1):
            # windows that end before the last token, so that each one has a continuation
            windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], size)
            hits = np.flatnonzero((windows == ids[-size:]).all(axis=1))
            if len(hits):
                start = int(hits[-1]) + size
                draft = ids[start:start + self.num_pred_tokens].astype(np.intc)
                self.drafted += len(draft)
                return draft
        return np.zeros(0, dtype=np.intc)


@lru_cache(maxsize=8)
def lookup_llama_class(base: Any, num_pred_tokens: int) -> Any:
    """A subclass of ``base`` (``llama_cpp.Llama`` or a subclass) that drafts ``num_pred_tokens`` tokens
    a step by :class:`PromptLookup`, computing the logits of the drafted positions only."""

    class LookupLlama(base):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, draft_model=PromptLookup(num_pred_tokens), **kwargs)
            self._logits_all = False  # the library sets it for any draft model; eval below says which rows
            self.decodes = 0  # llama.cpp decode calls, for the record: fewer than generated tokens when drafts hold

        def eval(self, tokens: Sequence[int]) -> None:
            """``Llama.eval`` with outputs for the last ``num_pred_tokens + 1`` tokens (the sampled
            token and its drafts), which ``generate`` samples at negative indices."""
            self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
            outputs = num_pred_tokens + 1 if len(tokens) <= self.n_batch else 1
            for i in range(0, len(tokens), self.n_batch):
                batch = tokens[i:i + self.n_batch]
                n_past, n = self.n_tokens, len(batch)
                self._batch.set_batch(batch=batch, n_past=n_past, logits_all=False)
                for j in range(max(0, n - outputs), n):
                    self._batch.batch.logits[j] = True
                self._ctx.decode(self._batch)
                self.decodes += 1
                self.input_ids[n_past:n_past + n] = batch
                self.n_tokens += n
                self._requires_eval = False

    LookupLlama.__name__ = LookupLlama.__qualname__ = f"Lookup{base.__name__}"
    return LookupLlama
