"""Check that every measured figure in BENCHMARKS.md and README.md has a committed results file behind it.

    python bench/check_figures.py [--root DIR] [--strict] [FILE ...]

Exits 1 with one line per unbacked figure (file:line, section, the figure, its context) and a summary
line; 0 when every figure is backed. Issue 16: "a check in bench/ fails when a BENCHMARKS figure has no
results file behind it".

Sections and citations. A section is a heading and the lines up to the next heading; a ``###`` section
also has its ``##`` parent's citations. A section cites every results file it names anywhere, code
blocks included: ``results_NAME.json|.jsonl|.md`` (with or without ``bench/``), ``..._SUFFIX.json`` (the
previous citation's name + ``_SUFFIX``), ``results_<set>_firstlook.json`` (``<...>`` is a wildcard) and
``results_NAME.json@COMMIT`` (the file as committed at COMMIT, for a figure whose file was re-measured
since). Its figures are checked against those files only. A section that cites none is checked against
every ``bench/results_*`` file and listed in the summary. A citation that names no file is an error.

What counts as a figure (after dropping code blocks, inline code, link targets, HTML comments, headings
and dates): a number not glued to a word ("qwen2.5", "a174434", "muc4-dev-0013", "1-minute" are not
figures), not a version ("3.11.7"), not after a comparison (``≤ ≥ < >``: targets), not after "section",
"issue" or "§", that is (a) written with decimals, (b) followed by a unit (``% ms s min minutes seconds
MiB GiB MB GB tokens calls /s art/s articles/s ×``), (c) either side of "of" ("37 of 38", also backed
by a file holding 37 / 38), or (d) in a table cell other than the first (the row's label). A range or
chain ("3.4–3.9 s", "0.7 / 1.7 ms", "1,095 + 390 tokens", "1.8 → 1.2 ms") shares its last member's unit.

Matching. A file backs a figure when it holds a number that rounds to it at the figure's precision
(0.5777 backs 0.578 and 0.58; 70.0585 backs 70.1). A percentage is also matched as a fraction (0.4
backs 40 %), ms as s × 1000, s as ms / 1000, GiB and GB as MiB / 1024. Every number in a file counts:
JSON values, numbers inside JSON strings, numbers anywhere in a Markdown results file.

Markers (HTML comments, visible in the source, never rendered):
  ``<!-- not a figure: 1.68, 64 -->``  those numbers are not measurements (a ratio of two figures shown,
                                       a parameter); they are not checked.
  ``<!-- no results file: 57.8 — why -->``  a measured figure with no results file behind it (measured
                                       before results files were kept); listed in the summary, and a
                                       failure only with --strict.
A marker names its figures as written (commas between them; none or ``*``: every figure in its scope)
and may give a reason after "—". Its scope is its paragraph (the lines between blank lines), or its row in a
table; alone on a line, its block (the table below it); in a heading, the whole section.
"""

from __future__ import annotations

import argparse
import bisect
import fnmatch
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("BENCHMARKS.md", "README.md")

_NUM = re.compile(r"(?<![\w.,])(?<!\w-)(\d+(?:,\d{3})*(?:\.\d+)?)(?![\w\d]|\.\d|,\d{3}|-[^\W\d])")
_ANY_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_UNIT = re.compile(r"(?:\s?(%|ms|s|min|minutes?|seconds?|MiB|GiB|MB|GB|tokens?(?:/s)?|calls?|art/s|articles/s)"
                   r"|(/s|×))(?![\w/])")
_CHAIN = re.compile(r"\s*(?:–|-|/|\+|→)\s*$")
_OF_AFTER = re.compile(r"\s+of\s+(\d+(?:,\d{3})*(?:\.\d+)?)(?![\d,.]\d)")
_OF_BEFORE = re.compile(r"(?<![\w.,])(\d+(?:,\d{3})*(?:\.\d+)?)\s+of\s+$")
_EXCLUDE = re.compile(r"(?:[≤≥<>]|\bsections?|\bissues?|§|#)\s*$", re.IGNORECASE)
_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_CITE = re.compile(r"(?:bench/)?(results_[\w.<>*-]*?\.(?:jsonl|json|md))(?:@([0-9a-f]{7,40}))?"
                   r"|\.\.\.(_[\w.-]*?\.(?:jsonl|json|md))")
_MARKER = re.compile(r"<!--\s*(not a figure|no results file)\s*:?(.*?)-->", re.IGNORECASE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*)")
_SEP_ROW = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_SCALES = {"%": (1.0, 100.0), "ms": (1.0, 1000.0), "s": (1.0, 0.001), "seconds": (1.0, 0.001),
           "second": (1.0, 0.001), "GiB": (1.0, 1 / 1024), "GB": (1.0, 1 / 1024, 1 / 1000)}


@dataclass
class Figure:
    doc: str
    line: int
    section: str
    text: str
    unit: str
    context: str
    ratio: float | None = None  # N / M when the figure is N or M of "N of M"

    @property
    def value(self) -> float:
        return float(self.text.replace(",", ""))

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0


@dataclass
class Section:
    title: str
    level: int
    cites: list[str] = field(default_factory=list)
    marker: tuple[str, set[str] | None] | None = None  # a marker in the heading: the whole section


@dataclass
class Report:
    unbacked: list[str] = field(default_factory=list)
    declared: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)
    backed: int = 0
    opted_out: int = 0


class Results:
    """The numbers each results file holds, loaded once (a file at a commit through ``git show``)."""

    def __init__(self, bench: Path) -> None:
        self.bench = bench
        self._cache: dict[str, list[float]] = {}

    def all_names(self) -> list[str]:
        return sorted(p.name for p in self.bench.glob("results_*") if p.suffix in (".json", ".jsonl", ".md"))

    def resolve(self, name: str, commit: str | None) -> list[str]:
        if commit:
            return [f"{name}@{commit}"] if self._text(name, commit) is not None else []
        if "<" in name or "*" in name:
            pattern = re.sub(r"<[^>]*>", "*", name)
            return [n for n in self.all_names() if fnmatch.fnmatch(n, pattern)]
        return [name] if (self.bench / name).is_file() else []

    def _text(self, name: str, commit: str | None) -> str | None:
        if commit is None:
            path = self.bench / name
            return path.read_text(encoding="utf-8") if path.is_file() else None
        rel = (self.bench / name).resolve().relative_to(self.bench.resolve().parent)
        done = subprocess.run(["git", "show", f"{commit}:{rel.as_posix()}"], cwd=self.bench,
                              capture_output=True, text=True)
        return done.stdout if done.returncode == 0 else None

    def numbers(self, key: str) -> list[float]:
        if key not in self._cache:
            name, _, commit = key.partition("@")
            text = self._text(name, commit or None) or ""
            values: list[float] = []
            for line in [text] if name.endswith(".json") else text.splitlines():
                try:
                    _walk(json.loads(line), values)
                except ValueError:
                    values += [float(m.replace(",", "")) for m in _ANY_NUM.findall(line)]
            self._cache[key] = sorted(values)
        return self._cache[key]

    def backs(self, key: str, fig: Figure) -> bool:
        values = self.numbers(key)
        tol = 0.5 * 10 ** -fig.decimals * (1 + 1e-9) + 1e-12
        for scale in _SCALES.get(fig.unit, (1.0,)):
            lo, hi = (fig.value - tol) / scale, (fig.value + tol) / scale
            i = bisect.bisect_left(values, lo)
            if i < len(values) and values[i] <= hi:
                return True
        if fig.ratio is not None:  # "55 of 57" is backed by a file holding 0.96491...
            i = bisect.bisect_left(values, fig.ratio - 1e-6)
            return i < len(values) and values[i] <= fig.ratio + 1e-6
        return False


def _walk(node: Any, out: list[float]) -> None:
    if isinstance(node, bool) or node is None:
        return
    if isinstance(node, (int, float)):
        out.append(float(node))
    elif isinstance(node, str):
        out += [float(m.replace(",", "")) for m in _ANY_NUM.findall(node)]
    elif isinstance(node, dict):
        for v in node.values():
            _walk(v, out)
    elif isinstance(node, list):
        for v in node:
            _walk(v, out)


def _parse_marker(body: str) -> set[str] | None:
    listed = re.split(r"—|;", body, maxsplit=1)[0]
    names = {m.replace(",", "") for m in _NUM.findall(listed)}
    return names or None  # None: every figure in scope


def _clean(line: str) -> str:
    line = _MARKER.sub(" ", line)
    line = re.sub(r"<!--.*?-->", " ", line)
    line = re.sub(r"`[^`]*`", " ", line)
    line = re.sub(r"\]\([^)]*\)", "]", line)
    line = line.replace("&nbsp;", " ").replace("**", "").replace("*", "")
    return _DATE.sub(" ", line)


def figures_in(text: str, in_table_cell: bool) -> list[tuple[str, str, float | None]]:
    """(figure as written, unit, N / M for either side of "N of M") for each figure in cleaned text."""
    tokens = [(m.start(), m.end(), m.group(1)) for m in _NUM.finditer(text)]
    out: list[tuple[str, str, float | None]] = []
    i = 0
    while i < len(tokens):
        chain = [tokens[i]]
        while i + len(chain) < len(tokens):
            prev, nxt = chain[-1], tokens[i + len(chain)]
            between = text[prev[1]:nxt[0]]
            if _CHAIN.match(between) and not _UNIT.match(between):
                chain.append(nxt)
            else:
                break
        i += len(chain)
        if _EXCLUDE.search(text[: chain[0][0]]):
            continue
        units = []
        for _, end, _s in chain:
            m = _UNIT.match(text, end)
            units.append((m.group(1) or m.group(2)) if m else "")
        last_unit = units[-1]
        for (start, end, s), unit in zip(chain, units, strict=True):
            unit = unit or last_unit
            after, before = _OF_AFTER.match(text, end), _OF_BEFORE.search(text[:start])
            ratio = None
            if after or before:
                num, den = (s, after.group(1)) if after else (before.group(1) if before else s, s)
                d = float(den.replace(",", ""))
                ratio = float(num.replace(",", "")) / d if d else None
            if "." in s or unit or after or before or in_table_cell:
                out.append((s, unit, ratio))
    return out


def check(docs: list[Path], bench: Path, strict: bool = False) -> Report:
    results = Results(bench)
    report = Report()
    for doc in docs:
        _check_doc(doc, results, report)
    if strict:
        report.unbacked += report.declared
    return report


def _check_doc(doc: Path, results: Results, report: Report) -> None:
    lines = doc.read_text(encoding="utf-8").splitlines()
    sections = _sections(lines)
    _resolve(doc, sections, results, report)
    block_markers = _block_markers(lines)
    fence = False
    stack: list[Section] = []
    for n, raw in enumerate(lines, 1):
        if raw.lstrip().startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        if _HEADING.match(raw):
            sec = sections[n]
            while stack and stack[-1].level >= sec.level:
                stack.pop()
            stack.append(sec)
            continue
        if not stack:
            continue
        sec = stack[-1]
        cites = [c for s in stack if s.level >= 2 or s is sec for c in s.cites]
        scope = block_markers.get(n, []) + [s.marker for s in stack if s.marker]
        if raw.lstrip().startswith("|"):
            scope += [(m.group(1).lower(), _parse_marker(m.group(2))) for m in _MARKER.finditer(raw)]
        for text, unit, ratio in _line_figures(raw):
            fig = Figure(doc.name, n, sec.title, text, unit, _context(raw, text), ratio)
            kind = next((k for k, names in scope if names is None or text.replace(",", "") in names), None)
            if kind == "not a figure":
                report.opted_out += 1
                continue
            keys = cites or [*results.all_names()]
            if any(results.backs(k, fig) for k in keys):
                report.backed += 1
            elif kind == "no results file":
                report.declared.append(_line(fig, "declared: no results file"))
            else:
                where = ", ".join(cites) if cites else "any results file (the section cites none)"
                report.unbacked.append(_line(fig, f"not in {where}"))


def _block_markers(lines: list[str]) -> dict[int, list[tuple[str, set[str] | None]]]:
    """Line number → the markers of its block: a marker alone on a line or in a paragraph covers the block
    (consecutive non-blank lines); a marker in a table row covers that row only (added by the caller)."""
    out: dict[int, list[tuple[str, set[str] | None]]] = {}
    block: list[int] = []
    found: list[tuple[str, set[str] | None]] = []
    fence = False
    for n, raw in enumerate([*lines, ""], 1):
        if raw.lstrip().startswith("```"):
            fence = not fence
        if fence or not raw.strip() or _HEADING.match(raw):
            for b in block:
                out[b] = found
            block, found = [], []
            continue
        block.append(n)
        alone = not _MARKER.sub("", raw).strip()
        if alone or not raw.lstrip().startswith("|"):
            found += [(m.group(1).lower(), _parse_marker(m.group(2))) for m in _MARKER.finditer(raw)]
    return out


def _line_figures(raw: str) -> list[tuple[str, str, float | None]]:
    text = _clean(raw)
    if raw.lstrip().startswith("|"):
        if _SEP_ROW.match(raw.strip()):
            return []
        cells = text.strip().strip("|").split("|")
        return [f for cell in cells[1:] for f in figures_in(cell, True)]
    return figures_in(text, False)


def _sections(lines: list[str]) -> dict[int, Section]:
    """Section by heading line, with the results files each names (resolved against bench/)."""
    out: dict[int, Section] = {}
    current: Section | None = None
    fence = False
    for n, raw in enumerate(lines, 1):
        if raw.lstrip().startswith("```"):
            fence = not fence
        heading = None if fence else _HEADING.match(raw)
        if heading:
            current = Section(_MARKER.sub("", heading.group(2)).strip(), len(heading.group(1)))
            m = _MARKER.search(raw)
            if m:
                current.marker = (m.group(1).lower(), _parse_marker(m.group(2)))
            out[n] = current
        if current is not None:
            for m in _CITE.finditer(raw):
                if m.group(3) and current.cites:
                    name = re.sub(r"(@.*)?$", "", current.cites[-1]).rsplit(".", 1)[0] + m.group(3)
                    commit = None
                else:
                    name, commit = m.group(1) or "", m.group(2)
                current.cites.append(f"{name}@{commit}" if commit else name)
    return out


def _resolve(doc: Path, sections: dict[int, Section], results: Results, report: Report) -> None:
    """Citations to results file keys; broken ones and sections citing none go to the report."""
    for n, sec in sections.items():
        resolved: list[str] = []
        for cite in sec.cites:
            name, _, commit = cite.partition("@")
            found = results.resolve(name, commit or None)
            if not found:
                report.errors.append(f"{doc.name}:{n}: [{sec.title}] cites {cite}: no such results file")
            resolved += found
        sec.cites = sorted(set(resolved))
    for sec in sections.values():
        if not sec.cites and sec.level >= 2:
            report.uncited.append(f"{doc.name}: {sec.title}")


def _context(raw: str, text: str) -> str:
    clean = re.sub(r"\s+", " ", _MARKER.sub("", raw)).strip()
    i = clean.find(text)
    start = max(0, i - 50) if i >= 0 else 0
    return ("…" if start else "") + clean[start:start + 110] + ("…" if len(clean) > start + 110 else "")


def _line(fig: Figure, why: str) -> str:
    unit = f" {fig.unit}" if fig.unit else ""
    return f"{fig.doc}:{fig.line}: [{fig.section}] {fig.text}{unit}: {why}: {fig.context}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("docs", nargs="*", help="Markdown files (default: BENCHMARKS.md and README.md under --root)")
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (its bench/ holds the results files)")
    ap.add_argument("--strict", action="store_true", help="figures marked 'no results file' fail too")
    args = ap.parse_args(argv)
    docs = [Path(d) for d in args.docs] or [args.root / d for d in DOCS if (args.root / d).is_file()]
    report = check(docs, args.root / "bench", strict=args.strict)
    for line in report.errors + report.unbacked:
        print(line)
    if report.declared and not args.strict:
        print(f"declared without a results file ({len(report.declared)}):")
        for line in report.declared:
            print("  " + line)
    if report.uncited:
        print("sections citing no results file (checked against every one): " + "; ".join(report.uncited))
    failed = len(report.unbacked) + len(report.errors)
    print(f"{'FAIL' if failed else 'ok'}: {report.backed} figures backed, {len(report.unbacked)} unbacked, "
          f"{len(report.errors)} broken citations, {len(report.declared)} declared without a results file, "
          f"{report.opted_out} marked not a figure")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
