"""The recurrency baseline (Gastinger et al., IJCAI 2024): history repeats itself.

Strict score ψ(s, r, e, t) = Σ_{earlier (s, r, e, t')} 2^(−λ_r (t − t')) / Σ_{d=1..t−t_min} 2^(−λ_r d):
exponentially decayed past occurrences of the very same triple, normalised to [0, 1].
Relaxed score ξ(r, e) = count(·, r, e) / count(·, r, ·): how often e was the object of r at all.
Combined: α_r ψ + (1 − α_r) ξ, with λ_r and α_r chosen per relation on validation queries.
We rank by ξ + α/(1 − α) ψ, the same order (α = 1 ranks by ψ alone).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from detente.forecast.base import Forecaster, Progress, best_by_relation, geometric_norm
from detente.forecast.evidence import LAMBDAS, EvidenceGrid
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet

ALPHAS = (0.0, 1e-5, 1e-4, 1e-3, 0.01, 0.05, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 0.999, 0.9999, 1.0)


def psi_scores(qs: QuerySet, lam_per_query: np.ndarray) -> np.ndarray:
    """ψ for every listed candidate, with one λ per query."""
    cols = qs.grid.psi_cols(lam_per_query)
    raw = qs.psi[np.arange(len(qs.cq)), cols[qs.cq]]
    norm = geometric_norm(lam_per_query, qs.t - qs.t_min)
    return raw / norm[qs.cq]


def alpha_weight(alpha: np.ndarray) -> np.ndarray:
    """α/(1 − α): ψ's weight next to ξ (1.0 for α = 1, where ξ is dropped)."""
    alpha = np.asarray(alpha, dtype=np.float64)
    return np.where(alpha >= 1.0, 1.0, alpha / np.maximum(1.0 - alpha, 1e-300))


class RecurrencyBaseline(Forecaster):
    """ψ/ξ recurrency baseline with per-relation λ and α."""

    name = "recurrency"
    _param_attrs = {"lam": "default_lam", "alpha": "default_alpha"}  # lam/alpha are learned per relation

    def __init__(self, lam: float = 0.1, alpha: float = 0.99, min_queries: int = 5) -> None:
        super().__init__()
        self.default_lam, self.default_alpha, self.min_queries = lam, alpha, min_queries
        self.lam: np.ndarray = np.empty(0)  # learned per relation (tune); defaults until then
        self.alpha: np.ndarray = np.empty(0)

    def _ensure(self) -> None:
        if len(self.lam) != self.R2:
            self.lam = np.full(self.R2, self.default_lam)
            self.alpha = np.full(self.R2, self.default_alpha)

    def psi(self, qs: QuerySet) -> np.ndarray:
        self._ensure()
        return psi_scores(qs, self.lam[qs.r])

    def sparse(self, qs: QuerySet) -> np.ndarray:
        self._ensure()
        return alpha_weight(self.alpha[qs.r])[qs.cq] * self.psi(qs)

    def uses_bg(self, qs: QuerySet) -> np.ndarray:
        self._ensure()
        return self.alpha[qs.r] < 1.0

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        """Grid over (λ, α), best per relation by validation MRR (overall best where data are thin)."""
        self._ensure()
        qs = qs.keep_candidates(qs.cnt > 0)  # only ψ can lift a candidate above its background here
        combos = [(lam, a) for lam in LAMBDAS for a in ALPHAS]
        gain = np.zeros((len(qs), len(combos)))
        j = 0
        for lam in LAMBDAS:
            psi = psi_scores(qs, np.full(len(qs), lam))
            for a in ALPHAS:
                w = float(alpha_weight(np.array(a)))
                gain[:, j] = 1.0 / candidate_ranks(qs, w * psi, np.full(len(qs), a < 1.0))
                j += 1
            if progress:
                progress(1)
        choice, overall = best_by_relation(gain, qs.r, self.R2, self.min_queries)
        self.lam = np.array([combos[c][0] for c in choice])
        self.alpha = np.array([combos[c][1] for c in choice])
        self.overall = combos[overall]

    def tune_steps(self) -> int:
        return len(LAMBDAS)

    def evidence_grid(self) -> EvidenceGrid:
        self._ensure()
        lams = tuple(sorted(set(np.asarray(self.lam, np.float64).tolist())))
        return replace(EvidenceGrid(), psi_lambdas=lams, rule_recency=(), path_scales=(), path_lambdas=())

    def params(self) -> dict:
        self._ensure()
        return {"lambda_per_relation": self.lam.tolist(), "alpha_per_relation": self.alpha.tolist(),
                "overall": list(getattr(self, "overall", (self.default_lam, self.default_alpha)))}
