"""Bounded work: caps on what one model reply (and one article) may contribute.

A reply is parsed whole, but only the first :data:`MAX_EVENTS_PER_REPLY` events,
:data:`MAX_CLAIMS_PER_REPLY` claims and :data:`MAX_KEY_POINTS_PER_REPLY` key points are
checked, grounded and kept; the rest are dropped with one warning each kind, before any
per-item work. A long article read in parts keeps at most :data:`MAX_EVENTS_PER_ARTICLE`
events (and the like) after its parts are merged. No real news article comes near these
numbers; a reply that does is a runaway or hostile model, and without the caps its cost
would grow with the square of the number of items (duplicate and conflict pairing).
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_CLAIMS_PER_ARTICLE", "MAX_CLAIMS_PER_REPLY", "MAX_EVENTS_PER_ARTICLE", "MAX_EVENTS_PER_REPLY",
           "MAX_KEY_POINTS_PER_ARTICLE", "MAX_KEY_POINTS_PER_REPLY", "cap_items"]

MAX_EVENTS_PER_REPLY = 100
MAX_CLAIMS_PER_REPLY = 200
MAX_KEY_POINTS_PER_REPLY = 50
MAX_EVENTS_PER_ARTICLE = 300
MAX_CLAIMS_PER_ARTICLE = 600
MAX_KEY_POINTS_PER_ARTICLE = 100

_PER_REPLY = {"events": MAX_EVENTS_PER_REPLY, "claims": MAX_CLAIMS_PER_REPLY, "key_points": MAX_KEY_POINTS_PER_REPLY}
_PER_ARTICLE = {"events": MAX_EVENTS_PER_ARTICLE, "claims": MAX_CLAIMS_PER_ARTICLE,
                "key_points": MAX_KEY_POINTS_PER_ARTICLE}


def cap_items(draft: Any, *, whole_article: bool = False) -> list[str]:
    """Cut ``draft``'s events, claims and key points to their caps (in place); one warning
    per list that was cut."""
    caps = _PER_ARTICLE if whole_article else _PER_REPLY
    where = "the article" if whole_article else "one reply"
    warnings = []
    for name, cap in caps.items():
        items = getattr(draft, name)
        if len(items) > cap:
            warnings.append(f"dropped {len(items) - cap:,} of {len(items):,} {name.replace('_', ' ')}: "
                            f"at most {cap} are kept from {where}")
            setattr(draft, name, items[:cap])
    return warnings
