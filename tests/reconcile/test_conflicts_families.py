"""Issue #14's holdout6 families, each as a rule: one case that must fire, one look-alike that must not."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.checkable import dated_statements
from summarizer.reconcile.figures import text_reports
from summarizer.reconcile.quantities import fold
from summarizer.reconcile.states import states
from summarizer.reconcile.stories import group_stories
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2026-03-04", title: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, title=title, source=f"Wire {aid}"))


def kinds(conflicts) -> list[str]:
    return sorted(c.kind for c in conflicts)


def test_other_words_for_passengers_fold_to_one_noun():
    assert fold("travellers") == fold("commuters") == fold("passengers") == "passenger"
    a = bare("A bus overturned near Orsk on Monday, killing 9 commuters, police said.", "a")
    b = bare("Twelve passengers died when a bus overturned near Orsk on Monday, police said.", "b")
    assert "numeric" in kinds(reconcile([a, b]).conflicts)


def test_a_title_does_not_hide_the_lede_when_nothing_was_extracted():
    a = bare("A bus overturned near Orsk on Monday, killing 9 commuters, police said.", "a", title="Bus crash")
    b = bare("Twelve passengers died when a bus overturned near Orsk on Monday, police said.", "b")
    assert len(group_stories([a, b])) == 1


def test_a_shared_quote_links_two_reports_into_one_story():
    a = bare('Parents met on Tuesday. "Every child will keep a place at this school," said headteacher Rosa Gant.', "a")
    b = bare('The board met families on Tuesday. "Every child will keep a place at this school," board chair '
             'Omar Field told the meeting.', "b")
    assert len(group_stories([a, b])) == 1
    assert kinds(reconcile([a, b]).conflicts) == ["attribution"]
    c = bare('The board met families on Tuesday. "Every pupil gets a new laptop this year," board chair '
             'Omar Field told the meeting.', "b")
    assert len(group_stories([a, c])) == 2


def test_the_subject_of_a_copula_is_what_a_percentage_measures():
    heads = {r.subject.head for r in text_reports(bare("Turnout was 61 percent, the commission said."))}
    assert "turnout" in heads
    s = bare("The jobless rate was 6.1 percent, the office said. Later the director told reporters that April "
             "ended with a jobless rate of 5.8%.")
    assert kinds(article_conflicts(s)) == ["numeric"]
    quiet = bare("The jobless rate was 6.1 percent, the office said. The director told reporters that the "
                 "participation rate stood at 58%.")
    assert article_conflicts(quiet) == []


def test_the_n_year_old_takes_up_the_subject_named_before():
    s = bare("Norway's Lena Holt won the Kessa road race on Sunday. The 27-year-old crossed the line first.")
    assert [r.subject.head for r in text_reports(s) if r.measure == "count/age"] == ["person:holt"]
    b = bare("Lena Holt, 29, won the Kessa road race on Sunday, finishing a minute clear.", "b")
    assert "numeric" in kinds(reconcile([s, b]).conflicts)
    same = bare("Lena Holt, 27, won the Kessa road race on Sunday, finishing a minute clear.", "b")
    assert reconcile([s, same]).conflicts == []


def test_a_date_before_its_verb_dates_that_verb_but_not_a_report():
    d = dated_statements(bare("The Harlow town council on Tuesday approved a plan for 200 homes."))
    assert [(x.verb, x.days[0].isoformat()) for x in d] == [("approv", "2026-03-03")]
    assert dated_statements(bare("The council on Tuesday said the plan for 200 homes was ready.")) == []


def test_a_test_result_is_a_finding_with_polarity_and_place():
    neg = [x for x in states(bare("Samples from the farm outside Tolvik tested negative for swine fever."))
           if x.axis == "confirmed"]
    assert [(x.positive, "tolvik" in x.names) for x in neg] == [(False, True)]
    a = bare("Officials detected swine fever at a pig farm outside Tolvik on Tuesday, the agency said.", "a")
    b = bare("Samples from the pig farm outside Tolvik tested negative for swine fever, the agency said.", "b")
    assert "contradiction" in kinds(reconcile([a, b]).conflicts)
    other = bare("Samples from a pig farm near Brenna tested negative for swine fever, the agency said.", "b")
    assert "contradiction" not in kinds(reconcile([a, other]).conflicts)


def test_one_sentence_that_revises_a_figure_is_an_update():
    s = bare("The bank lowered its growth forecast to 1.1 percent on Thursday, down from the 1.5 percent it "
             "predicted in March.")
    found = article_conflicts(s)
    assert kinds(found) == ["update"]
    assert [sd.value for sd in found[0].sides] == [1.5, 1.1]  # what it was, then what it is
    assert article_conflicts(bare("Inflation rose to 3 percent in May, up from 2.4 percent in April, the office "
                                  "said.")) == []


def test_the_remark_made_by_someone_else_is_an_attribution():
    s = bare('"No boat should leave the harbour tonight," said harbour master Jonas Lind on Thursday. '
             "Storm winds were forecast. The comment, made by Mayor Ida Berg, was repeated on radio.")
    assert kinds(article_conflicts(s)) == ["attribution"]
    same = bare('"No boat should leave the harbour tonight," said harbour master Jonas Lind on Thursday. '
                "Storm winds were forecast. The comment, made by Lind, was repeated on radio.")
    assert article_conflicts(same) == []
