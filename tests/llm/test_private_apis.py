"""Pins for the private library APIs that stay (no public equivalent): an upgrade of instructor
or openai that changes what we rely on fails here, by name, instead of somewhere downstream.

- ``instructor.v2.core.response_model.prepare_response_model`` (structured.py makes the
  wrapper class once with it);
- ``instructor.v2.mode_registry`` handlers' keyword signatures (request, parse, re-ask);
- ``openai.AsyncOpenAI._make_status_error_from_response`` (transport.py raises the SDK's
  own exception for an HTTP status, so retries and messages work as with the SDK).
"""

from __future__ import annotations

import inspect
import json

import httpx2
import instructor
import instructor.core
import openai
import pytest
from instructor.v2 import Provider, mode_registry
from instructor.v2.core.response_model import prepare_response_model
from pydantic import BaseModel

from summarizer.extract.draft import Draft
from summarizer.llm.failures import server_message, transport_cause
from summarizer.llm.retry import retry_after, retryable
from summarizer.llm.structured import PARSE_ERRORS
from summarizer.llm.transport import Poster

MODES = [instructor.Mode.JSON, instructor.Mode.JSON_SCHEMA, instructor.Mode.TOOLS, instructor.Mode.MD_JSON]


def test_prepare_response_model_returns_a_model_with_the_same_schema():
    prepared = prepare_response_model(Draft)
    assert inspect.isclass(prepared) and issubclass(prepared, BaseModel)
    assert prepared.model_json_schema() == Draft.model_json_schema()
    assert prepare_response_model(None) is None


@pytest.mark.parametrize("mode", MODES, ids=lambda m: m.value)
def test_the_mode_handlers_take_the_keywords_structured_passes(mode):
    h = mode_registry.get_handlers(Provider.OPENAI, mode)
    assert {"response_model", "kwargs"} <= set(inspect.signature(h.request_handler).parameters)
    assert {"response", "response_model", "validation_context", "strict", "stream", "is_async"} <= \
        set(inspect.signature(h.response_parser).parameters)
    assert {"kwargs", "response", "exception"} <= set(inspect.signature(h.reask_handler).parameters)


def test_the_error_types_are_instructors_public_ones():
    """structured.py raises these; client.py and users catch them from instructor.core."""
    assert issubclass(instructor.core.InstructorRetryException, Exception)
    assert instructor.core.ResponseParsingError in PARSE_ERRORS and instructor.core.AsyncValidationError in PARSE_ERRORS


@pytest.mark.parametrize("status,kind", [(400, openai.BadRequestError), (401, openai.AuthenticationError),
                                         (403, openai.PermissionDeniedError), (404, openai.NotFoundError),
                                         (409, openai.ConflictError), (422, openai.UnprocessableEntityError),
                                         (429, openai.RateLimitError), (500, openai.InternalServerError),
                                         (503, openai.InternalServerError), (507, openai.InternalServerError)])
def test_the_sdk_builds_its_own_exception_for_a_status(status: int, kind: type):
    poster = Poster("http://127.0.0.1:9/v1", "sk-test-0000", 1.0)
    raw = json.dumps({"error": {"message": f"scripted {status}", "type": "scripted"}}).encode()
    e = poster.status_error(status, httpx2.Headers({"Retry-After": "2", "content-type": "application/json"}), raw)
    assert type(e) is kind and e.status_code == status
    assert server_message(e) == f"scripted {status}"  # the body's inner error message
    assert retry_after(e) == 2.0  # the reply's headers are kept on the exception
    assert transport_cause(e).startswith(f"HTTP {status}")
    assert retryable(e) is (status in (409, 429) or status >= 500)
