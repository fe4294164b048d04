"""Grammar-constrained sampling that checks the grammar on the chosen token first.

llama-cpp-python 0.3.36 puts the grammar into the sampler chain ahead of the choice, so
every generated token tests all 151,936 vocabulary entries against the grammar. This is
what llama.cpp's own common sampler avoids: choose a token without the grammar, test that
one token, and only when the grammar rejects it run the full pass and choose again.
With greedy decoding (the product's temperature 0) the token is the same either way: the
best token overall, if the grammar allows it, is also the best allowed one.

:func:`checked_llama_class` wraps a ``llama_cpp.Llama`` class so that its sampler works
this way; nothing else about the class changes.
"""

from __future__ import annotations

import ctypes
import math
from functools import lru_cache
from typing import Any

import numpy as np

__all__ = ["CheckFirstSampler", "checked_llama_class"]

_TOKEN_DATA = np.dtype([("id", np.intc), ("logit", np.single), ("p", np.single)], align=True)


class CheckFirstSampler:
    """A sampler with ``sample(ctx, idx)`` as ``llama_cpp._internals.LlamaSampler`` has.

    ``chain`` is the library's sampler chain built without the grammar; ``grammar_sampler``
    the grammar alone. Counts of checked and fully constrained steps are kept for the record.
    """

    def __init__(self, lib: Any, chain: Any, grammar_sampler: Any, n_vocab: int) -> None:
        self._lib = lib
        self._chain = chain  # kept alive: it owns the non-grammar samplers
        self._grammar = grammar_sampler
        self._n_vocab = n_vocab
        self._cands = np.zeros(n_vocab, dtype=_TOKEN_DATA)
        self._ids = np.arange(n_vocab, dtype=np.intc)
        self._one = lib.llama_token_data()
        self.checked = 0
        self.full = 0

    def _array(self, logits: np.ndarray) -> Any:
        self._cands["id"] = self._ids
        self._cands["logit"] = logits
        self._cands["p"] = 0.0
        data = self._cands.ctypes.data_as(ctypes.POINTER(self._lib.llama_token_data))
        return self._lib.llama_token_data_array(data=data, size=self._n_vocab, selected=-1, sorted=False)

    def _choose(self, logits: np.ndarray, *, constrained: bool) -> int:
        arr = self._array(logits)
        if constrained:
            self._lib.llama_sampler_apply(self._grammar, ctypes.byref(arr))
        self._lib.llama_sampler_apply(self._chain.sampler, ctypes.byref(arr))
        if not 0 <= arr.selected < arr.size:
            raise RuntimeError("the sampler chose no token")
        return int(arr.data[arr.selected].id)

    def _allowed(self, token: int, logit: float) -> bool:
        self._one.id, self._one.logit, self._one.p = token, logit, 0.0
        arr = self._lib.llama_token_data_array(data=ctypes.pointer(self._one), size=1, selected=-1, sorted=False)
        self._lib.llama_sampler_apply(self._grammar, ctypes.byref(arr))
        return not math.isinf(arr.data[0].logit)

    def sample(self, ctx: Any, idx: int = -1) -> int:
        ptr = self._lib.llama_get_logits_ith(ctx.ctx, idx)
        logits = np.ctypeslib.as_array(ptr, shape=(self._n_vocab,))
        token = self._choose(logits, constrained=False)
        self.checked += 1
        if not self._allowed(token, float(logits[token])):
            self.full += 1
            token = self._choose(logits, constrained=True)
        self._lib.llama_sampler_accept(self._grammar, token)
        self._lib.llama_sampler_accept(self._chain.sampler, token)
        return token

    def close(self) -> None:
        if self._grammar is not None:
            self._lib.llama_sampler_free(self._grammar)
            self._grammar = None
        self._chain.close()

    def __del__(self) -> None:
        self.close()


@lru_cache(maxsize=8)
def checked_llama_class(base: Any) -> Any:
    """A subclass of ``base`` (``llama_cpp.Llama``) whose grammar sampling checks the chosen token first."""
    import llama_cpp

    class CheckFirstLlama(base):
        def _init_sampler(self, *args: Any, grammar: Any = None, **kwargs: Any) -> Any:
            chain = super()._init_sampler(*args, grammar=None, **kwargs)
            if grammar is None:
                return chain
            g = llama_cpp.llama_sampler_init_grammar(self._model.vocab, grammar._grammar.encode("utf-8"),
                                                     grammar._root.encode("utf-8"))
            if not g:
                chain.close()
                raise ValueError("llama.cpp could not parse the grammar")
            self.last_sampler = CheckFirstSampler(llama_cpp, chain, g, self._n_vocab)
            return self.last_sampler

    CheckFirstLlama.__name__ = CheckFirstLlama.__qualname__ = f"CheckFirst{base.__name__}"
    return CheckFirstLlama
