"""A small learned re-ranker over the candidates of the length-2 model (``--model rerank``).

score(q, e) = b_r ξ(r, e) + base(q, e) · exp(θ · g(q, e)), where base is the tuned combination with
length-2 rules (``CombinedPaths``) and g are evidence features that are zero for unlisted
entities, so the background form (and exact fast ranking) is kept. θ minimises a pairwise
logistic loss on log-scores, answer against every other listed candidate of its validation query,
with an L2 penalty. Honesty check inside ``tune``: θ is fitted on the earlier half of the tuning
days and kept only if it raises MRR on the later half; it is then refitted on all tuning queries.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from detente.forecast.base import Progress
from detente.forecast.combined import CombinedPaths
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet
from detente.forecast.rules import path_scores, rule_scores

FEATURE_RECENCY = (1.0, 0.1)  # fixed rule recency (λ, β) of the "rules" feature
FEATURE_PATH_LAMBDA = 0.1
FEATURES = ("recurred", "log count", "recency", "max rule conf", "log rule bodies", "rules",
            "length-2 rules", "xi")


def features(qs: QuerySet) -> np.ndarray:
    """Per listed candidate, evidence features in about [0, 1] (all zero for an unlisted entity)."""
    cnt, dt, maxc, bodies = qs.cnt, np.minimum(qs.last_dt, 1e4), qs.rule_max, qs.rule_n
    return np.stack([
        cnt > 0, np.log1p(cnt) / np.log(100), np.where(cnt > 0, np.exp2(-0.1 * dt), 0.0), maxc,
        np.log1p(bodies) / np.log(100), rule_scores(qs, *FEATURE_RECENCY, path_scale=0.0), path_scores(qs, FEATURE_PATH_LAMBDA),
        np.minimum(qs.cxi * 10, 1.0),
    ], axis=1).astype(np.float64)


def fit_theta(qs: QuerySet, base: np.ndarray, use_bg: np.ndarray, g: np.ndarray, l2: float = 1e-3,
              max_pairs: int = 2_000_000, seed: int = 0) -> np.ndarray:
    """θ by pairwise logistic loss on log-scores (answer vs. each other live listed candidate).

    At most ``max_pairs`` pairs, sampled, to bound memory on large validation sets.
    """
    live = ~qs.cfilt
    live[qs.tgt] = False
    c = np.flatnonzero(live & (base > 0))
    a = qs.tgt[qs.cq[c]]
    ok = base[a] > 0
    a, c = a[ok], c[ok]
    if len(a) > max_pairs:
        pick = np.sort(np.random.default_rng(seed).choice(len(a), max_pairs, replace=False))
        a, c = a[pick], c[pick]
    if len(a) == 0:
        return np.zeros(g.shape[1])
    xi = np.where(use_bg[qs.cq], qs.cxi, 0.0)

    def loss(th: np.ndarray) -> tuple[float, np.ndarray]:
        boost = base * np.exp(g @ th)
        score = xi + boost + 1e-12
        share = boost / score  # d log score / dθ = share · g
        d = np.log(score[a]) - np.log(score[c])
        sig = 0.5 * (1.0 - np.tanh(0.5 * d))  # σ(−d)
        value = float(np.logaddexp(0.0, -d).mean() + l2 * th @ th)
        grad = -((sig * share[a]) @ g[a] - (sig * share[c]) @ g[c]) / len(a) + 2 * l2 * th
        return value, grad

    from scipy.optimize import minimize  # loaded for tuning only, not by every forecast

    return minimize(loss, np.zeros(g.shape[1]), jac=True, method="L-BFGS-B").x


class Reranked(CombinedPaths):
    """Length-2 model whose candidate scores are re-weighted by a learned exp(θ · features)."""

    name = "rerank"

    def __init__(self, l2: float = 1e-3, **kwargs) -> None:
        super().__init__(**kwargs)
        self.l2 = l2
        self.theta = np.zeros(len(FEATURES))
        self.rerank_check: dict = {}

    def sparse(self, qs: QuerySet) -> np.ndarray:
        base = super().sparse(qs)
        if not np.any(self.theta):
            return base
        return base * np.exp(features(qs) @ self.theta)

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        self.theta = np.zeros(len(FEATURES))
        super().tune(qs, progress)
        days = np.unique(qs.t)
        cut = days[len(days) // 2] if len(days) > 1 else days[0] + 1
        early = qs.subset(qs.t < cut)
        if len(early) == 0 or len(early) == len(qs):
            return
        theta = fit_theta(early, super().sparse(early), self.uses_bg(early), features(early), self.l2)
        del early  # one subset at a time: bounded memory on large validation sets
        late = qs.subset(qs.t >= cut)
        base_late, bg_late = super().sparse(late), self.uses_bg(late)
        before = float(np.mean(1.0 / candidate_ranks(late, base_late, bg_late)))
        after = float(np.mean(1.0 / candidate_ranks(late, base_late * np.exp(features(late) @ theta), bg_late)))
        del late, base_late
        self.rerank_check = {"later_half_before": before, "later_half_after": after}
        if after > before:
            base, bg = super().sparse(qs), self.uses_bg(qs)
            theta = fit_theta(qs, base, bg, features(qs), self.l2)
            mrr = float(np.mean(1.0 / candidate_ranks(qs, base * np.exp(features(qs) @ theta), bg)))
            plain = max(self.selection["validation_mrr"].values())
            self.selection["validation_mrr"]["rerank"] = round(mrr, 6)
            if mrr > plain:  # never below the model it re-ranks, on the tuning queries
                self.theta = theta
                self.selection["chosen"] = "rerank"

    def evidence_grid(self) -> EvidenceGrid:
        grid = super().evidence_grid()
        if not np.any(self.theta):
            return grid
        rec = tuple(dict.fromkeys(grid.rule_recency + (FEATURE_RECENCY,)))
        return replace(grid, rule_recency=rec, path_lambdas=tuple(dict.fromkeys(grid.path_lambdas + (FEATURE_PATH_LAMBDA,))))

    def params(self) -> dict:
        out = super().params()
        out.update({"theta": dict(zip(FEATURES, self.theta.round(4).tolist())), **self.rerank_check})
        return out
