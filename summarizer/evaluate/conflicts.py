"""The ``conflicts`` task: gold cases of one or several articles, scored on the conflicts found (docs/eval.md).

A case's prediction is the conflicts the summarizer reports: ``article_conflicts`` for one
article, ``reconcile`` for several. Without a model the summaries hold no events or claims,
so only the statements code finds in the text speak (``mode="text"``); with an LLM each
article is summarized first; with ``pred_dir`` the conflicts come from ``<case id>.json``.

A predicted conflict matches a gold one when its sides' evidence covers every gold
evidence text. Scores: detection P/R/F1 over conflicts, the same per case (any conflict
or none), kind accuracy of matched conflicts, evidence overlap (the share of gold
evidence characters the matched prediction covers) and the false-alarm rate (conflict-free
cases with a reported conflict).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import InputError
from ..reconcile import article_conflicts, reconcile
from ..schema import Article, ArticleSummary
from .tally import ratio

__all__ = ["ConflictCase", "load_cases", "predict_conflicts", "score_conflicts"]

KINDS = ("numeric", "temporal", "contradiction", "attribution", "update")


@dataclass(frozen=True)
class ConflictCase:
    id: str
    articles: list[Article]
    gold: list[dict[str, Any]]  # [{"kind": ..., "evidence": [text, ...]}]
    path: Path


def _article(path: Path, k: int, obj: Any) -> Article:
    if not (isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip()):
        raise InputError(f"{path}: articles[{k}] needs a non-empty \"text\"")
    return Article(id=str(obj.get("id") or f"a{k + 1}"), text=obj["text"], published=obj.get("published"),
                   source=obj.get("source"), title=obj.get("title"))


def _read_case(path: Path) -> ConflictCase:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: cannot read the case ({e})") from None
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not isinstance(obj.get("articles"), list) \
            or not obj["articles"] or not isinstance((obj.get("gold") or {}).get("conflicts"), list):
        raise InputError(f"{path}: not a conflicts case (needs \"id\", \"articles\": [...] and "
                         "\"gold\": {\"conflicts\": [...]}; see docs/eval.md)")
    articles = [_article(path, k, a) for k, a in enumerate(obj["articles"])]
    if len({a.id for a in articles}) != len(articles):
        raise InputError(f"{path}: two articles share an id")
    gold = []
    for k, c in enumerate(obj["gold"]["conflicts"]):
        if not (isinstance(c, dict) and c.get("kind") in KINDS and isinstance(c.get("evidence"), list)
                and all(isinstance(e, str) and e for e in c["evidence"])):
            raise InputError(f"{path}: gold.conflicts[{k}] needs \"kind\" (one of {', '.join(KINDS)}) "
                             "and \"evidence\": [text, ...]")
        gold.append(c)
    return ConflictCase(id=obj["id"], articles=articles, gold=gold, path=path)


def load_cases(folder: str | Path, limit: int | None = None) -> list[ConflictCase]:
    """The conflicts cases in ``folder`` (files with ``"tasks": ["conflicts"]`` or an ``articles`` list), by id."""
    root = Path(folder)
    if not root.is_dir():
        raise InputError(f"{root}: not a directory of gold files")
    cases: dict[str, ConflictCase] = {}
    for path in sorted(root.glob("*.json")):
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            raise InputError(f"{path}: cannot read the case ({e})") from None
        if not (isinstance(head, dict) and ("conflicts" in (head.get("tasks") or []) or "articles" in head)):
            continue
        case = _read_case(path)
        if case.id in cases:
            raise InputError(f"{path}: id {case.id!r} is also used by {cases[case.id].path.name}")
        cases[case.id] = case
    if not cases:
        raise InputError(f"{root}: no conflicts cases (*.json with \"articles\")")
    chosen = [c for _, c in sorted(cases.items())]
    return chosen[:limit] if limit else chosen


def predict_conflicts(case: ConflictCase, summarize: Callable[[Article], ArticleSummary] | None = None,
                      llm: Any = None) -> list[dict[str, Any]]:
    """The conflicts the summarizer reports for ``case`` (as dicts); ``summarize`` None = the text alone."""
    summaries = [summarize(a) if summarize else ArticleSummary(article=a) for a in case.articles]
    if len(summaries) == 1:
        return [c.model_dump() for c in article_conflicts(summaries[0])]
    return [c.model_dump() for c in reconcile(summaries, llm=llm).conflicts]


def _spans(case: ConflictCase, conflict: dict[str, Any]) -> list[tuple[str, int, int]]:
    out = []
    for sd in conflict.get("sides") or []:
        if not isinstance(sd, dict):
            continue
        for sp in sd.get("evidence") or []:
            if isinstance(sp, dict) and isinstance(sp.get("start"), int) and isinstance(sp.get("end"), int):
                out.append((str(sd.get("article", "")), sp["start"], sp["end"]))
    return out


def _gold_spans(case: ConflictCase, text: str) -> list[tuple[str, int, int]]:
    out = []
    for a in case.articles:
        at = a.text.find(text)
        while at >= 0:  # every occurrence: a short evidence text may stand twice
            out.append((a.id, at, at + len(text)))
            at = a.text.find(text, at + 1)
    return out


def _coverage(case: ConflictCase, gold: dict[str, Any], spans: list[tuple[str, int, int]]) -> tuple[bool, float]:
    """(every gold evidence text is touched by a predicted span, share of gold characters covered)."""
    touched, covered, total = True, 0, 0
    for text in gold["evidence"]:
        places = _gold_spans(case, text)
        best = 0
        for aid, s, e in places:
            for pa, ps, pe in spans:
                if pa == aid or not pa:
                    best = max(best, max(0, min(e, pe) - max(s, ps)))
        touched &= best > 0
        covered += best
        total += len(text)
    return touched, covered / total if total else 0.0


@dataclass
class _Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    case_tp: int = 0
    case_fp: int = 0
    case_fn: int = 0
    clean: int = 0
    false_alarms: int = 0
    kind_right: int = 0
    overlap: float = 0.0
    per_case: list[dict[str, Any]] = field(default_factory=list)


def score_conflicts(cases: list[ConflictCase], preds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    t = _Tally()
    for case in cases:
        pred = [c for c in preds.get(case.id) or [] if isinstance(c, dict)]
        used: set[int] = set()
        matched = []
        for g in case.gold:
            best = None
            for k, p in enumerate(pred):
                if k in used:
                    continue
                touched, cov = _coverage(case, g, _spans(case, p))
                if touched and (best is None or (p.get("kind") == g["kind"], cov) > best[0]):
                    best = ((p.get("kind") == g["kind"], cov), k)
            if best is not None:
                used.add(best[1])
                matched.append((g, pred[best[1]], best[0][1]))
        # predictions restating a matched one (same evidence) are not false positives
        extra = [k for k, p in enumerate(pred) if k not in used and not any(
            _coverage(case, g, _spans(case, p))[0] for g in case.gold)]
        t.tp += len(matched)
        t.fn += len(case.gold) - len(matched)
        t.fp += len(extra)
        t.kind_right += sum(1 for g, p, _ in matched if p.get("kind") == g["kind"])
        t.overlap += sum(cov for _, _, cov in matched)
        has_gold, has_pred = bool(case.gold), bool(pred)
        t.case_tp += has_gold and has_pred
        t.case_fp += has_pred and not has_gold
        t.case_fn += has_gold and not has_pred
        if not has_gold:
            t.clean += 1
            t.false_alarms += has_pred
        t.per_case.append({"id": case.id, "gold": [g["kind"] for g in case.gold],
                           "predicted": [p.get("kind") for p in pred], "matched": len(matched),
                           "false_positives": len(extra)})
    precision, recall = ratio(t.tp, t.tp + t.fp), ratio(t.tp, t.tp + t.fn)
    case_precision, case_recall = ratio(t.case_tp, t.case_tp + t.case_fp), ratio(t.case_tp, t.case_tp + t.case_fn)
    return {
        "cases": len(cases), "gold_conflicts": t.tp + t.fn, "predicted_unmatched": t.fp,
        "detection": {"precision": precision, "recall": recall, "f1": _f1(precision, recall),
                      "tp": t.tp, "fp": t.fp, "fn": t.fn},
        "case_detection": {"precision": case_precision, "recall": case_recall, "f1": _f1(case_precision, case_recall)},
        "kind_accuracy": ratio(t.kind_right, t.tp),
        "evidence_overlap": round(t.overlap / t.tp, 3) if t.tp else None,
        "false_alarm_rate": ratio(t.false_alarms, t.clean), "conflict_free_cases": t.clean,
        "per_case": t.per_case,
    }


def _f1(p: float | None, r: float | None) -> float | None:
    return round(2 * p * r / (p + r), 3) if p and r else (0.0 if p is not None and r is not None else None)


def read_predictions(folder: Path, cases: list[ConflictCase]) -> dict[str, list[dict[str, Any]]]:
    """``folder/<case id>.json``: a list of conflicts, or an object with ``conflicts``; missing = none."""
    out: dict[str, list[dict[str, Any]]] = {}
    for case in cases:
        path = folder / f"{case.id}.json"
        try:
            obj = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            obj = []
        out[case.id] = obj if isinstance(obj, list) else ((obj.get("conflicts") or []) if isinstance(obj, dict) else [])
    return out


def evaluate_conflicts(gold_dir: str | Path, *, pred_dir: str | Path | None = None,
                       summarize: Callable[[Article], ArticleSummary] | None = None, llm: Any = None,
                       limit: int | None = None) -> dict[str, Any]:
    """Score the cases in ``gold_dir``: from ``pred_dir``, or predicted now (the text alone without ``summarize``)."""
    cases = load_cases(gold_dir, limit)
    if pred_dir is not None:
        folder = Path(pred_dir)
        if not folder.is_dir():
            raise InputError(f"{folder}: not a directory of predictions")
        preds = read_predictions(folder, cases)
        mode = "pred"
    else:
        preds = {c.id: predict_conflicts(c, summarize, llm) for c in cases}
        mode = "model" if summarize else "text"
    return {"gold_dir": str(gold_dir), "task": "conflicts", "mode": mode, **score_conflicts(cases, preds)}


def conflicts_table(report: dict[str, Any]) -> str:
    """The conflicts scores as a short text table, then the cases that went wrong."""
    def f(v: Any) -> str:
        return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)
    d, c = report["detection"], report["case_detection"]
    lines = [f"conflicts  {report['cases']} cases ({report['conflict_free_cases']} conflict-free), "
             f"mode {report['mode']}",
             f"detection       P {f(d['precision'])}  R {f(d['recall'])}  F1 {f(d['f1'])}  "
             f"(tp {d['tp']}, fp {d['fp']}, fn {d['fn']})",
             f"case detection  P {f(c['precision'])}  R {f(c['recall'])}  F1 {f(c['f1'])}",
             f"kind accuracy   {f(report['kind_accuracy'])}",
             f"evidence overlap {f(report['evidence_overlap'])}",
             f"false alarms    {f(report['false_alarm_rate'])}"]
    wrong = [p for p in report["per_case"] if p["matched"] < len(p["gold"]) or p["false_positives"]
             or (not p["gold"] and p["predicted"])]
    if wrong:
        lines.append("missed or false:")
        lines += [f"  {p['id']}: gold {p['gold'] or 'none'}, predicted {p['predicted'] or 'none'}" for p in wrong]
    return "\n".join(lines) + "\n"
