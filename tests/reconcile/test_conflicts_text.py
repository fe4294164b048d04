"""Conflicts from the statements code finds in article text: figures, assertions, relative dates, attributions."""

from __future__ import annotations

import time

from conftest import EXAMPLE

from summarizer import ArticleSummary, load_article, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.checkable import assertions
from summarizer.reconcile.figures import text_reports
from summarizer.reconcile.quantities import Figure, Report, Subject
from summarizer.reconcile.textual import blocked_pairs, figure_conflicts
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-03-14", source: str | None = None) -> ArticleSummary:
    """A summary with no events and no claims: only the text speaks."""
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def kinds(conflicts) -> list[str]:
    return sorted(c.kind for c in conflicts)


def test_a_figure_knows_its_unit_noun_side_and_measure():
    s = bare("Police said 15 ISIS operatives were killed. A man carried a 5-inch knife. "
             "Officers arrested 23 people. Turnout was 61 percent.")
    found = text_reports(s)
    got = {(r.measure, r.subject.head, r.subject.marks, r.total) for r in found}
    assert ("killed", "operative", frozenset({"isis"}), 15) in got
    assert [(r.subject.head, r.written, r.figures[0].unit) for r in found if r.measure == "count/length"] == [
        ("knife", 5, "inch")]
    assert ("arrest", "people", frozenset(), 23) in got
    assert any(m == "count/percent" and v == 61 for m, _, _, v in got)


def test_lengths_of_one_knife_conflict_within_an_article():
    s = bare("Witnesses said he threatened the cashier with a 5-inch knife. "
             "Police later recovered a 10-inch knife from his car and said it was the weapon used.")
    [c] = article_conflicts(s)
    assert c.kind == "numeric" and {sd.value for sd in c.sides} == {5.0, 10.0}
    assert all(sd.evidence and sd.evidence[0].text in s.article.text for sd in c.sides)
    assert "5-inch knife" in c.sides[0].evidence[0].text + c.sides[1].evidence[0].text


def test_charged_then_not_charged_is_a_contradiction():
    s = bare("The driver was charged with dangerous driving after the crash, police said. "
             "A spokeswoman said later that the driver was not charged and had been released.")
    [c] = article_conflicts(s)
    assert c.kind == "contradiction" and [sd.value for sd in c.sides] == ["asserts", "negates"]
    assert "not charged" in c.sides[1].evidence[0].text


def test_a_negation_about_someone_else_stays_quiet():
    s = bare("The driver of the lorry was arrested at the scene. His passenger was not arrested and went home.")
    assert {a.positive for a in assertions(s)} == {True, False}
    assert article_conflicts(s) == []


def test_operatives_and_militants_of_one_group_give_numeric_across_sources():
    a = bare("Iraqi forces said 14 ISIS militants were killed in an air strike in the Hamrin mountains on Friday.",
             "a", "2025-03-15", "Wire One")
    b = bare("US Central Command said on Saturday that 15 ISIS operatives were killed in the Friday strike in the "
             "Hamrin mountains.", "b", "2025-03-15", "Wire Two")
    r = reconcile([a, b])
    assert [c.kind for c in r.conflicts if c.scope == "story"] == ["numeric"]
    [c] = [c for c in r.conflicts if c.scope == "story"]
    assert sorted(sd.value for sd in c.sides) == [14.0, 15.0] and {sd.article for sd in c.sides} == {"a", "b"}


def test_nouns_outside_any_lexicon_meet_on_their_markers():
    a = bare("Nine Shabaab fighters died when soldiers repelled an attack on a base near Baidoa.", "a")
    b = bare("The governor said 21 Shabaab recruits were killed in the attack on the base near Baidoa.", "b")
    assert [c.kind for c in reconcile([a, b]).conflicts if c.scope == "story"] == ["numeric"]


def test_same_source_revising_upward_later_is_an_update():
    a = bare("The health ministry said 12 people were killed when a bus overturned near Karsu.", "a", "2025-03-10",
             "Wire One")
    b = bare("The health ministry said on Tuesday that 17 people were killed when the bus overturned near Karsu.",
             "b", "2025-03-11", "Wire One")
    assert [c.kind for c in reconcile([a, b]).conflicts] == ["update"]


def test_two_incidents_on_one_day_stay_quiet():
    a = bare("Four people were killed when a bomb exploded at a market in Kandar on Friday.", "a")
    b = bare("Eleven people were killed when gunmen attacked a checkpoint in Sorvi on Friday.", "b")
    assert reconcile([a, b]).conflicts == []


def test_breakdown_rounding_qualifiers_parts_and_groups_stay_quiet():
    quiet = [
        "Seven soldiers were injured in the attack. Five of the soldiers were hit by shrapnel, "
        "while two were injured when a wall collapsed.",
        "Forty people were injured in the crush. Among them, 12 children were injured, the hospital said.",
        "The country keeps about 2,500 troops in Iraq and about 900 in Syria.",
        "Three soldiers were killed in the ambush, the army said. Nine civilians were killed in the same ambush.",
        "Officers found a 5-inch knife in the kitchen and a 10-inch machete in the shed.",
        "The motion passed by 52 votes to 48.",
    ]
    for text in quiet:
        assert article_conflicts(bare(text)) == [], text
    pair = [bare("About 2,500 workers went on strike at the plant in Mirow, the union said.", "a"),
            bare("Management said 2,480 workers joined the strike at the plant in Mirow.", "b")]
    assert reconcile(pair).conflicts == []
    pair = [bare("At least 10 people were killed in floods in the Sava valley.", "a"),
            bare("Rescuers said 13 people were killed by the floods in the Sava valley.", "b")]
    assert reconcile(pair).conflicts == []


def test_relative_dates_chain_against_the_publication_date():
    s = bare("The raid in the north on Thursday comes a week after the army announced that it had destroyed a "
             "depot in a strike carried out yesterday near the border.", published="2025-04-12")
    [c] = article_conflicts(s)
    assert c.kind == "temporal" and c.sides[0].value["text"] == "yesterday"
    assert c.sides[0].value["start"] == "2025-04-11"
    ok = bare("Friday's protest comes a week after police dispersed a rally held on Friday, March 7, outside the "
              "ministry.", published="2025-03-14")
    assert article_conflicts(ok) == []


def test_the_example_reports_the_syria_strike_and_the_pronoun_from_its_text_alone():
    s = ArticleSummary(article=load_article(EXAMPLE))
    found = article_conflicts(s)
    assert kinds(found) == ["attribution", "temporal"]
    [t] = [c for c in found if c.kind == "temporal"]
    assert "the day before yesterday" in t.summary and "Syria" in t.sides[1].evidence[0].text
    [a] = [c for c in found if c.kind == "attribution"]
    assert "She stressed" in a.summary


def test_text_pronoun_attribution_needs_a_mismatch():
    said = "said in a statement that the curfew would be lifted on Monday."
    stressed = "She stressed that checkpoints would remain in place around the capital."
    s = bare(f"The Interior Ministry {said} {stressed}")
    assert kinds(article_conflicts(s)) == ["attribution"]
    fine = bare(f"Interior Minister Ana Ruiz {said} {stressed}")
    assert article_conflicts(fine) == []


def test_ten_thousand_statements_finish_in_seconds_with_near_linear_pairs():
    pool = []
    for k in range(10_000):
        subject = Subject(f"noun{k % 997}", frozenset({f"m{k % 331}"}), "x")
        pool.append(Report(article=f"a{k % 50}", item=f"t{k}", source=f"s{k % 7}", measure=f"verb{k % 13}",
                           subject=subject, figures=[Figure(float(k % 40 + 1), "exact", None)], evidence=None,
                           published="2025-01-01"))
    started = time.process_time()  # CPU of this process: what other load does not change
    pairs = blocked_pairs(pool)
    found = figure_conflicts(pool, lambda a, b: a.article != b.article, lambda a, b: a == b)
    elapsed = time.process_time() - started
    assert elapsed < 20, elapsed
    assert len(pairs) < 20 * len(pool)  # all pairs would be 50 million
    assert found and all(c.kind in ("numeric", "update") for c in found)
