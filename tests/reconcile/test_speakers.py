"""Attribution from the text alone: person pronouns after organizations, one quote credited to two people."""

from __future__ import annotations

from outlets import across, attribution, bare, kinds, of_kind, one, two

from summarizer.reconcile import article_conflicts
from summarizer.reconcile.speakers import quotes


def test_she_after_according_to_a_named_institution_is_unclear():
    s = bare("According to the World Food Programme, 30 lorries crossed into the valley on Monday. "
             "She said more convoys were planned for the week.")
    [c] = attribution(article_conflicts(s))
    assert "World Food Programme" in c.sides[0].evidence[0].text and "She said" in c.sides[1].evidence[0].text


def test_a_pronoun_after_a_titled_person_stays_quiet():
    for text in ("Health Minister Ruth Amari said the clinic would reopen. She added that staff had been hired.",
                 "The Red Cross official Omar Lisk said aid had arrived. He said more was coming on Friday."):
        assert not attribution(article_conflicts(bare(text))), text


def test_one_quote_credited_to_two_people_across_outlets():
    a = one("Engineers inspected the Tarn dam after heavy rain on Sunday. “The dam is safe and the valley will not "
            "be flooded,” said regional governor Petra Lund on Monday.")
    b = two("Chief engineer Hamid Rossi told reporters at the Tarn dam: “The dam is safe, and the valley will not be "
            "flooded.” Engineers inspected the dam after Sunday's heavy rain.")
    found = attribution(across(a, b))
    assert len(found) == 1 and {sd.source for sd in found[0].sides} == {"regional governor Petra Lund",
                                                                        "Chief engineer Hamid Rossi"}


def test_the_same_quote_by_one_person_under_two_names_stays_quiet():
    a = bare("“We have no plans to raise fares this year,” said transport secretary Jonas Verne.", aid="a")
    b = bare("“We have no plans to raise fares this year,” Verne told a news conference.", aid="b")
    assert not attribution(across(a, b))


def test_different_quotes_and_short_phrases_stay_quiet():
    a = bare("“A tragedy,” said mayor Ines Holt. “We will rebuild the school by spring,” she added.", aid="a")
    b = bare("“A tragedy,” said the fire chief Leo Marsh. “The fire started in the kitchen,” Marsh said.", aid="b")
    assert not attribution(across(a, b))


def test_a_quote_needs_one_named_speaker():
    assert [q.speaker for q in quotes(bare("“The talks will resume next week in Geneva,” said envoy Mara Tull."))] \
        == ["envoy Mara Tull"]
    assert quotes(bare("“The talks will resume next week in Geneva,” a statement read.")) == []


def test_it_after_a_nearer_organization_subject_stays_quiet():
    loud = bare("Mayor Ana Ruiz said the bridge would reopen in May. Drivers have faced long detours. "
                "It says the repairs will cost more than planned.")
    assert len(attribution(article_conflicts(loud))) == 1
    quiet = loud.article.text.replace("Drivers have faced long detours.", "The roads agency wants more money.")
    assert attribution(article_conflicts(bare(quiet))) == []


def test_a_quote_credited_later_by_who_made_the_remark():
    text = ("Delta Rovers lost 4-1 at home on Sunday. “The pitch was a disgrace and cost us the game,” said "
            "manager Ivo Haller after the final whistle. Goalkeeping coach Sam Orrin, who made the remark about "
            "the pitch, apologised on Monday.")
    [c] = attribution(article_conflicts(bare(text)))
    assert {sd.source for sd in c.sides} >= {"Sam Orrin"}
    same = text.replace("Goalkeeping coach Sam Orrin", "Manager Ivo Haller")
    assert attribution(article_conflicts(bare(same))) == []
    # a remark about something the quote never mentions is another remark
    other = text.replace("the remark about the pitch", "the remark about the referee")
    assert attribution(article_conflicts(bare(other))) == []


def test_one_announcement_credited_to_two_people():
    text = ("Harbour FC dismissed coach Ola Brekke on Friday. The announcement was made by club president Rita "
            "Sand at the stadium. Youth coach Pal Ek takes over for now. Chief executive Tor Lie, who made the "
            "announcement at the stadium, said a new coach would be found soon.")
    assert len(attribution(article_conflicts(bare(text)))) == 1
    same = text.replace("Chief executive Tor Lie", "President Rita Sand")
    assert attribution(article_conflicts(bare(same))) == []


def test_one_finding_word_for_word_under_two_sources_across_outlets():
    a = one("School absences for flu rose sharply in January, according to the Education Office. Heads said "
            "classes had been merged in the Tarn valley schools.")
    b = two("School absences for flu rose sharply in January, according to data from the private Rell Foundation. "
            "Heads said classes had been merged in the Tarn valley schools.")
    assert len(attribution(across(a, b))) == 1
    same = two("School absences for flu rose sharply in January, according to the Education Office. Heads said "
               "classes had been merged in the Tarn valley schools.")
    assert attribution(across(a, same)) == []


def test_a_pronoun_quote_stands_for_the_person_an_earlier_sentence_opens_with():
    a = one("Fire Chief Nora Vik met families outside Kell Road fire station on Monday. Two flats were gutted in "
            "the blaze. “The smoke alarms saved every life in that building,” she said.")
    s = quotes(a)
    assert [q.speaker for q in s] == ["Fire Chief Nora Vik"]
    b = two("Firefighters praised residents after the Kell Road blaze. “The smoke alarms saved every life in that "
            "building,” Deputy Chief Omar Hale told reporters on Monday.")
    assert len(attribution(across(a, b))) == 1
    # two people named before the pronoun: it stands for neither
    two_named = one("Fire Chief Nora Vik and Mayor Lena Berg met families on Monday. “The smoke alarms saved every "
                    "life in that building,” she said.")
    assert quotes(two_named) == []


def test_one_statement_under_two_sources_with_other_figures_is_no_attribution_question():
    a = one("Seven climbers were rescued from the Brisk glacier on Sunday, according to the Alpine Rescue Service.")
    b = two("Five climbers were rescued from the Brisk glacier on Sunday, according to the Brisk Mountain Club.")
    assert attribution(across(a, b)) == []


def test_a_source_credited_with_what_it_says_it_never_gave():
    a = one("Hundreds of fans gathered outside the Brisk stadium on Friday. The fire service estimated the crowd at "
            "2,500 before the gates opened.")
    b = two("Fans gathered outside the Brisk stadium on Friday before the gates opened. The fire service declined "
            "to give a figure for the crowd.")
    assert len(attribution(across(a, b))) == 1
    other = two("Fans gathered outside the Brisk stadium on Friday before the gates opened. The police declined to "
                "give a figure for the crowd.")
    assert attribution(across(a, other)) == []


def test_no_announcement_on_a_topic_meets_a_statement_on_it_not_on_another():
    a = one("The Orvik water board said on Monday that the summer hosepipe ban would be lifted next week. Gardeners "
            "in Orvik welcomed the news.")
    b = two("Gardeners in Orvik may have to wait. The water board had made no announcement about the hosepipe ban, "
            "a spokesman said on Tuesday.")
    assert len(attribution(across(a, b))) == 1
    c = two("Gardeners in Orvik may have to wait. The water board had made no announcement about new meters, "
            "a spokesman said on Tuesday.")
    assert attribution(across(a, c)) == []


def test_a_quote_of_the_company_and_of_its_spokesman_is_one_statement():
    a = bare('"We expect the line to reopen within a fortnight," the airline said in a statement.', aid="a")
    b = bare('"We expect the line to reopen within a fortnight," said Oren Falk, a spokesman for the carrier.',
             aid="b")
    assert kinds(across(a, b)) == []


def test_a_named_body_and_its_named_spokeswoman_share_one_voice_two_people_do_not():
    a = bare('"Every branch will stay open until the review is finished," Halvern Bank said.', aid="a")
    b = bare('"Every branch will stay open until the review is finished," said Ines Moro, a Halvern Bank '
             'spokeswoman.', aid="b")
    assert kinds(across(a, b)) == []
    c = bare('"Every branch will stay open until the review is finished," chief executive Piet Haas said.', aid="c")
    d = bare('"Every branch will stay open until the review is finished," said finance director Ines Moro.', aid="d")
    assert kinds(across(c, d)) == ["attribution"]


def test_a_title_and_the_name_that_carries_it_are_one_speaker():
    a = one("'Waiting lists will be halved by the end of next year,' Health Minister Oriane Falk said on Monday.",
            published="2025-09-30")
    b = two("'Waiting lists will be halved by the end of next year,' the minister told parliament. Falk has led the "
            "ministry since 2024.", published="2025-09-30")
    assert kinds(across(a, b)) == []
    c = bare("'Waiting lists will be halved by the end of next year,' opposition leader Marta Quell said on Monday.",
             aid="c", source="Three", published="2025-09-30")
    assert kinds(across(a, c)) == ["attribution"]


def test_a_surname_and_a_title_the_article_gives_it_are_one_speaker():
    a = one("Health Minister Oriane Tessaro said on Monday that waiting lists had fallen. 'We are finally seeing the "
            "results of the new surgical centres,' Tessaro told reporters in Lunsk.", published="2025-03-04")
    b = two("'We are finally seeing the results of the new surgical centres,' the health minister said on March 3. "
            "The ministry put the waiting list at 41,200.", published="2025-03-05")
    assert kinds(across(a, b)) == []


def test_a_figure_is_credited_to_its_whole_source_past_a_thousands_separator():
    said = ", said a spokesman for the 3,000-member union."
    [c] = across(one("Some 1,200 people were evacuated from the town" + said),
                 two("Some 1,500 people were evacuated from the town" + said))
    assert c.kind == "numeric"
    assert [s.source for s in c.sides] == ["a spokesman for the 3,000-member union"] * 2


def test_one_source_revising_a_toll_under_another_noun_is_an_update():
    first = one("A train derailed near Osk on Sunday after hitting a fallen tree, and 12 passengers were hurt, "
                "police said. Three carriages left the tracks.", published="2025-06-02")
    again = two("Police now say 19 people were injured in Sunday's derailment near Osk, revising the first figure.",
                published="2025-06-03")
    found = of_kind("update", across(first, again))
    assert len(found) == 1 and {sd.source.lower() for sd in found[0].sides} == {"police"}
    # another source's larger count of people may include the passengers: no conflict without a revision
    other = two("Hospital staff said 19 people were injured in Sunday's derailment near Osk.", published="2025-06-03")
    assert not of_kind("update", across(first, other)) and not of_kind("numeric", across(first, other))
