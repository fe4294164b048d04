"""The evaluation report: scores, per-stage losses and run costs, as a table or JSON."""

from __future__ import annotations

import json
from typing import Any

__all__ = ["to_json", "to_table"]


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=1, ensure_ascii=False) + "\n"


def _f(x: Any) -> str:
    if x is None:
        return "n/a"
    return f"{x:.3f}" if isinstance(x, float) else str(x)


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f} %"


def to_table(report: dict[str, Any]) -> str:
    lines = [f"gold: {report['gold_dir']}  docs={report['n_gold_docs']}  "
             f"missing predictions={len(report['missing_predictions'])}"]
    if report.get("model"):
        lines.append(f"model: {report['model']}  prompt: {report.get('prompt') or 'n/a'}")
    if "events" in report:
        e, st = report["events"], report["events"]["stages"]
        lines += [
            "",
            f"EVENTS (MUC-4)  docs={e['docs']} gold={e['gold']} pred={e['pred_incident']} (all {e['pred_all']}) "
            f"tp={e['tp']}",
            f"  P={_f(e['precision'])} R={_f(e['recall'])} F1={_f(e['f1'])}   "
            f"| P_all={_f(e['precision_all'])} F1_all={_f(e['f1_all'])}",
            f"  matched: date_acc={_f(e['date_acc'])} (n={e['date_n']}) killed_acc={_f(e['killed_acc'])} "
            f"(n={e['killed_n']}) injured_acc={_f(e['injured_acc'])} (n={e['injured_n']}) "
            f"location_f1={_f(e['location_f1'])} (n={e['location_n']})",
            "  losses by stage:",
            f"    extraction     {st['extraction']['gold_missed']} required gold incidents not found; "
            f"{st['extraction']['date_missing']} matched without a date",
            f"    normalization  {st['normalization']['date_unresolved']} dates left unresolved, "
            f"{st['normalization']['date_wrong']} resolved outside the gold range",
            f"    figures        {st['figures']['missing']} casualty counts missing, {st['figures']['wrong']} wrong",
            f"    precision      {st['precision']['spurious_incidents']} incident events match no gold incident",
        ]
    if "timexes" in report:
        t, st = report["timexes"], report["timexes"]["stages"]
        lines += [
            "",
            f"TIMEXES (TempEval-3)  docs={t['docs']} gold_DATE={t['gold_date_timexes']} "
            f"concrete={t['gold_concrete']} timerefs={t['timerefs']} matched={t['matched']} "
            f"(+{t['matched_nonconcrete']} non-concrete)",
            f"  coverage={_f(t['coverage'])} accuracy={_f(t['accuracy'])}"
            + (f"   (events and claims alone: coverage={_f(t['items_only']['coverage'])} "
               f"accuracy={_f(t['items_only']['accuracy'])})" if "items_only" in t else ""),
            "  losses by stage:",
            f"    extraction     {st['extraction']['gold_not_in_any_timeref']} concrete gold timexes in no TimeRef",
            f"    normalization  {st['normalization']['unresolved']} matched TimeRefs unresolved, "
            f"{st['normalization']['wrong_value']} with the wrong value",
            f"    precision      {st['precision']['timerefs_not_gold']} TimeRefs are not gold DATE timexes",
        ]
    if "claims" in report:
        c, st = report["claims"], report["claims"]["stages"]
        lines += [
            "",
            f"CLAIMS (PolNeAR)  docs={c['docs']} gold={c['gold']} pred={c['pred']} tp={c['tp']}",
            f"  P={_f(c['precision'])} R={_f(c['recall'])} F1={_f(c['f1'])} source_acc={_f(c['source_acc'])} "
            f"(pronoun gold sources among matched: {c['pronoun_sources']}, accepted for any non-empty source)",
            "  losses by stage:",
            f"    extraction     {st['extraction']['gold_not_under_evidence']} gold contents under no predicted "
            "evidence",
            f"    alignment      {st['alignment']['gold_under_evidence_unmatched']} under some evidence but "
            "token-F1 < 0.5 (or taken by a better match)",
            f"    attribution    {st['attribution']['source_wrong']} matched claims with the wrong source",
            f"    precision      {st['precision']['spurious_claims']} predicted claims match no gold attribution",
        ]
    g = report["grounding"]
    lines += ["", f"GROUNDING  spans={g['spans']} grounded={g['grounded']} rate={_f(g['rate'])} "
                  f"article_text_mismatch={g['article_text_mismatch']}"]
    sup = report.get("support")
    if sup:
        lines += [f"SUPPORT  values={sup['values']} supported={sup['supported']} rate={_f(sup['rate'])} "
                  f"(derived, not judged: {sup['derived_not_judged']})"]
        lines += [f"  {k:<18} {v['supported']}/{v['values']}" for k, v in sup["by_field"].items()
                  if v["supported"] < v["values"]]
    r = report.get("runs")
    if r and r["articles"]:
        lines += [
            "",
            f"RUNS  articles={r['articles']} run={r['run']} reused={r['reused']} given={r['given']} "
            f"failed={r['failed']}",
            f"  per article: llm_calls={_f(r['llm_calls_per_article'])} "
            f"prompt_tokens={_f(r['prompt_tokens_per_article'])} "
            f"completion_tokens={_f(r['completion_tokens_per_article'])} seconds median={_f(r['seconds_median'])} "
            f"mean={_f(r['seconds_mean'])}",
            f"  first attempt valid={_pct(r['first_attempt_valid'])} (schema-valid "
            f"{_pct(r['first_attempt_schema_valid'])}) re-asked={_pct(r['reask_rate'])}",
            *(f"  failed: {e}" for e in r["errors"]),
        ]
    o = report["overall"]
    lines += ["", f"OVERALL events_f1={_f(o['events_f1'])} claims_f1={_f(o['claims_f1'])} "
                  f"timex_acc={_f(o['timex_acc'])} grounding={_f(o['grounding'])}"
                  + (f" support={_f(o['support'])}" if o.get("support") is not None else "")]
    return "\n".join(lines) + "\n"
