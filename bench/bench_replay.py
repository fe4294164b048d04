"""The model's logged replies served again to the current code: dev-corpus quality in seconds, no model.

What it measures: everything the code does *after* the model's reply — parsing and
validation, the grounding checks and re-ask decisions, repairs, date resolution, figure
choice, claims, rendering into the output contract — scored exactly as bench_embedded.py
scores a real run (``summarizer.evaluate.evaluate`` over the dev corpus, the corpus's
reference-scorer rules), so a code change can be measured in well under a minute instead
of a 35-minute model run.

What it does not measure: the model. Its replies are fixed, taken from a log written by
``bench_embedded.py --log FILE.jsonl``; a replay says nothing about speed (no seconds are
reported) and nothing about a prompt change (the model never sees the new prompt). When the
current code sends a prompt other than the logged one, the logged reply is served anyway
and the article is flagged ("prompt differs"): its score is then not what a model run would
give. When the current code asks for a reply the log does not hold (a re-ask the logged run
did not make), the request is answered with an HTTP 503, the client gives up on it (no
transport retries) and the article fails, scoring as an empty prediction: a "replay miss",
counted. Replies the log holds but the code no longer asks for (it now accepts a reply it
re-asked before) are counted as "unused".

How: a real OpenAI-compatible HTTP server on 127.0.0.1 (summarizer.testing.scripted_server)
answers ``/v1/chat/completions``; the summarizer talks to it as an endpoint (json_schema
mode, as the embedded backend uses). Each request is matched to a logged prompt by the
article text it carries (the word 5-grams its user turns share with a logged prompt's
article text, weighted by how few logged prompts share them: a change of template does not
break the match), and the k-th request for a logged prompt gets its k-th logged reply, with
the logged token counts and finish_reason.
A long article read in parts has one logged prompt per part. Only the gold articles the log
covers are evaluated unless ``--all``.

    python bench/bench_replay.py LOG.jsonl [--name NAME] [--gold DIR] [--max-reasks N] [--all]
        [--against bench/results_embedded_v2.json] [--keep-pred DIR]

Writes bench/results_replay_<NAME>.json (NAME: the log's file name without .jsonl).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import DEV, ROOT, machine, save

from summarizer import LLM, Settings
from summarizer.evaluate import RunRecord, evaluate, load_gold
from summarizer.testing.scripted_server import Reply, ScriptedServer, completion, error

SHINGLE = 5  # words per shingle: long enough to be distinctive, short enough for short articles
_WORD = re.compile(r"\w+")


@dataclass
class Thread:
    """One logged prompt (an article, or one part of a long one) and its replies in request order."""

    id: str  # the gold id of the logged article
    part: int  # 1-based: its order among the article's prompts
    prompt: list[dict[str, Any]]  # the messages before the first assistant turn
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    served: int = 0


@dataclass
class Request:
    """What one request got: the thread it matched (None: no logged prompt shares its text)."""

    thread: Thread | None
    attempt: int  # 1-based within the thread
    status: str  # served | replayed_failure | miss
    same_prompt: bool | None  # the messages equal the logged ones (None on a miss)
    doc: str | None = None  # the gold article being summarized (set once it is done)


def load_log(text: str) -> tuple[dict[str, list[Thread]], dict[str, Any]]:
    """The log's threads by gold id, and what was read (lines, unreadable lines, ids seen twice: the last wins)."""
    by_id: dict[str, list[Thread]] = {}
    lines = bad = 0
    seen: Counter[str] = Counter()
    reasks: set[int] = set()
    for line in text.splitlines():
        if not line.strip():
            continue
        lines += 1
        try:
            obj = json.loads(line)
            gid, exchanges = str(obj["id"]), list(obj["exchanges"])
        except (json.JSONDecodeError, KeyError, TypeError):
            bad += 1  # a line cut short by a run still writing
            continue
        seen[gid] += 1
        by_id[gid] = threads_of(gid, exchanges)
        if isinstance(obj.get("max_reasks"), int):
            reasks.add(obj["max_reasks"])
    return by_id, {"lines": lines, "unreadable_lines": bad, "articles": len(by_id),
                   "ids_logged_twice": sorted(k for k, n in seen.items() if n > 1),
                   "max_reasks_logged": sorted(reasks)}


def initial(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The messages before the first assistant turn: the prompt, without re-ask turns."""
    out = []
    for m in messages:
        if m.get("role") == "assistant":
            break
        out.append(m)
    return out


def threads_of(gid: str, exchanges: list[dict[str, Any]]) -> list[Thread]:
    """An article's exchanges grouped by prompt. A failed request with no reply that was tried again
    (a transport retry) is dropped; one that ended the call is kept and served as a failure."""
    threads: dict[str, Thread] = {}
    for ex in exchanges:
        prompt = initial(ex.get("messages") or [])
        key = json.dumps(prompt, sort_keys=True)
        if key not in threads:
            threads[key] = Thread(gid, len(threads) + 1, prompt)
        threads[key].exchanges.append(ex)
    for t in threads.values():
        t.exchanges = [ex for k, ex in enumerate(t.exchanges)
                       if ex.get("response") is not None or k == len(t.exchanges) - 1]
    return list(threads.values())


def user_text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(str(m.get("content") or "") for m in initial(messages) if m.get("role") == "user")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


class Replayer:
    """The server's responder: matches each request to a logged thread and serves its next reply."""

    MIN_SHARE = 0.1  # of a thread's article 5-grams a request must carry to match it

    def __init__(self, threads: list[Thread], texts: dict[str, str] | None = None):
        """``texts``: the gold articles' texts by id; a thread is then matched on the 5-grams its prompt shares
        with its article's text only, not on the template's words (which every prompt carries)."""
        self.threads = threads
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._shingles = []
        for t in threads:
            shown = shingles(user_text(t.prompt))
            article = shown & shingles(texts[t.id]) if texts and t.id in texts else set()
            self._shingles.append(article or shown)
        df: Counter[tuple[str, ...]] = Counter()
        for s in self._shingles:
            df.update(s)
        self._weight = {k: 1.0 / n for k, n in df.items()}

    def match(self, messages: list[dict[str, Any]]) -> Thread | None:
        """The logged thread whose article 5-grams the request carries most (those few threads share weighing
        more); None when no thread has a tenth of its 5-grams in the request."""
        asked = shingles(user_text(messages))
        best, best_score = None, 0.0
        for t, s in zip(self.threads, self._shingles, strict=True):
            shared = asked & s
            if not s or len(shared) < self.MIN_SHARE * len(s):
                continue
            score = sum(self._weight[k] for k in shared)
            if score > best_score:
                best, best_score = t, score
        return best

    def __call__(self, req: dict[str, Any]) -> Reply:
        messages = req.get("messages") or []
        thread = self.match(messages)
        with self._lock:
            if thread is None:
                self.requests.append(Request(None, 1, "miss", None))
                return error(503, "replay miss: no logged prompt carries this article's text")
            k, thread.served = thread.served, thread.served + 1
            if k >= len(thread.exchanges):
                self.requests.append(Request(thread, k + 1, "miss", None))
                return error(503, f"replay miss: {thread.id} part {thread.part} has {len(thread.exchanges)} "
                                  f"logged repl{'y' if len(thread.exchanges) == 1 else 'ies'}; request {k + 1}")
            ex = thread.exchanges[k]
            same = _plain(messages) == _plain(ex.get("messages") or [])
            if ex.get("response") is None:
                self.requests.append(Request(thread, k + 1, "replayed_failure", same))
                return error(503, f"replayed failure: {ex.get('error')}")
            self.requests.append(Request(thread, k + 1, "served", same))
            return completion(ex["response"], prompt_tokens=int(ex.get("prompt_tokens") or 0),
                              completion_tokens=int(ex.get("completion_tokens") or 0),
                              finish=ex.get("finish_reason") or "stop", model=str(ex.get("model") or "replay"))

    def untagged(self) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.doc is None]


def _plain(messages: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(m.get("role")), str(m.get("content"))) for m in messages]


def replay(log: Path, *, gold: Path = DEV, max_reasks: int | None = None, all_docs: bool = False,
           save_dir: Path | None = None) -> dict[str, Any]:
    """Evaluate the current code on ``gold`` with the replies logged in ``log``; the result without machine info.
    ``max_reasks``: as the log records it (a log from before it was recorded: 0, the embedded default)."""
    data = log.read_bytes()  # once: a log still being written may grow meanwhile
    by_id, read = load_log(data.decode("utf-8", errors="replace"))
    if max_reasks is None:
        logged = read["max_reasks_logged"]
        if len(logged) > 1:
            raise SystemExit(f"{log}: its lines were logged with max_reasks {logged}: give --max-reasks")
        max_reasks = logged[0] if logged else 0
    docs = load_gold(gold)
    gold_ids = {d.id for d in docs}
    chosen = [d for d in docs if all_docs or d.id in by_id]
    if not chosen:
        raise SystemExit(f"{log}: none of its {len(by_id)} articles is a gold article in {gold}")
    threads = [t for gid, ts in sorted(by_id.items()) if gid in gold_ids for t in ts]
    model = next((str(ex.get("model")) for t in threads for ex in t.exchanges if ex.get("model")), "unknown")
    most = max((len(t.exchanges) for t in threads), default=0)
    if most > max_reasks + 1:
        print(f"note: the log holds up to {most} replies for one prompt, more than max_reasks={max_reasks} allows; "
              f"was it run with --max-reasks {most - 1}?", file=sys.stderr)

    replayer = Replayer(threads, {d.id: d.text for d in docs})
    server = ScriptedServer(replayer).start()
    records: list[RunRecord] = []

    def progress(k: int, n: int, r: RunRecord) -> None:
        for q in replayer.untagged():
            q.doc = r.id
        records.append(r)

    tmp = tempfile.TemporaryDirectory(prefix="summarizer-replay-")
    try:
        subset = Path(tmp.name) / "gold"
        subset.mkdir()
        for d in chosen:
            (subset / d.path.name).symlink_to(d.path.resolve())
        settings = Settings(model=f"replay:{model}", backend="openai", base_url=server.url, api_key="not-needed",
                            mode="json_schema", max_reasks=max_reasks, transport_retries=0, timeout_s=60)
        llm = LLM.from_settings(settings)
        report = evaluate(subset, settings=settings, llm=llm, save_dir=save_dir or Path(tmp.name) / "pred",
                          progress=progress)
    finally:
        server.stop()
        tmp.cleanup()
    return {"log": {"path": str(log), "sha256": hashlib.sha256(data).hexdigest(), **read},
            "gold_dir": str(gold), "logged_model": model, "max_reasks": max_reasks,
            "dev": _dev(report, records, chosen_ids=[d.id for d in chosen], all_ids=sorted(gold_ids)),
            "replay": _tally(replayer, records, by_id)}


def _dev(report: dict[str, Any], records: list[RunRecord], chosen_ids: list[str], all_ids: list[str]) -> dict[str, Any]:
    stats = report["runs"]
    keys = ("articles", "failed", "llm_calls_per_article", "prompt_tokens_per_article", "completion_tokens_per_article",
            "first_attempt_valid", "first_attempt_schema_valid", "reask_rate", "errors")
    return {**{k: stats[k] for k in keys},
            "scores": {k: report.get(k) for k in ("events", "timexes", "claims", "grounding", "overall")},
            "subset": None if chosen_ids == all_ids else chosen_ids,
            "per_article": {r.id: {"status": r.status, "calls": r.calls, "prompt_tokens": r.prompt_tokens,
                                   "completion_tokens": r.completion_tokens, "reasks": r.reasks, "error": r.error}
                            for r in records}}


def _tally(replayer: Replayer, records: list[RunRecord], by_id: dict[str, list[Thread]]) -> dict[str, Any]:
    reqs = replayer.requests
    misses = [q for q in reqs if q.status == "miss"]
    wrong = [q for q in reqs if q.thread is not None and q.doc is not None and q.thread.id != q.doc]
    first_differs = [q for q in reqs if q.same_prompt is False and q.attempt == 1]
    reask_differs = [q for q in reqs if q.same_prompt is False and q.attempt > 1]
    asked = {r.id for r in records}
    unused = sum(max(0, len(t.exchanges) - t.served) for gid in asked for t in by_id.get(gid, []))
    return {
        "requests": len(reqs), "served": sum(q.status == "served" for q in reqs),
        "replayed_failures": sum(q.status == "replayed_failure" for q in reqs),
        "misses": len(misses), "miss_articles": sorted({q.doc or "?" for q in misses}),
        "unmatched": sum(q.thread is None for q in reqs),
        "matched_another_article": len(wrong),  # should be 0: the text match went wrong
        "prompt_differs_articles": sorted({q.doc or "?" for q in first_differs}),
        "reask_differs_articles": sorted({q.doc or "?" for q in reask_differs}),
        "unused_replies": unused,
        "not_logged": sorted(asked - set(by_id)),
    }


def commit() -> dict[str, Any]:
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
        except OSError:
            return ""
    return {"commit": git("rev-parse", "HEAD") or None,
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no"))}


def against(path: Path, result: dict[str, Any]) -> dict[str, Any]:
    """The overall scores of a results file (a model run) next to the replay's."""
    other = json.loads(path.read_text(encoding="utf-8"))["dev"]["scores"]["overall"]
    mine = result["dev"]["scores"]["overall"]
    return {"file": str(path), "overall": other,
            "delta": {k: (mine[k] - other[k]) if isinstance(mine.get(k), (int, float))
                      and isinstance(other.get(k), (int, float)) else None for k in other}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log", type=Path, help="a bench_embedded.py --log file (JSON lines, one per article)")
    ap.add_argument("--name", help="results file suffix: results_replay_NAME.json (default: the log's stem)")
    ap.add_argument("--gold", type=Path, default=DEV, help="gold folder (default: the dev corpus)")
    ap.add_argument("--max-reasks", type=int, default=None,
                    help="as in the logged run (default: as the log records it, else 0)")
    ap.add_argument("--all", action="store_true", help="evaluate every gold article, logged or not (those not "
                    "logged are misses and score empty)")
    ap.add_argument("--against", type=Path, help="a results file of a model run (e.g. results_embedded_v2.json): "
                    "its overall scores and the differences")
    ap.add_argument("--keep-pred", type=Path, help="keep the predictions in this (new or empty) folder")
    a = ap.parse_args()
    if a.keep_pred and a.keep_pred.exists() and any(a.keep_pred.iterdir()):
        ap.error(f"--keep-pred {a.keep_pred}: not empty (saved predictions would be reused)")
    result: dict[str, Any] = {"machine": machine(), "code": commit(),
                              **replay(a.log, gold=a.gold, max_reasks=a.max_reasks,
                                     all_docs=a.all,
                                       save_dir=a.keep_pred)}
    if a.against:
        result["against"] = against(a.against, result)
    name = a.name or a.log.name.removesuffix(".jsonl")
    save(f"replay_{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}", result)
    _print(result)
    return 0


def _fmt(x: Any) -> str:
    return "n/a" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)


def _print(r: dict[str, Any]) -> None:
    d, p, o = r["dev"], r["replay"], r["dev"]["scores"]["overall"]
    print(f"replay of {r['log']['path']} ({r['log']['articles']} articles logged) on {r['code']['commit'] or '?'}"
          f"{' (uncommitted changes)' if r['code']['dirty'] else ''}")
    print(f"{d['articles']} articles{' (a subset: those logged)' if d['subset'] else ''}, failed {d['failed']}; "
          f"{_fmt(d['llm_calls_per_article'])} calls, {_fmt(d['prompt_tokens_per_article'])} prompt + "
          f"{_fmt(d['completion_tokens_per_article'])} completion tokens per article; re-asked "
          f"{_fmt(d['reask_rate'])}")
    print(f"quality: events F1 {_fmt(o['events_f1'])}, claims F1 {_fmt(o['claims_f1'])}, timex accuracy "
          f"{_fmt(o['timex_acc'])}, grounding {_fmt(o['grounding'])}, support {_fmt(o.get('support'))}")
    if "against" in r:
        delta = ", ".join(f"{k} {v:+.3f}" for k, v in r["against"]["delta"].items() if v is not None)
        print(f"  vs {r['against']['file']}: {delta}")
    print(f"replay: {p['served']} of {p['requests']} requests served from the log; misses {p['misses']} "
          f"(articles: {', '.join(p['miss_articles']) or 'none'}); unused replies {p['unused_replies']}; "
          f"prompt differs: {len(p['prompt_differs_articles'])} article(s), re-ask text differs: "
          f"{len(p['reask_differs_articles'])}; matched another article: {p['matched_another_article']}")
    if p["prompt_differs_articles"]:
        print("  the prompt changed: those articles' replies answer the old prompt (not what a model run would give)")


if __name__ == "__main__":
    sys.exit(main())
