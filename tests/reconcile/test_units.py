"""Unit figures: currencies, magnitudes and units folded, the thing measured named, conversions read."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.normalize.core import find_numbers
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.units import thing_measured, unit_at, with_magnitudes
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-03-14", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def numeric(conflicts) -> list:
    return [c for c in conflicts if c.kind == "numeric"]


def first_unit(text: str):
    n = with_magnitudes(text, list(find_numbers(text)))[0]
    return n, unit_at(text, n)


def test_compact_money_and_codes_are_read():
    n, u = first_unit("The club paid €2.4m for the striker.")
    assert n.value == 2_400_000 and u is not None and u.dimension == "money:EUR"
    n, u = first_unit("A contract worth $3bn was signed.")
    assert n.value == 3e9 and u.dimension == "money:USD"
    n, u = first_unit("It cost 1.5 million pounds to build.")
    assert u.dimension == "money:GBP"
    n, u = first_unit("He carried 40 pounds of rice.")
    assert u.dimension == "weight"


def test_the_thing_measured_is_named_three_ways():
    for text, thing in [("Crews built a 6-mile levee along the river.", "levee"),
                        ("The levee, which is 9 kilometres long, failed.", "levee"),
                        ("The state approved a loan of 80 million dollars for the port.", "loan"),
                        ("Farmers received 12 tonnes of seed.", "seed")]:
        n, u = first_unit(text)
        assert thing_measured(text, n, u) == thing, text


def test_one_amount_two_ways_conflicts_but_two_amounts_stay_apart():
    s = bare("The ministry pledged a loan of £12m to the shipyard on Tuesday. The minister later said the "
             "£20 million loan to the shipyard would be paid in May.")
    [c] = numeric(article_conflicts(s))
    assert {sd.value for sd in c.sides} == {12_000_000.0, 20_000_000.0}
    quiet = bare("The ministry pledged a loan of £12m to the shipyard on Tuesday. It also announced a grant of "
                 "£20 million for the harbour school.")
    assert not numeric(article_conflicts(quiet))


def test_different_currencies_are_never_compared():
    s = bare("The fine was set at 5 million euros. Reports put the fine at 5 million dollars.")
    assert not numeric(article_conflicts(s))


def test_lengths_in_miles_and_kilometres_are_converted():
    a = bare("The new pipeline, which is 10 miles long, was finished on Friday near Orvik.", aid="a", source="One")
    same = bare("Engineers finished the 16-kilometre pipeline near Orvik on Friday.", aid="b", source="Two")
    other = bare("Engineers finished the 25-kilometre pipeline near Orvik on Friday.", aid="b", source="Two")
    assert not numeric(reconcile([a, same]).conflicts)
    assert len(numeric(reconcile([a, other]).conflicts)) == 1


def test_a_stretch_of_a_whole_and_a_second_one_stay_quiet():
    for text in ("The 30-kilometre road opened on Monday. The first 12 kilometres of it were paved last year.",
                 "The 30-kilometre road opened on Monday. A second, 12-kilometre road will open in June.",
                 "The 30-kilometre road opened on Monday. Another 12 kilometres will be built next year."):
        assert not numeric(article_conflicts(bare(text))), text


def test_decimals_round_and_qualifiers_hold():
    assert not numeric(article_conflicts(bare("The bridge cost $2.4 million. Officials said the bridge cost "
                                              "about $2.5 million in total.")))
    assert numeric(article_conflicts(bare("The bridge cost $2.4 million. Officials said the bridge cost "
                                          "$2.9 million in total.")))


def test_a_us_dollar_sign_is_read():
    n, u = first_unit("The airport expansion will cost US$1.2 billion.")
    assert n.value == 1.2e9 and u is not None and u.dimension == "money:USD"


def test_power_is_a_unit_not_a_count_of_things():
    _, u = first_unit("Solar farms produced 9.1 gigawatts at noon.")
    assert u is not None and (u.dimension, u.scale) == ("power", 1e9)
    a = bare("The grid operator expects wind farms to supply a record 14.2 gigawatts on Sunday. The old record, "
             "12.9 gigawatts, was set in March.", aid="a", source="One")
    b = bare("Wind output peaked at 13.6 gigawatts on Sunday, short of the forecast. Gas plants added a further "
             "3.1 gigawatts.", aid="b", source="Two")
    assert numeric(reconcile([a, b]).conflicts) == []


def test_two_crashes_one_named_by_its_distance_from_the_other_stay_apart():
    a = bare("Six people were injured on Friday when a bus overturned on the ring road near Holbeck, police said.",
             aid="a", source="One")
    b = bare("Two people were hurt on Friday when a lorry hit a car on the coast road at Marsby, about 40 "
             "kilometres from Holbeck.", aid="b", source="Two")
    assert numeric(reconcile([a, b]).conflicts) == []


def test_speeds_are_not_lengths():
    _, u = first_unit("Gusts reached 90 km/h on the coast.")
    assert u is not None and u.dimension == "speed"
    _, u = first_unit("Winds of 70 miles per hour hit the island.")
    assert u is not None and (u.dimension, round(u.scale, 3)) == ("speed", 1.609)


def test_rain_in_two_towns_of_one_storm_stays_apart():
    a = bare("Storm Idris dumped 41 millimetres of rain on Penrith overnight, forecasters said.", aid="a",
             source="One")
    b = bare("The market town of Alston recorded 96 millimetres of rain as Storm Idris moved east.", aid="b",
             source="Two")
    assert numeric(reconcile([a, b]).conflicts) == []
