"""The LLM judge on text figures the rules cannot settle, through the scripted server: one cached call per pair."""

from __future__ import annotations

from summarizer import ArticleSummary, reconcile
from summarizer.llm.client import LLM
from summarizer.schema import Article
from summarizer.testing.scripted_server import completion


def bare(text: str, aid: str, source: str) -> ArticleSummary:
    return ArticleSummary(article=Article(id=aid, text=text, published="2025-03-15", source=source))


def undecided() -> list[ArticleSummary]:
    # "operatives" is outside the lexicon and the markers differ ({isis} vs none): the rules cannot settle it
    return [bare("Officials said 14 militants were killed in the raid on the village of Tel Kaif on Friday.", "a",
                 "Wire One"),
            bare("A statement said 15 ISIS operatives were killed in Friday's raid on the village of Tel Kaif.", "b",
                 "Wire Two")]


def test_no_llm_keeps_an_undecided_pair_quiet():
    assert [c for c in reconcile(undecided()).conflicts if c.scope == "story"] == []


def test_the_judge_decides_once_per_pair_cites_both_spans_and_is_cached(server, settings, tmp_path):
    server.add(completion({"verdict": "conflict", "summary": "Wire One says 14 militants, Wire Two 15 operatives."}))
    cache = tmp_path / "verdicts.json"
    r = reconcile(undecided(), llm=LLM.from_settings(settings), cache_path=cache)
    [c] = [c for c in r.conflicts if c.scope == "story"]
    assert c.kind == "numeric" and c.summary == "Wire One says 14 militants, Wire Two 15 operatives."
    assert sorted(sd.evidence[0].text for sd in c.sides) == sorted(s.article.text for s in undecided())
    assert r.llm_calls == 1
    prompt = server.chat_requests()[0]["messages"][-1]["content"]
    assert "14 militants were killed" in prompt and "15 ISIS operatives" in prompt
    again = reconcile(list(reversed(undecided())), llm=LLM.from_settings(settings), cache_path=cache)
    assert again.llm_calls == 0 and len(server.chat_requests()) == 1


def test_a_consistent_verdict_keeps_it_quiet(server, settings):
    server.add(completion({"verdict": "unrelated", "summary": ""}))
    r = reconcile(undecided(), llm=LLM.from_settings(settings))
    assert [c for c in r.conflicts if c.scope == "story"] == [] and r.llm_calls == 1
