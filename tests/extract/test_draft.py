"""Validation of the model's draft against the article: repairs, re-ask reasons, drops."""

from __future__ import annotations

import pytest
from conftest import EXAMPLE
from drafts import example_draft
from pydantic import ValidationError

from summarizer.config import Settings
from summarizer.extract.draft import Draft
from summarizer.load.article import load_article
from summarizer.pipeline import prepare


def _ctx(max_reasks: int = 1):
    return prepare(load_article(EXAMPLE), Settings(max_reasks=max_reasks)).context


def _validate(d, ctx):
    return Draft.model_validate(d, context={"article": ctx})


def test_a_grounded_draft_passes_untouched():
    ctx = _ctx()
    draft = _validate(example_draft(), ctx)
    assert [e.killed for e in draft.events] == [14, 1] and draft.events[0].injured == 7  # "killed a senior leader"
    assert ctx.warnings == [] and ctx.attempts == 1


def test_forgotten_citation_for_a_figure_cites_the_nearest_sentence_stating_it():
    d = example_draft()
    d["events"][0]["s"] = [1]  # 14 killed is stated in S3 and S7
    ctx = _ctx()
    draft = _validate(d, ctx)
    assert draft.events[0].killed == 14 and draft.events[0].s == [1, 3]
    assert "cited S3 for killed=14" in ctx.notes


def test_unique_figure_elsewhere_is_cited():
    d = example_draft()
    d["events"][0].update(s=[3], injured=7)  # 7 injured appears only in S1
    ctx = _ctx()
    draft = _validate(d, ctx)
    assert 1 in draft.events[0].s and any("S1" in n for n in ctx.notes)


def test_zero_the_text_never_states_becomes_null():
    d = example_draft()
    d["events"][1]["injured"] = 0
    draft = _validate(d, _ctx())
    assert draft.events[1].injured is None


def test_date_words_map_to_the_article_surface_form():
    d = example_draft()
    d["events"][0]["when"] = "Thursday"
    draft = _validate(d, _ctx())
    assert draft.events[0].when == "last Thursday"


def test_invented_date_is_reasked_with_reason_then_removed_on_last_attempt():
    d = example_draft()
    d["events"][0]["when"] = "on Christmas Eve"
    ctx = _ctx(max_reasks=1)
    with pytest.raises(ValidationError) as e:
        _validate(d, ctx)
    assert "when='on Christmas Eve'" in str(e.value)
    draft = _validate(d, ctx)  # second (last) attempt: the date goes, the event stays, the warning names it
    assert [ev.type for ev in draft.events] == ["raid", "airstrike"]
    assert any("events[0] (raid): when=" in w for w in ctx.warnings)
    assert not any("Christmas" in w for w in ctx.warnings)  # an invented value is named, never repeated
    # then code dates it from its own cited sentence (S1: "... in Anbar province, western Iraq, last Thursday"),
    # not from "announced yesterday" (the statement's day), and says so
    assert draft.events[0].when == "last Thursday"
    assert [(r.from_, r.to, r.why) for r in draft.events[0]._repairs if r.field == "when"][-1] == \
        (None, "last Thursday", "dated from its cited sentence S1 ('last Thursday')")


def test_claim_whose_source_is_not_in_its_sentence_fails():
    d = example_draft(claims=[{"s": 3, "source": "The White House", "said": "nothing"}])
    ctx = _ctx(max_reasks=0)
    draft = _validate(d, ctx)
    assert draft.claims == [] and any("claims[0]: source" in w and "is not named in S3" in w for w in ctx.warnings)
    assert not any("White House" in w for w in ctx.warnings)


def test_the_replys_key_point_numbers_are_neither_reasked_nor_warned_about():
    d = example_draft(key_points=[0, 3, 99, 3])
    ctx = _ctx(max_reasks=1)  # code chooses the key points (ground/assemble.py): the reply's numbers cost nothing
    _validate(d, ctx)
    assert not any("key_points" in w for w in ctx.warnings)


def test_wrong_citation_is_recited_to_the_sentence_the_wording_comes_from():
    talks = {"type": "talks", "what": "Baghdad and Washington are negotiating the reduction of coalition forces",
             "when": None, "where": None, "country": None, "who": [], "killed": None, "injured": None, "s": [2]}
    d = example_draft(events=[talks])
    ctx = _ctx(max_reasks=0)
    draft = _validate(d, ctx)
    assert draft.events[0].s == [2, 15] and not ctx.warnings
    assert any(n.startswith("cited S15") for n in ctx.notes)


CARTEL = ("date 2024-03-05\nA car bomb exploded outside a police station in the capital on Monday, killing three "
          "officers.\nThe interior minister blamed the Extraditables, a group of drug traffickers.\n"
          "Schools in the district were closed on Tuesday.")


def _bomb(what: str) -> dict:
    return {"type": "bombing", "what": what, "when": "Monday", "where": None, "country": None, "who": [],
            "killed": 3, "injured": None, "s": [1]}


def test_an_event_naming_what_a_nearby_sentence_says_cites_that_sentence():
    ctx = prepare(CARTEL, Settings(max_reasks=1)).context
    d = _validate({"headline": "Car bomb kills three officers", "key_points": [1],
                   "events": [_bomb("Extraditables car bomb kills three officers")], "claims": []}, ctx)
    (ev,) = d.events
    assert ev.s == [1, 2] and not ctx.warnings  # no re-ask was needed: S2 names them
    assert any(r.field == "s" and "S2 states what its description says" in r.why for r in ev._repairs)


def test_an_event_naming_what_the_article_never_says_is_still_dropped():
    ctx = prepare(CARTEL, Settings(max_reasks=0)).context
    d = _validate({"headline": "Car bomb kills three officers", "key_points": [1],
                   "events": [_bomb("Medellin Cartel car bomb kills three officers")], "claims": []}, ctx)
    assert d.events == [] and any("Medellin" in w or "not in the source" in w for w in ctx.warnings)
