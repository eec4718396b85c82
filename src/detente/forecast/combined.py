"""The combination: recurrency (ψ, ξ) plus temporal rules, weighted per relation on validation.

score(q, e) = ξ(r, e) · [α_r < 1] + a_r · ψ_{λ_r}(q, e) + w_r · rules_{λ_R}(q, e), a_r = α_r/(1 − α_r).

Tuning, all on validation queries: (1) λ_r (and a first α_r) as in the recurrency baseline;
(2) the rules' recency λ_R and a global weight w over a grid; (3) per relation, α_r and w_r
jointly over a grid, keeping the overall best for relations with few validation queries.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from detente.forecast.base import Progress, best_by_relation
from detente.forecast.evidence import PATH_LAMBDAS, PATH_SCALES, RULE_RECENCY, EvidenceGrid
from detente.forecast.metrics import candidate_ranks
from detente.forecast.paths import learn_paths
from detente.forecast.queries import QuerySet, RuleBodies
from detente.forecast.recurrency import ALPHAS, RecurrencyBaseline, alpha_weight, psi_scores
from detente.forecast.rules import learn_rules, path_scores, rule_scores

RULE_WEIGHTS = (0.0, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)


def _mrr(qs: QuerySet, sparse: np.ndarray, use_bg: np.ndarray) -> float:
    return float(np.mean(1.0 / candidate_ranks(qs, sparse, use_bg))) if len(qs) else 0.0


class Combined(RecurrencyBaseline):
    """Recurrency baseline + length-1 temporal rules, combined with weights learned per relation."""

    name = "combined"
    _param_attrs = {"min_queries": "min_joint"}

    def __init__(self, samples: int = 2000, top_k: int = 1000, min_queries: int = 20) -> None:
        super().__init__(min_queries=5)
        self.samples, self.top_k, self.min_joint = samples, top_k, min_queries
        self.prior = 5.0
        self.rules: RuleBodies | None = None
        self.rule_lam = 0.3
        self.rule_beta = 0.1
        self.w: np.ndarray = np.empty(0)
        self.path_scale = 1.0  # weight of length-2 rule confidences (``CombinedPaths`` only)

    def learn(self, facts: np.ndarray) -> None:
        self.rules = learn_rules(self.index, self.R2, samples=self.samples, top_k=self.top_k)

    def bodies(self) -> RuleBodies | None:
        return self.rules

    def _ensure(self) -> None:
        super()._ensure()
        if len(self.w) != self.R2:
            self.w = np.full(self.R2, 1.0)

    def sparse(self, qs: QuerySet) -> np.ndarray:
        self._ensure()
        return super().sparse(qs) + self.w[qs.r][qs.cq] * rule_scores(qs, self.rule_lam, self.rule_beta, path_scale=self.path_scale)

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        super().tune(qs, progress)
        n = len(qs)
        psi = psi_scores(qs, self.lam[qs.r])
        rec_alpha = self.alpha.copy()
        base = alpha_weight(rec_alpha[qs.r])[qs.cq] * psi
        bg = rec_alpha[qs.r] < 1.0
        rec_mrr = _mrr(qs, base, bg)
        best = (-1.0, self.rule_lam, self.rule_beta, 1.0)
        alone = (-1.0, self.rule_lam, self.rule_beta, 1.0)  # the rules component: ξ + w · noisy-OR
        for lam, beta in RULE_RECENCY:
            rs = rule_scores(qs, lam, beta, path_scale=self.path_scale)
            for w in RULE_WEIGHTS:
                best = max(best, (_mrr(qs, base + w * rs, bg), lam, beta, w))
                if w:
                    alone = max(alone, (_mrr(qs, w * rs, np.ones(n, bool)), lam, beta, w))
            if progress:
                progress(1)
        _, self.rule_lam, self.rule_beta, _ = best
        rs = rule_scores(qs, self.rule_lam, self.rule_beta, path_scale=self.path_scale)
        combos = [(a, w) for a in ALPHAS for w in RULE_WEIGHTS]
        gain = np.zeros((n, len(combos)))
        for j, (a, w) in enumerate(combos):
            sp = float(alpha_weight(np.array(a))) * psi + w * rs
            gain[:, j] = 1.0 / candidate_ranks(qs, sp, np.full(n, a < 1.0))
        if progress:
            progress(1)
        choice, overall = best_by_relation(gain, qs.r, self.R2, self.min_joint, self.prior)
        self.alpha = np.array([combos[c][0] for c in choice])
        self.w = np.array([combos[c][1] for c in choice])
        self.overall_joint = combos[overall]
        comb_mrr = float(gain[np.arange(n), choice[qs.r]].mean()) if n else 0.0
        self._select(rec_alpha, rec_mrr, alone, comb_mrr)

    def _select(self, rec_alpha: np.ndarray, rec_mrr: float, alone: tuple, comb_mrr: float) -> None:
        """Keep the combination only if it beats both components on the tuning queries.

        Ties go to the simpler component, so a tuned combination never scores below its best part.
        """
        scores = {"recurrency": rec_mrr, "rules": alone[0], "combined": comb_mrr}
        chosen = max(scores, key=lambda k: (scores[k], k == "recurrency", k == "rules"))
        if chosen == "recurrency":
            self.alpha, self.w = rec_alpha, np.zeros(self.R2)
        elif chosen == "rules":
            _, self.rule_lam, self.rule_beta, w = alone
            self.alpha, self.w = np.zeros(self.R2), np.full(self.R2, w)
        self.selection: dict[str, Any] = {"chosen": chosen, "validation_mrr": {k: round(v, 6) for k, v in scores.items()}}

    def evidence_grid(self) -> EvidenceGrid:
        grid = replace(super().evidence_grid(), rule_recency=((self.rule_lam, self.rule_beta),))
        return replace(grid, path_scales=(self.path_scale,) if self.path_scale else ())

    def tune_steps(self) -> int:
        return super().tune_steps() + len(RULE_RECENCY) + 1

    def params(self) -> dict:
        out = super().params()
        out.update({"rules": len(self.rules.body_rel) if self.rules is not None else 0,
                    "rule_lambda": self.rule_lam, "rule_floor": self.rule_beta, "rule_weight_per_relation": self.w.tolist(),
                    "overall_joint": list(getattr(self, "overall_joint", ())),
                    "selection": getattr(self, "selection", None)})
        return out


PATH_WEIGHTS = (0.0, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)


class CombinedPaths(Combined):
    """The combination plus length-2 cyclic rules (``paths``), in the rules' noisy-OR and on their own.

    score = combination (length-2 confidences × ``path_scale`` inside the rules' noisy-OR)
          + ``path_w`` · noisyOR of the length-2 proposals alone (recency ``path_lam``).
    Tuning: the combination's three steps without length-2 rules, then (scale, weight, λ) over a
    grid with everything else fixed; (0, 0, ·) is the plain combination.
    """

    name = "paths"

    def __init__(self, samples: int = 2000, top_k: int = 1000, min_queries: int = 20,
                 path_heads: int = 400, path_bodies: int = 100, path_top_k: int = 300,
                 path_min_conf: float = 0.002, path_max_rows: int = 400_000_000) -> None:
        super().__init__(samples, top_k, min_queries)
        self.path_heads, self.path_bodies, self.path_top_k = path_heads, path_bodies, path_top_k
        self.path_min_conf = path_min_conf
        # two-hop rows read by rule discovery at most: ICEWS18 reads 312 M (unbounded, unchanged),
        # GDELT-shaped data would read about 40 G (hours); ``paths.discover``
        self.path_max_rows = path_max_rows
        self.path_scale, self.path_w, self.path_lam = 0.0, 0.1, 0.1

    def learn(self, facts: np.ndarray) -> None:
        super().learn(facts)
        assert self.rules is not None  # super().learn set them
        self.rules.paths = learn_paths(self.index, self.R2, **self.path_settings())

    def path_settings(self) -> dict[str, Any]:
        """``learn_paths``'s settings (``Boosted`` bounds them on very large histories)."""
        return {"heads": self.path_heads, "bodies": self.path_bodies, "top_k": self.path_top_k,
                "min_conf": self.path_min_conf, "max_rows": self.path_max_rows}

    def relearn(self, facts: np.ndarray) -> None:
        """Rules again from more facts once tuning is done (a store's fit): the length-1 rules only.

        The length-2 rules learned by ``fit`` stay: their weights were tuned with them, and
        discovering them is most of a fit's cost on a dense store graph.
        """
        paths = self.rules.paths if self.rules is not None else None
        Combined.learn(self, facts)
        assert self.rules is not None
        self.rules.paths = paths

    def sparse(self, qs: QuerySet) -> np.ndarray:
        out = super().sparse(qs)
        # no length-2 term when its weight is 0: its decay need not be in the grid (``boost``
        # narrows the tuning set to the columns it reads), and 0 · score would add nothing
        return out + self.path_w * path_scores(qs, self.path_lam) if self.path_w else out

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        self.path_scale = 0.0
        super().tune(qs, progress)
        psi = psi_scores(qs, self.lam[qs.r])
        base = alpha_weight(self.alpha[qs.r])[qs.cq] * psi
        bg = self.alpha[qs.r] < 1.0
        w = self.w[qs.r][qs.cq]
        plain = _mrr(qs, base + w * rule_scores(qs, self.rule_lam, self.rule_beta, path_scale=0.0), bg)
        best = (plain, 0.0, 0.0, self.path_lam)
        paths = {lam: path_scores(qs, lam) for lam in PATH_LAMBDAS}
        for scale in PATH_SCALES:
            sp = base + w * rule_scores(qs, self.rule_lam, self.rule_beta, path_scale=scale)
            for pw in PATH_WEIGHTS:
                for lam in PATH_LAMBDAS if pw else PATH_LAMBDAS[:1]:
                    mrr = _mrr(qs, sp + pw * paths[lam], bg) if scale or pw else -1.0
                    if mrr > best[0]:  # strictly better than the plain model, or not taken
                        best = (mrr, scale, pw, lam)
        _, self.path_scale, self.path_w, self.path_lam = best
        self.selection["validation_mrr"]["paths"] = round(best[0], 6)
        if self.path_scale or self.path_w:
            self.selection["chosen"] = "paths"

    def evidence_grid(self) -> EvidenceGrid:
        grid = super().evidence_grid()
        return replace(grid, path_lambdas=(self.path_lam,) if self.path_w else ())

    def params(self) -> dict:
        out = super().params()
        paths = self.rules.paths if self.rules is not None else None
        out.update({"path_rules": int(len(paths[1])) if paths is not None else 0, "path_scale": self.path_scale,
                    "path_weight": self.path_w, "path_lambda": self.path_lam})
        return out
