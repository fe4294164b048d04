"""``article_conflicts`` (one summary, deterministic) and ``reconcile`` (many summaries → stories + conflicts)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from ..errors import InputError
from ..llm.client import LLM
from ..normalize.core import canonical_sources
from ..schema import ArticleSummary, Conflict, Event
from .checkable import assertions, dated_statements
from .credits import credit_conflicts
from .dates import dated_conflicts, onset_conflicts, relative_date_conflicts
from .events import same_event
from .figures import text_reports
from .judge import Judge
from .model import Reconciliation, StoryConflict
from .numeric import numeric_conflicts
from .quantities import Report, reports
from .speakers import (
    pronoun_attribution_conflicts,
    quote_conflicts,
    quotes,
    remark_conflicts,
    reported,
    silence_conflicts,
    two_candidate_conflicts,
)
from .statements import candidate_conflict, find_candidates, pronoun_conflicts
from .states import state_conflicts, states
from .stories import find_duplicates, group_stories, story_of
from .temporal import anchored_conflicts, date_conflicts
from .textual import assertion_conflicts, figure_conflicts, overlaps_any, undecided_figure_pairs

__all__ = ["article_conflicts", "reconcile"]

log = logging.getLogger(__name__)
_KIND_ORDER = {"numeric": 0, "update": 1, "temporal": 2, "contradiction": 3, "attribution": 4}
_Numbered = TypeVar("_Numbered", bound=Conflict)


class Sources:
    """Source names folded across articles: "CENTCOM" in one and "US Central Command (CENTCOM)" in another are one."""

    def __init__(self, summaries: list[ArticleSummary]):
        self._summaries = summaries
        self._canon: dict[str, str] | None = None

    def name(self, source: str) -> str:
        if self._canon is None:  # folded on first need: most summaries never ask
            names = sorted({c.source.canonical for s in self._summaries for c in s.claims})
            self._canon = canonical_sources(names, "\n".join(s.article.text for s in self._summaries))
        return self._canon.get(source, source)

    def same(self, a: str, b: str) -> bool:
        return self.name(a).lower() == self.name(b).lower()


def _events(summaries: list[ArticleSummary]) -> dict[tuple[str, str], Event]:
    return {(s.article.id, e.id): e for s in summaries for e in s.events}


def _comparable(events: dict[tuple[str, str], Event], cross: bool) -> Callable[[Report, Report], bool]:
    def ok(a: Report, b: Report) -> bool:
        if (a.article != b.article) != cross or (a.article, a.item) == (b.article, b.item):
            return False
        if a.measure != b.measure or not a.subject.fits(b.subject):
            return False
        if a.event is None or b.event is None:
            return True
        if a.article == b.article:
            return a.event == b.event
        return same_event(events[(a.article, a.event)], events[(b.article, b.event)])
    return ok


def _guarded(name: str, article: str, detect: Callable[[], list[Conflict]]) -> list[Conflict]:
    """A detector that fails on odd input costs its own findings, never the summary."""
    try:
        return detect()
    except Exception:
        log.warning("reconcile: %s failed on article %s", name, article, exc_info=True)
        return []


def article_conflicts(summary: ArticleSummary) -> list[Conflict]:
    """Conflicts between statements inside one summary; deterministic, no LLM."""
    s = summary
    sources = Sources([s])
    events = _events([s])
    records = [(s, e) for e in s.events]
    claims = [(s, c) for c in s.claims]
    found = [
        *_guarded("numeric", s.article.id,
                  lambda: numeric_conflicts(reports(s), _comparable(events, False), sources.same)),
        *_guarded("anchored dates", s.article.id, lambda: anchored_conflicts(s)),
        *_guarded("event dates", s.article.id, lambda: date_conflicts(records, [
            (i, j) for i in range(len(records)) for j in range(i + 1, len(records))
            if same_event(records[i][1], records[j][1])])),
        *_guarded("pronoun speakers", s.article.id, lambda: pronoun_conflicts(s)),
        *_guarded("statements", s.article.id, lambda: [
            candidate_conflict(c, None, sources.name)
            for c in find_candidates(claims, lambda a, b: True, sources.same) if c.strong]),
    ]
    found += _text_conflicts([s], sources, cross=False, known=found)
    return _numbered(_valid(found), "k")


def _text_conflicts(group: list[ArticleSummary], sources: Sources, cross: bool, known: list[Conflict],
                    judge: Judge | None = None) -> list[Conflict]:
    """Conflicts among the statements code finds in the text itself; those restating ``known`` ones are left out.

    With a ``judge``, figure pairs the rules cannot settle are put to it, one call per pair."""
    def allowed(a: Any, b: Any) -> bool:
        return (a.article != b.article) == cross

    def figures() -> list[Conflict]:
        pool = [r for s in group for r in text_reports(s)]
        for r in pool:
            r.source = sources.name(r.source)
        found = figure_conflicts(pool, allowed, sources.same, {s.article.id: s.article.text for s in group})
        if judge is not None:
            for pair in undecided_figure_pairs(pool, allowed):
                holds, summary = judge(pair)
                if holds:
                    found.append(pair.conflict(summary))
        return found

    found = _guarded("text figures", group[0].article.id, figures)
    found += _guarded("text assertions", group[0].article.id,
                      lambda: assertion_conflicts([a for s in group for a in assertions(s)], allowed))
    found += _guarded("text states", group[0].article.id,
                      lambda: state_conflicts([x for s in group for x in states(s)], allowed))
    found += _guarded("text quotes", group[0].article.id,
                      lambda: quote_conflicts([q for s in group for q in quotes(s)], allowed, sources.same))
    if cross:  # one finding word for word under two sources ("according to the ministry" / "… to the institute")
        found += _guarded("text reported", group[0].article.id,
                          lambda: quote_conflicts([q for s in group for q in reported(s)], allowed, sources.same))
        found += _guarded("text silences", group[0].article.id, lambda: silence_conflicts(group))
    found += _guarded("credits", group[0].article.id, lambda: credit_conflicts(group, cross))
    found += _guarded("text onsets", group[0].article.id,
                      lambda: onset_conflicts([d for s in group for d in dated_statements(s)], allowed))
    found += _guarded("text dates", group[0].article.id,
                      lambda: dated_conflicts([d for s in group for d in dated_statements(s)], allowed))
    if not cross:
        found += _guarded("relative dates", group[0].article.id, lambda: relative_date_conflicts(group[0]))
        found += _guarded("text attributions", group[0].article.id, lambda: pronoun_attribution_conflicts(group[0]))
        found += _guarded("two candidates", group[0].article.id, lambda: two_candidate_conflicts(group[0]))
        found += _guarded("remarks", group[0].article.id, lambda: remark_conflicts(group[0]))
    out: list[Conflict] = []
    for c in found:
        if not overlaps_any(c, known + out):
            out.append(c)
    return out


def _valid(conflicts: Iterable[Conflict]) -> list[Conflict]:
    """Two or more sides, not all the same statement: no item ever conflicts with itself."""
    return [c for c in conflicts if len(c.sides) >= 2 and len({(sd.article, sd.item) for sd in c.sides}) >= 2]


def _sort_key(c: Conflict) -> tuple:
    sides = tuple((sd.article, sd.item or "", sd.evidence[0].start if sd.evidence else -1, sd.source, str(sd.value))
                  for sd in c.sides)
    return (_KIND_ORDER[c.kind], sides, c.summary)


def _numbered(conflicts: list[_Numbered], prefix: str) -> list[_Numbered]:
    out = sorted(conflicts, key=_sort_key)
    for k, c in enumerate(out, 1):
        c.id = f"{prefix}{k}"
    return out


def _as_summaries(items: Iterable[Any]) -> list[ArticleSummary]:
    out = []
    for k, item in enumerate(items, 1):
        if isinstance(item, ArticleSummary):
            out.append(item)
            continue
        try:
            out.append(ArticleSummary.model_validate(item))
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(str(p) for p in err["loc"]) or "top level"
            raise InputError(f"summary {k} is not an ArticleSummary: {where}: {err['msg']}") from None
    return out


def _unique_ids(summaries: list[ArticleSummary], warnings: list[str]) -> list[ArticleSummary]:
    """One summary per article id; the same id twice with different content keeps one, deterministically."""
    by_id: dict[str, list[ArticleSummary]] = {}
    for s in summaries:
        by_id.setdefault(s.article.id, []).append(s)
    out = []
    for aid, group in sorted(by_id.items()):
        dumps = sorted({g.model_dump_json(exclude={"conflicts", "meta"}) for g in group})
        if len(dumps) > 1:
            warnings.append(f"{len(dumps)} different summaries share the article id {aid!r}; kept one")
        out.append(ArticleSummary.model_validate_json(dumps[0]))
    return out


def _story_conflicts(group: list[ArticleSummary], judge: Judge, sources: Sources) -> list[Conflict]:
    events = _events(group)
    pool = [r for s in group for r in reports(s)]
    for r in pool:
        r.source = sources.name(r.source)
    records = [(s, e) for s in group for e in s.events]
    same = [(i, j) for i in range(len(records)) for j in range(i + 1, len(records))
            if records[i][0] is not records[j][0] and same_event(records[i][1], records[j][1])]
    claims = [(s, c) for s in group for c in s.claims]
    found = numeric_conflicts(pool, _comparable(events, True), sources.same) + date_conflicts(records, same)
    for cand in find_candidates(claims, lambda a, b: a[0] is not b[0], sources.same):
        holds, summary = judge(cand)
        if holds:
            found.append(candidate_conflict(cand, summary, sources.name))
    found += _text_conflicts(group, sources, cross=True, known=found, judge=judge)
    return _valid(found)


def reconcile(summaries: list[ArticleSummary], *, llm: LLM | Callable[[], LLM] | None = None,
              cache_path: str | Path | None = None) -> Reconciliation:
    """Group summaries into stories, count syndicated copies once, and report conflicts across and within articles.

    ``summaries`` may be ArticleSummary objects or their dicts (InputError if one is not).
    ``llm`` (an LLM, or a factory called only if a candidate needs judging) decides textual
    contradiction and attribution candidates, one cached call per pair; ``None`` keeps
    to the deterministic rules. ``cache_path`` keeps verdicts in a JSON file across runs.
    """
    warnings: list[str] = []
    docs = _unique_ids(_as_summaries(summaries), warnings)
    duplicates = find_duplicates(docs)
    kept = [s for s in docs if s.article.id not in duplicates]
    judge = Judge(llm, cache_path)
    stories, conflicts = [], []
    for n, group in enumerate(group_stories(kept), 1):
        sources = Sources(group)
        story = story_of(f"S{n}", group, duplicates, sorted({sources.name(c.source.canonical)
                                                             for s in group for c in s.claims}))
        found = [StoryConflict(**c.model_dump(), story=story.id, scope="story")
                 for c in _story_conflicts(group, judge, sources)]
        found += [StoryConflict(**c.model_dump(), story=story.id, scope="article")
                  for s in group for c in article_conflicts(s)]
        conflicts += _numbered(found, f"{story.id}-")
        stories.append(story)
    judge.save()
    return Reconciliation(stories=stories, conflicts=conflicts, warnings=warnings + judge.warnings,
                          llm_calls=judge.calls)
