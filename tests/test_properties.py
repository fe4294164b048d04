"""Property tests: alignment, segmentation and chunking keep offsets exact on any text;
normalization never raises on arbitrary text."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from summarizer.ground.align import align, fold
from summarizer.normalize.core import canonical_sources, find_numbers, find_time_expressions, resolve_time, source_kind
from summarizer.prepare.parts import approx_tokens, fit_sentences, plan_parts
from summarizer.prepare.sentences import split_sentences

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# letters that stress folding: CJK, Arabic with harakat and tatweel, accents precomposed and apart,
# Turkish İ (lowercases to two characters), curly quotes, dashes, odd spaces, sentence ends
HARD = list("abcXYZ019 .!?,;:\"'“”‘’«»–—\u00a0\u3000\n\t中文新闻。！？，「」قالتالمتحدثَُِّْٰـ؟éèe\u0301İıßΣσ")
TEXT = st.one_of(st.text(max_size=200), st.text(alphabet=st.sampled_from(HARD), max_size=200))
_QUOTES = '"\'“”‘’'


def _core(q: str) -> str:
    return q.strip().strip(_QUOTES).strip()


@FAST
@given(TEXT, st.data())
def test_a_quoted_substring_aligns_back_to_itself(text: str, data: st.DataObject):
    assume(len(text) >= 2)
    i = data.draw(st.integers(0, len(text) - 2))
    j = data.draw(st.integers(i + 1, len(text)))
    lo = data.draw(st.integers(0, i))
    hi = data.draw(st.integers(j, len(text)))
    quote = text[i:j]
    assume(len(_core(quote)) >= 2)
    sp = align(quote, text, lo, hi)
    assert sp is not None and sp.text == _core(quote) and text[sp.start:sp.end] == sp.text
    assert lo <= sp.start < sp.end <= hi


def _restyle(q: str, how: int) -> str:
    """What a model does to a quote: collapse spaces, straighten quotes, change case, drop harakat."""
    if how == 0:
        return " ".join(q.split())
    if how == 1:
        return q.translate(str.maketrans("“”‘’", "\"\"''"))
    if how == 2:
        return "".join(c.swapcase() if c.isascii() else c for c in q)
    return "".join(c for c in unicodedata.normalize("NFKD", q) if unicodedata.category(c) != "Mn")


@FAST
@given(st.text(alphabet=st.sampled_from(HARD), min_size=2, max_size=200), st.data())
def test_a_restyled_quote_aligns_to_the_articles_own_characters(text: str, data: st.DataObject):
    i = data.draw(st.integers(0, len(text) - 2))
    j = data.draw(st.integers(i + 2, len(text)))
    quote = _restyle(text[i:j], data.draw(st.integers(0, 3)))
    assume(len(_core(quote)) >= 2 and fold(_core(quote)))
    sp = align(quote, text)
    assert sp is not None and text[sp.start:sp.end] == sp.text
    assert fold(sp.text) == fold(_core(quote))


@FAST
@given(TEXT, TEXT, st.data())
def test_any_alignment_indexes_the_text_within_its_window(text: str, quote: str, data: st.DataObject):
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    sp = align(quote, text, lo, hi)
    if sp is not None:
        assert text[sp.start:sp.end] == sp.text and sp.text.strip() and lo <= sp.start < sp.end <= hi


@FAST
@given(TEXT)
def test_sentences_index_the_text_and_cover_every_visible_character(text: str):
    sents = split_sentences(text)
    assert [s.idx for s in sents] == list(range(1, len(sents) + 1))
    covered = set()
    for a, b in zip(sents, sents[1:], strict=False):
        assert a.end <= b.start
    for s in sents:
        assert text[s.start:s.end] == s.text and s.text == s.text.strip() and s.text
        covered.update(range(s.start, s.end))
    assert all(k in covered for k, c in enumerate(text) if not c.isspace())


@FAST
@given(TEXT.map(lambda t: t * 20), st.integers(5, 200), st.integers(0, 3))
def test_parts_keep_offsets_stay_in_budget_and_overlap(text: str, budget: int, overlap: int):
    sents = fit_sentences(split_sentences(text), budget)
    assert all(text[s.start:s.end] == s.text and approx_tokens(s.text) <= budget for s in sents)
    assert re.sub(r"\s", "", "".join(s.text for s in sents)) == re.sub(r"\s", "", text)
    parts = plan_parts(sents, budget, overlap)
    assert parts[0][:1] == sents[:1] and parts[-1][-1:] == sents[-1:]
    assert sorted({s.idx for p in parts for s in p}) == [s.idx for s in sents]
    for a, b in zip(parts, parts[1:], strict=False):
        assert b[0].idx > a[0].idx and b[0].idx <= a[-1].idx + 1
        assert b[0].idx >= a[-1].idx + 1 - overlap


WORDS = st.sampled_from(["3000", "99999999999", "12", "1,500", "a", "dozen", "hundred", "million", "days", "weeks",
                         "months", "years", "ago", "earlier", "last", "next", "this", "Monday", "week", "year",
                         "month", "December", "Feb", "31", "29", "2024", "early", "mid", "-", "(", ")", "CENTCOM",
                         "the", "said", "US Central Command", "of", "in", "since", "about", "at least"])
PROSE = st.one_of(st.text(max_size=120), st.lists(WORDS, max_size=10).map(" ".join))
PUBLISHED = st.one_of(st.none(), st.dates().map(str), st.text(max_size=12))


@FAST
@given(PROSE, st.lists(PROSE, max_size=4))
def test_normalization_never_raises_on_arbitrary_text(text: str, names: list[str]):
    find_numbers(text)
    for _, _, surface in find_time_expressions(text):
        resolve_time(surface, None)
    canonical_sources([*names, text], text)
    for n in (*names, text):
        source_kind(n)


@FAST
@example("The city was founded 3000 years ago.", "2024-08-31")
@example("99999999999 days ago", "2024-08-31")
@example("next year", "9999-06-01")
@given(PROSE, PUBLISHED)
def test_resolving_any_date_phrase_never_raises(text: str, published: str | None):
    for _, _, surface in find_time_expressions(text):
        resolve_time(surface, published)
    resolve_time(text, published)
