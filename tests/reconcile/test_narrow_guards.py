"""Guards narrowed to what they mean, and statements of one sentence read as one whole.

- an ordinal names which one ("the third round"): two sides naming the same one are about one event;
- across articles, a person one article names (a judge, an official) is no second party; places and groups are;
- figures of one measure one sentence lists ("six people … and two residents") are parts of one whole;
- a relative clause ("…, which remained open") is about the noun before it, and contrasting modifiers
  ("east"/"west") make two subjects;
- "declined/refused/failed to V" is V not done, and "X charged Y with" is "Y was charged with".
"""

from __future__ import annotations

from functools import partial

import outlets
from outlets import kinds, story_kinds

from summarizer.reconcile import article_conflicts

PUBLISHED = "2025-09-10"  # the day of these articles, unless one says otherwise
bare = partial(outlets.bare, published=PUBLISHED)
one = partial(outlets.one, published=PUBLISHED)
two = partial(outlets.two, published=PUBLISHED)


# --- ordinals --------------------------------------------------------------------------------------------------------

def test_one_ordinal_on_both_sides_is_one_event_dated_twice():
    a = one("The third round of pension talks between Ostmark and the Velden union ended on Tuesday without "
            "agreement, officials said.", published="2025-09-12")
    b = two("Negotiators from Ostmark and the Velden union finished their third round of pension talks on Monday, "
            "the ministry said.", published="2025-09-12")
    assert story_kinds(a, b) == ["temporal"]


def test_two_ordinals_are_two_events():
    a = one("The third round of pension talks between Ostmark and the Velden union ended on Tuesday without "
            "agreement, officials said.", published="2025-09-12")
    b = two("Negotiators from Ostmark and the Velden union finished their fourth round of pension talks on Monday, "
            "the ministry said.", published="2025-09-12")
    assert "temporal" not in story_kinds(a, b)


# --- parties -----------------------------------------------------------------------------------------------------

def test_a_judge_named_in_one_article_is_no_second_party():
    a = one("A former bookkeeper of the Harwick sailing club was jailed for three years on Tuesday for stealing "
            "1.4 million pounds from the club's accounts. The club said it was relieved.")
    b = two("Judge Miriam Olsen told the former bookkeeper that her theft of £2.1 million had nearly ruined the "
            "club. She was sentenced to three years in prison.")
    assert story_kinds(a, b) == ["numeric"]


def test_two_places_are_still_two_parties():
    a = one("A former bookkeeper of the Harwick sailing club was jailed for three years on Tuesday for stealing "
            "1.4 million pounds from the club's accounts. The club said it was relieved.")
    b = two("Judge Miriam Olsen told the former bookkeeper of the Dunmore sailing club that her theft of "
            "£2.1 million had nearly ruined it. She was sentenced to three years in prison.")
    assert "numeric" not in story_kinds(a, b)


# --- one sentence, one whole ---------------------------------------------------------------------------------------

_BUS = ("A tour bus plunged off a mountain road outside Velka on Sunday, killing {} people. The dead were six "
        "people on board the bus and two residents of a farmhouse below, police said.")


def test_figures_listed_in_one_sentence_add_up_to_the_total():
    assert kinds(article_conflicts(bare(_BUS.format("eight")))) == []


def test_a_total_the_listed_figures_do_not_make_is_numeric():
    assert kinds(article_conflicts(bare(_BUS.format("eleven")))) == ["numeric"]


# --- states: relative clauses and contrasting modifiers ------------------------------------------------------------

def test_a_relative_clause_is_about_the_noun_before_it():
    a = one("The east wing of Carrow General Hospital was closed on Tuesday after a gas leak.")
    b = two("Patients were moved into the east wing of Carrow General Hospital on Tuesday, which remained open "
            "throughout the gas leak, a spokesman said.")
    assert story_kinds(a, b) == ["contradiction"]


def test_contrasting_modifiers_make_two_subjects():
    a = one("The east wing of Carrow General Hospital was closed on Tuesday after a gas leak.")
    b = two("Patients were moved into the west wing of Carrow General Hospital on Tuesday, which remained open "
            "throughout the gas leak, a spokesman said.")
    assert story_kinds(a, b) == []


# --- refusals ------------------------------------------------------------------------------------------------------

_PLAN = "The Dunmore city council approved the new stadium plan on Monday after a long debate."


def test_declined_to_approve_is_not_approved():
    a = one(_PLAN)
    b = two("Dunmore councillors declined to approve the new stadium plan on Monday, citing its cost.")
    assert story_kinds(a, b) == ["contradiction"]


def test_declined_to_reject_is_no_rejection():
    a = one(_PLAN)
    b = two("Dunmore councillors declined to reject the new stadium plan on Monday, despite its cost.")
    assert story_kinds(a, b) == []


# --- the active voice ----------------------------------------------------------------------------------------------

_RELEASED = ("The landlord of the flats on Orchard Row was released without charge on Thursday, detectives said. "
             "The man, 52, had been arrested on Wednesday.")


def test_an_active_charge_is_a_charge():
    a = one("Fire gutted a block of flats on Orchard Row on Wednesday. Detectives charged the 52-year-old landlord "
            "with arson on Thursday, a police statement said.")
    assert story_kinds(a, two(_RELEASED)) == ["contradiction"]


def test_an_active_charge_of_another_person_is_quiet():
    a = one("Fire gutted a block of flats on Orchard Row on Wednesday. Detectives charged the landlord's 19-year-old "
            "son with arson on Thursday, a police statement said.")
    assert story_kinds(a, two(_RELEASED)) == []


def test_contrasting_modifiers_of_two_head_nouns_make_two_subjects():
    a = one("The upper deck of the Holm river bridge was closed on Monday after a lorry fire.")
    b = two("The lower roadway of the Holm river bridge remained open on Monday despite the lorry fire.")
    assert story_kinds(a, b) == []
