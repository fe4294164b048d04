"""Claims beyond speech verbs, found in code: opinions, demands, concerns, findings, headlines,
statements before their subject, second statements in a participle, nominal and nested speakers."""

from __future__ import annotations

import pytest

from summarizer.prepare.attribution import find_attributions
from summarizer.prepare.sentences import split_sentences


def _atts(text):
    return [(a.source, a.cue, text[a.content_start:a.content_end], a.resolved_from)
            for a in find_attributions(text, split_sentences(text))]


@pytest.mark.parametrize("sentence, source, cue, content", [
    ("Many of his supporters believe bigotry and xenophobia are acceptable.", "Many of his supporters", "believe",
     "bigotry and xenophobia are acceptable"),
    ("After years abroad, we are convinced this is the only country where one can start from zero.", "we",
     "are convinced", "this is the only country where one can start from zero"),
    ("Fellow Republicans are urging Trump to make the second debate a game-changer.", "Fellow Republicans",
     "are urging", "Trump to make the second debate a game-changer"),
    ("Republicans have expressed concern that changing the policy could lead to fraud.", "Republicans",
     "expressed concern that", "changing the policy could lead to fraud"),
    ("The mayor urged an independent inquiry into the shooting.", "The mayor", "urged",
     "an independent inquiry into the shooting"),
    ("The governor backs the plan to widen the highway.", "The governor", "backs", "the plan to widen the highway"),
    ("A federal appeals court ruled Friday against Ohio's procedure for removing voters, dealing a blow to "
     "the secretary.", "A federal appeals court", "ruled", "against Ohio's procedure for removing voters"),
    ("A union representing flight attendants endorsed Hillary Clinton for president on Thursday, another "
     "example of labor throwing its support behind her.", "A union representing flight attendants", "endorsed",
     "Hillary Clinton for president on Thursday"),
    ("This is roughly the same advantage she has held all month, reported Reuters.", "Reuters", "reported",
     "This is roughly the same advantage she has held all month"),
    ("I do not believe we can make any predictions at this moment.", "I", "do not believe",
     "we can make any predictions at this moment"),
    ("The agency has not publicly commented on the scope of the inquiry so far.", "The agency",
     "has not commented", "on the scope of the inquiry so far"),
])
def test_opinions_demands_concerns_rulings_and_endorsements(sentence, source, cue, content):
    assert (source, cue, content, None) in _atts(sentence)


def test_a_headline_attribution_is_found_in_any_case():
    text = "New Poll Shows Minor Post-Debate Bump For Clinton.\n\nThe race is close."
    assert _atts(text)[0] == ("New Poll", "Shows", "Minor Post-Debate Bump For Clinton", None)
    text = "Flight attendants' union endorses Clinton.\n\nThe union has 50,000 members."
    assert _atts(text)[0][:3] == ("Flight attendants' union", "endorses", "Clinton")


def test_a_name_colon_headline_is_an_attribution_when_the_body_names_the_speaker():
    text = ("Lynch: No outside influence on FBI probe into Clinton emails.\n\n"
            "Attorney General Loretta Lynch is reaffirming her view.")
    assert _atts(text)[0] == ("Lynch", ":", "No outside influence on FBI probe into Clinton emails", None)
    text = "Stealth Over Health: Clinton Was Headed to ER.\n\nThe candidate was diverted."
    assert _atts(text) == []


def test_a_title_case_first_sentence_without_a_blank_line_after_is_not_a_headline():
    text = "Black Lawmakers Rip Donald Trump As A Fraud. The race is close."
    assert _atts(text) == []


def test_the_statement_before_its_subject():
    text = ("WASHINGTON - Trump's obsession with the birth certificate is an insult to all Americans, top black "
            "lawmakers said Friday afternoon, as they bristled at the questions.")
    (source, cue, content, _), = _atts(text)
    assert (source, cue) == ("top black lawmakers", "said")
    assert content == "WASHINGTON - Trump's obsession with the birth certificate is an insult to all Americans"


def test_a_participle_after_the_content_is_a_second_statement_of_the_same_source():
    text = ("CENTCOM stressed that the group continues to pose a threat to the region, affirming that it will "
            "pursue these terrorists vigorously.")
    assert _atts(text) == [
        ("CENTCOM", "stressed", "the group continues to pose a threat to the region", None),
        ("CENTCOM", "affirming", "it will pursue these terrorists vigorously", None)]


def test_nested_and_nominal_speakers_resolve_to_the_named_source():
    text = ("The Association of Flight Attendants said it backs the nominee strongly. "
            "The association said the choice was easy for its members. "
            "Trump said he finally believes Obama was born in the United States.")
    got = _atts(text)
    assert ("it", "backs", "the nominee strongly", "The Association of Flight Attendants") in got
    assert ("The association", "said", "the choice was easy for its members",
            "The Association of Flight Attendants") in got
    assert ("he", "believes", "Obama was born in the United States", "Trump") in got


@pytest.mark.parametrize("text", [
    "The self-declared security zone was described as a buffer by many.",
    "Many people believe in the power of prayer and hope for the best.",
    "Initial reports said three people were wounded in the blast.",  # "reports" is the subject, not a cue
])
def test_what_is_not_a_new_statement(text):
    got = _atts(text)
    assert all(cue not in ("declared", "believe", "reports") for _, cue, _, _ in got), got


@pytest.mark.parametrize("sentence, source, cue, content", [
    ("A report by the United Nations shows that hunger rose sharply in 2023.", "A report by the United Nations",
     "shows", "hunger rose sharply in 2023"),
    ("Figures released by the ministry on Monday show unemployment fell to 4 percent.",
     "Figures released by the ministry on Monday", "show", "unemployment fell to 4 percent"),
    ("Government figures indicate that inflation slowed to 2 percent.", "Government figures", "indicate",
     "inflation slowed to 2 percent"),
    ("A new survey suggests most voters favour the plan.", "A new survey", "suggests", "most voters favour the plan"),
])
def test_documents_and_data_state_findings(sentence, source, cue, content):
    assert (source, cue, content, None) in _atts(sentence)
    from summarizer.normalize.core import source_kind
    assert source_kind(source) == "document"
