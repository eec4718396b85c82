"""The EUM against values computed by hand from Scholz, Calbert & Smith's formulas (3 actors)."""

from __future__ import annotations

import numpy as np
import pytest

from detente.bargain.eum import (
    ExpectedUtility,
    basic_utilities,
    expected_utilities,
    resolve_offers,
    risk_exponents,
    win_probabilities,
)
from detente.bargain.issue import Issue

# A at 0, B at 20, C at 100; capabilities 2, 1, 1; saliences 1, 1, 0.5 → weights c·s = 2, 1, 0.5.
X = np.array([0.0, 20.0, 100.0])
C = np.array([2.0, 1.0, 1.0])
S = np.array([1.0, 1.0, 0.5])
W = C * S


def test_win_probabilities_by_hand():
    # P_AB: k=A gains 20 for A; k=B and k=C each 20 for B → 2·20 / (2·20 + 1·20 + 0.5·20) = 40/70
    # P_AC: A +100, B +60 (|20−100|−|20−0|), C −100 → (200 + 60) / (200 + 60 + 50) = 26/31
    # P_BC: A +80, B +80, C −80 → (160 + 80) / (160 + 80 + 40) = 6/7
    p = win_probabilities(X, W)
    assert p[0, 1] == pytest.approx(4 / 7)
    assert p[1, 0] == pytest.approx(3 / 7)
    assert p[0, 2] == pytest.approx(26 / 31)
    assert p[2, 0] == pytest.approx(5 / 31)
    assert p[1, 2] == pytest.approx(6 / 7)
    assert p[2, 1] == pytest.approx(1 / 7)
    assert np.all(np.diag(p) == 0)


def test_clipped_probability_variant():
    # the replication's (Σ …)⁺: P_AB = max(0, (40 − 20 − 10)/70) = 1/7; P_BA = max(0, −1/7) = 0
    p = win_probabilities(X, W, form="clipped")
    assert p[0, 1] == pytest.approx(1 / 7)
    assert p[1, 0] == 0.0


def test_basic_utilities_risk_neutral():
    # r = 1, Δ = 100: U_s = 2g, U_f = −2g, U_b = m + g, U_w = −(m + g), U_sq = 0 (g = gap/Δ, m = |x−μ|/Δ)
    u = basic_utilities(X, mu=0.0, r=np.ones(3), delta=100.0)
    assert u["Us"][0, 1] == pytest.approx(0.4)
    assert u["Uf"][1, 2] == pytest.approx(-1.6)
    assert u["Ub"][2, 1] == pytest.approx(1.0 + 0.8)
    assert u["Uw"][1, 0] == pytest.approx(-(0.2 + 0.2))
    assert np.allclose(u["Usq"], 0.0)
    # risk-averse r = 2: U_s(A,C) = 2 − 4·(0.5 − 0.5)² = 2; U_sq = 2 − 4·0.25 = 1
    u2 = basic_utilities(X, mu=0.0, r=np.full(3, 2.0), delta=100.0)
    assert u2["Us"][0, 2] == pytest.approx(2.0)
    assert u2["Usq"][0] == pytest.approx(1.0)


def _hand_e() -> np.ndarray:
    """E_i(U_ij) = 2g[s_j(2P−1) + 1 − s_j] − (1−Q)(m_i + g) with Q = 0.5, T = 1, r = 1, μ = 0."""
    e = np.zeros((3, 3))
    e[0, 1] = 2 * 0.2 * (1 * (8 / 7 - 1)) - 0.5 * (0 + 0.2)  # −0.3/7
    e[1, 0] = 2 * 0.2 * (1 * (6 / 7 - 1)) - 0.5 * (0.2 + 0.2)  # −1.8/7
    e[0, 2] = 2 * 1.0 * (0.5 * (52 / 31 - 1) + 0.5) - 0.5 * (0 + 1.0)  # 73/62
    e[2, 0] = 2 * 1.0 * (1 * (10 / 31 - 1)) - 0.5 * (1.0 + 1.0)  # −73/31
    e[1, 2] = 2 * 0.8 * (0.5 * (12 / 7 - 1) + 0.5) - 0.5 * (0.2 + 0.8)  # 6.1/7
    e[2, 1] = 2 * 0.8 * (1 * (2 / 7 - 1)) - 0.5 * (1.0 + 0.8)  # −14.3/7
    return e


def test_expected_utilities_by_hand():
    mu = 0.0  # weighted median: A alone holds 2 of the 3.5 weight
    u = basic_utilities(X, mu, np.ones(3), 100.0)
    e = expected_utilities(win_probabilities(X, W), u, S, q=0.5, t=1.0)
    hand = _hand_e()
    assert np.allclose(e, hand)
    assert e[0, 1] == pytest.approx(-0.3 / 7)
    assert e[0, 2] == pytest.approx(73 / 62)
    assert e[2, 1] == pytest.approx(-14.3 / 7)


def test_risk_exponents_by_hand():
    e = _hand_e()
    security = np.array([e[1, 0] + e[2, 0], e[0, 1] + e[2, 1], e[0, 2] + e[1, 2]])
    hi, lo = security.max(), security.min()
    big_r = (2 * security - hi - lo) / (hi - lo)
    hand = (1 - big_r / 3) / (1 + big_r / 3)
    r = risk_exponents(e)
    assert np.allclose(r, hand)
    assert r.min() == pytest.approx(0.5) and r.max() == pytest.approx(2.0)  # R = ±1 at the extremes


def test_one_round_of_moves_by_hand():
    # A and B both profit from challenging C (E > 0); C would lose more than they gain (|E_C| ≥ E),
    # so both offers are capitulations: C takes the closest one and moves to B at 20.
    new_x, moves = resolve_offers(X, _hand_e(), "closest")
    assert new_x.tolist() == [0.0, 20.0, 20.0]
    assert moves == [{"actor": 2, "by": 1, "kind": "capitulation", "from": 100.0, "to": 20.0}]
    # the replication's rule (offer from the sender with the largest E) sends C to A instead
    new_x, moves = resolve_offers(X, _hand_e(), "strongest")
    assert new_x.tolist() == [0.0, 20.0, 0.0]


def test_model_round_matches_hand_computation():
    issue = Issue("t", ("A", "B", "C"), X, S, C)
    model = ExpectedUtility(rounds=1, q=0.5, t=1.0, risk="neutral")
    rnd = model.step(issue, X.copy(), delta=100.0)
    assert np.allclose(rnd.e, _hand_e())
    path, moves = model.run(issue)
    assert path[-1].tolist() == [0.0, 20.0, 20.0]
    assert moves[0]["round"] == 1 and moves[0]["kind"] == "capitulation"
    # forecast = final weighted mean with weights c·s: (2·0 + 1·20 + 0.5·20) / 3.5
    assert model.predict_issue(issue) == pytest.approx(30 / 3.5)


def test_compromise_and_conflict_rules():
    x = np.array([0.0, 100.0])
    # B expects to lose 0.2 by resisting, A gains 0.8: B compromises |−0.2/0.8| = 1/4 of the way
    new_x, moves = resolve_offers(x, np.array([[0.0, 0.8], [-0.2, 0.0]]))
    assert new_x.tolist() == [0.0, 75.0] and moves[0]["kind"] == "compromise"
    # both expect to gain; B's 0.3 is below A's 0.8, so B loses the conflict and moves to A
    new_x, moves = resolve_offers(x, np.array([[0.0, 0.8], [0.3, 0.0]]))
    assert new_x.tolist() == [0.0, 0.0] and moves[0]["kind"] == "conflict"


def test_eum_runs_on_many_actors_quickly_and_stays_in_range():
    rng = np.random.default_rng(1)
    n = 60
    issue = Issue("r", tuple(f"a{i}" for i in range(n)), rng.uniform(0, 100, n), rng.uniform(0, 1, n),
                  rng.uniform(1, 10, n))
    path, _ = ExpectedUtility(rounds=5).run(issue)
    assert path.shape == (6, n)
    assert path.min() >= 0 and path.max() <= 100


def test_who_moved_whom_from_the_hand_case():
    from detente.bargain.leverage import who_moves_whom

    issue = Issue("t", ("A", "B", "C"), X, S, C)
    _, moves = ExpectedUtility(rounds=1, q=0.5, t=1.0, risk="neutral").run(issue)
    assert who_moves_whom(issue, moves) == [{"issue": "t", "actor": "B", "moved": "C", "distance": 80.0, "moves": 1}]
