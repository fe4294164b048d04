"""Guards narrowed to what they mean, and statements of one sentence read as one whole.

- an ordinal names which one ("the third round"): two sides naming the same one are about one event;
- across articles, a person one article names (a judge, an official) is no second party; places and groups are;
"""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-09-10", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def story_kinds(*articles: ArticleSummary) -> list[str]:
    return sorted(c.kind for c in reconcile(list(articles)).conflicts if c.scope == "story")


# --- ordinals --------------------------------------------------------------------------------------------------------

def test_one_ordinal_on_both_sides_is_one_event_dated_twice():
    a = bare("The third round of pension talks between Ostmark and the Velden union ended on Tuesday without "
             "agreement, officials said.", aid="a", source="One", published="2025-09-12")
    b = bare("Negotiators from Ostmark and the Velden union finished their third round of pension talks on Monday, "
             "the ministry said.", aid="b", source="Two", published="2025-09-12")
    assert story_kinds(a, b) == ["temporal"]


def test_two_ordinals_are_two_events():
    a = bare("The third round of pension talks between Ostmark and the Velden union ended on Tuesday without "
             "agreement, officials said.", aid="a", source="One", published="2025-09-12")
    b = bare("Negotiators from Ostmark and the Velden union finished their fourth round of pension talks on Monday, "
             "the ministry said.", aid="b", source="Two", published="2025-09-12")
    assert "temporal" not in story_kinds(a, b)


# --- parties -----------------------------------------------------------------------------------------------------

def test_a_judge_named_in_one_article_is_no_second_party():
    a = bare("A former bookkeeper of the Harwick sailing club was jailed for three years on Tuesday for stealing "
             "1.4 million pounds from the club's accounts. The club said it was relieved.", aid="a", source="One")
    b = bare("Judge Miriam Olsen told the former bookkeeper that her theft of £2.1 million had nearly ruined the "
             "club. She was sentenced to three years in prison.", aid="b", source="Two")
    assert story_kinds(a, b) == ["numeric"]


def test_two_places_are_still_two_parties():
    a = bare("A former bookkeeper of the Harwick sailing club was jailed for three years on Tuesday for stealing "
             "1.4 million pounds from the club's accounts. The club said it was relieved.", aid="a", source="One")
    b = bare("Judge Miriam Olsen told the former bookkeeper of the Dunmore sailing club that her theft of "
             "£2.1 million had nearly ruined it. She was sentenced to three years in prison.", aid="b", source="Two")
    assert "numeric" not in story_kinds(a, b)
