"""The numeric building blocks of KTAB's spatial model of politics (SMP), vectorised with numpy.

Everything works on KTAB's internal scale (positions and saliences in [0, 1]). Where KTAB adds
numbers one by one, we add them in the same order (`np.cumsum` is sequential), so results agree
with KTAB's to the last bit or nearly: exact ties between bargains are then broken as KTAB
breaks them. The model itself (turns, challenges, bargains) is in `smp.py`; the equations are in
docs/bargain.md.
"""

from __future__ import annotations

import numpy as np

VOTING_RULES = ("binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect")
VICTORY_MODELS = ("linear", "square", "quartic", "octic", "binary")
PCE_MODELS = ("conditional", "markov_incentive", "markov_uniform")
BIG_R_RANGES = ("min", "mid", "max")
BIG_R_ADJUST = ("full", "two_thirds", "half", "one_third", "none")
MIN_COALITION = 1e-8  # KTAB's floor on a coalition's strength (Model::coalitions)


def salience_distance(ideals: np.ndarray, positions: np.ndarray, saliences: np.ndarray) -> np.ndarray:
    """D[i, j] = sqrt(Σₖ ((idealᵢₖ − xⱼₖ) sᵢₖ)² / Σₖ sᵢₖ²): i's salience-weighted distance to j (KTAB bvDiff)."""
    diff = (ideals[:, None, :] - positions[None, :, :]) * saliences[:, None, :]
    num = np.einsum("ijk,ijk->ij", diff, diff)
    den = np.einsum("ik,ik->i", saliences, saliences)[:, None]
    return np.sqrt(num / den)


def basic_utility(d: np.ndarray, r: np.ndarray | float) -> np.ndarray:
    """u = (1 − d)(1 + d R) for d ≤ 1, else (1 − d)(1 + R) (KTAB bsUtil): R > 0 risk-averse."""
    return np.where(d <= 1.0, (1.0 - d) * (1.0 + d * r), (1.0 - d) * (1.0 + r))


def vote(rule: str, w: np.ndarray | float, du: np.ndarray) -> np.ndarray:
    """An actor of weight w votes on a utility difference du (KTAB Model::vote); positive favours the first."""
    if rule == "proportional":
        return w * du
    binary = np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "binary":
        return w * binary
    if rule == "prop_bin":
        return w * ((1 - 0.2) * du + 0.2 * binary)
    if rule == "prop_cubic":
        return w * ((1 - 0.5) * du + 0.5 * du * du * du)
    if rule == "cubic":
        return w * (du * du * du)
    if rule == "asym_prospect":
        return np.where(du < 0.0, w * du, np.where(du > 0.0, (2.0 * w * du) / 3.0, 0.0))
    raise ValueError(f"unknown voting rule {rule!r} (choose from {', '.join(VOTING_RULES)})")


def coalitions(rule: str, w: np.ndarray, u: np.ndarray, block: int = 2_000_000) -> np.ndarray:
    """C[i, j] = strength of the coalition for option i against j; u[k, i] = k's utility of option i.

    As KTAB does, only pairs i > j are voted on (i first), the positive votes go to C[i, j] and
    the negative ones to C[j, i]; each starts at 1e-8 and adds the voters in order (a reduction
    over the first axis adds row after row, so the rounding is KTAB's).
    """
    n_act, m = u.shape
    c = np.full((m, m), MIN_COALITION)
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    rows = max(1, block // max(n_act * m, 1))
    for start in range(0, m, rows):
        sl = slice(start, min(m, start + rows))
        v = vote(rule, w[:, None, None], u[:, sl, None] - u[:, None, :])  # v[k, i, j]
        pos = np.add.reduce(np.maximum(v, 0.0), axis=0, initial=MIN_COALITION)
        neg = np.add.reduce(np.maximum(-v, 0.0), axis=0, initial=MIN_COALITION)
        c[sl] = np.where(lower[sl], pos, c[sl])
        c[:, sl] = np.where(lower[sl].T, neg.T, c[:, sl])  # j's strength against i sits at [j, i]
    return c


def batch_coalitions(rule: str, w: np.ndarray, u: np.ndarray) -> np.ndarray:
    """`coalitions` for a stack of small votes at once: u (g, actors, options) → C (g, options, options)."""
    m = u.shape[-1]
    v = vote(rule, w[None, :, None, None], u[:, :, :, None] - u[:, :, None, :])  # v[g, k, i, j]
    pos = np.add.reduce(np.maximum(v, 0.0), axis=1, initial=MIN_COALITION)
    neg = np.add.reduce(np.maximum(-v, 0.0), axis=1, initial=MIN_COALITION)
    lower = np.tril(np.ones((m, m), dtype=bool), -1)
    c = np.where(lower, pos, np.where(lower.T, np.swapaxes(neg, -1, -2), MIN_COALITION))
    return c


def victory_probabilities(model: str, c: np.ndarray) -> np.ndarray:
    """P[i, j] = probability option i beats j from coalition strengths (KTAB Model::vProb); P[i, i] = 1/2."""
    s1, s2 = c, np.swapaxes(c, -1, -2)
    if model == "linear":
        x1, x2 = s1, s2
    elif model == "square":
        x1, x2 = s1 * s1, s2 * s2
    elif model == "quartic":
        x1, x2 = (s1 * s1) ** 2, (s2 * s2) ** 2
    elif model == "octic":
        x1, x2 = ((s1 * s1) ** 2) ** 2, ((s2 * s2) ** 2) ** 2
    elif model == "binary":
        thresh, min_x = 1.10, 1e-6
        p12 = ((s1 / (s1 + s2)) * (thresh + 1.0) - 1.0) / (thresh - 1.0)
        x1 = np.where(s1 >= thresh * s2, 1.0, np.where(s2 >= thresh * s1, min_x, p12))
        x2 = np.where(s1 >= thresh * s2, min_x, np.where(s2 >= thresh * s1, 1.0, 1.0 - p12))
    else:
        raise ValueError(f"unknown victory model {model!r} (choose from {', '.join(VICTORY_MODELS)})")
    p = x1 / (x1 + x2)
    m = p.shape[-1]
    p[..., np.arange(m), np.arange(m)] = 0.5
    return p


def _conditional(pv: np.ndarray) -> np.ndarray:
    """Probability each option beats all others, conditional on one doing so (KTAB condPCE)."""
    p = np.cumprod(pv, axis=-1)[..., -1]
    total = np.cumsum(p, axis=-1)[..., -1:]
    if not np.all(total > 0):  # products underflowed (hundreds of options): same ratios, taken in logs
        logs = np.log(np.maximum(pv, 1e-300)).sum(axis=-1)
        p = np.exp(logs - logs.max(axis=-1, keepdims=True))
        total = p.sum(axis=-1, keepdims=True)
    return p / total


def _markov_uniform(pv: np.ndarray, tol: float = 1e-6) -> np.ndarray:
    m = len(pv)
    p = np.full(m, 1.0 / m)
    for _ in range(1000):
        q = (pv * (p[:, None] + p[None, :])).sum(axis=1) / m
        change = np.abs(q - p).max()
        p = (p + q) / 2.0
        if change <= tol:
            break
    return p


def _markov_incentive(c: np.ndarray, pv: np.ndarray, tol: float = 1e-8) -> np.ndarray:
    incentive = c * pv + np.eye(len(c)) * 1e-10
    challenge = incentive / incentive.sum(axis=0, keepdims=True)  # challenge[i, j] = P[i challenges j]
    p = np.full(len(c), 1.0 / len(c))
    for _ in range(1000):
        ct = p[:, None] * challenge.T
        q = (pv * (ct + ct.T)).sum(axis=1)
        change = np.abs(q - p).max()
        p = (p + q) / 2.0
        if change <= tol:
            break
    return p


def option_probabilities(pce: str, victory: str, c: np.ndarray) -> np.ndarray:
    """Each option's probability of prevailing (KTAB Model::probCE2)."""
    pv = victory_probabilities(victory, c)
    if pce == "conditional":
        return _conditional(pv)
    if pce == "markov_uniform":
        return _markov_uniform(pv)
    if pce == "markov_incentive":
        return _markov_incentive(c, pv)
    raise ValueError(f"unknown PCE model {pce!r} (choose from {', '.join(PCE_MODELS)})")


def batch_pce(w: np.ndarray, u: np.ndarray, rule: str, victory: str, pce: str) -> np.ndarray:
    """`scalar_pce` for a stack of votes of the same size: u (g, actors, options) → (g, options)."""
    if pce == "conditional":
        return _conditional(victory_probabilities(victory, batch_coalitions(rule, w, u)))
    return np.stack([scalar_pce(w, one, rule, victory, pce) for one in u])


def scalar_pce(w: np.ndarray, u: np.ndarray, rule: str, victory: str, pce: str) -> np.ndarray:
    """Probabilities of the options (columns of u) when the actors (rows) vote with weights w."""
    return option_probabilities(pce, victory, coalitions(rule, w, u))


def big_r(p: np.ndarray, rng: str) -> np.ndarray:
    """Risk attitudes from win probabilities (KTAB bigRfromProb): the likeliest winner is most averse."""
    lo, hi = p.min(), p.max()
    if hi - lo <= 0:
        return np.zeros_like(p)
    if rng == "min":
        return (p - lo) / (hi - lo)
    if rng == "mid":
        return (3 * p - (hi + 2 * lo)) / (2 * (hi - lo))
    if rng == "max":
        return (2 * p - (hi + lo)) / (hi - lo)
    raise ValueError(f"unknown big-R range {rng!r} (choose from {', '.join(BIG_R_RANGES)})")


def estimated_risk(r_h: np.ndarray, r_i: np.ndarray, adjust: str) -> np.ndarray:
    """h's estimate of i's risk attitude (KTAB estNRA), anchored on h's own."""
    if adjust == "full":
        return r_i + 0.0 * r_h
    if adjust == "two_thirds":
        return (r_h + (2.0 * r_i)) / 3.0
    if adjust == "half":
        return (r_h + r_i) / 2
    if adjust == "one_third":
        return ((2.0 * r_h) + r_i) / 3.0
    if adjust == "none":
        return r_h + 0.0 * r_i
    raise ValueError(f"unknown big-R adjustment {adjust!r} (choose from {', '.join(BIG_R_ADJUST)})")


def unique_positions(x: np.ndarray, tol: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Indices of distinct positions (first of each) and, per actor, which distinct one it holds.

    Positions closer than `tol` (Euclidean, on the 0–1 scale) count as one, as in KTAB; an actor
    near several representatives takes the last, as KTAB's posProb does.
    """
    d = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=2))
    close = d < tol
    reps: list[int] = []
    for i in range(len(x)):
        if not any(close[i, r] for r in reps):
            reps.append(i)
    reps_arr = np.array(reps)
    match = close[:, reps_arr]
    last = match.shape[1] - 1 - np.argmax(match[:, ::-1], axis=1)
    return reps_arr, last
