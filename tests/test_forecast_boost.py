"""The gradient-boosted re-ranker: exact fast ranks, background kept for unnamed entities, honest choice."""

from __future__ import annotations

import io
import json
from dataclasses import replace

import numpy as np
import pytest

from detente.forecast.boost import FEATURES, PROVIDERS, BoostConfig, Boosted, features, has_evidence
from detente.forecast.data import with_inverse
from detente.forecast.index import ObjectCounts
from detente.forecast.queries import QuerySet, iter_blocks
from detente.forecast.trees import TreeArrays
from test_forecast_metrics import full_ranks
from test_forecast_selection import repetitive_world

R, N = 8, 30


@pytest.fixture(scope="module")
def tuned() -> tuple[Boosted, np.ndarray]:
    """A world of repeated events and noise (``repetitive_world``), tuned once on its last days."""
    hist = repetitive_world(days=40)
    model = Boosted(config=BoostConfig(max_iter=10, min_samples_leaf=5, max_rows=10_000), path_heads=50, path_bodies=50)
    model.fit(hist[hist[:, 3] < 32], N, R)
    model.observe(hist)
    queries = with_inverse(hist[hist[:, 3] >= 32], R)
    queries = queries[np.argsort(queries[:, 3], kind="stable")]
    model.tune(model.query_set(queries))
    return model, queries


@pytest.fixture(scope="module")
def forced(tuned):
    """The tuned fixture's query set and trees fitted on all of it (whatever tuning chose)."""
    model, queries = tuned
    qs = model.query_set(queries)
    return qs, forced_trees(model, qs)


def test_tuning_records_the_cross_fitted_check_and_keeps_the_trees_only_when_they_help(tuned):
    model, _ = tuned
    check = model.boost_check
    assert set(check) == {"cross_fitted_before", "cross_fitted_after"}
    assert (model.trees is not None) == (check["cross_fitted_after"] > check["cross_fitted_before"])
    assert (model.selection["chosen"] == "boost") == (model.trees is not None)


def test_features_ignore_the_listed_answer_without_evidence(tuned):
    model, queries = tuned
    rows = []
    for qs in (model.query_set(queries), model.query_set(np.c_[queries[:, :2], np.full(len(queries), -1), queries[:, 3]])):
        ev = has_evidence(qs)
        x = features(qs, model._base_full(qs), model.alpha, model.w, R)[ev]
        assert x.shape[1] == len(FEATURES)
        config, model.config = model.config, replace(model.config, providers=tuple(PROVIDERS))  # every registered one
        try:
            x = np.c_[x, model._feature_rows(qs, model._base_full(qs))[ev][:, len(FEATURES):]]
        finally:
            model.config = config
        rows.append(dict(zip((qs.cq[ev] * N + qs.ce[ev]).tolist(), map(tuple, x.round(9)))))
    assert rows[0] == rows[1]


def test_boosted_ranks_are_exact_and_unnamed_entities_keep_their_background(tuned, forced):
    model, queries = tuned
    qs, forced_in = forced
    trees, exchange = model.trees, model.exchange
    model.trees, model.exchange = forced_in, 10.0  # force the trees in, whatever tuning chose
    try:
        assert model.trees is not None
        assert np.all(model.sparse(qs)[~has_evidence(qs)] == 0.0)
        assert np.allclose(np.sort(model.ranks(qs)), np.sort(full_ranks(model, queries, N)))
    finally:
        model.trees, model.exchange = trees, exchange


def forced_trees(model: Boosted, qs):
    """Trees fitted on every listed candidate with evidence of ``qs``."""
    base = model._base_full(qs)
    pos, x = model._training_rows(qs, base, has_evidence(qs) & ~qs.cfilt)
    return model._fit_trees(x, qs.ctgt[pos])


def test_tree_arrays_give_the_classifiers_decision_without_it(tuned, forced):
    model, _ = tuned
    qs, trees = forced
    pos, x = model._training_rows(qs, model._base_full(qs), has_evidence(qs))
    x[::7, 3] = np.nan  # missing values take the side the classifier learned
    live = trees.decision(x)
    saved = TreeArrays.from_arrays(trees.to_arrays("t."), "t.")
    assert saved.clf is None
    assert np.allclose(saved.decision(x), live, atol=1e-9)
    assert np.array_equal(saved.decision(x), saved.walk(x))  # the leaf bitmasks: the walk's very floats


@pytest.mark.parametrize("leaves", [3, 15, 31, 40])
def test_leaf_bitmasks_reach_the_leaf_the_walk_reaches(leaves):
    """Trees of up to 16, 32 and 64 leaves (each word size), missing values on both sides."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(leaves)
    x = rng.normal(size=(3000, 6))
    y = x[:, 0] + x[:, 1] * x[:, 2] + rng.normal(size=3000) > 0
    x[::5, 1] = x[::7, 2] = np.nan
    clf = HistGradientBoostingClassifier(max_iter=5, max_leaf_nodes=leaves, min_samples_leaf=5, random_state=0)
    trees = TreeArrays.from_arrays(TreeArrays.from_sklearn(clf.fit(x, y)).to_arrays("t."), "t.")
    test = rng.normal(size=(500, 6))
    test[::3, 1] = test[::4, 2] = np.nan
    assert np.array_equal(trees.decision(test), trees.walk(test))
    assert np.allclose(trees.decision(test), clf.decision_function(test), atol=1e-9)


def test_training_rows_and_cross_fitting_stream_in_blocks(tuned, forced):
    """The feature rows do not depend on how many queries a block holds."""
    model, _ = tuned
    qs, _ = forced
    base = model._base_full(qs)
    rows = has_evidence(qs)
    got = []
    for block in (3, 50, 10_000):
        model.config = replace(model.config, block=block)
        got.append(model._training_rows(qs, base, rows))
    model.config = replace(model.config, block=2000)
    for pos, x in got[1:]:
        assert np.array_equal(pos, got[0][0]) and np.array_equal(x, got[0][1])


class Tenure:
    """A provider for the hook: how long the subject has been seen (reads the past only)."""

    names = ("log subject age",)

    def __call__(self, qs, model):
        first = np.full(model.N, np.inf)
        np.minimum.at(first, model.index.facts[:, 0], model.index.facts[:, 3])
        age = np.where(first[qs.s] < qs.t, qs.t - first[qs.s], 0.0)
        return np.log1p(age)[qs.cq, None]


TENURE = Tenure()


def test_feature_providers_add_columns_and_the_model_tunes_with_them(monkeypatch):
    monkeypatch.setitem(PROVIDERS, "tenure", "test_forecast_boost:TENURE")
    cfg = BoostConfig(max_iter=3, min_samples_leaf=5, max_rows=10_000, providers=("tenure",))
    assert cfg.feature_names() == FEATURES + ("log subject age",)
    hist = repetitive_world(days=24)
    model = Boosted(config=cfg, path_heads=20, path_bodies=20)
    model.fit(hist[hist[:, 3] < 20], N, R)
    model.observe(hist)
    queries = with_inverse(hist[hist[:, 3] >= 20], R)
    qs = model.query_set(queries)
    pos, x = model._training_rows(qs, model._base_full(qs), has_evidence(qs))
    assert x.shape[1] == len(FEATURES) + 1
    model.tune(qs)
    assert model.score(hist[hist[:, 3] >= 22]) > 0


def test_an_unknown_provider_is_a_one_line_error():
    with pytest.raises(ValueError, match="unknown boost feature provider 'nope'"):
        BoostConfig(providers=("nope",)).feature_names()


def test_a_boosted_model_saves_and_loads_without_pickle(tuned, forced):
    model, queries = tuned
    qs, forced_in = forced
    trees, exchange = model.trees, model.exchange
    model.trees, model.exchange = forced_in, 10.0
    try:
        arrays, plain = model.save_state()
        buf = io.BytesIO()
        np.savez_compressed(buf, allow_pickle=False, **arrays)
        z = np.load(io.BytesIO(buf.getvalue()), allow_pickle=False)
        loaded = Boosted()
        plain = json.loads(json.dumps(plain))
        plain["boost.config"]["scale"]["path_max_rows"] = 1  # a setting dropped since it was saved
        loaded.load_state({k: z[k] for k in z.files}, plain)
        assert loaded.config == model.config and loaded.trees is not None and loaded.trees.clf is None
        loaded.observe(repetitive_world(days=40))
        assert np.allclose(loaded.ranks(loaded.query_set(queries)), model.ranks(qs))
    finally:
        model.trees, model.exchange = trees, exchange


def test_neighbours_joining_after_the_base_tuning_change_nothing():
    """Tuning builds its query set without the neighbourhood, then again with it and only the tuned
    columns: the same choice as tuning on one query set with everything."""
    hist = repetitive_world(days=24)
    queries = with_inverse(hist[hist[:, 3] >= 20], R)
    got = []
    for one_pass in (False, True):
        model = Boosted(config=BoostConfig(max_iter=3, min_samples_leaf=5, max_rows=10_000), path_heads=20, path_bodies=20)
        model.fit(hist[hist[:, 3] < 20], N, R)
        model.observe(hist)
        if one_pass:
            grid = replace(model.tuning_grid(), neighbours=model.config.neighbours)
            qs = QuerySet.concat(list(iter_blocks(model.index, ObjectCounts(model.facts, N, 2 * R), model.bodies(),
                                                  queries, grid=grid)))
        else:
            qs = model.query_set(queries)
            assert qs.nb.shape[1] == 0
        model.tune(qs)
        got.append((model.boost_check, model.exchange, model.selection,
                    None if model.trees is None else model.trees.to_arrays("")))
    assert got[0][:3] == got[1][:3]
    assert (got[0][3] is None) == (got[1][3] is None)
    if got[0][3] is not None:
        assert all(np.array_equal(got[0][3][k], got[1][3][k]) for k in got[0][3])


def test_a_base_without_a_length_2_weight_scores_on_a_grid_without_its_decay(tuned):
    """Tuning may leave the length-2 weight at 0 with a decay the trees' narrowed grid does not
    hold (the bundled example after a coder change did): the base model must still score."""
    from detente.forecast.boost import _narrow
    from detente.forecast.combined import CombinedPaths

    model, queries = tuned
    qs = model.query_set(queries)
    _narrow(qs, replace(qs.grid, path_lambdas=(0.1,)))
    kept = model.path_w, model.path_lam
    model.path_w, model.path_lam = 0.0, 0.0
    try:
        assert np.isfinite(CombinedPaths.sparse(model, qs)).all()
    finally:
        model.path_w, model.path_lam = kept
