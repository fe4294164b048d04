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

__all__ = ["UNIT_WORDS", "Compound", "Unit", "compounds", "thing_measured", "unit_at", "with_magnitudes"]


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
    **_table("ml millilitre millilitres milliliter milliliters=0.001; l litre litres liter liters=1; "
             "gallon gallons=3.785; barrel barrels=159", "volume"),
    **_table("kw kilowatt kilowatts=1000; mw megawatt megawatts=1e6; gw gigawatt gigawatts=1e9; "
             "terawatt terawatts=1e12", "power"),
    **_table("kwh=1000; mwh=1e6; gwh=1e9; twh=1e12", "energy"),
    **_table("mph=1.609344; kph=1", "speed"),
    **_table("percent per-cent %=1", "percent"),
    **_table("degree degrees=1", "degree"),
    **_table("year-old years-old=1", "age"),
    **_table("magnitude=1", "magnitude"),
}
_AREA = re.compile(r"^\s?-?\s?(?:square|sq\.?)\s?-?(kilomet(?:re|er)s?|km|met(?:re|er)s?|m|miles?|feet|foot|ft)\b",
                   re.I)
_SPEED = re.compile(r"^\s?-?(?:km/h|km/hr|kmh|kph|km\s+an\s+hour|(?:kilomet(?:re|er)s?|miles?)\s+(?:an|per)\s+hour)"
                    r"(?![\w/])", re.I)
_AREA_SCALE = {"k": 1e6, "m": 1.0, "f": 0.0929, "mi": 2.59e6}
_CURRENCY_WORDS = {
    **dict.fromkeys("dollar dollars usd".split(), "USD"), **dict.fromkeys("euro euros eur".split(), "EUR"),
    **dict.fromkeys("sterling gbp".split(), "GBP"), **dict.fromkeys("yen jpy".split(), "JPY"),
    **dict.fromkeys("yuan renminbi cny".split(), "CNY"), **dict.fromkeys("rupee rupees inr".split(), "INR"),
    **dict.fromkeys("peso pesos".split(), "peso"), **dict.fromkeys("franc francs chf".split(), "franc"),
    **dict.fromkeys("crown crowns krona kronor krone kroner koruna korunas".split(), "crown"),
    **dict.fromkeys("zloty zlotys zlotych".split(), "PLN"), **dict.fromkeys("forint forints".split(), "HUF"),
    **dict.fromkeys("ruble rubles rouble roubles".split(), "RUB"), **dict.fromkeys("baht".split(), "THB"),
    **dict.fromkeys("naira rand shilling shillings dinar dinars dirham dirhams lira riyal riyals".split(), "other"),
}
UNIT_WORDS = frozenset({stem(w) for w in [*_LEXICON, *_CURRENCY_WORDS]}
                       | {"million", "billion", "thousand", "square", "per", "cent"})
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
    if re.search(r"\bmagnitude[\s-]*$", sentence[max(0, n.start - 12):n.start], re.I) or re.match(
            r"^\s+on\s+the\s+Richter\s+scale\b", after, re.I):  # "a magnitude 5.8 quake", "5.8 on the Richter scale"
        rs = re.match(r"^\s+on\s+the\s+Richter\s+scale\b", after, re.I)
        end = n.end + (rs.end() if rs else 0)
        return Unit("magnitude", 1.0, "magnitude", end, not rs and _noun_follows(sentence, end))
    speed = _SPEED.match(after)
    if speed:  # "gusts of 90 km/h", "winds of 70 miles per hour": a speed, not a length
        scale = 1.609344 if speed.group(0).strip().lower().startswith("mi") else 1.0
        return Unit("speed", scale, "km/h", n.end + speed.end(), _noun_follows(sentence, n.end + speed.end()))
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
    if word not in _LEXICON or (word in ("in", "m", "t", "g", "mi", "ha", "l", "ml") and not _tight(after)):
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
_RELATIVE = re.compile(r"\b(?P<t>[a-z][a-z-]+(?<!ed))\s+(?:that|which)\s+(?!(?:a|an|the|its|their|it|he|she|they|"
                       r"we|this|there)\b)[a-z]+(?:ed|s|t|n)\s+(?:[A-Za-z][\w-]*\s+){0,5}$")
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
_COPULA = re.compile(r"(?:^|[,;:]\s*|\b(?:that|and|but|while)\s+)(?:(?:[Tt]he|its|their|a|an)\s+)?"
                     r"(?:[a-z][\w-]*(?:'s)?\s+){0,2}?(?P<t>[A-Za-z][a-z-]+)"
                     r"(?:\s+(?:for|in)\s+(?:\d{4}|next year|this year))?"
                     r"\s+(?:was|were|is|are|will be|would be|stood at|came to|totalled|totaled|reached)\s+"
                     + _QUALIFIERS)


_SIGN_BEFORE = re.compile(r"(?:US\$|(?<![A-Za-z])[$€£¥₹]|\b(?:USD|EUR|GBP|JPY|CHF))\s?$")
# a verb after the counted noun ends its phrase ("a 5.8 earthquake struck off the coast")
_VERB_AFTER = re.compile(r"^(?:struck|hit|hits|strikes|shook|rocked|fell|rose|broke|went|came|left|ran|sank|swept|"
                         r"spread|tore|took|made|cost|costs|lasted|began|will|would|could|can|may|might|must|should|"
                         r"off|up|down|out|across|around|behind|beyond|within|without|towards?|against|onto|upon|amid|"
                         r"past|via)$", re.I)
_THINGS = {"earthquake": "quake", "temblor": "quake"}  # other words for one thing measured


def _thing(word: str) -> str:
    w = singular(word)
    return _THINGS.get(w, w)


def thing_measured(sentence: str, n: Number, unit: Unit) -> str:
    """The noun the figure measures, when the sentence says it plainly ("" when it does not)."""
    if unit.attributive:
        taken: list[str] = []
        for m in re.finditer(r"[A-Za-z][\w-]*", sentence[unit.end:unit.end + 60]):
            w = m.group(0)
            low = w.lower()
            if _NOT_NOUN.match(w) or low in STOP_WORDS or w[0].isupper() or low.endswith("ly") or len(taken) == 3 \
                    or (low.endswith("ed") and not low.endswith("eed")) or _VERB_AFTER.match(low):
                break
            taken.append(w)
        if taken and taken[-1].lower() not in _WEAK:
            return _thing(taken[-1])
    pattern = _BEFORE_DIMENSION if _DIMENSION.match(sentence[unit.end:]) else _BEFORE
    window = _SIGN_BEFORE.sub("", sentence[max(0, n.start - 80):n.start])  # "revenue of €412 million": of revenue
    definite = re.search(r"\b[Tt]he\s+$", window) and re.match(r"^\s+in\s+([a-z]{3,})\b", sentence[unit.end:])
    if definite and not _NOT_NOUN.match(definite.group(1)) and definite.group(1).lower() not in _WEAK:
        return _thing(definite.group(1))  # "The €398 million in revenue": the revenue the story gave
    before = pattern.search(window)
    rel = _RELATIVE.search(window[:before.start("t")]) if before else None
    if rel and rel.group("t").lower() not in _WEAK and not _NOT_NOUN.match(rel.group("t")):
        return _thing(rel.group("t"))  # "The iceberg that split from the Torvik Ice Shelf covers 290 km²": the iceberg
    if before and before.group("t").lower() not in _WEAK and not _NOT_NOUN.match(before.group("t")):
        t = _over_modifiers(window[:before.end("t")]) if pattern is _BEFORE_DIMENSION else before.group("t")
        return _thing(t)
    of = re.match(r"^\s+of\s+([a-z]+)\b", sentence[unit.end:])  # "2 tonnes of rice"
    if of and not _NOT_NOUN.match(of.group(1)) and of.group(1).lower() not in _WEAK:
        return singular(of.group(1))
    subject = None if unit.attributive else _COPULA.search(sentence[:n.start])
    t = subject.group("t") if subject else ""
    if t and t.lower() not in _WEAK and not _NOT_NOUN.match(t) and not t.lower().endswith(("ed", "ly")) \
            and (t.islower() or subject.start("t") == 0):  # type: ignore[union-attr]  # a capital: a name, or the start
        return singular(t)
    return ""


@dataclass(frozen=True)
class Compound:
    """A figure written in several numbers: a duration in parts ("2 hours 9 minutes 14 seconds", "2:11:40") or
    a proportion in words ("four in ten", "a third of", "half of"), read as one number with its unit."""

    number: Number  # the whole expression, its value in ``unit``
    unit: Unit
    step: float  # half the last written step, in written units ("four in ten": 5 percentage points)
    precise: bool  # written to its last unit: no conversion tolerance (a time to the second)


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_FRACTION = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
             "tenth": 10, "tenths": 10}
_SHARE_QUAL = (r"(?:(?P<q>nearly|almost|about|around|roughly|some|approximately|more than|over|just over|"
               r"less than|fewer than|under|just under)\s+)?")
_SMALL_RE = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|[1-9]|10)"
# "four in ten voters", "three out of four homes", "a third of children", "two-thirds of the staff", "half the homes"
_SHARE = re.compile(
    r"\b" + _SHARE_QUAL + r"(?:(?P<num>" + _SMALL_RE + r")\s+(?:in|out\s+of)\s+(?P<den>" + _SMALL_RE + r")\b"
    r"(?=\s+(?:of\s+)?(?:the\s+|its\s+|their\s+)?[a-z])"
    r"|(?P<a>an?|one|two|three|four)[\s-]+(?P<frac>halves|half|thirds?|quarters?|fifths?|tenths?)\s+of\b"
    r"|(?P<half>half)\s+(?:of\s+)?(?=the\b|its\b|their\b|all\b|[a-z]+s\b))", re.I)
_SHARE_QUALIFIER = {"nearly": "about", "almost": "about", "about": "about", "around": "about", "roughly": "about",
                    "some": "about", "approximately": "about", "more than": "more than", "over": "more than",
                    "just over": "more than", "less than": "less than", "fewer than": "less than",
                    "under": "less than", "just under": "less than"}
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):([0-5]\d):([0-5]\d)(?![\d:])")
_SECOND = 1 / 86400
_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}


def _share(m: re.Match[str]) -> tuple[float, float, str]:
    """(percent, step, qualifier) of a proportion in words."""
    q = _SHARE_QUALIFIER.get((m.group("q") or "").lower(), "exact")
    if m.group("num"):
        num, den = (int(x) if x.isdigit() else _SMALL[x.lower()] for x in (m.group("num"), m.group("den")))
        return 100.0 * num / den, 50.0 / den, q
    if m.group("half"):
        return 50.0, 0.0, q if q != "exact" else "about"
    a = m.group("a").lower()
    return 100.0 * (1 if a in ("a", "an") else _SMALL[a]) / _FRACTION[m.group("frac").lower()], 0.0, \
        q if q != "exact" else "about"  # "a third": a round share, said loosely


_LONE_UNIT = re.compile(r"\b(?:an?|one)(?=\s+(?:week|day|hour|minute)\s+and\s+\w)", re.I)


def _lone_units(sentence: str) -> list[Number]:
    """"a day" in "a day and six hours": a one that is written as an article, only as the head of a duration in
    parts (it never stands alone as a figure)."""
    return [Number(value=1.0, start=m.start(), end=m.end(), text=m.group(0)) for m in _LONE_UNIT.finditer(sentence)]


def compounds(sentence: str, numbers: list[Number]) -> tuple[list[Number], dict[int, Compound]]:
    """``numbers`` with compound figures read in: each replaces the numbers it covers; the map gives each
    compound (by its start) its unit."""
    found: list[Compound] = []
    for m in _SHARE.finditer(sentence):
        if re.match(r"^\s*(?:of\s+)?(?:(?:an?|the|its|this|that|next|last)\s+)?(?:" + "|".join(_LEXICON) + r")\b",
                    sentence[m.end():], re.I) or re.search(r"\b(?:first|second|the|latter|former)\s+$",
                                                           sentence[max(0, m.start() - 10):m.start()], re.I):
            continue  # "a quarter of an hour", "half of the year", "the second half": a part of time, no share
        value, step, q = _share(m)
        start = m.start("num") if m.group("num") else m.start("a") if m.group("a") else m.start("half")
        end = m.end()
        num = Number(value=value, start=start, end=end, text=sentence[start:end], qualifier=q)
        found.append(Compound(num, Unit("percent", 1.0, "percent", end, True), step, False))
    for m in _CLOCK.finditer(sentence):  # "crossed the line in 2:11:40": a time to the second
        if re.search(r"\bat\s+$", sentence[max(0, m.start() - 4):m.start()]) or re.match(
                r"^\s*(?:a\.?m\b|p\.?m\b|GMT|UTC|local)", sentence[m.end():], re.I):
            continue  # a time of day
        h, mi, se = (int(g) for g in m.groups())
        num = Number(value=float(h * 3600 + mi * 60 + se), start=m.start(), end=m.end(), text=m.group(0))
        found.append(Compound(num, Unit("duration", _SECOND, "s", m.end(), False), 0.5, True))
    k = 0
    lone = [u for u in _lone_units(sentence) if not any(n.start <= u.start < n.end for n in numbers)]
    chained = sorted(numbers + lone, key=lambda n: n.start)
    while k < len(chained):  # "2 hours 9 minutes 14 seconds", "three hours and 20 minutes", "a day and 6 hours"
        chain: list[tuple[Number, Unit]] = []
        j = k
        while j < len(chained):
            u = unit_at(sentence, chained[j])
            if u is None or u.dimension != "duration" or (chain and u.scale >= chain[-1][1].scale) or (
                    chain and not re.fullmatch(r"\s*(?:,\s*|and\s+)?", sentence[chain[-1][1].end:chained[j].start])):
                break
            chain.append((chained[j], u))
            j += 1
        if len(chain) > 1 and all(n.qualifier == "exact" for n, _ in chain[1:]):
            first, last = chain[0][0], chain[-1]
            secs = sum(n.value * _SECONDS.get(u.name, u.scale / _SECOND) for n, u in chain)
            unit_secs = _SECONDS.get(last[1].name, last[1].scale / _SECOND)
            num = Number(value=round(secs, 3), start=first.start, end=last[1].end,
                         text=sentence[first.start:last[1].end], qualifier=first.qualifier)
            found.append(Compound(num, Unit("duration", _SECOND, "s", last[1].end, False), unit_secs / 2, True))
            k = j
        else:
            k += 1
    if not found:
        return numbers, {}
    found = [c for c in found if not any(o is not c and o.number.start <= c.number.start < o.number.end
                                         and o.number.end - o.number.start > c.number.end - c.number.start
                                         for o in found)]
    kept = [n for n in numbers if not any(c.number.start <= n.start < c.number.end for c in found)]
    return sorted(kept + [c.number for c in found], key=lambda n: n.start), {c.number.start: c for c in found}
