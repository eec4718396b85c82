"""A gradient-boosted re-ranker over the per-candidate evidence (``--model boost``).

The length-2 model (``CombinedPaths``) weighs recurrency and rules with one weight per relation.
Whether a candidate with, say, three old occurrences and one strong rule beats one with a single
recent occurrence depends on the relation and on how much history the subject has; a small
gradient-boosted classifier (scikit-learn's ``HistGradientBoostingClassifier``, fixed seed)
learns that from validation queries. Features (``FEATURES``) are the candidate's own evidence
(counts, recencies, ψ at two decays, rule noisy-ORs, best rule confidence, length-2 rules, ξ),
its place among the query's candidates (base score, share of the best, rank), the subject's
history for this relation (how many objects, how many events), the relation's tuned weights, and
the subject's neighbourhood (``neighbours.py``: links in any relation, two-hop Adamic–Adar),
which also names candidates no event or rule names.

Score: a listed candidate with evidence scores ``c · odds(e)`` (the classifier's odds), every
other entity its background ξ as before, so exact fast ranking is kept; ``c`` (the exchange rate
between odds and ξ) is chosen on validation. Entities nobody names are unchanged, and the
explanation of a prediction is still its evidence (past events, rules).

Honesty check inside ``tune``: fitted on the earlier half of the tuning days and kept only if it
raises MRR on the later half over the base model; then refitted on all tuning queries.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from importlib import import_module
from typing import Any, Protocol

import numpy as np

from detente.forecast.base import Progress
from detente.forecast.combined import CombinedPaths
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet
from detente.forecast.recurrency import alpha_weight

FEATURES = ("log base score", "share of best", "log rank", "log count", "recency 0.1", "recency 1",
            "psi 0.1", "psi 1", "rules (1, 0.1)", "rules (0.1, 0)", "max rule conf", "log rule bodies",
            "length-2 rules", "xi", "log objects of (s, r)", "log events of (s, r)", "share of (s, r) events",
            "log candidates", "relation alpha", "relation rule weight", "inverse",
            "log links (any relation)", "log linking relations", "link recency 0.1", "link recency 1",
            "log two-hop Adamic-Adar", "log two-hop paths")
PSI_LAMBDAS = (0.1, 1.0)
RULE_RECENCY = ((1.0, 0.1), (0.1, 0.0))
PATH_LAMBDA = 0.1
EXCHANGE = tuple(10.0 ** (k / 2) for k in range(-10, 5))  # c: odds → ξ units


# Extra feature modules by name → "module:attribute" of a ``FeatureProvider`` (imported when used).
PROVIDERS: dict[str, str] = {"recent": "detente.forecast.recent:RECENT", "peers": "detente.forecast.peers:PEERS"}


class FeatureProvider(Protocol):
    """More columns for the trees, one row per listed candidate of a query set; ``names`` are
    the column names. Reads the past only (the model's ``index`` before each query's time), never
    the answer; state it learns goes into model attributes named ``provider_*`` (reset by ``tune``)."""

    names: tuple[str, ...]

    def __call__(self, qs: QuerySet, model: Any) -> np.ndarray: ...


def provider(name: str) -> FeatureProvider:
    """The registered provider called ``name`` (one-line error for an unknown one)."""
    try:
        where = PROVIDERS[name]
    except KeyError:
        raise ValueError(f"unknown boost feature provider {name!r} (known: {', '.join(PROVIDERS) or 'none'})") from None
    module, attr = where.split(":")
    return getattr(import_module(module), attr)


@dataclass(frozen=True)
class BoostConfig:
    """Settings of the boosted re-ranker (the classifier's and the training sample's)."""

    max_iter: int = 100
    learning_rate: float = 0.1
    max_leaf_nodes: int = 15
    min_samples_leaf: int = 500
    l2_regularization: float = 1.0
    max_rows: int = 600_000  # training rows: every positive, negatives sampled down to this
    neighbours: int = 100  # per query: entities linked to the subject in any relation (0: none)
    providers: tuple[str, ...] = ()  # extra feature modules (``PROVIDERS``: "recent", "peers"), columns after FEATURES
    seed: int = 0

    def feature_names(self) -> tuple[str, ...]:
        return FEATURES + tuple(n for p in self.providers for n in provider(p).names)


def _per_query(qs: QuerySet, x: np.ndarray, how: str) -> np.ndarray:
    if how == "sum":
        return np.bincount(qs.cq, weights=x, minlength=len(qs))
    out = np.full(len(qs), -np.inf)
    np.maximum.at(out, qs.cq, x)
    return out


def has_evidence(qs: QuerySet) -> np.ndarray:
    """Candidates some signal names (the answer and filtered entities are listed without any)."""
    ev = (qs.cnt > 0) | (qs.rule_n > 0)
    if qs.path_alone.shape[1]:
        ev |= qs.path_alone.min(axis=1) < 0
    if qs.nb.shape[1]:
        ev |= (qs.nb[:, 0] > 0) | (qs.nb[:, 3] > 0)
    return ev


def _links(qs: QuerySet) -> list[np.ndarray]:
    """The neighbour features (``neighbours.FEATURES``) of each candidate, zeros when not computed."""
    if not qs.nb.shape[1]:
        return [np.zeros(len(qs.cq))] * 6
    links, rels, dt, aa, paths = qs.nb.T
    on = links > 0
    dt = np.minimum(dt, 1e4)
    return [np.log1p(links), np.log1p(rels), np.where(on, np.exp2(-0.1 * dt), 0.0), np.where(on, np.exp2(-dt), 0.0),
            np.log1p(aa), np.log1p(paths)]


def features(qs: QuerySet, base: np.ndarray, alpha: np.ndarray, w: np.ndarray, R: int) -> np.ndarray:
    """One row per listed candidate (``base``: the base model's full score of each candidate)."""
    grid, n = qs.grid, len(qs.cq)
    cnt = qs.cnt
    dt = np.minimum(qs.last_dt, 1e4)
    psi = qs.psi[:, grid.psi_cols(np.array(PSI_LAMBDAS))]
    rules = [1.0 - np.exp(qs.rule_logs[:, grid.rule_col(*rb)]) for rb in RULE_RECENCY]
    if PATH_LAMBDA in grid.path_lambdas and qs.path_alone.shape[1]:
        paths = 1.0 - np.exp(qs.path_alone[:, grid.path_lambda_col(PATH_LAMBDA)])
    else:
        paths = np.zeros(n)
    ev = has_evidence(qs)  # per-query figures over these only: the answer is listed even without any
    best = _per_query(qs, np.where(ev, base, 0.0), "max")[qs.cq]
    order = np.lexsort((-np.where(ev, base, -1.0), qs.cq))
    start = np.searchsorted(qs.cq[order], qs.cq[order], "left")
    rank = np.empty(n)
    rank[order] = np.arange(n) - start
    objects = _per_query(qs, (cnt > 0).astype(np.float64), "sum")[qs.cq]
    events = _per_query(qs, cnt, "sum")[qs.cq]
    listed = _per_query(qs, ev.astype(np.float64), "sum")[qs.cq]
    r = qs.r[qs.cq]
    return np.stack([
        np.log(base + 1e-12), base / np.maximum(best, 1e-12), np.log1p(rank), np.log1p(cnt),
        np.where(cnt > 0, np.exp2(-0.1 * dt), 0.0), np.where(cnt > 0, np.exp2(-dt), 0.0), psi[:, 0], psi[:, 1],
        rules[0], rules[1], qs.rule_max, np.log1p(qs.rule_n), paths, qs.cxi, np.log1p(objects), np.log1p(events),
        cnt / np.maximum(events, 1.0), np.log1p(listed), alpha[r], np.log1p(w[r]), (r >= R).astype(np.float64),
        *_links(qs),
    ], axis=1)


class Boosted(CombinedPaths):
    """Length-2 model whose listed candidates are re-scored by gradient-boosted trees."""

    name = "boost"

    def __init__(self, config: BoostConfig | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = config or BoostConfig()
        self.clf = None
        self.exchange = 1.0
        self.boost_check: dict = {}

    # -- scoring ----------------------------------------------------------------------------
    def _base_full(self, qs: QuerySet) -> np.ndarray:
        return CombinedPaths.sparse(self, qs) + np.where(self.uses_bg(qs)[qs.cq], qs.cxi, 0.0)

    def _features(self, qs: QuerySet, base_full: np.ndarray, rows: np.ndarray, size: int = 2000) -> np.ndarray:
        """Feature rows of the candidates where ``rows`` holds, ``size`` queries at a time: the
        full matrix over every listed candidate would dwarf the query set itself."""
        alpha = alpha_weight(self.alpha)
        out = []
        for a in range(0, len(qs), size):
            keep = np.zeros(len(qs), bool)
            keep[a:a + size] = True
            ca, cb = np.searchsorted(qs.cq, [a, a + size])
            part = qs.subset(keep)
            cols = [features(part, base_full[ca:cb], alpha, self.w, self.R)]
            cols += [provider(name)(part, self) for name in self.config.providers]
            out.append(np.concatenate(cols, axis=1)[rows[ca:cb]])
        return np.concatenate(out) if out else np.zeros((0, len(self.config.feature_names())))

    def _odds(self, clf, qs: QuerySet, base_full: np.ndarray) -> np.ndarray:
        ev = has_evidence(qs)
        odds = np.zeros(len(qs.cq))
        odds[ev] = np.exp(np.clip(clf.decision_function(self._features(qs, base_full, ev)), -30, 30))
        return odds

    def _sparse_with(self, qs: QuerySet, odds: np.ndarray, c: float) -> np.ndarray:
        bgc = np.where(self.uses_bg(qs)[qs.cq], qs.cxi, 0.0)
        return np.where(has_evidence(qs), c * odds - bgc, 0.0)

    def sparse(self, qs: QuerySet) -> np.ndarray:
        if self.clf is None:
            return CombinedPaths.sparse(self, qs)
        return self._sparse_with(qs, self._odds(self.clf, qs, self._base_full(qs)), self.exchange)

    # -- tuning -----------------------------------------------------------------------------
    def _fit_clf(self, qs: QuerySet):
        from sklearn.ensemble import HistGradientBoostingClassifier

        cfg = self.config
        base = self._base_full(qs)
        rows = has_evidence(qs) & ~qs.cfilt
        y = qs.ctgt
        idx = np.flatnonzero(rows)
        pos, neg = idx[y[idx]], idx[~y[idx]]
        rng = np.random.default_rng(cfg.seed)
        if len(pos) + len(neg) > cfg.max_rows:
            neg = rng.choice(neg, max(cfg.max_rows - len(pos), 1), replace=False)
        idx = np.sort(np.concatenate([pos, neg]))
        if len(pos) == 0 or len(neg) == 0:
            return None
        take = np.zeros(len(qs.cq), bool)
        take[idx] = True
        x = self._features(qs, base, take)
        clf = HistGradientBoostingClassifier(
            max_iter=cfg.max_iter, learning_rate=cfg.learning_rate, max_leaf_nodes=cfg.max_leaf_nodes,
            min_samples_leaf=cfg.min_samples_leaf, l2_regularization=cfg.l2_regularization,
            early_stopping=False, random_state=cfg.seed)
        return clf.fit(x, y[idx])

    def _mrr_with(self, qs: QuerySet, odds: np.ndarray | None, c: float) -> float:
        sparse = CombinedPaths.sparse(self, qs) if odds is None else self._sparse_with(qs, odds, c)
        return float(np.mean(1.0 / candidate_ranks(qs, sparse, self.uses_bg(qs))))

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        """Base model first; then trees cross-fitted over two halves of the tuning days.

        Each half is scored by trees fitted on the other, so the exchange rate ``c`` and the
        keep-or-drop decision are judged on queries the trees never saw; the kept trees are
        then refitted on all tuning queries.
        """
        self.clf = None
        for key in [k for k in vars(self) if k.startswith("provider_")]:
            delattr(self, key)
        super().tune(qs, progress)
        days = np.unique(qs.t)
        if len(days) < 2:
            return
        cut = days[len(days) // 2]
        halves = [qs.t < cut, qs.t >= cut]
        scored = []
        for k in (0, 1):
            clf = self._fit_clf(qs.subset(halves[1 - k]))
            if clf is None:
                return
            part = qs.subset(halves[k])
            scored.append((part, self._odds(clf, part, self._base_full(part))))
        n = len(qs)
        before = sum(self._mrr_with(part, None, 1.0) * len(part) for part, _ in scored) / n
        after, c = max((sum(self._mrr_with(part, odds, c) * len(part) for part, odds in scored) / n, c)
                       for c in EXCHANGE)
        del scored
        self.boost_check = {"cross_fitted_before": round(before, 6), "cross_fitted_after": round(after, 6)}
        self.selection["validation_mrr"]["boost (cross-fitted)"] = round(after, 6)
        if after > before:
            self.clf, self.exchange = self._fit_clf(qs), c
            self.selection["chosen"] = "boost"

    def tuning_grid(self) -> EvidenceGrid:
        return replace(super().tuning_grid(), neighbours=self.config.neighbours)

    def evidence_grid(self) -> EvidenceGrid:
        grid = super().evidence_grid()
        if self.clf is None:
            return grid
        return replace(grid, neighbours=self.config.neighbours, psi_lambdas=tuple(dict.fromkeys(grid.psi_lambdas + PSI_LAMBDAS)),
                       rule_recency=tuple(dict.fromkeys(grid.rule_recency + RULE_RECENCY)),
                       path_lambdas=tuple(dict.fromkeys(grid.path_lambdas + (PATH_LAMBDA,))))

    def params(self) -> dict:
        out = super().params()
        out.update({"boosted": self.clf is not None, "exchange": self.exchange, **self.boost_check})
        return out


def heldout_boost(data, max_tune_queries: int | None = 40_000) -> dict:
    """Later validation half ranked by the length-2 model and by the boosted one (one tuning on the
    earlier half); test is never read. ``python -m detente.forecast.heldout DATA_DIR boost``."""
    from detente.forecast.data import with_inverse
    from detente.forecast.harness import cpu_seconds, peak_rss_mb, tuning_queries
    from detente.forecast.heldout import split_valid
    from detente.forecast.metrics import summarize

    half, cpu0 = split_valid(data), cpu_seconds()
    model = Boosted()
    model.fit(half.train, half.num_entities, half.num_relations)
    model.observe(np.concatenate([half.train, half.valid]))
    model.tune(tuning_queries(model, half, max_tune_queries))
    model.observe(np.concatenate([half.train, half.valid, half.test]))
    clf = model.clf
    ranks: dict[str, list[np.ndarray]] = {"paths": [], "boost": []}
    for block in model.blocks(with_inverse(half.test, half.num_relations)):
        ranks["boost"].append(model.ranks(block))
        model.clf = None
        ranks["paths"].append(model.ranks(block))
        model.clf = clf
    return {"dataset": data.name, "protocol": "tune on earlier half of valid days, rank the later half",
            **{k: summarize(np.concatenate(v)) for k, v in ranks.items()}, "boost_check": model.boost_check,
            "selection": model.selection, "cpu_seconds": round(cpu_seconds() - cpu0, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}

