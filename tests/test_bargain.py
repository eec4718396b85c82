"""Compromise, Nash, baselines, Monte Carlo and leverage on tiny cases; the DEU reading."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import shared_path
from detente.bargain.issue import Issue, weighted_median
from detente.bargain.leverage import leverage
from detente.bargain.models import Compromise, Median, Midpoint, Nash, StatusQuo, WeightedMedian, get_model
from detente.bargain.montecarlo import monte_carlo


def issue(x, s, c, sq=None, outcome=None, meta=None) -> Issue:
    return Issue("t", tuple(f"a{i}" for i in range(len(x))), np.array(x, float), np.array(s, float),
                 np.array(c, float), status_quo=sq, outcome=outcome, meta=meta or {})


def test_compromise_is_capability_salience_weighted_mean():
    assert Compromise().predict_issue(issue([0, 100], [1, 1], [3, 1])) == pytest.approx(25.0)
    assert Compromise().predict_issue(issue([0, 100], [0.5, 1], [2, 1])) == pytest.approx(50.0)
    assert Compromise(use_capability=False).predict_issue(issue([0, 100], [1, 1], [3, 1])) == pytest.approx(50.0)


def test_nash_linear_by_hand():
    # d = 0: gains are x (actor at 80) and 40 − x (actor at 20, for x ≥ 20); maximise w₁ ln(40−x) + w₂ ln x
    assert Nash("linear").predict_issue(issue([20, 80], [1, 1], [1, 1], sq=0)) == pytest.approx(20, abs=0.05)
    assert Nash("linear").predict_issue(issue([20, 80], [1, 1], [1, 3], sq=0)) == pytest.approx(30, abs=0.05)


def test_nash_quadratic_first_order_condition():
    x = Nash("quadratic").predict_issue(issue([20, 80], [1, 1], [1, 1], sq=0))
    g1, g2 = 400 - (x - 20) ** 2, 6400 - (x - 80) ** 2
    assert 0 < x < 40
    assert abs(-(x - 20) / g1 + (80 - x) / g2) < 1e-3


def test_nash_without_mutually_better_outcome_falls_back_to_compromise():
    # status quo between the actors: every move hurts one of them
    model = Nash()
    assert model.predict_issue(issue([20, 80], [1, 1], [1, 3], sq=50)) == pytest.approx(65.0)
    assert model.predict_issue(issue([20, 80], [1, 1], [1, 3], sq=None)) == pytest.approx(65.0)
    assert model.fallbacks == 2


def test_baselines_and_score():
    iss = [issue([0, 30, 100], [1, 1, 1], [1, 1, 5], sq=10, outcome=40)]
    assert Median().predict(iss).tolist() == [30.0]
    assert Midpoint().predict(iss).tolist() == [50.0]
    assert StatusQuo().predict(iss).tolist() == [10.0]
    assert WeightedMedian().predict(iss).tolist() == [100.0]
    assert Median().mae(iss) == pytest.approx(10.0) and Median().score(iss) == pytest.approx(-10.0)
    assert weighted_median(np.array([0.0, 10.0]), np.array([1.0, 1.0])) == 0.0
    with pytest.raises(KeyError):
        get_model("nope")


def _uncertain():
    x = np.array([10.0, 60.0, 90.0])
    ranges = {"positions": (x - 10, x + 10), "saliences": (np.full(3, 0.5), np.ones(3)),
              "capabilities": (np.ones(3), np.ones(3))}
    return issue(x, [0.8, 0.8, 0.8], [1, 1, 1], meta={"ranges": ranges})


def test_monte_carlo_is_deterministic_with_a_seed():
    preds = {"cm": Compromise().predict_issue, "eum": get_model("eum").predict_issue}
    a = monte_carlo(preds, _uncertain(), runs=30, seed=7)
    b = monte_carlo(preds, _uncertain(), runs=30, seed=7)
    c = monte_carlo(preds, _uncertain(), runs=30, seed=8)
    assert [d.samples.tolist() for d in a] == [d.samples.tolist() for d in b]
    assert a[0].samples.tolist() != c[0].samples.tolist()
    d = a[0]
    assert len(d.samples) == 30 and d.low <= d.median <= d.high
    assert d.outcome == pytest.approx(160 / 3)
    assert sum(h["count"] for h in d.histogram()) == 30


def test_monte_carlo_without_ranges_is_a_point():
    dists = monte_carlo({"cm": Compromise().predict_issue}, issue([0, 100], [1, 1], [1, 1]), runs=50)
    assert dists[0].samples.tolist() == [50.0] and dists[0].low == dists[0].high == 50.0


def test_leverage_of_compromise_by_hand():
    # forecast = (0·1 + 100·3)/4 = 75; without a1 it is 0, without a0 it is 100
    rows = leverage(Compromise().predict_issue, issue([0, 100, 100], [1, 1, 0], [1, 3, 1]), "cm")
    by = {r["actor"]: r for r in rows}
    assert by["a0"]["outcome"] == 75.0
    assert by["a0"]["outcome_without"] == 100.0
    # ∂/∂position of a0 = its weight share 1/4; ∂/∂capability (per pp of total 5) is negative for a0
    assert by["a0"]["d_outcome_d_position"] == pytest.approx(0.25)
    assert by["a0"]["d_outcome_d_capability"] < 0 < by["a1"]["d_outcome_d_capability"]
    assert by["a2"]["d_outcome_d_capability"] == 0.0  # salience 0: capability buys nothing


def test_deu_reading_reproduces_the_reference():
    from detente.bargain.deu import load_deu, mae_record

    path = shared_path("data", "deu", "deu3.csv")
    issues = load_deu(path)
    rec = mae_record(Compromise(), issues)
    assert rec["n"] == 353
    assert abs(rec["mae"] - 23.09) < 0.5
    assert abs(mae_record(Compromise(), load_deu(path, equal_capabilities=True))["mae"] - 23.61) < 0.5
    assert mae_record(Nash(), load_deu(path, equal_capabilities=True), need_status_quo=True)["n"] == 253
