"""Connected components: the grouping every detector uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable

__all__ = ["components", "connected"]


class _Forest:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def groups(self, indices: Iterable[int]) -> list[list[int]]:
        out: dict[int, list[int]] = {}
        for i in indices:
            out.setdefault(self.root(i), []).append(i)
        return sorted(out.values())


def components(n: int, pairs: Iterable[tuple[int, int]], *, singletons: bool = False) -> list[list[int]]:
    """Groups of indices joined by ``pairs``, each sorted, in order of their first index.

    Indices no pair touches are left out, unless ``singletons``.
    """
    f = _Forest(n)
    linked = set()
    for a, b in pairs:
        f.parent[f.root(a)] = f.root(b)
        linked |= {a, b}
    return f.groups(range(n) if singletons else sorted(linked))


def connected(n: int, related: Callable[[int, int], bool]) -> list[list[int]]:
    """``components(n, pairs that are related, singletons=True)``, testing ``related`` only
    between indices not yet in one group: a story of k articles costs about k tests, not k²."""
    f = _Forest(n)
    for i in range(n):
        for j in range(i + 1, n):
            ri, rj = f.root(i), f.root(j)
            if ri != rj and related(i, j):
                f.parent[ri] = rj
    return f.groups(range(n))
