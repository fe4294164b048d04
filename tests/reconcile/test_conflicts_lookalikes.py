"""Issue #14, holdout7 look: figures and statements that only look alike stay quiet, each rule with a case that
must still fire. The wording here is our own, not the holdout's."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile.checkable import dated_statements
from summarizer.reconcile.figures import text_reports
from summarizer.reconcile.states import states
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2026-05-06") -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=f"Wire {aid}"))


def kinds(conflicts) -> list[str]:
    return sorted(c.kind for c in conflicts)


def test_the_two_shares_of_one_split_vote_are_not_rival_figures():
    a = bare("Voters approved the statute by 57% to 43% in Saturday's plebiscite.", "a")
    b = bare("Voters approved the statute by 57% to 43% in Saturday's plebiscite, officials said.", "b")
    assert {r.measure for r in text_reports(a)} == {"vote:for/percent", "vote:against/percent"}
    assert reconcile([a, b]).conflicts == []
    c = bare("Voters approved the statute by 52% to 48% in Saturday's plebiscite, officials said.", "b")
    assert "numeric" in kinds(reconcile([a, c]).conflicts)


def test_seriously_injured_is_a_part_of_the_injured():
    a = bare("Thirty people were injured, five of them critically, when a crane fell in Lorvik on Friday, the "
             "city said.", "a")
    b = bare("Five people were critically injured when a crane fell in Lorvik on Friday, the hospital said.", "b")
    assert [r.measure for r in text_reports(b)] == ["injured:serious"]
    assert reconcile([a, b]).conflicts == []
    c = bare("Twelve people were injured when a crane fell in Lorvik on Friday, the hospital said.", "c")
    assert kinds(reconcile([a, c]).conflicts) == ["numeric"]


def test_people_reported_missing_are_not_a_head_count_of_victims():
    a = bare("A mudslide in the Arvel valley has killed 20 people. Crews are looking for at least six people "
             "reported missing.", "a")
    assert {r.measure for r in text_reports(a)} == {"killed", "missing"}
    b = bare("Officials said four victims had been counted twice in the Arvel valley.", "b", "2026-05-08")
    assert all(c.kind != "update" or "missing" not in c.summary for c in reconcile([a, b]).conflicts)
    assert not [c for c in reconcile([a, b]).conflicts if {s.value for s in c.sides} >= {4.0}]


def test_new_cases_over_different_periods_are_different_quantities():
    a = bare("Clinics in Tarsa recorded nine new flu cases this week, bringing the season's total to 40.", "a")
    b = bare("Five more flu cases were confirmed in Tarsa on Sunday, taking the total to 45.", "b", "2026-05-11")
    assert reconcile([a, b]).conflicts == []


def test_a_toll_revised_with_the_verb_first_counts_the_dead():
    a = bare("Floods in the Merro basin have killed 30 people, officials said on Monday.", "a", "2026-05-04")
    b = bare("Officials revised the death toll from the Merro basin floods down to 26 on Wednesday.", "b")
    assert [(r.measure, r.total) for r in text_reports(b)] == [("killed", 26.0)]
    assert kinds(reconcile([a, b]).conflicts) == ["update"]


def test_a_correction_marks_a_revised_figure():
    a = bare("Turnout in the Ostvar mayoral vote was 47.5%, according to early figures.", "a", "2026-05-04")
    b = bare("After correcting a counting error, officials said turnout in the Ostvar mayoral vote was 44.1%.", "b")
    assert kinds(reconcile([a, b]).conflicts) == ["update"]


def test_confirming_one_thing_and_denying_another_is_no_contradiction():
    a = bare("Halden Motors confirmed on Monday that it had met Vesko Group to discuss a joint venture.", "a")
    b = bare("Halden Motors denied reports that it had signed a supply deal with Vesko Group.", "b")
    assert all(x.claim for x in states(a) + states(b) if x.axis == "confirmed")
    assert reconcile([a, b]).conflicts == []
    c = bare("Halden Motors denied reports that it had met Vesko Group to discuss a joint venture.", "b")
    assert kinds(reconcile([a, c]).conflicts) == ["contradiction"]


def test_an_offset_after_the_main_event_dates_that_event():
    a = bare("A warehouse roof caved in at the Kessel depot on Monday, injuring three workers.", "a", "2026-05-08")
    b = bare("Engineers visited the Kessel depot on Wednesday, two days after the cave-in, the owner said.", "b",
             "2026-05-08")
    implied = [d for d in dated_statements(b) if d.implied]
    assert [d.days[0].isoformat() for d in implied] == ["2026-05-04"]
    assert reconcile([a, b]).conflicts == []
    c = bare("Engineers visited the Kessel depot on Wednesday, three days after the cave-in, the owner said.", "b",
             "2026-05-08")
    assert kinds(reconcile([a, c]).conflicts) == ["temporal"]
