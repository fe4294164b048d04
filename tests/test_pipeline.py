from __future__ import annotations

import asyncio

import pytest
from conftest import EXAMPLE
from drafts import example_draft

from summarizer import LLM, ArticleSummary, RetriesExhausted, Settings, asummarize, load_article, summarize
from summarizer.testing.scripted_server import completion


def _check_spans(s: ArticleSummary) -> None:
    assert s.spans(), "no evidence at all"
    for sp in s.spans():
        assert s.article.text[sp.start:sp.end] == sp.text


def test_example_meets_the_contract(server, settings):
    server.add(completion(example_draft(), prompt_tokens=1000, completion_tokens=200))
    s = summarize(load_article(EXAMPLE), settings=settings)
    _check_spans(s)
    assert s.article.published == "2024-08-31" and s.article.dateline == "Baghdad"
    raid = next(e for e in s.events if e.type_text == "raid")
    assert raid.date
    assert (raid.date.text, raid.date.start, raid.date.precision) == ("last Thursday", "2024-08-29", "day")
    assert (raid.type, raid.category) == ("attack", "violence against civilians")
    assert sum(c.killed or 0 for c in raid.casualties) == 14
    assert sum(c.injured or 0 for c in raid.casualties) == 7
    canon = {c.source.canonical for c in s.claims}
    assert {"US Central Command", "US Department of Defense official", "Joint Operations Command"} <= canon
    assert not any("CENTCOM" == c.source.canonical for c in s.claims), "CENTCOM's two names not folded"
    strike = next(e for e in s.events if e.type_text == "airstrike")
    assert strike.date and strike.date.start == "2024-08-29"
    assert (s.meta.llm_calls, s.meta.prompt_tokens, s.meta.completion_tokens) == (1, 1000, 200)
    assert s.meta.prompt_version == "summarize-v2"


def test_prompt_delimits_and_numbers_the_article(server, settings):
    server.add(completion(example_draft()))
    summarize(load_article(EXAMPLE), settings=settings)
    user = server.chat_requests()[0]["messages"][-1]["content"]
    assert "<article>" in user and "</article>" in user
    assert "S1: The US Central Command (CENTCOM) announced yesterday" in user


def test_ungrounded_figure_is_reasked_with_the_reason_then_accepted(server, settings):
    bad = example_draft()
    bad["events"][1]["injured"] = 40  # no "40" anywhere, no injury in S11
    server.add(completion(bad), completion(example_draft()))
    s = summarize(load_article(EXAMPLE), settings=settings)
    reqs = server.chat_requests()
    assert len(reqs) == 2 and s.meta.llm_calls == 2
    assert "injured=40" in reqs[1]["messages"][-1]["content"]
    assert not s.meta.warnings or all("dropped" not in w for w in s.meta.warnings)


def test_still_ungrounded_after_reask_is_dropped_and_named(server, settings):
    bad = example_draft()
    bad["events"][1]["injured"] = 40
    bad["key_points"].append(99)
    bad["events"].append({**bad["events"][0], "type": "ghost", "s": [0]})
    server.add(completion(bad), completion(bad))
    s = summarize(load_article(EXAMPLE), settings=settings)
    assert [e.type_text for e in s.events] == ["raid", "airstrike"]  # ghost has no evidence: gone
    strike = s.events[1]
    assert all(c.injured is None for c in strike.casualties)  # the figure is removed, the event kept
    assert any("removed an ungrounded value from events[1]" in w and "injured=" in w for w in s.meta.warnings)
    assert not any("40" in w for w in s.meta.warnings)  # named, not repeated: the text has no 40
    assert any("dropped ungrounded events[2] (ghost)" in w for w in s.meta.warnings)
    assert not any("key_points" in w for w in s.meta.warnings)  # the reply's numbers are not used: nothing to drop
    # code chose them
    assert s.key_points and all(sp.text in s.article.text for kp in s.key_points for sp in kp.evidence)
    _check_spans(s)


def test_swapped_casualties_are_corrected_from_the_text(server, settings):
    d = example_draft()
    d["events"][0].update(killed=7, injured=None)
    server.add(completion(d))
    s = summarize(load_article(EXAMPLE), settings=settings)
    raid = s.events[0]
    assert (raid.type, raid.category) == ("attack", "violence against civilians")
    assert sum(c.killed or 0 for c in raid.casualties) == 14
    assert sum(c.injured or 0 for c in raid.casualties) == 7
    assert s.meta.llm_calls == 1


def test_invalid_json_twice_raises_with_counts(server, settings):
    server.add(completion("not json at all"), completion("{\"headline\": 3"))
    with pytest.raises(RetriesExhausted) as e:
        summarize(load_article(EXAMPLE), settings=settings)
    assert "2 attempt" in str(e.value)


def test_async_twin_and_injected_instructor_client(server, settings):
    import instructor
    import openai

    server.add(completion(example_draft()))
    client = instructor.from_openai(openai.AsyncOpenAI(base_url=server.url, api_key="x", max_retries=0),
                                    mode=instructor.Mode.JSON)
    s = asyncio.run(asummarize(EXAMPLE.read_text(), client=client, settings=settings))
    assert s.meta.backend == "custom" and s.events and s.meta.llm_calls == 1
    _check_spans(s)


def test_plain_string_input_parses_the_header(server, settings, example_text):
    server.add(completion(example_draft()))
    s = summarize(example_text, llm=LLM.from_settings(settings))
    assert s.article.published == "2024-08-31" and s.article.byline == "Hoda Jassim"
    assert not s.article.text.startswith("date ")


def test_user_prompt_folder_changes_the_version(server, settings, tmp_path):
    from summarizer.prepare.prompts import default_prompts_dir

    src = (default_prompts_dir() / "summarize.j2").read_text()
    (tmp_path / "summarize.j2").write_text(src.replace("summarize-v2", "my-prompt-v7", 1))
    server.add(completion(example_draft()))
    s = summarize(load_article(EXAMPLE), settings=Settings(**{**settings.__dict__, "prompts_dir": str(tmp_path)}))
    assert s.meta.prompt_version == "my-prompt-v7"


def test_a_prompt_loaded_once_is_used_as_given(tmp_path):
    """A batch loads the template at the start and passes it: an edit mid-run changes nothing."""
    from summarizer.pipeline import prepare
    from summarizer.prepare.prompts import load_prompt

    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "summarize.j2").write_text("{#- version: mine-v1 -#}\nARTICLE {{ article.title }}", encoding="utf-8")
    prompt = load_prompt("summarize", folder)
    (folder / "summarize.j2").write_text("{#- version: mine-v2 -#}\nEDITED", encoding="utf-8")
    p = prepare(load_article(EXAMPLE), Settings(prompts_dir=str(folder)), prompt=prompt)
    assert p.prompt.version == "mine-v1" and "EDITED" not in str(p.parts[0].messages)
    assert prepare(load_article(EXAMPLE), Settings(prompts_dir=str(folder))).prompt.version == "mine-v2"
