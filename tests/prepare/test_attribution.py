from conftest import EXAMPLE

from summarizer.load.article import load_article
from summarizer.prepare.attribution import find_attributions
from summarizer.prepare.sentences import split_sentences


def _atts(text):
    return find_attributions(text, split_sentences(text))


def test_example_attributions_sources_cues_and_pronouns():
    text = load_article(EXAMPLE).text
    atts = _atts(text)
    got = [(a.sentence, a.source, a.cue) for a in atts]
    assert got[:5] == [(1, "The US Central Command (CENTCOM)", "announced"),
                       (2, "A US Department of Defense official", "explained"),
                       (2, "A US Department of Defense official", "stressing"),
                       (3, "The Joint Operations Command", "announced"), (4, "The command", "said")]
    assert atts[4].resolved_from == "The Joint Operations Command"  # the nominal speaker, named
    she = [a for a in atts if a.source == "She"]
    assert she and all(a.resolved_from == "The Joint Operations Command" and a.ambiguous for a in she)
    it = next(a for a in atts if a.source == "It")
    assert it.resolved_from == "The Joint Operations Command" and not it.ambiguous
    quote = next(a for a in atts if a.sentence == 4)
    assert quote.direct_quote
    for a in atts:  # content spans index the article
        assert text[a.content_start:a.content_end].strip() == text[a.content_start:a.content_end]
    c1 = text[atts[0].content_start:atts[0].content_end]
    assert c1.startswith("7 US soldiers were injured")


def test_inverted_and_according_to_forms():
    text = ("Secret Service protocol called for a trauma center, sources said. "
            "According to the police, two men were arrested near the border. "
            "Clinton had told police officials that she did not want the escort.")
    atts = _atts(text)
    assert [(a.source, a.cue) for a in atts] == [("sources", "said"), ("the police", "according to"),
                                                 ("Clinton", "had told")]
    assert text[atts[0].content_start:atts[0].content_end] == "Secret Service protocol called for a trauma center"
    assert text[atts[1].content_start:atts[1].content_end].startswith("two men were arrested")
    assert text[atts[2].content_start:atts[2].content_end].startswith("she did not want")


def test_sentences_without_reporting_verbs_give_nothing():
    assert _atts("All hideouts were destroyed. The weather was fine.") == []


def test_findings_and_rulings_of_polls_studies_and_courts():
    text = ("A new poll shows Trump remains in a tight race with Clinton. "
            "The appeals court ruled that the state's practices could remove eligible voters. "
            "Donations hit nearly $1.1 billion by August, a USA TODAY analysis of campaign reports shows.")
    atts = _atts(text)
    assert [(a.source, a.cue) for a in atts] == [("A new poll", "shows"), ("The appeals court", "ruled"),
                                                 ("a USA TODAY analysis of campaign reports", "shows")]
    assert text[atts[1].content_start:atts[1].content_end].startswith("the state's practices")
    assert text[atts[2].content_start:atts[2].content_end] == "Donations hit nearly $1.1 billion by August"


def test_show_find_and_rule_are_no_cue_after_other_subjects():
    assert _atts("Nails found in the Atlanta clinic bombing match those of the park bombing. "
                 "The two men showed up at the house the day after his death. "
                 "He rules the party with an iron fist, his rivals complain about it.") == []


def test_single_quoted_speech_and_statement_cues():
    atts = _atts("'Eleven passengers drowned,' said the coast guard. "
                 "The port authority said in a statement that the ferry was overloaded.")
    assert [(a.sentence, a.source) for a in atts] == [(1, "the coast guard"), (2, "The port authority")]


def test_a_thousands_separator_does_not_cut_a_source():
    # the comma in "1,200" is no clause boundary: the source is whole, in every form of attribution
    union = "a spokesman for the 1,200-member union"
    for text in (f"{union.capitalize()} said the strike would go on.",
                 f"The strike will go on, {union} said.",
                 f"The strike will go on, said {union}.",
                 f"The strike will go on, according to {union}.",
                 f"\u201cThe strike will go on,\u201d {union} said."):
        [att] = [a for a in _atts(text) if a.source]
        assert att.source.lower() == union, text
        assert text[att.source_start:att.source_start + len(union)].lower() == union
        assert text[att.content_start:att.content_end].lower().startswith(("the strike", "\u201cthe strike"))
    assert [a.source for a in _atts("The 3,000-strong union said on Monday the strike would go on. "
                                    "A union of 1,200 workers said it would join.")] == \
        ["The 3,000-strong union", "A union of 1,200 workers"]
    [att] = _atts("According to the 1,200-member union, the strike will go on.")
    assert att.source == "the 1,200-member union"


def test_a_content_clause_after_the_cue_is_no_speaker():
    # what follows "said" is a speaker only as a noun phrase; a relative clause set off by commas is no subject's end
    for text, source in (("The ministry, which employs many staff, said the office would close.", "The ministry"),
                         ("Mayor Lena Berg, who took office in May, said the office would close.", "Mayor Lena Berg")):
        [att] = _atts(text)
        assert (att.source, att.cue) == (source, "said"), text
        assert text[att.content_start:att.content_end] == "the office would close"


def test_a_quotation_with_the_speaker_after_the_cue_gives_one_attribution():
    for q in ("\u201c\u201d", '""'):
        text = f"{q[0]}The bridge will reopen in May,{q[1]} said a spokesman for the council."
        [att] = _atts(text)
        assert att.source == "a spokesman for the council" and att.direct_quote, text
        assert text[att.content_start:att.content_end] == "The bridge will reopen in May"


def test_no_attribution_has_an_empty_source():
    for text in ('"The bridge will reopen in May," said a spokesman for the council.',
                 '"The strike will go on," the union said on Friday.',
                 '"We will not back down," she said. "Never," he added.'):
        assert all(a.source.strip() for a in _atts(text)), text


def test_speakers_after_the_cue_and_other_forms_are_unchanged():
    cases = (("The strike will go on, said a spokesman for the union.", "a spokesman for the union"),
             ("The strike will go on, said Mayor Lena Berg.", "Mayor Lena Berg"),
             ("\u201cThe strike will go on,\u201d she said.", "she"),
             ("The strike will go on, the union said on Friday.", "the union"),
             ("The strike will go on, according to the union.", "the union"))
    for text, source in cases:
        [att] = _atts(text)
        assert att.source == source, text
        assert text[att.content_start:att.content_end] == "The strike will go on", text


def test_when_the_speaker_spoke_is_not_part_of_the_source():
    for text, source in [("Police now say 19 people were injured in the crash.", "Police"),
                         ("The ministry later said the figure was wrong.", "The ministry"),
                         ("Officials on Monday said 40 homes were damaged.", "Officials"),
                         ("The mayor on Monday morning said the bridge would reopen.", "The mayor"),
                         ("A spokesman for the council last week said it was dead.", "A spokesman for the council"),
                         ("Police have since said 19 people were injured.", "Police"),
                         ('"The figure was wrong," said the ministry on Monday.', "the ministry"),
                         ("19 people were injured, according to police on Monday.", "police")]:
        assert [a.source for a in _atts(text)] == [source], text
    # names and findings keep their words: a newspaper called "Sunday", a release dated by its day
    assert [a.source for a in _atts("The Sunday Times said the deal was off.")] == ["The Sunday Times"]
    finding = "Figures released by the ministry on Monday show unemployment fell to 4 percent."
    assert [a.source for a in _atts(finding)] == ["Figures released by the ministry on Monday"]
