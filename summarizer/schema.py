"""The public output contract: ArticleSummary and its parts.

Field names here are public API: extend freely, never rename.
Every Span satisfies ``article.text[start:end] == text``.
"""

from __future__ import annotations

import hashlib
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .normalize.event_types import category_of

__all__ = [
    "Actor",
    "Article",
    "ArticleInfo",
    "ArticleSummary",
    "Casualty",
    "Claim",
    "Conflict",
    "ConflictSide",
    "Event",
    "KeyPoint",
    "Location",
    "Meta",
    "Quantity",
    "Repair",
    "SCHEMA_VERSION",
    "Source",
    "Span",
    "TimeRef",
    "TimelineEntry",
]

SCHEMA_VERSION = "1"

Precision = Literal["day", "week", "month", "quarter", "year", "unknown"]
SourceKind = Literal["organization", "official", "person", "media", "document", "unknown"]
Severity = Literal["info", "warning", "critical"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Span(_Model):
    start: int
    end: int
    text: str


class Repair(_Model):
    """What code did to a value the model proposed (docs/trust.md): ``from`` → ``to``, and why."""

    model_config = ConfigDict(extra="ignore", serialize_by_alias=True, validate_by_name=True, validate_by_alias=True)

    field: str = Field(description="the field changed: killed, injured, where, country, actors, s, when, source, ...")
    from_: Union[str, int, float, list[str], None] = Field(None, alias="from")
    to: Union[str, int, float, list[str], None] = None
    why: str


class TimeRef(_Model):
    text: str = Field(description="the expression as written in the article")
    start: str | None = Field(None, description="YYYY-MM-DD")
    end: str | None = Field(None, description="YYYY-MM-DD")
    precision: Precision = "unknown"


class TimelineEntry(TimeRef):
    """One date expression of the article, resolved by code against the publication date."""

    span: Span = Field(description="where the expression is written")
    item: str | None = Field(None, description="id of the event or claim whose evidence covers it")
    about: str | None = Field(None, description="what it dates: the item's description, else the clause around it")


class Location(_Model):
    text: str
    country: str | None = None
    admin1: str | None = Field(None, description="the province or state: the place's own \"X province\" part, "
                               "or a US city's state derived from the gazetteer (then in ``derived``)")
    place: str | None = None
    span: Span | None = Field(None, description="where ``text`` stands in the article")
    derived: list[str] = Field([], description="fields code derived (from a gazetteer), not the article's wording")


class Actor(_Model):
    name: str
    role: str = "participant"
    span: Span | None = None


class Casualty(_Model):
    group: str
    killed: int | None = None
    injured: int | None = None


class Event(_Model):
    id: str
    type: str = Field(description="one of summarizer.normalize.event_types.EVENT_TYPES (ACLED sub-event types)")
    description: str
    date: TimeRef | None = None
    location: Location | None = None
    actors: list[Actor] = []
    casualties: list[Casualty] = []
    evidence: list[Span] = []
    repairs: list[Repair] = []
    category: str = Field("strategic developments", description="the type's ACLED event type")
    type_text: str | None = Field(None, description="the type as the model wrote it")

    @model_validator(mode="after")
    def _category_of_type(self) -> Event:
        if "category" not in self.model_fields_set:
            self.category = category_of(self.type)
        return self


class Source(_Model):
    name: str
    canonical: str
    kind: SourceKind = "unknown"


class Quantity(_Model):
    value: float
    unit: str | None = None
    about: str | None = None
    qualifier: str | None = Field(None, description="exact, about, at least, more than, dozens, ...")


class Claim(_Model):
    id: str
    source: Source
    cue: str
    content: str
    direct_quote: bool = False
    quantities: list[Quantity] = []
    time: TimeRef | None = None
    evidence: list[Span] = []
    repairs: list[Repair] = []


class KeyPoint(_Model):
    text: str
    evidence: list[Span] = []
    repairs: list[Repair] = []


class ConflictSide(_Model):
    source: str = Field(description="canonical source name")
    article: str = Field(description="id of the article the statement came from")
    item: str | None = Field(None, description="id of the event or claim")
    value: Union[float, str, dict, None] = None
    evidence: list[Span] = []


ConflictKind = Literal["numeric", "temporal", "attribution", "contradiction", "update"]


class Conflict(_Model):
    id: str
    kind: ConflictKind
    severity: Severity = "warning"
    summary: str
    sides: list[ConflictSide] = []
    note: str | None = None


class Article(_Model):
    """An article, as given and as echoed in the summary. ``id`` defaults to a content hash."""

    id: str = ""
    text: str
    title: str | None = None
    published: str | None = Field(None, description="YYYY-MM-DD")
    byline: str | None = None
    dateline: str | None = None
    source: str | None = None
    language: str | None = "en"
    url: str | None = None

    @model_validator(mode="after")
    def _default_id(self) -> "Article":
        if not self.id:
            self.id = hashlib.sha256(self.text.encode("utf-8")).hexdigest()[:16]
        return self


ArticleInfo = Article  # the name the contract's docs use for ArticleSummary.article


class Meta(_Model):
    model: str = ""
    backend: str = ""
    prompt_version: str = ""
    prompt_hash: str = ""
    schema_version: str = SCHEMA_VERSION
    llm_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    duration_s: float = 0.0
    warnings: list[str] = []
    repairs: list[Repair] = Field([], description="repairs of the summary as a whole (the headline)")


class ArticleSummary(_Model):
    article: Article
    headline: str = ""
    key_points: list[KeyPoint] = []
    events: list[Event] = []
    claims: list[Claim] = []
    conflicts: list[Conflict] = []
    timeline: list[TimelineEntry] = []
    meta: Meta = Meta()

    def spans(self) -> list[Span]:
        """Every evidence span in the summary."""
        items: list[KeyPoint | Event | Claim] = [*self.key_points, *self.events, *self.claims]
        return [s for it in items for s in it.evidence]
