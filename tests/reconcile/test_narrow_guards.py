"""Guards narrowed to what they mean, and statements of one sentence read as one whole.

- an ordinal names which one ("the third round"): two sides naming the same one are about one event;
- across articles, a person one article names (a judge, an official) is no second party; places and groups are;
- figures of one measure one sentence lists ("six people … and two residents") are parts of one whole;
- a relative clause ("…, which remained open") is about the noun before it, and contrasting modifiers
  ("east"/"west") make two subjects;
- "declined/refused/failed to V" is V not done, and "X charged Y with" is "Y was charged with".
"""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.reconcile import article_conflicts
from summarizer.schema import Article


def bare(text: str, aid: str = "a", published: str = "2025-09-10", source: str | None = None) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published=published, source=source))


def kinds(conflicts) -> list[str]:
    return sorted(c.kind for c in conflicts)


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


# --- one sentence, one whole ---------------------------------------------------------------------------------------

_BUS = ("A tour bus plunged off a mountain road outside Velka on Sunday, killing {} people. The dead were six "
        "people on board the bus and two residents of a farmhouse below, police said.")


def test_figures_listed_in_one_sentence_add_up_to_the_total():
    assert kinds(article_conflicts(bare(_BUS.format("eight")))) == []


def test_a_total_the_listed_figures_do_not_make_is_numeric():
    assert kinds(article_conflicts(bare(_BUS.format("eleven")))) == ["numeric"]


# --- states: relative clauses and contrasting modifiers ------------------------------------------------------------

def test_a_relative_clause_is_about_the_noun_before_it():
    a = bare("The east wing of Carrow General Hospital was closed on Tuesday after a gas leak.",
             aid="a", source="One")
    b = bare("Patients were moved into the east wing of Carrow General Hospital on Tuesday, which remained open "
             "throughout the gas leak, a spokesman said.", aid="b", source="Two")
    assert story_kinds(a, b) == ["contradiction"]


def test_contrasting_modifiers_make_two_subjects():
    a = bare("The east wing of Carrow General Hospital was closed on Tuesday after a gas leak.",
             aid="a", source="One")
    b = bare("Patients were moved into the west wing of Carrow General Hospital on Tuesday, which remained open "
             "throughout the gas leak, a spokesman said.", aid="b", source="Two")
    assert story_kinds(a, b) == []


# --- refusals ------------------------------------------------------------------------------------------------------

_PLAN = "The Dunmore city council approved the new stadium plan on Monday after a long debate."


def test_declined_to_approve_is_not_approved():
    a = bare(_PLAN, aid="a", source="One")
    b = bare("Dunmore councillors declined to approve the new stadium plan on Monday, citing its cost.", aid="b",
             source="Two")
    assert story_kinds(a, b) == ["contradiction"]


def test_declined_to_reject_is_no_rejection():
    a = bare(_PLAN, aid="a", source="One")
    b = bare("Dunmore councillors declined to reject the new stadium plan on Monday, despite its cost.", aid="b",
             source="Two")
    assert story_kinds(a, b) == []


# --- the active voice ----------------------------------------------------------------------------------------------

_RELEASED = ("The landlord of the flats on Orchard Row was released without charge on Thursday, detectives said. "
             "The man, 52, had been arrested on Wednesday.")


def test_an_active_charge_is_a_charge():
    a = bare("Fire gutted a block of flats on Orchard Row on Wednesday. Detectives charged the 52-year-old landlord "
             "with arson on Thursday, a police statement said.", aid="a", source="One")
    assert story_kinds(a, bare(_RELEASED, aid="b", source="Two")) == ["contradiction"]


def test_an_active_charge_of_another_person_is_quiet():
    a = bare("Fire gutted a block of flats on Orchard Row on Wednesday. Detectives charged the landlord's 19-year-old "
             "son with arson on Thursday, a police statement said.", aid="a", source="One")
    assert story_kinds(a, bare(_RELEASED, aid="b", source="Two")) == []


def test_contrasting_modifiers_of_two_head_nouns_make_two_subjects():
    a = bare("The upper deck of the Holm river bridge was closed on Monday after a lorry fire.", aid="a", source="One")
    b = bare("The lower roadway of the Holm river bridge remained open on Monday despite the lorry fire.", aid="b",
             source="Two")
    assert story_kinds(a, b) == []
