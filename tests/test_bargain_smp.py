"""KTAB's spatial model of politics: the reference logs reproduced, the parts, the CLI and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import EXAMPLES, shared_path
from detente.bargain.eum import closer_margins
from detente.bargain.ktab import load_ktab
from detente.bargain.ktablog import read_ktab_log
from detente.bargain.smp import SMPInput, SpatialModelOfPolitics, input_from_scenario
from detente.bargain.smpcore import coalitions, unique_positions, vote
from detente.cli import app

# KTAB's option names in its logs → ours (the reference runs use KTAB's defaults)
KTAB_OPTIONS = {"VictoryProbModel": "Linear", "VotingRule": "Prop", "PCEModel": "Conditional",
                "StateTransitions": "Deterministic", "BigRRange": "Mid", "BigRAdjust": "OneThird",
                "ThirdPartyCommit": "SemiCommit", "InterVecBrgn": "S2P2", "BargnModel": "InitOnlyInterp"}

TINY_KTAB = """Tiny,Three actors on two dimensions,3,2,
Actor,Description,Power,Alpha,Sal1,Beta,Sal2,
A,first,100,10,50,20,30,
B,second,60,80,40,70,40,
C,third,30,50,20,90,60,
"""


def _reference(name: str):
    log = read_ktab_log(shared_path("data", "ktab", f"20170530_ref-{name}.txt"))
    scen = load_ktab(shared_path("data", "ktab", f"{name}.csv"))
    return log, scen, SpatialModelOfPolitics().run(input_from_scenario(scen))


@pytest.mark.parametrize("name", ["dummyData_3Dim", "SOE-Pol-Comp"])
def test_reference_log_reproduced_to_the_printed_precision(name: str):
    log, scen, res = _reference(name)
    assert log.options == KTAB_OPTIONS
    assert [f"{f:.4f}" for f in res.fractional] == [f"{f:.4f}" for f in log.fractional]
    assert res.n_turns == len(log.fractional)
    labels = [i["name"] for i in scen.issue_labels()]
    for i, actor in enumerate(res.actors):
        assert [f"{p:.4f}" for p in res.probabilities[:, i]] == [f"{p:.4f}" for p in log.probabilities[actor]]
        for k, label in enumerate(labels):
            assert [f"{x:5.1f}" for x in res.positions[:, i, k]] == [f"{x:5.1f}" for x in log.positions[(actor, label)]]


def test_expected_outcomes_match_ktab():
    # the probability-weighted final positions, as in the table of issue 19
    assert np.round(_reference("dummyData_3Dim")[2].expected_outcome, 1).tolist() == [78.1, 35.6, 72.2]
    assert np.round(_reference("SOE-Pol-Comp")[2].expected_outcome, 1).tolist() == [39.7, 32.8]


def test_empty_log_is_refused(tmp_path: Path):
    empty = tmp_path / "20170530_ref-x.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="no position history"):
        read_ktab_log(empty)


def test_coalitions_follow_ktabs_lower_triangle_rule():
    rng = np.random.default_rng(3)
    u, w = rng.uniform(size=(6, 4)), rng.uniform(1, 5, 6)
    c = coalitions("asym_prospect", w, u, block=7)  # blocks of one row must give the same answer
    for i in range(4):
        for j in range(i):
            v = [float(vote("asym_prospect", w[k], np.array(u[k, i] - u[k, j]))) for k in range(6)]
            assert c[i, j] == pytest.approx(1e-8 + sum(x for x in v if x > 0))
            assert c[j, i] == pytest.approx(1e-8 - sum(x for x in v if x < 0))
    assert np.allclose(np.diag(c), 1e-8)


def test_positions_closer_than_the_tolerance_count_once():
    x = np.array([[0.1, 0.2], [0.1004, 0.2], [0.5, 0.5]])
    reps, holder = unique_positions(x)
    assert reps.tolist() == [0, 2] and holder.tolist() == [0, 0, 1]


def test_consensus_stays_and_the_strong_side_pulls():
    model = SpatialModelOfPolitics()
    same = SMPInput(("a", "b", "c"), ("d",), np.full((3, 1), 0.4), np.full((3, 1), 0.5), np.array([1.0, 2.0, 3.0]))
    res = model.run(same)
    assert np.allclose(res.positions, 40.0) and res.expected_outcome[0] == pytest.approx(40.0)
    split = SMPInput(("big", "small1", "small2"), ("d",), np.array([[0.9], [0.1], [0.2]]),
                     np.full((3, 1), 0.8), np.array([100.0, 5.0, 5.0]))
    assert model.run(split).expected_outcome[0] > 50.0


def test_estimator_contract():
    model = SpatialModelOfPolitics(pce="markov_uniform")
    params = model.get_params()
    assert params["pce"] == "markov_uniform" and params["victory"] == "linear"
    assert SpatialModelOfPolitics(**params).get_params() == params
    assert model.set_params(victory="square") is model and model.victory == "square"
    with pytest.raises(ValueError, match="invalid parameter"):
        model.set_params(nonsense=1)
    with pytest.raises(ValueError, match="bargain must be one of"):
        SpatialModelOfPolitics(bargain="haggle").run(
            SMPInput(("a", "b"), ("d",), [[0.1], [0.9]], [[0.5], [0.5]], [1.0, 1.0]))


@pytest.mark.parametrize("options", [
    {"pce": "markov_uniform"}, {"pce": "markov_incentive"}, {"victory": "binary"}, {"voting": "cubic"},
    {"bargain": "init_rcvr"}, {"bargain": "pw_compromise"}, {"interpolation": "s2pmax"},
    {"third_party": "none"}, {"big_r_range": "min"}, {"transitions": "stochastic", "seed": 4},
])
def test_every_option_runs_to_a_valid_state(options: dict):
    rng = np.random.default_rng(0)
    data = SMPInput(tuple("abcdef"), ("x", "y"), rng.uniform(size=(6, 2)), rng.uniform(0.1, 0.5, (6, 2)),
                    rng.uniform(1, 100, 6))
    res = SpatialModelOfPolitics(max_turns=8, **options).run(data)
    assert res.positions.shape == (res.n_turns + 1, 6, 2)
    assert np.all((res.positions >= 0) & (res.positions <= 100))
    assert np.all(np.isfinite(res.expected_outcome))


def test_one_dimensional_issue_in_the_harness():
    from detente.bargain.issue import Issue

    issue = Issue("i", ("a", "b", "c"), np.array([10.0, 60.0, 90.0]), np.array([0.9, 0.5, 0.3]),
                  np.array([10.0, 5.0, 1.0]), outcome=30.0)
    model = SpatialModelOfPolitics()
    forecast = model.predict_issue(issue)
    assert 10.0 <= forecast <= 90.0
    assert model.score([issue]) == pytest.approx(-abs(forecast - 30.0))  # greater is better


def test_fast_eum_margins_equal_the_direct_sum():
    rng = np.random.default_rng(5)
    x, w = np.round(rng.uniform(0, 100, 90), 0), rng.uniform(0, 3, 90)  # rounded: ties on purpose
    dist = np.abs(x[:, None] - x[None, :])
    direct = np.tensordot(w, np.maximum(dist[:, None, :] - dist[:, :, None], 0.0), axes=1)
    assert np.allclose(closer_margins(x, w), direct, atol=1e-9)


def test_simulate_smp_json(tmp_path: Path):
    src = tmp_path / "tiny.csv"
    src.write_text(TINY_KTAB, encoding="utf-8")
    out = tmp_path / "smp.json"
    res = CliRunner().invoke(app, ["simulate", str(src), "--model", "smp", "--json", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["model"] == "smp" and data["turns"] >= 2
    assert [d["name"] for d in data["dimensions"]] == ["Alpha", "Beta"]
    assert [a["name"] for a in data["actors"]] == ["A", "B", "C"]
    assert all(len(a["positions"]) == data["turns"] + 1 and len(a["positions"][0]) == 2 for a in data["actors"])
    assert data["actors"][0]["positions"][0] == [10.0, 20.0]


def test_simulate_refuses_a_bad_smp_option(tmp_path: Path):
    src = tmp_path / "tiny.csv"
    src.write_text(TINY_KTAB, encoding="utf-8")
    for bad in ("pce=bogus", "nokey", "max_turns=many"):
        res = CliRunner().invoke(app, ["simulate", str(src), "--model", "smp", "--smp", bad])
        assert res.exit_code == 1 and res.output.startswith("error: --smp"), res.output
        assert "Traceback" not in res.output


def test_korea_scenario_runs_with_smp():
    from detente.bargain import simulate_file

    result = simulate_file(EXAMPLES / "korea" / "scenario.yaml", models=("smp",), runs=0)
    data = result.to_json()
    assert {f["issue"] for f in data["forecasts"] if f["model"] == "smp"} >= {"sequencing", "enforcement"}
    assert {r["actor"] for r in data["smp_final"]} >= {"United States", "China", "North Korea"}
    assert data["smp_turns"][0]["turn"] == 0


def test_bench_ktab_timings_on_random_actors(tmp_path: Path):
    out = tmp_path / "t.json"
    res = CliRunner().invoke(app, ["bench", "bargain", "--ktab", "--ktab-dir", str(tmp_path), "--sizes", "6,9",
                                   "--turns", "1", "--repeats", "1", "--json", str(out)])
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text())["ktab"]
    assert [r["actors"] for r in rows] == [6, 9] and all(r["smp_turns"] == 1 for r in rows)
    assert CliRunner().invoke(app, ["bench", "bargain"]).exit_code == 1
