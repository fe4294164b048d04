"""Dates for events the model left undated, found by code in the article's own words.

The model never types a date here: code picks one of the article's date expressions, and the caller
records the choice as a Repair. Two rules, in this order:

1. *Its own sentences*: the date expressions of the event's cited sentences, less the dateline (the
   report's date, not the incident's), dates of speech acts ("said today", "in a statement released
   yesterday"), the start or end of a state ("since 2 February", "until March") and dates after
   publication; the one nearest (in characters, within its sentence) to a word for the incident or to a
   casualty figure wins, on a tie the earliest in the article. A cited sentence without such a word
   ("on 3 February the president met the diplomats") gives none, it dates something else; except the
   first cited one, which reports the event (its date counts after every anchored one).
2. *The account it continues*: if its sentences hold none, the nearest such expression in the 1-3
   sentences before its first cited sentence, in the same report. Only for an incident (its type or
   description names one), when no sentence between them reports an incident (that sentence's date could
   be another incident's), and when the dating sentence shares a content word with the event's
   description or actors (it tells the same story).

Otherwise the event stays undated: a wrong date is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..normalize.core import find_time_expressions, resolve_time
from ..prepare.casualties import DEATH, INJURY, Figure
from ..prepare.sentences import Sentence
from .verify import date_problem, stems

_OTHER = frozenset({"other"})  # not a content word when matching an account to its event

__all__ = ["DATELINE", "INCIDENT", "SECTION", "Dating", "date_from_account", "date_from_cited", "dateline_span",
           "speech_date"]

BEFORE = 3  # sentences before the first cited one that may open its account

# words for a violent incident (an attack, its damage or its victims): the anchors of rule 1, and what
# makes a sentence between a dating sentence and the event "another incident" in rule 2
INCIDENT = re.compile(
    r"\b(attack\w*|bomb\w*|explo\w*|dynamit\w*|blew\s+up|blown\s+up|kidnap\w*|abduct\w*|hostages?|hijack\w*|"
    r"ambush\w*|massacr\w*|assassin\w*|murder\w*|kill\w*|slain|shot|shoot\w*|gunned|gunm[ae]n|"
    r"fired\s+(?:at|on)|set\s+(?:on\s+)?fire|burn(?:ed|ing|t)|arson\w*|torch\w*|raid\w*|clash\w*|sabotag\w*|"
    r"grenades?|mortars?|rockets?|stabb\w*|beheaded|lynch\w*)\b", re.I)
# a reporting verb: a date right beside it dates the statement, not what it reports
_REPORTING = (r"(?:said|says|say|told|tells|reported|reports|announced|announces|stated|states|denied|denies|"
              r"confirmed|confirms|added|adds|declared|declares|disclosed|revealed|noted|explained|claimed|"
              r"warned|released|issued|published|broadcast|indicated|asserted|affirmed|admitted|acknowledged|"
              r"deplored|condemned|charged|accused|insisted|stressed|emphasized|emphasised)")
_SPEECH_BEFORE = re.compile(rf"\b{_REPORTING}\s+(?:(?:on|in|at|early|late|earlier|later)\s+)?$", re.I)
_SPEECH_AFTER = re.compile(rf"\s*,?\s*(?:[\w'.-]+\s+){{0,3}}?{_REPORTING}\s+(?:that\b|:|[\"“])", re.I)
_STATE = re.compile(r"\b(?:since|until|till|ever\s+since)\s+(?:(?:early|mid|late|last)[\s-]+)?$", re.I)
# "CITY, 4 FEB 90 (AGENCY) --", "HAVANA (CUBA), 10 JAN 90 (RADIO ...) --", "WASHINGTON, Jan. 5 (Reuters) -"
DATELINE = re.compile(r"\A\s*[A-Z][^\n,.]{0,60},\s*(?P<date>[^\n()]{3,30}?)\s*(?:\([^)\n]{1,80}\)\s*)?"
                       r"(?:--|—|–|-\s)")
SECTION = re.compile(r"\[(?:TEXT|REPORT|COMMENTARY|STATEMENT|EXCERPT|SPEECH|INTERVIEW)\]", re.I)


@dataclass(frozen=True)
class Dating:
    """A date code found for an event: the sentence, the expression as written, and which rule."""

    sentence: int
    surface: str
    rule: str  # "cited" | "account"


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the dateline's date is written ("LIMA, 5 OCT 89 (EFE) --"), if the article opens with one."""
    m = DATELINE.match(text)
    if not m or not find_time_expressions(m["date"]):
        return None
    return m.start("date"), m.end("date")


def speech_date(sentence: str, start: int, end: int) -> bool:
    """The expression at ``sentence[start:end]`` dates a speech act: "said today", "denied on Monday that",
    "in a statement released yesterday", "today, sources reported that" (not "killed Monday, police said")."""
    return bool(_SPEECH_BEFORE.search(sentence[max(0, start - 40):start])
                or _SPEECH_AFTER.match(sentence, end, min(len(sentence), end + 60)))


def _candidates(sent: Sentence, dateline: tuple[int, int] | None,
                published: str | None) -> list[tuple[int, int, str]]:
    """The sentence's expressions that may date an incident, as (start, end, surface) in the sentence."""
    out = []
    for a, b, surface in find_time_expressions(sent.text):
        if dateline and dateline[0] <= sent.start + a < dateline[1]:
            continue
        if speech_date(sent.text, a, b) or _STATE.search(sent.text[max(0, a - 20):a]):
            continue
        ref = resolve_time(surface, published)
        if not ref["start"] or date_problem(ref["start"], published):
            continue
        if published and ref["start"] > published[:10]:  # an incident reported is not after its report
            continue
        out.append((a, b, surface))
    return out


def _anchors(text: str, event_type: str, figures: Iterable[Figure]) -> list[tuple[int, int]]:
    """Where the sentence names the incident (a word for it, the event's own type word) or a casualty."""
    spans = [m.span() for pat in (INCIDENT, DEATH, INJURY) for m in pat.finditer(text)]
    for word in re.findall(r"[a-z]{4,}", event_type.lower()):
        spans += [m.span() for m in re.finditer(rf"\b{re.escape(word[:5])}\w*", text, re.I)]
    for f in figures:
        at = text.find(f.text)
        if f.text and at >= 0:
            spans.append((at, at + len(f.text)))
    return spans


def _gap(a: int, b: int, spans: list[tuple[int, int]]) -> float:
    return min((max(0, s - b, a - e) for s, e in spans), default=float("inf"))


def date_from_cited(sentences: Sequence[Sentence], cited: Sequence[int], text: str, published: str | None,
                    event_type: str, figures: Sequence[Figure] = ()) -> Dating | None:
    """Rule 1: the date expression of the cited sentences nearest to the incident's words or figures."""
    dateline = dateline_span(text)
    best: tuple[float, int, int, str] | None = None
    for sent in sentences:
        if sent.idx not in cited:
            continue
        anchors = _anchors(sent.text, event_type, [f for f in figures if f.sentence == sent.idx])
        for a, b, surface in _candidates(sent, dateline, published):
            key = (_gap(a, b, anchors), sent.start + a, sent.idx, surface)
            if key[0] == float("inf") and sent.idx != min(cited):  # dates something else (see above)
                continue
            if best is None or key[:2] < best[:2]:
                best = key
    return Dating(best[2], best[3], "cited") if best else None


def date_from_account(sentences: Sequence[Sentence], cited: Sequence[int], text: str, published: str | None,
                      about: str, event_type: str = "") -> Dating | None:
    """Rule 2: the date of the sentence (1-3 before the first cited one) that opens the event's account.
    ``about``: the event's description and actors, which the dating sentence must share a word with. Only
    for an incident (its type or description names one): talks, a visit, a policy are not told that way."""
    if not cited or not any(p.search(f"{event_type} {about}") for p in (INCIDENT, DEATH, INJURY)):
        return None
    by_idx = {s.idx: s for s in sentences}
    first = min(cited)
    dateline = dateline_span(text)
    for back in range(1, BEFORE + 1):
        sent = by_idx.get(first - back)
        if sent is None:
            return None
        found = _candidates(sent, dateline, published)
        if found:
            if not stems(about, _OTHER) & stems(sent.text, _OTHER):
                return None  # the nearest dated sentence tells another story
            return Dating(sent.idx, found[-1][2], "account")  # the expression nearest the event's sentences
        if any(p.search(sent.text) for p in (INCIDENT, DEATH, INJURY, SECTION)):
            return None  # another incident sits between; or the report begins here
    return None
