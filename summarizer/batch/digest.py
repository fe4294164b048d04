"""The digest of a run: stories (articles grouped by the reconciliation step) with their
events, key claims and conflicts, as JSON and Markdown; and the run's export.

``summarizer.reconcile.reconcile`` groups articles into stories (syndicated copies
counted once, events merged across articles, conflicts between sources); if it fails,
every article is its own story. The Markdown is ``render.digest``'s. The digest has
the same shape either way::

    {"run": {...}, "counts": {...}, "grouped_by": "reconcile" | "article",
     "stories": [{"id", "title", "start", "end", "places", "articles": [...], "duplicates": {copy: kept},
                  "events": [{"type", "description", "date", "location", "killed", "injured", "articles"}],
                  "key_claims": [...], "conflicts": [...]}],
     "failed": [{"id", "source", "error"}], "warnings": [...]}

Grouping costs time on big nights; a run whose results are exactly those of an earlier
digest (same articles, same cached results) reuses its stories.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from ..errors import InputError, RenderError
from ..reconcile import Reconciliation, Story, StoryEvent, reconcile
from ..render.digest import digest_markdown
from ..render.html import digest_to_html
from ..render.markdown import to_markdown
from ..render.safe_text import md_document
from ..schema import ArticleSummary, Claim, Event
from ..store.rows import ItemRow
from ..store.sqlite import Store
from .ledger import run_summaries

__all__ = ["EXPORT_FORMATS", "build_digest", "digest_signature", "export_run", "make_digest"]

EXPORT_FORMATS = ("jsonl", "md", "json", "html")
KEY_CLAIMS = 5
DIGEST_VERSION = "1"


def digest_signature(items: Sequence[ItemRow]) -> str:
    """The identity of a run's results (article ids, metadata, cache keys): its stories depend on nothing else."""
    ok = [(i["key"], i["cache_key"], i["article"]) for i in items if i["status"] in ("done", "cached")]
    return hashlib.sha256(json.dumps([DIGEST_VERSION, ok]).encode()).hexdigest()


def make_digest(store: Store, run_id: int, status: str | None = None) -> tuple[dict[str, Any], str]:
    """The run's digest and its signature, reusing the stories of an identical earlier digest."""
    run: dict[str, Any] = dict(store.get_run(run_id) or {})
    run["status"] = status or run.get("status")
    items = store.items(run_id)
    failed = [i for i in items if i["status"] == "failed"]
    sig = digest_signature(items)
    prev = store.digest_by_signature(sig, exclude_run=run_id)
    if prev is not None:
        old = json.loads(prev)
        return _frame(run, old["counts"]["summarized"], failed, old["stories"], old["grouped_by"],
                      old["warnings"]), sig
    return build_digest(run, run_summaries(store, run_id), failed), sig


def build_digest(run: dict[str, Any], summaries: list[ArticleSummary], failed: Sequence[ItemRow]) -> dict[str, Any]:
    warnings: list[str] = []
    rec = _reconcile(summaries, warnings)
    stories = _stories(rec, summaries) if rec is not None else _alone(summaries)
    return _frame(run, len(summaries), failed, stories, "reconcile" if rec is not None else "article",
                  warnings + (list(rec.warnings) if rec is not None else []))


def _frame(run: dict[str, Any], summarized: int, failed: Sequence[ItemRow], stories: list[dict[str, Any]],
           how: str, warnings: list[str]) -> dict[str, Any]:
    return {
        "run": {k: run.get(k) for k in ("id", "status", "created_at", "model", "backend", "prompt_version",
                                         "schema_version", "mode")},
        "counts": {"articles": summarized + len(failed), "summarized": summarized, "failed": len(failed),
                   "stories": len(stories)},
        "grouped_by": how,
        "stories": stories,
        "failed": [{"id": f["key"], "source": f["source"], "error": f["error"]} for f in failed],
        "warnings": warnings,
    }


def _reconcile(summaries: list[ArticleSummary], warnings: list[str]) -> Reconciliation | None:
    if not summaries:
        return None
    try:
        return reconcile(summaries)  # deterministic rules only: the digest makes no LLM calls
    except Exception as e:  # a failed grouping still leaves a per-article digest
        warnings.append(f"reconciliation failed ({type(e).__name__}: {e}); one story per article")
        return None


def _stories(rec: Reconciliation, summaries: list[ArticleSummary]) -> list[dict[str, Any]]:
    by_id = {s.article.id: s for s in summaries}
    events = {f"{s.article.id}#{e.id}": e for s in summaries for e in s.events}
    out: list[dict[str, Any]] = []
    covered: set[str] = set()
    for st in rec.stories:
        members = [by_id[a] for a in st.articles if a in by_id]
        covered.update(st.articles, st.duplicates)
        if not members:
            continue
        evs = [_merged_event(e, events) for e in st.events]
        mine = [c for c in rec.conflicts if c.story == st.id]
        out.append(_story(st.id, st.title, members, dict(st.duplicates), evs,
                          [c.model_dump(mode="json") for c in mine], st))
    rest = [s for s in summaries if s.article.id not in covered]
    return out + _alone(rest, start=len(out) + 1)


def _alone(summaries: list[ArticleSummary], start: int = 1) -> list[dict[str, Any]]:
    return [_story(f"A{n}", None, [s], {}, _events([s]), [c.model_dump(mode="json") for c in s.conflicts], None)
            for n, s in enumerate(summaries, start)]


def _story(sid: str, title: str | None, members: list[ArticleSummary], dups: dict[str, str],
           events: list[dict[str, Any]], conflicts: list[dict[str, Any]], st: Story | None) -> dict[str, Any]:
    """One story of the digest; ``st`` is None for an article that is its own story."""
    first = members[0]
    return {
        "id": sid, "title": title or first.headline or first.article.title or first.article.id,
        "start": (st.start if st else None) or first.article.published, "end": st.end if st else None,
        "places": list(st.places) if st else [],
        "articles": [{"id": s.article.id, "title": s.article.title, "headline": s.headline,
                      "published": s.article.published, "source": s.article.source, "url": s.article.url}
                     for s in members],
        "duplicates": dups, "events": events,
        "key_claims": [{"article": a, **c.model_dump(mode="json", exclude={"evidence"})}
                       for a, c in _key_claims(members)],
        "conflicts": conflicts,
    }


def _merged_event(e: StoryEvent, events: dict[str, Event]) -> dict[str, Any]:
    mentions = [m for m in e.mentions if m in events]
    first = events[mentions[0]] if mentions else None
    return {"type": e.type, "description": e.description,
            "date": e.date.model_dump(mode="json") if e.date is not None else None,
            "location": e.location, **_toll(first),
            "articles": list(dict.fromkeys(m.split("#", 1)[0] for m in mentions))}


def _events(members: list[ArticleSummary]) -> list[dict[str, Any]]:
    return [{"type": e.type, "description": e.description,
             "date": e.date.model_dump(mode="json") if e.date else None,
             "location": e.location.text if e.location else None, **_toll(e), "articles": [s.article.id]}
            for s in members for e in s.events]


def _toll(e: Event | None) -> dict[str, int | None]:
    out: dict[str, int | None] = {"killed": None, "injured": None}
    for c in e.casualties if e else []:
        for k, v in (("killed", c.killed), ("injured", c.injured)):
            if v is not None:
                out[k] = (out[k] or 0) + v
    return out


def _key_claims(summaries: list[ArticleSummary]) -> list[tuple[str, Claim]]:
    """Claims with figures first, then direct quotes, in article order; each statement once; at most KEY_CLAIMS."""
    ranked = [(-(2 * bool(c.quantities) + c.direct_quote), n, k, s.article.id, c)
              for n, s in enumerate(summaries) for k, c in enumerate(s.claims)]
    ranked.sort(key=lambda r: r[:3])
    out, seen = [], set()
    for r in ranked:
        said = (r[4].source.canonical.lower(), " ".join(r[4].content.lower().split()))
        if said not in seen:
            seen.add(said)
            out.append((r[3], r[4]))
    return out[:KEY_CLAIMS]


# -------------------------------------------------------------------- export

def export_run(store: Store, run_id: int, fmt: str) -> str:
    """A run's summaries and digest: ``jsonl`` (one record per line: summaries, errors, then
    the digest), ``md`` (the digest, then each summary), ``json`` (the digest) or ``html`` (the
    self-contained review page: every article beside its summary, stories and cross-article conflicts)."""
    if fmt not in EXPORT_FORMATS:
        raise RenderError(f"--format must be one of {', '.join(EXPORT_FORMATS)}, not {fmt!r}")
    if store.get_run(run_id) is None:
        raise InputError(f"no run {run_id} in {store.path}")
    saved = store.get_digest(run_id)
    digest = json.loads(saved[0]) if saved else make_digest(store, run_id)[0]
    if fmt == "json":
        return json.dumps(digest, indent=2, ensure_ascii=False) + "\n"
    summaries = run_summaries(store, run_id)
    if fmt == "html":
        run = store.get_run(run_id) or {}
        meta = {k: run[k] for k in ("id", "status", "mode", "model", "created_at", "finished_at")
                if run.get(k) is not None}
        return digest_to_html(summaries, _reconcile(summaries, []), run_meta=meta)
    if fmt == "md":
        md = md_document(saved[1] if saved else digest_markdown(digest))  # no tags or escapes from the articles
        return md + "".join("\n---\n\n" + to_markdown(s) for s in summaries)
    failed = [i for i in store.items(run_id) if i["status"] == "failed"]
    records: list[dict[str, Any]] = [{"kind": "summary", "id": s.article.id, "summary": s.model_dump(mode="json")}
                                     for s in summaries]
    records += [{"kind": "error", "id": f["key"], "source": f["source"], "error": f["error"]} for f in failed]
    records.append({"kind": "digest", "digest": digest})
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
