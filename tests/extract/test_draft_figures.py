"""How a model's casualty figure is settled against the cited sentences (invented articles)."""

from __future__ import annotations

from summarizer.extract.draft import ArticleContext, Draft
from summarizer.prepare.casualties import casualty_figures
from summarizer.prepare.sentences import split_sentences

TEXT = ("Militants bombed the bus depot in Korval on 3 May. "
        "The authorities said the number of victims is 31. "
        "On 20 April a mine in Dresk had killed 48 miners.")


def _settle(**event):
    sentences = split_sentences(TEXT)
    ctx = ArticleContext(TEXT, sentences, casualty_figures(sentences), "2031-05-05", max_attempts=1)
    ev = {"type": "bombing", "what": "Militants bombed the bus depot", "when": None, "where": "Korval",
          "country": None, "who": ["militants"], "killed": None, "injured": None, "s": [1, 2]} | event
    draft = Draft.model_validate({"headline": "", "key_points": [], "events": [ev], "claims": []},
                                 context={"article": ctx})
    return draft.events[0]


def test_an_injured_figure_the_text_gives_only_as_a_death_toll_is_swapped_and_recorded():
    ev = _settle(injured=31)
    assert (ev.killed, ev.injured) == (31, None)
    assert any(r.field == "killed/injured" and "31 as killed" in r.why for r in ev._repairs)


def test_a_figure_of_a_sentence_dated_another_day_is_not_the_events():
    ev = _settle(when="3 May", s=[1, 2, 3])  # S3 is another incident (20 April), with the larger figure
    assert ev.killed == 31
    assert any(r.field == "killed" and "not a sentence dated another day" in r.why for r in ev._repairs)


def test_without_the_events_date_the_largest_cited_figure_is_the_total():
    assert _settle(s=[1, 2, 3]).killed == 48
