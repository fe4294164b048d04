from summarizer.prepare.quotes import double_quoted


def test_single_quote_quotations_become_double_and_keep_length():
    text = "'We will rebuild the city's port,' said the mayor. He called it 'a turning point'."
    got = double_quoted(text)
    assert len(got) == len(text)
    assert got == "“We will rebuild the city's port,” said the mayor. He called it “a turning point”."


def test_apostrophes_and_plural_possessives_stay():
    text = "The workers' union said it didn't agree. Rock 'n' roll."
    assert double_quoted(text).count("'") >= 2
    assert "workers'" in double_quoted(text) and "didn't" in double_quoted(text)


def test_an_open_mark_without_a_close_in_the_paragraph_is_left():
    text = "He said 'maybe\n\nlater, they said,' no."
    assert double_quoted(text).startswith("He said 'maybe")


def test_curly_single_quotes():
    assert double_quoted("‘We are ready,’ the minister said.") == "“We are ready,” the minister said."
