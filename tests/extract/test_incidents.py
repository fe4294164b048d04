"""Incidents the model folded into another event, or left out, placed in another country: made events by code."""

from __future__ import annotations

from conftest import EXAMPLE
from drafts import example_draft

from summarizer.config import Settings
from summarizer.extract.draft import Draft
from summarizer.extract.incidents import placed_elsewhere, placed_in
from summarizer.load.article import load_article
from summarizer.pipeline import prepare

S11 = ("The operation in western Iraq comes a week after US forces announced that they had killed a senior leader "
       "of a terrorist organization linked to al-Qaeda, in a strike carried out the day before yesterday in Syria.")


def _one_event(s: list[int]) -> list:
    p = prepare(load_article(EXAMPLE), Settings(max_reasks=0))
    d = example_draft()
    d["events"] = [{"type": "attack", "what": "", "when": "last Thursday", "where": "Iraq", "country": None,
                    "who": ["US soldiers"], "killed": 14, "injured": None, "s": s}]
    return Draft.model_validate(d, context={"article": p.context}).events


def test_the_country_nearest_each_incident_word():
    assert placed_in("Gunmen killed two guards in Peru on Monday.") == (28, 32, "Peru")
    assert placed_elsewhere(S11, {"Iraq"}) == (S11.index("Syria"), S11.index("Syria") + 5, "Syria")  # "strike"
    assert placed_elsewhere(S11, {"Iraq", "Syria"}) is None
    assert placed_elsewhere("The United States has about 900 troops in Syria.", {"Iraq"}) is None  # no incident


def test_a_cited_sentence_of_another_countrys_incident_becomes_its_own_event():
    raid, strike = _one_event([1, 2, 7, 11])
    assert raid.s == [1, 2, 7] and any(r.field == "s" and "Syria" in r.why for r in raid._repairs)
    assert (strike.type, strike.where, strike.when, strike.killed, strike.s) == \
        ("air/drone strike", "Syria", "the day before yesterday", 1, [11])  # "killed a senior leader"


def test_an_uncited_sentence_of_another_countrys_incident_becomes_an_event():
    raid, strike = _one_event([1, 4, 7])
    assert raid.s == [1, 4, 7] and strike.s == [11] and strike.where == "Syria"
    assert any("which no event cited" in r.why for r in strike._repairs)


def test_one_country_makes_no_new_event():
    p = prepare("Gunmen killed two guards in Lima on Monday. Police said three more died in Lima later.",
                Settings(max_reasks=0))
    d = {"headline": "Gunmen kill guards in Lima", "key_points": [], "claims": [],
         "events": [{"type": "attack", "what": "", "when": "Monday", "where": "Lima", "country": "Peru",
                     "who": ["Gunmen"], "killed": 2, "injured": None, "s": [1]}]}
    assert len(Draft.model_validate(d, context={"article": p.context}).events) == 1
