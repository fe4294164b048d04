"""A run's digest (``batch.digest``'s dict) as Markdown."""

from __future__ import annotations

from typing import Any

from .reconciliation import value_text

__all__ = ["digest_markdown"]


def digest_markdown(d: dict[str, Any]) -> str:
    run, c = d["run"], d["counts"]
    when = f" ({run['created_at'][:16].replace('T', ' ')} UTC)" if run.get("created_at") else ""
    lines = [f"# Digest: run {run.get('id')}{when}",
             f"{c['articles']} articles · {c['summarized']} summarized · {c['failed']} failed · {c['stories']} stories"]
    for n, st in enumerate(d["stories"], 1):
        span = st["start"] if not st.get("end") or st["end"] == st["start"] else f"{st['start']} – {st['end']}"
        meta = " · ".join(x for x in (span, ", ".join(st["places"][:3])) if x)
        lines += ["", f"## {n}. {_cut(st['title'], 200)}"] + ([meta] if meta else [])
        arts = ", ".join(a["id"] for a in st["articles"])
        copies = ", ".join(f"{k} (copy of {v})" if v else k for k, v in st["duplicates"].items())
        lines.append(f"_articles: {arts}" + (f"; duplicates: {copies}" if copies else "") + "_")
        if st["events"]:
            lines += ["", "**Events**"] + [f"- {_event(e)}" for e in st["events"]]
        if st["key_claims"]:
            lines += ["", "**Key claims**"]
            for cl in st["key_claims"]:
                q = '"' if cl["direct_quote"] and cl["content"][:1] not in "\"“'‘" else ""
                lines.append(f"- {_cut(cl['source']['canonical'], 120)}: {q}{_cut(cl['content'], 200)}{q} "
                             f"[{cl['article']}]")
        if st["conflicts"]:
            lines += ["", "**Conflicts**"]
            for cf in st["conflicts"]:
                sides = "; ".join(f"{s['source']} [{s['article']}]: {value_text(s['value'])}" for s in cf["sides"]
                                  if s.get("value") is not None)
                lines.append(f"- {cf['kind']} ({cf['severity']}): {_cut(cf['summary'])}"
                             + (f" — {_cut(sides)}" if sides else ""))
    if d["failed"]:
        lines += ["", "## Failed articles"] + [f"- {f['id']} ({f['source']}): {_cut(f['error'])}" for f in d["failed"]]
    if d["warnings"]:
        lines += ["", "## Warnings"] + [f"- {w}" for w in d["warnings"]]
    return "\n".join(lines) + "\n"


def _event(e: dict[str, Any]) -> str:
    bits = [f"**{e['type']}**"]
    if e.get("date"):
        t = e["date"]
        bits.append(f"{t['text']} ({t['start']})" if t.get("start") else t["text"])
    if e.get("location"):
        bits.append(e["location"])
    toll = [f"{e[k]} {k}" for k in ("killed", "injured") if e.get(k) is not None]
    return (" — ".join(_cut(b, 200) for b in bits) + f": {_cut(e['description'])}"
            + (f" ({', '.join(toll)})" if toll else "")
            + f" [{', '.join(e['articles'])}]")


def _cut(s: str, n: int = 400) -> str:
    """One line (hard-wrapped wire copy unwrapped), at most ``n`` characters."""
    s = " ".join(str(s).split())
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"
