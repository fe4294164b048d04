"""Gold files (one annotated article per ``<id>.json``, format in docs/eval.md) and predictions."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..files import check_file_id
from ..load.article import load_article
from ..schema import Article

__all__ = ["TASKS", "GoldDoc", "load_gold", "load_prediction"]

TASKS = ("events", "timexes", "claims")


@dataclass(frozen=True)
class GoldDoc:
    id: str
    tasks: tuple[str, ...]
    text: str
    gold: dict[str, Any]  # {"events": [...], "timexes": [...], "claims": [...]}
    path: Path

    def article(self) -> Article:
        return load_article(self.path)


def load_gold(folder: str | Path, *, task: str | None = None, limit: int | None = None) -> list[GoldDoc]:
    """The gold files in ``folder``, in id order; only those annotated for ``task``; the first ``limit``."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root}: not a directory of gold files")
    docs: dict[str, GoldDoc] = {}
    for path in sorted(root.glob("*.json")):
        doc = _read_gold(path)
        if doc.id in docs:
            raise InputError(f"{path}: id {doc.id!r} is also used by {docs[doc.id].path.name}")
        docs[doc.id] = doc
    if not docs:
        raise InputError(f"{root}: no gold files (*.json)")
    chosen = [d for _, d in sorted(docs.items()) if task is None or task in d.tasks]
    return chosen[:limit] if limit else chosen


def _read_gold(path: Path) -> GoldDoc:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: cannot read the gold file ({e})") from None
    article = obj.get("article") if isinstance(obj, dict) else None
    gold = obj.get("gold") if isinstance(obj, dict) else None
    if not (isinstance(article, dict) and isinstance(article.get("text"), str) and isinstance(gold, dict)
            and isinstance(obj.get("id"), str) and obj["id"]):
        raise InputError(f"{path}: not a gold file (needs \"id\", \"article\": {{\"text\": ...}} and \"gold\"; "
                         "see docs/eval.md)")
    check_file_id(obj["id"], f"{path}: the gold id")  # it names the prediction file <id>.json
    tasks = obj.get("tasks")
    if not isinstance(tasks, list) or not set(tasks) <= set(TASKS):
        raise InputError(f"{path}: \"tasks\" must be a list of {', '.join(TASKS)}")
    for t in tasks:
        if not isinstance(gold.get(t), list):
            raise InputError(f"{path}: task {t!r} is listed but gold.{t} is not a list")
    return GoldDoc(id=obj["id"], tasks=tuple(tasks), text=article["text"],
                   gold={t: gold.get(t) or [] for t in TASKS}, path=path)


def load_prediction(folder: Path, gold_id: str) -> dict[str, Any] | None:
    """``folder/<id>.json`` as a dict; None when missing; {} when unreadable (it scores as empty)."""
    path = folder / f"{check_file_id(gold_id, 'prediction id')}.json"
    if not path.exists():
        return None
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return obj if isinstance(obj, dict) else {}
