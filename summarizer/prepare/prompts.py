"""Prompt stage: jinja2 templates as files, each with a version and a content hash.

A template's first line declares its version: ``{#- version: summarize-v1 -#}``.
Templates come from ``prompts_dir`` (a user's folder) or the ones shipped with the
package; they render in a sandbox with undefined variables as errors.
"""

from __future__ import annotations

import hashlib
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import ConfigError

__all__ = ["Prompt", "default_prompts_dir", "load_prompt"]

_VERSION = re.compile(r"\{#-?\s*version:\s*([\w.\-]+)\s*-?#\}")


@lru_cache(maxsize=1)
def default_prompts_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    packaged = package / "prompts"  # inside an installed wheel
    return packaged if packaged.is_dir() else package.parent / "prompts"  # a source checkout


@dataclass(frozen=True)
class Prompt:
    name: str
    version: str
    hash: str
    source: str

    def messages(self, **variables: Any) -> list[dict[str, str]]:
        try:
            tpl = _compiled(self.source)
            return [{"role": part, "content": tpl.render(part=part, **variables).strip()}
                    for part in ("system", "user")]
        except TemplateError as e:
            raise ConfigError(f"prompt template {self.name!r} failed to render: {e}") from None


@lru_cache(maxsize=16)
def _compiled(source: str) -> Template:
    env = SandboxedEnvironment(undefined=StrictUndefined, keep_trailing_newline=False, autoescape=False)
    return env.from_string(source)


def load_prompt(name: str = "summarize", prompts_dir: str | Path | None = None) -> Prompt:
    folder = Path(prompts_dir) if prompts_dir else default_prompts_dir()
    path = folder / f"{name}.j2"
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise ConfigError(f"prompt template not found: {path}")
    return _read(name, path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _read(name: str, path: Path, mtime_ns: int, size: int) -> Prompt:
    """The template at ``path`` as it is now (an edit changes its mtime or size: read again)."""
    source = path.read_text(encoding="utf-8")
    m = _VERSION.search(source.split("\n", 1)[0])
    if not m:
        raise ConfigError(f"{path}: the first line must declare a version, e.g. {{#- version: {name}-v1 -#}}")
    return Prompt(name, m.group(1), hashlib.sha256(source.encode()).hexdigest()[:12], source)
