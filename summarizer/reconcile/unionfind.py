"""Connected components of a pair list: the grouping every detector uses."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["components"]


def components(n: int, pairs: Iterable[tuple[int, int]], *, singletons: bool = False) -> list[list[int]]:
    """Groups of indices joined by ``pairs``, each sorted, in order of their first index.

    Indices no pair touches are left out, unless ``singletons``.
    """
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    linked = set()
    for a, b in pairs:
        parent[root(a)] = root(b)
        linked |= {a, b}
    groups: dict[int, list[int]] = {}
    for i in range(n) if singletons else sorted(linked):
        groups.setdefault(root(i), []).append(i)
    return sorted(groups.values())
