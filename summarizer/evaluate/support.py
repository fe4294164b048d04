"""Support: the share of shown values (not only spans) that the article itself supports.

Judged independently of the pipeline's filters (summarizer/verify.py): plain case-folded
substring and number matching over the output dict, so a filter that lets an invented value
through is caught here. A value counts as supported when
- a short value (place, country, actor, casualty group, date text, claim source) occurs in the article;
- a casualty count occurs as a number (digits or a number word) in the item's evidence;
- prose (headline, key point, event description) has every capitalized name and every number in
  the article (key points and descriptions: in their evidence).
Values code marked as derived (``location.derived``) are counted apart, not judged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..prepare.casualties import casualty_figures
from ..prepare.sentences import split_sentences
from .tally import Tally, as_dict, as_list, dicts, ratio

__all__ = ["SupportTally"]

_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
               "hundred": 100, "dozen": 12})
_CAP = re.compile(r"(?<![\w'’-])[A-Z][\w’'-]*")
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SMALL = {"the", "a", "an", "in", "on", "at", "of", "and", "for", "to", "by", "with", "as", "after", "from"}


def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    return " ".join(s.lower().split())


def _numbers(s: str) -> set[float]:
    out = {float(m.group(0).replace(",", "")) for m in _NUM.finditer(s) if m.group(0).replace(",", "")[:1].isdigit()}
    low = _norm(s)
    out |= {float(v) for w, v in _WORDS.items() if re.search(rf"\b{w}\b", low)}
    return out


def _word_in(word: str, text: str) -> bool:
    w = _norm(word).strip("'.-")
    w = re.sub(r"'s$", "", w)
    if len(w) < 2:
        return True
    return bool(re.search(rf"\b{re.escape(w[:max(3, len(w) - 2)])}", text))


def _prose_ok(prose: str, text: str) -> bool:
    t = _norm(text)
    for m in _CAP.finditer(prose):
        before = prose[:m.start()].rstrip()
        if not before or before[-1] in ".!?:;\"(" or m.group(0).lower() in _SMALL:
            continue
        if not all(_word_in(part, t) for part in m.group(0).split("-") if part[:1].isupper()):
            return False
    have = _numbers(text)
    return all(n in have for n in _numbers(prose) if not 1900 <= n <= 2100 or n in have)


@dataclass
class SupportTally(Tally):
    values: int = 0
    supported: int = 0
    derived: int = 0
    by_field: dict[str, list[int]] = field(default_factory=dict)  # field -> [values, supported]
    unsupported: list[str] = field(default_factory=list)

    def merge(self, other: "SupportTally") -> None:  # type: ignore[override]
        self.values += other.values
        self.supported += other.supported
        self.derived += other.derived
        for k, (n, ok) in other.by_field.items():
            row = self.by_field.setdefault(k, [0, 0])
            row[0] += n
            row[1] += ok
        self.unsupported += other.unsupported

    def _judge(self, name: str, value: Any, ok: bool, doc_id: str) -> None:
        self.values += 1
        self.supported += ok
        row = self.by_field.setdefault(name, [0, 0])
        row[0] += 1
        row[1] += ok
        if not ok and len(self.unsupported) < 50:
            self.unsupported.append(f"{doc_id} {name}: {value!r}")

    def add(self, doc_id: str, text: str, pred: dict[str, Any]) -> None:
        low = _norm(text)
        within = lambda v: isinstance(v, str) and _norm(v) in low  # noqa: E731
        head = pred.get("headline")
        if isinstance(head, str) and head.strip():
            self._judge("headline", head, _prose_ok(head, text), doc_id)
        for kp in dicts(pred.get("key_points")):
            self._judge("key_point", kp.get("text"), _prose_ok(str(kp.get("text") or ""), _evidence(kp, text)),
                        doc_id)
        for ev in dicts(pred.get("events")):
            ev_text = _evidence(ev, text)
            if isinstance(ev.get("description"), str):
                self._judge("event.description", ev["description"], _prose_ok(ev["description"], ev_text), doc_id)
            loc = as_dict(ev.get("location"))
            derived = as_list(loc.get("derived"))
            if loc.get("text"):
                self._judge("event.where", loc["text"], within(loc["text"]), doc_id)
            if loc.get("country"):
                if "country" in derived:
                    self.derived += 1
                else:
                    self._judge("event.country", loc["country"], within(loc["country"]), doc_id)
            for a in dicts(ev.get("actors")):
                self._judge("event.actor", a.get("name"), within(a.get("name")), doc_id)
            date = as_dict(ev.get("date"))
            if date.get("text"):
                self._judge("event.when", date["text"], within(date["text"]), doc_id)
            # written numbers, and one person the text counts by grammar ("killed a senior leader")
            have = _numbers(ev_text) | {f.value for f in casualty_figures(split_sentences(ev_text))}
            for c in dicts(ev.get("casualties")):
                if c.get("group") and c["group"] != "people":
                    self._judge("event.group", c["group"], within(c["group"]), doc_id)
                for k in ("killed", "injured"):
                    v = c.get(k)
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        self._judge(f"event.{k}", v, float(v) in have, doc_id)
        for cl in dicts(pred.get("claims")):
            src = as_dict(cl.get("source"))
            if src.get("name"):
                self._judge("claim.source", src["name"], within(src["name"]), doc_id)
            if isinstance(cl.get("content"), str):
                self._judge("claim.content", cl["content"], within(cl["content"]), doc_id)

    def result(self) -> dict[str, Any]:
        return {"values": self.values, "supported": self.supported, "rate": ratio(self.supported, self.values),
                "derived_not_judged": self.derived,
                "by_field": {k: {"values": n, "supported": ok, "rate": ratio(ok, n)}
                             for k, (n, ok) in sorted(self.by_field.items())},
                "unsupported": self.unsupported}


def _evidence(item: dict[str, Any], text: str) -> str:
    spans = [sp for sp in dicts(item.get("evidence")) if isinstance(sp.get("start"), int)
             and isinstance(sp.get("end"), int)]
    return " ".join(text[sp["start"]:sp["end"]] for sp in spans) or text
