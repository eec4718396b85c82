"""The ranking protocol on hand-made graphs: ties at the expected position, time-aware filtering."""

from __future__ import annotations

import numpy as np
import pytest

from detente.forecast.combined import Combined
from detente.forecast.data import with_inverse
from detente.forecast.metrics import dense_ranks, expected_rank, summarize
from detente.forecast.recurrency import RecurrencyBaseline
from detente.forecast.rules import TemporalRules


def test_expected_rank_formula():
    # nothing above, alone: rank 1; nothing above, tied with two others: positions 1..3 → 2
    assert expected_rank(np.array([0]), np.array([0]))[0] == 1.0
    assert expected_rank(np.array([0]), np.array([2]))[0] == 2.0
    assert expected_rank(np.array([4]), np.array([1]))[0] == 5.5


def test_dense_ranks_ties_and_filter():
    scores = np.array([[3.0, 1.0, 3.0, 2.0]])
    assert dense_ranks(scores, np.array([0]))[0] == 1.5  # tied with entity 2
    filt = np.array([[False, False, True, False]])
    assert dense_ranks(scores, np.array([0]), filt)[0] == 1.0  # entity 2 is another true answer
    assert dense_ranks(scores, np.array([3]))[0] == 3.0
    assert dense_ranks(scores, np.array([3]), filt)[0] == 2.0  # a filtered entity above no longer counts
    zeros = np.zeros((1, 5))
    assert dense_ranks(zeros, np.array([2]))[0] == 3.0  # all tied: the middle, (N + 1) / 2


def test_summary_uses_fractions():
    out = summarize(np.array([1.0, 2.0, 1.5, 20.0]))
    assert out["mrr"] == pytest.approx((1 + 0.5 + 1 / 1.5 + 0.05) / 4)
    assert out["hits@1"] == 0.25 and out["hits@3"] == 0.75 and out["hits@10"] == 0.75


def tiny_history() -> np.ndarray:
    # entities 0..5, relations 0..1, days 0..3
    return np.array([
        [0, 0, 1, 0], [0, 0, 1, 1], [0, 0, 2, 1], [3, 0, 4, 1], [0, 1, 4, 2],
        [5, 0, 1, 2], [0, 0, 1, 3], [0, 0, 2, 3], [3, 1, 0, 3],
    ])


def full_ranks(model, queries: np.ndarray, N: int) -> np.ndarray:
    """Ranks from the dense score matrix with the time-aware filter built by hand."""
    scores = model.score_matrix(queries[:, [0, 1, 3]])
    filt = np.zeros_like(scores, dtype=bool)
    for i, (s, r, o, t) in enumerate(queries.tolist()):
        for s2, r2, o2, t2 in queries.tolist():
            if (s2, r2, t2) == (s, r, t) and o2 != o:
                filt[i, o2] = True
    return dense_ranks(scores, queries[:, 2], filt)


@pytest.mark.parametrize("model_cls", [RecurrencyBaseline, TemporalRules, Combined])
def test_candidate_ranks_equal_dense_ranks(model_cls):
    hist = tiny_history()
    test = hist[hist[:, 3] == 3]
    model = model_cls()
    model.fit(hist[hist[:, 3] < 3], 6, 2)
    model.observe(hist)
    queries = with_inverse(test, 2)
    qs = model.query_set(queries)
    order = np.argsort(queries[:, 3], kind="stable")
    fast = model.ranks(qs)
    slow = full_ranks(model, queries[order], 6)
    assert np.allclose(np.sort(fast), np.sort(slow))


def test_recurrency_filters_other_answers_and_uses_only_the_past():
    hist = tiny_history()
    model = RecurrencyBaseline(lam=0.5, alpha=1.0)
    model.fit(hist, 6, 2)
    # (0, 0, ?, 3): 1 seen at days 0 and 1, 2 seen at day 1; the day-3 facts must not count
    scores = model.score_matrix(np.array([[0, 0, 3]]))[0]
    assert scores[1] > scores[2] > 0 and scores[3] == 0
    qs = model.query_set(with_inverse(hist[hist[:, 3] == 3][:2], 2))
    ranks = model.ranks(qs)
    # both answers of (0, 0, ?, 3) rank first once the other one is filtered out
    assert ranks[0] == 1.0 and ranks[1] == 1.0


def test_random_graphs_fast_ranks_match_dense():
    rng = np.random.default_rng(3)
    N, R = 12, 3
    hist = np.stack([rng.integers(0, N, 300), rng.integers(0, R, 300), rng.integers(0, N, 300),
                     rng.integers(0, 8, 300)], 1)
    hist = hist[hist[:, 0] != hist[:, 2]]
    hist = np.unique(hist, axis=0)
    test = hist[hist[:, 3] >= 6]
    model = Combined()
    model.fit(hist[hist[:, 3] < 5], N, R)
    model.observe(hist)
    model.alpha = rng.choice([0.0, 0.5, 0.99, 1.0], 2 * R)
    queries = with_inverse(test, R)
    order = np.argsort(queries[:, 3], kind="stable")
    fast = model.ranks(model.query_set(queries))
    slow = full_ranks(model, queries[order], N)
    assert np.allclose(np.sort(fast), np.sort(slow))


def test_dropping_background_only_candidates_and_sampling_groups_keep_ranks():
    from detente.forecast.harness import sample_groups

    rng = np.random.default_rng(5)
    N, R = 10, 2
    hist = np.unique(np.stack([rng.integers(0, N, 200), rng.integers(0, R, 200), rng.integers(0, N, 200),
                               rng.integers(0, 6, 200)], 1), axis=0)
    hist = hist[hist[:, 0] != hist[:, 2]]
    model = RecurrencyBaseline(lam=0.2, alpha=0.5)
    model.fit(hist, N, R)
    queries = with_inverse(hist[hist[:, 3] >= 4], R)
    qs = model.query_set(queries)
    assert np.allclose(model.ranks(qs.keep_candidates(qs.cnt > 0)), model.ranks(qs))
    part = sample_groups(queries, len(queries) // 2, seed=1)
    assert 0 < len(part) < len(queries)
    # every kept query keeps all the answers of its (s, r, t) group
    keys = {tuple(q) for q in part[:, [0, 1, 3]].tolist()}
    assert sum(tuple(q) in keys for q in queries[:, [0, 1, 3]].tolist()) == len(part)


def test_background_index_counts_like_searchsorted_per_segment():
    from detente.forecast.queries import BackgroundIndex

    rng = np.random.default_rng(0)
    segs = [np.sort(rng.choice([0.1, 0.25, 0.5, 1 / 3], size=n)) for n in (0, 5, 1, 9)]
    index = BackgroundIndex(segs)
    seg = rng.integers(0, len(segs), 200)
    x = rng.choice([0.0, 0.1, 0.2, 0.25, 1 / 3, 0.5, 0.7], size=200)
    lo, hi = index.below(seg, x)
    assert lo.tolist() == [int(np.searchsorted(segs[k], v, "left")) for k, v in zip(seg, x)]
    assert hi.tolist() == [int(np.searchsorted(segs[k], v, "right")) for k, v in zip(seg, x)]


def test_counts_before_a_time_after_every_occurrence_are_all_of_them():
    """The shortcut for a query after the last fact (a store forecast) counts as the general search."""
    from detente.forecast.index import HistoryIndex

    rng = np.random.default_rng(2)
    facts = np.c_[rng.integers(0, 9, 200), rng.integers(0, 3, 200), rng.integers(0, 9, 200), rng.integers(0, 40, 200)]
    idx = HistoryIndex(facts, 9, 3)
    triples = np.arange(len(idx.triple_key))
    for t in (39, 40, 41, 500):
        general = np.array([np.sum(idx.occ_time[idx.occ_ptr[k]:idx.occ_ptr[k + 1]] < t) for k in triples.tolist()])
        assert idx.count_before(triples, t).tolist() == general.tolist()
        assert idx.count_before(triples, np.full(len(triples), t)).tolist() == general.tolist()
