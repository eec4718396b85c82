"""Leverage: how much each actor's capability and position move a model's forecast.

Finite differences: ∂outcome/∂capability per percentage point of the actor's share of total
capability (central difference, ±1 pp), ∂outcome/∂position per point of position (±1), and
the forecast with the actor removed. In the EUM, who moved whom, and how far, over the rounds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

import numpy as np

from detente.bargain.issue import HIGH, LOW, Issue

Predict = Callable[[Issue], float]


def _capability_slope(predict: Predict, issue: Issue, a: int) -> float:
    caps = issue.capabilities
    step = 0.01 * caps.sum()
    up, down = caps.copy(), caps.copy()
    up[a] += step
    down[a] = max(caps[a] - step, 0.0)
    span = (up[a] - down[a]) / step  # in percentage points of the original total
    if span <= 0:
        return 0.0
    return (predict(issue.with_values(capabilities=up)) - predict(issue.with_values(capabilities=down))) / span


def _position_slope(predict: Predict, issue: Issue, a: int) -> float:
    x = issue.positions
    up, down = x.copy(), x.copy()
    up[a], down[a] = min(x[a] + 1.0, HIGH), max(x[a] - 1.0, LOW)
    span = up[a] - down[a]
    return (predict(issue.with_values(positions=up)) - predict(issue.with_values(positions=down))) / span


def leverage(predict: Predict, issue: Issue, model: str, max_actors: int = 25,
             tick: Callable[[], None] | None = None) -> list[dict]:
    """One record per actor (the `max_actors` heaviest by capability × salience when there are more)."""
    order = np.argsort(-issue.weights, kind="stable")[:max_actors]
    base = predict(issue)
    records = []
    for a in sorted(order):
        without = predict(issue.without(a)) if issue.n > 2 else float("nan")
        records.append({
            "actor": issue.actors[a],
            "issue": issue.name,
            "model": model,
            "outcome": round(float(base), 3),
            "d_outcome_d_capability": round(float(_capability_slope(predict, issue, a)), 4),
            "d_outcome_d_position": round(float(_position_slope(predict, issue, a)), 4),
            "outcome_without": None if np.isnan(without) else round(float(without), 3),
        })
        if tick:
            tick()
    return records


def who_moves_whom(issue: Issue, moves: list[dict]) -> list[dict]:
    """Aggregate EUM moves: for each (mover, mover's challenger) the total distance and count."""
    total: dict[tuple[int, int], list[float]] = defaultdict(list)
    for m in moves:
        total[(m["by"], m["actor"])].append(abs(m["to"] - m["from"]))
    rows = [{"issue": issue.name, "actor": issue.actors[by], "moved": issue.actors[j],
             "distance": round(sum(d), 3), "moves": len(d)} for (by, j), d in total.items()]
    return sorted(rows, key=lambda r: -r["distance"])
