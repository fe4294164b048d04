"""Starts of one kind of event dated by different relative expressions, resolved against the publication date."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.checkable import dated_statements
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-06-12", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))  # a Thursday


def temporal(conflicts) -> list:
    return [c for c in conflicts if c.kind == "temporal"]


def test_an_onset_knows_its_kind_of_event():
    s = bare("Dock workers walked out yesterday. The stoppage began on Monday, the union said. "
             "Talks have been stalled since Tuesday.")
    assert {(d.onset, d.text) for d in dated_statements(s) if d.onset} == {("strike", "Monday"), ("talks", "Tuesday")}


def test_one_start_on_two_days_conflicts():
    s = bare("Protests erupted in the old town the day before yesterday, witnesses said. Police said the "
             "demonstrations started on Sunday and had grown every night.")
    [c] = temporal(article_conflicts(s))
    assert {sd.value["start"] for sd in c.sides} == {"2025-06-10", "2025-06-08"}


def test_across_outlets():
    a = bare("Fighting broke out near the Karsa bridge on Tuesday, the army said.", aid="a", source="One")
    b = bare("Clashes near the Karsa bridge began on Sunday, residents told reporters.", aid="b", source="Two")
    assert len(temporal(reconcile([a, b]).conflicts)) == 1


def test_agreeing_starts_other_kinds_and_new_ones_stay_quiet():
    for text in ("The strike began yesterday. Workers went on strike on Wednesday to demand higher pay.",
                 "Heavy rain began on Monday. The evacuation started yesterday, officials said.",
                 "A strike began on Monday at the port. A second strike started yesterday at the airport.",
                 "The blaze broke out on Tuesday in Veld. Another fire started yesterday in Orsk."):
        assert not temporal(article_conflicts(bare(text))), text


def test_an_offset_opening_a_sentence_hangs_on_what_follows_it():
    quiet = bare("The jury found the contractor guilty on Tuesday. Six days after the verdict, he resigned on "
                 "Monday from the chamber of commerce.", published="2025-05-13")
    assert [c for c in article_conflicts(quiet) if c.kind == "temporal"] == []
    off = bare("Two days after the election on May 3, the party conceded defeat on May 9.", published="2025-05-13")
    assert [c.kind for c in article_conflicts(off)] == ["temporal"]


def test_a_first_in_fifty_years_and_a_date_after_an_arrest_are_no_offsets_from_today():
    s = bare("The village will get its first bridge in almost 50 years after the council approved the plan on "
             "Monday.", published="2025-06-12")
    assert temporal(article_conflicts(s)) == []
    s = bare("A man accused of arson appeared in court three days after his arrest on June 2.", published="2025-06-12")
    assert temporal(article_conflicts(s)) == []


def test_a_launch_by_another_name_and_an_arrest_held_since():
    s = bare("The probe Vela-3 lifted off on 4 May from the Krag launch site. Since its launch on 6 May, the probe "
             "has sent back 900 images.", published="2025-06-12")
    assert [c.kind for c in article_conflicts(s)] == ["temporal"]
    s = bare("Police arrested Tomas Veld on Monday night over the robbery. Veld, who has been held since his arrest "
             "on Saturday, will appear in court on Wednesday.", published="2025-06-12")
    assert [c.kind for c in article_conflicts(s)] == ["temporal"]
    s = bare("Police arrested Tomas Veld on Monday night over the robbery. Karel Smit, who has been held since his "
             "arrest on Saturday, will appear in court on Wednesday.", published="2025-06-12")
    assert temporal(article_conflicts(s)) == []


def test_one_reopening_told_twice_in_one_article():
    s = bare("The Harrow Gallery has drawn 30,000 visitors since it reopened on 2 March after a long refit. 'In the "
             "weeks since we opened the doors again on April 6, the queues have not stopped,' the director said.",
             published="2025-05-09")
    assert [c.kind for c in article_conflicts(s)] == ["temporal"]
    s = bare("The Harrow Gallery has drawn 30,000 visitors since it reopened on 2 March after a long refit. The "
             "Tarn Museum nearby reopened on April 6.", published="2025-05-09")
    assert temporal(article_conflicts(s)) == []


def test_one_launch_timed_hours_apart_on_one_day():
    a = bare("The Orla-4 weather satellite lifted off from Sandvik at 5:10 a.m. on Tuesday, the agency said.", aid="a",
             source="One", published="2025-06-12")
    b = bare("The Orla-4 weather satellite was launched shortly after 8 p.m. on Tuesday from Sandvik.", aid="b",
             source="Two", published="2025-06-12")
    assert [c.kind for c in reconcile([a, b]).conflicts if c.scope == "story"] == ["temporal"]
    close = bare("The Orla-4 weather satellite was launched at 5:40 a.m. on Tuesday from Sandvik.", aid="b",
                 source="Two", published="2025-06-12")
    assert [c for c in reconcile([a, close]).conflicts if c.scope == "story"] == []


def test_a_landing_timed_late_one_night_and_early_the_next_morning():
    s = bare("A Vantair jet made an emergency landing at Brisk airport at 11:30 p.m. on Sunday, the airline said. "
             "An airport spokeswoman said the aircraft touched down at 2:40 a.m. on Monday.", published="2025-06-10")
    assert [c.kind for c in article_conflicts(s)] == ["temporal"]


def test_the_day_a_start_is_reported_is_not_a_second_start():
    s = bare("Officials have confirmed 90 cases of mumps since the outbreak began in March, they said on Monday.",
             published="2025-06-12")
    assert temporal(article_conflicts(s)) == []
