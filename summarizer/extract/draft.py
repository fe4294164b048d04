"""Extract stage: the response model, the only contract with the LLM.

The model cites numbered sentences (``s``); code turns them into Spans. Validation
runs with the article as context (``ArticleContext``): every figure and date phrase
must occur in the item's evidence. Code repairs what it can prove from the text
(a figure cited from a sentence the model forgot, killed/injured swapped); what it
cannot goes back to the model through instructor's re-ask, with the reasons; on the
last attempt such items are dropped and named in the warnings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, Field, PrivateAttr, ValidationInfo, model_validator

from ..ground.align import fold
from ..llm.client import validation_context
from ..normalize.core import find_time_expressions, resolve_time
from ..normalize.event_types import map_event_type, stated_type, type_in_text
from ..prepare.casualties import Figure
from ..prepare.sentences import Sentence
from ..schema import Repair
from .dating import date_from_account, date_from_cited
from .describe import describe
from .incidents import elsewhere, figure_of, home_country, placed_elsewhere
from .limits import cap_items
from .verify import (
    NOT_IN_ARTICLE,
    addressed_to_model,
    count_problem,
    date_problem,
    in_article,
    latin,
    lead_headline,
    prose_problems,
    redact,
    speaker_position,
    stems,
)

__all__ = ["ArticleContext", "Draft", "DraftClaim", "DraftEvent"]



# list lengths in the schema only (a constrained decoder cannot loop in a list past them); a longer reply
# from an unconstrained endpoint is not refused for it: limits.py caps what is kept
_ACTORS, _CITED, _KEY_POINTS, _EVENTS, _CLAIMS = 6, 6, 5, 12, 30


class _Repairable(BaseModel):
    """A part of the draft that records what code did to its values (not part of the schema)."""

    _repairs: list[Repair] = PrivateAttr(default_factory=list)


class DraftEvent(_Repairable):
    type: str = Field(description="one word: attack, raid, airstrike, bombing, kidnapping, arrest, ...")
    what: str = Field(description="one short sentence")
    when: str | None = Field(description="date words exactly as written in the article, or null")
    where: str | None = Field(description="place as written, or null")
    country: str | None
    who: list[str] = Field(description="actors", json_schema_extra={"maxItems": _ACTORS})
    killed: int | None = Field(description="people killed, or null")
    injured: int | None = Field(description="people injured, or null")
    s: list[int] = Field(description="numbers of the supporting sentences", json_schema_extra={"maxItems": _CITED})


class DraftClaim(_Repairable):
    s: int = Field(description="sentence number")
    source: str = Field(description="who said it, as written")
    said: str = Field(description="what they said, short")


class Draft(_Repairable):  # its repairs are the headline's
    headline: str
    # asked, but code chooses the key points (ground/assemble.py): the small model copied the prompt's example
    # numbers in 34 of 38 dev replies. Left in the schema: a reply shaped otherwise lists fewer incidents
    # (BENCHMARKS section 18)
    key_points: list[int] = Field(description="numbers of the sentences that state the 3 most important facts",
                                  json_schema_extra={"maxItems": _KEY_POINTS})
    events: list[DraftEvent] = Field(json_schema_extra={"maxItems": _EVENTS})
    claims: list[DraftClaim] = Field(json_schema_extra={"maxItems": _CLAIMS})

    @model_validator(mode="after")
    def _grounded(self, info: ValidationInfo) -> "Draft":
        given = info.context or validation_context() or {}
        ctx = given.get("article")
        if isinstance(ctx, ArticleContext):
            ctx.check(self, given.get("attempt"))
        return self


_MORE_CITED = 2  # sentences code may cite for an event's description
_NEAR = 6  # of the sentences nearest the cited ones



# text addressed to a model rather than to readers: never cited by a repair
_INSTRUCTION = re.compile(r"\b(ignore (all |any )?(the )?(previous|prior|above|earlier) instructions|you are now|"
                          r"new instructions|admin mode|system prompt)\b|^\s*(system|assistant)\s*:", re.I | re.M)


@dataclass
class ArticleContext:
    """The article as validation context, plus what validation decided on each attempt."""

    text: str
    sentences: list[Sentence]
    figures: list[Figure] = field(default_factory=list)
    published: str | None = None
    max_attempts: int = 2
    attempts: int = 0
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    attributions: list = field(default_factory=list)  # code-found (attribution.Attribution), for pronoun speakers
    title: str | None = None
    _text_of: dict[int, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        # sentences addressed to an AI model: marked, never cited, never a source
        self.addressed = {s.idx for s in self.sentences if addressed_to_model(s.text)}
        self._text_of = {s.idx: s.text for s in self.sentences}  # built once: the checks look sentences up often

    def repair(self, item: _Repairable, name: str, was: object, now: object, why: str, note: str | None = None,
               *, checked: bool = False) -> None:
        """Record what code did to an item's value, on the item; a change of a value the model gave
        (not a citation added or a figure filled in) is also a line in the warnings. ``checked``: the caller
        has verified that ``was`` is the article's (a value composed of article figures, "7/none")."""
        conv = lambda v: [f"S{i}" for i in v] if name == "s" else v  # noqa: E731
        was = was if checked or in_article(was, self.text) else NOT_IN_ARTICLE  # an invented value is not repeated
        item._repairs.append(Repair(field=name, from_=conv(was), to=conv(now), why=redact(why, self.text)))
        self.notes.append(note or f"{name}: {was!r} -> {now!r} ({why})")

    def sentence_text(self, ids: list[int]) -> str:
        return " ".join(self._text_of[i] for i in ids if i in self._text_of)

    def check(self, draft: Draft, attempt: int | None = None) -> None:
        """Raise with every reason while re-asks remain; on the last attempt drop what is still
        ungrounded: an item without evidence entirely, a figure or date only from its item.
        ``attempt`` is the model call's number (a reply that wasn't even JSON counts too)."""
        self.attempts = attempt or self.attempts + 1
        final = self.attempts >= self.max_attempts
        problems: list[str] = []
        dropped: list[str] = cap_items(draft)  # bounded work: before any per-item check
        for ev in draft.events:
            self._uncite_addressed(ev)
        why = self._check_headline(draft, final)
        if why:
            problems.append(why)
        keep_ev = []
        for k, ev in enumerate(draft.events):
            grounded, whys = self._check_event(ev, final, [o for o in draft.events if o is not ev])
            problems += [f"events[{k}] ({ev.type}): {w}" for w in whys]
            if grounded:
                keep_ev.append(ev)
                dropped += [f"removed an ungrounded value from events[{k}] ({ev.type}): {w}" for w in whys]
            else:
                dropped += [f"dropped ungrounded events[{k}] ({ev.type}): {w}" for w in whys]
        for ev in list(keep_ev):
            keep_ev += self._split(ev)
        keep_ev += self._uncited_incidents(keep_ev)
        keep_cl = []
        for k, cl in enumerate(draft.claims):
            why = self._check_claim(cl)
            if why is None:
                keep_cl.append(cl)
                continue
            problems.append(f"claims[{k}]: {why}")
            dropped.append(f"dropped ungrounded claims[{k}]: {why}")
        if problems and not final:
            raise ValueError("Ungrounded items; fix or remove them:\n- " + "\n- ".join(problems))
        self.warnings += [f"S{i} is addressed to an AI model, not to readers: marked, never cited"
                          for i in sorted(self.addressed)]
        self.warnings += [redact(w, self.text) for w in dropped]
        draft.events, draft.claims = keep_ev, keep_cl  # key points: code chooses them (ground/assemble.py)
        self.warnings += [f"repaired headline: {r.why}" for r in draft._repairs]
        for key, items, label in (("events", keep_ev, lambda i: f" ({i.type})"), ("claims", keep_cl, lambda i: "")):
            for k, it in enumerate(items):
                self.warnings += [f"repaired {key}[{k}]{label(it)} {r.field}: {r.from_!r} → {r.to!r} ({r.why})"
                                  for r in it._repairs if _warned(r)]

    def _prose(self, wording: str, ids: list[int]) -> list[str]:
        return prose_problems(wording, self.sentence_text(ids), self.published, article=self.text)

    def _uncite_addressed(self, item: DraftEvent) -> None:
        bad = [i for i in item.s if i in self.addressed]
        if bad:
            kept = [i for i in item.s if i not in self.addressed]
            self.repair(item, "s", item.s, kept,
                        f"S{', S'.join(map(str, bad))} addressed to an AI model, not to readers")
            item.s = kept

    def _check_headline(self, draft: Draft, final: bool) -> str | None:
        """The headline names nothing the article lacks; on the last attempt code rebuilds it from the lead."""
        head = draft.headline.strip()
        if not head:
            return None
        source = self.text  # the whole article (a long one's part sees only its sentences), less what addresses a model
        for s in self.sentences:
            if s.idx in self.addressed:
                source = source.replace(s.text, " ")
        whys = (["it is addressed to an AI model"] if addressed_to_model(head) else []) + \
            prose_problems(head, source, self.published, article=self.text)
        if not whys:
            return None
        if final:
            rebuilt = lead_headline(self.title, [s.text for s in self.sentences if s.idx not in self.addressed])
            why = (f"{head!r} replaced by the {'title' if self.title else 'lead sentence'} of the article: "
                   f"{'; '.join(whys)}")
            draft._repairs.append(Repair(field="headline", from_=NOT_IN_ARTICLE, to=rebuilt,
                                         why=redact(why, self.text)))
            draft.headline = rebuilt
        return f"headline {head!r}: {'; '.join(whys)}"

    # -- per item ---------------------------------------------------------------
    def _valid_ids(self, ids: list[int]) -> list[int]:
        n = len(self.sentences)
        return [i for i in dict.fromkeys(ids) if 1 <= i <= n]

    def _check_event(self, ev: DraftEvent, final: bool, others: Sequence[DraftEvent] = ()) -> tuple[bool, list[str]]:
        """(has evidence, reasons); on the final attempt an ungrounded figure or date is cleared.
        ``others``: the reply's other events, whose own figures are not copied onto this one."""
        ev.s = self._valid_ids(ev.s)
        if not ev.s:
            return False, [f"cite the sentence numbers (S1..S{len(self.sentences)}) that report it"]
        if not ev.what.strip():  # none given: the article's own words
            ev.what = describe(self.sentences, ev.s, ev.type, self.figures,
                               [v for v in (ev.killed, ev.injured) if v is not None])
        if not self._supported(f"{ev.type} {ev.what}", ev.s) and not self._recite(ev, f"{ev.type} {ev.what}"):
            return False, [f"the cited sentences S{', S'.join(map(str, ev.s))} do not mention {ev.what!r}"]
        for kind in ("killed", "injured"):
            refused = count_problem(kind, getattr(ev, kind))
            if refused:
                self.repair(ev, kind, getattr(ev, kind), None, f"refused: {refused}")
                setattr(ev, kind, None)
        self._fix_swapped(ev)
        whys = []
        for kind in ("killed", "injured"):
            why = self._settle_figure(ev, kind, others)
            if why:
                whys.append(why)
                if final:
                    self.repair(ev, kind, getattr(ev, kind), None, f"removed: {why}")
                    setattr(ev, kind, None)
        if ev.when:
            surface = self._find_when(ev)
            if surface is None:
                whys.append(f"when={ev.when!r} is not a date expression in the cited sentences; "
                            "copy it as written or use null")
                if final:
                    self.repair(ev, "when", ev.when, None, "removed: not a date expression in the cited sentences")
                    ev.when = None
            else:
                ev.when = surface
                far = date_problem(resolve_time(surface, self.published)["start"], self.published)
                if far:
                    whys.append(f"when={ev.when!r}: {far}")
                    if final:
                        self.repair(ev, "when", ev.when, None, f"refused: {far}")
                        ev.when = None
        unsupported = self._complete_what(ev)  # judged once figures and dates have completed the citations
        if unsupported:
            return False, [f"what={ev.what!r}: {'; '.join(unsupported)} (the cited sentences)"]
        self._settle_type(ev)
        if not ev.when:  # none given, or removed above: the article's own date words, if they date it
            self._date_from_text(ev)
        return True, whys

    def _split(self, ev: DraftEvent) -> list[DraftEvent]:
        """The incidents ``ev``'s cited sentences place in another country (incidents.py), each made an event
        of its own and uncited from ``ev`` (repairs on both); a figure of ``ev`` only that sentence stated is
        corrected from its other sentences, else cleared."""
        by_id = {x.idx: x for x in self.sentences}
        cited = sorted(ev.s)
        home = home_country(ev.where, ev.country, by_id.get(cited[0]) if cited else None)
        out: list[DraftEvent] = []
        for i, written, name in elsewhere(self.sentences, cited, home):
            kept = [j for j in ev.s if j != i]
            self.repair(ev, "s", ev.s, kept, f"S{i} reports another incident, in {name}: an event of its own",
                        note=f"split S{i} from {ev.what[:40]!r}")
            ev.s = kept
            for kind in ("killed", "injured"):
                value = getattr(ev, kind)
                own = [f.value for f in self.figures if f.kind == kind and f.sentence in kept]
                if value is not None and value not in own:
                    now = int(max(own)) if own else None
                    self.repair(ev, kind, value, now, f"stated only in S{i}, another incident's sentence")
                    setattr(ev, kind, now)
            new = self._incident(i, written, name, [ev], f"split from the {ev.type} event: S{i} places its "
                                 f"incident in {name}, not {home}")
            out += [new] if new else []
        return out

    def _uncited_incidents(self, events: list[DraftEvent]) -> list[DraftEvent]:
        """Sentences no event cites that state a casualty figure of an incident they place in a country none
        of ``events`` is in (incidents.py), each an event of its own (a repair)."""
        by_id = {x.idx: x for x in self.sentences}
        homes = {h for e in events if e.s and (h := home_country(e.where, e.country, by_id.get(min(e.s))))}
        if not homes:
            return []
        cited = {i for e in events for i in e.s}
        counted = {f.sentence for f in self.figures}
        out: list[DraftEvent] = []
        for x in self.sentences:
            if x.idx in cited or x.idx in self.addressed or x.idx not in counted:
                continue
            found = placed_elsewhere(x.text, homes)
            if found:
                name = found[2]
                new = self._incident(x.idx, x.text[found[0]:found[1]], name, [*events, *out],
                                     f"S{x.idx} reports an incident in {name}, which no event cited")
                out += [new] if new else []
        return out

    def _incident(self, i: int, written: str, country: str, others: list[DraftEvent], why: str
                  ) -> DraftEvent | None:
        """An event code makes of sentence ``i``: its type, figures and date from that sentence's words, placed
        in ``country`` as written; checked like any other, None when it is not grounded."""
        text = self.sentence_text([i])
        new = DraftEvent(type=type_in_text(text) or "attack", what="", when=None, where=written, country=country,
                         who=[], killed=figure_of(self.figures, i, "killed"),
                         injured=figure_of(self.figures, i, "injured"), s=[i])
        grounded, _ = self._check_event(new, True, others)
        if not grounded:
            return None
        self.repair(new, "s", [], new.s, why, checked=True)
        return new

    def _settle_type(self, ev: DraftEvent) -> None:
        """A type no word of the cited sentences states ("arrest" for "the archbishop was killed by a sniper")
        becomes the type their words state, the description's sentence first (a repair); kept when none does."""
        kind = map_event_type(ev.type, ev.what)
        if stated_type(kind, self.sentence_text(ev.s)):
            return
        found = type_in_text(ev.what) or type_in_text(self.sentence_text(ev.s))
        if found and found != kind:
            self.repair(ev, "type", ev.type, found, "no word of the cited sentences states that type; "
                        "the new one is the type their words state")
            ev.type = found

    def _date_from_text(self, ev: DraftEvent) -> None:
        """Date an event the model left undated from the article's words (rules in dating.py): an expression
        of its cited sentences, else the one of the sentence that opens its account (which is then cited).
        Each is a repair; when neither rule finds one, the event stays undated."""
        usable = [s for s in self.sentences if s.idx not in self.addressed]
        found = date_from_cited(usable, ev.s, self.text, self.published, ev.type, self.figures)
        if found is not None:
            why = f"dated from its cited sentence S{found.sentence} ({found.surface!r})"
        else:
            found = date_from_account(usable, ev.s, self.text, self.published, " ".join([ev.what, *ev.who]),
                                      ev.type)
            if found is None:
                return
            self.repair(ev, "s", ev.s, sorted({*ev.s, found.sentence}), f"S{found.sentence} gives the date "
                        f"{found.surface!r}", note=f"cited S{found.sentence} for the date {found.surface!r}")
            ev.s = sorted({*ev.s, found.sentence})
            why = f"dated from S{found.sentence}, which opens the account ({found.surface!r})"
        self.repair(ev, "when", None, found.surface, why, note=f"when: dated {ev.what[:40]!r} {found.surface!r}")
        ev.when = found.surface

    def _complete_what(self, ev: DraftEvent) -> list[str]:
        """What the event's description says that its cited sentences lack; a sentence near them that supplies
        it (a name, a number, a date) is cited first, at most :data:`_MORE_CITED` of them, each recorded."""
        def problems(ids: list[int]) -> list[str]:
            return prose_problems(ev.what, self.sentence_text(ids), self.published, share=False, article=self.text)

        whys = problems(ev.s)
        for _ in range(_MORE_CITED):
            if not whys:
                break
            near = sorted((s.idx for s in self.sentences if s.idx not in ev.s and s.idx not in self.addressed),
                          key=lambda i: (min(abs(i - c) for c in ev.s), i))[:_NEAR]
            better = next(((i, w) for i in near if _missing(w := problems(sorted({*ev.s, i}))) < _missing(whys)), None)
            if better is None:
                break
            i, whys = better
            self.repair(ev, "s", ev.s, sorted({*ev.s, i}), f"S{i} states what its description says",
                        note=f"cited S{i} for {ev.what[:40]!r}")
            ev.s = sorted({*ev.s, i})
        return whys

    def _settle_figure(self, ev: DraftEvent, kind: str, others: Sequence[DraftEvent] = ()) -> str | None:
        """Keep a figure the text gives for this kind; cite the nearest sentence stating it if the model forgot;
        fill or correct it from the cited sentences' figures (the largest is the total, parts add up to it;
        a cited sentence dated another day than the event reports another incident: its figures are left out
        while others remain); else it is ungrounded. A figure stated only
        outside this event's sentences, in one that another event of another type cites, is that event's
        toll copied onto this one: it is not cited here but corrected from this event's sentences, or removed."""
        value = getattr(ev, kind)
        here = [f for f in self.figures if f.kind == kind and f.sentence in ev.s]
        if value is not None and any(f.value == value for f in here):
            return None
        if value:
            elsewhere = {f.sentence for f in self.figures if f.kind == kind and f.value == value}
            owner = self._toll_of(ev, others, elsewhere)
            if owner is not None and not here:
                sids = sorted(elsewhere & set(owner.s))
                self.repair(ev, kind, value, None, f"copied from the {owner.type} event: {kind}={value} is stated "
                            f"only in its sentences (S{', S'.join(map(str, sids))}), not in this event's")
                setattr(ev, kind, None)
                return None
            if elsewhere and owner is None:  # the nearest sentence that states it
                sid = min(elsewhere, key=lambda i: (min(abs(i - c) for c in ev.s), i))
                self.repair(ev, "s", ev.s, sorted({*ev.s, sid}), f"S{sid} states {kind}={value}",
                            note=f"cited S{sid} for {kind}={value}")
                ev.s = sorted({*ev.s, sid})
                return None
        if here:  # the cited sentences state a figure: the largest is the total (parts add up to it)
            own = self._of_its_day(ev, here)
            best = max(f.value for f in own)
            why = "corrected from the cited sentences" if value is not None else "filled from the cited sentences"
            if len(own) < len(here):
                ids = ", S".join(map(str, sorted({f.sentence for f in own})))
                why += f" (S{ids}: not a sentence dated another day)"
            self.repair(ev, kind, value, int(best), why)
            setattr(ev, kind, int(best))
            return None
        if value == 0 or value is None:
            if value == 0:
                self.repair(ev, kind, 0, None, "the text states no such figure: not given")
            setattr(ev, kind, None)  # "0" that the text never states means "not given"
            return None
        return f"{kind}={value} does not occur in the cited sentences near a word for {kind}"

    def _of_its_day(self, ev: DraftEvent, figures: list[Figure]) -> list[Figure]:
        """The figures not in a sentence that dates itself to another day than the event's: "killed on
        18 August" reports another incident than the event of 2 September. All of them when none is left."""
        day = resolve_time(ev.when, self.published) if ev.when else None
        if not day or not day["start"] or day["precision"] != "day":
            return figures

        def elsewhen(sid: int) -> bool:
            dates = [resolve_time(t, self.published) for _, _, t in find_time_expressions(self.sentence_text([sid]))]
            dates = [d for d in dates if d["start"] and d["end"]]
            return bool(dates) and all(d["end"] < day["start"] or d["start"] > day["end"] for d in dates)

        own = [f for f in figures if not elsewhen(f.sentence)]
        return own or figures

    def _toll_of(self, ev: DraftEvent, others: Sequence[DraftEvent], stated: set[int]) -> DraftEvent | None:
        """The other event (of another type) whose cited sentences state a figure ``ev``'s sentences do not."""
        kind = map_event_type(ev.type, ev.what)
        for o in others:
            ids = set(self._valid_ids(o.s))
            if stated & ids and not ids & set(ev.s) and map_event_type(o.type, o.what) != kind:
                return o
        return None

    def _supported(self, wording: str, ids: list[int]) -> bool:
        """The item's wording shares a content word (by 5-letter stem) with its cited sentences.
        Judged only where both are mostly in Latin script (English output of an Arabic article is not)."""
        said, source = stems(wording), self.sentence_text(ids)
        if not said:
            return True
        if not source.isascii():  # (all ASCII: Latin script, no count needed)
            letters = [c for c in source if c.isalpha()]
            if sum(c.isascii() for c in letters) < 0.5 * len(letters):  # another script: not judged
                return True
        return bool(said & stems(source))

    def _recite(self, item: DraftEvent, wording: str) -> bool:
        """Cite the sentence that shares the most content words (at least two) with the item's wording."""
        said = stems(wording)
        candidates = [s for s in self.sentences if not _INSTRUCTION.search(s.text) and s.idx not in self.addressed]
        best = max(candidates, key=lambda s: (len(said & stems(s.text)), -s.idx), default=None)
        if best is None or len(said & stems(best.text)) < 2:
            return False
        self.repair(item, "s", item.s, sorted({*item.s, best.idx}), f"S{best.idx} says it",
                    note=f"cited S{best.idx} for {wording[:40]!r}")
        item.s = sorted({*item.s, best.idx})
        return True

    def _check_claim(self, cl: DraftClaim) -> str | None:
        if not self._valid_ids([cl.s]):
            return f"s={cl.s} is not a sentence number (S1..S{len(self.sentences)})"
        sent = self.sentence_text([cl.s])
        src = re.sub(r"^(the|a|an)\s+", "", cl.source.strip(), flags=re.I)
        if not src or fold(src) not in fold(sent):
            return f"source {cl.source!r} is not named in S{cl.s}"
        if cl.s in self.addressed:
            return f"S{cl.s} is addressed to an AI model, not a statement"
        if latin(sent) and speaker_position(cl.source, sent) is None:  # English cues: Latin-script text only
            return (f"source {cl.source!r} is not the subject of a reporting verb in S{cl.s}: "
                    "a source is who says, reports or announces something")
        if src.lower() in ("he", "she", "they", "it", "we", "i"):
            before = [a for a in self.attributions if a.sentence < cl.s]
            if not before:
                return f"source {cl.source!r} in S{cl.s} refers to no named source before it"
            named = before[-1].resolved_from or before[-1].source
            self.repair(cl, "source", cl.source, named, f"the pronoun refers to the previous source, {named}")
            cl.source = named
        unsupported = prose_problems(cl.said, sent, self.published, share=False, article=self.text)
        if unsupported:
            return f"said={cl.said!r}: {'; '.join(unsupported)} (S{cl.s})"
        return None

    def _fix_swapped(self, ev: DraftEvent) -> None:
        """killed=7 where the text says "7 ... injured" (and the injured figure is a death toll or absent);
        injured=7 with no killed where the text gives 7 only as a death toll."""
        def kinds(v: int | None) -> set[str]:
            return {f.kind for f in self.figures if f.value == v}

        k, i = ev.killed, ev.injured
        if not k and i and kinds(i) == {"killed"}:  # "injured=59" where the text gives 59 only as a death toll
            self.repair(ev, "killed/injured", f"none/{i}", f"{i}/none", f"swapped: the article gives {i} as killed",
                        checked=True)
            ev.killed, ev.injured = i, None
            return
        if k and kinds(k) == {"injured"} and (not i or kinds(i) == {"killed"}):
            # both values are the article's figures (that is the test above): shown as they were, not redacted
            why = f"swapped: the article gives {k} as injured" + (f" and {i} as killed" if i else "")
            self.repair(ev, "killed/injured", f"{k}/{i or 'none'}", f"{i or 'none'}/{k}", why, checked=True)
            ev.killed, ev.injured = i or None, k

    def _find_when(self, ev: DraftEvent) -> str | None:
        """The article's own surface form for the model's date words: the same words in the
        evidence, or an expression there that resolves to the same dates ("2 feb 90" → "2 FEBRUARY");
        failing that, the same words in a sentence the model did not cite (which is then cited)."""
        want = fold(ev.when or "")
        value = _span(resolve_time(ev.when or "", self.published))
        for sid in ev.s:
            for _, _, surface in find_time_expressions(self.sentence_text([sid])):
                fs = fold(surface)
                if fs == want or (len(want) > 3 and (want in fs or fs in want)):
                    return surface
                if value and _span(resolve_time(surface, self.published)) == value:
                    self.repair(ev, "when", ev.when, surface, "the article's wording for the same date")
                    return surface
        if want and want in fold(self.sentence_text(ev.s)):
            return ev.when
        for s in self.sentences:
            for _, _, surface in find_time_expressions(s.text):
                if fold(surface) == want:
                    self.repair(ev, "s", ev.s, sorted({*ev.s, s.idx}), f"S{s.idx} gives the date {surface!r}",
                                note=f"cited S{s.idx} for the date {surface!r}")
                    ev.s = sorted({*ev.s, s.idx})
                    return surface
        return None


def _missing(whys: list[str]) -> int:
    """How many things the reasons name (each is quoted: "names 'A', 'B' not in the source" is two)."""
    return sum(max(1, len(re.findall(r"'[^']*'|\"[^\"]*\"", w))) for w in whys)


def _warned(r: Repair) -> bool:
    """A repair named in the warnings too: a value the model gave was changed (not merely cited or filled in)."""
    return r.field != "s" and r.from_ is not None and not r.why.startswith("removed:")


def _span(ref: dict) -> tuple[str, str] | None:
    return (ref["start"], ref["end"]) if ref["start"] else None
