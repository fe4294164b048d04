"""Numeric and update conflicts: the same quantity about the same group, reported differently.

Each figure is read as an interval (qualifiers, vague words, rounding); two reports
agree when some reading of one meets some reading of the other. A report with parts
is also read as their sum (7 injured = 5 + 2), and reports of one article whose sum
meets another figure are parts of it, not rivals. Disagreements between a later and an
earlier report that revise a figure are ``update``s, ordered by time; the rest are
``numeric``, with the conservative reading noted for casualty counts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from itertools import combinations

from ..schema import Conflict, ConflictSide, Severity
from .quantities import Figure, Report
from .text import fmt_number
from .unionfind import components

__all__ = [
    "adds_up", "changed", "consistent", "grows", "interval", "later", "numeric_conflict", "numeric_conflicts",
    "pair_conflicts", "update_conflict",
]

Interval = tuple[float, float]
_VAGUE = {"dozen": (10, 14), "dozens": (24, 99), "scores": (40, 199), "hundreds": (200, 999),
          "thousands": (2000, 9999)}
_MAX_PARTS = 8  # reports of one article tried as parts of a whole


def interval(f: Figure) -> Interval:
    """The values a figure allows: "about 2,500" → 2,250–2,750; "at least 14" → 14–∞; "2,500" → 2,450–2,550."""
    v, q = f.value * f.scale, f.qualifier
    if q in _VAGUE:
        return _VAGUE[q]
    if q == "about":  # "about 4" allows 3-5; "about four hours" one hour either way, not one day
        d = max(f.scale, 0.1 * v, f.step * f.scale)
        return v - d, v + d
    if q == "at least":
        return v, math.inf
    if q == "more than":
        return v + 0.5, math.inf
    if q == "up to":
        return 0.0, v
    if q == "less than":
        return 0.0, v - 0.5
    tol = max(_rounding(f.value), f.step) * f.scale
    if f.unit and not f.precise:  # a measure, perhaps converted: 1% either way ("10 miles" ~ "16 km")
        tol = max(tol, 0.01 * v)
    return v - tol, v + tol


def _rounding(v: float) -> float:
    """Half the rounding unit of a round figure (2,500 → 50), at most 10%; small or ragged figures are exact."""
    if v < 100 or v % 100:
        return 0.0
    unit = 100
    while v % (unit * 10) == 0:
        unit *= 10
    return min(unit / 2, 0.1 * v)


def _readings(figures: list[Figure]) -> list[Interval]:
    ivs = [interval(f) for f in figures]
    if len(ivs) > 1:
        ivs.append((sum(lo for lo, _ in ivs), sum(hi for _, hi in ivs)))
    return ivs


def _meet(a: list[Interval], b: list[Interval]) -> bool:
    return any(lo1 <= hi2 and lo2 <= hi1 for lo1, hi1 in a for lo2, hi2 in b)


def consistent(a: Report, b: Report) -> bool:
    """Some reading of ``a`` meets some reading of ``b`` (qualifiers, rounding, the sum of parts)."""
    return _meet(_readings(a.figures), _readings(b.figures))


def _is_part(r: Report, whole: Report, pool: list[Report], comparable: Callable[[Report, Report], bool]) -> bool:
    """``r`` and other figures of its article add up to ``whole`` (a breakdown told in several sentences).

    A figure the article repeats is not a second part, so each other value counts once.
    """
    values = {p.total for p in pool if p.article == r.article and p.item != r.item and p is not whole
              and p.total != r.total and comparable(p, whole)}
    return adds_up(r.total, values, whole)


def adds_up(part: float, others: Iterable[float], whole: Report) -> bool:
    """``part`` plus some of ``others`` (the smallest few, each once) is a reading of ``whole``."""
    mates = sorted(set(others))[:_MAX_PARTS]
    target = _readings(whole.figures)
    for k in range(1, len(mates) + 1):
        for group in combinations(mates, k):
            total = part + sum(group)
            if _meet([(total, total)], target):
                return True
    return False


def grows(a: Report, b: Report) -> bool:
    """A running total that has grown: the later report gives the higher figure and one of the two says it counts
    "so far" / "as of" a day. A count that keeps growing by its nature is no dispute and no revision."""
    if not (a.published and b.published and a.published != b.published and (a.running or b.running)):
        return False
    late, early = (a, b) if a.published > b.published else (b, a)
    return min(interval(f)[0] for f in late.figures) >= max(interval(f)[0] for f in early.figures)


_STATES = {"missing", "remaining"}  # how many are still missing or still without power: a state that changes


def changed(a: Report, b: Report) -> bool:
    """A state that eased between two days ("four people still missing", the next day "one person is still
    missing"): people are found, power comes back, so the lower later figure is no dispute. A later, higher count of
    the missing is a revision, and stays one."""
    if a.measure not in _STATES or not (a.published and b.published and a.published != b.published):
        return False
    late, early = (a, b) if a.published > b.published else (b, a)
    return not late.revised and late.total < early.total


def later(a: Report, b: Report, same_source: Callable[[str, str], bool]) -> Report | None:
    """The report that revises the other, if the pair is an update rather than a dispute."""
    if a.published != b.published and a.published and b.published:
        late, early = (a, b) if a.published > b.published else (b, a)
        cumulative = late.measure.split(":")[0] in ("killed", "injured") and late.total > early.total
        return late if (same_source(a.source, b.source) or late.revised or cumulative) else None
    if a.revised != b.revised:
        return a if a.revised else b
    return None


def numeric_conflicts(pool: list[Report], comparable: Callable[[Report, Report], bool],
                      same_source: Callable[[str, str], bool]) -> list[Conflict]:
    """Conflicts among ``pool``: pairs that ``comparable`` admits and whose figures cannot both hold."""
    disputed: list[tuple[int, int]] = []
    for i, j in combinations(range(len(pool)), 2):
        a, b = pool[i], pool[j]
        if not comparable(a, b) or consistent(a, b) or grows(a, b) or changed(a, b):
            continue
        if _is_part(a, b, pool, comparable) or _is_part(b, a, pool, comparable):
            continue
        disputed.append((i, j))
    return pair_conflicts(pool, disputed, same_source)


def pair_conflicts(pool: list[Report], disputed: Iterable[tuple[int, int]], same_source: Callable[[str, str], bool],
                   numeric: Iterable[tuple[int, int]] = ()) -> list[Conflict]:
    """A conflict per group the pairs join: ``update`` if one report of a ``disputed`` pair is ``later``, else
    ``numeric``, as the pairs in ``numeric`` always are."""
    numerics = list(numeric)
    updates: list[tuple[int, int]] = []
    for i, j in disputed:
        (updates if later(pool[i], pool[j], same_source) else numerics).append((i, j))
    out = [numeric_conflict(sorted((pool[k] for k in group), key=_order)) for group in components(len(pool), numerics)]
    out += [update_conflict(sorted((pool[k] for k in group), key=_order)) for group in components(len(pool), updates)]
    return out


def _order(r: Report) -> tuple:
    return (r.published or "", r.revised, r.total, r.article, r.item, r.source)


def _value(r: Report) -> float | dict:
    if len(r.figures) == 1 and r.figures[0].qualifier == "exact":
        return r.figures[0].value
    out: dict = {"value": r.written}
    if len(r.figures) == 1:
        out["qualifier"] = r.figures[0].qualifier
    else:
        out["parts"] = [f.value for f in r.figures]
    return out


def _said(r: Report) -> str:
    q = r.figures[0].qualifier if len(r.figures) == 1 else "exact"
    parts = f" ({' + '.join(fmt_number(f.value) for f in r.figures)})" if len(r.figures) > 1 else ""
    unit = f" {r.figures[0].unit}" if r.figures[0].unit else ""
    return f"{'' if q == 'exact' else q + ' '}{fmt_number(r.written)}{unit}{parts} ({r.source})"


_DIMENSIONS = {"length": "length", "area": "area", "weight": "weight", "volume": "volume", "duration": "duration",
               "percent": "percentage", "age": "age", "degree": "value", "magnitude": "magnitude"}


_SAID = {"injured:serious": "seriously injured", "injured:minor": "slightly injured"}  # measures in words


def _what(r: Report) -> str:
    """What the figures are of: "the number of ISIS militants killed", "the length of the tunnel", "the votes for
    the motion"."""
    who = r.subject.text or r.subject.head
    if r.measure.startswith("vote:"):
        side, _, share = r.measure[5:].partition("/")
        if r.subject.head.startswith("candidate:"):
            return f"the votes for {who}"
        if share:
            return f"the share of the vote {side} the {who}"
        return f"the abstentions on the {who}" if side == "abstain" else f"the votes {side} the {who}"
    if "/" in r.measure:
        dim = r.measure.split("/", 1)[1]
        name = "amount" if dim.startswith("money:") else _DIMENSIONS.get(dim, "figure")
        return f"the {name} of {'the ' + who if r.subject.head else who}"
    measure = _SAID.get(r.measure, r.measure)
    return f"the number of {who} {measure}" if r.measure != "count" else f"the number of {who}"


def _sides(reports: list[Report]) -> list[ConflictSide]:
    sides, seen = [], set()
    for r in reports:
        key = (r.article, r.source, r.total)
        if key not in seen:
            seen.add(key)
            sides.append(ConflictSide(source=r.source, article=r.article, item=r.item, value=_value(r),
                                      evidence=[r.evidence] if r.evidence else []))
    return sides


def numeric_conflict(reports: list[Report]) -> Conflict:
    """One ``numeric`` conflict over ``reports`` (time-ordered), sides by value, the conservative reading noted."""
    first = reports[0]
    by_value = sorted(reports, key=lambda r: (sum(interval(f)[0] for f in r.figures), r.total, r.source))
    summary = f"Reports differ on {_what(first)}: {' vs '.join(_said(r) for r in by_value)}."
    note = None
    if first.measure.split(":")[0] in ("killed", "injured"):
        low = by_value[0]
        others = ", ".join(_said(r) for r in by_value[1:])
        said = _SAID.get(first.measure, first.measure)
        note = (f"Conservative reading: {fmt_number(low.written)} {said} ({low.source}), the lowest figure, "
                f"as conflict-event datasets code it; disputed by {others}.")
    severity: Severity = "critical" if first.measure == "killed" else "warning"
    if by_value[0].total == 0 and first.measure.split(":")[0] in ("killed", "injured"):
        said = _SAID.get(first.measure, first.measure)
        summary = (f"{by_value[0].source} says no one was {said}; "
                   f"{', '.join(_said(r) for r in by_value[1:])} {'were' if by_value[1].total != 1 else 'was'} {said}.")
        return Conflict(id="", kind="contradiction", severity=severity, summary=summary[0].upper() + summary[1:],
                        sides=_sides(by_value))
    return Conflict(id="", kind="numeric", severity=severity, summary=summary, sides=_sides(by_value), note=note)


def update_conflict(reports: list[Report]) -> Conflict:
    """One ``update`` conflict over ``reports`` in time order: a revision, not an error."""
    dated = len({r.published for r in reports}) > 1
    steps = " → ".join(f"{_said(r)}{', ' + r.published if dated and r.published else ''}" for r in reports)
    latest = reports[-1]
    note = f"A revision, not an error: the latest figure is {fmt_number(latest.written)} ({latest.source})."
    return Conflict(id="", kind="update", severity="info",
                    summary=f"A later report revises {_what(latest)}: {steps}.", sides=_sides(reports),
                    note=note)
