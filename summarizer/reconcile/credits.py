"""Who a statement is credited to, disputed: a remark its speaker disowns, a remark credited to someone else, two
groups claiming one attack. All ``attribution`` conflicts, within one article or across a story's articles.

- "Colonel Veln told reporters ..." and "the ministry said Veln had not spoken to reporters": disowned;
- "... said survey leader Ilse Varga" and "The remark about the retreat came from the director, Tomas Brenn":
  credited to another (across articles; ``remark_conflicts`` takes one article's);
- "The Red Dawn Front claimed responsibility" and "was claimed by the Marren Liberation Brigade": rival claims.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..prepare.sentences import Sentence
from ..schema import ArticleSummary, Conflict, ConflictSide, Span
from .checkable import attributions, sentences
from .speakers import REMARK_FROM, speaker_of
from .text import CALENDAR, PRONOUNS, short, words

__all__ = ["credit_conflicts"]

_CAP = r"[A-Z][\w.'’-]*"
_NAME = rf"{_CAP}(?:\s+(?:of|the|for|de|al)\s+{_CAP}|\s+{_CAP}){{0,4}}"  # "Sons of Tarsa", "Marren Liberation Brigade"
_WHO = rf"(?P<who>{_NAME}|[Tt]he\s+(?:group|organi[sz]ation|party|movement|militia|ministry))"
_REMARK = r"(?:remarks?|comments?|words|statement|quote|quotation|phrase|claim|message|interview)"
# "Dr. Oyelaran did not make the remark", "Veln had not spoken to reporters", "the group had issued no statement",
# "X denied making the comments", "the phrase had not been used by Minister Dara Obisanya"
_DISOWNED = [
    re.compile(rf"{_WHO}\s+(?:(?:had|has|did)\s+)?(?:not|never)\s+(?:made|make|uttered|utter|used|use|issued|"
               rf"issue|given|give|written|write|wrote|signed|sign|posted|post)\s+(?:the|that|this|those|these|any|"
               rf"such)\s+(?:[\w“”\"'-]+\s+){{0,3}}?{_REMARK}\b"),
    re.compile(rf"{_WHO}\s+(?:(?:had|has|did)\s+)?(?:not|never)\s+(?:spoken|spoke|speak|talked|talk)\s+to\s+"
               rf"(?:the\s+)?(?:reporters|journalists|press|media)\b"),
    re.compile(rf"{_WHO}\s+(?:(?:had|has|have)\s+)?(?:made|issued|given|released|posted)\s+no\s+(?:such\s+)?"
               rf"(?:statements?|remarks?|comments?|claims?)\b"),
    re.compile(rf"{_WHO}\s+(?:flatly\s+)?denied\s+(?:ever\s+)?(?:having\s+)?(?:made|making|issued|issuing|"
               rf"written|writing|posted|posting)\s+(?:the|that|this|any|such)\s+(?:[\w-]+\s+){{0,3}}?{_REMARK}\b"),
    re.compile(rf"\b{_REMARK}\s+(?:had|has|have|was|were)\s+not\s+(?:been\s+)?(?:made|used|uttered|said|issued|"
               rf"written|posted)\s+by\s+(?:[a-z]+\s+){{0,3}}(?P<by>(?:{_CAP}\s+){{0,4}}{_CAP})"),
]
# "The Red Dawn Front claimed responsibility", "Responsibility ... was claimed by X", "claiming responsibility,
# signed by X"
_CLAIMED = [re.compile(rf"(?P<who>{_NAME})\s+(?:has\s+|have\s+|had\s+)?claimed\s+responsibility"),
            re.compile(r"\b[Rr]esponsibility\b[^.;]{0,120}?\b(?:was|has been|had been)\s+claimed\s+by\s+(?:the\s+)?"
                       r"(?:[a-z]+\s+){0,2}(?P<who>" + _NAME + ")"),
            re.compile(r"\bclaim(?:ing|ed)?\s+(?:of\s+)?responsibility,?\s+(?:was\s+)?(?:signed|issued|posted)\s+by\s+"
                       r"(?:the\s+)?(?:[a-z]+\s+){0,2}(?P<who>" + _NAME + ")")]
_CREDITED = re.compile(r"\b(?:signed|issued|posted|claimed)\s+by\s+(?:the\s+)?(?:[a-z]+\s+){0,2}(?P<who>" + _NAME + ")")
_QUOTED = re.compile(r"[“\"'‘](?P<q>[^”\"'’]{3,80})[”\"'’]")
_HEDGED = re.compile(r"\b(?:attributed|credited)\s+to\b", re.I)  # the writer already marks the credit as doubtful
_TITLE = set("""the mr mrs ms dr dr. prof sir minister spokesman spokeswoman president chief director mayor colonel
general captain officer councillor deputy leader health defence interior foreign army ministry police government
council office department company group agency service committee court state national""".split())
_ANAPHOR = re.compile(r"^[Tt]he\s+(?:group|organi[sz]ation|party|movement|militia)$")


@dataclass(frozen=True)
class _Said:
    article: str
    who: frozenset[str]  # the credited speaker's name words, lower case, titles left out
    name: str
    text: str  # what the speaker is credited with
    evidence: Span
    speech: bool  # said or told, not only a statement signed in a name


def _name_words(name: str) -> frozenset[str]:
    toks = [t.lower().removesuffix("'s").removesuffix("’s").rstrip(".,") for t in re.findall(r"[A-Z][\w.'’-]*", name)]
    return frozenset(t for t in toks if t and t not in _TITLE and t not in CALENDAR)


def _span(sent: Sentence) -> Span:
    return Span(start=sent.start, end=sent.end, text=sent.text)


def _credited(s: ArticleSummary) -> list[_Said]:
    """What the article credits to a named speaker: statements, quotes, messages signed in a name."""
    text = s.article.text
    sents = {x.idx: x for x in sentences(text)}
    out = []
    for a in attributions(text):
        sent = sents.get(a.sentence)
        name = speaker_of(text, a)
        if sent is None or name.lower() in PRONOUNS or _HEDGED.search(sent.text):
            continue
        if who := _name_words(name):
            out.append(_Said(s.article.id, who, name, text[a.content_start:a.content_end], _span(sent), True))
    for sent in sentences(text):
        for m in _CREDITED.finditer(sent.text):
            if who := _name_words(m.group("who")):
                out.append(_Said(s.article.id, who, m.group("who"), sent.text, _span(sent), False))
    return out


@dataclass(frozen=True)
class _Dispute:
    article: str
    who: frozenset[str]  # whose credit is disputed
    by: str  # who is credited instead ("" when nobody is)
    about: str  # words that tell which remark
    evidence: Span


def _disputes(s: ArticleSummary) -> list[_Dispute]:
    text = s.article.text
    said = {a.sentence: a.resolved_from or a.source for a in attributions(text)}
    out = []
    for sent in sentences(text):
        for rx in _DISOWNED:
            for m in rx.finditer(sent.text):
                name = m.groupdict().get("who") or m.groupdict().get("by") or ""
                if _ANAPHOR.match(name):
                    name = said.get(sent.idx, "")  # "the group had issued no statement", its wing said
                if who := _name_words(name):
                    out.append(_Dispute(s.article.id, who, "", sent.text, _span(sent)))
        for m in REMARK_FROM.finditer(sent.text):
            out.append(_Dispute(s.article.id, frozenset(), m.group("n"), m.group(0), _span(sent)))
    return out


def _pick(d: _Dispute, credits: Iterable[_Said]) -> _Said | None:
    """The credit ``d`` disputes: one quoting the words ``d`` quotes, else a statement of a topic ``d`` names, else
    the first spoken one, then a signed one."""
    cands = [c for c in credits if c.evidence != d.evidence and (c.who & d.who if d.who else not c.who & _name_words(
        d.by))]
    if not d.who:
        cands = [c for c in cands if c.speech]
    quoted = [q.group("q").lower() for q in _QUOTED.finditer(d.about)]
    if quoted:
        hit = [c for c in cands if any(q in c.evidence.text.lower() for q in quoted)]
        return hit[0] if hit else None  # the words disputed are not credited here
    if not d.who:  # credited to another: the remark must be told by what it is about
        about = words(d.about)
        hit = [c for c in cands if len(about & words(c.text)) >= 1]
        return hit[0] if len(hit) == 1 else None
    return next((c for c in cands if c.speech), next(iter(cands), None))


def credit_conflicts(group: list[ArticleSummary], cross: bool) -> list[Conflict]:
    """Disowned or re-credited remarks, and rival claims of one attack, among ``group``'s articles: across two
    articles when ``cross``, else inside one (where ``remark_conflicts`` takes the re-credited remarks)."""
    def allowed(a: str, b: str) -> bool:
        return (a != b) == cross

    credits = [c for s in group for c in _credited(s)]
    disputes = [d for s in group for d in _disputes(s)]
    out = []
    for d in disputes:
        if not d.who and not cross:
            continue
        c = _pick(d, (c for c in credits if allowed(c.article, d.article)))
        if c is None:
            continue
        also = [x for x in disputes if x is not d and x.article == d.article and not x.who and d.who]
        sides = [ConflictSide(source=c.name, article=c.article, item=f"t{c.evidence.start}",
                              value=f"credited: {c.name}", evidence=[c.evidence]),
                 ConflictSide(source=d.by or c.name, article=d.article, item=f"t{d.evidence.start}",
                              value=f"credited: {d.by}" if d.by else "disowned", evidence=[d.evidence])]
        sides += [ConflictSide(source=x.by, article=x.article, item=f"t{x.evidence.start}", value=f"credited: {x.by}",
                               evidence=[x.evidence]) for x in also]
        what = f"credits it to {d.by}" if d.by else "says it was never made"
        out.append(Conflict(
            id="", kind="attribution", severity="warning",
            summary=f"“{short(c.text, 60)}” is credited to {c.name}, but a report {what}: "
                    f"“{short(d.evidence.text, 80)}”.",
            sides=sides, note="One remark, credited to a speaker the text itself disputes; check who said it."))
        if d.who:
            disputes = [x for x in disputes if x not in also]
    return out + _rival_claims(group, allowed)


def _rival_claims(group: list[ArticleSummary], allowed: Callable[[str, str], bool]) -> list[Conflict]:
    """Two different groups each said to have claimed one attack."""
    claims = []
    for s in group:
        for sent in sentences(s.article.text):
            for rx in _CLAIMED:
                for m in rx.finditer(sent.text):
                    if who := _name_words(m.group("who")):
                        claims.append(_Said(s.article.id, who, m.group("who").strip(), sent.text, _span(sent), False))
    out = []
    for k, a in enumerate(claims):
        for b in claims[k + 1:]:
            if a.who & b.who or a.evidence == b.evidence or not allowed(a.article, b.article):
                continue
            out.append(Conflict(
                id="", kind="attribution", severity="warning",
                summary=f"Responsibility is claimed by {a.name} and by {b.name}.",
                sides=[ConflictSide(source=x.name, article=x.article, item=f"t{x.evidence.start}",
                                    value=f"claimed by: {x.name}", evidence=[x.evidence]) for x in (a, b)],
                note="Two groups credited with one attack; check who claimed it."))
            return out
    return out
