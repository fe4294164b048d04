"""Prices and estimates: what a call costs, and what the next article will probably cost.

Prices are USD per million tokens. The built-in table covers a few hosted models
(list prices when this was written: check yours); a TOML or JSON file passed as
``--prices`` adds or overrides models::

    ["gpt-4o-mini"]
    input = 0.15          # USD per 1M prompt tokens
    output = 0.60         # USD per 1M completion tokens
    batch_discount = 0.5  # multiplier in Batch API mode (optional, default 0.5)

The embedded model costs nothing. A model with no price costs "unknown" (recorded as
0) and cannot be run with ``--max-cost``.
"""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from .backend import backend_named

__all__ = ["DEFAULT_PRICES", "Estimator", "Price", "PriceTable", "check_amount", "check_budget"]


def check_amount(value: float | None, what: str) -> float | None:
    """``value`` if it is None or a finite number >= 0; else a ConfigError (exit 4), raised
    before any request: NaN would disable a budget and make costs unrecordable, infinity
    would disable it, a negative price would make a run earn money."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ConfigError(f"{what} must be a finite number >= 0, not {value!r}")
    return value


@dataclass(frozen=True)
class Price:
    input: float
    output: float
    batch_discount: float = 0.5

    def __post_init__(self) -> None:
        for name in ("input", "output", "batch_discount"):
            check_amount(getattr(self, name), f"price {name}")

    def cost(self, prompt_tokens: int, completion_tokens: int, *, batch: bool = False) -> float:
        usd = (prompt_tokens * self.input + completion_tokens * self.output) / 1e6
        return usd * self.batch_discount if batch else usd


FREE = Price(0.0, 0.0, 1.0)
DEFAULT_PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
}


def check_budget(options: Any) -> None:
    """A batch's budget and limits (BatchOptions) checked before any request: ``max_cost``
    finite and >= 0; ``requests_per_min`` and ``tokens_per_min`` finite and > 0."""
    check_amount(getattr(options, "max_cost", None), "--max-cost")
    for name, flag in (("requests_per_min", "--rpm"), ("tokens_per_min", "--tpm")):
        value = getattr(options, name, None)
        if value is not None and (check_amount(value, flag) == 0):
            raise ConfigError(f"{flag} must be a finite number > 0, not {value!r}")
    check_amount(getattr(options, "poll_interval_s", 0.0), "--poll-interval")


class PriceTable:
    def __init__(self, prices: dict[str, Price] | None = None):
        self.prices = dict(DEFAULT_PRICES if prices is None else prices)

    @classmethod
    def load(cls, path: str | Path | None = None, *, input: float | None = None, output: float | None = None,
             model: str | None = None) -> "PriceTable":
        """Built-in prices, then a file's, then ``input``/``output`` for ``model`` (the CLI's --price-*)."""
        table = cls()
        if path:
            table.prices.update(_read(Path(path)))
        if input is not None or output is not None:
            if input is None or output is None or model is None:
                raise ConfigError("set both --price-input and --price-output (USD per 1M tokens)")
            check_amount(input, "--price-input")
            check_amount(output, "--price-output")
            old = table.prices.get(model)
            table.prices[model] = Price(input, output, old.batch_discount if old else 0.5)
        return table

    def for_model(self, model: str, backend: str = "openai") -> Price | None:
        if not backend_named(backend).has_cost:
            return FREE
        if model in self.prices:
            return self.prices[model]
        # a dated snapshot ("gpt-4o-mini-2024-07-18") costs what its family costs
        family = [m for m in self.prices if model.startswith(m + "-")]
        return self.prices[max(family, key=len)] if family else None


def _read(p: Path) -> dict[str, Price]:
    try:
        text = p.read_text(encoding="utf-8")
        raw: Any = json.loads(text) if p.suffix.lower() == ".json" else tomllib.loads(text)
    except FileNotFoundError:
        raise ConfigError(f"price file not found: {p}") from None
    except (OSError, ValueError, UnicodeDecodeError) as e:
        raise ConfigError(f"price file {p}: {e}") from None
    raw = raw.get("prices", raw) if isinstance(raw, dict) else raw
    if not isinstance(raw, dict):
        raise ConfigError(f"price file {p}: expected a table of models")
    out = {}
    for model, v in raw.items():
        try:
            out[model] = Price(float(v["input"]), float(v["output"]), float(v.get("batch_discount", 0.5)))
        except ConfigError as e:
            raise ConfigError(f"price file {p}: {model!r}: {e}") from None
        except (TypeError, KeyError, ValueError):
            raise ConfigError(f"price file {p}: {model!r} needs numeric input and output (USD per 1M tokens)") from None
    return out


class Estimator:
    """Tokens an article will probably take, learned from the articles done so far.

    Before anything is known: about 0.3 tokens per character of text plus the prompt's
    fixed part, and a few hundred completion tokens. Used for the rate limiter and the
    budget; the real numbers replace the estimate once the call is back.
    """

    def __init__(self, max_tokens: int = 1500):
        self.per_char = 0.3
        self.fixed = 900.0
        self.completion = float(min(max_tokens, 500))
        self._seen = 0

    def estimate(self, chars: int) -> tuple[int, int]:
        return int(self.fixed + self.per_char * chars), int(self.completion)

    def observe(self, chars: int, calls: int, prompt_tokens: int, completion_tokens: int) -> None:
        if calls <= 0 or prompt_tokens <= 0:
            return
        self._seen += 1
        w = max(0.05, 1.0 / self._seen)  # a running mean that settles into a moving average
        per_call = prompt_tokens / calls
        self.per_char += w * (max(0.0, per_call - self.fixed) / max(chars, 1) - self.per_char)
        self.completion += w * (completion_tokens / calls - self.completion)
