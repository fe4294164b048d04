"""Text from the article or the model, made safe to print in Markdown.

Markdown renderers pass raw HTML through (``<img onerror=...>``, ``<a href=javascript:...>``)
and terminals obey escape sequences, so every value rendered into Markdown is cleaned:

- ``<`` and ``>`` become ``&lt;`` and ``&gt;``: no tag can start (renderers show the
  characters; ``&`` alone cannot start a tag and is left as it is);
- ANSI/VT escape sequences (CSI ``ESC [ ... m``, OSC ``ESC ] ... BEL``) are removed, as
  are the other control characters (C0 but newline and tab in a document, DEL, C1) and
  the bidirectional overrides that can reorder what a reader sees.

:func:`md_value` also turns newlines into spaces, so a value cannot start a heading or a
list item of its own; :func:`md_document` keeps a whole document's lines.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["md_document", "md_value", "strip_controls"]

_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])|\x9b[0-?]*[ -/]*[@-~]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85]+")


def strip_controls(text: str, *, keep_lines: bool = True) -> str:
    """``text`` without escape sequences and control characters (newlines and tabs kept
    when ``keep_lines``, else each run of line breaks becomes one space)."""
    text = _ESCAPES.sub("", text)
    if not keep_lines:
        text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def _no_tags(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def md_value(value: Any) -> str:
    """One value for a Markdown template (jinja2 ``finalize``): one line, no tags, no controls."""
    if value is None:
        return ""
    return _no_tags(strip_controls(str(value), keep_lines=False))


def md_document(text: str) -> str:
    """A Markdown document built from untrusted values: lines kept, no tags, no controls.
    Only for documents whose own markup uses no ``<`` or ``>`` (the digest, reconcile's)."""
    return _no_tags(strip_controls(text))
