"""Prices and budgets (issue 15, point 3): NaN, infinity and negative amounts are a
configuration error (exit 4) before any request, from flags, a price file, or the
SUMMARIZER_PRICES variable; no run is left "running"."""

from __future__ import annotations

import json
import math
import sqlite3

import pytest
from drafts import example_draft
from hostile import FAST, Run, cli_env, run_all

from summarizer import ConfigError
from summarizer.batch import BatchOptions
from summarizer.llm.pricing import Price, PriceTable, check_budget
from summarizer.testing.scripted_server import ScriptedServer, completion


def batch_endpoint(server: ScriptedServer) -> list[str]:
    """The scripted endpoint for `batch`, whose instructor mode is --llm-mode."""
    return ["--base-url", server.url, "--api-key", "sk-test-0000", "--model", "scripted", "--llm-mode", "json"]


ARTICLE = "The council met on Tuesday in Springfield. The mayor said the budget would pass."


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, -0.01])
def test_a_price_must_be_finite_and_not_negative(value: float) -> None:
    with pytest.raises(ConfigError, match="finite number >= 0"):
        Price(value, 1.0)
    with pytest.raises(ConfigError, match="finite number >= 0"):
        PriceTable.load(input=1.0, output=value, model="m")


@pytest.mark.parametrize("field,value", [("max_cost", math.nan), ("max_cost", math.inf), ("max_cost", -1.0),
                                         ("requests_per_min", math.nan), ("requests_per_min", 0.0),
                                         ("tokens_per_min", -5.0), ("poll_interval_s", math.nan)])
def test_a_budget_or_limit_must_be_finite(field: str, value: float) -> None:
    with pytest.raises(ConfigError, match="finite number"):
        check_budget(BatchOptions(**{field: value}))


def test_zero_is_a_valid_price_and_budget() -> None:
    assert Price(0.0, 0.0).cost(1000, 1000) == 0.0
    check_budget(BatchOptions(max_cost=0.0))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("budgets")
    (root / "in").mkdir()
    (root / "in" / "a.json").write_text(json.dumps({"id": "a", "text": ARTICLE}))
    (root / "nan.toml").write_text('[scripted]\ninput = nan\noutput = 1.0\n')
    (root / "neg.json").write_text(json.dumps({"scripted": {"input": 1.0, "output": -2.0}}))
    price = ["--price-input", "1", "--price-output", "1"]
    cases = {
        "price-input nan": (["--price-input", "nan", "--price-output", "1"], {}),
        "price-output -1": (["--price-input", "1", "--price-output", "-1"], {}),
        "price-input inf": (["--price-input", "inf", "--price-output", "1"], {}),
        "max-cost nan": ([*price, "--max-cost", "nan"], {}),
        "max-cost inf": ([*price, "--max-cost", "inf"], {}),
        "max-cost -1": ([*price, "--max-cost", "-1"], {}),
        "price file nan": (["--prices", str(root / "nan.toml")], {}),
        "SUMMARIZER_PRICES negative": ([], {"SUMMARIZER_PRICES": str(root / "neg.json")}),
        "rpm nan": (["--rpm", "nan"], {}),
    }
    started = {}
    for name, (args, env) in cases.items():
        srv = ScriptedServer(responder=lambda req: completion(example_draft())).start()
        db = root / f"{len(started)}.db"
        started[name] = (Run(["batch", str(root / "in"), "--db", str(db), *batch_endpoint(srv), *args],
                             cli_env(root, **FAST, **env)), srv, db)
    run_all([r for r, _, _ in started.values()])
    yield started
    for _, srv, _ in started.values():
        srv.stop()


@pytest.mark.parametrize("name", ["price-input nan", "price-output -1", "price-input inf", "max-cost nan",
                                  "max-cost inf", "max-cost -1", "price file nan", "SUMMARIZER_PRICES negative",
                                  "rpm nan"])
def test_a_bad_price_or_budget_stops_before_any_request(name: str, runs) -> None:
    r, srv, db = runs[name]
    assert r.returncode == 4, r.stderr
    assert len(r.lines) == 1 and r.lines[0].startswith("ConfigError:") and "finite number" in r.lines[0], r.stderr
    assert srv.requests == []
    if db.exists():
        assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM runs WHERE status = 'running'").fetchone() == (0,)
