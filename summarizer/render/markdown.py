"""Render stage: an ArticleSummary as Markdown (jinja2 template) or JSON."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from jinja2 import Environment, StrictUndefined, Template

from ..schema import ArticleSummary, Claim, Event, KeyPoint, Location, Repair, TimeRef
from .reconciliation import value_text
from .safe_text import md_value

__all__ = ["place_line", "repair_line", "to_json", "to_markdown"]

_MARKDOWN = """\
# {{ s.headline or s.article.title or "Summary" }}
{% set a = s.article -%}
{{ [a.published and "Published " ~ a.published, a.byline and "by " ~ a.byline, \
a.dateline and "(" ~ a.dateline ~ ")", a.source] | select | join(" ") }}
{%- if s.key_points %}

## Key points
{% for kp in s.key_points %}
- {{ kp.text }}{{ cite(kp) }}
{%- for r in kp.repairs %}
  - {{ repair(r) }}
{%- endfor %}
{%- endfor %}
{%- endif %}
{%- if s.events %}

## Events
{% for e in s.events %}
- **{{ e.type }}**{% if e.date %} — {{ when(e.date) }}{% endif %}\
{% if e.location %} — {{ place(e.location) }}{% endif %}: {{ e.description }}
{%- for c in e.casualties %}
  - {{ c.group }}: {{ [c.killed is not none and c.killed ~ " killed", \
c.injured is not none and c.injured ~ " injured"] | select | join(", ") }}
{%- endfor %}
{%- if e.actors %}
  - actors: {{ e.actors | map(attribute="name") | join(", ") }}
{%- endif %}
{%- for r in e.repairs %}
  - {{ repair(r) }}
{%- endfor %}
{%- endfor %}
{%- endif %}
{%- if by_source %}

## Claims by source
{% for canonical, claims in by_source.items() %}
**{{ canonical }}**
{% for c in claims %}
- _{{ c.cue }}_{% if c.source.name != canonical %} ({{ c.source.name }}){% endif %}\
{% if c.time %} [{{ when(c.time) }}]{% endif %}: {{ quoted(c) }}
{%- for r in c.repairs %}
  - {{ repair(r) }}
{%- endfor %}
{%- endfor %}
{% endfor %}
{%- endif %}
{%- if s.conflicts %}

## Conflicts
{% for c in s.conflicts %}
- **{{ c.kind }}** ({{ c.severity }}): {{ c.summary }}
{%- for side in c.sides %}
  - {{ side.source }}: {{ value(side.value) }}\
{% if side.evidence %} — "{{ side.evidence[0].text | truncate(120) }}"{% endif %}
{%- endfor %}
{%- if c.note %}
  - note: {{ c.note }}
{%- endif %}
{%- endfor %}
{%- endif %}
{%- if s.timeline %}

## Timeline
{% for t in s.timeline %}
- {{ when(t) }}{% if t.item %} — {{ t.item }}{% endif %}{% if t.about %}: {{ t.about }}{% endif %}
{%- endfor %}
{%- endif %}
{%- if s.meta.warnings %}

## Warnings
{% for w in s.meta.warnings %}
- {{ w }}
{%- endfor %}
{%- endif %}

---
{{ s.meta.backend }}:{{ s.meta.model }} · prompt {{ s.meta.prompt_version }} · {{ s.meta.llm_calls }} LLM call(s) · \
{{ s.meta.prompt_tokens }}+{{ s.meta.completion_tokens }} tokens · {{ "%.1f" | format(s.meta.duration_s) }} s
"""


def _when(t: TimeRef) -> str:
    if t.start and t.start == t.end:
        return f"{t.text} ({t.start})"
    if t.start:
        return f"{t.text} ({t.start} – {t.end})"
    return t.text


def _quoted(c: Claim) -> str:
    text = c.content if len(c.content) <= 240 else c.content[:237].rsplit(" ", 1)[0] + "..."
    return f'"{text}"' if c.direct_quote and text[:1] not in "\"“«'‘" else text


def _repaired_value(v: str | int | float | list[str] | None) -> str:
    if v is None:
        return "none"
    return ", ".join(v) if isinstance(v, list) else f"{v:g}" if isinstance(v, float) else str(v)


def repair_line(r: Repair) -> str:
    """One repair as a line: "repaired killed: 5000 → 14 (corrected from the cited sentences)"."""
    if r.to is None:
        return f"removed {r.field} {_repaired_value(r.from_)} ({r.why})"
    return f"repaired {r.field}: {_repaired_value(r.from_)} → {_repaired_value(r.to)} ({r.why})"


def place_line(loc: Location) -> str:
    """A place with the admin1 and country it does not write, and which of them code derived:
    "Tulsa (Oklahoma, United States; derived: admin1, country)"."""
    extra = [(k, v) for k, v in (("admin1", loc.admin1), ("country", loc.country)) if v and v not in loc.text]
    if not extra:
        return loc.text
    derived = [k for k, _ in extra if k in loc.derived]
    return (f"{loc.text} ({', '.join(v for _, v in extra)}"
            + (f"; derived: {', '.join(derived)})" if derived else ")"))


def _cite(item: KeyPoint | Event | Claim) -> str:
    return f" _[{len(item.evidence)} span{'s' if len(item.evidence) != 1 else ''}]_" if item.evidence else ""


@lru_cache(maxsize=1)
def _template() -> Template:
    # every value from the article or the model: one line, no HTML tags, no control characters
    env = Environment(undefined=StrictUndefined, autoescape=False, trim_blocks=False, finalize=md_value)
    env.globals.update(when=_when, cite=_cite, quoted=_quoted, value=value_text, repair=repair_line, place=place_line)
    return env.from_string(_MARKDOWN)


def to_markdown(s: ArticleSummary) -> str:
    by_source: dict[str, list[Claim]] = defaultdict(list)
    for c in s.claims:
        by_source[c.source.canonical].append(c)
    return _template().render(s=s, by_source=dict(by_source)).strip() + "\n"


def to_json(s: ArticleSummary, indent: int | None = 2) -> str:
    return s.model_dump_json(indent=indent)
