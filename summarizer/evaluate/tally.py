"""What the task scorers share: counters that add up, defensive reading of predictions, matching."""

from __future__ import annotations

import dataclasses
from typing import Any, Iterable

__all__ = ["Tally", "as_dict", "as_list", "dicts", "f1", "one_to_one", "overlaps", "ratio", "spans_of"]


def dicts(x: Any) -> list[dict[str, Any]]:
    return [i if isinstance(i, dict) else {} for i in x] if isinstance(x, list) else []


def as_dict(x: Any) -> dict[str, Any]:
    """``x`` if it is a JSON object, else an empty one."""
    return x if isinstance(x, dict) else {}


def as_list(x: Any) -> list[Any]:
    """``x`` if it is a JSON array, else an empty one."""
    return x if isinstance(x, list) else []


def spans_of(item: dict[str, Any]) -> list[tuple[int, int]]:
    out = []
    for sp in dicts(item.get("evidence")):
        s, e = sp.get("start"), sp.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s <= e:
            out.append((s, e))
    return out


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def one_to_one(ranked: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Greedy matching: take (pred, gold) pairs in rank order, each side at most once."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for i, j in ranked:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def f1(p: float | None, r: float | None) -> float | None:
    if p is None or r is None:
        return None
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclasses.dataclass
class Tally:
    """Counters that add up over documents (each subclass is a dataclass of counters)."""

    def merge(self, other: "Tally") -> None:
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
