"""Ground + normalize: a validated Draft and the code-found attributions become the
contract's events, claims and key points, with Spans, resolved dates, numbers and
canonical sources.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..extract.draft import ArticleContext, Draft, DraftClaim, DraftEvent
from ..normalize.core import canonical_sources, find_numbers, find_time_expressions, resolve_time, source_kind
from ..normalize.event_types import category_of, map_event_type
from ..prepare.attribution import Attribution
from ..prepare.casualties import Figure
from ..schema import Article, Casualty, Claim, Event, KeyPoint, Location, Quantity, Repair, Source, TimeRef
from .align import align, fold, sentence_spans, span_of
from .event_fields import ADMIN_WORDS, Place, settle_actors, settle_place

__all__ = ["build_claims", "build_events", "build_key_points", "choose_key_points"]

_GROUP_STOP = re.compile(r"^(?:were|was|are|is|have|has|had|in|on|at|of|and|during|including|who|from|by|after|"
                         r"while|as|to|with|due|for|among|,|\.)$", re.I)
_YEARLIKE = re.compile(r"^(1[89]|20)\d\d$")


KEY_POINTS = 3  # key points code chooses


def build_key_points(draft: Draft, ctx: ArticleContext) -> list[KeyPoint]:
    """The sentences that state the most important facts, as the article writes them, each fact once, chosen
    by code (:func:`choose_key_points`). The reply's own ``key_points`` are not used: the small embedded model
    copied the prompt's example numbers ([1, 4, 7]) in 34 of 38 dev replies."""
    return [KeyPoint(text=_said(ctx, i), evidence=sentence_spans([i], ctx.sentences, ctx.text))
            for i in choose_key_points(draft, ctx)]


def choose_key_points(draft: Draft, ctx: ArticleContext, n: int = KEY_POINTS) -> list[int]:
    """Up to ``n`` sentence numbers, in article order: the main event's toll and date sentences, the lead,
    each other event's first sentence, the main event's other sentences, then the article in order. Left
    out: a sentence addressed to a model, a heading (under 6 words), a near-repeat of a chosen one, and a
    sentence whose casualty figures repeat or add up to a chosen one's (a breakdown: "five ... were
    injured, while two ..." after "7 US soldiers were injured")."""
    usable = [s.idx for s in ctx.sentences if s.idx not in ctx.addressed and not _heading(_said(ctx, s.idx))]
    events = [e for e in draft.events if e.s]
    main = max(events, key=lambda e: e.killed or 0) if events else None
    order = _main_facts(main, ctx) + usable[:1]
    order += [e.s[0] for e in events if e is not main] + (main.s if main else []) + usable
    chosen: list[int] = []
    for i in dict.fromkeys(order):
        if len(chosen) == n:
            break
        if i not in usable or _restates(ctx.figures, i, chosen) or \
                any(_repeats(_said(ctx, j), _said(ctx, i)) for j in chosen):
            continue
        chosen.append(i)
    return sorted(chosen)


def _heading(text: str) -> bool:
    """Too short to state a fact: under 6 words, or under 12 characters where words are not spaced (Chinese)."""
    return len(text.split()) < 6 and (text.isascii() or len(text) < 12 or " " in text.strip())


def _restates(figures: list[Figure], i: int, chosen: list[int]) -> bool:
    """Sentence ``i`` states casualty figures, and each kind of them repeats a chosen sentence's figure of
    that kind or adds up to one (7 injured = 5 + 2): it tells no new toll."""
    mine: dict[str, list[float]] = {}
    for f in figures:
        if f.sentence == i:
            mine.setdefault(f.kind, []).append(f.value)
    shown = {(f.kind, f.value) for f in figures if f.sentence in chosen}
    return bool(mine) and all(all((k, v) in shown for v in vals) or (k, sum(vals)) in shown
                              for k, vals in mine.items())


_REPEAT = 85  # rapidfuzz token_sort_ratio at which two sentences with the same names and numbers say one thing
_MARKS = re.compile(r"\b(?:\w*\d\w*|[A-Z]\w*)")


def _repeats(a: str, b: str) -> bool:
    """``b`` says what ``a`` says: the same numbers and names (after each one's first word), nearly the same words."""
    def marks(s: str) -> set[str]:
        return set(_MARKS.findall(s.split(" ", 1)[1] if " " in s else ""))

    return marks(a) == marks(b) and fuzz.token_sort_ratio(a, b) >= _REPEAT


def _said(ctx: ArticleContext, i: int) -> str:
    return " ".join(ctx.sentence_text([i]).split())


def _main_facts(main: DraftEvent | None, ctx: ArticleContext) -> list[int]:
    """The main event's sentences (of its cited ones first) that state its death toll and its date."""
    if main is None:
        return []
    facts = []
    if main.killed:
        toll = {f.sentence for f in ctx.figures if f.kind == "killed" and f.value == main.killed}
        facts += (sorted(toll & set(main.s)) or sorted(toll))[:1]
    if main.when:
        when = fold(main.when)
        facts += sorted({s.idx for s in ctx.sentences if when in fold(s.text)} & set(main.s))[:1]
    return facts


def build_events(draft: Draft, ctx: ArticleContext, article: Article) -> list[Event]:
    events: list[Event] = []
    for ev in draft.events:
        e = _event(len(events) + 1, ev, ctx, article)
        twin = next((o for o in events if _same_incident(o, e)), None)
        if twin is None:
            events.append(e)
        else:
            _merge(twin, e)
            ctx.warnings.append(f"merged a duplicate {e.type!r} event into {twin.id} (same day, a shared figure)")
    return events


def _same_incident(a: Event, b: Event) -> bool:
    """One incident reported twice: the same resolved day, a shared casualty figure, and the same type or a
    shared evidence sentence (a strike elsewhere on the same day, with a figure copied onto it, stays apart)."""
    if not (a.date and b.date and a.date.start and a.date.start == b.date.start):
        return False
    if not _figures(a) & _figures(b):
        return False
    shared = {(s.start, s.end) for s in a.evidence} & {(s.start, s.end) for s in b.evidence}
    return a.type == b.type or bool(shared)


def _figures(e: Event) -> set[tuple[str, int]]:
    return {(k, n) for c in e.casualties for k in ("killed", "injured") if (n := getattr(c, k))}


def _merge(into: Event, other: Event) -> None:
    seen = {(s.start, s.end) for s in into.evidence}
    into.evidence = sorted([*into.evidence, *(s for s in other.evidence if (s.start, s.end) not in seen)],
                           key=lambda s: s.start)
    names = {a.name.lower() for a in into.actors}
    into.actors += [a for a in other.actors if a.name.lower() not in names]
    groups = {c.group for c in into.casualties}
    into.casualties += [c for c in other.casualties if c.group not in groups]
    into.location = into.location or other.location
    into.repairs += other.repairs


def _event(k: int, ev: DraftEvent, ctx: ArticleContext, article: Article) -> Event:
    evidence = sentence_spans(ev.s, ctx.sentences, ctx.text)
    repairs, label = list(ev._repairs), f"e{k} ({ev.type.strip().lower() or 'event'})"
    place = settle_place(ev, ctx, repairs, ctx.warnings, label)
    actors = settle_actors(ev, ctx, repairs, ctx.warnings, label)
    date = TimeRef(**resolve_time(ev.when, article.published)) if ev.when else None
    casualties: list[Casualty] = []
    for field_name, value in (("killed", ev.killed), ("injured", ev.injured)):
        if value is None:
            continue
        group = _group_after(value, ctx.sentence_text(ev.s)) or "people"
        same = next((c for c in casualties if c.group == group), None)
        if same:
            setattr(same, field_name, value)
        else:
            casualties.append(Casualty(group=group, **{field_name: value}))
    etype = map_event_type(ev.type, ev.what)
    return Event(
        id=f"e{k}", type=etype, type_text=ev.type.strip() or None, category=category_of(etype),
        description=ev.what.strip(), date=date,
        location=_location(place), actors=actors,
        casualties=casualties, evidence=evidence, repairs=repairs,
    )


def _group_after(value: float, text: str) -> str | None:
    """The noun phrase after a figure: "7 US soldiers were injured" → "US soldiers"."""
    for n in find_numbers(text):
        if n.value != value:
            continue
        words: list[str] = []
        for w in re.findall(r"[\w'-]+|[,.]", text[n.end:n.end + 60]):
            if _GROUP_STOP.match(w) or len(words) == 3:
                break
            words.append(w)
        if words and words[0].lower() != "of":
            return " ".join(words)
    return None


def _location(p: Place) -> Location | None:
    """The contract's Location; admin1 is the place's own "X province" part, else the derived state."""
    where, country = p.where, p.country
    if not where and not country:
        return None
    parts = [x.strip() for x in (where or country or "").split(",") if x.strip()]
    admin1 = next((re.sub(ADMIN_WORDS, "", x).strip() for x in parts if ADMIN_WORDS.search(x)), None) or None
    derived = [d for d in p.derived if d != "admin1" or not admin1]
    place = parts[0] if parts and not ADMIN_WORDS.search(parts[0]) else None
    return Location(text=where or country or "", country=country, admin1=admin1 or p.admin1, place=place,
                    span=p.span if where else None, derived=derived)


def build_claims(attributions: list[Attribution], extra: list[DraftClaim], ctx: ArticleContext,
                 article: Article) -> list[Claim]:
    """Claims from code-found attributions, plus the model's extras in sentences they don't cover."""
    text = ctx.text
    rows: list[tuple[str, str, int, int, bool, str | None]] = []
    repairs: dict[int, list[Repair]] = {}  # content start → what code did to the model's claim
    for a in attributions:
        rows.append((a.resolved_from or a.source, a.cue, a.content_start, a.content_end, a.direct_quote,
                     a.source if a.resolved_from else None))
    covered = {a.sentence for a in attributions}
    by_id = {s.idx: s for s in ctx.sentences}
    for cl in extra:
        if cl.s in covered or cl.s not in by_id:
            continue
        s = by_id[cl.s]
        sp = align(cl.said, text, s.start, s.end) or span_of(text, s.start, s.end)
        rows.append((cl.source, "said", sp.start, sp.end, False, None))
        repairs[sp.start] = list(cl._repairs)
        covered.add(cl.s)
    rows.sort(key=lambda r: r[2])
    canon = canonical_sources([r[0] for r in rows], text)
    claims = []
    for k, (src, cue, start, end, quoted, pronoun) in enumerate(rows, 1):
        content = text[start:end]
        name = pronoun or src
        canonical = canon.get(src, src)
        claims.append(Claim(
            id=f"c{k}", source=Source(name=name, canonical=canonical, kind=source_kind(canonical)), cue=cue,
            content=content, direct_quote=quoted, quantities=_quantities(content),
            time=_claim_time(start, ctx, article), evidence=[span_of(text, start, end)],
            repairs=repairs.get(start, []),
        ))
    return claims


def _quantities(content: str) -> list[Quantity]:
    out = []
    for n in find_numbers(content):
        if _YEARLIKE.match(n.text) or re.search(r"\d[-/]$", content[:n.start]):
            continue
        out.append(Quantity(value=n.value, about=_group_after(n.value, content[n.start:]), qualifier=n.qualifier))
    return out


def _claim_time(start: int, ctx: ArticleContext, article: Article) -> TimeRef | None:
    """The first date expression in the claim's sentence (when the statement or its subject happened)."""
    sent = next((s for s in ctx.sentences if s.start <= start < s.end), None)
    if sent is None:
        return None
    found = find_time_expressions(sent.text)
    return TimeRef(**resolve_time(found[0][2], article.published)) if found else None
