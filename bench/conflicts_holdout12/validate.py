"""Check the conflicts_holdout12 cases: shape, ids, dates, verbatim evidence and the planned make-up.

Run: python3 bench/conflicts_holdout12/validate.py (the checks are in bench/holdout_check.py)
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from holdout_check import check  # noqa: E402

if __name__ == "__main__":
    sys.exit(check(HERE, "p", cases=40, conflict_cases=22, free=18,
                   kinds={'numeric': 6, 'temporal': 4, 'contradiction': 5, 'attribution': 4, 'update': 3},
                   by_articles={1: 9, 2: 25, 3: 6}))
