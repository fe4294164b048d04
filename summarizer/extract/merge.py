"""A long article's parts' drafts merged into one, in article-wide sentence numbers."""

from __future__ import annotations

from .draft import ArticleContext, Draft, DraftClaim, DraftEvent

__all__ = ["merge_drafts"]


def merge_drafts(drafts: list[Draft], numbering: list[list[int]], contexts: list[ArticleContext],
                 context: ArticleContext) -> Draft:
    """Parts' drafts → one, in article-wide sentence numbers (``numbering[k][i - 1]`` is the
    number of part k's S<i>). An item seen by two parts (the overlap) is kept once: same cited
    sentence for key points, same type and a shared sentence for events
    (their citations joined), same sentence for claims."""
    if len(drafts) == 1:
        return drafts[0]
    key_points: list[int] = []
    events: list[DraftEvent] = []
    claims: dict[int, DraftClaim] = {}
    event_at: dict[tuple[str, int], DraftEvent] = {}  # (type, cited sentence) → the event citing it
    for k, (d, part_ids, part_context) in enumerate(zip(drafts, numbering, contexts, strict=True), 1):
        def g(cited: list[int], part_ids: list[int] = part_ids) -> list[int]:
            return sorted({part_ids[i - 1] for i in cited if 1 <= i <= len(part_ids)})

        key_points += [i for i in g(d.key_points) if i not in key_points]
        for ev in d.events:
            ev = ev.model_copy(update={"s": g(ev.s)})
            kind = ev.type.strip().lower()
            twin = next((event_at[kind, i] for i in ev.s if (kind, i) in event_at), None)
            if twin is None:
                events.append(ev)
                twin = ev
            else:
                twin.s = sorted({*twin.s, *ev.s})
                for name in ("when", "where", "country", "killed", "injured"):
                    if getattr(twin, name) is None:
                        setattr(twin, name, getattr(ev, name))
            event_at.update({(kind, i): twin for i in twin.s})
        for cl in d.claims:
            sid = g([cl.s])
            if sid and sid[0] not in claims:
                claims[sid[0]] = cl.model_copy(update={"s": sid[0]})
        context.warnings += [f"part {k} of {len(drafts)}: {w}" for w in part_context.warnings]
    context.warnings.insert(0, f"long article: read in {len(drafts)} overlapping parts")
    key_points.sort()
    events.sort(key=lambda ev: ev.s)
    first = next((d for d in drafts if d.headline.strip()), None)
    merged = Draft.model_construct(headline=first.headline if first else "", key_points=key_points, events=events,
                                   claims=list(claims.values()))
    merged._repairs = list(first._repairs) if first else []
    return merged
