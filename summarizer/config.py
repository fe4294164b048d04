"""Settings: defaults < config file < environment < explicit arguments.

Config file: ``$SUMMARIZER_CONFIG`` or ``<user config dir>/summarizer/config.toml`` with
the same keys as :class:`Settings` (``model = "..."``, ``base_url = "..."``).
Environment: ``SUMMARIZER_<KEY>`` (``SUMMARIZER_MODEL``, ``SUMMARIZER_BASE_URL``, ...);
``OPENAI_API_KEY`` / ``OPENAI_BASE_URL`` are read as fallbacks for the endpoint backend.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from .errors import ConfigError

__all__ = ["DEFAULT_MODEL", "DEFAULT_REMOTE_MODEL", "Settings"]

DEFAULT_MODEL = "qwen2.5-coder-1.5b"
DEFAULT_REMOTE_MODEL = "gpt-4o-mini"
MODES = ("tools", "json", "json_schema", "md_json")


@dataclass
class Settings:
    model: str = DEFAULT_MODEL
    backend: str = "auto"  # auto | embedded | openai
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    mode: str | None = None  # instructor mode; None picks the backend's default
    prompts_dir: str | None = None
    max_reasks: int | None = None  # validation re-asks after the first answer; None: 1 on an endpoint, 0 embedded
    transport_retries: int = 4  # retries of one HTTP request (429/5xx/connection)
    timeout_s: float = 180.0
    retry_max_wait_s: float = 60.0
    deadline_s: float = 600.0  # one request's whole time, connect to last byte, its retries and waits included
    temperature: float = 0.0
    max_tokens: int = 1500
    n_ctx: int = 8192
    n_threads: int | None = None
    n_batch: int = 512  # embedded: prompt tokens per llama.cpp batch
    kv_cache_type: str | None = None  # embedded: f16 (llama.cpp's default), q8_0, q4_0, f32
    flash_attn: bool = False  # embedded: llama.cpp flash attention (needed by a quantized KV cache)
    prompt_cache: bool = True  # embedded: keep the computed instructions on disk for the next process
    grammar_check_first: bool = True  # embedded: test the grammar on the chosen token, not the whole vocabulary
    prompt_lookup: int = 0  # embedded: tokens drafted a step by prompt lookup (speculative decoding); 0 is off
    chunk_tokens: int = 2000  # article tokens per model call; longer articles are read in overlapping parts
    max_article_chars: int = 400_000  # about 60,000 words: beyond that it is not one article

    @classmethod
    def load(cls, config_file: str | Path | None = None, **overrides: Any) -> "Settings":
        values: dict[str, Any] = {}
        values.update(_read_file(config_file))
        values.update(_read_env())
        values.update({k: v for k, v in overrides.items() if v is not None})
        names = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - set(names))
        if unknown:
            raise ConfigError(f"unknown setting(s): {', '.join(unknown)}")
        s = cls(**{k: _coerce(names[k], v) for k, v in values.items()})
        s.validate()
        return s

    def validate(self) -> None:
        if self.backend not in ("auto", "embedded", "openai"):
            raise ConfigError(f"backend must be auto, embedded or openai, not {self.backend!r}")
        if self.mode is not None and self.mode not in MODES:
            raise ConfigError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        if (self.max_reasks or 0) < 0 or self.transport_retries < 0:
            raise ConfigError("max_reasks and transport_retries must be >= 0")
        if not 0 <= self.prompt_lookup <= 64:
            raise ConfigError(f"prompt_lookup must be 0 (off) to 64 drafted tokens, not {self.prompt_lookup!r}")
        if not self.deadline_s > 0 or self.deadline_s == float("inf"):
            raise ConfigError(f"deadline_s must be a positive number of seconds, not {self.deadline_s!r}")

    @property
    def resolved_backend(self) -> str:
        if self.backend != "auto":
            return self.backend
        if self.model.endswith(".gguf"):
            return "embedded"
        return "openai" if (self.base_url or self.api_key) else "embedded"

    @property
    def reasks(self) -> int:
        """Validation re-asks: ``max_reasks``, else 1 on an endpoint and 0 on the embedded model, where a
        re-ask costs a whole second answer (the dev median fell from 45 s to 31 s with 0, quality within
        noise: BENCHMARKS); on the last attempt code clears what it cannot ground instead of asking."""
        if self.max_reasks is not None:
            return self.max_reasks
        return 0 if self.resolved_backend == "embedded" else 1

    @property
    def resolved_model(self) -> str:
        if self.resolved_backend == "openai" and self.model == DEFAULT_MODEL:
            return DEFAULT_REMOTE_MODEL
        return self.model

    def public(self) -> dict[str, Any]:
        """Settings safe to log or store: the API key is never included."""
        d = dataclasses.asdict(self)
        d["api_key"] = "***" if self.api_key else None
        return d


def _read_file(path: str | Path | None) -> dict[str, Any]:
    explicit = path or os.environ.get("SUMMARIZER_CONFIG")
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"config file not found: {p}")
    else:
        p = Path(user_config_dir("summarizer")) / "config.toml"
        if not p.is_file():
            return {}
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {p}: {e}") from None


def _read_env() -> dict[str, Any]:
    env = os.environ
    out = {f.name: env[f"SUMMARIZER_{f.name.upper()}"] for f in dataclasses.fields(Settings)
           if f"SUMMARIZER_{f.name.upper()}" in env}
    return out


def _coerce(f: dataclasses.Field, v: Any) -> Any:
    kind = str(f.type)
    if kind == "bool":
        if isinstance(v, bool):
            return v
        if str(v).strip().lower() in ("1", "true", "yes", "on"):
            return True
        if str(v).strip().lower() in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"setting {f.name} must be true or false, not {v!r}")
    try:
        if kind.startswith("int"):
            return int(v)
        if kind.startswith("float"):
            return float(v)
    except (TypeError, ValueError):
        raise ConfigError(f"setting {f.name} must be a number, not {v!r}") from None
    return None if v in ("", None) else str(v) if not isinstance(v, str) else v
