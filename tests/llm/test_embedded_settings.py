"""llama.cpp settings of the embedded backend (n_threads, n_batch, kv_cache_type, flash_attn) reach the model.

The model class is the fake of ``summarizer/testing/fake_llama.py`` (``SUMMARIZER_LLAMA_CLASS``); the rest of the
embedded path (model file check, lock, request translation) is the real one.
"""

from __future__ import annotations

import json
import os

import pytest

from summarizer import Settings
from summarizer.errors import ConfigError
from summarizer.llm.embedded import embedded_create


@pytest.fixture
def fake(tmp_path, monkeypatch):
    model = tmp_path / "fake.gguf"
    model.write_bytes(b"GGUF" + bytes(64))
    log = tmp_path / "calls.jsonl"
    monkeypatch.setenv("SUMMARIZER_LLAMA_CLASS", "summarizer.testing.fake_llama:FakeLlama")
    monkeypatch.setenv("SUMMARIZER_MODEL_LOCK", str(tmp_path / "model.lock"))
    monkeypatch.setenv("FAKE_LLAMA_LOG", str(log))
    monkeypatch.setenv("FAKE_LLAMA_SECONDS", "0")
    return model, log


def _load_kwargs(create, log) -> dict:
    reply = create(messages=[{"role": "user", "content": "S1: Two people were killed on Tuesday."}],
                   response_format={"type": "json_schema", "json_schema": {"schema": {"type": "object"}}})
    assert json.loads(reply.choices[0].message.content)["events"]
    return [r for r in map(json.loads, log.read_text().splitlines()) if r["event"] == "load"][-1]["kwargs"]


def test_defaults_are_unchanged(fake):
    model, log = fake
    kwargs = _load_kwargs(embedded_create(Settings.load(model=str(model))), log)
    assert kwargs["n_batch"] == 512 and kwargs["n_threads"] == (os.cpu_count() or 2) and kwargs["n_ctx"] == 8192
    assert not {"type_k", "type_v", "flash_attn"} & set(kwargs)


def test_settings_from_the_environment_reach_the_model(fake, monkeypatch):
    model, log = fake
    monkeypatch.setenv("SUMMARIZER_N_BATCH", "128")
    monkeypatch.setenv("SUMMARIZER_N_THREADS", "1")
    monkeypatch.setenv("SUMMARIZER_KV_CACHE_TYPE", "q8_0")
    kwargs = _load_kwargs(embedded_create(Settings.load(model=str(model))), log)
    assert kwargs["n_batch"] == 128 and kwargs["n_threads"] == 1
    assert kwargs["type_k"] == kwargs["type_v"] == 8 and kwargs["flash_attn"] is True


def test_an_f16_cache_needs_no_flash_attention(fake):
    model, log = fake
    kwargs = _load_kwargs(embedded_create(Settings(model=str(model), kv_cache_type="F16", n_ctx=4096)), log)
    assert kwargs["type_k"] == kwargs["type_v"] == 1 and "flash_attn" not in kwargs and kwargs["n_ctx"] == 4096


def test_an_unknown_cache_type_or_model_class_is_a_config_error(fake, monkeypatch):
    model, _ = fake
    with pytest.raises(ConfigError, match="kv_cache_type must be one of"):
        embedded_create(Settings(model=str(model), kv_cache_type="q3"))
    monkeypatch.setenv("SUMMARIZER_LLAMA_CLASS", "no_such_module:Llama")
    with pytest.raises(ConfigError, match="SUMMARIZER_LLAMA_CLASS"):
        embedded_create(Settings(model=str(model)))


def test_flash_attention_is_a_setting_of_its_own(fake, monkeypatch):
    model, log = fake
    monkeypatch.setenv("SUMMARIZER_FLASH_ATTN", "on")
    kwargs = _load_kwargs(embedded_create(Settings.load(model=str(model))), log)
    assert kwargs["flash_attn"] is True and "type_k" not in kwargs


def test_prompt_lookup_picks_the_drafting_class_and_is_checked(monkeypatch):
    llama_cpp = pytest.importorskip("llama_cpp")
    from summarizer.llm.embedded import llama_class
    from summarizer.llm.lookup import lookup_llama_class
    from summarizer.llm.sampling import checked_llama_class

    monkeypatch.delenv("SUMMARIZER_LLAMA_CLASS", raising=False)
    assert llama_class(True, 0) is checked_llama_class(llama_cpp.Llama)
    assert llama_class(True, 4) is lookup_llama_class(checked_llama_class(llama_cpp.Llama), 4)
    assert llama_class(False, 2).__mro__[1] is llama_cpp.Llama
    monkeypatch.setenv("SUMMARIZER_PROMPT_LOOKUP", "3")
    assert Settings.load().prompt_lookup == 3
    for bad in ("-1", "65", "many"):
        monkeypatch.setenv("SUMMARIZER_PROMPT_LOOKUP", bad)
        with pytest.raises(ConfigError, match="prompt_lookup"):
            Settings.load()
