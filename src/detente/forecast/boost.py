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

from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields, replace
from importlib import import_module
from typing import Any, Protocol

import numpy as np

from detente.forecast.base import Progress
from detente.forecast.combined import Combined, CombinedPaths
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.index import ObjectCounts
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet, iter_blocks
from detente.forecast.recurrency import alpha_weight
from detente.forecast.scale import ScaleBounds
from detente.forecast.trees import TreeArrays

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
# A module that adds features registers here and names itself in ``BoostConfig.providers``.
PROVIDERS: dict[str, str] = {
    "recent": "detente.forecast.recent:RECENT",
    "peers": "detente.forecast.peers:PEERS",
}


class FeatureProvider(Protocol):
    """More columns for the trees, one row per listed candidate of a query set.

    ``names`` are the column names (appended to ``FEATURES`` in the order of
    ``BoostConfig.providers``). A provider may read the query set (``s``, ``r``, ``t``, ``cq``,
    ``ce`` and the evidence columns) and the model (its history ``index``, rules, tuned
    parameters), only ever facts before each query's time, and never the answer (``o``, ``tgt``,
    ``cfilt``): the leak test in ``tests/test_forecast_boost.py`` checks every registered provider.
    State a provider learns goes into model attributes named ``provider_*`` (reset by ``tune``).
    """

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

    max_iter: int = 200  # 100 before fc-edge: cross-fitted ICEWS18 validation 34.99 → 35.27 (docs/forecast.md)
    learning_rate: float = 0.1
    max_leaf_nodes: int = 15
    min_samples_leaf: int = 500
    l2_regularization: float = 1.0
    max_rows: int = 600_000  # training rows: every positive, negatives sampled down to this
    neighbours: int = 100  # per query: entities linked to the subject in any relation (0: none)
    # extra feature modules (``PROVIDERS``), columns after FEATURES; both gain on cross-fitted
    # validation of ICEWS14 and ICEWS18 (docs/forecast.md, section 10)
    providers: tuple[str, ...] = ("recent", "peers")
    block: int = 2000  # queries whose feature rows are built at once (bounds the transient memory)
    seed: int = 0
    scale: ScaleBounds = ScaleBounds()  # cheaper settings on GDELT-sized histories (``scale.py``)

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
    for j in range(qs.path_alone.shape[1]):  # column by column: a reduction along rows of 1–2 values is slow
        ev |= qs.path_alone[:, j] < 0
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
    return np.stack(feature_columns(qs, base, alpha, w, R), axis=1)


def feature_columns(qs: QuerySet, base: np.ndarray, alpha: np.ndarray, w: np.ndarray, R: int) -> list[np.ndarray]:
    """``features``' columns, one array each (written straight into the trees' column-major rows)."""
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
    start = np.searchsorted(qs.cq, np.arange(len(qs)))[qs.cq[order]]  # candidates come sorted by query
    rank = np.empty(n)
    rank[order] = np.arange(n) - start
    objects = _per_query(qs, (cnt > 0).astype(np.float64), "sum")[qs.cq]
    events = _per_query(qs, cnt, "sum")[qs.cq]
    listed = _per_query(qs, ev.astype(np.float64), "sum")[qs.cq]
    r = qs.r[qs.cq]
    return [
        np.log(base + 1e-12), base / np.maximum(best, 1e-12), np.log1p(rank), np.log1p(cnt),
        np.where(cnt > 0, np.exp2(-0.1 * dt), 0.0), np.where(cnt > 0, np.exp2(-dt), 0.0), psi[:, 0], psi[:, 1],
        rules[0], rules[1], qs.rule_max, np.log1p(qs.rule_n), paths, qs.cxi, np.log1p(objects), np.log1p(events),
        cnt / np.maximum(events, 1.0), np.log1p(listed), alpha[r], np.log1p(w[r]), (r >= R).astype(np.float64),
        *_links(qs),
    ]


def _sample_rows(qs: QuerySet, rows: np.ndarray, max_rows: int, seed: int) -> np.ndarray:
    """Training candidates among ``rows``: every answer, the other candidates sampled down to
    ``max_rows`` in all (fixed seed), as a mask over the candidates."""
    y = qs.ctgt
    idx = np.flatnonzero(rows)
    pos, neg = idx[y[idx]], idx[~y[idx]]
    if len(pos) + len(neg) > max_rows:
        neg = np.random.default_rng(seed).choice(neg, max(max_rows - len(pos), 1), replace=False)
    take = np.zeros(len(qs.cq), bool)
    if len(pos) and len(neg):
        take[pos] = take[neg] = True
    return take


class Boosted(CombinedPaths):
    """Length-2 model whose listed candidates are re-scored by gradient-boosted trees."""

    name = "boost"

    def __init__(self, config: BoostConfig | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.config = config or BoostConfig()
        self.trees: TreeArrays | None = None
        self.exchange = 1.0
        self.boost_check: dict = {}
        self.large = False  # the history reached ``config.scale.facts``: the bounds of ``scale.py`` apply

    def fit(self, history: np.ndarray, num_entities: int, num_relations: int) -> Boosted:
        """As any forecaster; first decides, from the history's size, whether the scale bounds apply."""
        self.large = self.config.scale.applies(2 * len(np.asarray(history).reshape(-1, 4)))
        super().fit(history, num_entities, num_relations)
        return self

    def learn(self, facts: np.ndarray) -> None:
        """The length-2 model's rules; on a large history without the length-2 ones (``scale.py``)."""
        if self.large and not self.config.scale.path_rules:
            Combined.learn(self, facts)
        else:
            super().learn(facts)

    def tune_query_cap(self) -> int | None:
        return self.config.scale.tune_queries if self.large else None

    def _bounded(self, grid: EvidenceGrid, neighbours: bool) -> EvidenceGrid:
        """``grid`` with the neighbourhood (when asked) and, on a large history, the scale bounds."""
        b = self.config.scale
        k = self.config.neighbours if neighbours else 0
        if not self.large:
            return replace(grid, neighbours=k)
        return replace(grid, neighbours=min(k, b.neighbours), neighbour_hubs=min(grid.neighbour_hubs, b.hubs),
                       max_candidates=min(grid.max_candidates, b.max_candidates),
                       max_rule_rows=min(grid.max_rule_rows, b.max_rule_rows),
                       max_path_candidates=min(grid.max_path_candidates, b.max_path_candidates))

    def _max_rows(self) -> int:
        return min(self.config.max_rows, self.config.scale.max_rows) if self.large else self.config.max_rows

    # -- scoring ----------------------------------------------------------------------------
    def _base_full(self, qs: QuerySet) -> np.ndarray:
        return CombinedPaths.sparse(self, qs) + np.where(self.uses_bg(qs)[qs.cq], qs.cxi, 0.0)

    def _feature_rows(self, part: QuerySet, base: np.ndarray) -> np.ndarray:
        """Every feature column (``FEATURES``, then the providers') of one block.

        float64, not float32: trees fitted on rounded features split elsewhere (ICEWS14 test MRR
        45.92 against 45.99), and the rows held at once are few (a sample, or one block).
        """
        cols = feature_columns(part, base, alpha_weight(self.alpha), self.w, self.R)
        for name in self.config.providers:
            more = np.asarray(provider(name)(part, self), np.float64).reshape(len(part.cq), -1)
            cols += [more[:, j] for j in range(more.shape[1])]
        out = np.empty((len(cols), len(part.cq))).T  # column-major: the saved trees read it by column, no copy
        for j, col in enumerate(cols):
            out[:, j] = col
        return out

    def _blocks(self, qs: QuerySet, base_full: np.ndarray, rows: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(candidate positions, feature rows) of the candidates where ``rows`` holds, a block of
        ``config.block`` queries at a time: the whole matrix would dwarf the query set."""
        size = self.config.block
        for a in range(0, len(qs), size):
            ca, cb = np.searchsorted(qs.cq, [a, a + size])
            take = rows[ca:cb]
            if not take.any():
                continue
            keep = np.zeros(len(qs), bool)
            keep[a:a + size] = True
            part = qs if keep.all() else qs.subset(keep)  # one block (a store forecast): no copy
            x = self._feature_rows(part, base_full[ca:cb])
            yield ca + np.flatnonzero(take), x if take.all() else x[take]

    def _odds(self, trees: list[TreeArrays], which: np.ndarray, qs: QuerySet, base_full: np.ndarray) -> np.ndarray:
        """Odds of every candidate with evidence, from ``trees[which[c]]`` (zero elsewhere)."""
        odds = np.zeros(len(qs.cq))
        for pos, x in self._blocks(qs, base_full, has_evidence(qs)):
            for k, tr in enumerate(trees):
                mine = which[pos] == k
                if mine.all():  # one set of trees (a saved model's answer): no copy of the rows
                    odds[pos] = np.exp(np.clip(tr.decision(x), -30, 30))
                elif mine.any():
                    odds[pos[mine]] = np.exp(np.clip(tr.decision(x[mine]), -30, 30))
        return odds

    def _sparse_with(self, qs: QuerySet, odds: np.ndarray, c: float) -> np.ndarray:
        bgc = np.where(self.uses_bg(qs)[qs.cq], qs.cxi, 0.0)
        return np.where(has_evidence(qs), c * odds - bgc, 0.0)

    def sparse(self, qs: QuerySet) -> np.ndarray:
        if self.trees is None:
            return CombinedPaths.sparse(self, qs)
        which = np.zeros(len(qs.cq), np.int8)
        return self._sparse_with(qs, self._odds([self.trees], which, qs, self._base_full(qs)), self.exchange)

    # -- tuning -----------------------------------------------------------------------------
    def _fit_trees(self, x: np.ndarray, y: np.ndarray) -> TreeArrays | None:
        from sklearn.ensemble import HistGradientBoostingClassifier

        if not len(y) or y.all() or not y.any():
            return None
        cfg = self.config
        clf = HistGradientBoostingClassifier(
            max_iter=cfg.max_iter, learning_rate=cfg.learning_rate, max_leaf_nodes=cfg.max_leaf_nodes,
            min_samples_leaf=cfg.min_samples_leaf, l2_regularization=cfg.l2_regularization,
            early_stopping=False, random_state=cfg.seed)
        return TreeArrays.from_sklearn(clf.fit(x, y))

    def _training_rows(self, qs: QuerySet, base_full: np.ndarray, take: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, feature rows) of the sampled training candidates, built block by block."""
        got = list(self._blocks(qs, base_full, take))
        if not got:
            return np.zeros(0, np.int64), np.zeros((0, len(self.config.feature_names())))
        return np.concatenate([p for p, _ in got]), np.ascontiguousarray(np.concatenate([x for _, x in got]))

    def _mrr_with(self, qs: QuerySet, odds: np.ndarray | None, c: float) -> float:
        sparse = CombinedPaths.sparse(self, qs) if odds is None else self._sparse_with(qs, odds, c)
        return float(np.mean(1.0 / candidate_ranks(qs, sparse, self.uses_bg(qs))))

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        """Base model first; then trees cross-fitted over two halves of the tuning days.

        Each half is scored by trees fitted on the other, so the exchange rate ``c`` and the
        keep-or-drop decision are judged on queries the trees never saw; the kept trees are
        then refitted on all tuning queries. Memory: the training rows are a sample (at most
        ``max_rows`` per fit), every other feature row lives one block at a time, and
        the query set is never copied whole. The query set is narrowed in place to the
        evidence columns the tuned model reads (tuning is its last use), and built once more
        with those columns and the neighbourhood's candidates for the trees.
        """
        self.trees = None
        super().tune(qs, progress)
        self.tune_trees(qs)

    def tune_trees(self, qs: QuerySet) -> None:
        """The trees alone, on a base model already tuned on ``qs`` (the ablation reuses one base
        tuning for several provider sets this way)."""
        self.trees = None
        for key in [k for k in vars(self) if k.startswith("provider_")]:
            delattr(self, key)
        days = np.unique(qs.t)
        if len(days) < 2:
            return
        cfg = self.config
        _narrow(qs, self._boost_grid(qs.grid))
        qs = self._with_neighbours(qs)
        later = (qs.t >= days[len(days) // 2])[qs.cq].astype(np.int8)  # candidate → half (0 earlier, 1 later)
        base = self._base_full(qs)
        rows = has_evidence(qs) & ~qs.cfilt
        take = [_sample_rows(qs, rows & (later == k), self._max_rows(), cfg.seed) for k in (0, 1)]
        pos, x = self._training_rows(qs, base, take[0] | take[1])
        y = qs.ctgt[pos]
        trees = [self._fit_trees(x[take[k][pos]], y[take[k][pos]]) for k in (0, 1)]
        del x, y, pos
        if trees[0] is None or trees[1] is None:
            return
        odds = self._odds([trees[1], trees[0]], later, qs, base)  # each half scored by the other's trees
        before = self._mrr_with(qs, None, 1.0)
        after, c = max((self._mrr_with(qs, odds, c), c) for c in EXCHANGE)
        del odds, trees
        self.boost_check = {"cross_fitted_before": round(before, 6), "cross_fitted_after": round(after, 6)}
        self.selection["validation_mrr"]["boost (cross-fitted)"] = round(after, 6)
        if after > before:
            pos, x = self._training_rows(qs, base, _sample_rows(qs, rows, self._max_rows(), cfg.seed))
            self.trees, self.exchange = self._fit_trees(x, qs.ctgt[pos]), c
            self.selection["chosen"] = "boost"

    def _boost_grid(self, grid: EvidenceGrid) -> EvidenceGrid:
        """The tuned base model's columns plus those the features read."""
        return replace(grid, psi_lambdas=tuple(dict.fromkeys(super().evidence_grid().psi_lambdas + PSI_LAMBDAS)),
                       rule_recency=tuple(dict.fromkeys(super().evidence_grid().rule_recency + RULE_RECENCY)),
                       path_scales=super().evidence_grid().path_scales,
                       path_lambdas=tuple(dict.fromkeys(super().evidence_grid().path_lambdas + (PATH_LAMBDA,))))

    def tuning_grid(self) -> EvidenceGrid:
        """The base model's grid: the neighbourhood candidates join later (``_with_neighbours``),
        so the many grid columns of the tuning set are never held for them."""
        return self._bounded(super().tuning_grid(), neighbours=False)

    def _with_neighbours(self, qs: QuerySet) -> QuerySet:
        """The (narrowed) tuning queries again, with the neighbourhood's candidates and evidence.

        A second pass over the history for the same queries, with only the tuned columns: the
        base model's evidence is the same as in ``qs`` (each column is computed on its own), and
        candidates the neighbourhood alone names score their background in the base model, so
        its tuning is exactly what it would have been with them.
        """
        if not self.config.neighbours or qs.nb.shape[1]:
            return qs
        queries = np.c_[qs.s, qs.r, qs.o, qs.t]
        grid = self._bounded(qs.grid, neighbours=True)
        counts = ObjectCounts(self.facts, self.N, self.R2)
        return QuerySet.concat(list(iter_blocks(self.index, counts, self.bodies(), queries, grid=grid)), consume=True)

    def evidence_grid(self) -> EvidenceGrid:
        grid = self._bounded(super().evidence_grid(), neighbours=False)
        if self.trees is None:
            return grid
        return self._bounded(self._boost_grid(grid), neighbours=True)

    def params(self) -> dict:
        out = super().params()
        out.update({"boosted": self.trees is not None, "exchange": self.exchange, **self.boost_check})
        return out

    # -- saving (``forecast/saved.py``: a ``Saveable``) -------------------------------------
    def save_state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """The fitted state as arrays and JSON (no pickle): the trees as ``TreeArrays``, the
        settings as a dict, everything else as any forecaster's attributes."""
        from detente.forecast.saved import attribute_state

        arrays, plain = attribute_state(self, skip=("config", "trees"))
        if self.trees is not None:
            arrays.update(self.trees.to_arrays("boost.trees."))
        return arrays, {**plain, "boost.config": asdict(self.config)}

    def load_state(self, arrays: Mapping[str, np.ndarray], plain: dict[str, Any]) -> None:
        """Cheap: numpy only (the trees are evaluated without scikit-learn)."""
        from detente.forecast.saved import restore_attributes

        cfg = plain.get("boost.config", {})
        restore_attributes(self, arrays, {k: v for k, v in plain.items() if k != "boost.config"})
        self.config = BoostConfig(**{**_known(BoostConfig(), cfg), "providers": tuple(cfg.get("providers", ())),
                                     "scale": ScaleBounds(**_known(ScaleBounds(), cfg.get("scale", {})))})
        self.trees = TreeArrays.from_arrays(arrays, "boost.trees.") if "boost.trees.root" in arrays else None


def _known(template: Any, saved: dict[str, Any]) -> dict[str, Any]:
    """The saved settings the dataclass of ``template`` still has: a model saved before a setting
    was dropped still loads (e.g. ``ScaleBounds.path_max_rows``, which only applied while fitting)."""
    names = {f.name for f in fields(template)}
    return {k: v for k, v in saved.items() if k in names}


def _narrow(qs: QuerySet, grid: EvidenceGrid) -> None:
    """Keep only ``grid``'s evidence columns of ``qs`` (in place: frees the tuning grid's memory)."""
    old = qs.grid
    qs.psi = qs.psi[:, old.psi_cols(np.array(grid.psi_lambdas))].copy()
    qs.rule_logs = qs.rule_logs[:, [old.rule_col(*rb) for rb in grid.rule_recency]].copy()
    if qs.path_logs.shape[1]:
        qs.path_logs = qs.path_logs[:, [old.path_col(s, *rb) for s in grid.path_scales for rb in grid.rule_recency]].copy()
    if qs.path_alone.shape[1]:
        qs.path_alone = qs.path_alone[:, [old.path_lambda_col(lam) for lam in grid.path_lambdas]].copy()
    qs.grid = grid


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
    trees = model.trees
    ranks: dict[str, list[np.ndarray]] = {"paths": [], "boost": []}
    for block in model.blocks(with_inverse(half.test, half.num_relations)):
        ranks["boost"].append(model.ranks(block))
        model.trees = None
        ranks["paths"].append(model.ranks(block))
        model.trees = trees
    return {"dataset": data.name, "protocol": "tune on earlier half of valid days, rank the later half",
            **{k: summarize(np.concatenate(v)) for k, v in ranks.items()}, "boost_check": model.boost_check,
            "selection": model.selection, "cpu_seconds": round(cpu_seconds() - cpu0, 1),
            "peak_rss_mb": round(peak_rss_mb(), 1)}

