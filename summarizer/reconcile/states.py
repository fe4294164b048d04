"""State changes and states that cannot both hold: "the bridge reopened" / "the bridge remains closed".

Each statement puts a subject on an axis (open, free, in office, alive, in force, confirmed) with a
polarity, as a ``change`` ("reopened", "was released", "resigned", "was lifted"), a ``persist``
("remains closed", "is still being held", "remains in office", "has not reopened") or a ``state``
("is alive", "is in force"). Two changes of one subject in opposite directions are a sequence
(closed, then reopened); a state or persistence against the opposite state, or against a change
reported no later, is a ``contradiction``. What is said *will* be ("will stay open on Monday", "will be closed
on Monday") meets only another future state, on overlapping days; a structure that "held" meets one that "gave
way"; "has been charged" meets "was released without charge" only for one person by the head noun of each
sentence's opening phrase (the driver / a man who was driving, never the driver / a passenger).
A negation turns a change into the opposite persistence
("has not been released" = still held). Pairs meet by axis; subjects must share a word and nest.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from ..normalize.core import find_time_expressions, resolve_time
from ..schema import ArticleSummary, Conflict, ConflictSide, Span, TimeRef
from .checkable import memo, sentences, sources, voice
from .events import day_range, gap_days
from .text import CALENDAR, STOP_WORDS, short, stem, words

__all__ = ["State", "state_conflicts", "states"]

_MAX_SIDE = 200  # statements of one polarity on one axis compared; more is a list, not a dispute


@dataclass
class State:
    article: str
    source: str
    axis: str  # open | free | office | alive | force | confirmed | decided | held
    positive: bool
    kind: str  # change | persist | state | outcome (of a decision or a fixture: told the same day, one holds)
    subject: frozenset[str]
    names: frozenset[str]  # capitalized words of the subject
    evidence: Span
    published: str | None
    text: str  # the words that say it
    claim: bool = False  # the subject is what a that-clause asserts ("denied that it had agreed a price")
    noun: str = ""  # the subject's head noun: the last word before its first preposition ("the dam above X": dam)
    days: tuple = ()  # of a future state: the days its sentence names after it ("will be closed on Monday")
    until: bool = False  # a future state bounded by "until": a sequence may follow
    pre: frozenset[str] = frozenset()  # words before the head noun ("the main road": main); an action: its object
    indefinite: bool = False  # the subject is "a …": maybe another one ("a smaller dam at X gave way")
    anaphor: bool = False  # an action's object is a bare definite noun ("did not attend the ceremony"): the story's
    lead: str = ""  # the head noun of the sentence's opening phrase ("The driver of a van that …": driver)
    around: frozenset[str] = frozenset()  # every word before the statement in its sentence
    head: frozenset[str] = frozenset()  # a that-clause's own subject ("the night shift at X": night, shift)


_STILL = r"(?:remains?|remained|stays?|stayed|is still|are still|was still|were still|still|continues? to be)"
_BE = r"(?:is|are|was|were|has been|have been|had been|'s)"
_NEG = r"(?:not|never|n[’']t)"
# (pattern, axis, positive, kind, takes an object after the verb)
_LEXICON: list[tuple[str, str, bool, str, bool]] = [
    # bail granted or refused at one hearing: "granted bail to X" / "X was denied bail"
    (r"\b(?:granted|given)\s+(?:conditional\s+)?bail\b|\bbail\s+(?:was|has been)\s+granted\b",
     "bail", True, "outcome", True),
    (r"\b(?:denied|refused|was refused|was denied|were denied)\s+bail\b|\bbail\s+(?:was|has been)\s+(?:refused|"
     r"denied)\b|\bremanded\s+in\s+custody\b", "bail", False, "outcome", False),
    # standing again or not: "will seek a second term" / "has ruled out running again"
    (r"\b(?:will|would|is to|plans to|intends to)\s+(?:seek|run for|stand for)\s+(?:a\s+(?:second|third|fourth|new)|"
     r"another|re-?election)|\b(?:will|would)\s+(?:run|stand)\s+again\b", "standing", True, "state", False),
    (r"\bruled\s+out\s+(?:running|standing|seeking)\b|\b(?:will|would)\s+not\s+(?:run|stand|seek)\b|"
     r"\bwon[’']t\s+(?:run|stand|seek)\b", "standing", False, "state", False),
    # what is said will be, at a time: "will stay open on Monday" / "will be closed on Monday"
    (r"\b(?:will|would)\s+(?:stay|remain|be kept)\s+open\b", "open", True, "future", False),
    (r"\b(?:will|would)\s+(?:be\s+)?(?:closed|close|shut|shut down)\b(?!\s+(?:ranks|a deal|the deal|talks))",
     "open", False, "future", False),
    # a charge brought against a release without one, told the same day ("has been charged with" / "was released
    # without charge")
    (r"\b(?:has|have|had)\s+been\s+charged\b|\b(?:was|were)\s+charged\s+with\b", "charged", True, "outcome", False),
    (r"\b(?:released|freed|let go|bailed)\s+without\s+(?:charge|being charged)\b", "charged", False, "outcome",
     False),
    # a structure or a truce that held against one that gave way ("the dam held overnight" / "gave way overnight")
    (r"(?<!was )(?<!were )(?<!been )(?<!being )(?<!is )(?<!are )\b(?:held|held firm|held fast|withstood the \w+)"
     r"(?=\s*(?:overnight|despite|throughout|through the|against|[,.;]|$))", "intact", True, "persist", False),
    (r"\b(?:gave way|collapsed|burst|caved in|crumbled|(?:was|were) breached|broke apart)\b", "intact", False,
     "change", False),
    (rf"\b{_STILL}\s+(?:open|in operation|operating)\b", "open", True, "persist", False),
    (rf"\b{_STILL}\s+(?:closed|shut|sealed off|blocked|out of service|suspended|halted)\b", "open", False, "persist",
     False),
    (r"\b(?:has|have) yet to (?:re-?open|be re-?opened)\b", "open", False, "persist", False),
    (r"\b(?:re-?opened|(?:is|are) back open|resumed|restarted)\b", "open", True, "change", True),
    (r"\b(?:is|are|was|were)\s+(?:operating|in operation|functioning)\b|\b(?:continuing|continued|running)\s+"
     r"(?:normally|as normal)\b", "open", True, "state", False),
    (rf"\b(?:{_BE}\s+)?(?:closed|shut down|shut|sealed off)\b(?!\s+(?:ranks|eyes|a deal|the deal|talks))", "open",
     False, "change", True),
    (rf"\b{_STILL}\s+(?:being\s+)?(?:held|detained|in custody|in detention|behind bars|in jail|in prison|jailed)\b",
     "free", False, "persist", False),
    (r"\b(?:is|are)\s+(?:being\s+held|in custody|in detention|behind bars)\b", "free", False, "state", False),
    (rf"\b{_STILL}\s+(?:at large|free|on the run)\b|\b(?:is|are) (?:at large|on the run)\b", "free", True, "persist",
     False),
    (r"\b(?:released|freed|set free|let go)\b", "free", True, "change", True),
    (r"\b(?:detained|arrested|jailed|imprisoned|taken into custody)\b", "free", False, "change", True),
    (rf"\b{_STILL}\s+in\s+(?:office|power|post|his post|her post|charge)\b|\brefused to (?:resign|step down)\b",
     "office", True, "persist", False),
    (r"\b(?:resigned|stepped down|quit|was sacked|was dismissed|was ousted|was removed from office)\b", "office",
     False, "change", False),
    # in hospital or out of it: "was discharged from hospital" / "remains in intensive care"
    (r"\b(?:was|were|has been|have been|had been)\s+(?:discharged|released from hospital|sent home)\b|"
     r"\b(?:left|went home from)\s+hospital\b", "home", True, "change", False),
    (rf"\b{_STILL}\s+(?:in\s+(?:hospital|intensive care|a critical condition|critical condition|a coma)|"
     r"hospitali[sz]ed|under (?:medical )?observation)\b", "home", False, "persist", False),
    # a player's place in one match: "will start" / "has been ruled out of"
    (r"\b(?:will|would)\s+(?:start|play|feature|return)\b(?!\s+(?:a|an|the|its|their|his|her)\b)|\b(?:is|was|has been)"
     r"\s+(?:passed|declared)\s+fit\b", "plays", True, "outcome", False),
    (r"\b(?:is|was|has been|have been|had been)\s+ruled\s+out\s+of\b|\bwill\s+miss\b|\bruled\s+(?:[A-Z][a-z]+\s+)"
     r"{1,3}out\s+of\b", "plays", False, "outcome", False),
    (rf"\b(?:{_STILL}|is|are)\s+alive\b", "alive", True, "persist", False),
    (r"\b(?:died|was killed|were killed|(?:is|are) dead|was found dead|were found dead)\b", "alive", False, "change",
     False),
    (rf"\b(?:{_STILL}|is|are)\s+in\s+(?:force|place|effect)\b", "force", True, "persist", False),
    (r"\b(?:called off|cancell?ed|scrapped)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?(?:strike|walkout|"
     r"stoppage|protest|march|rally|match|game|concert|show|festival|race|parade|vote|ballot|sailing|flight)s?\b",
     "held", False, "outcome", False),
    (r"\b(?:lifted|scrapped|revoked|repealed|rescinded|called off)\b", "force", False, "change", True),
    (r"\b(?:confirmed|confirms)\b", "confirmed", True, "state", True),
    # a finding: a test's result for what it looks for ("tested positive for", "were negative for", "ruled out")
    (r"\b(?:tested|tests?|was|were|is|are|proved|came back|returned)\s+positive\s+for\b|\bdetected\b",
     "confirmed", True, "state", True),
    (r"\b(?:tested|tests?|was|were|is|are|proved|came back|returned)\s+negative\s+for\b|\bruled out\b|"
     r"\bfound no (?:trace|sign|evidence|cases?) of\b", "confirmed", False, "state", True),
    (r"\b(?:denied|denies|dismissed reports of|rejected reports of)\b", "confirmed", False, "state", True),
    # a plea: admitting a charge against denying it ("admitted the charge" / "denied the charge")
    (r"\b(?<!was )(?<!were )(?<!been )(?:admitted|admits|confessed to|pleaded guilty to)\b(?!\s+(?:to|into)\b)",
     "confirmed", True, "state", True),
    (r"\bpleaded not guilty to\b", "confirmed", False, "state", True),
    # a decision on one proposal: approving and rejecting it are two outcomes, not a sequence, the same day
    (r"\b(?:approved|granted|gave (?:the )?(?:go-ahead|green light) (?:to|for)|signed off on|voted\s+(?:\w+\s+){0,3}?"
     r"to\s+approve|voted\s+(?:\w+\s+){0,3}?in\s+favou?r\s+of)\b", "decided", True, "outcome", True),
    (r"\b(?:rejected|refused(?!\s+to\b)|turned down|threw out|thrown out|voted down|voted against)\b", "decided",
     False, "outcome", True),
    # a scheduled event that happened against one that did not ("went ahead" / "was postponed")
    (r"\b(?:went ahead|took place|(?:was|were) played|kicked off|(?:left|departed|ran|sailed) on (?:time|schedule))\b",
     "held", True, "outcome", False),
    (rf"\b{_BE}\s+(?:postponed|cancell?ed|abandoned|put off|rescheduled)\b", "held", False, "outcome", False),
]
_PATTERNS = [(re.compile(p, re.I), axis, pos, kind, obj) for p, axis, pos, kind, obj in _LEXICON]
_NEGATED = re.compile(rf"\b(?:{_NEG}|has not|have not|had not|did not|was not|were not|is not|are not)\s+"
                      r"(?:(?:yet|been|be|being|formally|officially)\s+)*$", re.I)
_CUT = re.compile(r"(?<!\d),|,(?!\d)|[;:()]|\b(?:that|and|but|while|after|before|because|as|when|until|since|although|"
                  r"who|which|"
                  r"said|says|told|insisted|insists|added|claimed|stated|reported|announced|believe|believes)\b", re.I)
# what a finding asserts: "confirmed on Thursday that ...", "denied reports that ..."
_THAT = re.compile(r"^\s*(?:(?:on|this|last)\s+[A-Za-z]+\s+|(?:reports?|claims?|suggestions?|rumou?rs?|"
                   r"allegations?)\s+)*that\s+(?P<what>.+)$", re.I)
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d)|[;:()]|\b(?:but|while|saying|adding|because|although)\b", re.I)
_REPORT = re.compile(r"\b(?:said|says|told|insisted|added|claimed|stated|reported|announced|confirmed|predicted|"
                     r"warned)\b", re.I)  # a report after a future state: its date is the report's, in the past
_CLAUSE_AUX = re.compile(r"\b(?:would|will|was|were|is|are|had|has|have|could|can|may|might|did|does|do|should|"
                         r"had|being|been|be)\b", re.I)
_CLAUSE_PREP = re.compile(r"\b(?:at|in|of|on|for|from|near|with|by)\b", re.I)
_HEDGE = re.compile(r"\b(?:whether|if|unless|might|may|could|would|should|will|expected to|plans? to|due to)\b", re.I)
_OTHER = re.compile(r"\b(?:second|another|other|third|separate)\b", re.I)
_OTHER_OBJECT = re.compile(r"\s+(?:(?:a|an|the)\s+)?(?:separate|another|second|third|different|unrelated)\b", re.I)
_NOT_SUBJECT = CALENDAR | {"said", "say", "officials", "official", "police", "reporter", "statement", "report",
                           "traffic", "today", "yesterday", "week", "later", "earlier"}


def states(s: ArticleSummary) -> list[State]:
    """Every state, persistence or change the text asserts about a named subject."""
    return memo("states", s, _states)


# a relative clause's antecedent: the noun phrase just before "which"/"that"/"who", past a trailing time phrase
_RELATIVE = re.compile(r"^(?P<head>.*?)(?:\s+(?:on|last|this|next)\s+[A-Z][a-z]+|\s+(?:yesterday|today))?\s*,?\s*"
                       r"\b(?:which|that|who)\s*$", re.I)
_DETERMINED = re.compile(r"\b(?:the|a|an|its|their|his|her|this)\s+(?!.*\b(?:the|a|an|its|their|his|her|this)\s)",
                         re.I)


def _piece(before: str) -> str:
    """The subject's phrase before a state verb: the clause's last piece, or for a relative clause ("… from the
    south terminal on Friday, which remained open") the noun phrase its pronoun stands for."""
    last = _CUT.split(before)[-1]
    if words(last):
        return last
    m = _RELATIVE.match(before)
    if m:
        head = _CUT.split(m.group("head"))[-1]
        det = _DETERMINED.search(head)
        if det and words(head[det.start():]):
            return head[det.start():]
    return last


def _subject(before: str, after: str, takes_object: bool, whole: bool = False) -> tuple[frozenset[str], frozenset[str]]:
    """The subject's words and names; ``whole``: a decision's object runs to its clause's end ("approved a plan to
    rezone the former rail yard for 1,400 homes"), since what is decided is told by all of it."""
    parts = _CUT.split(before)
    piece = _piece(before)
    clause = piece if words(piece) else parts[0]  # "X, who was kidnapped last month, was freed": X
    obj = _CUT.split(after[:90])[0] if takes_object and whole else \
        _CUT.split(re.split(r"\b(?:on|in|at|to|from|for|by|after|with|over)\b", after[:60])[0])[0] if takes_object \
        else ""
    if takes_object and not obj.strip():  # "flights resumed at Zellberg airport": the place is what reopened
        at = re.match(r"^\s+(?:at|on)\s+((?:the\s+)?[^,;.]{2,40}?)(?=\s+(?:on|in|after|from|for|by|with)\b|[,;.]|$)",
                      after)
        obj = at.group(1) if at else ""
    text = f"{clause} {obj}"
    found = {w for w in words(text) if not w[0].isdigit() and w not in _NOT_SUBJECT}
    names = frozenset(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}", f" {text}")
                      if w.lower() not in _NOT_SUBJECT)
    return frozenset(found), names


# "declined to approve", "failed to reopen": the act not done; read as its past form after a refusal
_REFUSED = re.compile(r"\b(?P<r>declined|refused|failed)\s+to\s+(?P<v>[a-z]{3,})\b")
_REFUSAL = re.compile(r"\b(?:declined|refused|failed)\s+to\s+$")


def _past(verb: str) -> str:
    if verb.endswith("e"):
        return verb + "d"
    if len(verb) > 3 and verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


# "Police charged the driver with …": the active voice, read as "the driver was charged with …"
_CHARGED = re.compile(r"^(?P<agent>[^,;:]{2,60}?)\s+charged\s+(?P<obj>(?:the|a|an|his|her|their)\s+[^,;:]{2,60}?)"
                      r"\s+with\b")


# "between Port Aven and Marrick": one place phrase, not two clauses
_BETWEEN = re.compile(r"\bbetween\s+(?:[A-Z][\w-]*\s+){1,3}and\s+[A-Z]")


def _refusals_read(text: str) -> str:
    """The sentence with each base verb after "declined/refused/failed to" in its past form, an active
    "X charged Y with" as "Y was charged with", and the "and" of "between X and Y" masked, for the lexicon."""
    text = _BETWEEN.sub(lambda m: m.group(0).replace(" and ", " &&& "), text)
    text = _REFUSED.sub(lambda m: m.group(0)[:m.start("v") - m.start()] + _past(m.group("v")), text)
    return _CHARGED.sub(lambda m: f"{m.group('obj')[0].upper()}{m.group('obj')[1:]} was charged with", text)


def _states(s: ArticleSummary) -> list[State]:
    text = s.article.text
    speakers = sources(text)
    out: list[State] = []
    for sent in sentences(text):
        if "?" in sent.text:
            continue
        taken: list[tuple[int, int]] = []
        read = _refusals_read(sent.text)
        for pattern, axis, positive, kind, takes_object in _PATTERNS:
            for m in pattern.finditer(read):
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue  # "remains closed" is not also "closed"
                taken.append((m.start(), m.end()))
                before = read[:m.start()]
                piece = _piece(before)
                if _HEDGE.search(_CUT.split(before)[-1]) or _OTHER.search(piece) or _OTHER_OBJECT.match(read, m.end()):
                    continue  # "may reopen", "a second bridge", "rejected a separate proposal": not this one's state
                subject, names = _subject(before, read[m.end():], takes_object, axis == "decided")
                clause = _THAT.match(read[m.end():]) if axis == "confirmed" else None
                head: frozenset[str] = frozenset()
                if clause:  # "X confirmed that it had held talks": the finding is the clause, not its speaker
                    said = _CLAUSE_END.split(clause.group("what"))[0]
                    head = frozenset(w for w in words(_CLAUSE_PREP.split(_CLAUSE_AUX.split(said)[0])[0])
                                     if not w[0].isdigit() and w not in _NOT_SUBJECT)
                    subject = frozenset(w for w in words(said) if not w[0].isdigit() and w not in _NOT_SUBJECT)
                    names = frozenset(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}", f" {said}")
                                      if w.lower() not in _NOT_SUBJECT)
                elif axis == "confirmed":  # what was found, and where: a farm named after the object counts
                    names |= frozenset(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]{2,}",
                                                                     _CUT.split(read[m.end():])[0])
                                       if w.lower() not in _NOT_SUBJECT)
                inside = re.findall(r"\b[A-Z][a-z]{2,}", m.group(0))
                if axis in _PERSON_AXES and inside:  # "ruled Minh Castell out of": the person is inside the phrase
                    subject, names = frozenset(stem(w.lower()) for w in inside), frozenset(w.lower() for w in inside)
                if not subject:
                    continue
                pos, how = positive, kind
                if _NEGATED.search(before[-40:]) and axis != "confirmed":
                    pos, how = not positive, "persist"  # "has not reopened": still closed
                elif _REFUSAL.search(before[-40:]) and axis != "confirmed":
                    pos, how = not positive, kind if kind == "outcome" else "persist"  # "declined to approve"
                days: tuple = ()
                if kind == "future":  # its days resolved forward, not those of a report after it ("…, X said on")
                    rest = read[m.end():]
                    days = tuple(r for a, _, surface in find_time_expressions(rest)
                                 if (r := _days(surface, s.article.published, not _REPORT.search(rest, 0, a))))
                out.append(State(s.article.id, voice(s, speakers, sent, sent.start + m.start()), axis, pos, how,
                                 subject, names, Span(start=sent.start, end=sent.end, text=sent.text),
                                 s.article.published, m.group(0), claim=bool(clause), head=head,
                                 noun=_head_noun(piece), days=days,
                                 until=bool(re.match(r"\s*(?:\w+\s+){0,3}until\b", read[m.end():])),
                                 lead=_head_noun(_CUT.split(before)[0]), around=frozenset(words(before)),
                                 pre=frozenset(_noun_phrase(piece)[:-1]),
                                 indefinite=bool(re.match(r"\W*(?:an?|one|another|some)\s", piece, re.I))))
        out += _actions(s, speakers, sent)
        out += _verdicts(s, speakers, sent)
    return out


# a named person's action, done or not done: "Minister X attended the opening" / "X did not attend the ceremony"
_DONE = re.compile(r"(?P<who>(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)\s+(?P<v>[a-z]{3,}ed)\s+(?P<obj>(?:the|a|an|its|his|"
                   r"her|their)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})")
_NOT_DONE = re.compile(r"(?P<who>(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)\s+(?:did not|didn[’']t|never)\s+(?P<v>[a-z]{3,})"
                       r"\s+(?P<obj>(?:the|a|an|its|his|her|their)\s+[a-z][a-z-]*(?:\s+[a-z][a-z-]*){0,2})")
_OBJ_STOP = re.compile(r"\s+(?:of|at|in|on|for|to|with|and|but|by|from|which|that|who|as)\b.*$")


def _actions(s: ArticleSummary, speakers: dict[int, str], sent) -> list[State]:
    out = []
    for rx, positive in ((_DONE, True), (_NOT_DONE, False)):
        for m in rx.finditer(sent.text):
            who = [w for w in m.group("who").split() if w.lower() not in STOP_WORDS and w.lower() not in CALENDAR]
            if len(who) < 2 or _HEDGE.search(sent.text[:m.start()][-30:]):
                continue  # a person by a full name, said as done
            obj = _OBJ_STOP.sub("", m.group("obj"))
            out.append(State(s.article.id, voice(s, speakers, sent, sent.start + m.start()),
                             "did:" + stem(m.group("v").lower()), positive, "outcome",
                             frozenset(stem(w.lower()) for w in who), frozenset(w.lower() for w in who[-1:]),
                             Span(start=sent.start, end=sent.end, text=sent.text), s.article.published,
                             m.group(0), pre=frozenset(words(obj.split()[-1])),
                             anaphor=len(obj.split()) == 2 and obj.split()[0].lower() == "the"))
    return out


# a verdict on a named defendant: "found X (not) guilty of", "X was convicted of / acquitted of / cleared of",
# "returned guilty verdicts against X on ... counts of", "convicted X of"
_FOUND = re.compile(r"\bfound\s+(?P<who>[^,.;]{2,60}?)\s+(?P<neg>not\s+)?guilty\b")
_VERDICT = re.compile(r"\b(?:(?P<passive>(?:was|were|has been|have been|had been)\s+)?(?P<v>convicted|acquitted|"
                      r"cleared|found\s+(?P<neg>not\s+)?guilty)|(?:returned|delivered|reached)\s+(?:a|an|its|their)?\s*"
                      r"(?:\w+\s+)?(?P<vneg>not[\s-]guilty\s+)?(?P<noun>guilty\s+)?verdicts?\s+(?:against|on|for)\s+)")
_VERDICT_NEG = ("acquitted", "cleared")
_RETRIAL = re.compile(r"\b(?:appeal|appealed|retrial|overturned|quashed|re-?trial|earlier trial|first trial)\b", re.I)
_COURT_WORDS = frozenset("court crown district high supreme jury judge justice magistrates tribunal".split())
_ANY_CHARGE = frozenset("all both charge count offence crime allegation".split())  # "cleared of all charges"
_CHARGE = re.compile(r"^[^.;]{0,40}?\b(?:of|on)\s+(?P<what>[^,.;]{2,60})")


def _defendant(phrase: str) -> frozenset[str]:
    """The capitalized names of a defendant's phrase ("former councillor Edwin Sarrow"), court words left out."""
    return frozenset(w.lower() for w in re.findall(r"\b[A-Z][a-z]{2,}", phrase)
                     if w.lower() not in _COURT_WORDS | CALENDAR | STOP_WORDS)


def _verdicts(s: ArticleSummary, speakers: dict[int, str], sent) -> list[State]:
    """Verdicts on a named defendant, guilty or not, and the charges they are for (``pre``)."""
    text = sent.text
    if _RETRIAL.search(text) or "?" in text:
        return []
    found: list[tuple[int, int, bool, frozenset[str], str]] = []
    for m in _FOUND.finditer(text):
        found.append((m.start(), m.end(), not m.group("neg"), _defendant(m.group("who")), text[m.end():]))
    for m in _VERDICT.finditer(text):
        if any(a <= m.start() < b for a, b, *_ in found):
            continue
        rest = text[m.end():]
        if m.group("v") is not None:
            verb = m.group("v").lower()
            positive = not (verb.startswith(_VERDICT_NEG) or m.group("neg"))
            after = re.match(r"\s+((?:[A-Z][a-z]+\s+){1,3})", rest)
            before = text[:m.start()]
            who = _defendant(after.group(1)) if after and not m.group("passive") else \
                _defendant(_piece(before)) or _defendant(_CUT.split(before)[0])  # "X, who was cleared of"
        else:
            positive = not m.group("vneg")
            who = _defendant(re.split(r"[,.;]| on ", rest[:40])[0])
        found.append((m.start(), m.end(), positive, who, rest))
    out = []
    for start, end, positive, who, rest in found:
        if not who:
            continue
        charge = _CHARGE.match(rest)
        what = frozenset(stem(w) for w in words(charge.group("what")) if w not in _NOT_SUBJECT) if charge else \
            frozenset()
        out.append(State(s.article.id, voice(s, speakers, sent, sent.start + start), "verdict", positive, "state",
                         frozenset(stem(w) for w in who), who, Span(start=sent.start, end=sent.end, text=text),
                         s.article.published, text[start:end].strip(), pre=what))
    return out


def _charges_meet(a: State, b: State) -> bool:
    """One charge or all of them: "guilty of fraud" / "on both counts of fraud", "cleared of all charges"; never
    "guilty of manslaughter" / "cleared of murder"."""
    if not a.pre or not b.pre or a.pre <= _ANY_CHARGE or b.pre <= _ANY_CHARGE:
        return True
    return bool(a.pre & b.pre)


def _days(surface: str, published: str | None, forward: bool) -> tuple | None:
    """The days a future state's sentence names, ``forward``: "will be closed on Saturday", the coming one."""
    ref = TimeRef(**resolve_time(surface, published, prefer_future=forward))
    return day_range(ref) if ref.precision in ("day", "week", "month") else None


_PREP = re.compile(r"\b(?:above|below|at|in|on|of|near|over|across|from|for|to|by|with|outside|inside|along)\b", re.I)


def _head_noun(clause: str) -> str:
    """The last content word before the first preposition: "The earthen dam above Lowick" → dam."""
    head = _noun_phrase(clause)
    return head[-1] if head else ""


def _noun_phrase(clause: str) -> list[str]:
    return [stem(w) for w in re.findall(r"[a-z]+", _PREP.split(clause)[0].lower()) if w not in STOP_WORDS]


def _one_person(a: State, b: State) -> bool:
    """The two opening phrases name one person: the same head noun, or each head found in the other's words
    ("the driver of the lorry" / "a man who was driving the lorry"), never "the driver" / "a passenger"."""
    def found(head: str, other: State) -> bool:
        return len(head) >= 3 and any(w.startswith(head[:max(3, len(head) - 2)]) for w in other.around)
    return bool(a.lead and b.lead) and (a.lead == b.lead or found(a.lead, b) or found(b.lead, a))


# modifiers that tell two things of one kind apart: "the north terminal" / "the south terminal"
_CONTRASTS = [frozenset(p.split()) for p in ("north south", "east west", "upper lower", "old new", "first second",
                                             "inner outer", "left right", "front rear", "northbound southbound",
                                             "eastbound westbound", "main side", "morn afternoon even night")]  # stems


def _contrasted(a: frozenset[str], b: frozenset[str]) -> bool:
    """One side's modifier and the other's are two of a contrasting pair, and neither side has both."""
    return any(x in a and y in b and x not in b and y not in a
               for pair in _CONTRASTS for x in pair for y in pair if x != y)


# states of a person, known by name wherever it stands
_PERSON_AXES = frozenset({"office", "free", "alive", "home", "plays", "bail", "standing"})


def _same_subject(a: State, b: State) -> bool:
    if _contrasted(a.pre, b.pre):
        return False  # "the north terminal" / "the south terminal": two of a kind
    if a.axis.startswith("did:"):  # one person (by surname), one object: the same head, or "the ceremony" for it
        return bool(a.names & b.names) and (bool(a.pre & b.pre) or (a.anaphor and b.anaphor and a.article != b.article))
    if a.axis == "verdict":
        return bool(a.names & b.names) and _charges_meet(a, b)
    if a.axis == "charged":
        return _one_person(a, b) and not (a.names and b.names and not a.names & b.names) and (len(
            a.around & b.around) >= 2 or a.lead == b.lead)
    if a.axis in _PERSON_AXES and not (a.names and b.names and not a.names & b.names) and (
            a.names and a.names <= b.around or b.names and b.names <= a.around):
        return True  # "Marta Lind resigned" / "Norholm's chief executive, Marta Lind, remains in her post"
    if not a.subject & b.subject or (a.names and b.names and not a.names & b.names):
        return False
    if (a.indefinite or b.indefinite) and a.pre != b.pre:
        return False  # "the dam" / "a smaller dam at X": maybe another one
    if a.noun and a.noun == b.noun and a.noun in a.subject & b.subject and not a.claim and not b.claim and not (
            a.pre and b.pre and a.pre != b.pre) and not (a.indefinite or b.indefinite):
        return True  # one head noun, no other names: "the earthen dam above X" / "the dam above the village", not
        # "the main road" / "side roads"
    if a.claim and b.claim and not (a.subject & b.subject) - {stem(w) for w in a.names | b.names}:
        return False  # "confirmed that it held talks with X" / "denied that it agreed a price for X": two claims
    if a.claim and b.claim and a.head and b.head and not a.head & b.head:
        return False  # "denied that the plant would close" / "confirmed that the night shift at the plant ...": two
    return a.subject <= b.subject or b.subject <= a.subject or len(a.subject & b.subject) >= 2


def _clash(p: State, n: State) -> bool:
    """Opposite polarity on one axis that cannot both hold: not two changes (a sequence), and a persistence
    or state no earlier than the change it denies."""
    if p.kind == "change" and n.kind == "change":
        return False
    if (p.kind == "future") != (n.kind == "future"):
        return False  # "remains closed" now, "will reopen on Monday": a sequence
    if p.kind == "future":
        if p.until or n.until or bool(p.days) != bool(n.days):
            return False  # "will stay open until June" / "will close in July"; or one of them undated
        if p.days and not any(gap_days(x, y) == 0 for x in p.days for y in n.days):
            return False  # open on Monday, closed on Tuesday
    if "outcome" in (p.kind, n.kind) and p.published != n.published:
        return False  # a decision or a fixture's fate told on different days: it may have been taken again
    for still, change in ((p, n), (n, p)):
        if still.kind != "change" and change.kind == "change" and still.published and change.published \
                and still.published < change.published:
            return False  # "remains closed" on Monday, "reopened" on Wednesday: a sequence
    return True


def state_conflicts(items: list[State], allowed: Callable[[State, State], bool]) -> list[Conflict]:
    """Contradictions between states of one subject on one axis."""
    by_axis: dict[tuple[str, bool], list[State]] = defaultdict(list)
    for st in items:
        by_axis[(st.axis, st.positive)].append(st)
    clashes: dict[int, list[State]] = defaultdict(list)  # one conflict per denied statement, with all its rivals
    denied: dict[int, State] = {}
    for (axis, positive), pos in by_axis.items():
        if not positive:
            continue
        for p in pos[:_MAX_SIDE]:
            for n in by_axis.get((axis, False), [])[:_MAX_SIDE]:
                if p.evidence == n.evidence or not allowed(p, n) or not _same_subject(p, n) or not _clash(p, n):
                    continue
                if all(q.evidence != p.evidence for q in clashes[id(n)]):
                    clashes[id(n)].append(p)
                denied[id(n)] = n
    out = []
    for key, ps in clashes.items():
        n = denied[key]
        p = ps[0]
        shared = ", ".join(sorted(p.subject & n.subject))
        out.append(Conflict(
            id="", kind="contradiction", severity="critical",
            summary=(f"{p.source} says “{p.text}”, {n.source} “{n.text}” about the same {shared}: "
                     f"“{short(p.evidence.text, 70)}” vs “{short(n.evidence.text, 70)}”."),
            sides=[ConflictSide(source=x.source, article=x.article, item=f"t{x.evidence.start}", value=x.text,
                                evidence=[x.evidence]) for x in (*ps, n)],
            note="Opposite states of one subject that cannot both hold at once."))
    return out
