"""One event named by its verb in one sentence and by its noun in another, dated twice: nominalization, light verbs,
general synonyms, and the look-alikes that stay quiet (another one, two moments in one sentence)."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.checkable import assertions, dated_statements, event_key
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-06-12", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def temporal(conflicts) -> list:
    return [c for c in conflicts if c.kind == "temporal"]


def test_a_verb_and_its_noun_share_one_key():
    assert event_key("announced") == event_key("announcement")
    assert event_key("arrived") == event_key("arrival")
    assert event_key("signed") == event_key("signing")
    assert event_key("reopened") == event_key("reopening")
    assert event_key("recalled") == event_key("recall")
    assert event_key("trial") != event_key("tried")


def test_a_light_verb_dates_its_object_and_an_appositive_dates_its_noun():
    (d,) = dated_statements(bare("Harlow Motors issued the withdrawal on May 30 after a brake fault was found."))
    assert "withdrawal"[:8] in " ".join(d.events) and not d.anaphoric
    (d,) = dated_statements(bare("The withdrawal, confirmed on Tuesday, covers 900 scooters."))
    assert d.anaphoric and event_key("withdrawal") in d.events


def test_one_event_named_by_noun_in_another_outlet_with_another_date():
    a = bare("Harlow Motors issued the withdrawal on May 30 after a brake fault was found in its scooters. "
             "Harlow Motors said owners of the scooters would get a refund.", aid="a", source="One")
    b = bare("The withdrawal, confirmed on Tuesday, covers about 900 Harlow Motors scooters with a brake fault. "
             "Harlow Motors said owners of the scooters would get a refund.", aid="b", source="Two")
    assert len(temporal(reconcile([a, b]).conflicts)) == 1


def test_the_same_noun_dated_on_overlapping_days_stays_quiet():
    a = bare("Harlow Motors issued the withdrawal on June 10 after a brake fault was found in its scooters. "
             "Harlow Motors said owners of the scooters would get a refund.", aid="a", source="One")
    b = bare("The withdrawal, confirmed on Tuesday, covers about 900 Harlow Motors scooters with a brake fault. "
             "Harlow Motors said owners of the scooters would get a refund.", aid="b", source="Two")
    assert len(reconcile([a, b]).stories) == 1
    assert temporal(reconcile([a, b]).conflicts) == []


def test_one_signing_dated_twice_in_one_article():
    text = ("The Orvik council signed a ten-year contract with the bus firm Tarra Coaches last Wednesday. "
            "Drivers said little would change. Under the contract, signed on June 9 at the town hall, fares stay "
            "frozen until 2027.")
    assert len(temporal(article_conflicts(bare(text)))) == 1


def test_in_one_article_two_moments_of_one_sentence_or_another_one_stay_quiet():
    text = ("A 40-year-old man was arrested on Sunday after a fire at the Orvik depot, police said on Tuesday. "
            "A second man was arrested on Tuesday in connection with the depot fire.")
    assert temporal(article_conflicts(bare(text))) == []


def test_two_general_names_of_one_arrest_in_two_ledes():
    a = bare("A 31-year-old woman was arrested yesterday over the theft of signal cable near Brisk station.",
             aid="a", source="One")
    b = bare("Officers detained a suspect on Monday over the signal cable thefts near Brisk station.",
             aid="b", source="Two")
    assert len(temporal(reconcile([a, b]).conflicts)) == 1  # published Thursday: yesterday is Wednesday


def test_a_planned_date_resolves_forward_and_meets_only_planned_dates():
    (d,) = dated_statements(bare("The ferry link is due to restart in early March, the port said.",
                                 published="2025-11-20"))
    assert d.planned and d.days[0].year == 2026  # March without a year, said in November: next March
    a = bare("The Kell tunnel will reopen to lorries on July 3, the roads agency said on Monday. The Kell tunnel "
             "has been shut since a fire in May.", aid="a", published="2025-06-12", source="One")
    b = bare("Repairs to the Kell tunnel are behind schedule and it is due to reopen in late August, according to "
             "the roads agency. The Kell tunnel has been shut since a fire in May.", aid="b", published="2025-06-12",
             source="Two")
    assert len(temporal(reconcile([a, b]).conflicts)) == 1
    done = bare("The Kell tunnel reopened to lorries on June 2 after repairs. The Kell tunnel had been shut since a "
                "fire in May.", aid="b", published="2025-06-12", source="Two")
    assert temporal(reconcile([a, done]).conflicts) == []  # reopened then, will reopen later: two moments



@pytest.mark.parametrize("text, day, planned", [
    ("The talks will resume on Wednesday.", "2025-09-10", True),  # published Monday 2025-09-08: the coming one
    ("The minister is due to visit on Wednesday.", "2025-09-10", True),
    ("Voting is scheduled for Wednesday.", "2025-09-10", True),
    ("The agency plans to reopen the road on Wednesday.", "2025-09-10", True),
    ("The ferry will sail on Monday.", "2025-09-08", True),  # the publication day itself
    ("The talks will resume on September 5.", "2026-09-05", True),  # a day passed without a year: next year's
    ("The attack happened on Wednesday.", "2025-09-03", False),  # past: the previous one
])
def test_a_planned_weekday_is_the_next_one_on_or_after_publication(text, day, planned):
    (d,) = dated_statements(bare(text, published="2025-09-08"))
    assert (d.days, d.planned) == ((date.fromisoformat(day),) * 2, planned)


def test_a_planned_weekday_and_its_date_in_another_article_are_one_day_not_a_year_apart():
    said = ("Peace talks between the two sides will resume on {} in Geneva, the mediator said. "
            "The talks broke down in July.")
    a = bare(said.format("Wednesday"), aid="a", published="2025-09-08", source="One")
    same = bare(said.format("September 10"), aid="b", published="2025-09-08", source="Two")
    assert temporal(reconcile([a, same]).conflicts) == []
    other = bare(said.format("September 12"), aid="b", published="2025-09-08", source="Two")
    (c,) = temporal(reconcile([a, other]).conflicts)
    assert sorted(side.value["start"] for side in c.sides) == ["2025-09-10", "2025-09-12"]


def test_an_action_dated_by_an_offset_from_a_dated_onset():
    text = ("The stoppage at the Brisk sawmill began on March 3, when the crews walked out. Workers went back to "
            "the negotiating table two weeks after the stoppage began, the union said.")
    dated = [d for d in dated_statements(bare(text, published="2025-04-01")) if d.implied]
    assert [(d.days[0].isoformat(), d.synonym) for d in dated] == [("2025-03-17", True)]
    a = bare(text + " The Brisk sawmill employs 200 people.", aid="a", published="2025-04-01", source="One")
    b = bare("Talks resumed on March 21 at the Brisk sawmill, the union said. The Brisk sawmill employs 200 people.",
             aid="b", published="2025-04-01", source="Two")
    assert len(temporal(reconcile([a, b]).conflicts)) == 1
    same = bare("Talks resumed on March 17 at the Brisk sawmill, the union said. The Brisk sawmill employs 200 "
                "people.", aid="b", published="2025-04-01", source="Two")
    assert temporal(reconcile([a, same]).conflicts) == []


def test_steps_of_one_thing_and_other_ones_stay_quiet_in_one_article():
    for text in ("The Kell council announced the levy on Monday. The levy, approved on Wednesday, pays for bus lanes.",
                 "Brisk Rail announced the takeover on Monday. The takeover, completed on Friday, adds 40 trains.",
                 "A jury found Ola Dahl guilty on Monday. Dahl's aunt was convicted on Thursday of a separate theft."):
        assert temporal(article_conflicts(bare(text))) == [], text
    loud = "Brisk Rail announced the takeover on Monday. The takeover, announced on Friday, adds 40 trains."
    assert len(temporal(article_conflicts(bare(loud)))) == 1


def test_a_thousands_separator_is_no_clause_boundary():
    # the comma in "1,200" ends no clause: the verb before the figure dates the chained action, the subject and the
    # object keep the words around the figure, and a date between the subject and its verb still dates that verb
    onset = "The flooding at Kessel began on March 3, when the river burst its banks. "
    for n in ("1,200", "1200"):
        text = onset + f"Rescuers evacuated {n} people two days after the flooding began, the mayor said."
        [d] = [d for d in dated_statements(bare(text, published="2025-04-01")) if d.implied]
        assert (d.verb, d.days[0].isoformat(), d.evidence.text) == \
            ("evacuat", "2025-03-05", f"evacuated {n} people two days after the flooding began"), n
        [a] = assertions(bare(f"The Bramford council's £{n}-a-year levy was not approved."))
        assert {"bramford", "council", "levy"} <= a.subject and not a.positive, n
        [a] = assertions(bare(f"The union has signed the {n}-page deal."))
        assert {"union", "deal"} <= a.subject, n
        [d] = dated_statements(bare(f"The {n}-member union on Thursday voted to strike.", published="2025-04-01"))
        assert (d.verb, d.days[0].isoformat()) == ("vot", "2025-03-27"), n


def test_a_thousands_separator_across_two_articles():
    tail = " The Kessel river is 40 km long."
    a = bare("The flooding at Kessel began on March 3, when the river burst its banks. Rescuers evacuated 1,200 "
             "people two days after the flooding began, the mayor said." + tail, aid="a", published="2025-04-01",
             source="One")
    late = bare("Rescuers evacuated residents of Kessel on March 9, the mayor said." + tail, aid="b",
                published="2025-04-01", source="Two")
    same = bare("Rescuers evacuated residents of Kessel on March 5, the mayor said." + tail, aid="b",
                published="2025-04-01", source="Two")
    assert len(temporal(reconcile([a, late]).conflicts)) == 1
    assert temporal(reconcile([a, same]).conflicts) == []
    signed = bare("The Kessel union has signed the 1,200-page deal.", aid="a", source="One")
    unsigned = bare("The 1,200-page deal has not been signed.", aid="b", source="Two")
    [c] = [c for c in reconcile([signed, unsigned]).conflicts if c.kind == "contradiction"]
    assert [s.value for s in c.sides] == ["asserts", "negates"]
