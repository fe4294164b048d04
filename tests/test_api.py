"""The public API: the names ``summarizer`` exports, each one the documented object."""

import ast
import inspect
from pathlib import Path

import summarizer
from summarizer import errors, schema

PUBLIC = {
    "Actor", "Article", "ArticleSummary", "Casualty", "Claim", "ConfigError", "Conflict", "ConflictSide",
    "EndpointError", "Event", "Exchange", "InputError", "KeyPoint", "LLM", "LLMError", "Location", "Meta",
    "OutputTruncated", "Quantity", "Reconciliation", "RenderError", "RetriesExhausted", "Settings", "Source", "Span",
    "StoreError", "Story", "SummarizerError", "TimeRef", "Usage", "asummarize", "load_article", "parse_text",
    "reconcile", "summarize", "to_json", "to_markdown",
}


def test_the_public_names_are_exported():
    assert PUBLIC <= set(summarizer.__all__)
    for name in summarizer.__all__:
        assert not inspect.ismodule(getattr(summarizer, name)), name


def test_all_is_a_literal_that_tools_can_read():
    tree = ast.parse(Path(summarizer.__file__).read_text())
    assigned = [n.value for n in tree.body if isinstance(n, ast.Assign) and ast.unparse(n.targets[0]) == "__all__"]
    assert len(assigned) == 1 and isinstance(assigned[0], ast.List)
    assert set(ast.literal_eval(assigned[0])) == set(summarizer.__all__)


def test_every_error_and_model_is_the_one_its_module_defines():
    for name in summarizer.__all__:
        obj = getattr(summarizer, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert getattr(errors, name) is obj
        elif name in vars(schema) and isinstance(obj, type):
            assert getattr(schema, name) is obj
