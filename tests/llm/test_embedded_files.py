"""Assembling a model from chunk packages: real files on a real sys.path, no model run."""

from __future__ import annotations

import hashlib
import sys

import pytest

from summarizer.errors import ConfigError
from summarizer.llm import embedded


@pytest.fixture
def parts(tmp_path, monkeypatch):
    site = tmp_path / "site"
    chunks = [b"GGUF" + b"a" * 1000, b"b" * 1000, b"c" * 17]
    for i, data in enumerate(chunks, 1):
        d = site / f"fakemodel_part{i}" / "data"
        d.mkdir(parents=True)
        (d.parent / "__init__.py").write_text("")
        (d / f"part{i:02d}.bin").write_bytes(data)
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    blob = b"".join(chunks)
    spec = embedded.ModelSpec("fake.gguf", "fakemodel-part", 3, len(blob), hashlib.sha256(blob).hexdigest(), "fake")
    monkeypatch.setitem(embedded.MODELS, "fake", spec)
    yield blob
    for i in range(1, 4):
        sys.modules.pop(f"fakemodel_part{i}", None)


def test_parts_are_joined_checked_and_cached(parts, capsys):
    p = embedded.model_path("fake")
    assert p.read_bytes() == parts
    assert "assembling the embedded model" in capsys.readouterr().err
    assert embedded.model_path("fake") == p  # cached: no second message
    assert capsys.readouterr().err == ""


def test_checksum_mismatch_is_refused(parts, monkeypatch):
    spec = embedded.MODELS["fake"]
    monkeypatch.setitem(embedded.MODELS, "fake", embedded.ModelSpec(**{**spec.__dict__, "sha256": "0" * 64}))
    with pytest.raises(ConfigError, match="checksum mismatch"):
        embedded.model_path("fake")
    assert not list((embedded.cache_dir()).glob("*.gguf"))  # nothing half-written left behind


def test_missing_part_names_the_package_and_the_extra(parts, monkeypatch):
    spec = embedded.MODELS["fake"]
    monkeypatch.setitem(embedded.MODELS, "fake", embedded.ModelSpec(**{**spec.__dict__, "parts": 4}))
    with pytest.raises(ConfigError, match=r"fakemodel-part4 is not installed.*summarizer\[fake\]"):
        embedded.model_path("fake")


def test_gguf_path_must_exist_and_be_gguf(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        embedded.model_path(str(tmp_path / "nope.gguf"))
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"not a model")
    with pytest.raises(ConfigError, match="not a GGUF"):
        embedded.model_path(str(bad))


def test_unknown_alias_lists_the_choices():
    with pytest.raises(ConfigError, match="qwen2.5-coder-1.5b"):
        embedded.model_path("llama-70b")
