"""Bargaining models behind one estimator interface: `fit(issues)`, `predict(issues)`, `score(issues)`.

The contract is scikit-learn's (`detente.estimators`): hyperparameters are `__init__` arguments,
`score` is greater-is-better (minus the mean absolute error), `mae` is the error itself.

Every model maps an `Issue` to a forecast on the 0–100 scale, so the DEU harness, the Monte
Carlo layer and the leverage analysis treat them alike. Equations and sources: docs/bargain.md.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from detente.bargain.issue import HIGH, LOW, Issue, weighted_mean, weighted_median
from detente.estimators import Estimator


class BargainModel(Estimator):
    """The shared interface. Models without parameters have a no-op `fit`."""

    name = "model"
    label = "model"

    def fit(self, issues: Sequence[Issue]) -> BargainModel:
        return self

    def predict_issue(self, issue: Issue) -> float:
        raise NotImplementedError

    def predict(self, issues: Sequence[Issue]) -> np.ndarray:
        return np.array([self.predict_issue(i) for i in issues], dtype=float)

    def mae(self, issues: Sequence[Issue]) -> float:
        """Mean absolute error against the recorded outcomes (issues without one are skipped)."""
        known = [i for i in issues if i.outcome is not None]
        if not known:
            return float("nan")
        pred = self.predict(known)
        return float(np.mean(np.abs(pred - np.array([i.outcome for i in known]))))

    def score(self, issues: Sequence[Issue]) -> float:
        """Greater is better, as everywhere in detente: minus ``mae``."""
        return -self.mae(issues)


class Compromise(BargainModel):
    """Achen (2006): the capability × salience weighted mean of positions."""

    name, label = "cm", "compromise"

    def __init__(self, use_capability: bool = True) -> None:
        self.use_capability = use_capability

    def predict_issue(self, issue: Issue) -> float:
        w = issue.weights if self.use_capability else issue.saliences
        return weighted_mean(issue.positions, w)


class Nash(BargainModel):
    """Asymmetric Nash bargaining solution: argmax Π (uᵢ(x) − uᵢ(d))^wᵢ over x ∈ [0, 100].

    d is the reference point (status quo). The product is positive only where every actor with
    weight strictly gains, i.e. on the intersection of the intervals |x − xᵢ| < |d − xᵢ|; that
    interval is the same for linear and quadratic utility, the maximiser is not. When it is
    empty (someone sits at the status quo, or actors lie on both sides of it) no agreement beats
    disagreement for all, and we return the compromise model — the limit of the Nash solution as
    the disagreement point recedes (Achen 2006). The same fallback applies without a status quo.
    """

    name, label = "nash", "Nash bargaining"

    def __init__(self, utility: str = "quadratic", use_capability: bool = True, grid: int = 2001) -> None:
        if utility not in ("linear", "quadratic"):
            raise ValueError(f"utility must be linear or quadratic, not {utility!r}")
        self.utility, self.use_capability, self.grid = utility, use_capability, grid
        self.fallbacks = 0

    def predict_issue(self, issue: Issue) -> float:
        w = issue.weights if self.use_capability else issue.saliences
        active = w > 0
        x, w = issue.positions[active], w[active]
        d = issue.status_quo
        if d is None or len(x) == 0:
            self.fallbacks += 1
            return weighted_mean(issue.positions, issue.weights if self.use_capability else issue.saliences)
        reach = np.abs(d - x)
        lo, hi = max(np.max(x - reach), LOW), min(np.min(x + reach), HIGH)
        if not lo < hi:
            self.fallbacks += 1
            return weighted_mean(x, w)
        grid = np.linspace(lo, hi, self.grid)[1:-1]
        dist = np.abs(grid[:, None] - x[None, :])
        gain = reach[None, :] - dist if self.utility == "linear" else reach[None, :] ** 2 - dist**2
        value = (w[None, :] * np.log(np.maximum(gain, 1e-300))).sum(axis=1)
        return float(grid[np.argmax(value)])


class Median(BargainModel):
    """Naive baseline: the (unweighted) median position, as in the DEU literature."""

    name, label = "median", "median position"

    def predict_issue(self, issue: Issue) -> float:
        return float(np.median(issue.positions))


class WeightedMedian(BargainModel):
    """The capability × salience weighted median (the median voter / Black's theorem)."""

    name, label = "wmedian", "weighted median"

    def predict_issue(self, issue: Issue) -> float:
        return weighted_median(issue.positions, issue.weights)


class Midpoint(BargainModel):
    name, label = "midpoint", "midpoint 50"

    def predict_issue(self, issue: Issue) -> float:
        return 50.0


class StatusQuo(BargainModel):
    """Nothing changes: the reference point (NaN when an issue has none)."""

    name, label = "status_quo", "status quo"

    def predict_issue(self, issue: Issue) -> float:
        return float("nan") if issue.status_quo is None else float(issue.status_quo)


class Blend(BargainModel):
    """λ·compromise + (1−λ)·median, with λ fitted by least absolute error (score it out of sample)."""

    name, label = "blend", "compromise/median blend (fitted)"

    def __init__(self) -> None:
        self.lam = 1.0

    def fit(self, issues: Sequence[Issue]) -> Blend:
        known = [i for i in issues if i.outcome is not None]
        if known:
            cm, med = Compromise().predict(known), Median().predict(known)
            y = np.array([i.outcome for i in known])
            grid = np.linspace(0.0, 1.0, 41)
            errors = [np.mean(np.abs(lam * cm + (1 - lam) * med - y)) for lam in grid]
            self.lam = float(grid[int(np.argmin(errors))])
        return self

    def predict_issue(self, issue: Issue) -> float:
        return self.lam * Compromise().predict_issue(issue) + (1 - self.lam) * Median().predict_issue(issue)


def get_model(name: str, **options) -> BargainModel:
    """A model by its short CLI name (cm, nash, eum, median, …) or a plug-in's (``detente.registry``)."""
    from detente.registry import create

    return create("bargain", name, **options)


def builtin_models() -> dict[str, type[BargainModel]]:
    """The bargaining models that ship with detente, by short name."""
    from detente.bargain.eum import ExpectedUtility
    from detente.bargain.smp import SpatialModelOfPolitics

    return {
        "cm": Compromise,
        "compromise": Compromise,
        "nash": Nash,
        "eum": ExpectedUtility,
        "median": Median,
        "wmedian": WeightedMedian,
        "midpoint": Midpoint,
        "status_quo": StatusQuo,
        "blend": Blend,
        "smp": SpatialModelOfPolitics,
    }

