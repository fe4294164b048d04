"""Load: one article from a file, stdin or a caller (``article``); a batch's inputs (``inputs``)."""
