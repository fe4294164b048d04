from __future__ import annotations

import pytest

from summarizer.normalize.core import canonical_sources, find_numbers, find_time_expressions, resolve_time, source_kind

PUB = "2024-08-31"  # a Saturday


@pytest.mark.parametrize("phrase,start,end,precision", [
    ("yesterday", "2024-08-30", "2024-08-30", "day"),
    ("the day before yesterday", "2024-08-29", "2024-08-29", "day"),
    ("last Thursday", "2024-08-29", "2024-08-29", "day"),
    ("last Thursday morning", "2024-08-29", "2024-08-29", "day"),
    ("Thursday", "2024-08-29", "2024-08-29", "day"),
    ("last Saturday", "2024-08-24", "2024-08-24", "day"),
    ("today", "2024-08-31", "2024-08-31", "day"),
    ("three days ago", "2024-08-28", "2024-08-28", "day"),
    ("a week ago", "2024-08-24", "2024-08-24", "day"),
    ("this week", "2024-08-26", "2024-09-01", "week"),
    ("last week", "2024-08-19", "2024-08-25", "week"),
    ("last month", "2024-07-01", "2024-07-31", "month"),
    ("last year", "2023-01-01", "2023-12-31", "year"),
    ("in 2014", "2014-01-01", "2014-12-31", "year"),
    ("October", "2023-10-01", "2023-10-31", "month"),
    ("last August", "2023-08-01", "2023-08-31", "month"),
    ("March 22, 2013", "2013-03-22", "2013-03-22", "day"),
    ("4 FEB 90", "1990-02-04", "1990-02-04", "day"),
    ("Aug. 5", "2024-08-05", "2024-08-05", "day"),
    ("2024-08-01", "2024-08-01", "2024-08-01", "day"),
])
def test_relative_and_absolute_dates_resolve_against_publication(phrase, start, end, precision):
    ref = resolve_time(phrase, PUB)
    assert (ref["start"], ref["end"], ref["precision"]) == (start, end, precision)
    assert ref["text"] == phrase


def test_relative_date_without_publication_date_stays_unresolved():
    ref = resolve_time("yesterday", None)
    assert ref == {"text": "yesterday", "start": None, "end": None, "precision": "unknown"}


def test_time_expressions_are_found_with_their_offsets():
    text = "The command announced the day before yesterday that on last Thursday morning, in 2014, troops left."
    found = [(s, e, t) for s, e, t in find_time_expressions(text)]
    assert [t for *_, t in found] == ["the day before yesterday", "last Thursday morning", "2014"]
    assert all(text[s:e] == t for s, e, t in found)


@pytest.mark.parametrize("text,values,qualifiers", [
    ("five of these soldiers", [5], ["exact"]),
    ("about 2,500 troops", [2500], ["about"]),
    ("more than 300 people", [300], ["more than"]),
    ("at least twenty-one dead", [21], ["at least"]),
    ("dozens were hurt", [24], ["dozens"]),
    ("a dozen cars", [12], ["exact"]),
    ("one hundred and five", [105], ["exact"]),
    ("3.5 million dollars", [3_500_000], ["exact"]),
    ("14 terrorists and 7 soldiers", [14, 7], ["exact", "exact"]),
])
def test_numbers_words_and_qualifiers(text, values, qualifiers):
    found = find_numbers(text)
    assert [n.value for n in found] == values
    assert [n.qualifier for n in found] == qualifiers
    assert all(text[n.start:n.end] == n.text for n in found)


def test_one_as_pronoun_is_not_a_number():
    assert find_numbers("one of them said") == ()


def test_acronym_aliases_fold_to_one_canonical_name():
    text = ("The US Central Command (CENTCOM) announced it. Later CENTCOM stressed it. "
            "The Joint Operations Command said.")
    names = ["The US Central Command (CENTCOM)", "CENTCOM", "The Joint Operations Command", "The command"]
    canon = canonical_sources(names, text)
    assert canon["The US Central Command (CENTCOM)"] == canon["CENTCOM"] == "US Central Command"
    assert canon["The command"] == "Joint Operations Command"  # the latest full name with that head noun


@pytest.mark.parametrize("name,kind", [
    ("US Department of Defense official", "official"), ("Joint Operations Command", "organization"),
    ("The New York Post", "media"), ("Neal Horsley", "person"), ("she", "unknown"),
])
def test_source_kind(name, kind):
    assert source_kind(name) == kind


def test_acronyms_defined_in_the_text_fold_in_mixed_and_all_caps_wire_text():
    text = ("The Farabundo Marti National Liberation Front (FMLN) and the Armed Forces (FA) clashed. "
            "THE NATIONAL CIVILIAN POLICE (PNC) SAID THE FMLN ATTACKED.")
    got = canonical_sources(["FMLN", "the FA", "PNC", "the Armed Forces (FA)"], text)
    assert got == {"FMLN": "Farabundo Marti National Liberation Front", "the FA": "Armed Forces",
                   "PNC": "NATIONAL CIVILIAN POLICE", "the Armed Forces (FA)": "Armed Forces"}


@pytest.mark.parametrize("phrase,start,end,precision", [
    ("the last 24 hours", "2024-08-30", "2024-08-31", "day"),
    ("THE PAST 48 HOURS", "2024-08-29", "2024-08-31", "day"),
    ("the previous forty-eight hours", "2024-08-29", "2024-08-31", "day"),
    ("the past 10 days", "2024-08-21", "2024-08-31", "day"),
    ("the last two weeks", "2024-08-17", "2024-08-31", "week"),
    ("the past three months", "2024-05-31", "2024-08-31", "month"),
    ("the past 2 years", "2022-08-31", "2024-08-31", "year"),
])
def test_a_recent_span_ends_at_publication(phrase, start, end, precision):
    ref = resolve_time(phrase, PUB)
    assert (ref["start"], ref["end"], ref["precision"]) == (start, end, precision)


def test_a_recent_span_is_found_in_running_text_but_not_a_span_of_something_else():
    text = ("IN THE LAST 24 HOURS REBELS BURNED TWO BUSES. Over the past two weeks, prices rose. "
            "During the last five days of the campaign the candidates will travel. Last week was calm.")
    assert [t for *_, t in find_time_expressions(text)] == ["THE LAST 24 HOURS", "the past two weeks", "Last week"]
    assert resolve_time("last week", PUB)["start"] == "2024-08-19"  # a calendar week, as before


@pytest.mark.parametrize("text,surface,day", [
    ("WAS KILLED ON MONDAY, 4 AUGUST.", "MONDAY, 4 AUGUST", "2024-08-04"),  # the calendar date wins the weekday
    ("shot dead on Tuesday 5 August 2023 in the city", "Tuesday 5 August 2023", "2023-08-05"),
    ("on Monday, August 4, troops left", "Monday, August 4", "2024-08-04"),
])
def test_a_weekday_with_its_date_is_one_expression(text, surface, day):
    assert [t for *_, t in find_time_expressions(text)] == [surface]
    assert resolve_time(surface, PUB)["start"] == day


def test_a_weekday_before_a_count_stays_a_weekday():
    assert [t for *_, t in find_time_expressions("On Monday, 12 soldiers died.")] == ["Monday"]


def test_this_afternoon_is_the_day_of_publication():
    text = "THIS AFTERNOON, ON THE RIVER, A BOAT WAS ATTACKED."
    assert [t for *_, t in find_time_expressions(text)] == ["THIS AFTERNOON"]
    assert resolve_time("this afternoon", PUB)["start"] == PUB


@pytest.mark.parametrize("phrase,future,start", [
    ("Wednesday", True, "2025-09-10"),  # published Monday 2025-09-08: "will resume on Wednesday" is the coming one
    ("Wednesday", False, "2025-09-03"),  # "happened on Wednesday": the previous one
    ("this Wednesday", True, "2025-09-10"),
    ("next Wednesday", True, "2025-09-10"),
    ("last Wednesday", True, "2025-09-03"),
    ("Monday", True, "2025-09-08"),  # the publication day itself: on or after it
    ("Sunday", True, "2025-09-14"),
    ("Wednesday, September 10", True, "2025-09-10"),
    ("September 8", True, "2025-09-08"),  # not next year's
    ("September 5", True, "2026-09-05"),  # a planned day without a year: the next one
    ("September 5", False, "2025-09-05"),
])
def test_a_weekday_or_day_in_a_planned_sentence_is_the_next_one_on_or_after_publication(phrase, future, start):
    ref = resolve_time(phrase, "2025-09-08", prefer_future=future)
    assert (ref["start"], ref["end"], ref["precision"]) == (start, start, "day")


def test_a_month_in_a_planned_sentence_is_the_next_one():
    assert resolve_time("early March", "2025-11-20", prefer_future=True)["start"] == "2026-03-01"
    assert resolve_time("early March", "2025-11-20")["start"] == "2025-03-01"
    assert resolve_time("late November", "2025-11-20", prefer_future=True)["start"] == "2025-11-01"
