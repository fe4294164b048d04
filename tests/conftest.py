from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

import pytest

from summarizer import Settings
from summarizer.testing.scripted_server import ScriptedServer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "000_b2ed4d7ce25c19f4.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    s = ScriptedServer().start()
    yield s
    s.stop()


@pytest.fixture
def settings(server: ScriptedServer) -> Settings:
    """Settings for the scripted endpoint: fast retries, JSON mode."""
    return Settings(backend="openai", base_url=server.url, api_key="sk-test-0000", model="scripted", mode="json",
                    transport_retries=2, retry_max_wait_s=0.05, timeout_s=5)


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No user config or SUMMARIZER_* variables leak into tests; caches stay per machine."""
    for k in list(os.environ):
        if k.startswith("SUMMARIZER_") and k != "SUMMARIZER_CACHE_DIR":
            monkeypatch.delenv(k)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
