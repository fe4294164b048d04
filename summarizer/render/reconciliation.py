"""A Reconciliation as Markdown: each story, its articles and copies, then its conflicts."""

from __future__ import annotations

from typing import Any

from ..reconcile.model import Reconciliation, Story, StoryConflict
from ..reconcile.text import fmt_number, short

__all__ = ["reconciliation_markdown", "value_text"]

_QUOTES = "\"“”"


def value_text(value: Any) -> str:
    """A ConflictSide value for people: 14, "about 2,500", "7 (5 + 2)", "2024-08-20 – 2024-08-24 (a week after …)"."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, (int, float)):
        return fmt_number(value)
    if isinstance(value, dict):
        if "start" in value:
            start, end, text = value.get("start"), value.get("end"), value.get("text")
            days = start if start == end or not end else f"{start} – {end}"
            return f"{days} ({text})" if text else str(days)
        if "value" in value:
            q = value.get("qualifier")
            parts = value.get("parts")
            n = fmt_number(value["value"])
            if parts:
                return f"{n} ({' + '.join(fmt_number(p) for p in parts)})"
            return f"{q} {n}" if q and q != "exact" else n
    return " ".join(str(value).split())


def _conflict(c: StoryConflict) -> list[str]:
    lines = [f"- **{c.kind}** ({c.severity}) `{c.id}`: {c.summary}"]
    for side in c.sides:
        quote = f" — “{short(side.evidence[0].text.strip(_QUOTES), 120)}”" if side.evidence else ""
        lines.append(f"  - {side.source} [{side.article}]: {short(value_text(side.value), 160)}{quote}")
    if c.note:
        lines.append(f"  - note: {c.note}")
    return lines


def _story(st: Story, conflicts: list[StoryConflict]) -> list[str]:
    when = st.start if st.start == st.end else f"{st.start} – {st.end}" if st.start else ""
    copies = f" (+{len(st.duplicates)} duplicate{'s' if len(st.duplicates) != 1 else ''})" if st.duplicates else ""
    meta = " · ".join(x for x in (when, ", ".join(st.places[:3]),
                                  f"{len(st.articles)} article{'s' if len(st.articles) != 1 else ''}{copies}") if x)
    out = [f"## {st.id}: {st.title}", "", meta, "", f"- articles: {', '.join(st.articles)}"]
    if st.duplicates:
        out.append(f"- duplicates: {', '.join(f'{d} → {k}' for d, k in st.duplicates.items())}")
    if st.sources:
        out.append(f"- sources: {', '.join(st.sources)}")
    for e in st.events:
        date = f" — {e.date.text} ({e.date.start})" if e.date and e.date.start else ""
        place = f" — {e.location}" if e.location else ""
        out.append(f"- event **{e.type}**{date}{place}: {e.description} _[{len(e.mentions)} report(s)]_")
    for scope, heading in (("story", "Conflicts across articles"), ("article", "Conflicts within articles")):
        mine = [c for c in conflicts if c.scope == scope]
        if mine:
            out += ["", f"### {heading}", ""]
            for c in mine:
                out += _conflict(c)
    return out


def reconciliation_markdown(r: Reconciliation) -> str:
    articles = sum(len(s.articles) for s in r.stories)
    copies = sum(len(s.duplicates) for s in r.stories)
    head = (f"# Reconciliation: {articles} article(s){f' (+{copies} duplicate(s))' if copies else ''}, "
            f"{len(r.stories)} stor{'y' if len(r.stories) == 1 else 'ies'}, {len(r.conflicts)} conflict(s)")
    out = [head]
    for st in r.stories:
        out += ["", *_story(st, [c for c in r.conflicts if c.story == st.id])]
    if r.warnings:
        out += ["", "## Warnings", "", *(f"- {w}" for w in r.warnings)]
    return "\n".join(out) + "\n"
