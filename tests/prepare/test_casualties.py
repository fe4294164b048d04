"""Casualty figures found in code: what counts people, and which cue a number belongs to (invented sentences)."""

from __future__ import annotations

import pytest

from summarizer.prepare.casualties import casualty_figures
from summarizer.prepare.sentences import split_sentences


def _found(text: str) -> set[tuple[str, float]]:
    return {(f.kind, f.value) for f in casualty_figures(split_sentences(text))}


@pytest.mark.parametrize("text, want", [
    ("The blast left 14 dead and about 300 wounded near the market.", {("killed", 14), ("injured", 300)}),
    ("FOUR TRADERS WERE WOUNDED AND ONE GUARD WAS KILLED IN THE AMBUSH.", {("injured", 4), ("killed", 1)}),
    ("Rebels murdered seven villagers in Tarnos.", {("killed", 7)}),
    ("THE ASSASSINATION OF ELEVEN MAGISTRATES SHOCKED THE PROVINCE.", {("killed", 11)}),
    ("The night raid claimed the lives of 23 farmers.", {("killed", 23)}),
])
def test_counts_in_words_digits_and_capitals(text, want):
    assert _found(text) == want


@pytest.mark.parametrize("text", [
    "The clerk was killed on Sunday, 9 March, outside the depot.",  # the day of a date
    "A trader was wounded and the gunmen took 50,000 pesos from him.",  # money
    "The car bomb destroyed a 12-storey tower and killed a guard.",  # a compound, not people
    "In the last 48 hours the militia killed a farmer.",  # a measure of time
])
def test_a_number_that_does_not_count_people_is_no_figure(text):
    values = {v for _, v in _found(text)}
    assert values == {1.0}, values


def test_the_doers_are_not_the_victims():
    assert _found("Police arrested 30 recruits and 3 sergeants for killing 5 monks.") == {("killed", 5)}
    assert _found("Eight gunmen killed two bankers in Olvera.") == {("killed", 2)}
    assert _found("Two bankers were killed by eight gunmen in Olvera.") == {("killed", 2)}


def test_one_person_by_the_grammar_but_not_after_no_one():
    assert _found("MR. VALDEZ WAS KILLED AND HIS NEPHEW WAS WOUNDED.") == {("killed", 1), ("injured", 1)}
    assert _found("The soldiers left Mr. Ortega's body by the road.") == {("killed", 1)}
    assert _found("No one was killed in the fire at the warehouse.") == set()


def test_victims_is_a_death_toll_only_without_another_cue():
    assert _found("Officials said the number of victims is 41 and not 44.") == {("killed", 41)}
    assert _found("The 12 victims of the fraud were treated kindly.") == set()
    assert _found("Nine victims were wounded in the shelling.") == {("injured", 9)}


def test_a_list_of_victims_is_counted_whole_beside_its_parts():
    assert _found("Soldiers were held for killing 6 monks, a cook, and her niece.") == {("killed", 6), ("killed", 8)}
    assert _found("THE BOMB KILLED TWO GUARDS AND A DRIVER IN TOLAR.") >= {("killed", 2), ("killed", 3)}
    assert (("killed", 3) not in _found("The militia killed two guards and their children.")
            and ("killed", 2) in _found("The militia killed two guards and their children."))


def _subject_figures(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.kind) for f in casualty_figures(split_sentences(text))]


def test_named_victims_before_a_plural_passive_are_counted_whole():
    judge = ("MARIA ELENA DIAZ PEREZ, THIRD JUDGE OF PUBLIC ORDER, AND TWO OF HER BODYGUARDS FROM THE DAS, "
             "WERE ASSASSINATED IN MEDELLIN TODAY BY A GROUP OF 10 PAID ASSASSINS.")
    assert (3.0, "killed") in _subject_figures(judge)  # a name with its role, and a number
    assert (2.0, "killed") in _subject_figures("Colonel Isaacs and his driver were killed on the road.")
    assert (2.0, "killed") in _subject_figures(
        "Oqueli, leader of the movement and Hilda Flores, a social democratic leader were abducted and killed.")


def test_a_listed_item_it_cannot_count_gives_no_total():
    assert _subject_figures("Police and soldiers were killed in the attack.") == []
    assert _subject_figures("The drivers and two passengers were injured.") == [(2.0, "injured")]
