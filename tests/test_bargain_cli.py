"""`detente simulate` and `detente bench bargain` end to end (small inputs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import shared_path
from detente.cli import app

SCEN = {
    "name": "mini",
    "issues": [{"id": "sanctions", "name": "Sanctions", "low": "none", "high": "full", "status_quo": 60}],
    "actors": [
        {"name": "A", "code": "AAA", "capability": {"value": 10, "range": [8, 12], "assumption": "a guess"},
         "positions": {"sanctions": {"value": 90, "range": [80, 100], "assumption": "a guess"}},
         "saliences": {"sanctions": 0.9}},
        {"name": "B", "capability": 5, "positions": {"sanctions": 20}, "saliences": {"sanctions": 0.6}},
        {"name": "C", "capability": 3, "positions": {"sanctions": 55}, "saliences": {"sanctions": 0.4}},
    ],
}


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    p = tmp_path / "scenario.yaml"
    p.write_text(yaml.safe_dump(SCEN, allow_unicode=True), encoding="utf-8")
    return p


def test_simulate_writes_json_and_figures(scenario_file: Path, tmp_path: Path):
    out, figs = tmp_path / "out.json", tmp_path / "figs"
    res = CliRunner().invoke(app, ["simulate", str(scenario_file), "--runs", "20", "--json", str(out),
                                   "--png", str(figs)])
    assert res.exit_code == 0, res.output
    assert "forecasts" in res.output.lower()
    data = json.loads(out.read_text())
    assert data["scenario"] == "mini"
    assert {f["model"] for f in data["forecasts"]} == {"cm", "nash", "eum", "eum_median", "smp"}
    for f in data["forecasts"]:
        assert set(f) == {"issue", "model", "outcome", "median", "low", "high"}
        assert 0 <= f["low"] <= f["median"] <= f["high"] <= 100
    assert {"actor", "issue", "d_outcome_d_capability", "d_outcome_d_position", "outcome_without"} <= set(
        data["leverage"][0])
    assert data["rounds"][0] == {"issue": "sanctions", "round": 0, "actor": "A", "position": 90.0}
    assert len(data["figures"]) == 2 and all(Path(f).exists() for f in data["figures"])


def test_simulate_one_model_and_bad_inputs(scenario_file: Path, tmp_path: Path):
    runner = CliRunner()
    res = runner.invoke(app, ["simulate", str(scenario_file), "--model", "cm", "--runs", "5", "--leverage", "0",
                              "--json", str(tmp_path / "o.json")])
    assert res.exit_code == 0, res.output
    assert json.loads((tmp_path / "o.json").read_text())["leverage"] == []
    res = runner.invoke(app, ["simulate", str(scenario_file), "--model", "xyz"])
    assert res.exit_code == 1 and "--model" in res.output
    bad = tmp_path / "bad.yaml"
    broken = json.loads(json.dumps(SCEN))
    broken["actors"][1]["positions"]["sanctions"] = 140
    bad.write_text(yaml.safe_dump(broken), encoding="utf-8")
    res = runner.invoke(app, ["simulate", str(bad)])
    assert res.exit_code == 1
    assert "bad.yaml: actors[1].positions.sanctions: 140 is outside 0–100" in " ".join(res.output.split())
    assert "Traceback" not in res.output


def test_library_entry_point_is_deterministic(scenario_file: Path, tmp_path: Path):
    from detente.bargain import simulate_file

    a = simulate_file(scenario_file, runs=15, seed=3).to_json()
    b = simulate_file(scenario_file, runs=15, seed=3).to_json()
    assert a["forecasts"] == b["forecasts"]
    result = simulate_file(scenario_file, models=("cm",), runs=5)
    paths = result.write_figures(tmp_path / "f")
    assert [p.name for p in paths] == ["outcomes-sanctions.png"]
    assert result.to_json()["figures"] == [str(paths[0])]


def test_bench_bargain_on_a_tiny_deu_file(tmp_path: Path):
    header = ["prnr", "isnr", "pcom", "pep", "pde", "scom", "sep", "sde", "rp", "out"]
    rows = [header, ["", "", "4.1", "4.1", "4.1"],
            ["1", "1i1", "100", "0", "50", "80", "", "50", "0", "60"],
            ["1", "1i2", "20", "40", "", "50", "50", "", "", "30"]]
    deu = tmp_path / "deu.csv"
    deu.write_text("\n".join("\t".join(f'"{c}"' if c else "" for c in r) for r in rows) + "\n", encoding="utf-8")
    out = tmp_path / "bench.json"
    res = CliRunner().invoke(app, ["bench", "bargain", "--deu", str(deu), "--json", str(out)])
    assert res.exit_code == 0, res.output
    models = json.loads(out.read_text())["models"]
    assert models["compromise"]["n"] == 2 and models["nash"]["n"] == 1
    # issue 1: weights 80, 50 (missing salience → 50), 50 → (8000 + 0 + 2500)/180; issue 2: (20·50 + 40·50)/100
    assert models["compromise"]["mae"] == pytest.approx(round((abs(10500 / 180 - 60) + 0) / 2, 4))
    assert models["midpoint"]["mae"] == pytest.approx(15.0)


def test_bench_bargain_missing_file(tmp_path: Path):
    res = CliRunner().invoke(app, ["bench", "bargain", "--deu", str(tmp_path / "none.csv")])
    assert res.exit_code == 1 and "does not exist" in res.output


@pytest.mark.slow
def test_bench_bargain_on_deu(tmp_path: Path):
    deu = shared_path("data", "deu", "deu3.csv")
    out = tmp_path / "b.json"
    res = CliRunner().invoke(app, ["bench", "bargain", "--deu", str(deu), "--json", str(out)])
    assert res.exit_code == 0, res.output
    models = json.loads(out.read_text())["models"]
    assert set(models) >= {"compromise", "compromise_equal", "nash", "eum", "median", "midpoint", "status_quo"}


def test_korea_scenario_runs_through_the_library(tmp_path: Path):
    from conftest import EXAMPLES
    from detente.bargain import simulate_file

    korea = EXAMPLES / "korea" / "scenario.yaml"
    if not korea.exists():
        pytest.skip("examples/korea/scenario.yaml not written yet")
    result = simulate_file(korea, runs=3, seed=0)
    data = result.to_json()
    assert {i["id"] for i in data["issues"]} >= {"sequencing", "enforcement"}
    assert {r["actor"] for r in data["leverage"]} >= {"United States", "China", "North Korea"}
    assert json.dumps(data)  # plain JSON types only
