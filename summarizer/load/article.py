"""Load stage: bytes from a file, stdin or a caller → an Article.

Formats: plain text (optionally headed by ``date YYYY-MM-DD Byline (Dateline)``),
JSON (``text``, ``title``, ``published``, ``source``, ``url``; or a corpus gold
file with an ``article`` object), and HTML (main text and metadata via trafilatura).
"""

from __future__ import annotations

import codecs
import datetime
import json
import re
import stat
import sys
from pathlib import Path
from typing import Any, BinaryIO

import trafilatura

from ..errors import InputError
from ..schema import Article

__all__ = ["load_article", "parse_bytes", "parse_text", "read_input"]

MAX_BYTES = 20 * 1024 * 1024  # of the file; the article text itself is bounded in pipeline.MAX_ARTICLE_CHARS
MIN_HTML_WORDS = 8  # fewer words extracted from a page means it held no article, only page furniture

_HEADER = re.compile(
    r"\A[ \t]*date[ \t]+(?P<date>\d{4}-\d{2}-\d{2})[ \t]*(?P<byline>[^\n(]*?)"
    r"[ \t]*(?:\((?P<dateline>[^)\n]+)\))?[ \t]*(?:\n|\Z)",
    re.IGNORECASE,
)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def load_article(path: str | Path, *, id: str | None = None) -> Article:
    """Read a file (``-`` for stdin) and parse it into an Article."""
    data, name = read_input(path, what="an article file")
    p = Path(str(path))
    if str(path) == "-":
        return parse_bytes(data, name=name, id=id)
    return parse_bytes(data, name=name, id=id or p.stem, suffix=p.suffix.lower())


def read_input(path: str | Path, *, what: str = "an input file") -> tuple[bytes, str]:
    """The bytes of a file (``-``: stdin, at most MAX_BYTES) and its display name; every
    failure is an InputError of one line."""
    if str(path) == "-":
        return _read_limited(sys.stdin.buffer, "<stdin>"), "<stdin>"
    p = Path(path)
    name = _display(p)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{name}: is a directory, not {what}")
        if st.st_size > MAX_BYTES:
            raise InputError(f"{name}: {st.st_size / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MiB limit")
        with open(p, "rb") as f:  # a pipe or device has no size: read at most the limit
            return _read_limited(f, name), name
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None


def _read_limited(f: BinaryIO, name: str) -> bytes:
    data = f.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: larger than the {MAX_BYTES // 2**20} MiB limit")
    return data


def _display(p: Path) -> str:
    """The path for a one-line message (control characters shown escaped)."""
    s = str(p)
    return s if s.isprintable() else repr(s)[1:-1]


def parse_bytes(data: bytes, *, name: str = "<input>", id: str | None = None, suffix: str = "") -> Article:
    """Decode UTF-8 (a BOM is allowed; UTF-16 with a BOM too) and parse by suffix or content."""
    if not data:
        raise InputError(f"{name}: empty (0 bytes)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return parse_text(data.decode("utf-16"), name=name, id=id, suffix=suffix)
        except UnicodeDecodeError:
            raise InputError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16") from None
    if not data.strip():
        raise InputError(f"{name}: only whitespace, no article text")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        hint = "it may be Windows-1252 or Latin-1; " if _is_cp1252(data) else ""
        raise InputError(
            f"{name}: not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); "
            f"{hint}re-encode the file as UTF-8"
        ) from None
    return parse_text(text, name=name, id=id, suffix=suffix)


def _is_cp1252(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\r\n\t" for c in text)


def parse_text(text: str, *, name: str = "<input>", id: str | None = None, suffix: str = "") -> Article:
    head = text.lstrip()[:200].lower()
    if suffix == ".json" or (not suffix and head.startswith("{")):
        art = _from_json(text, name)
    elif suffix in (".html", ".htm") or head.startswith(("<!doctype html", "<html")):
        art = _from_html(text, name)
    else:
        art = _from_plain(text, name)
    if not (art.get("text") or "").strip():
        raise InputError(f"{name}: no article text (empty or whitespace only)")
    art["id"] = art.get("id") or id or ""
    return Article(**art)


def _calendar_day(day: str, name: str) -> str:
    """``day`` (YYYY-MM-DD) if it is a real calendar day, else an InputError: 2024-13-45 is none."""
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        raise InputError(f"{name}: the publication date {day!r} is not a calendar day (YYYY-MM-DD)") from None
    return day


def _from_plain(text: str, name: str = "<input>") -> dict[str, Any]:
    text = text.replace("\r\n", "\n")
    m = _HEADER.match(text)
    if not m:
        return {"text": text.strip("\n").rstrip()}
    return {
        "text": text[m.end():].strip("\n").rstrip(), "published": _calendar_day(m["date"], name),
        "byline": (m["byline"] or "").strip() or None,
        "dateline": (m["dateline"] or "").strip() or None,
    }


def _from_json(text: str, name: str) -> dict[str, Any]:
    try:
        obj: Any = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: invalid JSON ({e.msg} at line {e.lineno} column {e.colno})") from None
    if not isinstance(obj, dict):
        raise InputError(f"{name}: JSON must be an object with a \"text\" field")
    inner = obj.get("article")  # corpus gold files
    if not isinstance(inner, dict):
        inner = obj
    body = inner.get("text")
    if not isinstance(body, str):
        raise InputError(f"{name}: JSON has no string \"text\" field")
    published = inner.get("published") or inner.get("date")
    if published is not None:
        m = _ISO_DAY.search(str(published))
        if not m:
            raise InputError(f"{name}: \"published\" must be a date like 2024-08-31, got {published!r}")
        published = _calendar_day(m.group(0), name)
    fields = {k: inner.get(k) or obj.get(k) for k in ("title", "byline", "dateline", "source", "url", "language")}
    return {
        "id": str(obj.get("id") or ""), "text": body, "published": published,
        **{k: str(v) for k, v in fields.items() if v is not None},
    }


def _from_html(html: str, name: str) -> dict[str, Any]:
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, favor_precision=True)
    if doc is None:
        raise InputError(f"{name}: no article text found in the HTML")
    d = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = re.sub(r"\n+", "\n\n", d.get("text") or "")  # one paragraph per block: sentences never span two
    if len(body.split()) < MIN_HTML_WORDS:
        raise InputError(f"{name}: no article text found in the HTML (only {len(body.split())} words of menus, "
                         "footers or scripts)")
    published = d.get("date")
    m = _ISO_DAY.match(published or "")
    if m and not _is_day(m.group(0)):
        m = None  # a page's metadata, not the user's: an impossible date is dropped
    return {
        "text": body, "title": d.get("title"), "published": m.group(0) if m else None,
        "byline": d.get("author"), "source": d.get("sitename") or d.get("hostname"), "url": d.get("url"),
        "language": d.get("language") or "en",
    }


def _is_day(day: str) -> bool:
    try:
        datetime.date.fromisoformat(day)
    except ValueError:
        return False
    return True
