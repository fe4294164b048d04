"""Attribution candidates found in code: reporting verbs, their subjects and content.

Small models miss most attributed statements; a reporting verb ("said",
"announced", "according to") and its subject are found reliably by pattern. Each
candidate carries offsets into the article, so its evidence is exact by construction.
Pronoun subjects ("She stressed") resolve to the previous source and are marked
``ambiguous`` when the pronoun does not fit that source (a person pronoun for an
organization), which reconciliation reports as an attribution conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .quotes import double_quoted
from .sentences import Sentence

__all__ = ["Attribution", "find_attributions"]

_CUES = (
    "said|says|say|announced|announces|announce|explained|explains|stressed|stresses|added|adds|reported|reports|"
    "told|tells|confirmed|confirms|denied|denies|noted|notes|warned|warns|claimed|claims|affirmed|indicated|"
    "indicates|stated|states|declared|insisted|argued|argues|acknowledged|admitted|revealed|disclosed|estimated|"
    "alleged|asserted|emphasi[sz]ed|wrote|writes|tweeted|believes|believed|suggested|suggests|maintained|predicted|"
    "pledged|vowed|accused|charged|conceded|countered|replied|responded|testified|complained|agreed|contended|"
    "recalled|observed|concluded|assured|pointed out|made clear|has said|had said|has told|had told|"
    "endorsed|endorses|called on|calls on|urged|urges|demanded|demands|criticized|criticised|praised|disputes|"
    "disputed|thinks|thought|hopes|hoped|knew|knows|has learned|wrote|asked|continued|questioned|"
    # opinions and positions, demands and endorsements
    "believe|indicate|are convinced|is convinced|was convinced|were convinced|remain convinced|commented|"
    "urge|are urging|is urging|were urging|was urging|backs|"
    "expressed (?:deep |grave |serious )?concerns? (?:about|over|that)|"
    "expressed (?:deep |grave |serious )?concerns?"
)
# headlines ("Black Lawmakers Rip Donald Trump ...", "New Poll Shows ..."): cues matched in any case, and these too
_HEADLINE_CUES = "rip|rips|slam|slams|blast|blasts|back|backs|endorse|endorses|urge|urges|praise|praises|say|says"
# findings and rulings ("a new poll shows ...", "the court ruled ..."): cues only after a subject that can state one
_EVIDENCE_CUES = {"shows", "showed", "show", "found", "finds", "ruled", "rules"}
_EVIDENCE_SOURCE = re.compile(r"\b(?:polls?|surveys?|stud(?:y|ies)|analys[ie]s|reports?|data|figures|records|"
                              r"courts?|judges?|jury|panel|review|audit|investigation|research|tests?|census)\b", re.I)
_ALL_CUES = _CUES + "|" + "|".join(sorted(_EVIDENCE_CUES))
_CUE_RE = re.compile(r"\b(" + _ALL_CUES + r")\b")
_ACCORDING = re.compile(r"\baccording to\s+(?P<src>[^,.;]{2,80}?)(?=[,.;]|$)", re.IGNORECASE)
# a subject starts after one of these
_CONJ = r"and|but|while|whereas|after|before|when|as|because|since|although|though|that|where|which|so|then"
_BOUNDARY = re.compile(rf"(?:^|[,;:—–]\s*|\b(?:{_CONJ})\s+)(?!.*(?:[,;:—–]|\b(?:{_CONJ})\s))", re.IGNORECASE)
_SKIP_AFTER_CUE = re.compile(
    r"^(?:\s*,?\s*(?:also|further|later|yesterday|today|"
    r"on (?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\w*|(?:jan|feb|mar|apr|may|jun|jul|aug|"
    r"sep|oct|nov|dec)\w*\.?(?: \d{1,2})?|\d{1,2} \w+)|(?:last|this) (?:week|month|year|weekend|morning|"
    r"afternoon|evening|night|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?: (?:morning|afternoon|evening|night))?|"
    r"the day before yesterday|in a statement|in an? \w+ (?:statement|interview|release)|in a press conference|"
    r"to (?:reporters|journalists|the press|\w+ \w+)|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"earlier|previously|recently|publicly|repeatedly|again)\b)*\s*,?\s*(?:that\b)?\s*",
    re.IGNORECASE,
)
# a relative clause set off by commas right before the cue: it does not end the subject
_RELATIVE_END = re.compile(r",\s+(?:which|who|whose|whom)\b[^,;:—–“”\"]*,$", re.I)
# what follows "said X" is a speaker only as a noun phrase: no finite verb or modal, no "that"
# (in lower case only: "in May", "Will Smith")
_NOT_SPEAKER = re.compile(r"^(?i:that)\b|\b(?:would|will|was|were|is|are|has|had|have|could|should|must|may|might|"
                          r"can|did|does)\b")
_PRONOUN = {"he": "person", "she": "person", "they": "plural", "it": "thing", "we": "plural", "i": "person"}
_NOT_SUBJECT = re.compile(r"^(?:it is|there|this|which|who|what|that|as|so|to|not)\b|"
                          r"\b(?:is|was|were|are|be|and|or|but|as|to|of|in|on|for|with|by)$", re.I)
_SUBJECT_OK = re.compile(r"^(?:[A-Z\"“‘']|the\b|a\b|an\b|officials?\b|sources?\b|police\b|witnesses\b|analysts\b|"
                         r"experts\b|residents\b|critics\b|he\b|she\b|they\b|it\b|we\b|i\b)", re.I)
_PERSONISH = re.compile(r"\b(official|spokes\w*|minister|secretary|president|commander|officer|ambassador|"
                        r"governor|senator|mayor|chief|director|he|she|man|woman|source|[A-Z][a-z]+ [A-Z][a-z]+)\b")


# an organization's name, even when it looks like a person's ("The Joint Operations Command")
_ORGISH = re.compile(r"\b(?:command|ministry|department|agency|army|forces|government|council|committee|office|"
                     r"service|party|union|coalition|organi[sz]ation|group|company|court|military|embassy|"
                     r"administration|campaign|association|commission|institute|university|bank|police)\b", re.I)


@dataclass
class Attribution:
    sentence: int
    source: str
    source_start: int
    cue: str
    content_start: int
    content_end: int
    direct_quote: bool
    resolved_from: str | None = None  # the antecedent, when ``source`` is a pronoun
    ambiguous: bool = False


_QUOTE_CUES = r"said|says|added|adds|told|asked|wrote|tweeted|explained|continued|stressed|insisted|noted|argued"
_QUOTE = re.compile(
    r"[“\"](?P<q>[^“”\"]{8,2000}?)(?:[,!?][”\"]|[”\"],)\s*(?:(?P<src1>[A-Z][^,.;“”\"\n]{1,60}?|the\s+[a-z]+(?:\s+[a-z]+)?|he|she|they|it|we)\s+"
    r"(?P<cue1>" + _QUOTE_CUES + r")\b|(?P<cue2>" + _QUOTE_CUES + r")\s+(?!(?:in|on|at|after|during|from|by|to)\s)"
    r"(?P<src2>[^,.;“”\"\n]{2,60}?)(?=[,.;]))")


# a thousands separator ("1,200") is read as a character no pattern takes for a boundary; offsets are unchanged
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_KEPT = "\x00"
_NOBODY = re.compile(r"(?:no|none|nobody|nothing|neither)\b", re.I)


def find_attributions(text: str, sentences: list[Sentence]) -> list[Attribution]:
    """Who says what, sentence by sentence; quotations in single marks read like double-quoted ones."""
    text = _THOUSANDS.sub(_KEPT, double_quoted(text))  # "the 1,200-member union": no clause ends inside a number
    sentences = [replace(s, text=text[s.start:s.end]) for s in sentences]
    out: list[Attribution] = []
    quoted = _quoted_statements(text, sentences)
    for s in sentences:
        first = [a for a in _source_first(text, s) if not _NOBODY.match(a.source)]  # "No injuries were reported"
        found = first or [a for a in (_according_to(text, s) or _inverted(text, s),) if a]
        if not found and s is sentences[0] and (head := _headline(text, s)):
            found = [head]
        found = [a for a in found if not any(_overlap(a, q) for q in quoted)]
        found += [q for q in quoted if q.sentence == s.idx]
        for att in found:
            att.source = att.source.replace(_KEPT, ",")
            if not att.source.strip():  # a closing '"' read as the subject of '"...," said X'
                continue
            pron = _PRONOUN.get(att.source.lower())
            if not pron and (named := _nominal_antecedent(att.source, out)):
                att.resolved_from = named  # "the union said" after "the Association of Flight Attendants ..."
            if pron and out:
                antecedent = out[-1].resolved_from or out[-1].source
                att.resolved_from = antecedent
                person_src = bool(_PERSONISH.search(antecedent)) and not _ORGISH.search(antecedent)
                att.ambiguous = (pron == "person" and not person_src) or (pron == "thing" and person_src)
            out.append(att)
    return out


_NOMINAL = re.compile(r"(?:the|this|that)\s+(?:[a-z-]+\s+)?([a-z]+)", re.I)


def _nominal_antecedent(source: str, earlier: list[Attribution]) -> str | None:
    """The latest earlier source naming the head noun of "the union" / "the state department", if any."""
    m = _NOMINAL.fullmatch(source.strip())
    if not m or source[4:5].isupper():
        return None
    head = m.group(1).lower()
    for a in reversed(earlier):
        name = a.resolved_from or a.source
        words = [w.lower().rstrip("'’s") for w in re.findall(r"[\w'’-]+", name)]
        if head in words and len(words) > len(source.split()) and not _NOMINAL.fullmatch(name.strip()):
            return name
    return None


def _casefolded(text: str) -> str:
    """All-caps wire copy ("THEY SAID THAT") is matched in lower case; offsets are unchanged."""
    low = text.lower()
    return low if text.isupper() and len(low) == len(text) else text


def _overlap(a: Attribution, b: Attribution) -> bool:
    return a.content_start < b.content_end and b.content_start < a.content_end


def _quoted_statements(text: str, sentences: list[Sentence]) -> list[Attribution]:
    """'“..., ...,” Trump said.' — a quotation, possibly spanning sentences, attributed after it closes."""
    out = []
    for m in _QUOTE.finditer(text):
        src = m.group("src1") or m.group("src2")
        if _NOT_SUBJECT.search(src) or len(src.split()) > 10 or (m.group("src2") and _NOT_SPEAKER.search(src)):
            continue
        cue_at = m.start("cue1") if m.group("cue1") else m.start("cue2")
        sent = next((x for x in sentences if x.start <= cue_at < x.end), None)
        if sent is None:
            continue
        out.append(Attribution(
            sentence=sent.idx, source=_when_cut(src).strip(),
            source_start=m.start("src1") if m.group("src1") else m.start("src2"),
            cue=m.group("cue1") or m.group("cue2"), content_start=m.start("q"), content_end=m.end("q"),
            direct_quote=True))
    return out


def _source_first(text: str, s: Sentence) -> list[Attribution]:
    """Every "<subject> <cue> [that] <content>" in the sentence; nested ones included
    (an outer statement's content runs to the sentence end, as annotators mark it)."""
    out: list[Attribution] = []
    for m in _CUE_RE.finditer(_casefolded(s.text)):
        left = s.text[:m.start()].rstrip()
        rel = _RELATIVE_END.search(left)  # "The ministry, which employs many staff, said": "The ministry"
        if rel:
            left = left[:rel.start()]
        b = _BOUNDARY.search(left)
        subj = left[b.end():].strip() if b else left
        inner = list(_CUE_RE.finditer(_casefolded(subj)))
        nested = re.sub(r"^(?:that\s+)", "", subj[inner[-1].end():].strip(), flags=re.I) if inner else ""
        if nested:  # a nested cue: "X said it backs ..." → "it"
            subj = nested
        cue = m.group(1)
        aux = re.search(r"(?:\s+(?:\w+ly|have|has|had|is|are|was|were|do|does|did|not|never|don't|doesn't|didn't|"
                        r"cannot|can't|hasn't|haven't))+$", subj, re.I)
        if aux:  # "he finally believes" → "he"; "I do not believe": the negation stays with the cue
            subj = subj[:aux.start()]
            neg = re.findall(r"\b(?:not|never|don't|doesn't|didn't|cannot|can't|hasn't|haven't)\b", aux.group(0), re.I)
            cue = f"{' '.join(w for w in aux.group(0).split() if not w.lower().endswith('ly'))} {cue}" if neg else cue
        if _not_a_cue(s.text, m):
            continue
        if not subj or len(subj.split()) > 12 or _NOT_SUBJECT.search(subj) or not _SUBJECT_OK.match(subj):
            continue
        if m.group(1).lower() in _EVIDENCE_CUES and not _EVIDENCE_SOURCE.search(subj):
            continue  # "those found at the site", "he rules", "the men showed up": no finding
        rest = s.text[m.end():]
        skip = _SKIP_AFTER_CUE.match(rest)
        assert skip is not None  # every part of the pattern is optional: it matches at least ""
        that = re.match(r"^(?:\s+[\w’'-]+){1,6}?\s+that\s+", rest, re.I)  # "told police officials that ..."
        cstart = m.end() + (that.end() if that and not skip.group(0).strip() else skip.end())
        cend = len(s.text.rstrip(". "))
        subj_at = left.rfind(subj) if subj in left else 0
        before = _content_before(s.text, left, b, s.text[cstart:cend], cue)
        if before is not None:  # "<content>, top lawmakers said Friday after ...": the statement came first
            out.append(_make(text, s, subj, subj_at, cue, before[0], before[1]))
            continue
        full_end, cend = cend, cstart + _trailing_cut(s.text[cstart:cend])
        more = _SPEECH_PARTICIPLE.match(s.text, cend, full_end)
        if more and len(s.text[more.end():full_end].split()) >= 3:  # ", stressing that ...": a second statement
            out.append(_make(text, s, subj, subj_at, cue, cstart, cend))
            c2 = more.end()
            out.append(_make(text, s, subj, subj_at, more.group(1), c2, c2 + _trailing_cut(s.text[c2:full_end])))
            continue
        if len(s.text[cstart:cend].split()) < 3:
            inv = _inverted(text, s)
            if inv and not any((a.content_start, a.content_end) == (inv.content_start, inv.content_end) for a in out):
                out.append(inv)
            continue
        out.append(_make(text, s, subj, subj_at, cue, cstart, cend))
    return out


_AFTER_CUE_CLAUSE = re.compile(r"^(?:after|as|when|while|during|before|following|adding|amid|in an?|at an?)\b", re.I)
# where a statement's content stops: a trailing participle clause or an appositive comment on the whole sentence
_NOT_PARTICIPLE = ("including|being|during|according|regarding|concerning|notwithstanding|nothing|something|anything|"
                   "everything|morning|evening|king|thing|spring|string|bring|ceiling|building|meeting|hearing|briefing|"
                   "ruling|funding|spending|bombing|shooting|fighting|killing|training|offering|opening|wedding|warning")
_TRAILING = re.compile(rf",\s+(?:(?!(?:{_NOT_PARTICIPLE})\b)[a-z]+ing\b|(?:yet|but)\s|(?:another|a|an|the latest)\s+"
                       r"(?:example|sign|move|step|blow|setback|victory|reversal|indication)\b)")


_SPEECH_PARTICIPLE = re.compile(r",\s+(adding|saying|stressing|noting|warning|insisting|arguing|explaining|"
                                r"claiming|affirming|asserting|suggesting|citing|calling for|calling on|urging|"
                                r"telling \w+(?: \w+)?)\b,?\s*(?:that\s+)?", re.I)


_SPEECH_CUES = set(_QUOTE_CUES.split("|")) | {"say", "reported", "announced", "stated", "warned", "claimed",
                                               "confirmed"}


def _content_before(sentence: str, left: str, b: re.Match[str] | None, after: str, cue: str) -> tuple[int, int] | None:
    """The content span when the subject follows a comma and the statement precedes it, else None."""
    if b is None or not b.group(0).lstrip().startswith(",") or cue.lower() not in _SPEECH_CUES:
        return None
    head = left[:b.start()].rstrip(" ,”\"’")
    if len(head.split()) < 5 or (after.split() and not _AFTER_CUE_CLAUSE.match(after)):
        return None
    start = len(head) - len(head.lstrip(" “\"‘"))
    return start, len(head)


def _trailing_cut(content: str) -> int:
    """Length of ``content`` up to a trailing clause that is not part of the statement."""
    m = _TRAILING.search(content)
    return m.start() if m and len(content[:m.start()].split()) >= 3 else len(content)


def _not_a_cue(sentence: str, m: re.Match[str]) -> bool:
    """ "self-declared"; "initial reports said" (a noun before the cue); "believe in" (a belief, not a statement)."""
    after = sentence[m.end():]
    return (sentence[m.start() - 1:m.start()] == "-" or bool(_CUE_RE.match(_casefolded(after.lstrip())))
            or (m.group(1).lower() == "believe" and re.match(r"\s+in\b", after, re.I) is not None))


_HEADLINE_COLON = re.compile(r"([A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}):\s+\S.{8,}")
_HEADLINE_CUE_RE = re.compile(r"\b(" + _ALL_CUES + "|" + _HEADLINE_CUES + r")\b", re.IGNORECASE)


def _headline(text: str, s: Sentence) -> Attribution | None:
    """ "Flight attendants' union endorses Clinton": a one-line first paragraph, cues in any case, short content."""
    if len(s.text.split()) > 20 or "\n" in s.text.strip() or not re.match(r"[ \t]*\n\s*\n\s*\S", text[s.end:]):
        return None
    colon = _HEADLINE_COLON.match(s.text)
    if colon and colon.group(1) in text[s.end:]:  # "Lynch: No outside influence ..."; Lynch named in the body
        return _make(text, s, colon.group(1), 0, ":", colon.end(1) + 1, len(s.text.rstrip(". ")))
    m = _HEADLINE_CUE_RE.search(s.text)
    if not m or _not_a_cue(s.text, m):
        return None
    subj = s.text[:m.start()].strip()
    if not subj or len(subj.split()) > 8 or _NOT_SUBJECT.search(subj) or not _SUBJECT_OK.match(subj):
        return None
    if m.group(1).lower() in _EVIDENCE_CUES and not _EVIDENCE_SOURCE.search(subj):
        return None
    cend = len(s.text.rstrip(". "))
    if not s.text[m.end():cend].strip():
        return None
    return _make(text, s, subj, 0, m.group(1), m.end(), cend)


def _according_to(text: str, s: Sentence) -> Attribution | None:
    m = _ACCORDING.search(s.text)
    if not m:
        return None
    before, after = s.text[:m.start()].rstrip(" ,"), s.text[m.end():].lstrip(" ,")
    if len(before.split()) >= 3:
        cstart, cend = 0, len(before)
    else:
        cstart = m.end() + (len(s.text[m.end():]) - len(after))
        cend = len(s.text.rstrip(". "))
    if cend - cstart < 8:
        return None
    return _make(text, s, m.group("src").strip(), m.start("src"), "according to", cstart, cend)


_TAIL = r"(?:\s*,.*)?[.!?]?[\"”]?$"
# cues that may come before their subject: '"...," reported Reuters.'
_INVERTED_CUES = "said|says|added|told|reported|noted|wrote|explained|warned|stated|insisted|argued"
_INVERTED = re.compile(r"^(?P<content>.{12,}?)[,]?[\"”’]?\s*,?\s*(?:(?P<src1>[^,]{2,60}?)\s+(?P<cue1>" + _ALL_CUES +
                       r")|(?P<cue2>" + _INVERTED_CUES + r")\s+(?P<src2>[^,]{2,60}?))" + _TAIL)
# the two endings _INVERTED can have: a sentence with neither is skipped before the (backtracking) full match
_INVERTED_END = re.compile(r"(?:" + _ALL_CUES + r")" + _TAIL + r"|(?:" + _INVERTED_CUES + r")\s+[^,]{2,60}?" + _TAIL)


def _inverted(text: str, s: Sentence) -> Attribution | None:
    folded = _casefolded(s.text)
    m = _INVERTED.match(folded) if _INVERTED_END.search(folded) else None
    if not m:
        return None
    which = "1" if m.group("src1") else "2"
    src = s.text[m.start("src" + which):m.end("src" + which)]  # original case
    if not _SUBJECT_OK.match(src) or _NOT_SUBJECT.search(src):
        return None
    if which == "2" and _NOT_SPEAKER.search(m.group("src2")):  # "..., said the office would close"
        return None
    if m.group("cue" + which).lower() in _EVIDENCE_CUES and not _EVIDENCE_SOURCE.search(src):
        return None
    content = m.group("content").rstrip(" ,\"”")
    start = len(content) - len(content.lstrip("\"“ "))
    return _make(text, s, src, m.start("src" + which), m.group("cue" + which), start, len(content))


_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
# when the speaker spoke, not who: "Police now say", "The ministry on Monday said", "..., said the mayor last week"
_WHEN_SPOKEN = re.compile(rf"(?:,?\s+(?:now|later|also|again|still|then|today|tonight|yesterday|since|earlier|"
                          rf"(?:on\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?|"
                          rf"(?:last|this)\s+(?:week|month|year|morning|afternoon|evening|night)|have|has|had))+$",
                          re.I)


def _when_cut(subj: str) -> str:
    """``subj`` without the words that say when it spoke; a source that is only such words stays as it is."""
    cut = _WHEN_SPOKEN.sub("", subj)
    return cut if cut.strip(" ,\"“”") else subj


def _make(text: str, s: Sentence, subj: str, subj_at: int, cue: str, cstart: int, cend: int) -> Attribution:
    content = s.text[cstart:cend]
    lead = len(content) - len(content.lstrip(" ,:\n\t"))
    cstart += lead
    quoted = s.text[cstart:cstart + 1] in "\"“" or s.text[:1] in "\"“"
    return Attribution(
        sentence=s.idx, source=(subj if cue.lower() in _EVIDENCE_CUES else _when_cut(subj)).strip(" ,\"“”"),
        source_start=s.start + max(subj_at, 0), cue=cue,
        content_start=s.start + cstart, content_end=s.start + cend, direct_quote=quoted,
    )
