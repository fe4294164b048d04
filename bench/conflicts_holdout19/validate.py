"""Check the conflicts_holdout19 cases: shape, ids, dates, verbatim evidence and the planned make-up.

Run: python3 bench/conflicts_holdout19/validate.py (the checks are in bench/holdout_check.py)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from holdout_check import check  # noqa: E402

if __name__ == "__main__":
    sys.exit(check(HERE, "x", cases=30, conflict_cases=16, free=14,
                   kinds={'numeric': 4, 'temporal': 3, 'contradiction': 3, 'attribution': 3, 'update': 3},
                   by_articles={1: 8, 2: 19, 3: 3}))
