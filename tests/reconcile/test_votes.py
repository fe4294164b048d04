"""Vote counts worded in different ways: one side of one vote given twice conflicts; different votes do not."""

from __future__ import annotations

from summarizer import ArticleSummary
from summarizer.normalize.core import find_numbers
from summarizer.reconcile import article_conflicts
from summarizer.reconcile.votes import tallies
from summarizer.schema import Article


def bare(text: str) -> ArticleSummary:
    return ArticleSummary(article=Article(id="a", text=text, published="2025-03-14"))


def sides(sentence: str) -> list[tuple[str, float]]:
    return [(t.side, t.number.value) for t in tallies(sentence, list(find_numbers(sentence)))]


def test_tallies_are_read_however_worded():
    assert sides("The bill passed 61-39 in the senate.") == [("for", 61), ("against", 39)]
    assert sides("The amendment was rejected by 40 votes to 25.") == [("against", 40), ("for", 25)]
    assert sides("It was adopted with 300 in favour and 120 against.") == [("for", 300), ("against", 120)]
    assert sides("Some 48 councillors voted against the plan.") == [("against", 48)]
    assert sides("The council approved a loan of $4 million for the park.") == []
    assert sides("Between 10 and 12 people were hurt.") == []


def test_one_side_of_one_vote_given_twice_conflicts():
    s = bare("The regional assembly approved the budget by 71 votes to 29 on Friday. Speaking afterwards, the "
             "finance chief said 64 members had voted for the budget.")
    [c] = [c for c in article_conflicts(s) if c.kind == "numeric"]
    assert {sd.value for sd in c.sides} == {71.0, 64.0}


def test_different_votes_and_the_same_count_stay_quiet():
    for text in ("The committee backed the bill 9-4. The full chamber later passed the bill 210-190.",
                 "The treaty was ratified 88-12. Eighty-eight senators voted for the treaty.",
                 "The motion passed 52-48. A second motion on the budget failed 45-55."):
        assert not [c for c in article_conflicts(bare(text)) if c.kind == "numeric"], text


def test_a_court_split_and_a_count_of_electoral_votes_are_not_one_vote():
    s = bare("By a 2-to-1 vote, the appeals court sent the case back. Polls show a close race in the state, "
             "where 18 electoral votes are at stake.")
    assert sides("By a 2-to-1 vote, the appeals court sent the case back.") == [("for", 2), ("against", 1)]
    assert article_conflicts(s) == []
