"""Vote counts, however they are worded: "passed 52-48", "by 52 votes to 48", "with 52 in favour and 48 against",
"52 senators voted for the bill", "approved with 52 votes".

Each count is a side (for, against, abstain) of a vote on a thing (the motion, the bill, ...), told
apart by the chamber or round it names ("the Senate", "the committee", "the second reading").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize.core import Number

__all__ = ["Tally", "tallies"]


@dataclass(frozen=True)
class Tally:
    side: str  # for | against | abstain; "for/percent", "against/percent" for shares ("54% to 46%")
    number: Number
    thing: str  # what was voted on: "motion", "bill"; "" when the sentence does not say
    marks: frozenset[str]  # chamber or round: {"senate"}, {"second reading"}


_CONTEXT = re.compile(r"\b(?:pass\w*|approv\w*|adopt\w*|reject\w*|defeat\w*|carried|vot\w*|ballot|margin|tally|"
                      r"endorsed|backed|ratif\w*|confirm\w*|elected|won)\b[^.;]{0,40}$", re.I)
_AGAINST_FIRST = re.compile(r"\b(?:reject\w*|defeat\w*|fail\w*|voted down|vote down|against|blocked|sank)\b"
                            r"[^.;]{0,40}$", re.I)
# "52-48", "52 votes to 48", "54% to 46%": the two sides of one split
_PAIR = re.compile(r"^\s*(?:%|percent|per cent)?\s*(?:votes?\s+)?(?:-|–|-to-|to)\s*$", re.I)
_FOR = re.compile(r"^\s+(?:(?:votes?|ayes|yeas|yes votes)\s+(?:in favou?r|for)\b|in favou?r\b)", re.I)
_AGAINST = re.compile(r"^\s+(?:(?:votes?)\s+)?(?:against|opposed|noes|nays)\b|^\s+no votes\b", re.I)
_ABSTAIN = re.compile(r"^\s+(?:abstentions?|abstained|(?:[a-z]+\s+)?abstained)\b", re.I)
_VOTED = re.compile(r"^\s+(?:[a-z]+\s+){0,2}?(?:had\s+|have\s+|has\s+)?voted\s+(?P<how>for|in favou?r|to approve|"
                    r"to adopt|to pass|to back|yes|against|no|to reject|to block)\b", re.I)
_WITH_VOTES = re.compile(r"\b(?:pass\w*|approv\w*|adopt\w*|carried|won|secured|received|got|backed|ratified|"
                         r"elected|re-elected|polled|garnered|collected|captured|took)\b[^.;]{0,40}$", re.I)
# whose votes: "Okafor's tally of 16,900 votes", "Reyes received 15,110 votes", "was elected ... with 18,240 votes",
# "16,900 votes for Okafor"
_OWNER_BEFORE = re.compile(r"\b([A-Z][a-z]+)['’]s\s+(?:tally|total|haul|count)\s+of\s+$")
_CANDIDATE_BEFORE = re.compile(r"(?<![A-Za-z])((?:[A-Z][a-z]+\s+)*[A-Z][a-z]+)\s+"
                               r"(?:was\s+(?:re-?)?elected\b[^.;,]{0,60}?|(?:won|received|got|secured|polled|took|garnered|collected|captured)\b"
                               r"(?:[^.;,]{0,60}?\bwith)?\s+)"
                               r"(?:with\s+)?(?:(?:about|nearly|some|more than|over|just over|just under)\s+)?$")
_FOR_NAME = re.compile(r"^\s+votes?\s+for\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)")
_THINGS = re.compile(r"\b(motion|bill|law|amendment|resolution|budget|proposal|plan|deal|agreement|treaty|nomination|"
                     r"reform|ordinance|referendum|constitution|merger|ban|package|legislation|appointment|"
                     r"measure|charter|decree|accord|pact)s?\b", re.I)
_CHAMBER = re.compile(r"\b(senate|house|assembly|committee|chamber|council|parliament|congress|lords|commons|panel|"
                      r"board|shareholders|cabinet|(?:first|second|third|final|preliminary|earlier|initial|runoff|"
                      r"run-off)\s+(?:vote|reading|round|ballot))\b", re.I)


def tallies(sentence: str, numbers: list[Number]) -> list[Tally]:
    """The vote counts among ``numbers`` (found in ``sentence``), each with its side."""
    found: list[tuple[str, Number]] = []
    used: set[int] = set()
    for k, n in enumerate(numbers):
        if k in used:
            continue
        after, before = sentence[n.end:], sentence[:n.start]
        if re.search(r"[$€£¥₹]\s?$|\b(?:USD|EUR|GBP)\s?$", before):
            continue  # an amount of money, not a vote
        nxt = numbers[k + 1] if k + 1 < len(numbers) else None
        if nxt and _PAIR.match(sentence[n.end:nxt.start]) and (
                _CONTEXT.search(before) or re.match(r"^\s*votes?\b", sentence[nxt.end:])
                or re.match(r"^\s*votes?\s+to", after)):
            first, second = ("against", "for") if _AGAINST_FIRST.search(before) else ("for", "against")
            if re.match(r"^\s*(?:%|per)", sentence[n.end:nxt.start]):  # shares of the vote, not counts
                first, second = f"{first}/percent", f"{second}/percent"
            found += [(first, n), (second, nxt)]
            used.add(k + 1)
            continue
        voted = _VOTED.match(after)
        if voted:
            how = voted.group("how").lower()
            found.append(("against" if how in ("against", "no", "to reject", "to block") else "for", n))
        elif _FOR.match(after) and (re.match(r"^\s+(?:votes?|ayes|yeas)", after) or re.search(r"\bwith\s+$", before)
                                    or _CONTEXT.search(before) or re.match(r"^\s+in favou?r\s+and\s+\d", after)):
            found.append(("for", n))
        elif _AGAINST.match(after) and (found or re.match(r"^\s+votes?", after) or _CONTEXT.search(before)):
            found.append(("against", n))
        elif _ABSTAIN.match(after) and (found or _CONTEXT.search(before)):
            found.append(("abstain", n))
        elif re.match(r"^\s+votes?\b", after) and (_WITH_VOTES.search(before) or _OWNER_BEFORE.search(before)):
            found.append(("for", n))
    if not found:
        return []
    thing = _THINGS.search(sentence)
    marks = frozenset(m.group(1).lower() for m in _CHAMBER.finditer(sentence))
    return [Tally(side, n, _candidate(sentence, n) or (thing.group(1).lower() if thing else ""), marks)
            for side, n in found]


def _candidate(sentence: str, n: Number) -> str:
    """The person whose votes ``n`` counts, by surname ("candidate:okafor"), when the sentence says so."""
    before, after = sentence[:n.start], sentence[n.end:]
    m = _OWNER_BEFORE.search(before) or _CANDIDATE_BEFORE.search(before) or _FOR_NAME.match(after)
    if not m or not re.match(r"^\s+votes?\b", after):
        return ""
    name = m.group(1).split()[-1]
    return "" if _THINGS.fullmatch(name.lower()) or _CHAMBER.fullmatch(name.lower()) else f"candidate:{name.lower()}"
