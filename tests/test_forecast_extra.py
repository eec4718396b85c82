"""Feature providers of ``boost``: recent popularity, per-relation decay, peers' objects — from the past only."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from detente.forecast.boost import FEATURES, PROVIDERS, BoostConfig, provider
from detente.forecast.data import with_inverse
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.index import HistoryIndex, ObjectCounts
from detente.forecast.peers import PEERS, top_per_query
from detente.forecast.providers import provider_lines
from detente.forecast.queries import build_block
from detente.forecast.recent import RecentConfig, RecentFeatures, WindowCounts, fit_decay

N, R = 9, 3
T = 10
# 0 and 5 share partners 1 and 2 (relation 0); 5 did relation 2 to 7 (day 6) and to 8 (day 11,
# after the query day); 3 was the object of relation 2 on days 1, 8 and 9 (recently popular)
HISTORY = np.array([[0, 0, 1, 1], [0, 0, 2, 2], [5, 0, 1, 3], [5, 0, 2, 4], [5, 2, 7, 6], [5, 2, 8, 11],
                    [4, 2, 3, 1], [6, 2, 3, 8], [4, 2, 3, 9], [0, 2, 4, 5]], np.int64)


def block(s: int, r: int, o: int, neighbours: int = 10):
    facts = with_inverse(HISTORY, R)
    index = HistoryIndex(facts, N, 2 * R)
    counts = ObjectCounts(facts, N, 2 * R)
    counts.advance(T)
    grid = replace(EvidenceGrid(), neighbours=neighbours)
    return index, build_block(index, counts, None, T, np.array([s]), np.array([r]), np.array([o]), grid)


def by_entity(qs, cols: np.ndarray) -> dict[int, tuple]:
    return {int(e): tuple(row.round(9)) for e, row in zip(qs.ce, cols)}


def test_window_counts_count_the_window_before_t_only():
    wc = WindowCounts(np.array([0, 0, 0, 1]), np.array([1, 5, 9, 5]), T=20)
    assert wc.count(np.array([0, 0, 0, 1]), np.array([9, 10, 3, 5]), 5).tolist() == [1, 2, 1, 0]


def test_window_counts_for_several_windows_are_each_windows_count():
    rng = np.random.default_rng(0)
    wc = WindowCounts(rng.integers(0, 30, 2000), rng.integers(0, 60, 2000), T=64)
    group, t = rng.integers(0, 35, 500), rng.integers(0, 70, 500)
    got = wc.counts(group, t, (1, 7, 30))
    assert all(np.array_equal(g, wc.count(group, t, w)) for g, w in zip(got, (1, 7, 30)))
    assert np.array_equal(got[1], [np.sum((wc.keys >= g * 64 + max(min(x, 63) - 7, 0)) & (wc.keys < g * 64 + min(x, 63)))
                                   for g, x in zip(group, t)])


def test_recent_share_and_subject_activity_by_hand():
    index, qs = block(0, 2, 3)
    rf = RecentFeatures(RecentConfig(windows=(3, 30)))
    model = SimpleNamespace(index=index)
    got = dict(zip(qs.ce.tolist(), rf(qs, model)))
    assert model.provider_recent_decay.shape == (2 * R,)  # fitted at the first call, kept on the model
    # relation 2 before day 10: objects 7 (day 6), 3 (days 1, 8, 9), 4 (day 5); day 11 not yet
    share3, share30, aimed, sr, rec = got[3]
    assert share3 == pytest.approx(2 / 2) and share30 == pytest.approx(3 / 5)
    assert aimed == pytest.approx(np.log1p(2)) and sr == pytest.approx(np.log1p(1))
    assert rec == 0.0  # (0, 2, 3) never happened
    assert len(rf.names) == 5


def test_decay_is_fitted_per_relation_from_the_past_only():
    # relation 0 repeats every day, relation 1 every tenth day; relation 2 repeats only after day 50
    rows = [[0, 0, 1, t] for t in range(40)] + [[0, 1, 2, t] for t in range(0, 40, 10)]
    rows += [[0, 2, 3, t] for t in (60, 61, 62)]
    index = HistoryIndex(np.array(rows), 4, 3)
    lam = fit_decay(index, before=50, prior_gaps=0.0)
    assert lam[0] > lam[1] > 0
    assert lam[2] == pytest.approx(lam[[0, 1]].mean(), rel=1) and np.isfinite(lam).all()
    shrunk = fit_decay(index, before=50, prior_gaps=1000.0)
    assert abs(shrunk[0] - shrunk[1]) < abs(lam[0] - lam[1])  # shrinkage pulls rates together


def test_similar_subjects_objects_of_the_relation_from_the_past_only():
    index, qs = block(0, 2, 7)
    cols = by_entity(qs, PEERS(qs, SimpleNamespace(index=index)))
    assert cols[7][0] > 0 and 0.5 < cols[7][1] < 1  # 5 is most like 0 (3 less so) and did 2 to 7 on day 6
    assert 8 not in cols or cols[8][0] == 0  # 5 → 8 is on day 11, after the query day
    _, qs8 = block(0, 2, 8)
    assert by_entity(qs8, PEERS(qs8, SimpleNamespace(index=index)))[8][0] == 0


def columns(qs, model) -> np.ndarray:
    return np.concatenate([provider(name)(qs, model) for name in PROVIDERS], axis=1)


def test_provider_columns_do_not_see_the_answer():
    index, known = block(0, 2, 7)
    _, unknown = block(0, 2, -1)
    model = SimpleNamespace(index=index)
    a = by_entity(known, columns(known, model))
    b = by_entity(unknown, columns(unknown, model))
    assert b and all(a[e] == b[e] for e in b)
    assert len(BoostConfig(providers=tuple(PROVIDERS)).feature_names()) == len(FEATURES) + columns(known, model).shape[1]


def test_peers_need_the_neighbour_columns_and_give_zeros_without():
    index, qs = block(0, 2, 7, neighbours=0)
    assert not PEERS(qs, SimpleNamespace(index=index)).any()


def test_top_per_query_keeps_the_k_largest_positive_values():
    cq = np.array([0, 0, 0, 1, 1])
    pos = top_per_query(cq, np.array([1.0, 3.0, 2.0, 0.0, 5.0]), 2)
    assert sorted(pos.tolist()) == [1, 2, 4]


def test_unknown_provider_names_are_refused():
    with pytest.raises(ValueError, match="unknown boost feature provider 'nonsense'"):
        BoostConfig(providers=("nonsense",)).feature_names()


def test_explanations_name_the_recent_popularity_and_the_similar_subjects():
    index, qs = block(0, 2, 7)
    model = SimpleNamespace(index=index, config=BoostConfig(providers=tuple(PROVIDERS)))
    names = [f"E{i}" for i in range(N)]
    cand = int(np.flatnonzero(qs.ce == 7)[0])
    lines = provider_lines(model, qs, cand, "E7", "threaten", names)
    assert any("E7 was the target of 'threaten' 1× in the last 30 days" in x for x in lines)
    assert any("entities like the subject (E5)" in x for x in lines)
    assert provider_lines(SimpleNamespace(), qs, cand, "E7", "threaten", names) == []
