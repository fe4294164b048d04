"""Check the conflicts_holdout15 cases: shape, ids, dates, verbatim evidence and the planned make-up.

Run: python3 bench/conflicts_holdout15/validate.py (the checks are in bench/holdout_check.py)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from holdout_check import check  # noqa: E402

if __name__ == "__main__":
    sys.exit(check(HERE, "s", cases=24, conflict_cases=13, free=11,
                   kinds={'numeric': 4, 'temporal': 3, 'contradiction': 2, 'attribution': 2, 'update': 2},
                   by_articles={1: 6, 2: 15, 3: 3}))
