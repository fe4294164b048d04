"""Quotations in single quotes ('We will rebuild,' said X; ‘…’), read as double-quoted ones.

British and many wire styles quote with single marks. ``double_quoted`` rewrites the marks that
open and close a quotation as “ ”, one character for one, so offsets still index the original
text; apostrophes inside words ("city's", "don't") and after plurals ("workers' rights") stay.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["double_quoted"]

_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))['‘](?=[A-Za-z0-9])")
# a close after punctuation ("…ransom,' said"), or after a word when punctuation or the end follows ("'stability'.")
_CLOSE = re.compile(r"(?<=[.,!?])['’](?![A-Za-z0-9])|(?<=[A-Za-z0-9])['’](?=[.,;:!?)\]]|\s*$)")
_LONGEST = 1200  # characters one quotation may span


# pure, and reconcile asks twice: an article's text for its attributions (find_attributions) and its quotes
# (speakers.quoted), each sentence in quotes() of the article pass and of the story pass
@lru_cache(maxsize=256)
def double_quoted(text: str) -> str:
    """``text`` with single-quote quotation marks as “ ”, the same length; unchanged when it has none."""
    if "'" not in text and "‘" not in text:
        return text
    chars = list(text)
    at = 0
    while (o := _OPEN.search(text, at)) is not None:
        c = _CLOSE.search(text, o.end())
        if c is None or c.start() - o.end() > _LONGEST or "\n\n" in text[o.end():c.start()]:
            at = o.end()  # no close before the paragraph ends: an apostrophe, not a quotation
            continue
        chars[o.start()], chars[c.start()] = "“", "”"
        at = c.end()
    return "".join(chars)
