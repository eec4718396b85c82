"""Time-aware filtered ranks with ties at their expected position, and the usual summaries.

Protocol (Gastinger et al., ECML PKDD 2023): for a query ``(s, r, ?, t)`` with answer o, every
other entity e with ``(s, r, e, t)`` also true is removed; the rest are ranked by score. With G
entities scoring strictly higher and k entities tied with the answer (the answer included), the
answer's position is uniform over G+1 … G+k, so its rank is the expectation
``G + (k + 1) / 2``. MRR is the mean of 1/rank, Hits@n the share of ranks ≤ n.
"""

from __future__ import annotations

import numpy as np


def expected_rank(greater: np.ndarray, tied_others: np.ndarray) -> np.ndarray:
    """``greater + (k + 1) / 2`` with ``k = tied_others + 1`` (the answer itself)."""
    return greater + (tied_others + 2) / 2.0


def dense_ranks(scores: np.ndarray, targets: np.ndarray, filtered: np.ndarray | None = None) -> np.ndarray:
    """Reference implementation on a full score matrix; ``filtered[i, e]`` removes entity e from query i."""
    scores = np.asarray(scores, dtype=np.float64)
    rows = np.arange(len(targets))
    best = scores[rows, targets]
    keep = np.ones(scores.shape, bool) if filtered is None else ~np.asarray(filtered, bool)
    keep[rows, targets] = False
    greater = ((scores > best[:, None]) & keep).sum(1)
    tied = ((scores == best[:, None]) & keep).sum(1)
    return expected_rank(greater, tied)


def candidate_ranks(qs, sparse: np.ndarray, use_bg: np.ndarray) -> np.ndarray:
    """Exact ranks of each query's answer when score = ``use_bg[q] · ξ(r_q, e) + sparse(q, e)``.

    ``sparse`` is aligned with ``qs.cq`` / ``qs.ce`` and is zero for entities not listed; entities
    outside the list are counted from the sorted background values of the query's (r, t), then
    the listed ones are corrected. Needs every query to have its answer listed (``qs.tgt >= 0``).
    """
    nq = len(qs)
    if np.any(qs.tgt < 0):
        raise ValueError("every ranked query needs its answer")
    # candidates are sorted by query and every query lists its answer: one run of cq per query
    start = np.searchsorted(qs.cq, np.arange(nq))
    size = np.diff(np.append(start, len(qs.cq)))
    bgq = np.asarray(use_bg, bool)
    bgc = qs.cxi * np.repeat(bgq, size)
    score = bgc + sparse
    star = score[qs.tgt]
    greater = np.zeros(nq, np.float64)
    tied = np.zeros(nq, np.float64)
    # everybody, by background only
    zero = star == 0.0
    with_bg = np.flatnonzero(bgq)
    if len(with_bg):
        seg, x = qs.q_seg[with_bg], star[with_bg]
        left, right = qs.background.below(seg, x)
        n_vals = qs.background.lens[seg]
        greater[with_bg] = n_vals - right
        tied[with_bg] = right - left + np.where(x == 0.0, qs.N - n_vals, 0)
    no_bg = ~bgq
    tied[no_bg & zero] = qs.N
    # listed candidates: take out their background-only verdict, put in their real one
    # (one signed int8 per candidate, summed per run: cheaper than four weighted bincounts)
    sc = np.repeat(star, size)
    live = ~qs.cfilt
    live[qs.tgt] = False
    more = (live & (score > sc)).view(np.int8) - (bgc > sc).view(np.int8)
    greater += np.add.reduceat(more, start, dtype=np.int64)
    same = (live & (score == sc)).view(np.int8) - (bgc == sc).view(np.int8)
    tied += np.add.reduceat(same, start, dtype=np.int64)
    return expected_rank(greater, tied)


def summarize(ranks: np.ndarray) -> dict[str, float]:
    ranks = np.asarray(ranks, dtype=np.float64)
    if len(ranks) == 0:
        return {"mrr": 0.0, "hits@1": 0.0, "hits@3": 0.0, "hits@10": 0.0, "queries": 0}
    return {
        "mrr": float(np.mean(1.0 / ranks)),
        "hits@1": float(np.mean(ranks <= 1)),
        "hits@3": float(np.mean(ranks <= 3)),
        "hits@10": float(np.mean(ranks <= 10)),
        "queries": int(len(ranks)),
    }
