"""Text figures: running tolls ("climbed to", "now stands at") count people; a same-source rise is an update."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.figures import text_reports
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-03-14", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def test_a_running_toll_counts_people_killed_or_injured():
    got = [(r.measure, r.subject.head, r.total, r.revised) for r in text_reports(bare(
        "The death toll from the mine collapse has risen to 31. The injury toll now stands at 57."))]
    assert got == [("killed", "people", 31, True), ("injured", "people", 57, True)]


def test_a_later_higher_toll_from_the_same_source_is_an_update():
    a = bare("The fire service said 6 people were killed in the Varno hotel fire on Monday.", aid="a",
             published="2025-03-10", source="Post")
    b = bare("The toll from the Varno hotel fire now stands at 11, the fire service said on Tuesday.", aid="b",
             published="2025-03-11", source="Post")
    assert [c.kind for c in reconcile([a, b]).conflicts] == ["update"]


def test_within_one_article_a_stated_rise_is_an_update_not_a_dispute():
    s = bare("Rescuers said 4 people were killed in the avalanche near Tavel. By evening the death toll had "
             "climbed to 7, the rescue service said.")
    assert [c.kind for c in article_conflicts(s)] == ["update"]


def test_a_toll_of_another_incident_stays_quiet():
    s = bare("Rescuers said 4 people were killed in the avalanche near Tavel. In Orsk, the death toll from a "
             "bus crash climbed to 9.")
    assert article_conflicts(s) == []


def test_a_cut_estimate_is_an_update():
    s = bare("The Pellam growers' union said the pear harvest would reach 48,000 tonnes this year. On Friday the "
             "union cut its harvest estimate to 39,000 tonnes after a late frost.")
    assert [c.kind for c in article_conflicts(s)] == ["update"]


def test_that_figure_names_the_figure_it_corrects():
    s = bare("Grid operator Norlec said 8,200 homes lost power in the Alder valley on Sunday. Norlec later "
             "lowered that figure to 5,900 homes.")
    assert [c.kind for c in article_conflicts(s)] == ["update"]


def test_a_figure_of_another_measure_is_no_correction():
    s = bare("Grid operator Norlec said 8,200 homes lost power in the Alder valley on Sunday. Crews restored "
             "4,100 homes by Monday night, and Norlec revised the number of crews on call to 60.")
    assert article_conflicts(s) == []


def test_a_place_on_a_road_is_no_length():
    s = bare("Rebels blocked the coast road at the 14-km marker on Sunday. Troops cleared a second barricade at the "
             "21-km marker two hours later.")
    assert article_conflicts(s) == []


def test_others_than_a_group_told_are_no_rival_count():
    s = bare("Police said 12 people were arrested after the match. Two other people are being held for "
             "questioning, police said.")
    assert article_conflicts(s) == []


def test_the_number_of_victims_is_no_count_of_suspects():
    s = bare("Three people suspected of planting the bomb were released on Monday. The authorities said the number "
             "of victims is 59.")
    assert article_conflicts(s) == []


def test_a_full_year_figure_is_not_the_latest_quarter():
    s = bare("Sales in the latest quarter were $1.76 billion, up 13%. Sales for the full year were $6.6 billion.")
    assert article_conflicts(s) == []


def test_a_figure_an_erratum_withdraws_is_not_told():
    a = bare("The Ostby ring road will cost 310 million euros, the regional council said on Monday.", aid="a",
             published="2025-03-10", source="One")
    b = bare("Correction: an earlier version of this article gave the cost of the Ostby ring road as 130 million "
             "euros.", aid="b", published="2025-03-11", source="Two")
    assert reconcile([a, b]).conflicts == []


def test_what_a_place_holds_is_not_how_many_it_has():
    s = bare("Ferncliff School opened this week with 380 pupils. The new building has room for 540 pupils once "
             "every year group has started.")
    assert article_conflicts(s) == []


def test_two_capacities_of_one_venue_conflict():
    s = bare("The club unveiled plans for an arena designed to seat 18,000 spectators. Planners will study the "
             "16,500-seat design in May.")
    assert [c.kind for c in article_conflicts(s)] == ["numeric"]


def test_the_base_of_a_share_is_no_rival_count():
    s = bare("The carmaker will cut 900 jobs at its Dalby plant. The union said losing nearly a third of the "
             "plant's roughly 2,800 jobs would hurt the town, union leader Anna Riis said.")
    assert article_conflicts(s) == []


def test_two_crowd_figures_of_one_match_with_the_manager_named():
    s = bare("Officials put the attendance at 21,400 at Holm Park on Saturday. Manager Petra Lund thanked the "
             "18,900 fans in attendance.")
    assert [c.kind for c in article_conflicts(s)] == ["numeric"]


def test_a_revision_weeks_later_by_the_same_office_is_an_update():
    a = bare("Korvia's economy grew by 1.4% in the second quarter, the national statistics office said in its first "
             "estimate.", aid="a", published="2025-07-30", source="Post")
    b = bare("The national statistics office has revised Korvia's second-quarter growth down to 0.9%, citing new "
             "data on farm output.", aid="b", published="2025-08-28", source="Post")
    assert [c.kind for c in reconcile([a, b]).conflicts if c.scope == "story"] == ["update"]
    c = bare("Korvia's economy grew by 0.9% in the third quarter, the national statistics office said.", aid="c",
             published="2025-10-30", source="Post")
    assert [x for x in reconcile([a, c]).conflicts if x.scope == "story"] == []  # another quarter


def test_the_number_of_people_hurt_corrected_the_next_day():
    a = bare("A stand collapsed at the Tarrow fair on Saturday. Nineteen people were injured, organisers said.",
             aid="a", published="2025-08-17", source="Wire")
    b = bare("Organisers of the Tarrow fair corrected the number of people hurt in Saturday's stand collapse to 14.",
             aid="b", published="2025-08-18", source="Wire")
    assert [c.kind for c in reconcile([a, b]).conflicts if c.scope == "story"] == ["update"]


def test_two_regions_in_two_ledes_are_two_stories():
    a = bare("Unemployment in the Harlen region fell to 5.2% in May, the regional labour office said. About 21,000 "
             "people were registered as looking for work.", aid="a", published="2025-06-04", source="One")
    b = bare("The jobless rate in Oster province stood at 6.8% in May, the provincial labour office said. Some "
             "30,000 people were registered as unemployed.", aid="b", published="2025-06-04", source="Two")
    assert [c for c in reconcile([a, b]).conflicts if c.scope == "story"] == []
