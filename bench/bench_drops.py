"""What the trust checks dropped, corrected or filled in real model output, counted by reason.

Reads the predictions a run saved (``bench_embedded.py`` keeps them in its ``--save-pred``
folder) and groups every repair recorded on an item and every line of ``meta.warnings`` by
what was done, to which field, and why, with the values taken out (so "injured=59" and
"injured=3" count as one reason). Writes results_drops_<name>.json.

    python bench/bench_drops.py [--pred DIR] [--name embedded]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from bench_embedded import PREDS
from common import machine, save

_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|‹[^›]*›")
_INDEX = re.compile(r"\[\d+\]|\be\d+\b|\bS\d+\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_PAREN = re.compile(r"\(([a-z_]+)\)")  # "events[0] (attack)": the event's type


def reason(line: str) -> str:
    """A warning or repair reason with its values, indices and event types taken out."""
    s = _QUOTED.sub("…", line)
    s = _INDEX.sub("#", s)
    s = _PAREN.sub("(type)", s)
    s = _NUMBER.sub("N", s)
    s = re.sub(r"=\S+", "=…", s)
    return re.sub(r"\s+", " ", s).strip()[:160]


def _item_repairs(pred: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for kind in ("events", "claims", "key_points"):
        for item in pred.get(kind) or []:
            if isinstance(item, dict):
                for r in item.get("repairs") or []:
                    out.append((f"{kind}.{r.get('field')}", reason(str(r.get("why", "")))))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pred", type=Path, default=PREDS, help="a folder of saved predictions (<id>.json)")
    ap.add_argument("--name", default="embedded", help="results file suffix")
    a = ap.parse_args()
    preds = sorted(p for p in a.pred.glob("*.json"))
    if not preds:
        print(f"no predictions in {a.pred}", file=sys.stderr)
        return 2
    warnings: Counter[str] = Counter()
    repairs: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    shown = Counter[str]()
    for p in preds:
        pred = json.loads(p.read_text(encoding="utf-8"))
        for kind in ("key_points", "events", "claims", "timeline"):
            shown[kind] += len(pred.get(kind) or [])
        for line in (pred.get("meta") or {}).get("warnings") or []:
            key = reason(line)
            warnings[key] += 1
            if len(examples[key]) < 2:
                examples[key].append(f"{p.stem}: {line[:240]}")
        for field_, why in _item_repairs(pred):
            repairs[f"{field_}: {why}"] += 1
    result = {
        "machine": machine(), "command": " ".join(["python", *sys.argv]), "predictions": str(a.pred),
        "articles": len(preds), "items_shown": dict(shown),
        "warnings_total": sum(warnings.values()), "repairs_total": sum(repairs.values()),
        "warnings_by_reason": [{"reason": k, "count": n, "examples": examples[k]} for k, n in warnings.most_common()],
        "repairs_by_field_and_reason": [{"reason": k, "count": n} for k, n in repairs.most_common()],
    }
    save(f"drops_{a.name}", result)
    for k, n in warnings.most_common(25):
        print(f"{n:>4}  {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
