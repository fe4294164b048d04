"""Long articles: split on sentence boundaries with overlap, merged without duplicates,
every Span indexing the original text, cost linear in length."""

from __future__ import annotations

import re

import pytest
from hostile import part_responder, shown_sentences

from summarizer import InputError, RetriesExhausted, Usage, summarize
from summarizer.pipeline import MAX_ARTICLE_CHARS
from summarizer.prepare.parts import CHUNK_TOKENS, approx_tokens, fit_sentences, plan_parts
from summarizer.prepare.sentences import split_sentences
from summarizer.testing.scripted_server import completion, error


def article(n: int) -> str:
    """``n`` paragraphs; each has one "incident" sentence (an event) and one attributed statement."""
    paras = [f"In incident {i}, gunmen attacked a checkpoint in the town of Town{i} on Monday. "
             f"Residents described hearing gunfire for about {i % 50 + 2} minutes. "
             f"Police spokesman Ali Hassan said the attackers in case {i} fled toward the hills."
             for i in range(1, n + 1)]
    return "date 2024-08-31\n" + "\n\n".join(paras)


def _spans_exact(s) -> None:
    assert s.spans()
    for sp in s.spans():
        assert s.article.text[sp.start:sp.end] == sp.text


def test_parts_cover_every_sentence_in_order_with_overlap_and_within_budget():
    text = article(40)
    sents = split_sentences(text)
    parts = plan_parts(sents, 300, overlap=2)
    assert len(parts) > 3
    assert parts[0][0] == sents[0] and parts[-1][-1] == sents[-1]
    for a, b in zip(parts, parts[1:], strict=False):
        assert a[-2:] == b[:2]  # two sentences of overlap
    seen = [s.idx for p in parts for s in p]
    assert sorted(set(seen)) == [s.idx for s in sents]
    assert all(sum(approx_tokens(s.text) + 3 for s in p) <= 300 for p in parts)


def test_a_sentence_over_the_budget_is_cut_into_pieces_that_keep_their_offsets():
    text = "短" * 5000 + "。然后结束。" + " ".join(["word"] * 3000)
    sents = fit_sentences(split_sentences(text), 500)
    assert len(sents) > 10
    assert all(text[s.start:s.end] == s.text and approx_tokens(s.text) <= 500 for s in sents)
    assert [s.idx for s in sents] == list(range(1, len(sents) + 1))
    assert "".join(s.text for s in sents).replace(" ", "") == text.replace(" ", "")
    word_pieces = [s for s in sents if s.text.startswith("word")]
    assert all(s.text.endswith("word") for s in word_pieces)  # cut at spaces, never inside a word


def test_a_normal_article_is_one_part(server, settings, example_text):
    from drafts import example_draft

    server.add(completion(example_draft()))
    s = summarize(example_text, settings=settings)
    assert len(server.chat_requests()) == 1
    assert not any("long article" in w for w in s.meta.warnings)


def test_long_article_is_read_in_parts_and_merged_without_duplicates(server, settings):
    server.responder = part_responder("incident")
    n = 40
    text = article(n)
    s = summarize(text, settings=settings, chunk_tokens=300)
    reqs = server.chat_requests()
    assert len(reqs) > 3 and s.meta.llm_calls == len(reqs)
    assert s.meta.warnings[0] == f"long article: read in {len(reqs)} overlapping parts"
    # each part is numbered from S1 and repeats the previous part's last two sentences
    shown = [shown_sentences(q) for q in reqs]
    assert all(min(p) == 1 for p in shown)
    for a, b in zip(shown, shown[1:], strict=False):
        assert [a[k] for k in sorted(a)][-2:] == [b[1], b[2]]
    _spans_exact(s)
    incidents = [m.start() for m in re.finditer(r"In incident \d+,", s.article.text)]
    assert len(incidents) == n
    # every incident once, in order, evidenced by exactly its own sentence (overlap duplicates merged)
    assert [e.evidence[0].start for e in s.events] == incidents
    assert all(len(e.evidence) == 1 and e.evidence[0].text == e.description for e in s.events)
    assert len(s.key_points) == 3 and {kp.evidence[0].start for kp in s.key_points} <= set(incidents)  # code's
    assert [e.id for e in s.events] == [f"e{k}" for k in range(1, n + 1)]
    # claims come from code-found attributions over the whole article: one per paragraph, none twice
    assert len(s.claims) == n and len({c.evidence[0].start for c in s.claims}) == n
    assert all(c.source.canonical == "Police spokesman Ali Hassan" for c in s.claims)


def test_an_event_cited_differently_by_two_parts_is_merged_with_both_citations(server, settings):
    server.responder = part_responder("incident", cite_next=True)
    s = summarize(article(40), settings=settings, chunk_tokens=200)
    assert len(server.chat_requests()) > 5
    sents = split_sentences(s.article.text)
    incidents = [k for k, x in enumerate(sents) if x.text.startswith("In incident")]
    assert len(s.events) == len(incidents) == 40
    # a part that ends on the incident cites it alone; the next adds one more
    for ev, k in zip(s.events, incidents, strict=True):
        assert [sp.text for sp in ev.evidence] == [sents[k].text, sents[k + 1].text]


def test_default_budget_splits_an_article_beyond_the_context(server, settings):
    server.responder = part_responder("incident")
    text = article(120)
    assert approx_tokens(text) > 2 * CHUNK_TOKENS
    s = summarize(text, settings=settings)
    calls = len(server.chat_requests())
    assert calls == len(plan_parts(split_sentences(s.article.text))) and calls >= 3
    assert len(s.events) == 120
    _spans_exact(s)


def test_cost_grows_linearly_with_length(server, settings):
    server.responder = part_responder("incident")
    per_paragraph = []
    for n in (30, 60, 120):
        usage = Usage()
        summarize(article(n), settings=settings, chunk_tokens=600, usage=usage)
        per_paragraph.append((usage.calls / n, usage.prompt_tokens / n))
    calls, tokens = zip(*per_paragraph, strict=True)
    assert max(calls) <= 1.25 * min(calls) and max(tokens) <= 1.25 * min(tokens), per_paragraph


def test_a_failing_part_names_itself_and_earlier_parts_stay_counted(server, settings):
    good = part_responder("incident")
    calls = {"n": 0}

    def responder(req):
        calls["n"] += 1
        return good(req) if calls["n"] == 1 else error(503, "overloaded")

    server.responder = responder
    usage = Usage()
    with pytest.raises(RetriesExhausted) as info:
        summarize(article(40), settings=settings, chunk_tokens=300, usage=usage)
    assert re.match(r"^part 2 of \d+: .* answered HTTP 503 after 3 attempts: overloaded$", str(info.value))
    assert usage.calls == 1 and usage.prompt_tokens > 0 and usage.failed_attempts == 3


def test_an_article_beyond_the_limit_is_refused_before_any_call(server, settings):
    with pytest.raises(InputError, match=r"more than the 400,000 one article may have"):
        summarize("word " * (MAX_ARTICLE_CHARS // 5 + 1), settings=settings)
    assert server.chat_requests() == []
