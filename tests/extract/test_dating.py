"""Dating an event the model left undated, from the article's own date words (extract/dating.py).

The texts are invented, in the shapes of wire reports: a dateline, a statement's date beside the incident's,
a communique that dates its account once and then tells it over several sentences."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.extract.dating import date_from_account, date_from_cited, dateline_span, speech_date
from summarizer.extract.draft import ArticleContext, Draft
from summarizer.prepare.casualties import casualty_figures
from summarizer.prepare.sentences import split_sentences

WIRE = ("PORTO VERDE, 20 NOV 89 (RADIO SUR) -- [TEXT] THE INTERIOR MINISTRY TODAY SAID THAT REBELS KILLED "
        "FOUR FARMERS NEAR THE DAM ON 16 NOVEMBER. THE MINISTER WILL TRAVEL TO THE AREA ON 25 NOVEMBER.")
PUB = "1989-11-20"


def _cited(text: str, cited: list[int], event_type: str = "attack", published: str | None = PUB):
    sents = split_sentences(text)
    return date_from_cited(sents, cited, text, published, event_type, casualty_figures(sents))


def _account(text: str, cited: list[int], about: str, event_type: str = "", published: str | None = PUB):
    return date_from_account(split_sentences(text), cited, text, published, about, event_type)


# -- pieces -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,dateline", [
    ("LIMA, 5 OCT 89 (EFE) -- [TEXT] IN LIMA TODAY ...", "5 OCT 89"),
    ("HAVANA (CUBA), 10 JAN 90 (RADIO NETWORK) -- [COMMENTARY] ...", "10 JAN 90"),
    ("WASHINGTON, Jan. 5 (Reuters) - Lawmakers said ...", "Jan. 5"),
    ("LONDON (Reuters) - No date in this dateline ...", None),
    ("On 3 May, rebels attacked a convoy, police said - a grim day.", None),
])
def test_the_dateline_date_is_found_only_in_a_dateline(text, dateline):
    span = dateline_span(text)
    assert (text[span[0]:span[1]] if span else None) == dateline


@pytest.mark.parametrize("sentence,expr,is_speech", [
    ("The army denied today that guerrillas attacked the farm.", "today", True),
    ("The president today said that the violence must end.", "today", True),
    ("In a statement released yesterday, the bishops deplored the murder.", "yesterday", True),
    ("In the capital today, unofficial sources reported that 300 were detained.", "today", True),
    ("A spokesman said on Monday that two bombs went off.", "Monday", True),
    ("Three guards were killed on Monday, police said.", "Monday", False),
    ("He added that on 3 February the president met the diplomats.", "3 February", False),
    ("Two judges were shot dead today by gunmen in two cars.", "today", False),
])
def test_a_date_beside_a_reporting_verb_dates_the_statement(sentence, expr, is_speech):
    at = sentence.index(expr)
    assert speech_date(sentence, at, at + len(expr)) is is_speech


# -- rule 1: the event's own sentences --------------------------------------------------------------

def test_the_dateline_and_the_statements_day_are_skipped_for_the_incidents_date():
    found = _cited(WIRE, [1])
    assert (found.sentence, found.surface, found.rule) == (1, "16 NOVEMBER", "cited")


def test_the_date_nearest_the_incident_wins_over_another_in_the_same_sentence():
    text = ("THE BOMB THAT WENT OFF ON 12 MARCH HAD BEEN PLANNED FOR WEEKS, INVESTIGATORS WHO ARRIVED IN "
            "THE CITY ON 2 MARCH TO STUDY OTHER CASES NOW BELIEVE.")
    assert _cited(text, [1], published="1990-03-15").surface == "12 MARCH"


def test_a_weekday_beside_its_calendar_date_dates_the_kidnapping():
    text = "THE BANKER WAS KIDNAPPED IN THE CAPITAL WEDNESDAY [4 OCTOBER] BY AN URBAN COMMANDO."
    found = _cited(text, [1], "kidnapping", published="1989-10-05")
    assert found.surface == "WEDNESDAY"  # nearest the trigger; the bracket says the same day


def test_on_a_tie_the_earliest_expression_wins():
    text = "Rebels attacked on 4 May in the north. Rebels attacked on 2 May in the south."
    assert _cited(text, [1, 2], published="1990-05-10").surface == "4 May"  # the earliest written, not dated


def test_since_until_and_after_publication_dates_do_not_date_an_incident():
    text = ("Rebels attacked the farm where the governor has been staying since 2 February. "
            "The attack will be investigated until 30 April.")
    assert _cited(text, [1, 2], published="1990-02-04") is None


def test_a_later_cited_sentence_with_no_word_for_an_incident_dates_something_else():
    text = ("The army said rebels attacked a farm in the south. "
            "He added that on 3 February the president met the diplomats.")
    assert _cited(text, [1, 2], published="1990-02-04") is None


def test_the_first_cited_sentence_dates_its_event_even_without_a_word_for_it():
    text = "The communique reads: on 2 July, rebels occupied the road and set up a barricade there."
    assert _cited(text, [1], published="1989-07-06").surface == "2 July"


def test_a_casualty_figure_anchors_the_date():
    text = "Rescuers counted 59 dead on 9 June; on 1 June the mayor had opened the market."
    assert _cited(text, [1], "bombing", published="1990-06-12").surface == "9 June"


# -- rule 2: the account it continues ---------------------------------------------------------------

COMMUNIQUE = ("SAN LUCAS, 6 JUL 89 (RADIO NORTE) -- [TEXT] THE FRONT ISSUED A COMMUNIQUE TODAY. "
              "THE COMMUNIQUE READS: ON THE AFTERNOON OF 2 JULY, FRONT GUERRILLAS OCCUPIED 8 KM OF THE COAST "
              "ROAD AND ERECTED A BARRICADE. THE GUERRILLAS STOPPED ABOUT 200 VEHICLES ON THE ROAD. "
              "AT THE BARRICADE, BODYGUARDS OF A JUDGE TRIED TO PASS AND A GUERRILLA WAS WOUNDED.")


def test_an_undated_event_takes_the_date_that_opens_its_account():
    found = _account(COMMUNIQUE, [4], "guerrillas wounded at the barricade", published="1989-07-06")
    assert (found.sentence, found.surface, found.rule) == (2, "2 JULY", "account")


def test_no_date_from_before_another_incident():
    text = ("On 2 February guerrillas attacked the army post near the farm. Gunmen burned a bus in the north. "
            "Guerrillas also looted the farm store.")
    assert _account(text, [3], "guerrillas looted the farm store", published="1990-02-04") is None


def test_no_date_from_a_sentence_that_tells_another_story():
    text = "On 3 February the president met the diplomatic corps. Guerrillas looted a farm store."
    assert _account(text, [2], "guerrillas looted a farm store", published="1990-02-04") is None


def test_no_date_from_more_than_three_sentences_back():
    text = ("On 2 July guerrillas occupied the road. They stopped cars. They handed out leaflets. "
            "They painted slogans. Later guerrillas were wounded on the road.")
    assert _account(text, [5], "guerrillas wounded on the road", published="1989-07-06") is None
    assert _account(text, [4], "guerrillas painted slogans and shot at the road signs",
                    published="1989-07-06").surface == "2 July"


def test_no_date_from_the_dateline_or_a_statements_day():
    text = ("QUINTO, 6 JUL 89 (EFE) -- [TEXT] THE POLICE SAID TODAY THAT THE ROAD IS CLOSED. "
            "GUERRILLAS OCCUPIED THE ROAD.")
    assert _account(text, [2], "guerrillas occupied the road", published="1989-07-06") is None


# -- in validation: the repair the user sees ----------------------------------------------------------

def _draft(text: str, published: str, **event: Any) -> tuple[Draft, ArticleContext]:
    sents = split_sentences(text)
    ctx = ArticleContext(text, sents, casualty_figures(sents), published, max_attempts=1)
    ev = {"type": "attack", "what": "", "when": None, "where": None, "country": None, "who": [],
          "killed": None, "injured": None, "s": [1]}
    ev.update(event)
    d = {"headline": "", "key_points": [], "events": [ev], "claims": []}
    return Draft.model_validate(d, context={"article": ctx}), ctx


def test_validation_dates_an_undated_event_from_its_sentence_and_records_it():
    draft, _ = _draft(WIRE, PUB, what="rebels killed four farmers near the dam", who=["rebels"], killed=4)
    ev = draft.events[0]
    assert ev.when == "16 NOVEMBER" and ev.s == [1]
    assert [(r.field, r.from_, r.to, r.why) for r in ev._repairs if r.field == "when"] == \
        [("when", None, "16 NOVEMBER", "dated from its cited sentence S1 ('16 NOVEMBER')")]


def test_validation_dates_from_the_opening_sentence_and_cites_it():
    draft, ctx = _draft(COMMUNIQUE, "1989-07-06", what="bodyguards of a judge tried to pass the barricade",
                        who=["guerrillas"], s=[4])
    ev = draft.events[0]
    assert ev.when == "2 JULY" and ev.s == [2, 4]
    assert [(r.field, r.to, r.why) for r in ev._repairs if r.field in ("s", "when")] == [
        ("s", ["S2", "S4"], "S2 gives the date '2 JULY'"),
        ("when", "2 JULY", "dated from S2, which opens the account ('2 JULY')")]
    assert "cited S2 for the date '2 JULY'" in ctx.notes


def test_validation_leaves_an_event_undated_when_nothing_dates_it():
    text = "Guerrillas attacked a farm in the south. They burned the sheds and stole food."
    draft, _ = _draft(text, "1990-02-04", what="guerrillas burned the sheds", who=["guerrillas"], s=[2])
    assert draft.events[0].when is None and not [r for r in draft.events[0]._repairs if r.field != "type"]


def test_the_model_s_own_date_is_kept():
    draft, _ = _draft(WIRE, PUB, what="rebels killed four farmers near the dam", who=["rebels"],
                      when="16 NOVEMBER", killed=4)
    assert draft.events[0].when == "16 NOVEMBER" and not [r for r in draft.events[0]._repairs if r.field == "when"]


def test_only_an_incident_takes_the_date_of_the_account_before_it():
    text = ("On 2 July rebels attacked the army post and killed two soldiers. "
            "The government and the rebels are negotiating a truce.")
    assert _account(text, [2], "the government and the rebels are negotiating", published="1989-07-06") is None
    assert _account(text, [2], "the government and the rebels are negotiating", "talks",
                    published="1989-07-06") is None
