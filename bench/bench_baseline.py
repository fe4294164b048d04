"""Quality on the dev corpus with no model: the scripted stand-in (summarizer/testing/scripted_model.py) answers.

It cites every sentence with a casualty figure as an attack and every other dated
sentence as a report, with no actors and no claims, so its scores are what the code
around the model reaches alone: claims come only from the code-found attributions,
dates only from the code's normalizer. Any model should beat it.

    python bench/bench_baseline.py [--format json]
"""

from __future__ import annotations

import argparse
import sys

from common import DEV, machine, save, scripted

from summarizer.evaluate import evaluate, to_json, to_table


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", choices=("table", "json"), default="table")
    a = ap.parse_args()
    server, settings = scripted()
    report = evaluate(DEV, settings=settings)
    server.stop()
    report.pop("per_doc")
    save("baseline", {"machine": machine(), **report})
    sys.stdout.write(to_json(report) if a.format == "json" else to_table(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
