"""Check the conflicts_holdout10 cases with holdout9's checker (the same checks): shape, ids, dates, verbatim evidence.

Run: python3 bench/conflicts_holdout10/validate.py
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("holdout9_validate",
                                               os.path.join(HERE, "..", "conflicts_holdout9", "validate.py"))
assert _spec is not None and _spec.loader is not None
checker = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(checker)
checker.HERE = HERE  # its main() reads the cases of the folder HERE names

if __name__ == "__main__":
    sys.exit(checker.main())
