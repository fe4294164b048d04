"""The embedded model's computed instructions, kept on disk across processes.

Every call starts with the same system message (the instructions); llama-cpp-python
already reuses the longest token prefix a call shares with the one before it in the same
process. This module carries that state over to the next process: the first process with a
given model, settings and system message computes the instructions alone (the system message
and an empty user turn, one token generated) and writes the model's state (its KV cache and
the tokens it holds); the next process loads it before its first call, and llama.cpp then
computes only what follows the shared prefix (the article). No article is ever in the file,
so a second run of the same article computes it again, like any other. The reuse is
token-exact, so a stale or foreign file can cost time but never change a token of input.
A file that does not load (another llama.cpp build, a truncated write) is removed.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["PromptCache"]

_KEEP = 4  # state files kept (most recently used); each is a few tens of MB


class PromptCache:
    """Load before a process's first call, save after it, for one model and its settings."""

    def __init__(self, folder: Path, identity: str):
        self.folder = folder
        self.identity = identity  # model file, context and batch sizes, KV type, llama.cpp version
        self.done = False  # this process has the state in place (loaded it, or wrote it): nothing more to do

    def _path(self, system: str) -> Path:
        digest = hashlib.sha256(f"{self.identity}\x00{system}".encode()).hexdigest()[:24]
        return self.folder / f"{digest}.npz"

    @staticmethod
    def usable(llama: Any) -> bool:
        """A llama_cpp.Llama (or a class with its state API), not a test double without one."""
        return all(hasattr(llama, a) for a in ("save_state", "load_state", "n_tokens", "input_ids", "n_vocab"))

    def load(self, llama: Any, system: str) -> bool:
        """Restore the state saved for ``system`` into a model that holds nothing yet."""
        path = self._path(system)
        if not self.usable(llama) or llama.n_tokens or not path.is_file():
            return False
        try:
            with np.load(path, allow_pickle=False) as f:
                ids, blob = f["input_ids"], f["state"]
            _restore(llama, ids, blob)
        except (OSError, ValueError, KeyError, RuntimeError):
            path.unlink(missing_ok=True)
            llama.reset()
            return False
        os.utime(path)
        self.done = True
        return True

    def prime(self, llama: Any, system: str) -> None:
        """Compute ``system`` alone in a model that holds nothing yet and save that state."""
        if self.done or not self.usable(llama) or llama.n_tokens:
            return
        llama.create_chat_completion(messages=[{"role": "system", "content": system}, {"role": "user", "content": ""}],
                                     max_tokens=1, temperature=0, seed=0)
        self.save(llama, system)

    def save(self, llama: Any, system: str) -> None:
        """Write the model's state, once per system message (an existing file is kept)."""
        path = self._path(system)
        if self.done or not self.usable(llama) or not llama.n_tokens or path.is_file():
            return
        state = llama.save_state()
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as out:
                np.savez(out, input_ids=np.asarray(state.input_ids[: state.n_tokens], dtype=np.intc),
                         state=np.frombuffer(state.llama_state, dtype=np.uint8))
            os.replace(tmp, path)
        except OSError:
            return  # a cache that cannot be written only costs time
        finally:
            tmp.unlink(missing_ok=True)
        self.done = True
        self._prune()

    def _prune(self) -> None:
        files = sorted(self.folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[_KEEP:]:
            old.unlink(missing_ok=True)


def _restore(llama: Any, ids: np.ndarray, blob: np.ndarray) -> None:
    """Put a saved state into ``llama``.

    ``Llama.load_state`` also fills the logits buffer (``n_batch`` rows of the whole vocabulary:
    311 MB at the defaults, 0.67 s on 2 cores, and as much more memory held), which a model
    without ``logits_all`` never reads; for such a model only the llama.cpp state and the tokens
    are set, as ``load_state`` sets them.
    """
    import llama_cpp  # the optional extra: imported where it is used

    ctx = getattr(getattr(llama, "_ctx", None), "ctx", None)
    if ctx is None or getattr(llama, "_logits_all", True):
        llama.load_state(llama_cpp.LlamaState(
            input_ids=_ids_buffer(llama, ids), scores=np.zeros((1, llama.n_vocab()), dtype=np.single),
            n_tokens=len(ids), llama_state=blob.tobytes(), llama_state_size=len(blob), seed=0))
        return
    tokens = _ids_buffer(llama, ids)
    data = np.ascontiguousarray(blob, dtype=np.uint8)
    if llama_cpp.llama_state_set_data(ctx, data.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8)), len(data)) != len(data):
        raise RuntimeError("Failed to set llama state data")
    llama.input_ids = tokens
    llama.n_tokens = len(ids)
    llama._requires_eval = True  # as load_state: the last token is decoded again before sampling


def _ids_buffer(llama: Any, ids: np.ndarray) -> np.ndarray:
    """``ids`` in an array of the model's input length (load_state copies it in whole)."""
    out = np.zeros_like(llama.input_ids)
    if len(ids) > len(out):
        raise ValueError("saved state longer than the context")
    out[: len(ids)] = ids
    return out
