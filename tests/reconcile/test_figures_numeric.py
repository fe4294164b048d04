"""Numeric figures found in text: shares in words, durations in parts, magnitudes, currencies, forecasts, candidates'
tallies, running totals, wholes over several places and definite references to a count already given."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.normalize.core import find_numbers
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.figures import text_reports
from summarizer.reconcile.units import compounds, unit_at
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-06-10", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def kinds(*arts: ArticleSummary) -> list[str]:
    if len(arts) == 1:
        return [c.kind for c in article_conflicts(arts[0])]
    return [c.kind for c in reconcile(list(arts)).conflicts]


def _compound(text: str) -> list[tuple[str, float, str, str]]:
    nums, found = compounds(text, list(find_numbers(text)))
    return [(n.text.strip(), round(n.value, 1), n.qualifier, found[n.start].unit.dimension) for n in nums
            if n.start in found]


# shares in words

def test_a_share_in_words_is_a_percentage_with_its_qualifier():
    assert _compound("Fewer than three in ten members voted.") == [("three in ten", 30.0, "less than", "percent")]
    assert _compound("Two-thirds of the tenants signed.") == [("Two-thirds of", 66.7, "about", "percent")]
    assert _compound("They waited a quarter of an hour.") == []  # a part of a unit, no share of people


def test_a_share_in_words_against_a_percentage_that_cannot_meet_it_conflicts():
    s = bare("A quarter of pupils at the Harwick academy now walk to school, the council said. Its own survey "
             "shows 61 percent of pupils at the academy walk to school.")
    assert kinds(s) == ["numeric"]


def test_a_share_in_words_that_rounds_a_percentage_stays_quiet():
    s = bare("Half of the residents of Delling signed the petition, organisers said. The parish clerk counted "
             "52 percent of residents as signatories.")
    assert kinds(s) == []


def test_the_share_of_voters_who_took_part_is_the_turnout():
    a = bare("Turnout in the Brisk valley poll was 58 percent, the returning officer said.", aid="a")
    b = bare("Only three in ten registered voters cast a ballot in the Brisk valley poll, observers said.", aid="b")
    heads = [(r.measure, r.subject.head) for r in text_reports(b)]
    assert heads == [("count/percent", "turnout")]
    assert kinds(a, b) == ["numeric"]


# durations

def test_a_duration_in_parts_and_a_race_clock_are_one_figure_each():
    assert _compound("She won in 1 hour 58 minutes 3 seconds.") == [("1 hour 58 minutes 3 seconds", 7083.0, "exact",
                                                                    "duration")]
    assert _compound("He finished in 2:01:30.") == [("2:01:30", 7290.0, "exact", "duration")]
    assert _compound("The train left at 10:15:00 local time.") == []  # a time of day


def test_two_finishing_times_of_one_runner_that_differ_conflict():
    a = bare("Mara Lindqvist won the Osterby half marathon on Sunday in 1 hour 8 minutes 12 seconds.", aid="a")
    b = bare("Mara Lindqvist took the Osterby half marathon title on Sunday, breaking the tape in 1:09:55.", aid="b")
    assert kinds(a, b) == ["numeric"]


def test_the_same_finishing_time_written_two_ways_stays_quiet():
    a = bare("Mara Lindqvist won the Osterby half marathon on Sunday in 1 hour 8 minutes 12 seconds.", aid="a")
    b = bare("Mara Lindqvist took the Osterby half marathon title on Sunday, breaking the tape in 1:08:12.", aid="b")
    assert kinds(a, b) == []


def test_about_allows_one_written_unit_not_one_day():
    a = bare("Trains between Holm and Verrin were halted for eight hours after a signal failure at Holm junction.",
             aid="a")
    b = bare("A signal failure at Holm junction halted trains between Holm and Verrin for about three hours.",
             aid="b")
    assert kinds(a, b) == ["numeric"]


# units

def test_magnitudes_and_more_currencies_are_units():
    s = "A magnitude 4.9 earthquake shook the island. Fares rise to 22.50 kronor."
    units = [unit_at(s, n) for n in find_numbers(s)]
    assert [(u.dimension if u else None) for u in units] == ["magnitude", "money:crown"]


def test_two_magnitudes_of_one_quake_conflict():
    a = bare("A magnitude 4.9 earthquake shook the Varesh coast early on Monday, the geological survey said.", aid="a")
    b = bare("The 5.6-magnitude quake that rattled the Varesh coast on Monday damaged a harbour wall.", aid="b")
    assert kinds(a, b) == ["numeric"]


def test_unit_figures_of_different_orders_are_no_one_quantity():
    a = bare("Up to 20 centimetres of hail fell in the hills above Osby on Friday.", aid="a")
    b = bare("Drivers were stuck in a 20-mile tailback in the hills above Osby on Friday.", aid="b")
    assert kinds(a, b) == []


def test_two_prices_of_one_ticket_in_one_article_conflict_despite_other_prices():
    s = bare("A return ticket on the Lenna line will cost 31.20 kronor from May, up from 28 kronor, the operator "
             "said. Child fares go from 9 kronor to 9.50. Rail users say they will pay 34.80 kronor for a return "
             "ticket on the Lenna line.")
    assert kinds(s) == ["numeric"]


def test_a_definite_amount_in_revenue_meets_the_revenue_given_and_a_forecast_stays_apart():
    s = bare("Pellway Foods posted annual revenue of $88 million on Tuesday. Analysts had forecast revenue of "
             "about $84 million. The $81 million in revenue was helped by exports, the chief executive said.")
    heads = sorted(r.subject.head for r in text_reports(s) if r.measure == "count/money:USD")
    assert heads == ["revenue", "revenue", "revenue~forecast"]
    assert kinds(s) == ["numeric"]


# votes

def test_two_candidates_tallies_never_meet_one_candidates_two_tallies_do():
    a = bare("Ana Pirelli won the Cordon ward seat on Thursday with 9,120 votes. Marco Bell received 7,480 votes, "
             "the returning officer said.", aid="a")
    assert [r.subject.head for r in text_reports(a)] == ["candidate:pirelli", "candidate:bell"]
    assert kinds(a) == []
    b = bare("Pirelli's tally of 8,300 votes was enough to take the Cordon ward seat from Bell.", aid="b")
    assert kinds(a, b) == ["numeric"]


# running totals and wholes

def test_a_running_total_told_by_its_increments_stays_quiet():
    a = bare("Health officials in Tarrow have confirmed 14 cases of mumps at a secondary school.", aid="a",
             published="2025-03-03", source="Tarrow Post")
    b = bare("Five new cases of mumps were confirmed in Tarrow on Tuesday, bringing the total in the outbreak to 19.",
             aid="b", published="2025-03-04", source="Tarrow Post")
    c = bare("The mumps outbreak in Tarrow has now reached 23 confirmed cases, officials said on Thursday.", aid="c",
             published="2025-03-06", source="County Wire")
    assert [(r.subject.head, r.total, r.running) for r in text_reports(b)] == [("case", 5, True), ("case", 19, True)]
    assert kinds(a, b, c) == []


def test_a_whole_across_several_places_is_no_rival_to_the_count_at_one():
    a = bare("Halden Glass said it would cut 900 jobs across its five factories.", aid="a")
    b = bare("Halden Glass will cut 200 jobs at its Dalby factory, the union said.", aid="b")
    assert [r.subject.head for r in text_reports(a)][0] == "job"
    assert kinds(a, b) == []


def test_a_definite_reference_to_a_count_already_given_is_an_update():
    s = bare("The council said 25 homes in Ferrow were flooded on Monday. After a second survey, the council put "
             "the number at 31.")
    assert kinds(s) == ["update"]


def test_the_number_of_a_noun_takes_the_verb_the_story_gave_it():
    a = bare("Nine lorries were involved in a collision on the A40 near Brisley, police said.", aid="a",
             published="2025-02-01", source="Brisley News")
    b = bare("Police now put the number of lorries involved in the collision on the A40 near Brisley at 14.", aid="b",
             published="2025-02-02", source="Brisley News")
    assert kinds(a, b) == ["update"]


def test_the_load_of_a_carrier_is_a_head_count_not_what_befell_the_carrier():
    s = bare("A ferry carrying 140 passengers ran aground off Marsk on Sunday.")
    assert [(r.measure, r.subject.head) for r in text_reports(s)] == [("count", "passenger")]


def test_a_count_revised_to_a_new_value_names_its_noun_before_the_figure():
    s = bare("Tessly Paper plans to cut 800 jobs at its Norby mill, the company said. After talks with unions it "
             "scaled back its planned job cuts at Norby to 620.")
    assert kinds(s) == ["update"]


def test_the_size_of_a_crowd_is_one_measure_however_it_is_said():
    a = bare("Organisers said 25,000 people rallied in the main square of Dorn on Saturday.", aid="a")
    b = bare("Police estimated the crowd at 8,000 in the main square of Dorn on Saturday.", aid="b")
    assert [(r.measure, r.subject.head) for r in text_reports(a) + text_reports(b)] == [("crowd", "people")] * 2


def test_needing_treatment_is_being_treated_and_participants_are_people_of_the_event():
    a = bare("Forty cyclists were treated for dehydration during the Valen road race on Saturday, medics said.",
             aid="a")
    b = bare("Medics at the Valen road race said 26 participants needed treatment for dehydration on Saturday.",
             aid="b")
    assert [(r.measure, r.subject.head) for r in text_reports(b)] == [("treat", "people")]
    assert kinds(a, b) == ["numeric"]


def test_two_groups_treated_for_one_thing_in_sentences_that_tell_little_alike_stay_quiet():
    a = bare("Six people were treated for smoke inhalation after the Harlen warehouse fire.", aid="a")
    b = bare("Four firefighters were treated for smoke inhalation, the brigade said of the Harlen blaze.", aid="b")
    assert kinds(a, b) == []


def test_a_rise_of_another_figure_in_the_sentence_does_not_revise_a_count():
    s = bare("Thirty walkers were rescued from the Brenn ridge as temperatures dropped to minus 8C, the rescue "
             "team said.")
    assert [r.revised for r in text_reports(s) if r.subject.head == "walker"] == [False]


def test_one_verb_governing_two_distances_in_one_article_makes_them_one_quantity():
    s = bare("A yacht lost its mast off Kerrin and drifted about 9 kilometres overnight, the coastguard said. The "
             "skipper said later that it had drifted nearly 15 miles before help came.")
    assert kinds(s) == ["numeric"]
    same = bare("A yacht lost its mast off Kerrin and drifted about 9 kilometres overnight, the coastguard said. The "
                "skipper said later that it had drifted nearly 6 miles before help came.")
    assert kinds(same) == []


def test_a_part_larger_than_its_whole_cannot_hold_a_smaller_part_can():
    big = bare("The Brisk rail tunnel, which is 9 kilometres long, reopened on Monday. Engineers said 12 kilometres "
               "of the tunnel had flooded in March.")
    assert kinds(big) == ["numeric"]
    small = bare("The Brisk rail tunnel, which is 9 kilometres long, reopened on Monday. Engineers said 4 kilometres "
                 "of the tunnel had flooded in March.")
    assert kinds(small) == []


def test_a_part_of_a_period_is_no_share():
    assert _compound("Sales fell in the second half of the season.") == []
    assert _compound("Output rose in half of the year.") == []


def test_people_and_a_named_group_hurt_in_one_fire_stay_apart():
    a = bare("Six people were injured in the Harlen warehouse fire on Monday, the brigade said.", aid="a")
    b = bare("Four firefighters were injured in the Harlen warehouse fire on Monday, the union said.", aid="b")
    assert kinds(a, b) == []


def test_a_named_group_larger_than_the_people_counted_under_one_verb_conflicts():
    a = bare("Six people were injured in the Harlen warehouse fire on Monday, the brigade said.", aid="a")
    b = bare("Nine firefighters were injured in the Harlen warehouse fire on Monday, the union said.", aid="b")
    assert kinds(a, b) == ["numeric"]


def test_a_duration_in_parts_may_open_with_a_single_unit_written_as_a_word():
    assert _compound("The climbers were stranded for a day and nine hours.") == [("a day and nine hours", 118800.0,
                                                                                   "exact", "duration")]
    assert _compound("It took a day to clear the road.") == []  # "a day" alone is no figure


def test_thirty_hours_and_a_day_and_six_hours_are_one_duration():
    a = bare("Four cavers were led out of the Orrin pothole on Friday after 30 hours underground, wardens said.",
             aid="a")
    b = bare("The four cavers spent a day and six hours underground in the Orrin pothole before rescue on Friday.",
             aid="b")
    assert kinds(a, b) == []


def test_a_residual_state_is_no_count_of_the_event_that_caused_it():
    heads = [(r.measure, r.subject.head) for r in text_reports(bare("About 300 farms remain without water."))]
    assert heads == [("remaining", "farm")]
    a = bare("The flood at Orsk on Friday cut water supplies to thousands of farms, the utility said.", aid="a")
    b = bare("About 300 farms near Orsk remain without water after Friday's flood, the utility said.", aid="b")
    assert kinds(a, b) == []


def test_two_residual_counts_of_one_state_still_meet():
    a = bare("About 300 farms near Orsk remain without water after Friday's flood, the utility said.", aid="a")
    b = bare("Some 900 farms near Orsk were still without water after Friday's flood, officials said.", aid="b")
    assert kinds(a, b) == ["numeric"]


def test_the_exceptions_to_a_whole_are_no_count_of_their_own():
    assert text_reports(bare("Water was back on for all but a few dozen farms by noon.")) == []
    a = bare("About 2,000 farms near Orsk lost water on Friday, the utility said.", aid="a")
    b = bare("Water was back on for all but 40 farms near Orsk by Saturday noon, the utility said.", aid="b")
    assert kinds(a, b) == []


def test_several_hundred_is_a_vague_multiple_not_one_hundred():
    figs = [(f.value, f.qualifier) for r in text_reports(bare("Several hundred farms lost water.")) for f in r.figures]
    assert figs == [(100.0, "hundreds")]
    a = bare("Several hundred farms near Orsk lost water on Friday, the utility said.", aid="a")
    b = bare("The utility said 450 farms near Orsk lost water on Friday.", aid="b")
    assert kinds(a, b) == []
