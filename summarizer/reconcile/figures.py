"""Figures found by code in an article's own text: every number with what it counts or measures.

A figure is a number with its unit and the thing measured ("a 19-kilometre tunnel", "a grant of
€2.4m", units.py), a vote count ("passed 52-48", votes.py), or a counted noun with its group
markers and measure ("15 ISIS operatives were killed"; "the death toll climbed to 21" counts
people killed). Parts ("five of these soldiers", "the first 5 km"), years, dates, ranges and date
offsets are left out. Figures become ``Report``s, so numeric and update rules treat them like the
model's own figures.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..normalize.core import Number, find_numbers, find_time_expressions
from ..prepare.casualties import DEATH, INJURY, near
from ..prepare.sentences import Sentence
from ..schema import ArticleSummary, Span
from .checkable import NOT_A_MEASURE, memo, sentences, sources, voice
from .quantities import Figure, Report, Subject, fold, singular
from .text import CALENDAR, CLAUSE_END, ORG_WORDS, STOP_WORDS, stem, words
from .units import UNIT_WORDS, Unit, compounds, thing_measured, unit_at, with_magnitudes
from .votes import tallies

__all__ = ["text_reports"]

_BREAK = re.compile(r"^(?:dead|alive|missing|injured|wounded|killed|hurt|so|now|still|initially|originally|"
                    r"previously|reportedly|later|already|remain|remains|remained|"
                    r"were|was|are|is|be|been|being|have|has|had|in|on|at|of|and|or|but|during|including|who|"
                    r"which|that|from|by|after|before|while|as|to|with|due|for|among|near|when|since|than|across|throughout|over|"
                    r"under|within|between|per|each|around|into|onto|outside|inside|behind|beyond|via|amid|against|off|"
                    r"ran|went|came|fell|rose|struck|hit|took|left|sank|broke|spent|began|won|lost|gave|made|got|"
                    r"held|kept|fled|drove|flew|stood|met|paid|sent|will|would|could|can|may|might|must|should|"
                    r"according|said|say|says|reported|told|this|last|the|a|an|it|they|he|she|its|their)$", re.I)
_PASSIVE = re.compile(r"^\W*(?:(?:were|was|are|is|have been|has been|had been|had|have|has|reportedly|also|all|"
                      r"now|been|being|got|remain|remained)\s+){1,3}(?P<v>[a-z]+(?:ed|en|wn|ht|lt|id|ne))\b", re.I)
_ACTIVE = re.compile(r"\b(?P<v>[a-z]{3,}(?:ed|ted|ht|ld|id))\s+(?:(?:some|about|around|nearly|almost|at least|"
                     r"more than|over|up to|a total of|an estimated|another|the|its|their)\s+)*$", re.I)
_PART = re.compile(r"^\s+of\s+(?:these|those|the|them|whom|which|its|their)\b", re.I)
# "seven workers were among those hurt": a part of a larger group, not its count
_AMONG = re.compile(r"^\s*(?:,\s*)?(?:who\s+)?(?:were|was|are|is)\s+(?:also\s+|reportedly\s+)?among\b", re.I)
# "three people initially listed as dead": a figure of an earlier reckoning the sentence itself sets aside
_EARLIER = re.compile(r"^\s*(?:who\s+had\s+been\s+|(?:had\s+)?(?:been\s+)?)(?:initially|originally|first|previously|"
                      r"wrongly|mistakenly)\s+(?:listed|counted|reported|thought|believed|feared|recorded)\b", re.I)
# a running total, said to be one: "so far", "to date", "as of Monday" (a count "since the outbreak began" that
# "has now reached" more is not marked provisional, and its change is an update)
_RUNNING = re.compile(r"\b(?:so far|to date|as of|thus far|(?:bringing|brings|taking|takes|"
                      r"pushing|pushes) (?:the|its|their) (?:\w+ )?(?:total|tally|toll|count|number))\b", re.I)
# "nine new cases ..., bringing the total in the outbreak to 27": the running total of what the sentence counted
_BRINGING = re.compile(r"\b(?:bringing|brings|taking|takes|pushing|pushes|raising|raises)\s+(?:the|its|their)\s+"
                       r"(?:\w+\s+)?(?:total|tally|toll|count|number)\b[^.;]{0,40}?\bto\s+"
                       r"(?:(?:at least|about|nearly|some|more than)\s+)?$", re.I)
_PART_BEFORE = re.compile(r"\b(?:including|among them|among whom|of whom|of which)\s+(?:\w+\s+)?$", re.I)
# a stretch or share of a measured whole ("the first 5 km", "an extra $2m"), or "5 km of the road"
_UNIT_PART_BEFORE = re.compile(r"\b(?:first|last|final|remaining|another|extra|additional|further|next|"
                               r"nearly half|half|part|portion)\s+(?:of\s+)?(?:the\s+)?$", re.I)
_UNIT_PART_AFTER = re.compile(r"^\s+of\s+(?:the|its|their|this|that|these|those|it|them)\b", re.I)
_OTHER = re.compile(r"\b(?:another|second|third|other|separate|smaller|larger|bigger|shorter|longer|new|older|"
                    r"earlier|previous|original|existing|alternative)[\s,]+(?:\w+\s+)?$", re.I)
_SKIP_AFTER = re.compile(r"^(?:\s*(?:-|–|to|and|or)\s*\d)|^[-/:.]\d|^\s*(?:st|nd|rd|th)\b|^\s*(?:a\.m|p\.m|am|pm)\b",
                         re.I)
# "at the 14-km marker": a place on a road, not a length
_POSITION = re.compile(r"^\s*-?\s*(?:km|kilomet(?:re|er)s?|miles?|m|metres?|meters?)\s*-?\s*(?:markers?|marks?|posts?|"
                       r"points?|stones?|milestones?)\b", re.I)
_REVISED = re.compile(r"\b(rose|risen|rising|climbed|increased|jumped|grew|revised|updated|raised|lowered|"
                      r"corrected|correcting|correction|scaled back|scaled down|cut back|"
                      r"(?:cut|trimmed|reduced|slashed|raised|lifted)\s+(?:its|their|the)\s+(?:[\w-]+\s+){0,3}?"
                      r"(?:estimate|forecast|projection|outlook|guidance|figure|count|number|total|tally)|"
                      r"now (?:says?|puts?|estimates?|expects?|believes?|reckons?|thinks?)|"
                      r"now stands?|has reached|had reached|toll (?:reached|stood)|new toll|latest toll|"
                      r"(?:put|puts|putting|later put|has put|now put) the (?:number|toll|total|tally|figure|count))\b",
                      re.I)
_COPULAS = {"reached", "stood", "totaled", "totalled", "hit", "rose", "fell", "climbed", "dropped", "increased",
            "decreased", "grew", "jumped", "amounted", "raised", "lowered", "revised", "put", "estimated", "numbered"}
_TOTAL_OF = re.compile(r"\b(?:number|toll|count|total|tally|figure)\s+of\s+(?P<np>(?:[a-z]+\s+){1,3}?)"
                       r"(?:(?:who|that|which|in|at|on|from|killed|injured|dead|had|has|have|was|were)\b[^.;]{0,70}?)?"
                       r"\b(?:(?:up\s+|down\s+)?to|at|was|is|stood at|reached|rose to|hit)\s+$", re.I)
# "the death toll from the floods climbed to 21", "the toll now stands at 40": a running count of people;
# also with the verb first: "revised the death toll from the floods down to 11"
_TOLL_FIRST = re.compile(r"\b(?:revised|raised|lowered|cut|put|corrected|updated)\s+(?:the|its|their)\s+"
                         r"(?:(?P<kind>death|casualty|fatality|injury)\s+)?toll\b[^.;]{0,70}?\b"
                         r"(?:(?:up|down|upward|downward)\s+)?(?:to|at)\s+(?:(?:at least|about|nearly|some)\s+)?$",
                         re.I)
_TOLL = re.compile(r"\b(?:(?P<kind>death|casualty|fatality|injury)\s+)?toll\b(?:[^.;]{0,70}?)\b(?:climbed|rose|"
                   r"has risen|had risen|risen|jumped|increased|reached|hit|now stands at|stands at|stood at|"
                   r"was raised|has been raised|was revised(?: up| down|upward|downward)?|fell|dropped)\s+"
                   r"(?:to\s+|at\s+)?(?:(?:at least|more than|about|nearly|some)\s+)?$", re.I)
# "corrected the figure to 19 injured", "put the number at 12 dead": a count named by the word after it
_FIGURE_TO = re.compile(r"\b(?:the|its|their)\s+(?:figure|number|total|tally|count)\s+(?:(?:up|down)\s+)?(?:to|at)\s+"
                        r"(?:(?:at least|about|nearly|some)\s+)?$", re.I)
_CASUALTY_AFTER = re.compile(r"^\s+(?:dead|killed|injured|wounded|hurt|missing)\b", re.I)
_TOLL_WORDS = {"dead", "killed", "injured", "wounded", "victims", "casualties", "missing", "fatalities"}
_VOTES = {"vote", "ballot", "yes", "no", "aye", "nay", "abstention"}
_GENERIC_PEOPLE = {"man", "woman", "boy", "girl", "person", "people", "child", "teenager", "youth", "adult"}
_VAGUE_OF = re.compile(r"^\s+of\s+", re.I)
_INCIDENTS = re.compile(r"\b(?:separate|another|second|third|other|earlier|unrelated|different)\s+"
                        r"(?:attack|incident|blast|explosion|raid|strike|crash|shooting|fire|accident|clash)", re.I)
_PLACE = re.compile(r"\b(?:in|at|on|over|near|outside|from|off|"
                    r"(?:village|town|city|district|province|region|county|camp)\s+of)\s+(?:the\s+|its\s+|their\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# "600 jobs across its four plants", "nationwide": a whole over several places, never the count at one of them
_OVER_ALL = re.compile(r"^\s*(?:(?:across|throughout|at all|in all|over all)\s+(?:of\s+)?(?:its|their|the)\s+"
                       r"(?:\w+\s+)?\w+s\b|nationwide\b|countrywide\b)", re.I)
# a year said in words ("nineteen ninety-seven", "twenty twenty-four"): no count
_SPOKEN_YEAR = re.compile(r"\b(?:nineteen|twenty)[\s-]+(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|ten|"
                          r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh)\b", re.I)
_APPOSED_AGE = re.compile(r"\b[A-Z][a-z]+\s+([A-Z][a-z]{2,}),\s*$")  # "Marek Duda, " before an age
_SIGN_QUALIFIER = re.compile(r"\b(about|around|nearly|almost|roughly|some|approximately|more than|over|at least|"
                             r"up to|less than|under)\s+(?:US\$|[$€£¥₹]|(?:USD|EUR|GBP)\s?)$", re.I)
_QUALIFIER_OF = {**dict.fromkeys("about around nearly almost roughly some approximately".split(), "about"),
                 "more than": "more than", "over": "more than", "at least": "at least", "up to": "up to",
                 "less than": "less than", "under": "less than"}
_PART_OF_WHOLE = re.compile(r"^\s+of\s+(?:the|its|their|this|that)\s+(?:[a-z]+\s+){0,2}?(?P<t>[a-z]{3,})\b"
                            r"(?!\s+(?:of|[a-z]+ing)\b)", re.I)
# the verb a measure is the object of: "drifted about 12 kilometres", "walked 30 miles"
_GOVERNING = re.compile(r"\b(?P<v>[a-z]{3,}ed)\s+(?:(?:about|around|some|nearly|almost|roughly|more than|over|"
                        r"at least|up to|just|only|a further|another)\s+)*$", re.I)
# a figure someone expects, forecasts or aims at: another quantity than the one measured
_EXPECTED = re.compile(r"\b(?:expected|expects?|expecting|forecasts?|forecasted|predicted|predicts?|projected|"
                       r"projects?|anticipated|targets?|targeted|aims? to|aimed to|hopes? to|hoped to|budgeted|"
                       r"(?:its|their)\s+(?:[\w-]+\s+){0,3}?(?:estimate|forecast|projection|outlook))\b", re.I)
_VOTERS = {"voter", "elector", "resident", "member", "shareholder"}
_TURNOUT = re.compile(r"^[^.;]{0,40}?\b(?:took part|voted|cast (?:a |their )?(?:ballots?|votes?)|turned out|"
                      r"went to the polls)\b", re.I)
_NOT_TOPIC = {stem(w) for w in "long wide high deep tall thick away across length diameter".split()} | CALENDAR


# "six new cases", "four more cases": what was added over some period, not a total; two such figures count the
# same thing only over the same period (the sentence's time expression, else its article's day)
_INCREMENT = {"new", "more", "additional", "further", "fresh", "extra"}


def _period(sentence: str, times: list[tuple[int, int]], published: str | None) -> str:
    when = " ".join(sentence[a:b].lower() for a, b in times)
    return f"period:{when or published or ''}"


def _context_marks(sentence: str, at: int) -> frozenset[str]:
    """The place of a figure ("in Kabul", "near Mosul"): the one just after it, else the sentence's only place.

    Two figures in different places are different incidents."""
    m = next((m for m in _PLACE.finditer(sentence, at) if m.group(1).split()[0].lower() not in CALENDAR), None)
    if m and m.start() < at + 40:
        return frozenset({m.group(1).lower()})
    found = {m.group(1).lower() for m in _PLACE.finditer(sentence) if m.group(1).split()[0].lower() not in CALENDAR}
    return frozenset(found) if len(found) == 1 else frozenset()


def _clause(sentence: str, at: int, participle: bool = False) -> str:
    """The clause around position ``at``: between commas, semicolons, colons, "while", "whereas" or "but".

    With ``participle``, a clause opened by a participle ("…, crossing the line in 2:11:40") takes the clause before
    it too: its subject and setting are that clause's."""
    cuts = [0, *(m.end() for m in re.finditer(rf"{CLAUSE_END}|\b(?:while|whereas|but)\b", sentence)), len(sentence)]
    start = max(c for c in cuts if c <= at)
    if participle and start > 0 and sentence[start - 1] == "," and re.match(r"^\s*[a-z]+ing\b", sentence[start:]):
        start = max(c for c in cuts if c < start)
    end = min((c for c in cuts if c > at), default=len(sentence))
    return sentence[start:end]


_VERB_FIRST = re.compile(r"\s*(?:[,.;]|$|(?:at|in|on|as|from|outside|inside|along|through)\b)")


def _noun_phrase(sentence: str, at: int) -> tuple[list[str], int]:
    """Up to four words from ``at`` that name what is counted, and where they end."""
    taken: list[str] = []
    end = at
    for m in re.finditer(r"[A-Za-z][\w'.-]*|[^\sA-Za-z]", sentence[at:at + 80]):
        w = m.group(0)
        if not w[0].isalpha() or _BREAK.match(w) or len(taken) == 4:
            break
        if re.match(r"^[a-z]+(?:ed)$", w) and not w.endswith("eed") and (taken or _VERB_FIRST.match(
                sentence, at + m.end())):
            break  # "14 militants killed", "41,200 watched at the ground": the verb, not a noun
        taken.append(w.rstrip("."))
        end = at + m.end()
    return taken, end


# how badly people were hurt: "six were seriously injured" counts a part of the injured, not all of them
_SEVERITY = re.compile(r"\b(?:(?P<bad>seriously|critically|severely|badly|gravely|critical|serious|life-threatening)|"
                       r"(?P<light>slightly|lightly|minor|light|superficial))\b", re.I)
_MISSING = re.compile(r"^\s*(?:(?:were|was|are|is|have been|has been|had been|remain|remained|still|reported|"
                      r"reportedly|also|now)\s+){0,3}missing\b", re.I)


# a count of people given care by a noun: "needed treatment", "received hospital treatment"
# "1,100 homes remain without power", "40 families are still homeless": what is left at the time of writing, a
# residual state, never the count of the event that caused it ("the storm cut power to thousands of homes")
_REMAINING = re.compile(r"^\s*(?:(?:in|near|at|across|around|outside)\s+(?:the\s+)?"
                        r"(?-i:[A-Z])\w*(?:\s+(?-i:[A-Z])\w*)*\s+)?"
                        r"(?:(?:were|was|are|is|have been|has been|had been)\s+)?(?:still\s+)?(?:remain(?:s|ed)?\s+|"
                        r"still\s+)(?:without|in|on|off|out|under|closed|shut|stranded|trapped|cut\s+off|homeless|"
                        r"displaced|unaccounted|offline|evacuated)\b", re.I)
# "power was restored to all but a few dozen homes": the figure counts the exceptions, the rest of a whole
_SHARE_OF = re.compile(r"\b(?:(?:a|one|two|three)[\s-]+(?:thirds?|quarters?|fifths?|tenths?)|half|\d+(?:\.\d+)?\s*(?:%|"
                       r"percent|per\s+cent))\s+of\s+(?:the|its|their|his|her|[A-Z]?[a-z]+['’]s)\s+"
                       r"(?:[a-z]+['’]s\s+)?(?:(?:about|around|roughly|some|nearly|estimated|total|entire|whole)\s+)*$",
                       re.I)
_ALL_BUT = re.compile(r"\b(?:all|everyone|everybody|everything|every\s+\w+)\s+(?:but|except|save)\s+"
                      r"(?:(?:a|an|the|some|few|about|around|nearly|roughly)\s+)*$", re.I)
# "a few dozen", "several hundred": a vague multiple, not one dozen or one hundred
_SEVERAL = re.compile(r"\b(?:a\s+few|several|many)\s+$", re.I)
_SEVERAL_OF = {"dozen": "dozens", "hundred": "hundreds", "thousand": "thousands"}
_TREATED = re.compile(r"^\s*(?:(?:were|was|have|has|had)\s+)?(?:needed|required|received|underwent|sought|given|got|"
                      r"were given|needing|requiring|receiving)\s+(?:\w+\s+)?treatment\b", re.I)
_POPULATION = re.compile(r"\bamong\s+(?:the|its|their|all|all\s+the)\s+(?:(?:\d[\d,]*|[a-z]+)\s+){0,3}$", re.I)
_STRIKING = re.compile(r"^(?:\s+(?:at|in|from|across|of)\s+[^,.;]{1,50}?)?\s*"
                       r"(?:(?:who|have|had|has|were|are|was|all|also|reportedly|then)\s+){0,2}(?:walked\s+(?:out|off)|"
                       r"walk\s+out|(?:went|go|gone|going|were|are|remain|remained|stayed)\s+on\s+strike|struck|striking|"
                       r"staged\s+an?\s+(?:\w+\s+)?(?:strike|walkout|stoppage))\b", re.I)
# people who gathered, the size of a crowd: "40,000 people marched", "police estimated the crowd at 12,000"
_AUDIENCE = {"spectator", "fan", "attendee", "onlooker", "crowd"}  # the people a crowd is counted as
# what is done to or by a crowd as a whole: "watched", "praised the 34,600 fans", "drew 40,000 spectators"
_WITNESSED = {"count", "watch", "attend", "prais", "thank", "greet", "cheer", "drew", "draw", "attract", "welcom",
              "pack", "fill", "entertain"}
_CROWD_VERBS = {"march", "ralli", "gather", "attend", "watch", "demonstrat", "protest", "assembl", "join", "flock",
                "turn"}
_CROWD = re.compile(r"\b(?:the|a|an)\s+(?:\w+\s+)?(?:crowd|attendance)\b[^.;]{0,30}?\b(?:at|of|numbered|was|to)\s+"
                    r"(?:(?:about|around|some|nearly|more than|over|an estimated|up to|at least)\s+)?$", re.I)
# a vehicle or building and its load: the verb after the load is the carrier's
_CARRYING = re.compile(r"\b(?:carrying|transporting|ferrying|holding|housing)\s+(?:(?:some|about|around|nearly|almost|"
                       r"at least|more than|over|up to)\s+)?$", re.I)
# "scaled back its planned job cuts at Brackley to 450": a figure revised to a new value, named before it
_REVISED_TO = re.compile(r"\b(?:scaled back|scaled down|cut back|cut|raised|lowered|revised|reduced|increased|trimmed|"
                         r"lifted)\s+(?:the|its|their|his|her)\s+(?P<np>(?:[a-z]+\s+){1,3}?)(?:(?:at|in|for|from|of)\s+"
                         r"[^.;]{0,40}?)?\b(?:(?:up|down)\s+)?(?:to|at)\s+(?:(?:about|around|some|nearly)\s+)?$", re.I)


def _measure(sentence: str, n: Number, np_end: int) -> str | None:
    # "no injuries among the 146 passengers": all aboard, not the injured
    among = _POPULATION.search(sentence[max(0, n.start - 30):n.start])
    hits = [(abs(m.start() - n.end) if m.start() >= n.end else abs(n.start - m.end()), kind, m)
            for kind, cue in (("killed", DEATH), ("injured", INJURY)) if not among and (m := near(sentence, n, cue))]
    if hits:
        _, kind, m = min(hits, key=lambda h: h[0])
        if kind == "injured" and m.start() >= n.end and "," not in sentence[n.end:m.start()]:
            sev = _SEVERITY.search(sentence, n.end, m.start()) or _SEVERITY.match(
                sentence, m.end() + len(sentence[m.end():]) - len(sentence[m.end():].lstrip()))
            if sev:  # "were seriously injured", "injured seriously"
                return "injured:serious" if sev.group("bad") else "injured:minor"
        return kind
    after = sentence[np_end:np_end + 60]
    if _MISSING.match(after):  # "five people reported missing": the missing, not a head count
        return "missing"
    if _REMAINING.match(after):
        return "remaining"
    if _TREATED.match(after):  # "23 participants needed treatment": as many treated
        return "treat"
    if _STRIKING.match(after):  # "3,000 nurses walked out" / "7,500 nurses went on strike": the strikers
        return "strike"
    m = re.match(r"^\s*(?P<v>[a-z]+ed)\b", after) or _PASSIVE.match(after)
    if m and stem(m.group("v").lower()) in _CROWD_VERBS:
        return "crowd"  # "40,000 people marched": the size of the crowd
    if _CARRYING.search(sentence[max(0, n.start - 40):n.start]):
        return None  # "a coach carrying 52 passengers overturned": the coach overturned, it carried its load
    if m and m.group("v").lower() not in NOT_A_MEASURE | _COPULAS:
        return stem(m.group("v").lower())
    m = _ACTIVE.search(sentence[max(0, n.start - 50):n.start])
    if m and m.group("v").lower() not in NOT_A_MEASURE | _COPULAS:
        return stem(m.group("v").lower())
    return None


def _step(n: Number) -> float:
    """Half the last written decimal digit, in the number's units ("2.4 million" → 49,000; "14" → 0)."""
    m = re.match(r"[\d,]*\.(\d+)", n.text)
    if not m:
        return 0.0
    shown = float(re.match(r"[\d,]*\.\d+", n.text).group(0).replace(",", ""))  # type: ignore[union-attr]
    return 0.49 * 10 ** -len(m.group(1)) * (n.value / shown if shown else 1.0)


def _unit_subject(sentence: str, n: Number, unit: Unit) -> Subject | None:
    """What a unit figure measures: the thing named ("tunnel"), else the clause's content words; None for a part."""
    before = sentence[max(0, n.start - 30):n.start]
    if _UNIT_PART_BEFORE.search(before):
        return None  # "the first 5 kilometres": a stretch of a whole
    if unit.dimension == "percent" and _OF_THE_VOTE.match(sentence, unit.end):
        return _vote_share(sentence, n)
    if _UNIT_PART_AFTER.match(sentence[unit.end:]):  # "5 km of the road": a stretch of the road, at most its length
        whole = _PART_OF_WHOLE.match(sentence[unit.end:])
        if not whole or unit.dimension not in ("length", "area", "weight", "duration") \
                or _NOT_TOPIC & {stem(whole.group("t").lower())}:
            return None
        return Subject(singular(whole.group("t")), frozenset({"~part"}), singular(whole.group("t")))
    thing = thing_measured(sentence, n, unit)
    if unit.attributive and thing in _PART_NOUNS and _OF_A_WHOLE.match(sentence, unit.end):
        return None  # "a 1,200-hectare core zone of the park": a part of a whole the story measures
    if unit.dimension == "percent" and unit.attributive:  # a share in words: "four in ten registered voters"
        plural = re.match(r"^\s*(?:(?:the|its|their|all|[a-z]+-?[a-z]*)\s+){0,2}?(?P<t>[a-z]+s|people|children|men|"
                          r"women)\b", sentence[unit.end:])
        thing = singular(plural.group("t")) if plural else thing
    if unit.dimension == "percent" and thing in _VOTERS and _TURNOUT.match(sentence[unit.end:unit.end + 90]):
        thing = "turnout"  # "four in ten registered voters took part", "38% of voters cast a ballot": the turnout
    if unit.dimension == "age" and thing and fold(thing) in _GENERIC_PEOPLE:
        return None  # "a 22-year-old man": an age that tells people apart, not a disputed quantity
    if thing and _OTHER.search(before):
        thing = f"{thing}@{n.start}"  # "a second, 3-km tunnel": another one of its kind
    topic = {w for w in words(_clause(sentence, n.start, participle=True)) if not w[0].isdigit()
             and w not in UNIT_WORDS and w not in _NOT_TOPIC}
    marks = frozenset(topic) | {f"in:{p}" for p in _context_marks(sentence, unit.end)}
    verb = _GOVERNING.search(sentence[max(0, n.start - 40):n.start])
    if verb and unit.dimension == "area" and stem(verb.group("v").lower()) in _BURN:
        thing = "burnt area"  # "has burned 18,000 acres", "scorched about 2,500 hectares of scrub": the fire's area
    if verb and unit.dimension in ("length", "duration", "weight", "area") and not thing \
            and verb.group("v").lower() not in _COPULAS | NOT_A_MEASURE:
        marks |= {f"verb:{stem(verb.group('v').lower())}"}  # "drifted about 12 km" / "had drifted nearly 20 miles"
    if expected := _EXPECTED.search(_clause(sentence, n.start)[:max(0, n.start - _clause_start(sentence, n.start))]):
        # "analysts had expected revenue of €405 million": a forecast, not a measured figure; a target is another
        aim = "target" if re.match(r"(?i)targ|aim|hope|budget", expected.group(0)) else "forecast"
        marks |= {"~expected", f"~{aim}"}
        thing = f"{thing}~{aim}" if thing else thing
    marks |= {f"span:{p}" for p in _periods(_clause(sentence, n.start))}
    if thing:
        marks |= {f"mod:{w}" for w in _kinds(sentence, n, unit, thing.split("@")[0].split("~")[0])}
    return Subject(thing, marks, thing.split("@")[0].split("~")[0] or " ".join(sorted(topic)))


# the period a business figure covers: a quarter, a half, some months, the full year
_PERIOD = re.compile(r"\b(?:(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter|(?P<h>first|second)[- ]half|"
                     r"(?:first\s+)?(?P<m>three|six|nine|twelve|\d{1,2})\s+months|(?P<y>full[- ]year|annual|yearly|"
                     r"(?:the|its)\s+(?:fiscal\s+)?year\s+(?:ended|ending|to)|fiscal\s+year)|"
                     r"(?P<l>(?:the\s+)?(?:latest|most recent|current|past)\s+(?:quarter|period|three months))|"
                     r"\bQ(?P<qn>[1-4])\b)", re.I)
_ORDINAL = {"first": "1", "1st": "1", "second": "2", "2nd": "2", "third": "3", "3rd": "3", "fourth": "4", "4th": "4"}


def _periods(clause: str) -> set[str]:
    """The periods ``clause`` names ("third-quarter" → q3, "the first nine months" → 9m)."""
    out = set()
    for m in _PERIOD.finditer(clause):
        if m.group("q") or m.group("qn"):
            out.add(f"q{_ORDINAL.get((m.group('q') or '').lower(), m.group('qn'))}")
        elif m.group("h"):
            out.add(f"h{_ORDINAL[m.group('h').lower()]}")
        elif m.group("l"):
            out.add("latest")
        elif m.group("m"):
            out.add(f"{m.group('m').lower()}m")
        else:
            out.add("year")
    return out


_OF_THE_VOTE = re.compile(r"\s+of\s+the\s+(?:popular\s+|total\s+|first-round\s+)?(?:vote|votes|ballots)\b", re.I)


def _vote_share(sentence: str, n: Number) -> Subject | None:
    """"Roux won with 54 percent of the vote": a candidate's share, told apart by the names before it."""
    clause = _clause(sentence, n.start)
    names = {w.lower() for w in re.findall(r"\b[A-Z][a-z]+\b", clause[:max(0, n.start - _clause_start(sentence,
                                                                                                         n.start))])
             if w.lower() not in STOP_WORDS and w.lower() not in CALENDAR}
    if not names:
        return None  # "the runner-up took 41 percent of the vote": whose share, the clause does not say
    return Subject("vote share", frozenset(f"mod:{w}" for w in names), "vote share")


_BURN = frozenset("burn burnt scorch charr blacken consum ravag torch".split())
_PART_NOUNS = frozenset("zone section stretch part portion segment core sector strip tract parcel corner wing "
                        "slice share piece area".split())
_OF_A_WHOLE = re.compile(r"\s+(?:[a-z]+\s+){0,2}?[a-z]+\s+of\s+(?:the|a|an|its|their)\b")
# words that say which one of a thing, not what kind it is ("the new budget", "the revised budget")
_WHICH = frozenset("new revised proposed planned annual total overall final current latest original draft initial "
                   "updated first second third last next this year's whole entire full".split())


def _kinds(sentence: str, n: Number, unit: Unit, thing: str) -> set[str]:
    """The words naming the kind of ``thing`` where the figure names it: "operating" in "a 48 million pound operating
    budget", "education" in "a 2026 education budget of 212 million dollars"."""
    def kind(w: str) -> bool:
        low = w.lower()
        return w.isalpha() and w.islower() and low not in STOP_WORDS and low not in _WHICH and low not in UNIT_WORDS \
            and not low.endswith(("ly", "ed"))

    if unit.attributive:  # between the unit and the thing
        said = re.findall(r"[A-Za-z][\w'-]*", sentence[unit.end:unit.end + 60])
        at = next((i for i, w in enumerate(said[:4]) if singular(w.lower()) == thing), 0)
        return {singular(w.lower()) for w in said[:at] if kind(w)}
    before = sentence[max(0, n.start - 60):n.start]
    m = re.search(r"(?:^|[\s(])((?:[a-z]+\s+){1,2})(\w+)\s+(?:of|for|at|was|is|will|stood|totall?ed|reached|came)\b"
                  r"[^.;]{0,30}$", before)
    if not m or singular(m.group(2).lower()) != thing:
        return set()
    return {singular(w) for w in m.group(1).split()[-1:] if kind(w)}


def _clause_start(sentence: str, at: int) -> int:
    return sentence.find(_clause(sentence, at))


def text_reports(s: ArticleSummary) -> list[Report]:
    """Every figure in the article text as a one-figure Report (item ``t<offset>``), parts and years left out."""
    return memo("figures", s, _text_reports)


def _report(s: ArticleSummary, speakers: dict[int, str], sent: Sentence, measure: str, subject: Subject,
            figure: Figure, refers: bool = False) -> Report:
    return Report(article=s.article.id, item=f"t{figure.offset}",
                  source=voice(s, speakers, sent, figure.offset or sent.start), measure=measure, subject=subject,
                  figures=[figure], evidence=Span(start=sent.start, end=sent.end, text=sent.text),
                  published=s.article.published, revised=_revises(sent.text, (figure.offset or 0) - sent.start),
                  running=bool(_RUNNING.search(sent.text)), refers=refers)


def _revises(sentence: str, at: int) -> bool:
    """The sentence says a figure changed, and not only another figure it names ("temperatures climbed to 31C"
    revises no count of runners)."""
    for m in _REVISED.finditer(sentence):
        other = re.match(r"^\s+(?:to\s+|by\s+)?(?:(?:about|around|nearly|some)\s+)?(?=\d)", sentence[m.end():])
        if other and m.end() + other.end() != at:
            continue
        if m.start() > at and re.search(r",|;|\b(?:and|but|while|as)\b", sentence[at:m.start()]) \
                and re.match(r"^\s+(?:its|their|his|her|the|a)\s+[a-z]", sentence[m.end():]):
            continue  # "reported revenue of $4.2 billion and raised its forecast": another thing revised
        return True
    return False


_ERRATUM = re.compile(r"\b(?:earlier|previous|original)\s+version\s+of\s+(?:this|the)\s+(?:article|story|report)\b",
                      re.I)
# "has room for 600 pupils", "a capacity of 40,000", "can seat 2,000": what a place holds, not how many it has
_CAPACITY = re.compile(r"\b(?:room|space|places|capacity|seating)\s+(?:for|of)\s+(?:(?:up\s+to|about|around|some|"
                       r"nearly|more\s+than|over)\s+)?$|\b(?:can|could|will|would)\s+(?:hold|seat|take|accommodate|house)"
                       r"\s+(?:(?:up\s+to|about|around|some|nearly|more\s+than|over)\s+)?$|\b(?:designed|built)\s+"
                       r"(?:for|to\s+(?:hold|seat|take|house))\s+(?:(?:up\s+to|about|around|some)\s+)?$", re.I)

_SEATS = re.compile(r"^-(?:seat|seater|bed|berth|place)\b", re.I)


def _text_reports(s: ArticleSummary) -> list[Report]:
    text = s.article.text
    if text.isupper():  # all-caps wire copy: capitals mark nothing; read it in lower case (offsets unchanged)
        s = s.model_copy(update={"article": s.article.model_copy(update={"text": text.lower()})})
        return [replace(r, evidence=Span(start=r.evidence.start, end=r.evidence.end,
                                         text=text[r.evidence.start:r.evidence.end])) if r.evidence else r
                for r in _text_reports(s)]
    sents = sentences(text)
    speakers = sources(text)
    out: list[Report] = []
    for sent in sents:
        if _ERRATUM.search(sent.text):
            continue  # "an earlier version of this article gave the cost as ...": a figure withdrawn, not told
        out += _sentence_reports(s, speakers, sent) + _zero_reports(s, speakers, sent)
    out = _antecedents(out)
    aged: dict[float, str] = {}  # "The 43-year-old": the one person named with an age before, or the one of that age
    kept = []
    for r in out:
        if r.subject.head.startswith("person:"):
            if r.subject.head != "person:?":
                aged[r.total] = r.subject.head
            elif r.total in aged:
                r = replace(r, subject=Subject(aged[r.total], r.subject.marks, r.subject.text))
            elif len(set(aged.values())) == 1:
                r = replace(r, subject=Subject(next(iter(aged.values())), r.subject.marks, r.subject.text))
            elif not aged and (who := _last_subject(text, r.figures[0].offset or 0)):
                r = replace(r, subject=Subject(f"person:{who}", r.subject.marks, r.subject.text))
            else:
                continue  # several people named with an age, or nobody named before: whose age is unclear
        kept.append(r)
    return kept


# "no one was injured", "no deaths were reported", "there were no injuries": a toll of none
_ZERO = re.compile(r"\b(?:(?:no\s+one|no-one|nobody|none)\s+(?:was|were|had\s+been|has\s+been|have\s+been|is|are)\s+"
                   r"(?:reported\s+)?(?P<v>killed|injured|hurt|wounded|harmed|dead)|no\s+(?P<n>injuries|deaths|"
                   r"fatalities)\s+(?:were|was|have\s+been|had\s+been)\s+reported|there\s+were\s+no\s+"
                   r"(?P<n2>injuries|deaths|fatalities))\b", re.I)
_ZERO_HEDGE = re.compile(r"\b(?:other|further|more|new|another|else|second|first)\b|\bin\s+the\s+\w+\s+(?:blast|attack|"
                         r"crash|fire)\b", re.I)


def _zero_reports(s: ArticleSummary, speakers: dict[int, str], sent: Sentence) -> list[Report]:
    """Tolls of none: "no one was hurt", "no injuries were reported" (not "no serious injuries", "no one else")."""
    out = []
    for m in _ZERO.finditer(sent.text):
        if _ZERO_HEDGE.search(sent.text[m.start():m.end() + 25]):
            continue
        cue = (m.group("v") or m.group("n") or m.group("n2")).lower()
        measure = "killed" if cue in ("killed", "dead", "deaths", "fatalities") else "injured"
        figure = Figure(0.0, "exact", sent.start + m.start())
        out.append(_report(s, speakers, sent, measure, Subject("people", frozenset(), "people"), figure))
    return out


def _antecedents(found: list[Report]) -> list[Report]:
    """"the board put the number at 34": the count of the nearest head count before it in the article, its measure
    and group; with none before, no figure."""
    out: list[Report] = []
    for r in found:
        if r.subject.head == "?":
            before = [p for p in out if "/" not in p.measure and not p.measure.startswith("vote:")
                      and p.subject.head not in ("?", "") and not p.revised]
            if not before:
                continue
            p = before[-1]
            r = replace(r, measure=p.measure, subject=p.subject)
        out.append(r)
    return out


_FULL_NAME = re.compile(r"(?<![\w'’])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


def _last_subject(text: str, at: int) -> str:
    """The surname of the first full name in the nearest sentence before ``at`` that has one: the subject a
    description such as "The 34-year-old" takes up ("Kenya's Grace Chebet won …" → chebet)."""
    for sent in reversed([x for x in sentences(text) if x.end <= at]):
        for m in _FULL_NAME.finditer(sent.text):
            toks = [t for t in m.group(0).split() if t.lower() not in CALENDAR]
            if len(toks) >= 2 and toks[-1].lower() not in ORG_WORDS:
                return toks[-1].lower()
    return ""


def _sentence_reports(s: ArticleSummary, speakers: dict[int, str], sent: Sentence) -> list[Report]:
    out = []
    st = sent.text
    times = [(a, b) for a, b, _ in find_time_expressions(st)]
    incident = bool(_INCIDENTS.search(st))
    numbers, special = compounds(st, with_magnitudes(st, list(find_numbers(st))))
    votes = tallies(st, numbers)
    for t in votes:
        shown = t.thing.split(":", 1)[1].title() if t.thing.startswith("candidate:") else t.thing or "vote"
        out.append(_report(s, speakers, sent, f"vote:{t.side}", Subject(t.thing or "vote", t.marks, shown),
                           Figure(t.number.value, t.number.qualifier, sent.start + t.number.start)))
    voted = {t.number.start for t in votes}
    last: Subject | None = None
    last_marks: frozenset[str] = frozenset()
    last_measure: str | None = None
    for n in numbers:
        if n.start in voted or re.fullmatch(r"(1[89]|20)\d\d", n.text) or _SPOKEN_YEAR.search(n.text) \
                or any(a <= n.start < b for a, b in times):
            continue
        if _SKIP_AFTER.match(st[n.end:]) or re.search(r"\d[-/:.]$|[#№]$", st[:n.start]) or _POSITION.match(st[n.end:]):
            continue
        if re.search(r"\d\s*(?:-|–|to|and|or)\s*$", st[max(0, n.start - 12):n.start]):
            continue  # the upper end of a range ("between 30 and 40"): the range is no single figure
        if _PART.match(st[n.end:]) or _PART_BEFORE.search(st[max(0, n.start - 30):n.start]):
            continue  # "five of these soldiers", "including 3 children": a part of another figure
        if _SHARE_OF.search(st[max(0, n.start - 60):n.start]):
            continue  # "more than a third of the site's roughly 2,900 workers": the base of a share, not its count
        if _ALL_BUT.search(st[max(0, n.start - 40):n.start]):
            continue  # "all but a few dozen homes": the exceptions to a whole, no count of their own
        several = _SEVERAL.search(st[max(0, n.start - 12):n.start])
        if several and n.text.lower() in _SEVERAL_OF:
            n = replace(n, qualifier=_SEVERAL_OF[n.text.lower()])  # "several hundred homes": 200-999
        name = _APPOSED_AGE.search(st[max(0, n.start - 40):n.start])
        if name and re.match(r"^\s*(?:,|\.|;|\)|\s+of\b)", st[n.end:]) and n.qualifier == "exact" and n.value < 120:
            out.append(_report(s, speakers, sent, "count/age", Subject(f"person:{name.group(1).lower()}", frozenset(),
                                                                      name.group(1)),
                               Figure(n.value, n.qualifier, sent.start + n.start, 1.0, "years")))
            continue  # "Marek Duda, 34, of ...": the age of a named person
        compound = special.get(n.start)
        unit = compound.unit if compound else unit_at(st, n)
        q = _SIGN_QUALIFIER.search(st[max(0, n.start - 24):n.start]) if unit is not None else None
        if q and n.qualifier == "exact":
            n = replace(n, qualifier=_QUALIFIER_OF[q.group(1).lower()])  # "about €405 million"
        if unit is not None:
            if unit.dimension == "age" and re.search(r"\b[Tt]he\s+$", st[max(0, n.start - 5):n.start]) \
                    and not thing_measured(st, n, unit):  # "The 43-year-old was remanded": the person last named
                out.append(_report(s, speakers, sent, "count/age", Subject("person:?", frozenset(), "the person"),
                                   Figure(n.value, n.qualifier, sent.start + n.start, 1.0, "years")))
                continue
            if unit.dimension == "duration" and re.match(r"^\s*(?:ago|earlier|later|after|before)\b", st[unit.end:]) \
                    and not re.search(r"\b(?:for|lasting|lasted)\s+(?:\w+\s+)?$", st[max(0, n.start - 20):n.start]):
                continue  # a date offset, not a figure ("for eight hours after the fault" is a duration)
            subj = _unit_subject(st, n, unit)
            if subj is None:
                continue
            if incident:
                subj = Subject(subj.head, subj.marks | {f"@{sent.idx}"}, subj.text)
            step, precise = (compound.step, compound.precise) if compound else (_step(n), False)
            out.append(_report(s, speakers, sent, f"count/{unit.dimension}", subj,
                               Figure(n.value, n.qualifier, sent.start + n.start, unit.scale, unit.name, step,
                                      precise)))
            continue
        at = n.end
        if n.qualifier not in ("exact", "about") or n.text.lower().endswith(("hundreds", "thousands", "millions")):
            vague = _VAGUE_OF.match(st[at:])  # "hundreds of homes": the noun after "of"
            at += vague.end() if vague else 0
        phrase, np_end = _noun_phrase(st, at)
        if not phrase and (seats := _SEATS.match(st[n.end:])):
            phrase, np_end = ["seats"], n.end + seats.end()
        if phrase and (_AMONG.match(st[np_end:]) or _EARLIER.match(st[np_end:])):
            continue  # "seven workers were among those hurt", "three initially listed as dead": no count of its own
        measure = _measure(st, n, np_end)
        if _CAPACITY.search(st[max(0, n.start - 40):n.start]) or _SEATS.match(st[n.end:]):
            measure = "capacity"
        refers = False
        if not phrase:
            head = st[max(0, n.start - 100):n.start]
            if total := _TOTAL_OF.search(head[-80:]):
                nouns = [w for w in total.group("np").split() if w.lower() not in _COPULAS and not w.endswith("ed")
                         and w.lower() not in ("up", "down", "hurt", "affected", "missing")]  # "revised the number
                # of job losses down to 850", "the number of people hurt"
                phrase = ["people" if w.lower() in _TOLL_WORDS else w for w in nouns[-1:]]  # "the number of dead at 19"
                phrase = [w for w in nouns[-3:-1] if w.lower() not in STOP_WORDS] + phrase  # "job losses"
                if measure in (None, "count") and "missing" in total.group("np").lower().split():
                    measure = "missing"  # "the number of missing migrants rose to 52": the missing
                refers = (measure is None or measure == "count") and not any(  # a count named by its noun alone:
                    w.lower() in _TOLL_WORDS for w in nouns[-1:])  # of what the story already counted, under its
                # own verb ("now put the number of vehicles at 17"); "the number of victims" names its own
                if measure is None or measure == "count":  # "the number of people who had fallen ill at 72"
                    said = _PASSIVE.match(head[-80:][total.end("np"):]) or re.match(
                        r"^\W*(?:who|that|which)\s+(?:(?:had|have|has|were|was)\s+)*(?P<v>[a-z]+(?:ed|en|wn))\b",
                        head[-80:][total.end("np"):], re.I)
                    if said and said.group("v").lower() not in NOT_A_MEASURE | _COPULAS:
                        measure = stem(said.group("v").lower())
            elif _CROWD.search(head[-60:]):
                phrase, measure = ["people"], "crowd"  # "police estimated the crowd at 12,000"
            elif (revised_to := _REVISED_TO.search(head[-90:])) and measure is None:
                phrase = [w for w in revised_to.group("np").split() if not w.lower().endswith("ed")
                          and w.lower() not in STOP_WORDS][-3:]  # "its planned job cuts": job cuts
            elif _FIGURE_TO.search(head[-60:]) and _CASUALTY_AFTER.match(st[n.end:]):
                phrase = ["people"]  # "corrected the figure to 19 injured": the count is of people hurt
            elif _FIGURE_TO.search(head[-60:]) and last is None and measure is None:
                phrase, refers, measure = ["?"], True, "count"  # "the board put the number at 34": of what it counted
            elif toll := _TOLL.search(head) or _TOLL_FIRST.search(head):
                phrase = ["people"]
                measure = "injured" if (toll.group("kind") or "").lower() == "injury" else "killed"
        if phrase and fold(phrase[-1]) in _AUDIENCE and (measure is None or measure in _WITNESSED):
            phrase, measure = [*phrase[:-1], "people"], "crowd"  # "38,900 spectators", "the 34,600 fans": a crowd
        if phrase and fold(phrase[-1]) in _VOTES:
            continue  # "18 electoral votes": a vote count votes.py did not read is no head count
        places = _context_marks(st, np_end)
        if phrase and _OVER_ALL.match(st[np_end:]):
            places = frozenset({"scope:all"})
        if phrase:
            marks = frozenset(w.lower() for w in phrase[:-1] if w[0].isupper())
            if phrase[0].lower() in _INCREMENT and len(phrase) > 1:
                marks |= {_period(st, times, s.article.published)}
            subj = Subject(fold(phrase[-1]), marks | places, " ".join(phrase))
            last_marks = marks
        elif last is not None and _BRINGING.search(st[max(0, n.start - 90):n.start]):
            subj = Subject(last.head, frozenset(m for m in last.marks if not m.startswith("period:")), last.text)
            measure = measure or last_measure  # a total, not the increment it adds
        elif last is not None:  # "five ..., while two were injured"; "2,500 in Iraq, 900 in Syria"
            subj = Subject(last.head, last_marks | (places or last.marks), last.text)
        else:
            continue
        if measure is None and not phrase:
            continue
        last = subj if phrase else last
        last_measure = (measure or "count") if phrase else last_measure
        if measure == "capacity":  # "designed to seat 42,000 spectators", "the 38,500-seat design": one capacity
            subj = Subject("capacity", subj.marks, subj.text)
        if incident:
            subj = Subject(subj.head, subj.marks | {f"@{sent.idx}"}, subj.text)
        fig = Figure(n.value, n.qualifier, sent.start + n.start)
        out.append(_report(s, speakers, sent, measure or "count", subj, fig, refers and measure in (None, "count")))
    return out
