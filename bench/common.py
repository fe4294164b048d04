"""What the benchmarks share: paths, the machine, the scripted endpoint, the model's tokenizer, results."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the package and the scripted server/model

from summarizer import Article, Settings, load_article  # noqa: E402
from summarizer.testing.scripted_model import CharTokenizer, Tokenizer, responder  # noqa: E402
from summarizer.testing.scripted_server import ScriptedServer  # noqa: E402

EXAMPLE = ROOT / "examples" / "000_b2ed4d7ce25c19f4.txt"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
RESULTS = Path(__file__).resolve().parent


def machine() -> dict[str, Any]:
    """The machine, the moment's load, and the code measured (prompt version and hash, key libraries)."""
    from importlib.metadata import PackageNotFoundError, version

    from summarizer.llm.embedded import build_features
    from summarizer.prepare.prompts import load_prompt

    prompt = load_prompt("summarize")
    libs = {}
    for lib in ("instructor", "openai", "pydantic", "llama-cpp-python"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            libs[lib] = None
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) // 1024 for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal")), None)
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_mib": mem, "load_avg_1m": round(os.getloadavg()[0], 2),
            "python": platform.python_version(), "platform": platform.platform(),
            "prompt": f"{prompt.version} {prompt.hash}", "libraries": libs, "llama_cpp_build": build_features() or None}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def articles(with_dev: bool = True) -> list[tuple[str, Article]]:
    """(name, Article): the example, then the dev corpus when it is there."""
    out = [("example", load_article(EXAMPLE))]
    if with_dev and DEV.is_dir():
        out += [(p.stem, load_article(p)) for p in sorted(DEV.glob("*.json"))]
    return out


def scripted(tokenizer: Tokenizer | None = None) -> tuple[ScriptedServer, Settings]:
    """A zero-latency scripted endpoint answering like a model, and Settings for it (json_schema mode,
    as the embedded backend uses, so the requests are the ones the embedded model would get)."""
    server = ScriptedServer(responder(tokenizer))
    # replies go out as two writes (headers, body); without TCP_NODELAY each waits ~40 ms for a delayed ACK
    server.httpd.RequestHandlerClass.disable_nagle_algorithm = True
    server.start()
    return server, Settings(backend="openai", base_url=server.url, api_key="sk-bench", model="scripted",
                            mode="json_schema", timeout_s=30)


def serve(latency: float, replies: str = "generic") -> tuple[subprocess.Popen[str], str]:
    """bench/latency_server.py in its own process (its CPU is not the client's): the process and its URL.
    ``replies``: "generic" (replies.generic_reply) or "model" (scripted_model.draft_for)."""
    p = subprocess.Popen([sys.executable, str(ROOT / "bench" / "latency_server.py"), str(latency), replies],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert p.stdout
    return p, p.stdout.readline().strip()


def stop(proc: subprocess.Popen[str]) -> dict[str, Any]:
    """Close the server (its stdin) and read how late its replies went out."""
    assert proc.stdin and proc.stdout
    proc.stdin.close()
    line = proc.stdout.readline()
    proc.wait(timeout=10)
    return json.loads(line) if line.strip() else {}


class ModelTokenizer:
    """The embedded model's own tokenizer and chat template, loaded vocabulary-only (no weights, no inference)."""

    def __init__(self, model: str = "qwen2.5-coder-1.5b"):
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        from summarizer.llm.embedded import model_path

        self.llama = Llama(model_path=str(model_path(model)), vocab_only=True, verbose=False)
        template = self.llama.metadata["tokenizer.chat_template"]
        self.format = Jinja2ChatFormatter(template=template, eos_token="<|im_end|>", bos_token="")

    def prompt(self, messages: list[dict[str, Any]]) -> int:
        rendered = self.format(messages=messages).prompt
        return len(self.llama.tokenize(rendered.encode(), add_bos=False, special=True))

    def text(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode(), add_bos=False, special=False))


def tokenizer_or_chars() -> Tokenizer:
    try:
        return ModelTokenizer()
    except Exception as e:  # llama-cpp-python or the model parts not installed
        print(f"note: the model's tokenizer is unavailable ({e}); counting ~4 characters a token", file=sys.stderr)
        return CharTokenizer()


def median(xs: list[float]) -> float | None:
    return statistics.median(xs) if xs else None


def save(name: str, result: dict[str, Any]) -> Path:
    path = RESULTS / f"results_{name}.json"
    path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT)}", file=sys.stderr)
    return path
