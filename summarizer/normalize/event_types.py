"""Event types from a closed vocabulary: ACLED's sub-event types, grouped by ACLED event type.

Whatever the model writes ("bombing", "killed", "car bomb attack") is mapped in code to one
sub-event type, so events compare across articles and sources; the model's words stay in
``Event.type_text``. Mapping: an exact vocabulary label wins, else the first keyword rule that
matches the model's type (its description when the type says nothing), else ``"other"``.
Vocabulary: ACLED Codebook (2023), "Event types and sub-event types"; see docs/event_types.md.
"""

from __future__ import annotations

import re

__all__ = ["EVENT_CATEGORIES", "EVENT_TYPES", "category_of", "map_event_type", "stated_type", "type_in_text",
           "type_words"]

# ACLED event type → its sub-event types (lower case, as ``Event.type`` holds them)
EVENT_CATEGORIES: dict[str, tuple[str, ...]] = {
    "battles": ("armed clash", "government regains territory", "non-state actor overtakes territory"),
    "explosions/remote violence": ("chemical weapon", "air/drone strike", "suicide bomb",
                                   "shelling/artillery/missile attack", "remote explosive/landmine/ied", "grenade"),
    "violence against civilians": ("sexual violence", "attack", "abduction/forced disappearance"),
    "protests": ("peaceful protest", "protest with intervention", "excessive force against protesters"),
    "riots": ("violent demonstration", "mob violence"),
    "strategic developments": ("agreement", "arrests", "change to group/activity", "disrupted weapons use",
                               "headquarters or base established", "looting/property destruction",
                               "non-violent transfer of territory", "other"),
}
EVENT_TYPES: tuple[str, ...] = tuple(t for types in EVENT_CATEGORIES.values() for t in types)
_CATEGORY = {t: c for c, types in EVENT_CATEGORIES.items() for t in types}

# first match wins: specific weapons before the generic "attack"
_RULES: list[tuple[str, str]] = [
    ("chemical weapon", r"chemical|nerve agent|sarin|chlorine gas|mustard gas"),
    ("suicide bomb", r"suicide"),
    ("peaceful protest",
     r"(?:general|labou?r|workers?'?|hunger|national|transport) strikes?\b|on strike|stoppage|walkout"),
    ("air/drone strike",
     r"\bstrikes?\b|air ?strike|air ?raid|drone|bombard\w* from the air|aerial|warplane|helicopter gunship"),
    ("shelling/artillery/missile attack", r"shell(?:ing|ed)|artillery|missile|rocket|mortar"),
    ("grenade", r"grenade"),
    ("remote explosive/landmine/ied", r"bomb|explos|\bied\b|landmine|\bmine\b|dynamite|detonat|blast"),
    ("sexual violence", r"rape|sexual"),
    ("abduction/forced disappearance",
     r"kidnap|abduct|hostage|hijack|disappear|seiz\w* (?:a|the) (?:plane|bus|aircraft)"),
    ("excessive force against protesters",
     r"(?:fired|shot|tear ?gas|crack\w* down|dispers\w*) (?:on|at)? ?(?:the )?(?:protest|demonstrat|march)"),
    ("violent demonstration", r"\briot|violent (?:protest|demonstration)"),
    ("mob violence", r"\bmob\b|lynch|vigilante"),
    ("armed clash", r"clash|battle|firefight|fighting|gun ?battle|skirmish|combat|offensive|exchange of fire"),
    ("government regains territory", r"recaptur|retak|regain"),
    ("non-state actor overtakes territory",
     r"overr[au]n|captur\w* (?:the )?(?:town|city|village|base)|seiz\w* (?:the )?(?:town|city|village|territory)"),
    ("attack", r"attack|assault|kill|murder|assassin|shoot|shot|gunm|ambush|massacre|raid|execution|executed|stab|"
               r"homicide|slay|lynch|beat(?:en|ing)|torture|violen|terror"),
    ("looting/property destruction", r"arson|burn|torch|set fire|fire ?bomb|loot|robb|\brob\b|theft|steal|"
                                     r"sabotag|vandal|destroy|destruct|demoli"),
    ("protest with intervention", r"protest\w* (?:dispersed|broken up)|police (?:broke up|dispersed)"),
    ("peaceful protest", r"protest|demonstrat|rally|rallies|marchers|marched|sit-in|boycott"),
    ("arrests", r"arrest|detain|detention|captur|apprehend|custody|round(?:ed)? up"),
    ("agreement", r"agreement|\baccord\b|cease-?fire|truce|treaty|\bdeal\b|peace talks|negotiat|\bsign(?:ed|s|ing)?\b"),
    ("disrupted weapons use", r"defus|seiz\w* (?:weapons|arms|explosives)|weapons cache|intercept|foil"),
    ("headquarters or base established", r"\bbase\b|headquarters|camp established"),
    ("change to group/activity", r"form\w* (?:a )?(?:new )?(?:group|party|alliance)|split|merg|disband|recruit|"
                                 r"leader (?:named|appointed|replaced)"),
    ("non-violent transfer of territory", r"withdr[ae]w|handed over|hand-?over|pull(?:ed)? out"),
]
_COMPILED = [(t, re.compile(p, re.IGNORECASE)) for t, p in _RULES]


_GENERIC = {"", "event", "events", "incident", "other", "unknown", "news", "development", "situation", "none"}


def map_event_type(raw: str | None, description: str | None = None) -> str:
    """The vocabulary's sub-event type for what the model wrote: its type; the description only
    when the type says nothing ("incident", "event", empty); ``"other"`` when no rule matches."""
    low = _clean(raw)
    texts = [low, _clean(description)] if low in _GENERIC else [low]
    for text in texts:
        if text in _CATEGORY and text != "other":
            return text
        for label, pattern in _COMPILED:
            if text and pattern.search(text):
                return label
    return "other"


def stated_type(event_type: str, text: str) -> bool:
    """A keyword rule of ``event_type`` matches ``text`` (a type no rule defines, "other", is not judged)."""
    rules = [p for t, p in _COMPILED if t == event_type]
    return not rules or any(p.search(text) for p in rules)


def type_in_text(text: str) -> str | None:
    """The type of the first keyword rule that matches ``text`` (an article's sentence), if any."""
    return next((t for t, p in _COMPILED if p.search(text)), None)


def type_words(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a word of some event type ("strike", "ambush", "kidnapped")."""
    return [m.span() for _, p in _COMPILED for m in p.finditer(text)]


def _clean(text: str | None) -> str:
    return " ".join((text or "").lower().replace("_", " ").split())


def category_of(event_type: str) -> str:
    """ACLED's event type for a sub-event type (``"strategic developments"`` when unknown)."""
    return _CATEGORY.get(event_type, "strategic developments")
