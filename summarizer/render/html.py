"""Review page: a summary beside its article, as one self-contained HTML file.

Spans are code-point offsets and JS strings are UTF-16, so the highlights are cut here:
the article reaches the browser as escaped text segments, cut at every span start and end,
each covered segment a ``<mark data-items="key ...">`` naming every item that cites it.
The page's script only matches those keys; it never computes an offset.

``to_html`` renders one summary; ``digest_to_html`` a night's summaries with the run's
stories and conflicts between articles (a ``summarizer.reconcile.Reconciliation``, optional).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..llm.backend import backend_named
from ..llm.pricing import PriceTable
from ..reconcile import Reconciliation
from ..reconcile.text import fmt_number
from ..schema import ArticleSummary, Claim, Conflict, ConflictSide, Event, KeyPoint, Meta, Span, TimeRef
from .markdown import place_line, repair_line
from .reconciliation import value_text

__all__ = ["digest_to_html", "segments_html", "to_html"]

RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
_LABEL_CHARS = 110


@dataclass
class Item:
    """Anything clickable whose evidence is highlighted: a key point, event, claim or conflict side."""

    key: str  # [a-z0-9-] only: safe inside attribute selectors
    kind: str  # point | event | claim | side
    label: str
    placed: int = 0  # evidence spans highlighted in the article


@dataclass
class SideView:
    side: ConflictSide
    item: Item | None  # what clicking the side highlights
    article: str  # a label for the side's article


@dataclass
class ConflictView:
    conflict: Conflict
    sides: list[SideView]
    story: str = ""  # the title of the story it belongs to, in the digest


@dataclass
class Section:
    index: int
    summary: ArticleSummary
    points: list[tuple[Item, KeyPoint]] = field(default_factory=list)
    events: list[tuple[Item, Event]] = field(default_factory=list)  # timeline order
    sources: list[tuple[str, list[tuple[Item, Claim]]]] = field(default_factory=list)
    conflicts: list[ConflictView] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    marks: list[tuple[int, int, Item]] = field(default_factory=list)
    by_id: dict[str, Item] = field(default_factory=dict)  # event/claim id -> item

    @property
    def anchor(self) -> str:
        return f"a{self.index}"

    @property
    def number(self) -> int:
        return self.index + 1

    @property
    def dir(self) -> str:
        lang = (self.summary.article.language or "").lower().replace("_", "-").split("-")[0]
        return "rtl" if lang in RTL_LANGUAGES else "auto"

    @property
    def text_html(self) -> Markup:
        return segments_html(self.summary.article.text, [(s, e, it.key, it.kind) for s, e, it in self.marks])

    def place(self, item: Item, spans: Iterable[Span]) -> Item:
        """Highlight ``spans`` for ``item``; a span that is not the article's own text is named, not drawn."""
        text = self.summary.article.text
        for sp in spans:
            if 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text:
                self.marks.append((sp.start, sp.end, item))
                item.placed += 1
            else:
                self.problems.append(f"{item.label}: span {sp.start}–{sp.end} is not the article's text; "
                                     "not highlighted")
        return item


def segments_html(text: str, marks: list[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped and cut at every mark boundary; covered segments become ``<mark>``.

    ``marks`` are ``(start, end, key, kind)`` with code-point offsets. The element's
    textContent is exactly ``text``.
    """
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[str] = []
    for a, b in pairwise(cuts):
        chunk = str(escape(text[a:b])).replace("\r", "&#13;")  # the parser would turn a bare CR into LF
        cover = [m for m in marks if m[0] <= a and b <= m[1]]
        if not cover:
            out.append(chunk)
            continue
        keys = " ".join(dict.fromkeys(m[2] for m in cover))
        kinds = " ".join(sorted({f"k-{m[3]}" for m in cover}))
        out.append(f'<mark class="{escape(kinds)}" data-items="{escape(keys)}">{chunk}</mark>')
    return Markup("".join(out))


def _clip(text: str, n: int = _LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def when(t: TimeRef | None) -> str:
    """The resolved date (or range) of a TimeRef, or '' when unresolved."""
    if t is None or not t.start:
        return ""
    return t.start if t.end in (None, t.start) else f"{t.start} – {t.end}"


def cost(meta: Meta) -> str:
    """What the summary's calls cost at list price (the embedded model is free), or why that is unknown."""
    price = PriceTable().for_model(meta.model, meta.backend)
    if price is None:
        return "unknown (no price for this model)"
    usd = price.cost(meta.prompt_tokens, meta.completion_tokens)
    return "$0 (local model)" if not backend_named(meta.backend).has_cost else f"${usd:.4f} at list price"


def _section(i: int, s: ArticleSummary) -> Section:
    sec = Section(index=i, summary=s)
    p = sec.anchor
    for n, kp in enumerate(s.key_points, 1):
        sec.points.append((sec.place(Item(f"{p}-k{n}", "point", f"Key point {n}: {_clip(kp.text)}"), kp.evidence), kp))
    events = []
    for n, e in enumerate(s.events, 1):
        it = sec.place(Item(f"{p}-e{n}", "event", f"Event {e.id} · {e.type}: {_clip(e.description)}"), e.evidence)
        sec.by_id.setdefault(e.id, it)
        events.append((e.date.start if e.date and e.date.start else "9999", n, it, e))
    sec.events = [(it, e) for *_, it, e in sorted(events, key=lambda x: x[:2])]
    groups: dict[str, list[tuple[Item, Claim]]] = {}
    for n, c in enumerate(s.claims, 1):
        label = f"Claim {c.id} · {c.source.canonical} {c.cue}: {_clip(c.content)}"
        it = sec.place(Item(f"{p}-c{n}", "claim", label), c.evidence)
        sec.by_id.setdefault(c.id, it)
        groups.setdefault(c.source.canonical, []).append((it, c))
    sec.sources = list(groups.items())
    return sec


def _conflicts(prefix: str, conflicts: list[Conflict], home: Section | None,
               sections: dict[str, Section]) -> list[ConflictView]:
    """Each side's evidence is highlighted in its own article (``home`` for an article's own conflicts)."""
    views = []
    for ci, c in enumerate(conflicts, 1):
        sides = []
        for si, side in enumerate(c.sides, 1):
            sec = sections.get(side.article) or home
            if sec is None:  # an article this page does not show
                sides.append(SideView(side, None, side.article))
                continue
            label = f"Conflict {c.id} ({c.kind}) · {side.source}: {_clip(value_text(side.value) or c.summary)}"
            placed = sec.place(Item(f"{prefix}x{ci}-s{si}", "side", label), side.evidence)
            # no evidence of its own: point at the item it names
            item = placed if placed.placed else sec.by_id.get(side.item or "")
            art = sec.summary.article
            sides.append(SideView(side, item, art.title or sec.summary.headline or art.id))
        views.append(ConflictView(c, sides))
    return views


def _page(summaries: list[ArticleSummary], rec: Reconciliation | None, run_meta: dict[str, Any] | None,
          digest: bool) -> str:
    sections = [_section(i, s) for i, s in enumerate(summaries)]
    by_article: dict[str, Section] = {}
    for sec in sections:
        by_article.setdefault(sec.summary.article.id, sec)
    for sec in sections:
        sec.conflicts = _conflicts(f"{sec.anchor}-", sec.summary.conflicts, sec, by_article)
    # conflicts inside one article are already its summary's own, shown beside it
    cross = _conflicts("", [c for c in rec.conflicts if c.scope != "article"] if rec else [], None, by_article)
    titles = {st.id: st.title for st in rec.stories} if rec else {}
    for cv in cross:
        cv.story = titles.get(getattr(cv.conflict, "story", ""), "")
    items = {it.key: {"kind": it.kind, "label": it.label} for sec in sections for *_, it in sec.marks}
    env = _env()
    script = env.loader.get_source(env, "review.js")[0]  # type: ignore[union-attr]
    script_hash = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    totals = {
        "articles": len(summaries),
        "LLM calls": sum(s.meta.llm_calls for s in summaries) + (rec.llm_calls if rec else 0),
        "tokens": f"{sum(s.meta.prompt_tokens for s in summaries):,} in · "
                  f"{sum(s.meta.completion_tokens for s in summaries):,} out",
        "warnings": sum(len(s.meta.warnings) for s in summaries) + (len(rec.warnings) if rec else 0),
        "conflicts": len(cross) + sum(len(s.conflicts) for s in summaries),
    }
    return env.get_template("review.html.j2").render(
        digest=digest, sections=sections, cross=cross, rec=rec, by_article=by_article, run_meta=run_meta or {},
        copy_of={dup: kept for st in rec.stories for dup, kept in st.duplicates.items()} if rec else {},
        totals=totals, items=items, script=Markup(script), script_hash=script_hash,
    )


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(loader=PackageLoader("summarizer.render", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(when=when, number=fmt_number, value=value_text, cost=cost, clip=_clip, repair=repair_line,
                       place=place_line)
    return env


def to_html(summary: ArticleSummary) -> str:
    """One summary beside its article: a self-contained review page (no network, no external assets)."""
    return _page([summary], None, None, digest=False)


def digest_to_html(summaries: list[ArticleSummary], reconciliation: Reconciliation | None = None,
                   run_meta: dict[str, Any] | None = None) -> str:
    """The nightly digest: every summary beside its article, with the run's stories and conflicts.

    ``reconciliation`` (from ``summarizer.reconcile.reconcile``) adds the stories and the conflicts
    between articles; ``run_meta`` is shown as given, key by key (run id, started, model, cost, ...).
    """
    return _page(list(summaries), reconciliation, run_meta, digest=True)
