"""Event types: whatever the model writes maps to ACLED's closed vocabulary, documented in docs/event_types.md."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EXAMPLE
from drafts import example_draft

from summarizer import load_article, summarize
from summarizer.normalize.event_types import EVENT_CATEGORIES, EVENT_TYPES, category_of, map_event_type
from summarizer.schema import ArticleSummary
from summarizer.testing.scripted_server import completion

DOC = Path(__file__).resolve().parents[2] / "docs" / "event_types.md"


@pytest.mark.parametrize("raw, want", [
    ("raid", "attack"), ("killed", "attack"), ("assassination", "attack"), ("Shooting", "attack"),
    ("bombing", "remote explosive/landmine/ied"), ("car bomb attack", "remote explosive/landmine/ied"),
    ("suicide bombing", "suicide bomb"), ("airstrike", "air/drone strike"), ("strike", "air/drone strike"),
    ("general strike", "peaceful protest"), ("forced work stoppage", "peaceful protest"),
    ("kidnapping", "abduction/forced disappearance"), ("hijacking", "abduction/forced disappearance"),
    ("arson", "looting/property destruction"), ("robbery", "looting/property destruction"),
    ("mortar shelling", "shelling/artillery/missile attack"), ("grenade attack", "grenade"),
    ("clashes", "armed clash"), ("arrest", "arrests"), ("ceasefire", "agreement"), ("riot", "violent demonstration"),
    ("Armed clash", "armed clash"), ("air/drone strike", "air/drone strike"),
    ("report", "other"), ("meeting", "other"), ("election", "other"), ("", "other"),
])
def test_model_words_map_to_the_vocabulary(raw, want):
    assert map_event_type(raw) == want
    assert want in EVENT_TYPES


def test_the_description_decides_only_when_the_type_says_nothing():
    assert map_event_type("incident", "Gunmen killed three farmers") == "attack"
    assert map_event_type("", "A car bomb exploded near the embassy") == "remote explosive/landmine/ied"
    assert map_event_type("report", "The ministry reported the attack") == "other"


def test_the_vocabulary_is_closed_grouped_and_documented():
    doc = DOC.read_text(encoding="utf-8")
    assert len(EVENT_TYPES) == len(set(EVENT_TYPES)) == 25
    for category, types in EVENT_CATEGORIES.items():
        for t in types:
            assert category_of(t) == category
            assert f"| {category} | {t} |" in doc, t
    assert category_of("not a type") == "strategic developments"
    assert "EVENT_TYPES" in (ArticleSummary.model_json_schema()["$defs"]["Event"]["properties"]["type"]["description"])


def test_events_carry_type_category_and_the_model_words(server, settings):
    server.add(completion(example_draft()))
    s = summarize(load_article(EXAMPLE), settings=settings)
    assert [(e.type_text, e.type, e.category) for e in s.events] == [
        ("raid", "attack", "violence against civilians"),
        ("airstrike", "air/drone strike", "explosions/remote violence")]


def test_an_event_built_without_a_category_takes_its_types():
    from summarizer.schema import Event
    assert Event(id="e1", type="grenade", description="").category == "explosions/remote violence"
    assert Event(id="e1", type="grenade", description="", category="battles").category == "battles"
