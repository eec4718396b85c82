"""``boost``'s scale bounds (``forecast/scale.py``): they apply only to large histories, bound every
setting they name, survive saving, and leave small histories exactly as before."""

from __future__ import annotations

import numpy as np

from detente.forecast.boost import BoostConfig, Boosted
from detente.forecast.data import TKG, with_inverse
from detente.forecast.harness import tuning_queries
from detente.forecast.scale import ScaleBounds
from test_forecast_selection import repetitive_world

R, N = 8, 30
SMALL = dict(max_iter=10, min_samples_leaf=5, max_rows=10_000)


def _fit(bounds: ScaleBounds) -> tuple[Boosted, np.ndarray]:
    hist = repetitive_world(days=40)
    model = Boosted(config=BoostConfig(**SMALL, scale=bounds), path_heads=50, path_bodies=50)
    model.fit(hist[hist[:, 3] < 32], N, R)
    model.observe(hist)
    return model, hist


def test_bounds_apply_only_from_the_threshold_on():
    assert not ScaleBounds(facts=100).applies(99) and ScaleBounds(facts=100).applies(100)
    model, _ = _fit(ScaleBounds())  # the default threshold: millions of facts
    assert not model.large and model.tune_query_cap() is None
    assert model.rules.paths is not None  # length-2 rules as usual


def test_a_large_history_takes_every_bound():
    bounds = ScaleBounds(facts=10, max_rule_rows=20, max_candidates=4, neighbours=5, hubs=2, max_rows=300,
                         tune_queries=50)
    model, hist = _fit(bounds)
    assert model.large and model.tune_query_cap() == 50
    assert model.rules.paths is None and len(model.rules.body_rel)  # length-1 rules only
    grid = model.tuning_grid()
    assert grid.max_candidates == 4 and grid.max_rule_rows == 20 and grid.neighbours == 0
    assert model._max_rows() == 300
    data = TKG("w", hist[hist[:, 3] < 32], hist[hist[:, 3] >= 32], hist[:0], N, R)
    qs = tuning_queries(model, data, 40_000)
    assert len(qs) < len(with_inverse(data.valid, R))  # a sample (at least 20 queries per relation)
    named = (qs.cnt > 0) | (qs.rule_n > 0)
    assert np.bincount(qs.cq[named]).max() <= 4
    model.tune(qs)
    grid = model.evidence_grid()
    assert grid.max_candidates == 4 and grid.neighbour_hubs == 2 and not model.path_w
    assert grid.neighbours == (5 if model.trees is not None else 0)
    queries = with_inverse(hist[hist[:, 3] >= 36], R)
    assert 0 < model.score(hist[hist[:, 3] >= 36]) <= 1 and len(queries)


def test_bounds_survive_saving():
    bounds = ScaleBounds(facts=10, max_candidates=4)
    model, _ = _fit(bounds)
    arrays, plain = model.save_state()
    other = Boosted()
    other.load_state(arrays, plain)
    assert other.large and other.config.scale == bounds


def test_a_store_fit_learns_the_length_2_rules_once(monkeypatch):
    """``fit_model`` relearns the length-1 rules from every event after tuning, never the length-2 ones."""
    import datetime as dt

    from detente.forecast import combined
    from detente.forecast.store_graph import StoreGraph, fit_model

    calls = []
    learn_paths = combined.learn_paths

    def counted(*args, **kwargs):
        calls.append(1)
        return learn_paths(*args, **kwargs)

    monkeypatch.setattr(combined, "learn_paths", counted)
    hist = repetitive_world(days=40)
    g = StoreGraph(hist, [f"C{i}" for i in range(N)], [f"R{i}" for i in range(R)], dt.date(2019, 1, 1),
                   {f"C{i}": i for i in range(N)})
    model = fit_model(g, 40, model_name="paths")
    assert len(calls) == 1  # fit's, on the earlier nine tenths; not again after tuning
    assert model.rules.paths is not None and len(model.rules.body_rel)  # both kinds of rules kept
