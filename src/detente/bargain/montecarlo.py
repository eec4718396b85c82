"""Monte Carlo over any model: draw the uncertain numbers within their ranges, collect outcomes.

All models see the same draws (common random numbers), so differences between their
distributions come from the models, not from the sampling. A seed makes runs reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from detente.bargain.issue import Issue


@dataclass
class Distribution:
    """Outcomes of one model on one issue: the point forecast and the sampled spread."""

    model: str
    issue: str
    outcome: float
    samples: np.ndarray

    @property
    def median(self) -> float:
        return float(np.median(self.samples))

    @property
    def low(self) -> float:
        return float(np.quantile(self.samples, 0.10))

    @property
    def high(self) -> float:
        return float(np.quantile(self.samples, 0.90))

    def histogram(self, bins: int = 20) -> list[dict]:
        counts, edges = np.histogram(self.samples, bins=bins, range=(0.0, 100.0))
        return [{"issue": self.issue, "model": self.model, "bin_low": float(edges[k]),
                 "bin_high": float(edges[k + 1]), "count": int(c)} for k, c in enumerate(counts)]


def is_uncertain(issue: Issue) -> bool:
    ranges = issue.meta.get("ranges", {})
    return any(np.any(np.asarray(hi) > np.asarray(lo)) for lo, hi in ranges.values())


def draw(issue: Issue, rng: np.random.Generator) -> Issue:
    """One sample of the issue: every ranged number uniform within its range, the rest fixed."""
    ranges = issue.meta.get("ranges", {})
    changes: dict = {}
    for name in ("positions", "saliences", "capabilities"):
        if name in ranges:
            lo, hi = (np.asarray(a, dtype=float) for a in ranges[name])
            changes[name] = rng.uniform(lo, hi)
    if "status_quo" in ranges and issue.status_quo is not None:
        lo, hi = ranges["status_quo"]
        changes["status_quo"] = float(rng.uniform(lo, hi))
    return issue.with_values(**changes)


def monte_carlo(predictors: dict[str, Callable[[Issue], float]], issue: Issue, runs: int = 200,
                seed: int = 0, progress: Callable[[], None] | None = None) -> list[Distribution]:
    """Distributions for every named predictor; point forecasts use the central values."""
    points = {name: f(issue) for name, f in predictors.items()}
    if runs <= 0 or not is_uncertain(issue):
        return [Distribution(n, issue.name, p, np.array([p])) for n, p in points.items()]
    rng = np.random.default_rng(seed)
    samples: dict[str, list[float]] = {name: [] for name in predictors}
    for _ in range(runs):
        sample = draw(issue, rng)
        for name, f in predictors.items():
            samples[name].append(f(sample))
        if progress:
            progress()
    return [Distribution(n, issue.name, points[n], np.array(samples[n])) for n in predictors]


def summary(dists: Sequence[Distribution]) -> list[dict]:
    return [{"issue": d.issue, "model": d.model, "outcome": round(d.outcome, 3), "median": round(d.median, 3),
             "low": round(d.low, 3), "high": round(d.high, 3)} for d in dists]
