"""The gradient-boosted re-ranker: exact fast ranks, background kept for unnamed entities, honest choice."""

from __future__ import annotations

import numpy as np
import pytest

from detente.forecast.boost import FEATURES, BoostConfig, Boosted, features, has_evidence
from detente.forecast.data import with_inverse
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


def test_tuning_records_the_cross_fitted_check_and_keeps_the_trees_only_when_they_help(tuned):
    model, _ = tuned
    check = model.boost_check
    assert set(check) == {"cross_fitted_before", "cross_fitted_after"}
    assert (model.clf is not None) == (check["cross_fitted_after"] > check["cross_fitted_before"])
    assert (model.selection["chosen"] == "boost") == (model.clf is not None)


def test_features_ignore_the_listed_answer_without_evidence(tuned):
    model, queries = tuned
    rows = []
    for qs in (model.query_set(queries), model.query_set(np.c_[queries[:, :2], np.full(len(queries), -1), queries[:, 3]])):
        ev = has_evidence(qs)
        x = features(qs, model._base_full(qs), model.alpha, model.w, R)[ev]
        assert x.shape[1] == len(FEATURES)
        rows.append(dict(zip((qs.cq[ev] * N + qs.ce[ev]).tolist(), map(tuple, x.round(9)))))
    assert rows[0] == rows[1]


def test_boosted_ranks_are_exact_and_unnamed_entities_keep_their_background(tuned):
    model, queries = tuned
    qs = model.query_set(queries)
    clf, exchange = model.clf, model.exchange
    model.clf, model.exchange = model._fit_clf(qs), 10.0  # force the trees in, whatever tuning chose
    try:
        assert model.clf is not None
        assert np.all(model.sparse(qs)[~has_evidence(qs)] == 0.0)
        assert np.allclose(np.sort(model.ranks(qs)), np.sort(full_ranks(model, queries, N)))
    finally:
        model.clf, model.exchange = clf, exchange
