"""Trust checks: a value is shown only if the article says it.

Prose the model writes (headline, key points, a claim's paraphrase) must name no person,
place, number or date that its source text lacks, and most of its content words must occur
there. A speaker must be the subject of a reporting cue. Text addressed to an AI model
rather than to readers ("Note to the summarizing assistant: ...") is found here so that it
is never cited. Counts and dates outside sane bounds are refused. docs/trust.md lists it all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
import unicodedata
from functools import lru_cache
from importlib.resources import files

from ..ground.align import fold
from ..normalize.core import find_numbers, find_time_expressions, resolve_time
from ..normalize.gazetteer import country_named
from ..prepare.attribution import _CUE_RE  # the cue list is attribution's; the reading of position is ours

__all__ = ["CASUALTY_BOUND", "CONTENT_SHARE", "STOP_WORDS", "addressed_to_model", "count_problem", "date_problem",
           "latin", "lead_headline", "prose_problems", "speaker_position", "stems"]

CASUALTY_BOUND = 1_000_000  # no single reported incident has more killed or injured
CONTENT_SHARE = 0.5  # more than this share of an item's content words must occur in its source
DATE_FUTURE_DAYS = 366  # an event more than a year after publication is refused
DATE_PAST_YEARS = 150  # ... and one more than 150 years before it

# -- text addressed to a model --------------------------------------------------------------
_AI = (r"(?:A\.?I\.?|artificial[ -]intelligence|(?:large[ -])?language[ -]models?|LLMs?|chat ?bots?|ChatGPT|GPT[-\w]*|"
       r"Claude|Gemini|Copilot|summari[sz]ers?|(?:summari[sz]ing|summari[sz]ation|writing|virtual|digital|automated|"
       r"news|reading)[ -](?:assistants?|tools?|systems?|models?|bots?|engines?|programs?|software|agents?)|"
       r"assistants?|bots?)")
_MACHINE = (rf"(?:{_AI}|(?:AI|automated|language)[ -](?:models?|systems?|agents?|programs?|readers?)"
            r"|crawlers?|scrapers?)")
_ADDRESSED = re.compile("|".join([
    # "Note to the summarizing assistant:", "Message for AI models", "Instructions for any LLM"
    rf"\b(?:note|message|instructions?|memo|reminder|request|directive|notice|warning)\s+(?:to|for)\s+"
    rf"(?:the\s+|any\s+|all\s+|every\s+)?(?:[\w-]+\s+){{0,2}}?{_AI}\b",
    # "Attention language model", "Attention, AI:", "Dear assistant", "Hey ChatGPT"
    rf"\b(?:attention|dear|hey|hello|hi)\b\s*[:,!-]?\s*(?:all\s+|any\s+|every\s+|the\s+)?{_AI}\b",
    # "AI systems reading this should ...", "any language model processing the text"
    rf"\b{_MACHINE}\s+(?:that\s+(?:is|are)\s+|who\s+(?:is|are)\s+)?(?:[\w-]+\s+)?(?:reading|processing|summari[sz]ing|"
    rf"analy[sz]ing|parsing|ingesting|scraping|crawling|indexing|digesting|condensing)\s+(?:this|these|the|my|our)\b",
    # "If you are an AI", "As a language model, you", "you, the assistant"
    rf"\bif\s+you\s+(?:are|were)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?{_MACHINE}\b",
    rf"\b{_AI}\s*[,:]\s*(?:you|please)\b|\byou\s*,\s*(?:the\s+)?{_AI}\b|\bas\s+an?\s+{_AI}\s*,\s*you\b",
    # "Ignore previous instructions", "disregard all prior directions", "forget your rules"
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\s+(?:all\s+|any\s+|the\s+|your\s+|my\s+|of\s+|these\s+)*"
    r"(?:previous|prior|above|earlier|preceding|original|system|existing|other|former)?\s*"
    r"(?:instructions|directions|directives|prompts?|guidelines|rules|commands|context|programming)\b",
    r"\b(?:you are now|new instructions|admin mode|developer mode|system prompt|jailbreak)\b",
    r"^\W*(?:system|assistant|user)\s*:",
    # telling the summary what to say: "in your summary, state that", "when summarizing this article"
    r"\b(?:in|for)\s+(?:your|the|any)\s+(?:summary|summaries|output|response|answer|reply)\s*,?\s+"
    r"(?:say|state|write|report|include|mention|claim|describe|note|add|put)\b",
    r"\bwhen\s+(?:you\s+)?(?:summari[sz]e|summari[sz]ing|process|processing)\s+(?:this|the)\s+"
    r"(?:article|text|story|page|document|report)\b",
    r"\b(?:summari[sz]e|describe|report)\s+(?:this|the)\s+(?:article|text|story|page)\s+as\b",
    r"\b(?:do not|don't|never)\s+(?:summari[sz]e|mention this|include this)\b",
]), re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=8192)  # pure; asked for each sentence by the prompt and by the checks
def addressed_to_model(text: str) -> bool:
    """Whether ``text`` speaks to an AI model (an instruction, a note, a salutation), not to readers."""
    return bool(_ADDRESSED.search(" ".join(text.split())))


# -- prose: names, numbers, dates, content words --------------------------------------------
_STOP = set("that with from this were have been their they them about after into over which when where what "
            "said says also than then there these those some more most very just only such while during amid "
            "being other will would could should against between among under before since until upon your".split())
_NAME = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][\w'’-]*\w|\b[A-Z]\b")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SMALL = set("a an the of in on at to for and or but by with from as is are was were be its it his her".split())


STOP_WORDS = frozenset("that with from this were have been their they them about after into over which when where "
                       "what said says also than then there these those some more most very just only such".split())


def stems(text: str, extra: frozenset[str] = frozenset()) -> set[str]:
    """The content words of ``text`` (4 letters or more, not in :data:`STOP_WORDS` nor ``extra``), cut to 5."""
    return {w[:5] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP_WORDS and w not in extra}


def _same_word(a: str, b: str) -> bool:
    """One word, inflected ("kills"/"killing", "falls"/"falling", "Iraq"/"Iraqi")."""
    if a == b:
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= max(4, min(len(a), len(b)) - 3)


@lru_cache(maxsize=512)
def _vocabulary(source: str) -> tuple[frozenset[str], frozenset[str]]:
    """(words of ``source`` lower-cased, acronyms its capitalized word runs make: "United States" → "us")."""
    found = [w.lower().replace("’", "'").strip("'") for w in _WORD.findall(fold(source).replace(".", ""))]
    words = frozenset(found + [p for w in found if "-" in w for p in w.split("-") if p])  # "non-Swedish": "swedish"
    acronyms = set()
    for run in re.findall(r"(?:\b[A-Z][a-z]+(?:\s+(?:of|the|and|for)\s+|\s+)?){2,}", source):
        letters = "".join(w[0] for w in run.split() if w[0].isupper())
        if len(letters) >= 2:
            acronyms.add(letters.lower())
    return words, frozenset(acronyms)


def _occurs(word: str, source: str) -> bool:
    w = word.lower().replace("’", "'").replace(".", "").strip("'")
    if w.endswith("'s"):
        w = w[:-2]
    words, acronyms = _vocabulary(source)
    if w in words or w in acronyms:
        return True
    parts = [p for p in re.split(r"[-']", w) if p]
    if len(parts) > 1:
        return all(_occurs(p, source) for p in parts)
    return any(_same_word(w, v) for v in words if v[:1] == w[:1])


def _in_dates(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e, _ in find_time_expressions(text)]


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    """The common lower-case words of English (65,000, inflections included: SCOWL size 50 through
    Debian's wamerican and wbritish; english_words.COPYRIGHT says how the file was made)."""
    data = files(__package__).joinpath("english_words.txt.gz").read_bytes()
    return frozenset(gzip.decompress(data).decode("utf-8").split())


def _lower_words(text: str) -> frozenset[str]:
    """The words ``text`` writes in lower case ("attack" in "the attack"): a language's common words."""
    return frozenset(w.replace("’", "'") for w in _WORD.findall(text) if w[:1].islower())


def _common(tok: str, lower: frozenset[str]) -> bool:
    """Whether a capitalized word is a common word (of English, or written lower-case in the article),
    not a name: "Raises", "Officials". A country is a name all the same ("Turkey", "China")."""
    w = re.sub(r"'s$", "", tok.lower().replace("’", "'"))
    if country_named(w):
        return False
    parts = [p for p in re.split(r"[-']", w) if p]
    return all(p in _STOP or p in _SMALL or p in lower or p in _english() for p in parts)


def _names(text: str, lower: frozenset[str] = frozenset()) -> list[str]:
    """Capitalized words that may be names (all of them in an all-caps acronym). Case says nothing of the
    first word of a sentence nor of the words of a Title Case line: there a word is a name unless it is
    a common word (``_common``, ``lower``: the words the article writes in lower case); in a Title Case
    line a word after in/at/of/from/near is a name in any case."""
    dates = _in_dates(text)
    words = _WORD.findall(text)
    title = len(words) >= 3 and sum(w[:1].isupper() for w in words if w.lower() not in _SMALL) >= \
        0.7 * max(1, sum(w.lower() not in _SMALL for w in words))
    out = []
    for m in _NAME.finditer(text):
        tok = m.group(0)
        if any(s <= m.start() < e for s, e in dates):
            continue
        before = text[:m.start()].rstrip()
        first = not before or before[-1] in ".!?:;\"“(—–-"
        if tok.lower() in _SMALL or len(tok) == 1:  # "I", an initial
            continue
        acronym = sum(c.isupper() for c in tok) >= 2
        placed = title and re.search(r"\b(?:in|at|of|from|near)\s*$", before, re.I)
        if (title or first) and not acronym and not placed and _common(tok, lower):
            continue
        out.append(tok)
    return out


def _numbers(text: str) -> list[tuple[float, str]]:
    dates = _in_dates(text)
    return [(n.value, n.text) for n in find_numbers(text) if not any(s <= n.start < e for s, e in dates)]


def _date_supported(surface: str, source: str, published: str | None) -> bool:
    if fold(surface) in fold(source):
        return True
    ref = resolve_time(surface, published)
    if not ref["start"]:
        return False
    for _, _, other in find_time_expressions(source):
        r = resolve_time(other, published)
        if r["start"] and r["start"] <= ref["start"] and (ref["end"] or ref["start"]) <= (r["end"] or r["start"]):
            return True
    return False


def prose_problems(wording: str, source: str, published: str | None = None, *, share: bool = True,
                   article: str | None = None) -> list[str]:
    """Why ``wording`` is not what ``source`` says: names, numbers or dates it lacks, or (``share``)
    too few of the content words. Empty when supported; not judged (empty) when ``source`` is mostly
    in another script than Latin (English output of an Arabic article names things in other letters).
    ``article`` (default: ``source``) tells which capitalized words are common words: those it writes
    in lower case."""
    if not latin(source):
        return []
    whys = []
    cut = re.search(r"[\w%$]+$", wording.rstrip()) if len(wording) >= 90 and not re.search(r"[.!?\"”')\]]\s*$",
                                                                                            wording) else None
    if cut:  # a long unterminated line may end in a cut word ("... shortly after Tr"): that word is not judged
        wording = wording[:cut.start()]
    lower = _lower_words(article if article is not None else source) | _lower_words(wording)
    missing = list(dict.fromkeys(n for n in _names(wording, lower) if not _occurs(n, source)))
    if missing:
        whys.append(f"names {', '.join(map(repr, missing))} not in the source" if len(missing) > 1
                    else f"the name {missing[0]!r} is not in the source")
    have = {v for v, _ in _numbers(source)}
    extra = [t for v, t in _numbers(wording) if v not in have and not re.search(rf"(?<![\d.,]){re.escape(t)}(?![\d])",
                                                                                 source)]
    if extra:
        whys.append(f"the number {extra[0]!r} is not in the source")
    dates = [s for _, _, s in find_time_expressions(wording) if not _date_supported(s, source, published)]
    if dates:
        whys.append(f"the date {dates[0]!r} is not in the source")
    if share:
        content = [w for w in _WORD.findall(wording) if len(w) >= 4 and w.lower() not in _STOP
                   and not find_numbers(w)]
        if content:
            found = sum(_occurs(w, source) for w in content)
            if found <= CONTENT_SHARE * len(content):
                whys.append(f"only {found} of its {len(content)} content words occur in the source")
    return whys


def latin(text: str) -> bool:
    """Whether most letters of ``text`` are Latin (ASCII or accented)."""
    if text.isascii():
        return True
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters) >= 0.5 * len(letters)


def lead_headline(title: str | None, sentences: list[str], limit: int = 110) -> str:
    """A headline built by code: the article's title, else its lead sentence (cut at a word)."""
    for text in ([title] if title else []) + sentences:
        text = " ".join((text or "").split())
        if text and not addressed_to_model(text):
            return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return ""


# -- speakers ---------------------------------------------------------------------------------
def speaker_position(source: str, sentence: str) -> int | None:
    """Where ``source`` stands as the subject of a reporting cue in ``sentence``: before the cue
    ("X said", "X, the minister, told"), after it ("said X"), or after "according to"; else None."""
    src = re.sub(r"^(?:the|a|an)\s+", "", " ".join(source.split()), flags=re.I)
    if not src:
        return None
    low = sentence.lower()
    at = [m.start() for m in re.finditer(re.escape(src.lower()), low)]
    if not at:
        return None
    for m in _CUE_RE.finditer(sentence if not sentence.isupper() else low):
        for p in at:
            gap = sentence[p + len(src):m.start()]
            if 0 <= m.start() - p - len(src) <= 60 and not re.search(r"[.;:!?]|\b(?:and|but|while|that)\b", gap):
                return p
            after = sentence[m.end():p]
            if 0 <= p - m.end() <= 12 and not after.strip(" ,"):
                return p
    for m in re.finditer(r"\baccording to\s+", low):
        if any(m.end() <= p <= m.end() + 4 for p in at):
            return next(p for p in at if m.end() <= p <= m.end() + 4)
    return None


# -- bounds -----------------------------------------------------------------------------------
def count_problem(kind: str, value: int | None) -> str | None:
    if value is None:
        return None
    if value < 0:
        return f"{kind}={value} is negative"
    if value > CASUALTY_BOUND:
        return f"{kind}={value} is beyond the sanity bound of {CASUALTY_BOUND:,}"
    return None


def date_problem(start: str | None, published: str | None) -> str | None:
    """A resolved date far outside the article's window (publication date − 150 years .. + 1 year)."""
    try:
        day, pub = dt.date.fromisoformat(start or ""), dt.date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
    if day > pub + dt.timedelta(days=DATE_FUTURE_DAYS):
        return f"the date {start} is more than a year after publication ({published})"
    if day.year < pub.year - DATE_PAST_YEARS:
        return f"the date {start} is more than {DATE_PAST_YEARS} years before publication ({published})"
    return None


# -- what an output line may repeat -----------------------------------------------------------
_QUOTED = re.compile(r"(?<!\w)'((?:[^'\\]|\\.)*)'(?!\w)|(?<!\w)\"((?:[^\"\\]|\\.)*)\"(?!\w)")
_ASSIGNED = re.compile(r"\b(killed|injured|[a-z_]+)=(-?\d[\d,.]*)")
NOT_IN_ARTICLE = "‹not in the article›"


def in_article(value: object, text: str) -> bool:
    """Whether a value the model proposed is the article's (its wording, or one of its numbers)."""
    if value is None or isinstance(value, list):
        return True
    if isinstance(value, (int, float)):
        return any(n.value == value for n in find_numbers(text))
    v = fold(str(value)).strip(" .")
    return not v or v in fold(text)


def redact(line: str, text: str) -> str:
    """``line`` with every quoted value and ``field=number`` the article lacks replaced by a marker:
    a warning names what was dropped without repeating an invented name, place or number."""
    def quoted(m: re.Match[str]) -> str:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        return m.group(0) if in_article(inner, text) or inner == NOT_IN_ARTICLE else NOT_IN_ARTICLE

    def assigned(m: re.Match[str]) -> str:
        try:
            v = float(m.group(2).replace(",", ""))
        except ValueError:
            return m.group(0)
        return m.group(0) if in_article(v, text) else f"{m.group(1)}={NOT_IN_ARTICLE}"

    return _ASSIGNED.sub(assigned, _QUOTED.sub(quoted, line))
