"""Model replies (Draft JSON) for the example article, good and bad."""

from __future__ import annotations

from typing import Any

# a claim the example's S1 supports: its reporting verb ("announced") and its subject
CENTCOM_CLAIM = {"s": 1, "source": "The US Central Command", "said": "7 US soldiers were injured during the joint raid"}


def example_draft(**changes: Any) -> dict[str, Any]:
    raid = {"type": "raid", "what": "Joint US-Iraqi raid on ISIS hideouts in Anbar", "when": "last Thursday",
            "where": "Anbar province, western Iraq", "country": "Iraq",
            "who": ["US forces", "Iraqi security forces"], "killed": 14, "injured": 7, "s": [1, 3]}
    strike = {"type": "airstrike", "what": "US strike killed an al-Qaeda-linked leader in Syria",
              "when": "the day before yesterday", "where": "Syria", "country": "Syria", "who": ["US forces"],
              "killed": None, "injured": None, "s": [11]}
    d: dict[str, Any] = {
        "headline": "Joint raid in Anbar kills 14 ISIS members; 7 US soldiers hurt",
        "key_points": [1, 3],
        "events": [raid, strike],
        "claims": [],  # S14 "The United States has about 2,500 troops" has no reporting verb: no claim
    }
    d.update(changes)
    return d
