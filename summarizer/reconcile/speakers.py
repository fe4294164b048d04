"""Attribution conflicts from the text alone: a pronoun that cannot be its source, and one quote, two speakers.

- "The ministry said ..." (or "According to the Red Crescent, ...") then "She added ...": the
  pronoun cannot stand for the organization it resolves to, so the speaker is unclear.
- The same quoted words (identical or near-identical) credited to two different people, in one
  article or across articles; or a quote taken up later ("The remark, made by X") with another speaker.

Both are ``attribution`` conflicts. Quotes meet through shared word trigrams, never all pairs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize.core import find_numbers
from ..prepare.attribution import Attribution
from ..prepare.quotes import double_quoted
from ..schema import ArticleSummary, Conflict, ConflictSide, Span
from .checkable import attributions, sentences
from .statements import pronoun_fits
from .text import CALENDAR, ORG_WORDS, PRONOUNS, short, words

__all__ = ["REMARK_FROM", "Quote", "pronoun_attribution_conflicts", "quote_conflicts", "quoted", "quotes",
           "remark_conflicts", "reported", "silence_conflicts", "speaker_of", "two_candidate_conflicts"]

_PERSON_WORDS = set("""minister spokesman spokeswoman spokesperson president official officer commander chief director
mayor governor judge lawyer witness man woman resident leader secretary ambassador general colonel captain doctor
teacher prosecutor senator lawmaker chairman chairwoman manager founder author analyst expert researcher""".split())
_QUOTE = re.compile(r"[“\"](?P<q>[^”\"]{12,400})[”\"]")
_MIN_WORDS = 5  # a shorter quote ("terrorists", "a tragedy") is a phrase many people use
_SAME_QUOTE = 90  # rapidfuzz ratio of the normalized quotes
_TITLES = set("""mr mrs ms dr prof sir the a an labour""".split()) | _PERSON_WORDS


def _organization(name: str) -> bool:
    """"Northwind Energy", "The airline", "the Red Crescent": names a person pronoun cannot stand for."""
    toks = name.split()
    low = [t.lower() for t in toks]
    if not low or low[-1] in _PERSON_WORDS or any(w in _PERSON_WORDS for w in low):
        return False
    if low[-1] in ORG_WORDS or (low[0] == "the" and len(low) == 2 and toks[1].islower()):
        return True
    return low[0] == "the" and len(toks) > 1 and all(t[0].isupper() for t in toks[1:])  # "the Red Crescent"


_OPENING = re.compile(r"^\W*((?:[Tt]he\s+)?(?:[\w'’-]+\s+){0,3}?[\w'’-]+)\s+(?:[a-z]+s|[a-z]+ed|is|was|are|were|"
                      r"has|had|have|will|would|can|could|said|says)\b")


def _opening(sentence: str) -> str:
    """The noun phrase a sentence opens with, before its first verb ("The health board wants …": The health board)."""
    m = _OPENING.match(sentence)
    return m.group(1) if m else ""


def _named(name: str) -> bool:
    """A source named in the text (a capital after an optional "the"), not a pronoun or a generic noun."""
    rest = re.sub(r"^the\s+", "", name, flags=re.I)
    return bool(rest) and (name[0].isupper() or rest[0].isupper()) and len(name.split()) <= 6 and "\n" not in name


def pronoun_attribution_conflicts(s: ArticleSummary) -> list[Conflict]:
    """Code-found attributions whose pronoun cannot be the source it resolves to ("The ministry said" … "She added"):
    one conflict per antecedent, with every pronoun that does not fit it."""
    text = s.article.text
    if text.isupper():  # all-caps wire copy: the attributions' subjects are too rough to judge a pronoun by
        return []
    sents = {x.idx: x for x in sentences(text)}
    found = attributions(text)
    runs: dict[int, list[Attribution]] = {}
    for k, att in enumerate(found):
        pron = att.source.lower()
        if not att.resolved_from or pron not in PRONOUNS or not _named(att.resolved_from):
            continue
        person = pron in ("he", "she", "i")
        if pronoun_fits(pron, att.resolved_from) and not (person and _organization(att.resolved_from)):
            continue
        before = next((j for j in range(k - 1, -1, -1)
                       if found[j].source == att.resolved_from and not found[j].resolved_from), None)
        if before is not None and pron in ("it", "they") and any(
                _organization(o) for x in sentences(text) if found[before].sentence < x.idx < att.sentence
                if (o := _opening(x.text))):
            continue  # "Police estimated …. The health board wants …. It says …": "it" may be the nearer board
        if before is not None and all(a.sentence != att.sentence for a in runs.get(before, [])):
            runs.setdefault(before, []).append(att)

    def side(att: Attribution, value: str) -> ConflictSide:
        sent = sents[att.sentence]
        return ConflictSide(source=att.source, article=s.article.id, item=f"t{sent.start}", value=value,
                            evidence=[Span(start=sent.start, end=sent.end, text=sent.text)])

    out = []
    for j, run in sorted(runs.items()):
        first = found[j]
        said = ", ".join(f"“{text[a.source_start:a.source_start + len(a.source)]} {a.cue}”" for a in run)
        lead = f"{first.source} {first.cue}" if first.cue != "according to" else f"according to {first.source}"
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=(f"{said} {'follows' if len(run) == 1 else 'follow'} “{lead}”, but “{run[0].source}” does not "
                     f"fit {first.source}: the speaker is unclear."),
            sides=[side(first, lead), *(side(a, f"{a.source} {a.cue}") for a in run)],
            note=f"Kept under {first.source}, the nearest preceding source; treat the speaker as unconfirmed."))
    return out


@dataclass(frozen=True)
class Quote:
    """Quoted words with the speaker the text credits them to."""

    article: str
    speaker: str
    norm: str  # lower-case words of the quote
    evidence: Span  # the sentence that quotes and credits
    figures: bool = False  # a reported statement: its figures must match too (7 injured is not 5 injured)
    full: str = ""  # the longest name the article gives the speaker ("Health Minister Oriane Tessaro" for "Tessaro")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_NAME_BEFORE_TOLD = re.compile(r"(?P<n>(?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+),?\s+(?:told|tells)\s+$")


# 'captain Femi Adeyemi was quoted as saying: "…"', 'X told the inquiry: "…"'
_SAID_BEFORE = re.compile(r"(?P<n>(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)\s+(?:was\s+quoted\s+as\s+saying|"
                          r"(?:said|says|added|wrote|told\s+[^:“\"]{1,40}?))\s*[:,]\s*$")
_SAID_AFTER = re.compile(r"\s*,?\s*(?:said|says|added|told)\s+"
                         r"(?P<n>(?:[a-z]+\s+){0,3}(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)")  # '"…," said fire chief X'


def speaker_of(text: str, a: Attribution) -> str:
    """Who the attribution credits. "…," the minister, Ana Lopes, told lawmakers: the name before "told" speaks;
    the one after it is the audience."""
    name = a.resolved_from or a.source
    if a.cue in ("told", "tells"):
        before = _NAME_BEFORE_TOLD.search(text[max(0, a.source_start - 80):a.source_start])
        if before:
            return before.group("n")
    return name


def quoted(text: str) -> frozenset[str]:
    """The quotes of at least five words in ``text``, normalized (two articles quoting one remark tell one story)."""
    found = (_norm(m.group("q")) for m in _QUOTE.finditer(double_quoted(text)))
    return frozenset(n for n in found if len(n.split()) >= _MIN_WORDS)


def quotes(s: ArticleSummary) -> list[Quote]:
    """Every quote of at least five words whose sentence names its speaker ("…," said X; X told reporters "…")."""
    text = s.article.text
    by_sentence: dict[int, list[Attribution]] = defaultdict(list)
    for a in attributions(text):
        by_sentence[a.sentence].append(a)
    out = []
    for sent in sentences(text):
        for m in _QUOTE.finditer(double_quoted(sent.text)):
            norm = _norm(m.group("q"))
            if len(norm.split()) < _MIN_WORDS:
                continue
            names = [speaker_of(text, a) for a in by_sentence.get(sent.idx, [])]
            named = [n for n in names if n and n.lower() not in PRONOUNS]
            if not named and (after := _SAID_AFTER.match(sent.text, m.end())):
                named = [after.group("n")]  # "…," said fire chief Maria Olsen at …
            if not named and (before := _SAID_BEFORE.search(sent.text[:m.start()])):
                named = [before.group("n")]
            if not named and any(n.lower() in ("he", "she") for n in names):
                named = [n for n in [_pronoun_person(text, sent.idx)] if n]  # "…," she said: the person named before
            if len(set(named)) != 1:  # nobody, or two speakers in one sentence: whose words is unclear
                continue
            out.append(Quote(s.article.id, named[0], norm, Span(start=sent.start, end=sent.end, text=sent.text),
                             full=_full_name(text, named[0])))
    return out


def _full_name(text: str, speaker: str) -> str:
    """The longest run of capitalized words in ``text`` that ends with ``speaker``'s surname, titles included."""
    last = _surname(speaker)
    if not last:
        return speaker
    runs = [m.group(0) for m in re.finditer(r"\b(?:[A-Z][a-z]+\s+){1,4}(?i:" + re.escape(last) + r")\b", text)]
    return max(runs, key=len, default=speaker)


_MIN_REPORTED = 6  # an indirect statement this long, word for word under two sources, is one statement


def reported(s: ArticleSummary) -> list[Quote]:
    """Indirect statements credited to a named source ("X doubled in March, according to the ministry"), as quotes:
    the same words under two sources are an attribution conflict like a quote's."""
    text = s.article.text
    sents = {x.idx: x for x in sentences(text)}
    out = []
    for a in attributions(text):
        if a.direct_quote or a.cue not in ("according to", "said", "says") or a.source.lower() in PRONOUNS:
            continue
        name = re.sub(r"^(?:figures|data|a report|a statement|a study|estimates)\s+(?:from|by)\s+", "",
                      a.resolved_from or a.source, flags=re.I)
        name = re.sub(r"^(?:the\s+)?(?:[a-z]+\s+){1,2}(?=[A-Z])", "", name)  # "the independent X Institute"
        norm = _norm(text[a.content_start:a.content_end])
        sent = sents.get(a.sentence)
        proper = re.sub(r"^(?:the|an?)\s+", "", name, flags=re.I)
        if sent is None or len(norm.split()) < _MIN_REPORTED or not _named(name) or not proper[:1].isupper():
            continue  # "an official said": nobody named
        out.append(Quote(s.article.id, name, norm, Span(start=sent.start, end=sent.end, text=sent.text),
                         figures=True))
    return out


def _pronoun_person(text: str, idx: int) -> str:
    """The person a "he"/"she" in sentence ``idx`` stands for: the full name an earlier sentence opens with, when no
    other person is named in between (at most ``_LOOK_BACK`` sentences back)."""
    sents = list(sentences(text))
    k = next((i for i, x in enumerate(sents) if x.idx == idx), None)
    if k is None:
        return ""
    for j in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
        t = sents[j].text
        people = [p for p in _people(t) if not _PLACE_BEFORE.search(t[:t.find(p)])]  # "outside Harbour Street"
        opening = _FULL_NAME.match(t)
        if opening and people == [opening.group(0)]:
            return opening.group(0)
        if people:
            return ""  # another name first, or two: whose pronoun is unclear
    return ""


_PLACE_BEFORE = re.compile(r"\b(?:at|in|on|outside|inside|near|from|to|into|of|off|along|across|behind|opposite)\s+"
                           r"(?:the\s+)?$")


def _surname(name: str) -> str:
    """The last capitalized word of a name, titles and days left out: "Minister Ann Sorel on Monday" → sorel."""
    toks = [t for t in re.findall(r"[A-Za-z][\w'-]*", name) if t.lower() not in _TITLES and t.lower() not in CALENDAR]
    caps = [t for t in toks if t[0].isupper()] or toks
    return caps[-1].lower().removesuffix("'s") if caps else name.lower()


def _figures(text: str) -> list[float]:
    return sorted(n.value for n in find_numbers(text))


_SPOKES = re.compile(r"\b(?:spokes(?:man|woman|person)|representative|press\s+(?:officer|office|secretary)|"
                     r"statement|on\s+behalf\s+of)\b", re.I)


def _voice_of(org: Quote, person: Quote) -> bool:
    """``org`` is an organisation whose words ``person`` may carry: a generic one ("the company", "the operator",
    nobody named, whoever speaks for it), or a named one when the other credit names a spokesperson."""
    if not _organization(org.speaker):
        return False
    return not _named(org.speaker) or bool(_SPOKES.search(person.evidence.text))


def _title_of(title: str, name: str) -> bool:
    """``title`` is a bare title ("the minister") that ``name`` carries ("Health Minister Oriane Falk")."""
    said = [w for w in title.lower().split() if w not in ("the", "a", "an")]
    return bool(said) and said[-1] in _PERSON_WORDS and not _named(title) \
        and set(said) <= set(name.lower().replace(",", " ").split())


def quote_conflicts(items: list[Quote], allowed: Callable[[Quote, Quote], bool],
                    same_source: Callable[[str, str], bool]) -> list[Conflict]:
    """The same quote credited to two speakers who are not one (by alias or surname): ``attribution``."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for k, q in enumerate(items):
        w = q.norm.split()
        for i in range(len(w) - 2):
            blocks[" ".join(w[i:i + 3])].append(k)
    pairs = {(i, j) for members in blocks.values() if len(members) <= 50
             for x, i in enumerate(members) for j in members[x + 1:] if i != j}
    out = []
    for i, j in sorted(pairs):
        a, b = items[i], items[j]
        if a.evidence == b.evidence or not allowed(a, b):
            continue
        if same_source(a.speaker, b.speaker) or _surname(a.speaker) == _surname(b.speaker):
            continue
        if fuzz.ratio(a.norm, b.norm) < _SAME_QUOTE:
            continue
        if _voice_of(a, b) or _voice_of(b, a):
            continue  # "the company said" and "said X, a spokeswoman for the operator": one statement, two bylines
        if _title_of(a.speaker, b.full or b.speaker) or _title_of(b.speaker, a.full or a.speaker):
            continue  # "the minister" and "Health Minister Oriane Falk": one person, by title and by name
        if (a.figures or b.figures) and _figures(a.norm) != _figures(b.norm):
            continue  # one figure apart: a numeric question, not who said it
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=f"The same words (“{short(a.norm, 60)}”) are credited to {a.speaker} and to {b.speaker}.",
            sides=[ConflictSide(source=q.speaker, article=q.article, item=f"t{q.evidence.start}",
                                value=f"quoted: {q.speaker}", evidence=[q.evidence]) for q in (a, b)],
            note="Two speakers cannot both have said these words first; check who is quoted."))
    return out


# a person's name: two or more capitalized words, titles included ("Mayor Tom Berger", "Chief Superintendent Dan Ruiz")
_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_SAME_GENDER = {"he": re.compile(r"\b(?:both|the two|two)\s+(?:men|brothers|fathers)\b", re.I),
                "she": re.compile(r"\b(?:both|the two|two)\s+(?:women|sisters|mothers)\b", re.I)}
_LOOK_BACK = 3  # sentences


def _people(sentence: str) -> list[str]:
    """The distinct people a sentence names: full names whose last word names no organization or day."""
    out = []
    for m in _FULL_NAME.finditer(sentence):
        last = m.group(0).split()[-1].lower()
        if last in ORG_WORDS or last in CALENDAR or m.group(0) in out:
            continue
        out.append(m.group(0))
    return out


def two_candidate_conflicts(s: ArticleSummary) -> list[Conflict]:
    """"He said …" after a sentence naming two people whom the text says the pronoun fits alike ("Both men …"):
    either may be the speaker, so the speaker is unclear (``attribution``). A named speaker in between settles it."""
    text = s.article.text
    if text.isupper():
        return []
    sents = list(sentences(text))
    atts = attributions(text)
    named_at = {a.sentence for a in atts if a.source.lower() not in PRONOUNS}
    out = []
    for a in atts:
        pron = a.source.lower()
        if pron not in _SAME_GENDER:
            continue
        k = next((i for i, x in enumerate(sents) if x.idx == a.sentence), None)
        if k is None:
            continue
        for j in range(k - 1, max(-1, k - 1 - _LOOK_BACK), -1):
            if sents[j].idx in named_at:
                break  # "Dahl said …" then "he added": the nearest named speaker
            people = _people(sents[j].text)
            if len(people) == 1:
                break
            if len(people) >= 2:
                between = " ".join(x.text for x in sents[j:k + 1])
                if _SAME_GENDER[pron].search(between):
                    first, said = sents[j], sents[k]
                    out.append(Conflict(
                        id="", kind="attribution", severity="warning",
                        summary=(f"“{a.source} {a.cue}” follows a sentence naming {people[0]} and {people[1]}; "
                                 f"either may be “{a.source}”: the speaker is unclear."),
                        sides=[ConflictSide(source=name, article=s.article.id, item=f"t{first.start}",
                                            value=name, evidence=[Span(start=first.start, end=first.end,
                                                                       text=first.text)]) for name in people[:1]]
                        + [ConflictSide(source=a.source, article=s.article.id, item=f"t{said.start}",
                                        value=f"{a.source} {a.cue}",
                                        evidence=[Span(start=said.start, end=said.end, text=said.text)])],
                        note=f"Two people named before the pronoun: {', '.join(people)}."))
                break
    return out


# what a person is credited with having said: "the remark", "the announcement"
_SAID_NOUN = (r"(?P<noun>remarks?|comments?|words|quote|quotation|statement|pledge|promise|warning|announcement|"
              r"claim|apology)")
_NAME = r"(?P<n>(?:[A-Z][a-z]+\s+){0,3}[A-Z][a-z]+)"
# "The remark, made by Deputy Mayor Karin Voss, …", "The announcement was made by chairman X", "X, who made the remark"
_REMARK = re.compile(rf"\b[Tt]he\s+{_SAID_NOUN}\s*,?\s*(?:(?:was|were|had been)\s+)?(?:(?:first\s+)?"
                     rf"(?:made|uttered|delivered|voiced|spoken|issued)\s+)?by\s+(?:[a-z]+\s+){{0,2}}{_NAME}")
_REMARK_WHO = re.compile(rf"{_NAME},\s+who\s+(?:had\s+)?(?:first\s+)?(?:made|uttered|delivered|voiced|issued)\s+"
                         rf"the\s+{_SAID_NOUN}(?:\s+about\s+(?P<about>(?:the\s+)?[a-z]+))?")
# "The remark about the record retreat, widely shared online, came from the institute's director, Tomas Brenn"
REMARK_FROM = re.compile(rf"\b[Tt]he\s+(?:[“\"'‘][^”\"'’]{{1,60}}[”\"'’]\s+)?{_SAID_NOUN}\b"
                         rf"(?P<about>[^.;]{{0,160}}?)\s+(?:actually\s+|in fact\s+)?came\s+from\s+"
                         rf"(?:(?:the|a|an)\s+)?(?:[\w'’-]+,?\s+){{0,6}}?{_NAME}")
_QUOTED_NOUNS = {"remark", "comment", "word", "quote", "quotation", "statement", "pledge", "promise", "warning"}


@dataclass(frozen=True)
class _Credit:
    noun: str  # "remark", "announcement"
    name: str
    about: str  # "the remark about the referee": referee
    text: str  # the words that credit
    evidence: Span


def _credits(text: str) -> list[_Credit]:
    out = []
    for sent in sentences(text):
        for rx in (_REMARK, _REMARK_WHO, REMARK_FROM):
            for m in rx.finditer(sent.text):
                about = (m.groupdict().get("about") or "").removeprefix("the ").strip()
                out.append(_Credit(m.group("noun").lower().rstrip("s") if m.group("noun").lower() != "words"
                                   else "words", m.group("n"), about, m.group(0),
                                   Span(start=sent.start, end=sent.end, text=sent.text)))
    return sorted(out, key=lambda c: c.evidence.start)


def remark_conflicts(s: ArticleSummary) -> list[Conflict]:
    """A remark credited later to someone else than its speaker (not one by surname), in one article:
    "The remark, made by X" or "X, who made the remark" after a quote of Y; or one announcement credited to two
    people ("The announcement was made by X" … "Y, who made the announcement"): ``attribution``."""
    text = s.article.text
    if not (_REMARK.search(text) or _REMARK_WHO.search(text) or REMARK_FROM.search(text)):
        return []
    found = quotes(s)
    out = []
    credits = _credits(text)
    for k, cr in enumerate(credits):
        prior: tuple[str, Span, str] | None = None
        if cr.noun.rstrip("s") in _QUOTED_NOUNS:  # the quote before it
            before = [q for q in found if q.evidence.end <= cr.evidence.start]
            if before and (not cr.about or words(cr.about) & words(before[-1].norm)):
                q = before[-1]
                prior = (q.speaker, q.evidence, f"quoted: {q.speaker}")
        if prior is None:
            other = next((c for c in reversed(credits[:k]) if c.noun == cr.noun and c.evidence != cr.evidence), None)
            if other is not None:
                prior = (other.name, other.evidence, f"credited: {other.name}")
        if prior is None or _surname(prior[0]) == _surname(cr.name):
            continue
        speaker, span, value = prior
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=f"The {cr.noun} is credited to {speaker}, then “{cr.text}”.",
            sides=[ConflictSide(source=speaker, article=s.article.id, item=f"t{span.start}", value=value,
                                evidence=[span]),
                   ConflictSide(source=cr.name, article=s.article.id, item=f"t{cr.evidence.start}",
                                value=f"credited: {cr.name}", evidence=[cr.evidence])],
            note="A remark taken up later is credited to another speaker; check who said it."))
    return out


# a source that says it gave no statement: "the ministry had made no announcement about X", "Police declined to
# give a figure"
_SILENT = re.compile(r"(?P<s>\b(?:[Tt]he\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?[A-Za-z][\w-]*)\s+(?:(?:had|has|have)\s+)?"
                     r"(?:(?:made|issued|given|released|published)\s+no\s+(?P<what>announcement|statement|comment|"
                     r"figures?|estimate)|declined\s+to\s+(?:give|provide|offer|put)\s+(?:a|an|any)\s+"
                     r"(?P<what2>figure|estimate|number|statement|comment))(?:\s+(?:about|on|for)\s+(?P<t>[^,.;]+))?")
_COUNTED = {"figure", "figures", "estimate", "number"}


def silence_conflicts(summaries: list[ArticleSummary]) -> list[Conflict]:
    """A source that says it gave no statement (no figure) on a topic, credited in another article with one on that
    topic (with a figure): ``attribution``."""
    silent = []
    for s in summaries:
        for sent in sentences(s.article.text):
            for m in _SILENT.finditer(sent.text):
                who = [w.lower() for w in re.findall(r"[A-Za-z]+", m.group("s"))]
                if not who or who[-1] in PRONOUNS or who[-1] in ("who", "which", "that"):
                    continue
                what = (m.group("what") or m.group("what2")).lower()
                topic = words(m.group("t") or "")
                silent.append((s, who[-1], what, topic, Span(start=sent.start, end=sent.end, text=sent.text)))
    out = []
    for s, head, what, topic, span in silent:
        for o in summaries:
            if o.article.id == s.article.id:
                continue
            text = o.article.text
            sents = {x.idx: x for x in sentences(text)}
            for a in attributions(text):
                src = [w.lower() for w in re.findall(r"[A-Za-z]+", a.resolved_from or a.source)]
                said = text[a.content_start:a.content_end]
                if head not in src or a.sentence not in sents:
                    continue
                counted = what in _COUNTED and bool(find_numbers(said))
                if not counted and not (topic and len(topic & words(said)) >= min(2, len(topic))):
                    continue
                sent = sents[a.sentence]
                out.append(Conflict(
                    id="", kind="attribution", severity="warning",
                    summary=(f"{a.source} is credited with “{short(said, 60)}”, but another report says it gave no "
                             f"{what}: “{short(span.text, 80)}”."),
                    sides=[ConflictSide(source=a.source, article=o.article.id, item=f"t{sent.start}",
                                        value=f"credited: {a.source}",
                                        evidence=[Span(start=sent.start, end=sent.end, text=sent.text)]),
                           ConflictSide(source=head, article=s.article.id, item=f"t{span.start}",
                                        value=f"no {what}", evidence=[span])],
                    note="A source credited with a statement it says it never made; check who said it."))
                break
    return out
