"""Input discovery for batch runs: folders, globs, files and JSONL files → entries.

Every input becomes an :class:`Entry` with a key unique within the run (the article
id; ``id~2`` for a second, different article with the same id). An input that can't
be read becomes an entry with an ``error``: it fails alone, the run goes on.
"""

from __future__ import annotations

import glob
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..schema import Article
from .article import load_article, parse_text

__all__ = ["ARTICLE_SUFFIXES", "Entry", "content_hash", "discover"]

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".json", ".html", ".htm", ".jsonl")
_GLOB_CHARS = set("*?[")


@dataclass
class Entry:
    key: str
    source: str
    article: Article | None = None
    error: str | None = None
    content_hash: str | None = None
    cache_key: str | None = None  # set by the run: content hash + model + prompt + schema

    def __post_init__(self) -> None:
        if self.article is not None and self.content_hash is None:
            self.content_hash = content_hash(self.article)


def content_hash(article: Article) -> str:
    """What the summary depends on: the text and the fields the prompt and date resolution read."""
    payload = json.dumps([article.text, article.published, article.dateline], ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def discover(inputs: list[str], duplicates: list[str] | None = None) -> list[Entry]:
    """Expand INPUT arguments (folder, glob, file, JSONL) into entries, in a stable order.
    An article repeated with the same id and the same content is kept once; each dropped
    copy is described in ``duplicates``. Raises InputError only when an argument matches
    nothing at all."""
    files: list[Path] = []
    for arg in inputs:
        found = _expand(arg)
        if not found and Path(arg).is_dir():
            raise InputError(f"{arg}: no article files ({', '.join(ARTICLE_SUFFIXES)}) in this folder")
        if not found:
            raise InputError(f"{arg}: no such file, folder or matching glob")
        files.extend(found)
    entries: list[Entry] = []
    for f in dict.fromkeys(files):  # the same file named twice counts once
        entries.extend(_jsonl(f) if f.suffix.lower() == ".jsonl" else [_file(f)])
    if not entries:
        raise InputError(f"no articles found in {', '.join(inputs)}")
    return _unique_keys(_drop_duplicates(entries, duplicates if duplicates is not None else []))


def _drop_duplicates(entries: list[Entry], notes: list[str]) -> list[Entry]:
    """The first of entries with the same id and the same content; a note per copy dropped."""
    first: dict[tuple[str, str], Entry] = {}
    kept = []
    for e in entries:
        if e.article is None or e.content_hash is None:
            kept.append(e)
            continue
        seen = first.setdefault((e.article.id, e.content_hash), e)
        if seen is e:
            kept.append(e)
        else:
            notes.append(f"duplicate article {e.article.id!r} at {e.source} (same id and content as "
                         f"{seen.source}): summarized once")
    return kept


def _expand(arg: str) -> list[Path]:
    p = Path(arg)
    if p.is_dir():
        return sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                      and not any(part.startswith(".") for part in f.relative_to(p).parts))
    if p.exists():
        return [p]
    if _GLOB_CHARS & set(arg):
        return sorted(Path(m) for m in glob.glob(arg, recursive=True) if Path(m).is_file())
    return []


def _file(f: Path) -> Entry:
    try:
        art = load_article(f)
    except InputError as e:
        return Entry(key=f.stem, source=str(f), error=f"InputError: {e}")
    return Entry(key=art.id or f.stem, source=str(f), article=art)


def _jsonl(f: Path) -> list[Entry]:
    try:
        data = f.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        return [Entry(key=f.stem, source=str(f), error=f"InputError: {f}: cannot read ({e})")]
    out = []
    for n, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        name = f"{f}:{n}"
        try:
            art = parse_text(line, name=name, id=f"{f.stem}:{n}", suffix=".json")
        except InputError as e:
            out.append(Entry(key=f"{f.stem}:{n}", source=name, error=f"InputError: {e}"))
            continue
        out.append(Entry(key=art.id, source=name, article=art))
    return out


def _unique_keys(entries: list[Entry]) -> list[Entry]:
    """Keys are article ids; a repeated id on different content gets ``~2``, ``~3`` ..."""
    seen: dict[str, int] = {}
    for e in entries:
        base = e.key
        n = seen.get(base, 0) + 1
        seen[base] = n
        if n > 1:
            e.key = f"{base}~{n}"
            while e.key in seen:
                n += 1
                e.key = f"{base}~{n}"
            seen[e.key] = 1
            if e.article is not None:
                e.article = e.article.model_copy(update={"id": e.key})
    return entries
