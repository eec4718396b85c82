"""Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert & Smith (2011).

Vectorised with numpy: one round is a handful of n×n array operations (the win probabilities
by sorted prefix sums, O(n² log n)), so 500 actors take well under a second per round. The equations, and where the paper and the
known replications disagree, are in docs/bargain.md; every choice is a constructor option.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.bargain.issue import Issue, weighted_mean, weighted_median
from detente.bargain.models import BargainModel

KINDS = ("conflict", "compromise", "capitulation")
# Up to this many actors the win probabilities use the direct n³ sum (its rounding is what the
# DEU figures were measured with); above it, the O(n² log n) form of `closer_margins`.
EXACT_UP_TO = 64


def win_probabilities(x: np.ndarray, w: np.ndarray, form: str = "paper") -> np.ndarray:
    """Pᵢⱼ = Σₖ wₖ(|xₖ−xⱼ|−|xₖ−xᵢ|)⁺ / Σₖ wₖ·| |xₖ−xⱼ|−|xₖ−xᵢ| |, with wₖ = cₖsₖ; 0 when xᵢ = xⱼ.

    form="clipped" is the replication variant (Masad 2014): the positive part of the whole
    numerator sum, (Σₖ wₖ(…))⁺, instead of each term's — i.e. max(0, 2P − 1).
    """
    dist = np.abs(x[:, None] - x[None, :])  # dist[k, m] = |x_k - x_m|
    reach = w @ dist  # reach[m] = Σₖ wₖ|xₖ − x_m|, so Σₖ wₖ·diff[k, i, j] = reach[j] − reach[i]
    signed = reach[None, :] - reach[:, None]
    tol = 1e-9 * (float(np.abs(reach).max()) + 1.0)  # exact ties must stay ties despite rounding
    signed[np.abs(signed) < tol] = 0.0
    if len(x) <= EXACT_UP_TO:  # the direct n³ sum: bit-identical to earlier releases on small issues
        diff = dist[:, None, :] - dist[:, :, None]  # diff[k, i, j] = |x_k - x_j| - |x_k - x_i|
        positive = np.tensordot(w, np.maximum(diff, 0.0), axes=1)
    else:
        positive = closer_margins(x, w)
    positive[positive < tol] = 0.0
    bottom = 2 * positive - signed  # Σₖ wₖ|diff| = 2·Σ(diff)⁺ − Σ diff
    bottom[bottom < tol] = 0.0
    top = np.maximum(signed, 0.0) if form == "clipped" else positive
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), 0.0)
    np.fill_diagonal(p, 0.0)
    return p


def closer_margins(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """M[i, j] = Σₖ wₖ(|xₖ−xⱼ| − |xₖ−xᵢ|)⁺ in O(n² log n) instead of n³, from sorted prefix sums.

    On a line only actors on i's side of the midpoint m = (xᵢ+xⱼ)/2 count: those beyond xᵢ add
    |xⱼ−xᵢ| each, those between xᵢ and m add |xᵢ+xⱼ−2xₖ|. So M needs the weight W and weighted
    position WX of actors in two intervals, read off cumulative sums by binary search.
    """
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cw = np.concatenate([[0.0], np.cumsum(ws)])
    cwx = np.concatenate([[0.0], np.cumsum(ws * xs)])
    xi, xj = x[:, None], x[None, :]
    mid = (xi + xj) / 2.0
    gap = np.abs(xj - xi)
    left = xi < xj  # i on the left: count actors at or left of xᵢ, and strictly between xᵢ and m
    at_i_lo, at_i_hi = np.searchsorted(xs, x, "left"), np.searchsorted(xs, x, "right")
    mid_lo, mid_hi = np.searchsorted(xs, mid, "left"), np.searchsorted(xs, mid, "right")
    lo_i, hi_i = at_i_lo[:, None], at_i_hi[:, None]
    # i left of j: beyond = x_k ≤ x_i; between = x_i < x_k < m
    beyond_l = cw[hi_i]
    between_w_l = cw[mid_lo] - cw[hi_i]
    between_x_l = cwx[mid_lo] - cwx[hi_i]
    # i right of j: beyond = x_k ≥ x_i; between = m < x_k < x_i
    beyond_r = cw[-1] - cw[lo_i]
    between_w_r = cw[lo_i] - cw[mid_hi]
    between_x_r = cwx[lo_i] - cwx[mid_hi]
    sums = xi + xj
    m_left = gap * beyond_l + sums * between_w_l - 2.0 * between_x_l
    m_right = gap * beyond_r + 2.0 * between_x_r - sums * between_w_r
    out = np.where(left, m_left, np.where(xi > xj, m_right, 0.0))
    return np.maximum(out, 0.0)


def basic_utilities(x: np.ndarray, mu: float, r: np.ndarray, delta: float) -> dict[str, np.ndarray]:
    """Uₛ, U_f, U_b, U_w (n×n, row = the challenger i, with i's risk rᵢ) and U_sq (n,)."""
    gap = np.abs(x[:, None] - x[None, :]) / delta
    to_mu = np.abs(x - mu)[:, None] / delta
    rr = r[:, None]
    return {
        "Us": 2 - 4 * (0.5 - 0.5 * gap) ** rr,
        "Uf": 2 - 4 * (0.5 + 0.5 * gap) ** rr,
        "Ub": 2 - 4 * np.clip(0.5 - 0.25 * (to_mu + gap), 0.0, None) ** rr,
        "Uw": 2 - 4 * (0.5 + 0.25 * (to_mu + gap)) ** rr,
        "Usq": 2 - 4 * 0.5**r,
    }


def expected_utilities(p: np.ndarray, u: dict[str, np.ndarray], s: np.ndarray, q: float, t: float) -> np.ndarray:
    """Eᵢ(Uᵢⱼ) = sⱼ[P Uₛ + (1−P) U_f] + (1−sⱼ) Uₛ − Q U_sq − (1−Q)[T U_b + (1−T) U_w]; diagonal 0."""
    sj = s[None, :]
    challenge = sj * (p * u["Us"] + (1 - p) * u["Uf"]) + (1 - sj) * u["Us"]
    quo = q * u["Usq"][:, None] + (1 - q) * (t * u["Ub"] + (1 - t) * u["Uw"])
    e = challenge - quo
    np.fill_diagonal(e, 0.0)
    return e


def risk_exponents(e: np.ndarray) -> np.ndarray:
    """rᵢ = (1 − Rᵢ/3)/(1 + Rᵢ/3), Rᵢ = (2Sᵢ − S_max − S_min)/(S_max − S_min), Sᵢ = Σⱼ Eⱼ(Uⱼᵢ)."""
    security = e.sum(axis=0) - np.diag(e)  # what all others expect from challenging i
    hi, lo = security.max(), security.min()
    if hi - lo <= 1e-12:
        return np.ones_like(security)
    big_r = (2 * security - hi - lo) / (hi - lo)
    return (1 - big_r / 3) / (1 + big_r / 3)


@dataclass
class Round:
    """The state one round produced: expected utilities, risk exponents and the accepted moves."""

    e: np.ndarray
    risk: np.ndarray
    p: np.ndarray
    new_x: np.ndarray
    moves: list[dict] = field(default_factory=list)


def resolve_offers(x: np.ndarray, e: np.ndarray, offer_rule: str = "closest") -> tuple[np.ndarray, list[dict]]:
    """Each i with Eᵢ(Uᵢⱼ) > 0 makes j an offer; j takes one (closest, or from the strongest sender).

    Conflict (Eⱼ(Uⱼᵢ) > 0 but below Eᵢ(Uᵢⱼ)): j moves to xᵢ. Compromise (Eⱼ(Uⱼᵢ) ≤ 0 and
    |Eⱼ| < Eᵢ): j moves the fraction |Eⱼ/Eᵢ| of the way to xᵢ. Capitulation (|Eⱼ| ≥ Eᵢ): j moves
    to xᵢ. Row index = sender i, column = receiver j.
    """
    eps = 1e-12  # below this, expected utilities count as equal (or zero): rounding must not decide
    e_ij, e_ji = e, e.T
    sends = (e_ij > eps) & (x[:, None] != x[None, :])
    conflict = sends & (e_ji > eps) & (e_ji < e_ij - eps)
    soft = sends & (e_ji <= eps)
    capitulate = soft & (np.abs(e_ji) >= e_ij - eps)
    compromise = soft & ~capitulate
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.where(compromise, np.abs(e_ji) / np.where(e_ij > 0, e_ij, 1.0), 1.0)
    target = x[None, :] + (x[:, None] - x[None, :]) * frac  # where receiver j would end up
    valid = (conflict | compromise | capitulate) & (np.abs(target - x[None, :]) > 1e-12)
    kind = np.where(conflict, 0, np.where(compromise, 1, 2))
    new_x = x.copy()
    moves: list[dict] = []
    for j in np.flatnonzero(valid.any(axis=0)):
        senders = np.flatnonzero(valid[:, j])
        if offer_rule == "strongest":
            best = e_ij[senders, j].max()
            senders = senders[e_ij[senders, j] >= best - 1e-12]
        i = senders[np.argmin(np.abs(target[senders, j] - x[j]))]
        new_x[j] = target[i, j]
        moves.append({"actor": int(j), "by": int(i), "kind": KINDS[kind[i, j]],
                      "from": float(x[j]), "to": float(target[i, j])})
    return new_x, moves


class ExpectedUtility(BargainModel):
    """Scholz et al.'s EUM: fixed rounds of challenges; forecast = final weighted mean or median."""

    name, label = "eum", "expected utility (BDM/Scholz)"

    def __init__(self, rounds: int = 10, q: float = 1.0, t: float = 1.0, readout: str = "mean",
                 offer_rule: str = "closest", risk: str = "computed", probability: str = "paper") -> None:
        if readout not in ("mean", "median"):
            raise ValueError("readout must be mean or median")
        if offer_rule not in ("closest", "strongest"):
            raise ValueError("offer_rule must be closest or strongest")
        if risk not in ("computed", "neutral"):
            raise ValueError("risk must be computed or neutral")
        if probability not in ("paper", "clipped"):
            raise ValueError("probability must be paper or clipped")
        self.probability = probability
        self.rounds, self.q, self.t = rounds, q, t
        self.readout, self.offer_rule, self.risk = readout, offer_rule, risk

    def step(self, issue: Issue, x: np.ndarray, delta: float) -> Round:
        """One round: r = 1 pass, risk exponents, second pass with them, then offers and moves."""
        s, w = issue.saliences, issue.weights
        mu = weighted_median(x, w)
        p = win_probabilities(x, w, self.probability)
        ones = np.ones(issue.n)
        if issue.risk is not None:
            r = np.asarray(issue.risk, dtype=float)
        elif self.risk == "neutral":
            r = ones
        else:
            r = risk_exponents(expected_utilities(p, basic_utilities(x, mu, ones, delta), s, self.q, self.t))
        e = expected_utilities(p, basic_utilities(x, mu, r, delta), s, self.q, self.t)
        new_x, moves = resolve_offers(x, e, self.offer_rule)
        return Round(e=e, risk=r, p=p, new_x=new_x, moves=moves)

    def run(self, issue: Issue) -> tuple[np.ndarray, list[dict]]:
        """Positions over rounds, shape (rounds + 1, n), and every accepted move with its round."""
        x = issue.positions.astype(float).copy()
        delta = float(x.max() - x.min()) or 1.0
        path: list[np.ndarray] = [x.copy()]
        moves: list[dict] = []
        for k in range(1, self.rounds + 1):
            rnd = self.step(issue, x, delta)
            moves.extend({"round": k, **m} for m in rnd.moves)
            x = rnd.new_x
            path.append(x.copy())
        return np.array(path), moves

    def readout_of(self, issue: Issue, x: np.ndarray) -> float:
        return weighted_mean(x, issue.weights) if self.readout == "mean" else weighted_median(x, issue.weights)

    def predict_issue(self, issue: Issue) -> float:
        if issue.n < 2:
            return float(issue.positions[0]) if issue.n else float("nan")
        path, _ = self.run(issue)
        return self.readout_of(issue, path[-1])
