"""Length-2 temporal rules and the re-ranker on small hand-made graphs: learning, firing order, exact ranks."""

from __future__ import annotations

import numpy as np

from detente.forecast.combined import CombinedPaths
from detente.forecast.data import load_tkg, with_inverse
from detente.forecast.heldout import heldout
from detente.forecast.index import HistoryIndex
from detente.forecast.paths import learn_paths, path_proposals
from detente.forecast.rerank import FEATURES, Reranked, fit_theta
from test_forecast_bench import write_tkg
from test_forecast_metrics import full_ranks

R = 4  # 0: first hop, 1: second hop, 2: head, 3: noise


def chains(k: int = 8, start: int = 0) -> np.ndarray:
    """(a, 0, b, t), (b, 1, c, t+1) always followed by (a, 2, c, t+3), on fresh entities."""
    rows = []
    for i in range(k):
        a, b, c, t = 3 * i, 3 * i + 1, 3 * i + 2, start + 10 * i
        rows += [(a, 0, b, t), (b, 1, c, t + 1), (a, 2, c, t + 3), (c, 3, a, t)]
    return np.array(rows, np.int64)


def index_of(facts: np.ndarray, N: int = 40) -> HistoryIndex:
    return HistoryIndex(with_inverse(facts, R), N, 2 * R)


def test_learns_the_two_hop_rule_with_its_confidence():
    ptr, r1, r2, conf = learn_paths(index_of(chains()), 2 * R, min_support=2)
    head = slice(ptr[2], ptr[3])
    bodies = dict(zip(zip(r1[head].tolist(), r2[head].tolist()), conf[head].tolist()))
    # 8 groundings, every one followed by the head: 8 / (8 + 5)
    assert np.isclose(bodies[(0, 1)], 8 / 13)
    # the reversed path (c, 1⁻¹, b, t+1), (b, 0⁻¹, a, t) runs backwards in time: no rule for 2⁻¹
    inv = slice(ptr[2 + R], ptr[3 + R])
    assert (1 + R, 0 + R) not in set(zip(r1[inv].tolist(), r2[inv].tolist()))
    # nothing predicts the noise relation from two hops
    assert ptr[4] == ptr[3]


def test_rule_fires_only_on_bodies_in_temporal_order_before_the_query():
    rules = (np.array([0, 0, 0, 1, 1, 1, 1, 1, 1]), np.array([0]), np.array([1]), np.array([0.5]))
    hist = np.array([[30, 0, 31, 100], [31, 1, 32, 101],    # in order: fires from t = 102
                     [34, 1, 35, 100], [33, 0, 34, 101]])   # second hop before the first: never
    idx = index_of(hist)
    s, r = np.array([30, 33]), np.array([2, 2])
    q, e, c, dt = path_proposals(idx, *rules, 102, s, r)
    assert q.tolist() == [0] and e.tolist() == [32] and c.tolist() == [0.5] and dt.tolist() == [1]
    q, *_ = path_proposals(idx, *rules, 101, s, r)
    assert len(q) == 0


def brute_proposals(facts: np.ndarray, rules: tuple, t: int, s: np.ndarray, r: np.ndarray) -> set:
    """(query, entity, confidence, time since the latest second hop) by enumeration."""
    ptr, r1, r2, conf = rules
    past = facts[facts[:, 3] < t]
    best: dict[tuple, int] = {}
    for q, (sq, rq) in enumerate(zip(s.tolist(), r.tolist())):
        for k in range(ptr[rq], ptr[rq + 1]):
            for _, _, z, t1 in past[(past[:, 0] == sq) & (past[:, 1] == r1[k])].tolist():
                for _, _, e, t2 in past[(past[:, 0] == z) & (past[:, 1] == r2[k]) & (past[:, 3] >= t1)].tolist():
                    if e != sq:
                        key = (q, e, k)
                        best[key] = min(best.get(key, t), t - t2)
    return {(q, e, float(conf[k]), dt) for (q, e, k), dt in best.items()}


def test_bodies_shared_by_heads_and_queries_propose_what_enumeration_finds():
    """One subject asking every head (as a store forecast does), heads sharing bodies, repeated queries."""
    rng = np.random.default_rng(3)
    facts = np.c_[rng.integers(0, 12, 300), rng.integers(0, R, 300), rng.integers(0, 12, 300), rng.integers(0, 30, 300)]
    facts = np.unique(facts[facts[:, 0] != facts[:, 2]], axis=0)
    r1 = np.array([0, 1, 0, 0, 1, 2, 0, 1])  # heads 0..3 with two bodies each, (0, 1) and (1, 2) shared
    r2 = np.array([1, 2, 1, 1, 2, 3, 1, 2])
    rules = (np.array([0, 2, 4, 6, 8, 8, 8, 8, 8]), r1 + R * (np.arange(8) % 3 == 2), r2, np.linspace(0.2, 0.9, 8))
    idx = index_of(facts, 12)
    s = np.array([3, 3, 3, 3, 3, 5, 5, 7])
    r = np.array([0, 1, 2, 3, 0, 0, 1, 2])
    got = path_proposals(idx, *rules, 25, s, r, max_per_query=1000, chunk=3)
    found = set(zip(got[0].tolist(), got[1].tolist(), got[2].tolist(), got[3].tolist()))
    assert len(found) == len(got[0]) and found == brute_proposals(with_inverse(facts, R), rules, 25, s, r)


def test_capped_proposals_keep_each_querys_best_entities_grouped_by_query():
    """The cap keeps, per query, the entities with the highest summed confidence (ties: lower
    id) and every proposal of theirs; rows come grouped by query. Also at the day after the last
    fact, as a store forecast asks."""
    rng = np.random.default_rng(5)
    facts = np.c_[rng.integers(0, 15, 500), rng.integers(0, R, 500), rng.integers(0, 15, 500), rng.integers(0, 30, 500)]
    facts = np.unique(facts[facts[:, 0] != facts[:, 2]], axis=0)
    r1 = np.array([0, 1, 0, 2, 1, 3, 0, 1])
    r2 = np.array([1, 2, 3, 1, 0, 1, 2, 0])
    rules = (np.array([0, 2, 4, 6, 8, 8, 8, 8, 8]), r1, r2, np.array([0.5, 0.25, 0.5, 0.5, 0.75, 0.25, 0.5, 0.5]))
    idx = index_of(facts, 15)
    s = np.array([3, 3, 3, 3, 6, 9])
    r = np.array([0, 1, 2, 3, 0, 2])
    for t in (20, int(facts[:, 3].max()) + 1):
        every = brute_proposals(with_inverse(facts, R), rules, t, s, r)  # confidences are exact in binary
        for k_max in (1, 2, 1000):
            q, e, c, dt = path_proposals(idx, *rules, t, s, r, max_per_query=k_max, chunk=4)
            rows = list(zip(q.tolist(), e.tolist(), c.tolist(), dt.tolist()))
            assert q.tolist() == sorted(q.tolist())
            total: dict[tuple, float] = {}
            for qq, ee, cc, _ in sorted(every):
                total[(qq, ee)] = total.get((qq, ee), 0.0) + cc
            keep = set()
            for qq in range(len(s)):
                ranked = sorted((-v, ee) for (q2, ee), v in total.items() if q2 == qq)
                keep |= {(qq, ee) for _, ee in ranked[:k_max]}
            assert set(rows) == {x for x in every if (x[0], x[1]) in keep}


def test_paths_model_proposes_unseen_pairs_and_fast_ranks_match_dense():
    hist = np.concatenate([chains(8), chains(1, start=200) + np.array([30, 0, 30, 0])])
    model = CombinedPaths(path_heads=50, path_bodies=50)
    model.fit(hist[hist[:, 3] < 200], 40, R)
    model.observe(hist[hist[:, 3] < 203])
    # (30, 2, ?, 203): 30 never met 32, but 30 -0-> 31 -1-> 32 before
    qs = model.query_set(np.array([[30, 2, 32, 203]]))
    assert np.any(qs.path_alone[qs.ce == 32] < 0)  # a length-2 proposal names 32
    scores = model.score_matrix(np.array([[30, 2, 203]]))[0]
    assert int(np.argmax(scores)) == 32
    model.observe(hist)
    queries = with_inverse(hist[hist[:, 3] >= 200], R)
    order = np.argsort(queries[:, 3], kind="stable")
    fast = model.ranks(model.query_set(queries))
    slow = full_ranks(model, queries[order], 40)
    assert np.allclose(np.sort(fast), np.sort(slow))


def test_reranker_keeps_exact_ranks_and_learns_a_telling_feature():
    hist = np.concatenate([chains(8), chains(1, start=200) + np.array([30, 0, 30, 0])])
    model = Reranked()
    model.fit(hist[hist[:, 3] < 200], 40, R)
    model.observe(hist)
    model.theta = np.linspace(-1.0, 1.0, len(FEATURES))
    queries = with_inverse(hist[hist[:, 3] >= 100], R)
    order = np.argsort(queries[:, 3], kind="stable")
    qs = model.query_set(queries)
    assert np.allclose(np.sort(model.ranks(qs)), np.sort(full_ranks(model, queries[order], 40)))
    # on a random graph, a feature that marks the answer gets a positive weight, a zero one none
    rng = np.random.default_rng(3)
    hist = np.unique(np.stack([rng.integers(0, 12, 300), rng.integers(0, R, 300), rng.integers(0, 12, 300),
                               rng.integers(0, 8, 300)], 1), axis=0)
    model = Reranked()
    model.fit(hist[hist[:, 3] < 5], 12, R)
    model.observe(hist)
    qs = model.query_set(with_inverse(hist[hist[:, 3] >= 6], R))
    base = model.sparse(qs) + 0.1
    g = np.stack([qs.ctgt.astype(float), np.zeros(len(qs.cq))], axis=1)
    theta = fit_theta(qs, base, model.uses_bg(qs), g, l2=1e-3)
    assert theta[0] > 0.5 and theta[1] == 0.0


def test_heldout_ranks_later_validation_half_for_three_variants(tmp_path):
    write_tkg(tmp_path / "toy")
    data = load_tkg(tmp_path / "toy")
    out = heldout(data)
    assert out["combined"]["queries"] == out["rerank"]["queries"] == 2 * int((data.valid[:, 3] >= 45).sum())
    assert all(0.3 < out[k]["mrr"] <= 1.0 for k in ("combined", "paths", "rerank"))
