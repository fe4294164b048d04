"""Units of measure after a number, folded to one dimension and scale, and the thing a unit figure measures.

"14 kilometres", "a 19-kilometre tunnel" and "8.7 miles" are lengths (scaled to metres); "€2.4m",
"2.4 million euros" and "EUR 2.4 million" are one amount of euros; "two weeks" and "14 days" are
one duration. Different currencies are different dimensions: they are never compared.
The thing measured is the noun the unit qualifies ("a 19-kilometre tunnel" → tunnel; "a grant of
2.4 million euros" → grant; "the tunnel, which is 14 kilometres long" → tunnel), when the
sentence says it plainly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..normalize.core import Number
from .quantities import singular
from .text import STOP_WORDS, stem

__all__ = ["UNIT_WORDS", "Unit", "thing_measured", "unit_at", "with_magnitudes"]


@dataclass(frozen=True)
class Unit:
    dimension: str  # "length", "money:eur", "percent", "duration", ...
    scale: float  # to the dimension's base unit (metres, days, kilograms, ...)
    name: str  # as shown: "km", "EUR"
    end: int  # where the unit ends in the sentence
    attributive: bool  # "a 19-kilometre tunnel", "a 3.1 million euro grant": the unit qualifies the next noun


def _table(spec: str, dimension: str) -> dict[str, tuple[str, float, str]]:
    out = {}
    for entry in spec.split(";"):
        names, scale = entry.rsplit("=", 1)
        words = names.split()
        for w in words:
            out[w] = (dimension, float(scale), words[0])
    return out


_LEXICON = {
    **_table("mm millimetre millimetres millimeter millimeters=0.001; cm centimetre centimetres centimeter "
             "centimeters=0.01; m metre metres meter meters=1; km kilometre kilometres kilometer kilometers kms=1000; "
             "inch inches in=0.0254; foot feet ft=0.3048; yard yards yd=0.9144; mile miles mi=1609.344", "length"),
    **_table("hectare hectares ha=10000; acre acres=4046.86", "area"),
    **_table("gram grams g=0.001; kg kilogram kilograms kilo kilos=1; tonne tonnes ton tons t=1000; "
             "pound pounds lb lbs=0.4536", "weight"),
    **_table("second seconds=0.0000116; minute minutes mins=0.000694; hour hours hrs=0.041667; day days=1; "
             "week weeks=7; month months=30.44; year years=365.25", "duration"),
    **_table("percent per-cent %=1", "percent"),
    **_table("degree degrees=1", "degree"),
    **_table("year-old years-old=1", "age"),
}
_AREA = re.compile(r"^\s?-?\s?(?:square|sq\.?)\s?-?(kilomet(?:re|er)s?|km|met(?:re|er)s?|m|miles?|feet|foot|ft)\b",
                   re.I)
_AREA_SCALE = {"k": 1e6, "m": 1.0, "f": 0.0929, "mi": 2.59e6}
_CURRENCY_WORDS = {
    **dict.fromkeys("dollar dollars usd".split(), "USD"), **dict.fromkeys("euro euros eur".split(), "EUR"),
    **dict.fromkeys("sterling gbp".split(), "GBP"), **dict.fromkeys("yen jpy".split(), "JPY"),
    **dict.fromkeys("yuan renminbi cny".split(), "CNY"), **dict.fromkeys("rupee rupees inr".split(), "INR"),
    **dict.fromkeys("peso pesos".split(), "peso"), **dict.fromkeys("franc francs chf".split(), "franc"),
    **dict.fromkeys("naira rand shilling shillings dinar dinars dirham dirhams lira riyal riyals".split(), "other"),
}
UNIT_WORDS = frozenset({stem(w) for w in [*_LEXICON, *_CURRENCY_WORDS]} | {"million", "billion", "thousand", "square"})
_SIGNS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR"}
_CODE_BEFORE = re.compile(r"(?:\b(USD|EUR|GBP|JPY|CHF)|US\$|(?<![A-Za-z])([$€£¥₹]))\s?$")
_MAGNITUDE = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_WORD_AFTER = re.compile(r"^(?:\s|-)?(per cent|per-cent|%|[a-z]+(?:-old)?)(?![\w-])", re.I)
_MILLIONS = re.compile(r"\b(?:million|billion|trillion|thousand|bn|mn)\s*$", re.I)


_COMPACT_MONEY = re.compile(r"(?:(?<![A-Za-z])[$€£¥₹]|US\$|\b(?:USD|EUR|GBP)\s?)(?P<n>\d[\d,]*(?:\.\d+)?)\s?"
                            r"(?P<mag>bn|b|mn|m|k|tn)\b|\b(?P<n2>\d[\d,]*(?:\.\d+)?)\s?(?P<mag2>bn|mn|tn)\b", re.I)


def with_magnitudes(sentence: str, numbers: list[Number]) -> list[Number]:
    """``numbers`` with compact magnitudes read in ("€2.4m", "$3bn", "£500k", "1.5bn"): each replaces the
    numbers it covers."""
    found = []
    for m in _COMPACT_MONEY.finditer(sentence):
        digits, mag = (m.group("n"), m.group("mag")) if m.group("n") else (m.group("n2"), m.group("mag2"))
        start = m.start("n") if m.group("n") else m.start("n2")
        found.append(Number(value=float(digits.replace(",", "")) * _MAGNITUDE[mag.lower()], start=start,
                            end=m.end(), text=sentence[start:m.end()]))
    if not found:
        return numbers
    kept = [n for n in numbers if not any(f.start <= n.start < f.end for f in found)]
    return sorted(kept + found, key=lambda n: n.start)


def unit_at(sentence: str, n: Number) -> Unit | None:
    """The unit of the figure ``n`` (a currency sign or code before it, a unit word after), if it has one."""
    after = sentence[n.end:]
    code = _CODE_BEFORE.search(sentence[:n.start])
    if code:
        cur = code.group(1) or (_SIGNS[code.group(2)] if code.group(2) else "USD")  # "US$"
        end = n.end
        m = _WORD_AFTER.match(after)
        if m and m.group(1).lower() in ("million", "billion", "trillion", "thousand"):
            end += m.end()
        return Unit(f"money:{cur}", 1.0, cur, end, _noun_follows(sentence, end))
    area = _AREA.match(after)
    if area:
        key = area.group(1).lower()
        scale = _AREA_SCALE["k" if key.startswith("k") else "mi" if key.startswith("mi") else key[0]]
        return Unit("area", scale, "sq " + key, n.end + area.end(), _noun_follows(sentence, n.end + area.end()))
    m = _WORD_AFTER.match(after)
    if not m:
        return None
    word = re.sub(r"^per[\s-]cent$", "percent", m.group(1).lower())  # "61 per cent" is "61%"
    end = n.end + m.end()
    if word in _CURRENCY_WORDS or (word in ("pound", "pounds") and _MILLIONS.search(n.text)):
        cur = _CURRENCY_WORDS.get(word, "GBP")
        return Unit(f"money:{cur}", 1.0, cur, end, _noun_follows(sentence, end))
    if word not in _LEXICON or (word in ("in", "m", "t", "g", "mi", "ha") and not _tight(after)):
        return None
    dimension, scale, name = _LEXICON[word]
    hyphen = after[:1] == "-"
    attributive = hyphen or (not word.endswith("s") and _noun_follows(sentence, end))
    return Unit(dimension, scale, name, end, attributive and dimension != "percent" or dimension == "age")


def _tight(after: str) -> bool:
    """An ambiguous short unit read as one: "5m", "a 5-in blade", "3 t of rice"; not "5 in Paris", "2 m in a row"."""
    if re.match(r"^-?in\b", after):
        return True
    return bool(re.match(r"^\s?-?[a-z]{1,2}\b(?!\s+(?:the|a|an|in|on|at)\b|\s+[A-Z])", after)) and \
        not re.match(r"^\s+in\b", after)


_NOT_NOUN = re.compile(r"^(?:of|for|to|from|in|on|at|by|with|into|over|under|beneath|below|above|through|across|along|"
                       r"between|near|and|or|but|a|an|the|was|were|is|are|be|been|has|have|had|will|would|could|can|"
                       r"may|might|should|must|that|which|who|long|wide|high|deep|tall|thick|away|old|ago|later|"
                       r"earlier|after|before|per|each|a\s+year|than|more|less|said|says)$", re.I)


def _noun_follows(sentence: str, at: int) -> bool:
    m = re.match(r"\s+([a-z][\w-]*)", sentence[at:])
    if not m:
        return False
    return not _NOT_NOUN.match(m.group(1)) and not m.group(1).endswith(("ed", "ly"))


_QUALIFIERS = (r"(?:(?:about|around|some|nearly|almost|roughly|approximately|more than|over|just|only|at least|"
               r"up to|an? estimated|for)\s+)*$")
# "the tunnel, which is 14 km long", "a tunnel 14 km long": the noun before is what the dimension measures
_BEFORE_DIMENSION = re.compile(r"\b(?P<t>[a-z][a-z-]+)(?:\s*,\s*(?:which|that))?(?:\s+(?:is|was|are|were|will be))?\s+"
                               + _QUALIFIERS, re.I)
_DIMENSION = re.compile(r"^\s+(?:long|wide|high|deep|tall|thick|across|in length|in diameter|in size)\b", re.I)
_BEFORE = re.compile(
    r"\b(?P<t>[a-z][a-z-]+)(?:\s*,\s*(?:which|that)\s+(?:is|was|are|were|will be|measures|measured|weighs|weighed|"
    r"covers|covered|cost|costs|lasted)|\s+(?:measures?|measured|measuring|stretch(?:es|ed)?|"
    r"stretching|spans?|spanned|spanning|runs?|ran|running|extends?|extended|extending|weighs?|weighed|weighing|"
    r"covers?|covered|covering|lasted|lasts|lasting|took|takes|costs?|costing|worth|valued at|priced at|of))\s+"
    + _QUALIFIERS, re.I)
_WEAK = {"which", "that", "it", "this", "there", "what", "who", "one", "each", "all", "total", "sum", "figure",
         "amount", "number", "cost", "price", "value", "length", "distance", "area", "size", "weight", "height",
         "depth", "width", "part", "share", "rest", "most", "some", "many", "much", "percent", "per", "cent",
         "million", "billion", "thousand", "year", "years", "people"}


_PREPOSITIONS = {"under", "over", "of", "in", "on", "at", "near", "beneath", "below", "above", "through", "across",
                 "along", "between", "from", "for", "with", "into", "outside", "inside", "around", "behind"}


def _over_modifiers(text: str) -> str:
    """The head noun of the phrase ending ``text``, over trailing prepositional phrases: "the tunnel under the
    border fence" → tunnel."""
    toks = re.findall(r"[A-Za-z][\w-]*", text)
    k = len(toks) - 1
    for _ in range(2):
        j = k - 1
        while j > k - 3 and j >= 0 and toks[j].lower() not in STOP_WORDS and not toks[j].lower().endswith("ed"):
            j -= 1  # modifiers: "the border fence"
        if j >= 0 and toks[j].lower() in ("the", "a", "an", "its", "their", "this", "that", "his", "her"):
            j -= 1
        if j < 1 or toks[j].lower() not in _PREPOSITIONS or toks[j - 1].lower() in STOP_WORDS \
                or _NOT_NOUN.match(toks[j - 1]) or toks[j - 1][0].isupper() or toks[j - 1].endswith("ed"):
            break
        k = j - 1
    return toks[k]


# "Turnout was 61 percent", "the jobless rate, at 5 percent,": the clause's subject, when it is the unit's noun
_COPULA = re.compile(r"(?:^|[,;:]\s*|\b(?:that|and|but|while)\s+)(?:(?:the|its|their|a|an)\s+)?(?:[a-z][\w-]*\s+){0,2}?"
                     r"(?P<t>[A-Za-z][a-z-]+)\s+(?:was|were|is|are|stood at|came to|totalled|totaled|reached)\s+"
                     + _QUALIFIERS)


def thing_measured(sentence: str, n: Number, unit: Unit) -> str:
    """The noun the figure measures, when the sentence says it plainly ("" when it does not)."""
    if unit.attributive:
        taken: list[str] = []
        for m in re.finditer(r"[A-Za-z][\w-]*", sentence[unit.end:unit.end + 60]):
            w = m.group(0)
            low = w.lower()
            if _NOT_NOUN.match(w) or low in STOP_WORDS or w[0].isupper() or low.endswith("ly") or len(taken) == 3 \
                    or (low.endswith("ed") and not low.endswith("eed")):
                break
            taken.append(w)
        if taken and taken[-1].lower() not in _WEAK:
            return singular(taken[-1])
    pattern = _BEFORE_DIMENSION if _DIMENSION.match(sentence[unit.end:]) else _BEFORE
    window = sentence[max(0, n.start - 80):n.start]
    before = pattern.search(window)
    if before and before.group("t").lower() not in _WEAK and not _NOT_NOUN.match(before.group("t")):
        t = _over_modifiers(window[:before.end("t")]) if pattern is _BEFORE_DIMENSION else before.group("t")
        return singular(t)
    of = re.match(r"^\s+of\s+([a-z]+)\b", sentence[unit.end:])  # "2 tonnes of rice"
    if of and not _NOT_NOUN.match(of.group(1)) and of.group(1).lower() not in _WEAK:
        return singular(of.group(1))
    subject = None if unit.attributive else _COPULA.search(sentence[:n.start])
    t = subject.group("t") if subject else ""
    if t and t.lower() not in _WEAK and not _NOT_NOUN.match(t) and not t.lower().endswith(("ed", "ly")) \
            and (t.islower() or subject.start("t") == 0):  # type: ignore[union-attr]  # a capital: a name, or the start
        return singular(t)
    return ""
