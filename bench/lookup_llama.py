"""A ``llama_cpp.Llama`` that drafts tokens by prompt lookup (speculative decoding): issue 17's lever.

The bench names it with ``SUMMARIZER_LLAMA_CLASS=bench.lookup_llama:LookupLlama``; it drafts
``SUMMARIZER_LOOKUP_TOKENS`` tokens (default 4) from the longest earlier match of the last two tokens,
and llama.cpp keeps the drafted tokens the model itself would have chosen.

``logits_all=True`` is passed explicitly: llama-cpp-python 0.3.36 turns it on for a draft model but sizes
its logits buffer from the argument (``n_batch`` rows instead of ``n_ctx``), so without it the first batch
past row ``n_batch`` fails with "could not broadcast input array from shape (…) into shape (…)".
"""

from __future__ import annotations

import os
from typing import Any

from llama_cpp import Llama
from llama_cpp.llama_speculative import LlamaPromptLookupDecoding


class LookupLlama(Llama):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        n = int(os.environ.get("SUMMARIZER_LOOKUP_TOKENS", "4"))
        kwargs["logits_all"] = True
        super().__init__(*args, draft_model=LlamaPromptLookupDecoding(max_ngram_size=2, num_pred_tokens=n), **kwargs)
