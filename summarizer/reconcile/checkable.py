"""Checkable statements found by code in an article's own text: assertions with polarity and dated actions.

Also the shared readers every text detector uses: the memoized sentences and attributions of a
text, who speaks at a position, and a per-summary memo (figures.py, states.py use them too).

An assertion is a passive or perfect verb with its polarity ("was charged" / "was not charged")
and the words of its subject; two assertions of one verb about one subject with opposite
polarity cannot both hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta
from functools import lru_cache

from ..normalize.core import find_time_expressions, resolve_time
from ..prepare.attribution import Attribution, find_attributions
from ..prepare.sentences import Sentence, split_sentences
from ..schema import ArticleSummary, Span, TimeRef
from .events import day_range
from .text import CALENDAR, STOP_WORDS, clauses, covering_claim, narrator, stem, words

__all__ = ["CLOCK", "NOT_A_MEASURE", "Assertion", "Dated", "assertions", "attributions", "dated_statements", "memo",
           "other_parties", "sentences", "sources", "voice"]

NOT_A_MEASURE = {"said", "announced", "reported", "added", "stated", "explained", "stressed", "noted", "based",
                  "located", "called", "named", "aged", "dated", "used", "compared", "expected", "estimated",
                  "believed", "thought", "needed", "planned", "scheduled", "led", "owned", "claimed", "confirmed",
                 "recorded", "registered", "logged", "counted", "documented", "tallied", "listed"}  # verbs of counting
_ASSERT = re.compile(r"\b(?P<aux>was|were|is|are|has been|have been|had been|has|have|had|did|does|do)\s+"
                     r"(?P<neg>not\s+|never\s+|n[’']t\s+)?(?:(?:yet|been|also|formally|officially|ever|already)\s+)*"
                     r"(?P<v>[a-z]{3,}(?:ed|en|wn|ght))\b", re.I)
_NEG_CUE = re.compile(r"\b(?:whether|if|unless|might|may|could|would|should)\b", re.I)
_DENY = re.compile(r"\b(?:denied|denies|deny|rejected|refuted|dismissed)\b", re.I)


@dataclass
class Assertion:
    article: str
    source: str
    verb: str  # the verb stem: "charg"
    subject: frozenset[str]  # content words before the verb
    positive: bool
    evidence: Span
    published: str | None


def voice(s: ArticleSummary, sentences_sources: dict[int, str], sent: Sentence, pos: int) -> str:
    """Who says the text at ``pos``: the claim around it, else the sentence's attributed source, else the outlet."""
    c = covering_claim(s, pos)
    if c is not None:
        return c.source.canonical
    return sentences_sources.get(sent.idx) or narrator(s)


@lru_cache(maxsize=256)
def sentences(text: str) -> tuple[Sentence, ...]:
    """The sentences of ``text`` (memoized: every detector reads them)."""
    return tuple(split_sentences(text))


@lru_cache(maxsize=256)
def attributions(text: str) -> tuple[Attribution, ...]:
    """The code-found attributions of ``text`` (memoized: every detector asks)."""
    try:
        return tuple(find_attributions(text, list(sentences(text))))
    except Exception:  # attribution is a hint here: never fatal
        return ()


def sources(text: str) -> dict[int, str]:
    """The speaker of each attributed sentence ("X said ...", "according to X"), pronouns resolved."""
    out: dict[int, str] = {}
    for a in attributions(text):
        out.setdefault(a.sentence, a.resolved_from or a.source)
    return out


def _key(s: ArticleSummary) -> tuple:
    a = s.article
    return (a.id, a.text, a.published, a.source, a.byline,
            tuple((c.source.canonical, tuple((sp.start, sp.end) for sp in c.evidence)) for c in s.claims))


_MEMO: dict[tuple, list] = {}


def memo(kind: str, s: ArticleSummary, make) -> list:
    """Statements of one summary, made once (the same summary is read by every summary-level and story-level pass)."""
    key = (kind, *_key(s))
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) > 512:
            _MEMO.clear()
        found = _MEMO[key] = make(s)
    return [replace(x) for x in found]


_COUNTED_SET = re.compile(r"\b(?:\d[\d,]*|most|many|some|few|several|hundreds|thousands|dozens)\s+(?:of\s+)?"
                          r"(?:(?:the|those|them|these)\s+)?[a-z]+", re.I)


def assertions(s: ArticleSummary) -> list[Assertion]:
    """Passive or perfect verbs with their polarity and subject words ("Smith was not charged")."""
    return memo("assertions", s, _assertions)


def _assertions(summary: ArticleSummary) -> list[Assertion]:
    text = summary.article.text
    speakers = sources(text)
    out: list[Assertion] = []
    for sent in sentences(text):
        if "?" in sent.text:
            continue
        for m in _ASSERT.finditer(sent.text):
            verb = m.group("v").lower()
            if verb in NOT_A_MEASURE or verb in ("been", "seen", "given", "taken", "when", "then", "even", "often"):
                continue
            before = sent.text[:m.start()]
            clause = clauses(before, "that|and|but|while|after|before|because")[-1]
            if _NEG_CUE.search(clause) or _NEG_CUE.search(before[-30:]):
                continue
            if _COUNTED_SET.search(clause) or re.search(r"\b(?:who|which|that)\s+$", clause) and \
                    _COUNTED_SET.search(before):
                continue  # "More than 900 children have been vaccinated", "most of those infected … who had not been
                # vaccinated": a counted or quantified set of people, not one subject's fate
            subject_words = {w for w in words(clause) if not w.isdigit()}
            if not subject_words and re.search(r"\b(?:and|but)\s*$", before):
                subject_words = _lead_subject(sent.text)  # "The driver … has been released and has not been charged"
            if m.group("aux").lower() in ("has", "have", "had") and not re.match(r"^(?:\s+been)", sent.text[m.end():]):
                obj = clauses(sent.text[m.end():m.end() + 60], "that|and|but|while|after|before|because|on|in|at")[0]
                # "have signed the deal" ~ "the deal was signed"
                subject_words |= {w for w in words(obj) if not w.isdigit()}
            subject = frozenset(subject_words)
            if not subject:
                continue
            positive = not m.group("neg")
            if _DENY.search(before) and positive:
                positive = False  # "X denied that Y was charged"
            out.append(Assertion(article=summary.article.id,
                                 source=voice(summary, speakers, sent, sent.start + m.start()),
                                 verb=stem(verb), subject=subject, positive=positive,
                                 evidence=Span(start=sent.start, end=sent.end, text=text[sent.start:sent.end]),
                                 published=summary.article.published))
    return out


_LEAD = re.compile(r"^\W*((?:[\w'’-]+\s+){0,5}?)(?:[a-z]+ed|was|were|is|are|has|have|had|who|which|that|,|in|at|on|of|"
                   r"after|before|from|with)\b", re.I)


def _lead_subject(sentence: str) -> set[str]:
    """The words of a sentence's opening noun phrase: "The teenage driver arrested after …" → {teenage, driver}."""
    m = _LEAD.match(sentence)
    return {w for w in words(m.group(1)) if not w.isdigit()} if m else set()


_PAST = re.compile(r"\b(?:[a-z]{3,}ed|died|began|begun|took|struck|hit|fell|broke|went|came|held|met|left|won|lost|"
                   r"shot|blew|sank|ran|fought|caught|stole|drove|flew|rose|set|shut|burnt|burned|froze|spread|swept|"
                   r"tore|threw|made|took place|erupted|gave way|gave|caved in|bit|bled|bought|brought|built|chose|"
                   r"dealt|dug|drew|drank|fed|felt|fled|forgot|found|got|grew|hid|hung|kept|knew|laid|lay|lent|lit|"
                   r"meant|overran|overtook|paid|put|quit|rang|rode|sent|shook|shone|sold|sought|spent|split|spoke|"
                   r"stood|stuck|stung|swam|swore|taught|told|understood|undertook|woke|wore|wound|withdrew|wrote)\b",
                   re.I)
_GAP = re.compile(r"\s+(?:[a-z]+ly\s+)?")  # between a date and the verb it precedes
_COUNTS = frozenset({"toll", "number", "figure", "total", "tally", "count"})  # a figure's change dates no event
_REPORTING = NOT_A_MEASURE | {"told", "wrote", "tweeted", "posted", "published", "released", "issued", "updated"}


@dataclass
class Dated:
    """A date expression with what it dates: the past verb before it in its clause and the clause's words."""

    article: str
    source: str
    verb: str
    topic: frozenset[str]
    text: str  # the date as written
    days: tuple  # (first day, last day)
    evidence: Span
    names: frozenset[str] = frozenset()  # proper names in the clause: places, groups
    cast: frozenset[str] = frozenset()  # every proper name its article uses: "Pryce" named two sentences on
    onset: str = ""  # the kind of event whose start this dates ("strike" for "the walkout began"), if it is one
    lede: bool = False  # the first dated action of the article's first sentence: the story's main event
    also: tuple = ()  # every day the sentence names ("the toll from Tuesday's quake rose on Wednesday": both)
    implied: bool = False  # the day of an event named by an offset ("on Thursday, two days after the collapse")
    events: frozenset[str] = frozenset()  # what happened, as verb and noun meet: "issued the recall", "the recall, …"
    anaphoric: bool = False  # dated through a definite noun alone ("The recall, announced on Monday"): the story's one
    appositive: bool = False  # a participle dates the noun before it ("under the lease, signed on March 13")
    synonym: bool = False  # one of the event's general names ("detained", "came ashore") is in the clause
    other: bool = False  # the clause says it is another one ("another man was arrested")
    ordinal: frozenset[str] = frozenset()  # the ordinals it names ("the third round"): another one only if they differ
    planned: bool = False  # a date something will happen on ("will reopen on March 28"): meets only planned dates
    clock: tuple[int, Span] | None = None  # the time of day it names, in minutes, and where ("at 6:42 a.m.")


# verbs whose object names the event ("issued the recall", "delivered its verdict", "made the announcement")
_LIGHT = frozenset("issued issue announced made delivered gave handed reached ordered launched called declared imposed "
                   "passed returned".split())
_DETERMINER = re.compile(r"^\s+(?:the|a|an|its|their|his|her)\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+)"
                         r"(?:\s+(?:on|in|at|by|last|this|early|late))?\s*$")
# "The recall, announced on Monday", "Under the lease, signed on March 13": a participle dating the noun before it
_APPOSITIVE = re.compile(r"\b(?P<det>[Tt]he|[Ii]ts|[Tt]heir)\s+(?P<noun>[a-z]+)\s*,\s*(?:[a-z]+ly\s+)?"
                         r"(?P<v>[a-z]+ed|made|held|set|given|signed)\s+(?:on|in|at)?\s*$")
# "Since its opening on May 2", "after the crash on Monday": a noun dated, the event it names
_NOMINAL = re.compile(r"\b(?:since|after|following|before)\s+(?P<det>its|the|their|his|her)\s+(?P<noun>[a-z]{4,})"
                      r"\s+(?:on|in)?\s*$", re.I)
# one event, two names in general English: an arrest, a verdict, a storm's landfall
_SAME_EVENT = [(re.compile(r"\b(?:arrested|detained|apprehended|taken into custody)\b", re.I), "arrest"),
               (re.compile(r"\b(?:found\s+(?:[A-Za-z-]+\s+){0,4}(?:not\s+)?guilty|convicted|acquitted)\b", re.I),
                "verdict"),
               (re.compile(r"\b(?:sentenced|jailed|(?:received|handed|given|got|imposed|passed)\s+(?:down\s+)?"
                           r"(?:a|an|the|his|her|their)\s+(?:[\w-]+\s+){0,2}(?:sentence|term|jail term|prison term))\b",
                           re.I), "sentenc"),
               (re.compile(r"\b(?:made landfall|came ashore)\b", re.I), "landfall"),
               (re.compile(r"\b(?:launched|lifted off|blasted off)\b", re.I), "launch"),
               (re.compile(r"\b(?:arrived|docked|berthed|touched down|made an? (?:emergency |safe |unscheduled )?"
                           r"landing)\b|['’]s\s+arrival\b", re.I), "arriv"),
               (re.compile(r"\b(?:re-?opened|opened (?:its |the |their )?doors again|opened again)\b", re.I), "reopen"),
               (re.compile(r"\b(?:closed|shut|shut down|closed off|sealed off)\b", re.I), "closur"),
               (re.compile(r"\b(?:returned|went back|came back)\s+to\s+the\s+(?:negotiating\s+)?table\b|"
                           r"\b(?:talks|negotiations)\s+(?:resumed|restarted)\b", re.I), "resum"),
               (re.compile(r"\b(?:go|goes|went|going)\s+to\s+the\s+polls\b|\b(?:the|a)\s+(?:[\w-]+\s+){0,2}?"
                           r"(?:vote|referendum|plebiscite|ballot|election|by-election)\b|"
                           r"\bvoters\b[^.;]{0,60}\b(?:choose|elect|pick)\b", re.I), "vot")]


_REPORT_NOUNS = frozenset("statement report updat figur releas bulletin communiqu comment remark not data tally toll "
                          "number warn advic guidanc apology".split())  # their event_key: what a report issues
_ANOTHER = re.compile(r"\b(?:another|fresh|separate|other|further|more(?!\s+than)|(?<!doors )(?<!opened )again)\b",
                      re.I)  # not "opened the doors again": a reopening
# an ordinal names which one ("the third round"): another one only against a side that names none or another ordinal
_ORDINAL = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.I)


def ordinals(*texts: str) -> frozenset[str]:
    return frozenset(m.group(0).lower() for t in texts for m in _ORDINAL.finditer(t))


def event_key(word: str) -> str:
    """A verb's or its noun's common stem: "announced"/"announcement", "arrived"/"arrival", "signed"/"signing"."""
    w = word.lower()
    for suffix in ("ment", "ings", "ing", "ion", "al"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4 and not w.endswith("ll"):
            w = w[:-len(suffix)]
            break
    else:
        w = stem(w)
    return w[:-1] if w.endswith("e") else w


def _table(spec: str) -> dict[str, str]:
    return {w: words.split()[0] for words in spec.split(";") for w in words.split()}


# what starts: kinds of event, so "went on strike" and "the walkout began" date one start
_EVENTS = _table("strike strikes walkout walkouts stoppage; protest protests demonstration demonstrations rally "
                 "rallies march marches sit-in unrest riots riot; fighting clashes clash hostilities battle offensive "
                 "war violence; fire fires blaze wildfire; outbreak epidemic; blockade siege; talks negotiations; "
                 "trial hearing; curfew; lockdown; ceasefire truce; search manhunt; evacuation; eruption; "
                 "rain rainfall; flooding floods; shutdown; boycott; hunger-strike")
_EVENTS |= _table("strike striking; protest protesting marching demonstrating rioting; fighting shelling; "
                  "blockade blocking; fire burning; rain raining; search searching")  # "began blocking the road"
_ONSET = re.compile(r"\b(?:began|begun|begins|started|starts|broke out|erupted|launched|kicked off|got under way|"
                    r"went on|came into force|took effect)\b", re.I)
_SINCE = re.compile(r"\bsince\s+$", re.I)
_NEW_ONE = re.compile(r"\b(?:second|another|new|fresh|separate|other|third|renewed)\s+(?:\w+\s+)?$", re.I)


def _onset(left: str, after: str) -> str:
    """The kind of event a date is the start of: an onset verb or "since" before it, and an event noun near."""
    verb = list(_ONSET.finditer(left))
    if not (verb and len(left) - verb[-1].end() < 40) and not _SINCE.search(left):
        return ""
    if verb and _SAID_SINCE.search(left, verb[-1].end()):
        return ""  # "since the outbreak began in December, they said on Monday": the day of the report
    window = left[max(0, (verb[-1].start() if verb else len(left)) - 60):] + " " + after[:20]
    for m in re.finditer(r"[a-z][a-z-]+", window.lower()):
        kind = _EVENTS.get(m.group(0))
        if kind:
            return "" if _NEW_ONE.search(window[:m.start()]) else kind
    return ""


# "at 6:42 a.m. local time", "shortly after 9 p.m.": a time of day
CLOCK = re.compile(r"\b(?:(?:at|around|about|shortly after|just after|shortly before|just before)\s+)?(?P<h>\d{1,2})"
                   r"(?:[:.](?P<m>\d\d))?\s*(?P<ap>[ap])\.?m\.?(?:\s+local\s+time)?", re.I)


def _clock(text: str, sent: Sentence, verb_end: int | None, a: int, b: int) -> tuple[int, Span] | None:
    """The time of day between a verb and its date (sentence offsets ``verb_end``..``a``), or just after the date
    ("on Thursday at 6:42 a.m."): minutes after midnight and where it is written."""
    found = list(CLOCK.finditer(sent.text, verb_end, a)) if verb_end is not None else []
    if not found:
        after = re.compile(r"[\s,]*").match(sent.text, b)
        found = [m for m in [CLOCK.match(sent.text, after.end() if after else b)] if m]
    if not found:
        return None
    m = found[-1]
    hour = int(m.group("h")) % 12 + (12 if m.group("ap").lower() == "p" else 0)
    start, end = sent.start + m.start(), sent.start + m.end()
    return hour * 60 + int(m.group("m") or 0), Span(start=start, end=end, text=text[start:end])


def _tight(left: str, verbs: list[re.Match[str]]) -> bool:
    """The date follows its verb closely, in one clause ("collapsed on Tuesday", "gave way yesterday")."""
    gap = left[verbs[-1].end():] if verbs else left
    return bool(verbs) and len(gap) <= 50 and "," not in gap and not re.search(r"\d", gap)


# "on Thursday, two days after the collapse": the date of this sentence's action, and by the offset the day of
# the event the noun names (the story's main event when it stands in the lede)
_OFFSET_EVENT = re.compile(r"^,?\s*(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                           r"(?P<unit>days?|weeks?)\s+(?P<dir>after|before)\s+(?:the|this week's|last week's)\s+"
                           r"(?P<what>[a-z][a-z-]+)", re.I)
_SMALL = {w: k for k, w in enumerate("a two three four five six seven eight nine ten".split(), 1)} | {"one": 1}


def _offset_event(after: str, days: tuple) -> tuple[re.Match[str], tuple] | None:
    m = _OFFSET_EVENT.match(after)
    if not m:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
    shift = timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))
    sign = -1 if m.group("dir").lower() == "after" else 1
    return m, (days[0] + sign * shift, days[1] + sign * shift)


# a date something is planned for: "will reopen on March 28", "is due to reopen in mid-April", "The vote, set for"
_PLANNED = re.compile(r"(?:\b(?:will|(?:is|are|was|were)\s+(?:due|set|expected|scheduled)\s+to|due to|plans?\s+to)"
                      r"\s+(?:be\s+)?"
                      r"(?P<v>[a-z]{2,})(?:\s+[a-z]+){0,5}?|\b(?P<det>[Tt]he|[Ii]ts)\s+(?P<noun>[a-z]+)\s*,\s*"
                      r"(?:set|scheduled|planned|due)|\b(?:[Aa]n?|[Tt]he|[Ii]ts)\s+(?:[A-Za-z-]+\s+){0,3}?(?P<sched>[a-z][a-z-]{3,}),?\s+"
                      r"(?:set|scheduled|planned|slated|due)|\b(?P<pv>(?:re)?opens|starts|begins|closes|launches|resumes|"
                      r"takes effect|kicks off|goes on sale)(?:\s+[a-z]+){0,3}?|"
                      r"^\W*(?P<sn>[A-Za-z]{4,})(?:\s+(?:in|of|for|at)\s+[^.;]{1,90}?)?"
                      r"\s+(?:was|is|has been|had been|were|are)\s+(?:set|scheduled|planned|fixed))"
                      r"\s+(?:on|in|for|by)?\s*$")


def _planned(s: ArticleSummary, speakers: dict[int, str], sent: Sentence, a: int, b: int, surface: str,
             span: tuple, m: re.Match[str], left: str) -> Dated:
    """A planned date, resolved forward (``span``): a weekday, day or month without a year is the next one."""
    first, last = span
    # "will open", "opens on 21 June", "the vote, set for", "Sentencing … was set for"
    verb = m.group("v") or m.group("pv") or m.group("noun") or m.group("sched") or m.group("sn")
    keys = {event_key(verb)} | {key for rx, key in _SAME_EVENT if rx.search(left[-80:])}
    text = s.article.text
    return Dated(article=s.article.id, source=voice(s, speakers, sent, sent.start + a), verb=event_key(verb),
                 topic=frozenset(w for w in words(left[-80:]) if not w[0].isdigit()), text=surface,
                 names=_party_names(sent.text, b),
                 days=(first, last), evidence=Span(start=sent.start + a, end=sent.start + b,
                                                   text=text[sent.start + a:sent.start + b]),
                 events=frozenset(keys), anaphoric=bool(m.group("det")) and m.start() == 0, planned=True,
                 other=bool(_ANOTHER.search(left[-80:])), ordinal=ordinals(left[-80:]))


_SAID_SINCE = re.compile(r"\b(?:said|says|told|stated|added|announced)\b")
_TOLD_BY = re.compile(r",(?:[^,.;]{0,60},){0,2}[^,.;]{0,60}\b(?:said|says|told|added|stated|according to)\b[^,;]*$")


def _party_names(sentence: str, after: int) -> frozenset[str]:
    """The proper names in ``sentence`` (places, groups), leaving out a speaker credited after ``after``
    ("…, the local mayor, Ernst Kolberg, said")."""
    told = _TOLD_BY.search(sentence, after)
    return frozenset(w.lower() for w in re.findall(r"(?<=\s)[A-Z][a-z]+", sentence[:told.start() if told else None])
                     if w.lower() not in CALENDAR)


def _in_year(left: str, ref: TimeRef) -> bool:
    """A month or year the verb just before dates ("the mill opened in 1998", "was founded in March 2003")."""
    if ref.precision not in ("month", "year"):
        return False
    verbs = list(_PAST.finditer(left[-30:]))
    return bool(verbs) and bool(re.fullmatch(r"\s+in\s+", left[-30:][verbs[-1].end():]))


def dated_statements(s: ArticleSummary) -> list[Dated]:
    return memo("dates", s, _dated_statements)


def _dated_statements(s: ArticleSummary) -> list[Dated]:
    text, pub = s.article.text, s.article.published
    if not pub:
        return []
    speakers = sources(text)
    out: list[Dated] = []
    for sent in sentences(text):
        found = [(a, b, surface, day_range(ref) if ref.precision == "day" or _in_year(sent.text[:a], ref) else None,
                  day_range(ref) if ref.precision in ("day", "month") else None, left, planned)
                 for a, b, surface in find_time_expressions(sent.text)
                 for left in [re.split(r";|(?<!\d):(?!\d)|\b(?:while|whereas|but)\b", sent.text[:a])[-1]]
                 for planned in [_PLANNED.search(left)]  # resolved forward: "will resume on Wednesday", the coming one
                 for ref in [TimeRef(**resolve_time(surface, pub, prefer_future=planned is not None))]]
        also = tuple(d for *_, d, _, _, _ in found if d is not None)
        for a, b, surface, days, span, left, planned in found:
            if planned and span is not None:
                d = _planned(s, speakers, sent, a, b, surface, span, planned, left)
                lede = sent.idx == sentences(text)[0].idx and not any(x.lede for x in out)
                out.append(replace(d, lede=True) if lede else d)  # "X will be sentenced on March 14": the story's event
                continue
            if days is None:
                continue
            verbs = list(_PAST.finditer(left))
            onset = _onset(left, sent.text[b:])
            reported = not verbs or verbs[-1].group(0).lower() in _REPORTING or len(  # a clock time is no distance
                CLOCK.sub("", left[verbs[-1].end():])) > 60 \
                or bool(_SAID_SINCE.search(left, verbs[-1].end()))  # "remains closed, a spokesperson said on Wednesday"
            window = left[max(0, verbs[-1].start() - 80):] if verbs else left[-80:]
            gap = _GAP.match(sent.text, b)
            after = _PAST.match(sent.text, gap.end()) if gap else None
            tight = _tight(left, verbs)
            if reported and after and len(clauses(left)) == 1 and after.group(0).lower() not in _REPORTING:
                # "The court on Thursday sentenced X": the date stands between the subject and its verb
                verbs, reported, tight = [after], False, True
                window = f"{left} {sent.text[b:]}"[:len(left) + 80].rsplit(" ", 1)[0]
            appositive = _APPOSITIVE.search(left)
            nominal = _NOMINAL.search(left)
            if nominal:
                reported = False  # "Since its opening on May 2": the opening's date
            if appositive and not _NEW_ONE.search(left[:appositive.start("noun")]):
                reported = False  # "The recall, announced on Monday": the date of the recall, not of a report
            if reported and verbs and verbs[-1].group(0).lower() in _LIGHT:
                obj = _DETERMINER.match(sent.text[verbs[-1].end():a]) if verbs[-1].end() <= a else None
                if obj and event_key(obj.group("noun")) not in _REPORT_NOUNS and tight:
                    reported = False  # "issued the recall on January 29": the recall's date, not a report's
            if reported and not onset:
                continue  # a date of the report ("said on Monday"), or too far from its verb
            keys = set()
            if verbs:
                keys.add(event_key(verbs[-1].group(0)))
                obj = _DETERMINER.match(sent.text[verbs[-1].end():a]) if verbs[-1].end() <= a else None
                if verbs[-1].group(0).lower() in _LIGHT and obj:
                    keys.add(event_key(obj.group("noun")))
            if appositive and appositive.group("v").lower() in _LIGHT | _REPORTING:
                keys.add(event_key(appositive.group("noun")))  # "The recall, announced on …", not "The budget,
                # approved on …" (a step of its own)
            if nominal:
                keys.add(event_key(nominal.group("noun")))
            near = left[-80:] + (sent.text[b:after.end() + 40] if verbs and verbs[-1] is after else "")
            synonyms = {key for rx, key in _SAME_EVENT if rx.search(near)}
            keys |= synonyms
            topic = frozenset(w for w in words(window) if not w[0].isdigit())
            lead = re.match(r"([A-Z][a-z]+)\s+[A-Z][a-z]+|([A-Z][a-z]+),\s+(?:who|whose)\b", sent.text)  # "Brightmeadow
            # Dairy issued …", "Ruzicka, who has been held since …"
            led = (lead.group(1) or lead.group(2)).lower() if lead else ""
            names = _party_names(sent.text, b) | ({led} if led and led not in STOP_WORDS | CALENDAR else set())
            first = sent.idx == sentences(text)[0].idx and not any(d.lede for d in out)
            offset = _offset_event(sent.text[b:], days)
            clock = _clock(text, sent, verbs[-1].end() + len(sent.text[:a]) - len(left) if verbs else None, a, b)
            out.append(Dated(article=s.article.id, source=voice(s, speakers, sent, sent.start + a), clock=clock,
                             verb=stem(verbs[-1].group(0).lower()) if verbs else "since", topic=topic,
                             text=surface, days=days,
                             evidence=Span(start=sent.start + a, end=sent.start + b, text=text[sent.start + a:
                                                                                               sent.start + b]),
                             names=names, onset=onset,
                             lede=first and not offset and not reported and tight and not topic & _COUNTS, also=also,
                             events=frozenset(keys), anaphoric=bool(appositive and appositive.group("det")[0] == "T"
                                                                     and appositive.start() == 0) or bool(
                                 nominal and nominal.group("det").lower() in ("its", "their", "his", "her")),
                             appositive=bool(appositive), synonym=bool(synonyms),
                             other=bool(_ANOTHER.search(window) or _ANOTHER.search(sent.text[b:b + 60])),
                             ordinal=ordinals(window, sent.text[b:b + 60])))
            if offset:  # the sentence relates two events: its own action is not the lede, the one it dates may be
                m, then = offset
                end = sent.start + b + m.end()
                out.append(Dated(article=s.article.id, source=out[-1].source, verb=stem(m.group("what").lower()),
                                 topic=topic | {stem(m.group("what").lower())}, text=text[sent.start + a:end],
                                 days=then, evidence=Span(start=sent.start + a, end=end,
                                                          text=text[sent.start + a:end]),
                                 names=names, lede=first, implied=True))
        out += _chained(s, speakers, sent, out)
    cast = frozenset(w.lower() for w in re.findall(r"\b[A-Z][a-z]+", text)) - CALENDAR
    return [replace(d, cast=cast) for d in out]


def other_parties(a: Dated, b: Dated) -> bool:
    """Each names its own places or parties, and neither article names the other's: two incidents."""
    return bool(a.names and b.names and not a.names & b.names and not (a.names & b.cast or b.names & a.cast))


# "returned to the table a week after the walkout began": an action dated by an offset from an onset the article dates
_CHAIN = re.compile(r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>days?|weeks?)\s+"
                    r"after\s+the\s+(?P<what>[a-z][a-z-]+)\s+(?:began|started|broke out|erupted)\b", re.I)


def _chained(s: ArticleSummary, speakers: dict[int, str], sent: Sentence, found: list[Dated]) -> list[Dated]:
    out = []
    for m in _CHAIN.finditer(sent.text):
        kind = _EVENTS.get(m.group("what").lower())
        start = next((d for d in found if d.onset == kind and d.evidence.start < sent.start), None) if kind else None
        left = clauses(sent.text[:m.start()])[-1]
        verbs = list(_PAST.finditer(left))
        if start is None or not verbs or verbs[-1].group(0).lower() in _REPORTING:
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else _SMALL[m.group("n").lower()]
        shift = timedelta(days=n * (7 if m.group("unit").lower().startswith("week") else 1))
        keys = {event_key(verbs[-1].group(0))} | {key for rx, key in _SAME_EVENT if rx.search(left)}
        at, end = sent.start + verbs[-1].start(), sent.start + m.end()
        out.append(Dated(article=s.article.id, source=voice(s, speakers, sent, at),
                         verb=stem(verbs[-1].group(0).lower()),
                         topic=frozenset(w for w in words(left) if not w[0].isdigit()), text=m.group(0),
                         days=(start.days[0] + shift, start.days[1] + shift),
                         evidence=Span(start=at, end=end, text=s.article.text[at:end]),
                         events=frozenset(keys), synonym=len(keys) > 1, implied=True,
                         other=bool(_ANOTHER.search(left)), ordinal=ordinals(left)))
    return out
