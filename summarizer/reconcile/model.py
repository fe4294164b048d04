"""The reconciliation output: stories (articles about one real-world event) and their conflicts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..schema import Conflict, TimeRef

__all__ = ["Reconciliation", "Story", "StoryConflict", "StoryEvent"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class StoryEvent(_Model):
    """One incident as the story's articles report it; ``mentions`` are ``article#event`` ids."""

    type: str
    description: str
    date: TimeRef | None = None
    location: str | None = None
    mentions: list[str] = []


class Story(_Model):
    id: str
    title: str
    articles: list[str] = []
    duplicates: dict[str, str] = {}  # duplicate article id → the kept copy's id
    start: str | None = None  # earliest event date (or publication date), YYYY-MM-DD
    end: str | None = None
    places: list[str] = []
    sources: list[str] = []
    events: list[StoryEvent] = []


class StoryConflict(Conflict):
    """A Conflict placed in its story: ``scope`` says whether its sides come from one article or several."""

    story: str
    scope: Literal["article", "story"]


class Reconciliation(_Model):
    stories: list[Story] = []
    conflicts: list[StoryConflict] = []
    warnings: list[str] = []
    llm_calls: int = 0
