"""Neighbourhood evidence: names partners and partners' partners, from the past only, never the answer."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from detente.forecast import neighbours as nbm
from detente.forecast.data import with_inverse
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.index import HistoryIndex, ObjectCounts
from detente.forecast.neighbours import FEATURES, neighbour_evidence, neighbour_lines
from detente.forecast.queries import build_block

N, R = 8, 3
# 0 deals with 1 (relation 0, days 1 and 4) and with 2 (relation 1, day 2); 1 deals with 3 (day 3);
# 2 deals with 4 (day 5); 5 deals with 0 only on day 10, the query day, and 6 only after it
HISTORY = np.array([[0, 0, 1, 1], [0, 0, 1, 4], [0, 1, 2, 2], [1, 2, 3, 3], [2, 0, 4, 5],
                    [5, 1, 0, 10], [0, 2, 6, 12]], np.int64)
T = 10


def block(o: int, grid: EvidenceGrid):
    facts = with_inverse(HISTORY, R)
    index = HistoryIndex(facts, N, 2 * R)
    counts = ObjectCounts(facts, N, 2 * R)
    counts.advance(T)
    return build_block(index, counts, None, T, np.array([0]), np.array([2]), np.array([o]), grid)


def named(qs) -> dict[int, dict[str, float]]:
    return {int(e): dict(zip(FEATURES, row.tolist())) for e, row in zip(qs.ce, qs.nb)
            if row[0] > 0 or row[3] > 0}


def test_partners_and_their_partners_are_named_from_the_past_only():
    got = named(block(-1, replace(EvidenceGrid(), neighbours=10)))
    assert set(got) == {1, 2, 3, 4}  # 5 and 6 only link to 0 from day 10 on; 0 is the subject
    assert got[1]["links"] == 2 and got[1]["relations"] == 1 and got[1]["last_dt"] == T - 4
    assert got[2]["links"] == 1 and got[2]["last_dt"] == T - 2
    assert got[3]["links"] == 0 and got[3]["two_hop"] > 0 and got[3]["paths"] == 1
    assert got[1]["two_hop"] == 0  # 1 and 2 share no partner but 0


def test_the_answer_changes_nothing_and_is_not_named_by_itself():
    grid = replace(EvidenceGrid(), neighbours=10)
    blind = named(block(-1, grid))
    for answer in (3, 6, 7):
        qs = block(answer, grid)
        assert named(qs) == blind
        assert answer in qs.ce.tolist()  # listed for ranking, with evidence only if the past gives some


def test_at_most_k_per_kind_and_nothing_when_not_asked():
    assert len(named(block(-1, replace(EvidenceGrid(), neighbours=1)))) <= 2
    assert block(-1, EvidenceGrid()).nb.shape[1] == 0
    facts = with_inverse(HISTORY, R)
    keys, feats = neighbour_evidence(HistoryIndex(facts, N, 2 * R), T, np.array([0, 0, 7]), 10)
    assert feats.shape == (len(keys), len(FEATURES))
    q = keys // N
    assert np.array_equal(np.sort(keys[q == 0] % N), np.sort(keys[q == 1] % N)) and not np.any(q == 2)


def test_explanations_say_what_the_neighbourhood_showed():
    qs = block(-1, replace(EvidenceGrid(), neighbours=10))
    pos = {int(e): i for i, e in enumerate(qs.ce)}
    direct = neighbour_lines(qs, pos[1], "A", "B", lambda back: f"day {T - back}")
    assert direct == ["A and B linked 2× before in 1 relation(s) of any kind, last on day 4"]
    (hop,) = neighbour_lines(qs, pos[3], "A", "D", lambda back: f"day {T - back}")
    assert "two-hop" in hop and "1×" in hop


def test_row_by_row_and_dense_two_hop_sums_agree_and_time_can_go_back():
    """Random graph: both ways of summing over hubs give the same numbers, at any time, in any
    order of times (the pair table advances, or starts again when asked about an earlier time)."""
    rng = np.random.default_rng(3)
    n, r = 25, 4
    facts = with_inverse(np.c_[rng.integers(0, n, 400), rng.integers(0, r, 400), rng.integers(0, n, 400),
                               rng.integers(0, 30, 400)], r)
    index = HistoryIndex(facts, n, 2 * r)
    table = nbm.pair_table(index)
    us = np.arange(n)
    for t in (12, 29, 5, 20):
        table.advance(t)
        sums = [nbm._two_hop(table, us, table_links(table, n), 5, dense) for dense in (True, False)]
        assert np.allclose(sums[0][0], sums[1][0]) and np.array_equal(sums[0][1], sums[1][1])
        assert table.t == t
    keys, feats = neighbour_evidence(HistoryIndex(facts, n, 2 * r), 20, us, 6)  # a fresh table
    neighbour_evidence(index, 25, us, 6)
    again, feats2 = neighbour_evidence(index, 20, us, 6)  # back in time
    assert np.array_equal(keys, again) and np.array_equal(feats, feats2)


def table_links(table, n: int) -> np.ndarray:
    """Occurrences before the table's time of every (subject, partner), subject ≠ partner."""
    out = np.zeros((n, n))
    s = table.key // n
    out[s, table.e] = np.where(s != table.e, table.links, 0)
    return out
