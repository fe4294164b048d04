"""Claims against PolNeAR attributions.

A predicted claim matches a gold attribution when the token-F1 of its evidence against
the gold content span, or of its content text against the gold content, is at least 0.5;
greedy, one to one. Source accuracy over matched pairs (a gold pronoun accepts any
source). Losses: gold content under no predicted evidence (extraction); under some
evidence but unmatched (alignment); wrong source (attribution).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .gold import GoldDoc
from .tally import Tally, dicts, f1, one_to_one, ratio, spans_of
from .tokens import PRONOUNS, bag_f1, content_tokens, norm_text, set_f1, token_starts, tokens

__all__ = ["ClaimTally"]


@dataclass
class ClaimTally(Tally):
    docs: int = 0
    gold: int = 0
    pred: int = 0
    tp: int = 0
    source_n: int = 0
    source_ok: int = 0
    pronoun_sources: int = 0
    not_extracted: int = 0  # gold content under no predicted evidence (extraction)
    misaligned: int = 0  # under some evidence, yet no match (alignment)
    spurious: int = 0  # predicted claims matching no gold attribution

    def add(self, doc: GoldDoc, pred: dict[str, Any]) -> None:
        text = doc.text
        golds = doc.gold["claims"]
        preds = dicts(pred.get("claims"))
        frags = [g.get("content_fragments") or [g["content_span"]] for g in golds]
        gold_pos = [set().union(*(token_starts(text, s, e) for s, e in f)) for f in frags]
        gold_bag = [[t for s, e in f for t in tokens(text[s:e])] for f in frags]
        pred_pos: list[set[int]] = []
        ranked = []
        for i, p in enumerate(preds):
            positions = [token_starts(text, max(0, s), min(len(text), e)) for s, e in spans_of(p)]
            if len(positions) > 1:
                positions.append(set().union(*positions))
            pred_pos.append(set().union(*positions))
            bag = tokens(p.get("content"))
            for j in range(len(golds)):
                best = max([set_f1(ps, gold_pos[j]) for ps in positions] + [bag_f1(bag, gold_bag[j])])
                if best >= 0.5:
                    ranked.append((-best, i, j))
        matched = one_to_one((i, j) for _, i, j in sorted(ranked))
        hit_g = {j for _, j in matched}
        self.docs += 1
        self.gold += len(golds)
        self.pred += len(preds)
        self.tp += len(matched)
        self.spurious += len(preds) - len(matched)
        for j in range(len(golds)):
            if j not in hit_g:
                if any(pos & gold_pos[j] for pos in pred_pos):
                    self.misaligned += 1
                else:
                    self.not_extracted += 1
        for i, j in matched:
            self._source(preds[i], golds[j])

    def _source(self, p: dict[str, Any], g: dict[str, Any]) -> None:
        src = p.get("source")
        if isinstance(src, str):
            names = [src]
        else:
            src = src if isinstance(src, dict) else {}
            names = [str(src.get("name") or ""), str(src.get("canonical") or "")]
        pronoun = g.get("source_is_pronoun", norm_text(g["source"]) in PRONOUNS)
        if pronoun:
            self.pronoun_sources += 1
            ok = any(n.strip() for n in names)
        else:
            want = content_tokens(g["source"])
            ok = any(content_tokens(n) & want for n in names)
        self.source_n += 1
        self.source_ok += ok

    def result(self) -> dict[str, Any]:
        p, r = ratio(self.tp, self.pred), ratio(self.tp, self.gold)
        return {
            "docs": self.docs, "gold": self.gold, "pred": self.pred, "tp": self.tp,
            "precision": p, "recall": r, "f1": f1(p, r), "source_acc": ratio(self.source_ok, self.source_n),
            "pronoun_sources": self.pronoun_sources,
            "stages": {
                "extraction": {"gold_not_under_evidence": self.not_extracted},
                "alignment": {"gold_under_evidence_unmatched": self.misaligned},
                "attribution": {"source_wrong": self.source_n - self.source_ok},
                "precision": {"spurious_claims": self.spurious},
            },
        }
