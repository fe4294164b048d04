"""What code writes instead of the model: descriptions, countries and key points of a lean reply."""

from __future__ import annotations

from conftest import EXAMPLE
from drafts import example_draft

from summarizer.config import Settings
from summarizer.extract.describe import MAX_WORDS, clause, describe
from summarizer.extract.draft import Draft
from summarizer.ground.assemble import build_events, build_key_points
from summarizer.load.article import load_article
from summarizer.pipeline import prepare
from summarizer.prepare.casualties import Figure
from summarizer.prepare.sentences import split_sentences


def _lean() -> dict:
    """The example's reply with no description (code writes it), no country (code finds it), and the key
    points the small model copies from the prompt's example (code chooses its own)."""
    d = example_draft(key_points=[1, 4, 7])
    for ev in d["events"]:
        ev.update(what="", country=None)
    return d


def _built():
    p = prepare(load_article(EXAMPLE), Settings(max_reasks=0))
    draft = Draft.model_validate(_lean(), context={"article": p.context})
    return p, draft


def test_a_dateline_and_section_marker_are_not_part_of_the_description():
    text = "LIMA, 5 OCT 89 (EFE) -- [TEXT] GUERRILLAS ATTACKED A POLICE POST IN PUNO, KILLING TWO OFFICERS."
    assert clause(text) == "Guerrillas attacked a police post in puno, killing two officers."


def test_a_long_sentence_is_cut_at_a_clause_boundary():
    words = ["word"] * 12 + ["leaders,"] + ["more"] * 30
    out = clause(" ".join(words))
    assert out.endswith("leaders …") and len(out.split()) == 14 <= MAX_WORDS + 1


def test_the_sentence_that_reports_the_incident_describes_it():
    sents = split_sentences("The minister spoke on Monday. Gunmen shot two guards at the gate. Talks went on.")
    assert describe(sents, [1, 2], "attack") == "Gunmen shot two guards at the gate."
    assert describe(sents, [3], "attack") == "Talks went on."
    assert describe(sents, [9], "attack") == ""


def test_a_lean_reply_gets_the_articles_words_and_the_gazetteers_country():
    p, draft = _built()
    events = build_events(draft, p.context, p.article)
    raid, strike = events
    assert raid.description.removesuffix(" …") in " ".join(p.article.text.split())  # verbatim: its words
    assert raid.description.startswith("7 US soldiers were injured during the joint raid")  # no "X announced that"
    assert raid.location and raid.location.country == "Iraq"
    assert strike.location and strike.location.country == "Syria"


def test_code_chosen_key_points_carry_the_toll_and_leave_out_the_breakdown():
    p, draft = _built()
    points = [k.text for k in build_key_points(draft, p.context)]
    assert len(points) == 3
    assert any("14" in t for t in points)  # the main event's toll
    assert any("last Thursday" in t for t in points)  # its date
    assert not any(t.startswith("A US Department of Defense official") for t in points)  # 7 = 5 + 2, a part


def test_a_denial_keeps_its_frame():
    text = "The army denied today that guerrillas attacked the presidential farm near the coast."
    assert clause(text) == text  # "Guerrillas attacked the farm" would state what the army denies


def test_a_sentence_with_another_toll_is_a_key_point_but_a_repeat_of_the_toll_is_not():
    p, draft = _built()
    points = [k.text for k in build_key_points(draft, p.context)]
    assert sum("14" in t for t in points) == 1  # S3 and S7 both state 14 killed: one of them


def test_the_sentence_stating_the_events_own_figure_describes_it():
    sents = split_sentences("Troops attacked a camp and killed rebels. Officials said 12 rebels were killed there.")
    figures = [Figure(sentence=2, value=12, kind="killed", text="12 rebels were killed")]
    assert describe(sents, [1, 2], "attack", figures, [12]) == "Officials said 12 rebels were killed there."


def test_a_type_no_cited_word_states_becomes_the_type_they_state():
    p = prepare(load_article(EXAMPLE), Settings(max_reasks=0))
    d = _lean()
    d["events"][1]["type"] = "arrest"  # S11: "... had killed a senior leader ... in a strike ... in Syria"
    draft = Draft.model_validate(d, context={"article": p.context})
    strike = draft.events[1]
    assert strike.type == "air/drone strike" and any(r.field == "type" for r in strike._repairs)
    assert Draft.model_validate(_lean(), context={"article": p.context}).events[0].type == "raid"  # stated: kept
