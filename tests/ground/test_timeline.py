"""The timeline: every date expression of the article, resolved by code, with its span and what it dates;
the new date expressions (bare and spelled years, quarters, month and year); the eval counting it."""

from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE
from drafts import example_draft

from summarizer import load_article, summarize
from summarizer.evaluate import evaluate
from summarizer.ground.timeline import build_timeline
from summarizer.normalize.core import find_time_expressions, resolve_time
from summarizer.prepare.sentences import split_sentences
from summarizer.testing.scripted_server import completion


def _surfaces(text: str) -> list[str]:
    return [t for _, _, t in find_time_expressions(text)]


@pytest.mark.parametrize("text, found", [
    ("the 1998 abortion clinic bombing", ["1998"]),
    ("That 1978 resolution calls for a withdrawal", ["1978"]),
    ("Atlanta nineteen ninety-six. A bomb blast", ["nineteen ninety-six"]),
    ("January nineteen ninety-seven. Atlanta again.", ["January nineteen ninety-seven"]),
    ("a two thousand and one attack", ["two thousand and one"]),
    ("its fourth-quarter slump", ["fourth-quarter"]),
    ("in the third quarter of 1989 sales fell", ["third quarter of 1989"]),
    ("the MARCH 1980 ASSASSINATION", ["MARCH 1980"]),
    ("donations since Jan. 1, 2015, show", ["Jan. 1, 2015"]),
])
def test_new_date_expressions_are_found(text, found):
    assert _surfaces(text) == found


@pytest.mark.parametrize("text", [
    "2000 people marched", "a $1998 fee", "1,998 votes", "at 1900 GMT", "1998% growth", "two thousand soldiers",
    "twenty-five men", "2,000 troops",
])
def test_amounts_and_clock_times_are_not_dates(text):
    assert _surfaces(text) == []


@pytest.mark.parametrize("phrase, published, want", [
    ("fourth-quarter", "1989-11-02", ("1989-10-01", "1989-12-31", "quarter")),
    ("third-quarter", "1989-10-26", ("1989-07-01", "1989-09-30", "quarter")),
    ("fourth quarter", "1990-02-01", ("1989-10-01", "1989-12-31", "quarter")),  # not begun yet: last year's
    ("third quarter of 1987", "1989-10-26", ("1987-07-01", "1987-09-30", "quarter")),
    ("nineteen ninety-six", "1998-02-27", ("1996-01-01", "1996-12-31", "year")),
    ("January nineteen ninety-seven", "1998-02-27", ("1997-01-01", "1997-01-31", "month")),
    ("1978", "1998-03-01", ("1978-01-01", "1978-12-31", "year")),
    # no year written: a date within 60 days after publication is the coming one, else the past one
    ("Jan. 14", "2000-01-06", ("2000-01-14", "2000-01-14", "day")),
    ("Jan. 3", "1999-12-20", ("2000-01-03", "2000-01-03", "day")),
    ("Dec. 28", "2000-01-05", ("1999-12-28", "1999-12-28", "day")),
    ("May 6", "1999-10-24", ("1999-05-06", "1999-05-06", "day")),
    ("Jan. 14, 1999", "2000-01-06", ("1999-01-14", "1999-01-14", "day")),
])
def test_new_expressions_resolve(phrase, published, want):
    ref = resolve_time(phrase, published)
    assert (ref["start"], ref["end"], ref["precision"]) == want


def test_the_example_timeline_holds_every_date_expression_grounded_and_resolved(server, settings):
    server.add(completion(example_draft()))
    s = summarize(load_article(EXAMPLE), settings=settings)
    text = s.article.text
    assert [e.text for e in s.timeline] == ["yesterday", "last Thursday", "the day before yesterday",
                                            "last Thursday morning", "the day before yesterday", "2014"]
    for entry in s.timeline:
        assert text[entry.span.start:entry.span.end] == entry.span.text
        assert " ".join(entry.span.text.split()) == entry.text
    starts = [e.span.start for e in s.timeline]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    raid = next(e for e in s.events if e.type_text == "raid")
    thursday = next(e for e in s.timeline if e.text == "last Thursday")
    assert (thursday.start, thursday.end, thursday.precision) == ("2024-08-29", "2024-08-29", "day")
    assert thursday.item == raid.id and thursday.about == raid.description
    announced = s.timeline[0]  # "CENTCOM announced yesterday that ...": the statement's date, not the raid's
    assert (announced.start, announced.item) == ("2024-08-30", s.claims[0].id)
    assert announced.about == "The US Central Command (CENTCOM) announced"
    assert all(e.start for e in s.timeline), [e.text for e in s.timeline if not e.start]
    out = json.loads(s.model_dump_json())
    assert out["timeline"][0].keys() >= {"text", "start", "end", "precision", "span", "item", "about"}


def test_an_entry_no_item_covers_names_its_clause(server, settings):
    text = ("date 2024-05-10 Staff (Town)\n\nThe council met on Friday. Its budget, approved in March 2023, "
            "ran out.")
    server.add(completion({"headline": "Council", "key_points": [], "events": [], "claims": []}))
    s = summarize(text, settings=settings)
    march = next(e for e in s.timeline if e.text == "March 2023")
    assert (march.start, march.end, march.precision, march.item) == ("2023-03-01", "2023-03-31", "month", None)
    assert march.about == "approved in"
    friday = next(e for e in s.timeline if e.text == "Friday")
    assert friday.start == "2024-05-10" and friday.about == "The council met on"


def test_a_sentence_about_the_future_takes_the_coming_month_and_day(server, settings):
    text = ("date 1998-02-13 Staff (Canberra)\n\nQantas will double its flights by August, the airline announced "
            "Friday. New flights would leave from August 6. Sales fell in December.")
    server.add(completion({"headline": "Qantas", "key_points": [], "events": [], "claims": []}))
    s = summarize(text, settings=settings)
    got = {e.text: e.start for e in s.timeline}
    assert got == {"August": "1998-08-01", "Friday": "1998-02-13", "August 6": "1998-08-06", "December": "1997-12-01"}
    assert resolve_time("August", "1998-02-13", prefer_future=True)["start"] == "1998-08-01"
    assert resolve_time("February", "1998-02-13", prefer_future=True)["start"] == "1998-02-01"
    assert resolve_time("August", "1998-02-13")["start"] == "1997-08-01"



@pytest.mark.parametrize("text, want", [
    ("The talks will resume on Wednesday, the mediator said on Monday.",
     {"Wednesday": "2025-09-10", "Monday": "2025-09-08"}),
    ("The minister is due to visit on Wednesday.", {"Wednesday": "2025-09-10"}),
    ("Voting is scheduled for Wednesday.", {"Wednesday": "2025-09-10"}),
    ("The attack happened on Wednesday.", {"Wednesday": "2025-09-03"}),
    ("Flights will resume, the airline announced on Friday.", {"Friday": "2025-09-05"}),  # the report: past
    ("Exiles will ``impede or delay'' the ruling, Cuba predicted Wednesday.", {"Wednesday": "2025-09-03"}),
    ("They said they would look for ways to get around Wednesday's ruling.", {"Wednesday": "2025-09-03"}),
    ("The agency plans to reopen the road on September 5.", {"September 5": "2026-09-05"}),
])
def test_a_planned_weekday_is_the_coming_one_a_reported_or_past_one_the_previous(text, want):
    got = {e.text: e.start for e in build_timeline(text, split_sentences(text), "2025-09-08", [], [])}
    assert got == want  # published Monday 2025-09-08


def _gold(tmp_path, text, timexes, published="2013-03-25"):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "t-1.json").write_text(json.dumps({
        "id": "t-1", "tasks": ["timexes"], "article": {"text": text, "published": published},
        "gold": {"events": [], "claims": [], "timexes": timexes}}), encoding="utf-8")
    return gold


def test_eval_counts_timeline_entries_and_reports_the_items_alone(tmp_path):
    text = "He left on Friday. She came back in 2012. They met on Friday again."
    spans = [(text.index("Friday"), text.index("Friday") + 6), (text.index("2012"), text.index("2012") + 4),
             (text.rindex("Friday"), text.rindex("Friday") + 6)]
    gold = _gold(tmp_path, text, [
        {"id": "t1", "text": "Friday", "span": list(spans[0]), "type": "DATE", "value": "2013-03-22"},
        {"id": "t2", "text": "2012", "span": list(spans[1]), "type": "DATE", "value": "2012"},
        {"id": "t3", "text": "Friday", "span": list(spans[2]), "type": "DATE", "value": "2013-03-15"}])
    def entry(s: int, e: int, start: str, end: str) -> dict:
        return {"text": text[s:e], "start": start, "end": end, "precision": "day",
                "span": {"start": s, "end": e, "text": text[s:e]}}
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "t-1.json").write_text(json.dumps({
        "article": {"text": text}, "events": [
            {"id": "e1", "type": "other", "date": {"text": "Friday", "start": "2013-03-22", "end": "2013-03-22"},
             "evidence": [{"start": 0, "end": 18, "text": text[:18]}]}],
        "timeline": [entry(*spans[0], "2013-03-22", "2013-03-22"), entry(*spans[1], "2012-01-01", "2012-12-31"),
                     entry(*spans[2], "2013-03-22", "2013-03-22")]}), encoding="utf-8")
    t = evaluate(gold, pred_dir=pred)["timexes"]
    # the second "Friday" entry maps to the second gold Friday by its span, and is wrong there
    assert (t["coverage"], t["matched"], t["stages"]["normalization"]["wrong_value"]) == (1.0, 4, 1)
    assert t["accuracy"] == 0.75
    items = t["items_only"]
    assert (items["coverage"], items["matched"], items["accuracy"]) == (1 / 3, 1, 1.0)
