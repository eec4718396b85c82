"""The numeric view of one contested issue that every bargaining model consumes.

Scenarios (YAML), KTAB files and DEU rows all reduce to `Issue`: aligned arrays of positions,
saliences (0–1) and capabilities, plus an optional reference point (status quo) and, for
validation data, the recorded outcome. Models never see YAML or CSV.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

LOW, HIGH = 0.0, 100.0


@dataclass(frozen=True)
class Issue:
    """One issue: actor i holds `positions[i]` (0–100) with `saliences[i]` (0–1), `capabilities[i]`."""

    name: str
    actors: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    capabilities: np.ndarray
    status_quo: float | None = None
    outcome: float | None = None
    risk: np.ndarray | None = None  # optional fixed EUM risk exponents (None: computed per round)
    group: str = ""  # e.g. the DEU proposal an issue belongs to (for cross-validation folds)
    meta: dict = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        n = len(self.actors)
        for name in ("positions", "saliences", "capabilities"):
            arr = np.asarray(getattr(self, name), dtype=float)
            if arr.shape != (n,):
                raise ValueError(f"issue {self.name}: {name} has shape {arr.shape}, expected ({n},)")
            object.__setattr__(self, name, arr)

    @property
    def n(self) -> int:
        return len(self.actors)

    @property
    def weights(self) -> np.ndarray:
        """Capability × salience: the effective clout each model starts from."""
        return self.capabilities * self.saliences

    def with_values(self, **changes) -> Issue:
        """A copy with some arrays or fields replaced (Monte Carlo draws, leverage perturbations)."""
        return replace(self, **changes)

    def without(self, index: int) -> Issue:
        """The same issue with actor `index` removed (its leverage: the outcome without it)."""
        keep = np.arange(self.n) != index
        risk = None if self.risk is None else self.risk[keep]
        return replace(
            self,
            actors=tuple(a for i, a in enumerate(self.actors) if i != index),
            positions=self.positions[keep],
            saliences=self.saliences[keep],
            capabilities=self.capabilities[keep],
            risk=risk,
        )


def weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The position where half the weight lies on either side (lower median on an exact tie)."""
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    total = w.sum()
    if total <= 0:
        return float(np.median(values))
    cum = np.cumsum(w)
    return float(v[np.searchsorted(cum, total / 2.0 - 1e-12 * total)])


def weighted_mean(values: np.ndarray, weights: np.ndarray) -> float:
    total = weights.sum()
    if total <= 0:
        return float(values.mean())
    return float((values * weights).sum() / total)
