"""The structured client sends what instructor's own ``create`` sends, and parses like it."""

from __future__ import annotations

import json

import instructor
import pytest
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from instructor.processing.response import handle_response_model
from openai.types.chat import ChatCompletion

from summarizer.extract.draft import Draft
from summarizer.llm.structured import StructuredClient, parse_reply, prepared, request_kwargs
from summarizer.reconcile.judge import PairJudgment

MESSAGES = [{"role": "system", "content": "Summarize."}, {"role": "user", "content": "S1: The council met."}]
MODES = [instructor.Mode.JSON, instructor.Mode.JSON_SCHEMA, instructor.Mode.TOOLS, instructor.Mode.MD_JSON]


FEW_SHOT = [MESSAGES[1], {"role": "assistant", "content": "{}"}, {"role": "user", "content": "S1: A \x00 text."}]


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
@pytest.mark.parametrize("model", [Draft, PairJudgment], ids=lambda m: m.__name__)
@pytest.mark.parametrize("messages", [MESSAGES, MESSAGES[1:], MESSAGES + FEW_SHOT], ids=["sys-user", "user", "turns"])
def test_the_request_is_instructors(mode, model, messages):
    for _ in range(2):  # built, then from the cached shape
        _, theirs = handle_response_model(model, mode=mode, messages=[dict(m) for m in messages], model="m",
                                          temperature=0.0)
        ours = request_kwargs(model, mode, messages=[dict(m) for m in messages], model="m", temperature=0.0)
        assert ours == theirs
    assert MESSAGES[0]["content"] == "Summarize."  # the caller's messages are not edited


def test_the_wrapper_class_and_schema_are_made_once_and_cannot_be_corrupted():
    assert prepared(Draft) is prepared(Draft)
    schema = prepared(Draft).model_json_schema()
    schema["properties"].clear()
    assert prepared(Draft).model_json_schema() == Draft.model_json_schema()
    assert prepared(Draft).__name__ == "Draft"


def _reply(content: str, finish: str = "stop") -> ChatCompletion:
    return ChatCompletion.model_validate({
        "id": "c1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "finish_reason": finish, "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}})


def test_a_bad_reply_is_reasked_with_the_reason_then_gives_up_with_instructors_exception():
    sent: list[dict] = []
    replies = iter([_reply("not json"), _reply(json.dumps({"verdict": "maybe"}))])

    def create(**kwargs):
        sent.append(kwargs)
        return next(replies)

    client = StructuredClient(create, instructor.Mode.JSON)
    events: list[str] = []
    for name in ("completion:kwargs", "completion:response", "parse:error"):
        client.on(name, lambda *a, _n=name, **k: events.append(_n))
    with pytest.raises(InstructorRetryException) as e:
        client.create(response_model=PairJudgment, messages=MESSAGES, max_retries=1)
    assert e.value.n_attempts == 2 and len(e.value.failed_attempts) == 2
    assert len(sent) == 2 and sent[1]["messages"][:len(sent[0]["messages"])] == sent[0]["messages"]
    assert sent[1]["messages"][-1]["role"] == "user" and len(sent[1]["messages"]) == len(sent[0]["messages"]) + 2
    assert events == ["completion:kwargs", "completion:response", "parse:error"] * 2


def test_a_reply_cut_off_at_max_tokens_is_not_reasked():
    with pytest.raises(IncompleteOutputException):
        parse_reply(_reply('{"verdict": "con', finish="length"), PairJudgment, instructor.Mode.JSON)
