"""Backends as typed capabilities: what the settings select, what each can do, and that the
name in meta.backend (the public contract) is unchanged."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE
from drafts import example_draft

from summarizer import LLM, Settings, load_article, summarize
from summarizer.llm.backend import EMBEDDED, ENDPOINT, ENDPOINT_BATCH, Backend, backend_for, backend_named
from summarizer.llm.pricing import FREE, PriceTable
from summarizer.render.html import cost
from summarizer.testing.scripted_server import completion


@pytest.mark.parametrize("settings,expected", [
    (Settings(), EMBEDDED),
    (Settings(model="some/where/model.gguf", base_url="http://127.0.0.1:1/v1"), EMBEDDED),
    (Settings(base_url="http://127.0.0.1:1/v1"), ENDPOINT),
    (Settings(api_key="sk-x"), ENDPOINT),
    (Settings(backend="embedded", api_key="sk-x"), EMBEDDED),
])
def test_the_settings_select_a_backend(settings: Settings, expected: Backend):
    assert backend_for(settings) is expected
    assert backend_for(settings).name == settings.resolved_backend  # the string the store and meta keep


def test_capabilities():
    assert (EMBEDDED.local, EMBEDDED.has_cost, EMBEDDED.batch_api, EMBEDDED.asynchronous) == (True, False, False, False)
    assert (ENDPOINT.local, ENDPOINT.has_cost, ENDPOINT.batch_api, ENDPOINT.asynchronous) == (False, True, True, True)
    assert ENDPOINT_BATCH.batch_api and ENDPOINT_BATCH.has_cost and not ENDPOINT_BATCH.local
    mine = backend_named("my-gateway")  # an LLM around a client of one's own
    assert mine.name == "my-gateway" and not mine.local and mine.has_cost and not mine.batch_api


def test_only_a_local_backend_is_free():
    table = PriceTable()
    assert table.for_model("gpt-4o-mini", EMBEDDED.name) is FREE
    assert table.for_model("gpt-4o-mini", ENDPOINT.name) not in (None, FREE)
    assert table.for_model("gpt-4o-mini", ENDPOINT_BATCH.name) not in (None, FREE)


def test_an_endpoint_llm_keeps_its_name_in_meta_and_runs_calls_concurrently(server, settings):
    server.add(completion(example_draft()))
    llm = LLM.from_settings(settings)
    assert llm.kind is ENDPOINT and llm._lock is None  # no lock: calls may overlap
    s = summarize(load_article(EXAMPLE), settings=settings, llm=llm)
    assert s.meta.backend == "openai"
    assert cost(s.meta).endswith("at list price") or cost(s.meta).startswith("unknown")


def test_a_local_backend_serialises_its_calls():
    llm = LLM(object(), model="m", backend=EMBEDDED.name)
    assert llm.kind.local and llm._lock is not None
