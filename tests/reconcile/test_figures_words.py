"""Figures read through their words: death verbs, strike verbs, populations, states that change, revisions of
other things, years, and numbers that are names."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.normalize.core import find_numbers
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.figures import text_reports
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-03-14", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def _kinds(*articles: ArticleSummary) -> list[str]:
    return [c.kind for c in reconcile(list(articles)).conflicts]


def test_drowned_counts_the_dead():
    a = bare("Eleven passengers drowned when the Kessa ferry capsized on Monday, the coast guard said.",
             source="One")
    b = bare("Thirteen passengers died when the Kessa ferry capsized on Monday, a port official said.", aid="b",
             source="Two")
    assert [r.measure for r in text_reports(a)] == ["killed"]
    assert _kinds(a, b) == ["numeric"]


def test_walked_out_and_went_on_strike_count_the_strikers():
    a = bare("About 3,000 nurses walked out at Corrin hospitals on Monday, the union said.", source="One")
    b = bare("Some 7,500 nurses went on strike at Corrin hospitals on Monday, the union said.", aid="b",
             source="Two")
    assert [r.measure for r in text_reports(a) + text_reports(b)] == ["strike", "strike"]
    assert _kinds(a, b) == ["numeric"]


def test_the_people_among_whom_no_one_was_hurt_are_no_injury_count():
    s = bare("No injuries were reported among the 146 passengers, the airline said.")
    assert [r.total for r in text_reports(s) if r.measure.startswith("injured")] == [0]  # none hurt, not 146


def test_the_still_missing_on_two_days_is_no_dispute():
    a = bare("Four people are still missing after the landslide in Orvo, rescuers said.", published="2025-03-14",
             source="One")
    b = bare("One person is still missing after the landslide in Orvo, rescuers said.", aid="b",
             published="2025-03-15", source="Two")
    assert _kinds(a, b) == []


def test_raising_a_forecast_does_not_revise_the_revenue_beside_it():
    s = bare("Corvane reported quarterly revenue of $4.2 billion and raised its forecast for the year. "
             "Later in the statement the company put quarterly revenue at $3.8 billion.")
    assert not next(r for r in text_reports(s) if r.total == 4.2e9).revised


def test_a_year_the_verb_dates_is_checked():
    s = bare("The Harlow paper mill opened in 1998, the company said. The mill, which opened in 2003, employs "
             "300 people.")
    assert [c.kind for c in article_conflicts(s)] == ["temporal"]


def test_a_name_with_a_number_and_a_two_day_delay():
    assert [n.value for n in find_numbers("The Halcyon-2 rocket lifted off after a two-day delay.")] == [2.0]


def test_an_operating_and_a_capital_budget_are_two_things():
    a = bare("The Wendham council on Tuesday approved a 48 million pound operating budget for next year.",
             source="One")
    b = bare("Wendham councillors approved a 12 million pound capital budget on Tuesday for road repairs.", aid="b",
             source="Two")
    assert _kinds(a, b) == []
    c = bare("Wendham councillors approved a 41 million pound operating budget on Tuesday.", aid="c", source="Two")
    assert _kinds(a, c) == ["numeric"]


def test_a_target_and_a_forecast_are_not_one_figure():
    s = bare("Economists had expected inflation of 2.1 percent. The central bank, which targets inflation of "
             "2 percent, meets next week.")
    assert article_conflicts(s) == []


def test_a_quarter_and_nine_months_are_two_periods():
    a = bare("Corvane said its third-quarter net profit rose 12 percent to 182 million euros.", source="Corvane")
    b = bare("Net profit at Corvane fell 3 percent in the first nine months of the year, the company said.",
             aid="b", source="Corvane")
    assert _kinds(a, b) == []


def test_rejecting_a_separate_proposal_is_no_contradiction():
    s = bare("On Tuesday the Fairhaven council approved a rise in parking charges. The council rejected a separate "
             "proposal to extend library hours.")
    assert article_conflicts(s) == []


def test_a_morning_and_an_evening_fire_are_two_incidents():
    a = bare("Two people were killed in a fire at an apartment building in Brenmouth on Sunday morning.",
             source="One")
    b = bare("Five people died on Sunday evening when fire swept through a warehouse in Brenmouth.", aid="b",
             source="Two")
    assert _kinds(a, b) == []


def test_a_zone_of_the_park_is_a_part_not_a_rival_area():
    a = bare("The government created the 5,000-hectare Gaunt Ridge National Park on Tuesday.", source="One")
    b = bare("Logging will be banned in a 1,200-hectare core zone of the new Gaunt Ridge National Park.", aid="b",
             source="Two")
    assert _kinds(a, b) == []


def test_two_budgets_for_one_year_are_two_things():
    a = bare("Orrisford county council approved a 2026 education budget of 212 million dollars on Tuesday.",
             source="One")
    b = bare("The county's roads budget for 2026 will be 96 million dollars, council officials said.", aid="b",
             source="Two")
    assert [r.subject.head for r in text_reports(b)] == ["budget"]
    assert _kinds(a, b) == []


def test_revised_up_to_is_the_new_figure_not_a_ceiling():
    assert [n.qualifier for n in find_numbers("The fire service revised the burned area up to 5,100 hectares.")] \
        == ["exact"]
    assert [n.qualifier for n in find_numbers("Up to 40 people may have been hurt.")] == ["up to"]


def test_the_subject_of_a_relative_clause_is_what_is_measured():
    a = bare("A 380-square-kilometre iceberg has broken away from the Torvik Ice Shelf, scientists said.",
             source="One")
    b = bare("The iceberg that split from the Torvik Ice Shelf covers about 290 square kilometres, according to "
             "the Polar Survey.", aid="b", source="Two")
    assert [r.subject.head for r in text_reports(b)] == ["iceberg"]
    assert _kinds(a, b) == ["numeric"]


def test_a_present_tense_schedule_is_a_planned_date():
    a = bare("The new Quorrin-Ambry light rail line will open to passengers on 14 June, the transport authority "
             "said.", published="2026-05-04", source="One")
    b = bare("The light rail line between Quorrin and Ambry opens on 21 June, according to the transport "
             "authority.", aid="b", published="2026-05-05", source="Two")
    assert _kinds(a, b) == ["temporal"]
    c = bare("The light rail line between Quorrin and Ambry opens on 14 June, according to the transport "
             "authority.", aid="c", published="2026-05-05", source="Two")
    assert _kinds(a, c) == []


def test_acres_burned_and_hectares_scorched_are_one_area():
    a = bare("A wildfire above Carrow Vale has burned 18,000 acres since Saturday, fire officials said.",
             source="One")
    b = bare("The Carrow Vale fire has scorched about 2,500 hectares of scrub and pine forest, the agency said.",
             aid="b", source="Two")
    assert _kinds(a, b) == ["numeric"]  # 2,500 hectares is about 6,200 acres
    c = bare("The Carrow Vale fire has scorched about 7,300 hectares of scrub, the agency said.", aid="c",
             source="Two")
    assert _kinds(a, c) == []


def test_a_candidates_share_of_the_vote_is_compared_and_rivals_stay_apart():
    a = bare("Incumbent governor Sabine Roux won re-election in Estrel on Sunday with 54 percent of the vote.",
             source="One")
    b = bare("Sabine Roux secured a second term after taking 48 percent of the vote, the commission said.", aid="b",
             source="Two")
    assert _kinds(a, b) == ["numeric"]
    c = bare("Challenger Yannick Dorr won 41 percent of the vote in Estrel on Sunday.", aid="c", source="Two")
    assert _kinds(a, c) == []


def test_a_hearing_set_for_a_day_is_a_planned_date_of_the_story():
    a = bare("A former bank manager who stole 2.3 million euros will be sentenced on March 14, a court in Dravenholt "
             "said on Tuesday. Aldo Verrick, 52, pleaded guilty last month to fraud.", published="2025-03-11",
             source="One")
    b = bare("Sentencing for Aldo Verrick, the former branch manager who defrauded elderly clients, was set for "
             "March 21, according to court records. Verrick pleaded guilty in February to fraud.", aid="b",
             published="2025-03-11", source="Two")
    assert _kinds(a, b) == ["temporal"]


def test_no_one_hurt_against_a_count_of_the_hurt_is_a_contradiction():
    a = bare("A Skyline jet made an emergency landing at Castellan on Thursday. No injuries were reported among the "
             "146 passengers and six crew, the airline said.", source="One")
    b = bare("Two flight attendants were treated for injuries after a Skyline plane returned to Castellan on "
             "Thursday, airport officials said.", aid="b", source="Two")
    got = reconcile([a, b]).conflicts
    assert [c.kind for c in got] == ["contradiction"]
    assert got[0].summary.startswith("The airline says no one was injured")
    c = bare("No serious injuries were reported after a Skyline plane returned to Castellan on Thursday, the "
             "airline said.", aid="c", source="One")
    assert _kinds(c, b) == []


def test_a_counted_set_of_people_states_nothing_about_another_set():
    a = bare("Health officials in Northvale have confirmed 34 cases of measles. Most of those infected are children "
             "under ten who had not been vaccinated.", published="2026-04-14", source="Desk")
    b = bare("Seven more measles cases have been confirmed in Northvale. More than 900 children have been vaccinated "
             "at the school clinics since they opened.", aid="b", published="2026-04-17", source="Desk")
    assert "contradiction" not in _kinds(a, b)


def test_the_day_a_state_is_reported_is_no_date_of_the_event():
    a = bare("The mine was closed in April when flooding damaged its pumps.", published="2025-08-21", source="One")
    b = bare("The mine remains closed, a spokesperson for Tessin Metals said on Wednesday.", aid="b",
             published="2025-08-21", source="Two")
    assert "temporal" not in _kinds(a, b)


def test_planned_openings_of_two_things_in_two_places_are_apart():
    a = bare("The new tram line between Kestrel Bay station and the campus will open in March 2026, the city "
             "transport department said.", published="2025-12-02", source="One")
    c = bare("A new bus lane on Harbour Road will open in January, the city transport department said.", aid="c",
             published="2025-12-03", source="One")
    assert _kinds(a, c) == []
