"""Casualty figures found in code: a number near a word for death or injury.

Listed in the prompt so the model assigns figures instead of hunting for them,
and used by validation to check that ``killed``/``injured`` match the text.

A number counts as a figure only when it counts people: not the day of a date ("killed on
4 August"), not a year, not a measure ("100,000 pesos", "24 hours", "an 11-floor building").
Each number takes the kind of its nearest cue word (a conjunction or comma between them counts as
distance), so "67 dead and 1,000 wounded" gives 67 killed and 1,000 injured, not both figures as
both kinds; a denied figure ("59 and not 62") is none. The doers are not the victims: in
"45 soldiers were arrested for killing 6 priests" and "10 gunmen killed 3 guards" the cue has
its own object (6, 3), so the number before it is not its figure; neither is the number after
"by" ("were killed by 10 gunmen"). One person, though no digit says so: "a peasant" near a cue,
a singular passive ("the driver was killed", "Mr. X was wounded"; never after "no one"), and
"X's body". A list of victims after an active verb of killing or wounding is also counted whole:
"killing 6 priests, a cook and her daughter" gives 8 beside the 6 (each item a number, or one
person by an article or a possessive; a list with an item it cannot count gives no total).
"Victims" or a "toll" with no other word for death or injury in the sentence is a
death toll ("the number of victims is 59"). Numbers in words ("NINE PEASANTS") and all-caps wire
text are read as any other (cue words match in any case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize.core import Number, find_numbers, find_time_expressions
from .sentences import Sentence

__all__ = ["DEATH", "INJURY", "Figure", "casualty_figures", "near"]

# English words, plus the common Chinese and Arabic ones (those scripts have no \b word edges)
DEATH = re.compile(r"\b(kill\w*|dead|death\w*|died|die|dying|slain|slay\w*|slew|murder\w*|assassinat\w*|massacr\w*|"
                   r"bodies|lives|fatalit\w*|execut(?:ed|ions?|ing)|gunned\s+down|shot\s+dead|drown(?:ed|ing)|perish(?:ed|ing)?)\b"
                   r"|死亡|遇难|丧生|身亡|罹难|مقتل|قتلى|قتل|مصرع|وفاة|ضحايا", re.I)
INJURY = re.compile(r"\b(injur\w*|wound\w*|hurt|hospitali[sz]ed|casualt\w*)\b|受伤|伤者|负伤|جرحى|إصابة|أصيب|جريح",
                    re.I)
# a death toll only where the sentence has no other word for death or injury, nor a crime that leaves
# its victims alive ("the number of victims is 59"; not "the 30 victims were treated in hospital")
_WEAK_DEATH = re.compile(r"\b(victims?|toll)\b", re.I)
_ALIVE = re.compile(r"\b(hospital\w*|treat\w*|rescu\w*|fraud\w*|scam\w*|abus\w*|rap(?:e|ed|es)|theft|robber\w*|"
                    r"kidnap\w*|abduct\w*|hostages?|survivors?)\b", re.I)
WINDOW = 60
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_CUE_WORD = r"(?:kill|dead|death|died|murder|assassinat|massacr|wound|injur|hurt|casualt)"
# what a number measures when it is not people: money, distance, weight, time, ammunition ...
_MEASURE = re.compile(rf"\s*(?:%|(?:(?!{_CUE_WORD})[a-z]+\s+)?(?:percent|per\s+cent|pesos|dollars|euros|pounds|cents|"
                      r"yuan|rupees|dinars?|km|kms|kilomet\w*|kg|kilos?|kilogram\w*|miles?|met(?:er|re)s?|feet|foot|"
                      r"tons?|tonnes?|hours?|minutes?|seconds?|days?|weeks?|months?|years?|rounds|bullets|shots|"
                      r"times|points?|mm|cm|grams?|lit(?:er|re)s?|gallons?|acres?|hectares?|square)\b)", re.I)
# a cue's own object: "killing 6", "killed at least 12", "the deaths of six"
_OBJECT_GAP = re.compile(r"\s+(?:(?:all|at\s+least|about|some|nearly|almost|around|more\s+than|over|up\s+to|an\s+"
                         r"estimated|the|another|a\s+further|of)\s+)*", re.I)
# "arrested for killing", "accused of the murder", "charged with the deaths": the number before is the doers
_REASON = re.compile(r"\b(?:for|of|with|in|over)\s+(?:the\s+|their\s+|his\s+|her\s+)?$", re.I)
_NO_OBJECT = re.compile(r"dead|casualt\w*|fatalit\w*|victims?|toll", re.I)  # a noun: "67 dead 3 wounded" has no object
_NOMINAL = re.compile(r"kill(?:ing|ings)|murders?|murdering|assassinations?|assassinating|massacres?|massacring|"
                      r"deaths?", re.I)
_PASSIVE_ONE = re.compile(r"\b(?:was|has\s+been)\s+(?:(?:also|reportedly|allegedly|seriously|critically|"
                          r"slightly|badly|gravely|fatally|instantly|then|later)\s+)?"
                          r"(?:(killed|murdered|assassinated|slain|executed|gunned\s+down|shot\s+dead|shot\s+to\s+death|"
                          r"stabbed\s+to\s+death|beaten\s+to\s+death)|(wounded|injured|hurt))\b", re.I)
_NOBODY = re.compile(r"\b(?:no\s*-?\s*one|nobody|none|neither|nor|no\s+[a-z]+)\b[^,;]{0,25}$", re.I)
_BODY = re.compile(r"(?:\b[a-z]+['’]s?|\b(?:his|her))\s+(?:dead\s+)?body\b", re.I)


@dataclass(frozen=True)
class Figure:
    sentence: int
    value: float
    kind: str  # killed | injured
    text: str  # the words from the number to the cue word


def near(sentence: str, n: Number, cue: re.Pattern[str]) -> re.Match[str] | None:
    """The cue word closest to the number within the window, if any."""
    lo = max(0, n.start - WINDOW)
    hits = list(cue.finditer(sentence, lo, min(len(sentence), n.end + WINDOW)))
    return min(hits, key=lambda m: _distance(n, m), default=None)


def _distance(n: Number, m: re.Match[str]) -> int:
    return min(abs(m.start() - n.end), abs(n.start - m.end()))


_ONE = re.compile(r"\b(?:a|an)\s+(?!number|total|series|few|lot|couple|dozen|group|wave)(?:[a-z-]+\s+){0,2}?"
                  r"(?:civilian|man|woman|boy|girl|child|person|peasant|soldier|officer|policeman|guard|leader|"
                  r"member|worker|student|journalist|judge|mayor|official|resident|passer-by|driver|farmer|"
                  r"militant|fighter|commander|priest|teacher|businessman)\b", re.I)


def _singles(text: str) -> list[Number]:
    """"the death of a civilian", "killed a peasant": one person, though no digit says so."""
    return [Number(1.0, m.start(), m.end(), m.group(0)) for m in _ONE.finditer(text)]


def _stated_ones(text: str, used: list[tuple[int, int]]) -> list[tuple[str, re.Match[str]]]:
    """One person by the grammar: "the driver was killed", "Mr. X was wounded", "X's body"; not where
    a number already counts that cue ("a total of 12 was killed"), not after "no one"."""
    out = []
    for m in _PASSIVE_ONE.finditer(text):
        if not any(a < m.end() and m.start() < b for a, b in used) and \
                not _NOBODY.search(text[max(0, m.start() - 40):m.start()]):
            out.append(("killed" if m.group(1) else "injured", m))
    out += [("killed", m) for m in _BODY.finditer(text)]
    return out


def _leading_and(n: Number) -> Number:
    """"wounded and one woman": the number is "one", not "and one"."""
    m = re.match(r"and\s+", n.text, re.I)
    return Number(n.value, n.start + m.end(), n.end, n.text[m.end():], n.qualifier) if m else n


def _rank(text: str, n: Number, m: re.Match[str]) -> int:
    """Distance, plus a clause boundary's worth when a conjunction or comma lies between: in "two men were
    wounded and one woman was killed" the one is the killed, though "wounded" is nearer."""
    a, b = (n.end, m.start()) if n.end <= m.start() else (m.end(), n.start)
    return _distance(n, m) + (WINDOW // 2 if re.search(r"\b(?:and|but|while|whereas)\b|[,;]", text[a:b], re.I) else 0)


def _counts_people(text: str, n: Number, dates: list[tuple[int, int]]) -> bool:
    """Not denied, not a year, not inside a date ("on 4 August"), not a compound ("11-floor"), not a measure
    or money."""
    if re.search(r"\b(?:not|rather\s+than|instead\s+of)\s+$", text[max(0, n.start - 12):n.start], re.I):
        return False  # a figure denied: "59 and not 62"
    if _YEAR.match(n.text) or any(s <= n.start and n.end <= e for s, e in dates):
        return False
    if re.match(r"-[A-Za-z]", text[n.end:n.end + 2]) or re.search(r"[$€£]\s*$", text[max(0, n.start - 4):n.start]):
        return False
    return not _MEASURE.match(text, n.end)


def _cues(text: str) -> list[tuple[str, re.Match[str]]]:
    cues = [("killed", m) for m in DEATH.finditer(text)] + [("injured", m) for m in INJURY.finditer(text)]
    if not cues and not _ALIVE.search(text):
        cues = [("killed", m) for m in _WEAK_DEATH.finditer(text)]
    return cues


def _pairs(text: str, n: Number, m: re.Match[str], numbers: list[Number]) -> bool:
    """Whether the cue ``m`` counts the number ``n`` (not the doers before it, nor an agent after "by")."""
    if _distance(n, m) > WINDOW:
        return False
    if n.end <= m.start():  # the number before the cue
        if not _NO_OBJECT.fullmatch(m.group(0)) and any(
                o.start >= m.end() and _OBJECT_GAP.fullmatch(text, m.end(), o.start) for o in numbers):
            return False  # the cue has its own object: the number before it is who did it
        return not (_NOMINAL.fullmatch(m.group(0)) and _REASON.search(text[max(0, m.start() - 20):m.start()]))
    return not re.search(r"\bby\b", text[m.end():n.start], re.I)


_STOP_WORD = r"(?!(?:and|or|in|on|at|who|with|from|near|by|for|after|during|when|while|as)\b)"
_ITEM = rf"[\w-]+\s+(?:{_STOP_WORD}[a-z-]+\s+){{0,2}}?{_STOP_WORD}[a-z-]+"
_LIST = re.compile(rf"\s+({_ITEM}(?:\s*,\s*(?:and\s+)?{_ITEM}|\s+and\s+{_ITEM})+)", re.I)
_ACTIVE = re.compile(r"\b(?:kill(?:ed|ing)|murder(?:ed|ing)|assassinat(?:ed|ing)|massacr(?:ed|ing)|"
                     r"wound(?:ed|ing)|injur(?:ed|ing))$", re.I)


def _list_total(text: str, m: re.Match[str]) -> tuple[float, str] | None:
    """The victims listed after the cue ``m`` ("killing 6 priests, a cook and her daughter"), summed."""
    if not _ACTIVE.search(m.group(0)):
        return None
    lst = _LIST.match(text, m.end())
    if lst is None:
        return None
    total = 0.0
    for item in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", lst.group(1), flags=re.I):
        nums = find_numbers(item)
        if nums and nums[0].start == 0:
            total += nums[0].value
        elif re.match(r"(?:a|an|his|her)\s", item, re.I) and not re.search(r"[^s]s$|(?:people|children|men)$",
                                                                           item, re.I):
            total += 1  # "a cook", "her daughter"; not "her sons", nor "their children" (how many?)
        else:
            return None
    return total, " ".join(text[m.start():lst.end()].split())


_ROLE = (r"(?:civilian|man|woman|boy|girl|child|person|peasant|soldier|officer|policeman|guard|bodyguard|leader|"
         r"member|worker|student|journalist|judge|mayor|official|resident|driver|farmer|militant|fighter|"
         r"commander|priest|teacher|businessman|wife|husband|son|daughter|brother|sister|mother|father|"
         r"nephew|niece|cousin|chief|director|president|minister|senator|governor|candidate|lawyer)")
_TITLE = (r"(?:mr|mrs|ms|dr|father|colonel|col|major|maj|captain|capt|general|gen|judge|mayor|senator|"
          r"president|minister|governor|sergeant|sgt|lieutenant|lt)")
# one person by grammar: "the driver", "her son", "the mayor's son"; a title and name; a name and its appositive
_PERSON = re.compile(rf"(?:(?:a|an|the|his|her|their|[\w-]+['’]s)\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}"
                     rf"|{_TITLE}\.?\s+\w+"  # "Colonel Isaacs"
                     rf"|[^,]+,\s*(?:a|an|the)?\s*(?:[\w-]+\s+){{0,4}}?{_ROLE}\b)(?:\W|$)", re.I)  # "X, a leader"
# "X and Y were abducted and killed": a plural passive cue, its subject before it
_PLURAL_PASSIVE = re.compile(r"\b(?:were|have\s+been|had\s+been)\s+(?:(?:also|reportedly|later|then|"
                             r"[a-z]+ed\s+and)\s+)*$", re.I)
_CLAUSE_START = re.compile(r"(?:^|--\s*(?:\[[A-Z]+\]\s*)*|\bthat\s+|;\s*|:\s*)", re.I)


def _subject_total(text: str, m: re.Match[str]) -> tuple[float, str] | None:
    """The victims a plural passive cue's subject lists, summed: "Maria Elena Diaz Perez, third judge of
    public order, and two of her bodyguards were assassinated" gives 3; each listed item is a number
    ("two of her bodyguards") or one person by its grammar ("the driver", "Colonel X", "X, a leader"). A
    list with an item it cannot count ("police and soldiers") gives no total."""
    before = text[:m.start()]
    verb = _PLURAL_PASSIVE.search(before)
    if verb is None:
        return None
    start = max((c.end() for c in _CLAUSE_START.finditer(before, 0, verb.start())), default=0)
    subject = before[start:verb.start()].strip(" ,")
    items = [i.strip(" ,") for i in re.split(r"\s*,?\s+and\s+", subject, flags=re.I) if i.strip(" ,")]
    if not 2 <= len(items) <= 6:
        return None
    total = 0.0
    for item in items:
        nums = find_numbers(item)
        if nums and nums[0].start == 0:
            total += nums[0].value
        elif _PERSON.match(item):  # (a singular role word: "the drivers" is not one person)
            total += 1
        else:
            return None
    return total, " ".join(text[start:m.end()].split())


def casualty_figures(sentences: list[Sentence]) -> list[Figure]:
    out: list[Figure] = []
    for s in sentences:
        text = s.text
        dates = [(a, b) for a, b, _ in find_time_expressions(text)]
        numbers = [n for n in [*map(_leading_and, find_numbers(text)), *_singles(text)]
                   if _counts_people(text, n, dates)]
        cues = _cues(text)
        found: dict[tuple[float, str], Figure] = {}
        used: list[tuple[int, int]] = []
        for n in numbers:
            options = [(kind, m) for kind, m in cues if _pairs(text, n, m, numbers)]
            if not options:
                continue
            kind, m = min(options, key=lambda km: _rank(text, n, km[1]))
            used.append(m.span())
            noun = re.match(r"(?:\s+(?!were|was|are|is|in|of)[A-Za-z-]+){0,2}", text[n.end:])
            assert noun is not None  # {0,2} matches at least ""
            a, b = min(n.start, m.start()), max(n.end + len(noun.group(0)), m.end())
            found.setdefault((n.value, kind), Figure(s.idx, n.value, kind, " ".join(text[a:b].split())))
        for kind, m in _stated_ones(text, used):
            found.setdefault((1.0, kind), Figure(s.idx, 1.0, kind, " ".join(m.group(0).split())))
        for kind, m in cues:
            listed = _list_total(text, m) or _subject_total(text, m)
            if listed:
                found.setdefault((listed[0], kind), Figure(s.idx, listed[0], kind, listed[1]))
        out += found.values()
    return out
