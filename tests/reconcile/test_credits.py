"""Disputed credits: a remark its speaker disowns, a remark credited to someone else, rival claims of one attack;
and the look-alikes that stay quiet (another person disowns, other words disowned, one group twice)."""

from __future__ import annotations

from outlets import attribution, bare, one, story_kinds, two

from summarizer.reconcile import article_conflicts

QUOTED = one("'The Kessel bridge will reopen in May,' transport minister Ivo Marsh told reporters on Monday. "
             "Engineers are still testing the new bearings.", published="2025-04-08")


def test_a_remark_its_speaker_never_made_is_disputed():
    denial = two("The transport ministry said on Tuesday that Marsh had not spoken to reporters about the Kessel "
                 "bridge. Engineers expect the tests to end in April.", published="2025-04-08")
    assert story_kinds(QUOTED, denial) == ["attribution"]


def test_another_person_disowning_a_remark_stays_quiet():
    denial = two("The transport ministry said on Tuesday that its deputy, Lena Ott, had not spoken to reporters "
                 "about the Kessel bridge.", published="2025-04-08")
    assert story_kinds(QUOTED, denial) == []


def test_disowned_words_nobody_was_quoted_with_stay_quiet():
    denial = two("The ministry said Marsh had never used the phrase 'a national scandal' about the Kessel bridge "
                 "works.", published="2025-04-08")
    assert story_kinds(QUOTED, denial) == []


def test_a_remark_credited_to_someone_else_in_another_report():
    other = two("The remark about the bridge reopening in May came from the minister's deputy, Lena Ott, at a "
                "briefing in Kessel.", published="2025-04-08")
    assert story_kinds(QUOTED, other) == ["attribution"]


def test_in_one_article_a_remark_that_came_from_another_speaker():
    s = bare("'We have never seen the river this low,' said hydrologist Pia Brenner, who led the survey. The "
             "remark about the low river came from the agency's director, Karl Vos, at a briefing on Friday.")
    assert len(attribution(article_conflicts(s))) == 1


def test_in_one_article_a_claim_in_a_name_its_bearer_disowns():
    s = bare("A statement claiming responsibility for the bombing, signed by the Coastal Liberation Army, appeared "
             "online on Monday. The Coastal Liberation Army's spokesman said the group had issued no statement "
             "and called the message a forgery.")
    assert len(attribution(article_conflicts(s))) == 1


def test_two_groups_claiming_one_attack():
    a = one("A bomb hit an army convoy near Tarsa on Friday, killing three soldiers. The Sons of Tarsa claimed "
            "responsibility in an online post.", published="2025-04-05")
    b = two("Responsibility for Friday's convoy bombing near Tarsa was claimed by the Free Hills Brigade, which "
            "said three soldiers were killed.", published="2025-04-05")
    assert story_kinds(a, b) == ["attribution"]


def test_one_group_claiming_an_attack_in_two_reports_stays_quiet():
    a = one("A bomb hit an army convoy near Tarsa on Friday, killing three soldiers. The Sons of Tarsa claimed "
            "responsibility in an online post.", published="2025-04-05")
    b = two("Responsibility for Friday's convoy bombing near Tarsa was claimed by the Sons of Tarsa, who said "
            "three soldiers were killed.", published="2025-04-05")
    assert story_kinds(a, b) == []


def test_a_quote_quoted_as_said_by_two_people_in_one_article():
    s = bare('"We gave away two soft goals and paid for it," said coach Marta Lindqvist. Later, defender Joao '
             'Barros was quoted as saying: "We gave away two soft goals and paid for it."')
    assert len(attribution(article_conflicts(s))) == 1
