"""Checkable statements found by code in an article's own text: figures and assertions with polarity.

A figure is a number with what it counts: the unit ("a 5-inch knife", "$2 million", "12 percent"),
the counted noun and its group markers ("15 ISIS operatives"), and the measure, the verb or cue
that says what happened to them ("were killed", "arrested", "injured"). Figures become
``Report``s, so numeric and update rules treat them like the model's own figures.

An assertion is a passive or perfect verb with its polarity ("was charged" / "was not charged")
and the words of its subject; two assertions of one verb about one subject with opposite
polarity cannot both hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..normalize.core import Number, find_numbers, find_time_expressions, resolve_time
from ..prepare.attribution import Attribution, find_attributions
from ..prepare.casualties import DEATH, INJURY, near
from ..prepare.sentences import Sentence, split_sentences
from ..schema import ArticleSummary, Span, TimeRef
from .events import day_range
from .quantities import Figure, Report, Subject, fold
from .text import covering_claim, narrator, stem, words

__all__ = ["Assertion", "Dated", "assertions", "attributions", "dated_statements", "sentences", "text_reports"]

_UNITS = {
    **dict.fromkeys("inch inches in".split(), "inch"), **dict.fromkeys("foot feet ft".split(), "foot"),
    **dict.fromkeys("meter meters metre metres m".split(), "meter"),
    **dict.fromkeys("kilometer kilometers kilometre kilometres km".split(), "km"),
    **dict.fromkeys("mile miles".split(), "mile"), **dict.fromkeys("centimeter centimeters cm".split(), "cm"),
    **dict.fromkeys("kilogram kilograms kg kilo kilos".split(), "kg"), **dict.fromkeys("pound pounds lb lbs".split(),
                                                                                         "pound"),
    **dict.fromkeys("ton tons tonne tonnes".split(), "ton"), **dict.fromkeys("percent per cent %".split(), "percent"),
    **dict.fromkeys("dollar dollars usd".split(), "dollar"), **dict.fromkeys("euro euros eur".split(), "euro"),
    **dict.fromkeys("yen yuan rupees rupee pesos peso".split(), "currency"),
    **dict.fromkeys("hour hours".split(), "hour"), **dict.fromkeys("minute minutes".split(), "minute"),
    **dict.fromkeys("day days".split(), "day"), **dict.fromkeys("week weeks".split(), "week"),
    **dict.fromkeys("month months".split(), "month"), **dict.fromkeys("year years".split(), "year"),
    **dict.fromkeys("year-old years-old".split(), "year-old"), **dict.fromkeys("vote votes".split(), "vote"),
    **dict.fromkeys("acre acres hectare hectares".split(), "area"), **dict.fromkeys("degree degrees".split(), "degree"),
}
_UNIT_WORDS = {stem(w) for w in _UNITS} | {"million", "billion", "thousand"}
_CURRENCY = {"$": "dollar", "€": "euro", "£": "pound-sterling", "¥": "currency"}
_UNIT_AFTER = re.compile(r"^(?:-|\s)?(per cent|%|[a-z]+(?:-old)?)(?![\w-])", re.I)
_BREAK = re.compile(r"^(?:dead|alive|missing|injured|wounded|killed|hurt|"
                    r"were|was|are|is|be|been|being|have|has|had|in|on|at|of|and|or|but|during|including|who|"
                    r"which|that|from|by|after|before|while|as|to|with|due|for|among|near|when|since|than|"
                    r"according|said|say|says|reported|told|this|last|the|a|an|it|they|he|she|its|their)$", re.I)
_PASSIVE = re.compile(r"^\W*(?:(?:were|was|are|is|have been|has been|had been|had|have|has|reportedly|also|all|"
                      r"now|been|being|got|remain|remained)\s+){1,3}(?P<v>[a-z]+(?:ed|en|wn|ht|lt|id|ne))\b", re.I)
_ACTIVE = re.compile(r"\b(?P<v>[a-z]{3,}(?:ed|ted|ht|ld|id))\s+(?:(?:some|about|around|nearly|almost|at least|"
                     r"more than|over|up to|a total of|an estimated|another|the|its|their)\s+)*$", re.I)
_PART = re.compile(r"^\s+of\s+(?:these|those|the|them|whom|which|its|their)\b", re.I)
_PART_BEFORE = re.compile(r"\b(?:including|among them|among whom|of whom|of which)\s+(?:\w+\s+)?$", re.I)
_SKIP_AFTER = re.compile(r"^(?:\s*(?:-|–|to|and|or)\s*\d)|^[-/:.]\d|^\s*(?:st|nd|rd|th)\b|^\s*(?:a\.m|p\.m|am|pm)\b",
                         re.I)
_REVISED = re.compile(r"\b(rose|risen|rising|climbed|increased|jumped|grew|revised|updated|raised|lowered|"
                      r"now stands?|has reached|had reached|toll (?:reached|stood)|new toll|latest toll)\b",
                      re.I)
_COPULAS = {"reached", "stood", "totaled", "totalled", "hit", "rose", "fell", "climbed", "dropped", "increased",
             "decreased", "grew", "jumped", "amounted", "raised", "lowered", "revised", "put", "estimated", "numbered"}
_ATTRIBUTES = {"inch", "foot", "meter", "cm", "km", "mile", "kg", "pound", "ton", "year-old", "degree", "area"}
_TOTAL_OF = re.compile(r"\b(?:number|toll|count|total|tally|figure)\s+of\s+(?P<np>(?:[a-z]+\s+){1,3}?)"
                       r"(?:(?:who|that|which|in|at|on|from|killed|injured|dead|had|has|have|was|were)\b[^.;]{0,70}?)?"
                       r"\b(?:to|at|was|is|stood at|reached|rose to|hit)\s+$", re.I)
_TOLL_WORDS = {"dead", "killed", "injured", "wounded", "victims", "casualties", "missing", "fatalities"}
_DIMENSION = re.compile(r"^\s+(?:long|wide|high|deep|tall|thick|away|across|in length|in diameter)\b", re.I)
_GENERIC_PEOPLE = {"man", "woman", "boy", "girl", "person", "people", "child", "teenager", "youth", "adult"}
_VAGUE_OF = re.compile(r"^\s+of\s+", re.I)
_NOT_A_MEASURE = {"said", "announced", "reported", "added", "stated", "explained", "stressed", "noted", "based",
                  "located", "called", "named", "aged", "dated", "used", "compared", "expected", "estimated",
                  "believed", "thought", "needed", "planned", "scheduled", "led", "owned", "claimed", "confirmed"}
_INCIDENTS = re.compile(r"\b(?:separate|another|second|third|other|earlier|unrelated|different)\s+"
                        r"(?:attack|incident|blast|explosion|raid|strike|crash|shooting|fire|accident|clash)", re.I)
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


def _voice(s: ArticleSummary, sentences_sources: dict[int, str], sent: Sentence, pos: int) -> str:
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


def _sources(text: str, sents: tuple[Sentence, ...]) -> dict[int, str]:
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


def _memo(kind: str, s: ArticleSummary, make) -> list:
    """Statements of one summary, made once (the same summary is read by every summary-level and story-level pass)."""
    key = (kind, *_key(s))
    found = _MEMO.get(key)
    if found is None:
        if len(_MEMO) > 512:
            _MEMO.clear()
        found = _MEMO[key] = make(s)
    return [replace(x) for x in found]


_NOT_PLACES = set("monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
                  "august september october november december".split())
_PLACE = re.compile(r"\b(?:in|at|near|outside|from|off|(?:village|town|city|district|province|region|county|camp)"
                    r"\s+of)\s+(?:the\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")


def _context_marks(sentence: str, at: int) -> frozenset[str]:
    """The place of a figure ("in Kabul", "near Mosul"): the one just after it, else the sentence's only place.

    Two figures in different places are different incidents."""
    m = next((m for m in _PLACE.finditer(sentence, at) if m.group(1).split()[0].lower() not in _NOT_PLACES), None)
    if m and m.start() < at + 40:
        return frozenset({m.group(1).lower()})
    found = {m.group(1).lower() for m in _PLACE.finditer(sentence) if m.group(1).split()[0].lower() not in _NOT_PLACES}
    return frozenset(found) if len(found) == 1 else frozenset()


def _unit(sentence: str, n: Number) -> tuple[str | None, int]:
    """The unit right after (or the currency sign right before) ``n``, and where the counted words start."""
    before = sentence[max(0, n.start - 1):n.start]
    if before in _CURRENCY:
        m = _UNIT_AFTER.match(sentence[n.end:])
        if m and m.group(1).lower() in ("million", "billion"):
            return _CURRENCY[before], n.end + m.end()
        return _CURRENCY[before], n.end
    m = _UNIT_AFTER.match(sentence[n.end:])
    if m and m.group(1).lower() in _UNITS:
        return _UNITS[m.group(1).lower()], n.end + m.end()
    return None, n.end


_NOT_TOPIC = {stem(w) for w in "long wide high deep tall thick away across length diameter".split()} | _NOT_PLACES


def _clause(sentence: str, at: int) -> str:
    """The clause around position ``at``: between commas, semicolons, colons, "while", "whereas" or "but"."""
    cuts = [0, *(m.end() for m in re.finditer(r"[,;:]|\b(?:while|whereas|but)\b", sentence)), len(sentence)]
    start = max(c for c in cuts if c <= at)
    end = min((c for c in cuts if c > at), default=len(sentence))
    return sentence[start:end]


def _noun_phrase(sentence: str, at: int) -> tuple[list[str], int]:
    """Up to four words from ``at`` that name what is counted, and where they end."""
    taken: list[str] = []
    end = at
    for m in re.finditer(r"[A-Za-z][\w'.-]*|[^\sA-Za-z]", sentence[at:at + 80]):
        w = m.group(0)
        if not w[0].isalpha() or _BREAK.match(w) or len(taken) == 4:
            break
        if taken and re.match(r"^[a-z]+(?:ed)$", w) and not w.endswith("eed"):
            break  # "14 militants killed": the verb, not a noun
        taken.append(w.rstrip("."))
        end = at + m.end()
    return taken, end


def _measure(sentence: str, n: Number, np_end: int) -> str | None:
    hits = [(abs(m.start() - n.end) if m.start() >= n.end else abs(n.start - m.end()), kind)
            for kind, cue in (("killed", DEATH), ("injured", INJURY)) if (m := near(sentence, n, cue))]
    if hits:
        return min(hits)[1]
    after = sentence[np_end:np_end + 60]
    m = re.match(r"^\s*(?P<v>[a-z]+ed)\b", after) or _PASSIVE.match(after)
    if m and m.group("v").lower() not in _NOT_A_MEASURE | _COPULAS:
        return stem(m.group("v").lower())
    m = _ACTIVE.search(sentence[max(0, n.start - 50):n.start])
    if m and m.group("v").lower() not in _NOT_A_MEASURE | _COPULAS:
        return stem(m.group("v").lower())
    return None


def text_reports(s: ArticleSummary) -> list[Report]:
    """Every figure in the article text as a one-figure Report (item ``t<offset>``), parts and years left out."""
    return _memo("figures", s, _text_reports)


def _text_reports(s: ArticleSummary) -> list[Report]:
    text = s.article.text
    if text.isupper():  # all-caps wire copy: capitals mark nothing; read it in lower case (offsets unchanged)
        s = s.model_copy(update={"article": s.article.model_copy(update={"text": text.lower()})})
        return [replace(r, evidence=Span(start=r.evidence.start, end=r.evidence.end,
                                         text=text[r.evidence.start:r.evidence.end])) if r.evidence else r
                for r in _text_reports(s)]
    sents = sentences(text)
    speakers = _sources(text, sents)
    out: list[Report] = []
    for sent in sents:
        times = [(a, b) for a, b, _ in find_time_expressions(sent.text)]
        incident = bool(_INCIDENTS.search(sent.text))
        last: Subject | None = None
        last_marks: frozenset[str] = frozenset()
        for n in find_numbers(sent.text):
            if re.fullmatch(r"(1[89]|20)\d\d", n.text) or any(a <= n.start < b for a, b in times):
                continue
            if _SKIP_AFTER.match(sent.text[n.end:]) or re.search(r"\d[-/:.]$|[#№]$", sent.text[:n.start]):
                continue
            if re.search(r"\d\s*(?:-|–|to|and|or)\s*$", sent.text[max(0, n.start - 12):n.start]):
                continue  # the upper end of a range ("between 30 and 40"): the range is no single figure
            if _PART.match(sent.text[n.end:]) or _PART_BEFORE.search(sent.text[max(0, n.start - 30):n.start]):
                continue  # "five of these soldiers", "including 3 children": a part of another figure
            unit, at = _unit(sent.text, n)
            if unit in ("day", "week", "month", "year", "hour", "minute") and re.match(
                    r"^\s*(?:ago|earlier|later|after|before)\b", sent.text[at:]):
                continue  # a date offset, not a figure
            if n.qualifier not in ("exact", "about") or n.text.lower().endswith(("hundreds", "thousands", "millions")):
                vague = _VAGUE_OF.match(sent.text[at:])  # "hundreds of homes": the noun after "of"
                at += vague.end() if vague else 0
            phrase, np_end = _noun_phrase(sent.text, at)
            if unit in _ATTRIBUTES and _DIMENSION.match(sent.text[at:]):
                phrase = []  # "a tunnel 40 metres long": the clause says what is measured
            if unit == "year-old" and phrase and fold(phrase[-1]) in _GENERIC_PEOPLE:
                continue  # "a 22-year-old man": an age that tells people apart, not a disputed quantity
            measure = _measure(sent.text, n, np_end)
            if not phrase and unit is None and (total := _TOTAL_OF.search(sent.text[max(0, n.start - 80):n.start])):
                nouns = [w for w in total.group("np").split() if w.lower() not in _COPULAS and not w.endswith("ed")]
                phrase = ["people" if w.lower() in _TOLL_WORDS else w for w in nouns[-1:]]  # "the number of dead at 19"
            if unit is not None and (unit in _ATTRIBUTES and phrase or not phrase):
                measure = None  # "a 5-inch knife", "12 kilometres", "61 percent": the unit says what is measured
            places = _context_marks(sent.text, np_end)
            if phrase:
                head = fold(phrase[-1])
                marks = frozenset(w.lower() for w in phrase[:-1] if w[0].isupper())
                subj = Subject(head, marks | places, " ".join(phrase))
                last_marks = marks
            elif last is not None and unit is None:  # "five ..., while two were injured"; "2,500 in Iraq, 900 in Syria"
                subj = Subject(last.head, last_marks | (places or last.marks), last.text)
            elif unit is not None:  # what the unit measures: the clause's content words around it
                topic = {w for w in words(_clause(sent.text, n.start)) if not w[0].isdigit() and w not in _UNIT_WORDS
                         and w not in _NOT_TOPIC}
                subj = Subject("", frozenset(topic) | places, " ".join(sorted(topic)))
            else:
                continue
            if measure is None and unit is None and not phrase:
                continue
            last = subj if phrase else last
            kind = measure or "count"
            full = f"{kind}/{unit}" if unit else kind
            if incident:
                subj = Subject(subj.head, subj.marks | {f"@{sent.idx}"}, subj.text)
            out.append(Report(
                article=s.article.id, item=f"t{sent.start + n.start}",
                source=_voice(s, speakers, sent, sent.start + n.start), measure=full, subject=subj,
                figures=[Figure(n.value, n.qualifier, sent.start + n.start)],
                evidence=Span(start=sent.start, end=sent.end, text=text[sent.start:sent.end]),
                published=s.article.published, revised=bool(_REVISED.search(sent.text))))
    return out


def assertions(s: ArticleSummary) -> list[Assertion]:
    """Passive or perfect verbs with their polarity and subject words ("Smith was not charged")."""
    return _memo("assertions", s, _assertions)


def _assertions(summary: ArticleSummary) -> list[Assertion]:
    text = summary.article.text
    sents = sentences(text)
    speakers = _sources(text, sents)
    out: list[Assertion] = []
    for sent in sents:
        if "?" in sent.text:
            continue
        for m in _ASSERT.finditer(sent.text):
            verb = m.group("v").lower()
            if verb in _NOT_A_MEASURE or verb in ("been", "seen", "given", "taken", "when", "then", "even", "often"):
                continue
            before = sent.text[:m.start()]
            clause = re.split(r"[,;:]|\b(?:that|and|but|while|after|before|because)\b", before)[-1]
            if _NEG_CUE.search(clause) or _NEG_CUE.search(before[-30:]):
                continue
            subject_words = {w for w in words(clause) if not w.isdigit()}
            if m.group("aux").lower() in ("has", "have", "had") and not re.match(r"^(?:\s+been)", sent.text[m.end():]):
                obj = re.split(r"[,;:]|\b(?:that|and|but|while|after|before|because|on|in|at)\b",
                               sent.text[m.end():m.end() + 60])[0]
                # "have signed the deal" ~ "the deal was signed"
                subject_words |= {w for w in words(obj) if not w.isdigit()}
            subject = frozenset(subject_words)
            if not subject:
                continue
            positive = not m.group("neg")
            if _DENY.search(before) and positive:
                positive = False  # "X denied that Y was charged"
            out.append(Assertion(article=summary.article.id,
                                 source=_voice(summary, speakers, sent, sent.start + m.start()),
                                 verb=stem(verb), subject=subject, positive=positive,
                                 evidence=Span(start=sent.start, end=sent.end, text=text[sent.start:sent.end]),
                                 published=summary.article.published))
    return out


_PAST = re.compile(r"\b(?:[a-z]{3,}ed|began|begun|took|struck|hit|fell|broke|went|came|held|met|left|won|lost|shot|"
                   r"blew|sank|ran|fought|caught|stole|drove|flew|rose|set|shut|burnt|burned|froze|spread|swept|"
                   r"tore|threw|made|took place|erupted)\b", re.I)
_REPORTING = _NOT_A_MEASURE | {"told", "wrote", "tweeted", "posted", "published", "released", "issued", "updated"}


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


def dated_statements(s: ArticleSummary) -> list[Dated]:
    return _memo("dates", s, _dated_statements)


def _dated_statements(s: ArticleSummary) -> list[Dated]:
    text, pub = s.article.text, s.article.published
    if not pub:
        return []
    sents = sentences(text)
    speakers = _sources(text, sents)
    out: list[Dated] = []
    for sent in sents:
        for a, b, surface in find_time_expressions(sent.text):
            ref = TimeRef(**resolve_time(surface, pub))
            days = day_range(ref) if ref.precision == "day" else None
            if days is None:
                continue
            left = re.split(r"[;:]|\b(?:while|whereas|but)\b", sent.text[:a])[-1]
            verbs = list(_PAST.finditer(left))
            if not verbs or verbs[-1].group(0).lower() in _REPORTING or len(left) - verbs[-1].end() > 60:
                continue  # a date of the report ("said on Monday"), or too far from its verb
            window = left[max(0, verbs[-1].start() - 80):]
            topic = frozenset(w for w in words(window) if not w[0].isdigit())
            names = frozenset(w.lower() for w in re.findall(r"(?<=\s)[A-Z][a-z]+", sent.text)
                              if w.lower() not in _NOT_PLACES)
            out.append(Dated(article=s.article.id, source=_voice(s, speakers, sent, sent.start + a),
                             verb=stem(verbs[-1].group(0).lower()), topic=topic, text=surface, days=days,
                             evidence=Span(start=sent.start + a, end=sent.start + b, text=text[sent.start + a:
                                                                                               sent.start + b]),
                             names=names))
    return out
