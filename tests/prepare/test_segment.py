from summarizer.prepare.sentences import split_sentences


def test_sentences_index_the_text_and_respect_abbreviations():
    text = 'Dr. Smith met U.S. officials on Jan. 5.  "We agree," he said! Was it J. Doe? Yes.\n\nNew paragraph'
    sents = split_sentences(text)
    assert [s.text for s in sents] == ['Dr. Smith met U.S. officials on Jan. 5.', '"We agree," he said!',
                                       "Was it J. Doe?", "Yes.", "New paragraph"]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.idx for s in sents] == [1, 2, 3, 4, 5]


def test_hard_wrapped_lines_stay_in_one_sentence():
    text = "THE GUATEMALA ARMY\nDENIED TODAY THAT GUERRILLAS ATTACKED THE FARM.\n\n   A REPORT SAYS SO."
    assert [s.text for s in split_sentences(text)] == [
        "THE GUATEMALA ARMY\nDENIED TODAY THAT GUERRILLAS ATTACKED THE FARM.", "A REPORT SAYS SO."]


def test_empty_text_has_no_sentences():
    assert split_sentences("   \n ") == []
