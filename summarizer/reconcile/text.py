"""Small text helpers shared by the detectors: content words, who speaks at a position, spans."""

from __future__ import annotations

import re
from collections.abc import Set
from functools import lru_cache

from ..schema import ArticleSummary, Claim, Span

__all__ = ["CALENDAR", "CLAUSE_END", "ORG_WORDS", "PRONOUNS", "STOP_WORDS", "clauses", "covering_claim", "fmt_number",
           "narrator", "overlap", "sentence_span", "short", "stem", "words"]

# a clause ends at ";", ":" or ",", never at a thousands separator ("evacuated 1,200 people", "€410,000")
CLAUSE_END = r"[;:]|(?<!\d),|,(?!\d{3}(?!\d))"


def clauses(text: str, also: str = "") -> list[str]:
    """``text`` cut into clauses at :data:`CLAUSE_END` and, if given, at any of the words ``also`` ("that|and|but")."""
    return re.split(CLAUSE_END + (rf"|\b(?:{also})\b" if also else ""), text)


PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "you"})
CALENDAR = frozenset("monday tuesday wednesday thursday friday saturday sunday january february march april may june "
                     "july august september october november december".split())
# last words of names that are organizations, not people ("Northwind Energy", "the Interior Ministry")
ORG_WORDS = frozenset("""energy foods food airlines airline airways motors bank group holdings systems technologies
pharma partners industries oil gas power telecom capital corporation corp inc ltd company firm agency ministry council
committee government authority authorities board office department service services union party army police navy
command forces commission court university institute foundation association network fund""".split())
STOP_WORDS = frozenset("""a an the of and or in on at to for from by with as is are was were be been being has have
had do does did that this these those it its their they them he she his her we our you your i me my who whom which
what when
where while than then there here some any all but if so also about after before during since until into over under
said says say told announced added stressed explained according would could will can may might should must not no
never nor none nobody""".split())
_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem: enough to match "killed"/"killing"/"kills"."""
    for suffix in ("ings", "ing", "ed", "s"):
        if word.endswith(suffix) and not word.endswith("ss") and len(word) - len(suffix) >= 3:
            return word[:-len(suffix)]
    return word


def words(text: str) -> set[str]:
    """Stemmed content words (stop words and negations removed)."""
    return {stem(w) for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1}


def overlap(a: Set[str], b: Set[str]) -> float:
    """Overlap coefficient: shared words over the smaller set."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def narrator(summary: ArticleSummary) -> str:
    """The voice of unattributed text: the outlet, else the byline, else the article id."""
    a = summary.article
    return a.source or a.byline or f"article {a.id}"


def covering_claim(summary: ArticleSummary, pos: int) -> Claim | None:
    """The claim whose evidence contains character ``pos`` (the speaker of that text)."""
    return next((c for c in summary.claims for sp in c.evidence if sp.start <= pos < sp.end), None)


def sentence_span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def short(text: str, n: int) -> str:
    """``text`` on one line, cut at a word boundary to about ``n`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def fmt_number(v: float) -> str:
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.1f}"
