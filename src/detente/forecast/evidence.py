"""Per-candidate evidence, aggregated while it is computed, so memory follows candidates, not history.

A query ``(s, r, ?, t)`` can have thousands of earlier occurrences and rule firings behind its
candidates (GDELT's 15-minute steps repeat the same triple hundreds of times). Instead of keeping
that raw list, each candidate gets a few numbers: ψ's decayed sums for every λ of the grid, the
count and age of the last occurrence, the noisy-OR log-terms of its rule proposals for every rule
recency of the grid, the best rule confidence and the number of firing bodies. Tuning searches
exactly these grids, so scores stay exact; the raw lists are expanded in bounded chunks and
dropped. ``EvidenceGrid`` says which columns are computed (all while tuning, the chosen ones
afterwards).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.forecast.index import HistoryIndex, expand_ranges

LAMBDAS = (0.0, 0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0)
RULE_LAMBDAS = (0.1, 0.3, 1.0, 3.0)
RULE_FLOORS = (0.0, 0.03, 0.1)
RULE_RECENCY = tuple((lam, beta) for lam in RULE_LAMBDAS for beta in RULE_FLOORS)
PATH_SCALES = (0.0, 0.1, 0.3, 1.0)
PATH_LAMBDAS = (0.0, 0.1, 1.0)


@dataclass(frozen=True)
class EvidenceGrid:
    """The parameter values whose evidence columns a query set carries."""

    psi_lambdas: tuple[float, ...] = LAMBDAS
    rule_recency: tuple[tuple[float, float], ...] = RULE_RECENCY
    path_scales: tuple[float, ...] = tuple(x for x in PATH_SCALES if x)
    path_lambdas: tuple[float, ...] = PATH_LAMBDAS
    chunk_rows: int = 1_000_000  # raw evidence rows expanded at once (bounds the transient memory)
    max_rule_rows: int = 5_000  # per query: rules applied best first until this many triples are named
    max_candidates: int = 500  # per query: candidates kept by (occurrences, best rule confidence)
    max_path_candidates: int = 200  # per query: entities length-2 rules name (best summed confidence)
    neighbours: int = 0  # per query: entities linked to the subject in any relation (0: not computed)
    neighbour_hubs: int = 20  # the subject's busiest partners expanded for two-hop neighbours

    @staticmethod
    def _find(values: tuple, v, what: str) -> int:
        try:
            return values.index(v)
        except ValueError:
            raise ValueError(f"{what} {v!r} is not in this query set's evidence grid {values}; "
                             "build the query set with a grid that contains it") from None

    def psi_cols(self, lam: np.ndarray) -> np.ndarray:
        """Column of each λ (one per query) in the ψ sums."""
        lam = np.asarray(lam, np.float64)
        vals, inv = np.unique(lam, return_inverse=True)
        cols = np.array([self._find(self.psi_lambdas, float(v), "ψ decay λ") for v in vals], np.int64)
        return cols[inv.ravel()]

    def rule_col(self, lam: float, beta: float) -> int:
        return self._find(self.rule_recency, (float(lam), float(beta)), "rule recency (λ, β)")

    def path_col(self, scale: float, lam: float, beta: float) -> int:
        return self._find(self.path_scales, float(scale), "length-2 scale") * len(self.rule_recency) + \
            self.rule_col(lam, beta)

    def path_lambda_col(self, lam: float) -> int:
        return self._find(self.path_lambdas, float(lam), "length-2 decay λ")


def chunks(sizes: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive ranges whose summed ``sizes`` stay near ``budget`` (at least one item each)."""
    cs = np.cumsum(sizes)
    out, a, done = [], 0, 0
    while a < len(sizes):
        b = max(int(np.searchsorted(cs, done + budget, "right")), a + 1)
        out.append((a, b))
        done, a = int(cs[b - 1]), b
    return out


def unique_sorted(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: cheaper than ``np.unique`` on large int arrays).

    The sort is stable (timsort), which merges already sorted runs in linear time: callers pass
    concatenations of sorted key arrays.
    """
    x = np.sort(x, kind="stable")
    return x[np.r_[True, x[1:] != x[:-1]]] if len(x) else x


def group_rank(q: np.ndarray) -> np.ndarray:
    """Position of each row within its run of equal ``q`` (``q`` sorted)."""
    if not len(q):
        return np.zeros(0, np.int64)
    start = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
    return np.arange(len(q)) - np.repeat(start, np.diff(np.r_[start, len(q)]))


def strongest(q: np.ndarray, strength: tuple[np.ndarray, ...], k: int) -> np.ndarray:
    """Mask of the ``k`` strongest rows per query ``q`` (``strength``: sort keys, most important last).

    Only the queries with more than ``k`` rows are sorted; ties keep the row order.
    """
    keep = np.bincount(q)[q] <= k
    big = np.flatnonzero(~keep)
    if len(big):
        # the query and the most important key in one integer key: one stable sort less
        top = strength[-1][big]
        if np.array_equal(top, np.round(top)) and top.min() >= 0:
            rest, first = strength[:-1], q[big] * (int(top.max()) + 1) + (int(top.max()) - top.astype(np.int64))
        else:
            rest, first = strength, q[big]
        order = big[np.lexsort(tuple(-x[big] for x in rest) + (first,))]
        keep[order[group_rank(q[order]) < k]] = True
    return keep


def _reduce(key: np.ndarray, sums: list[np.ndarray], maxes: list[np.ndarray]) -> tuple:
    """Group rows by key: columns of ``sums`` added, of ``maxes`` maximised (keys come out sorted)."""
    if len(key) and int(key.max() - key.min()) < 4 * len(key):  # dense keys: count, no sort
        k0 = int(key.min())
        rel = key - k0
        present = np.bincount(rel) > 0
        # each row's slot among the keys present: sums over the few present keys, not the whole
        # range (the same additions in the same row order, so the same floats)
        slot = (np.cumsum(present) - 1)[rel]
        size = int(present.sum())

        def add(x: np.ndarray) -> np.ndarray:
            if x.ndim == 1:
                return np.bincount(slot, weights=x, minlength=size)
            if not x.shape[1]:
                return np.zeros((size, 0))
            return np.stack([np.bincount(slot, weights=x[:, j], minlength=size)
                             for j in range(x.shape[1])], axis=1).reshape(-1, x.shape[1])

        def top(x: np.ndarray) -> np.ndarray:
            out = np.full(size, -np.inf)
            np.maximum.at(out, slot, x)
            return out

        return np.flatnonzero(present) + k0, [add(x) for x in sums], [top(x) for x in maxes]
    order = np.argsort(key, kind="stable")
    key = key[order]
    start = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else np.zeros(0, np.int64)
    out_s = [np.add.reduceat(x[order], start, axis=0) if len(key) else x[:0] for x in sums]
    out_m = [np.maximum.reduceat(x[order], start, axis=0) if len(key) else x[:0] for x in maxes]
    return key[start], out_s, out_m


def noisy_or_logs(conf: np.ndarray, dt: np.ndarray | None, recency: tuple[tuple[float, float], ...],
                  decays: dict[float, np.ndarray] | None = None) -> np.ndarray:
    """log(1 − p) per proposal for every (λ, β): p = conf · (β + (1 − β) 2^(−λ dt)), capped at 0.999.

    ``decays``: 2^(−λ dt) per proposal for each λ, when the caller has them cheaper (``rule_decays``);
    ``dt`` is read only without them.
    """
    out = np.empty((len(conf), len(recency)))
    if decays is None:
        assert dt is not None, "noisy_or_logs needs dt or decays"
        decays = {lam: np.exp2(-lam * dt) for lam in {lam for lam, _ in recency}}
    for j, (lam, beta) in enumerate(recency):
        out[:, j] = np.log1p(-np.minimum(conf * (beta + (1.0 - beta) * decays[lam]), 0.999))
    return out


def psi_evidence(index: HistoryIndex, t: int, s: np.ndarray, r: np.ndarray, grid: EvidenceGrid) -> tuple:
    """Keys ``q·N + e`` of recurring triples with decayed sums per λ, counts and age of the last one."""
    lo, hi = index.sr_ranges(s, r)
    q1, trip = expand_ranges(lo, hi)
    c = index.count_before(trip, t)
    live = c > 0
    q1, trip, c = q1[live], trip[live], c[live]
    sums = np.zeros((len(trip), len(grid.psi_lambdas)))
    for a, b in chunks(c, grid.chunk_rows):
        oq, occ = expand_ranges(index.occ_ptr[trip[a:b]], index.occ_ptr[trip[a:b]] + c[a:b])
        dt = t - index.occ_time[occ]
        for j, lam in enumerate(grid.psi_lambdas):
            sums[a:b, j] = np.bincount(oq, weights=np.exp2(-lam * dt), minlength=b - a)
    last_dt = (t - index.last_before(trip, c)).astype(np.float64)
    return q1 * index.N + index.tr_o[trip], sums, c, last_dt


def rule_evidence(index: HistoryIndex, ptr: np.ndarray, body_rel: np.ndarray, conf: np.ndarray, t: int,
                  s: np.ndarray, r: np.ndarray, grid: EvidenceGrid) -> tuple:
    """Keys of candidates named by length-1 rules, their noisy-OR log-terms, best confidence, bodies."""
    qb, bpos = expand_ranges(ptr[r], ptr[r + 1])
    lo, hi = index.sr_ranges(s[qb], body_rel[bpos])
    # bodies come best first within each query: stop applying them past ``max_rule_rows`` triples
    named = np.cumsum(hi - lo)
    first = np.searchsorted(qb, qb, "left")
    before = named - (hi - lo) - np.where(first > 0, named[first - 1], 0)
    apply = before < grid.max_rule_rows
    qb, bpos, lo, hi = qb[apply], bpos[apply], lo[apply], hi[apply]
    # chunks end at query boundaries: no candidate spans two chunks, so the parts just concatenate
    # (a chunk holds at least one query: at most ``max_rule_rows`` plus one body's triples)
    qstart = np.searchsorted(qb, np.arange(len(s) + 1))
    parts = []
    for qa, qz in chunks(np.bincount(qb, weights=hi - lo, minlength=len(s)), grid.chunk_rows):
        a, b = int(qstart[qa]), int(qstart[qz])
        ob, trip = expand_ranges(lo[a:b], hi[a:b])
        c = index.count_before(trip, t)
        live = c > 0
        ob, trip, c = ob[live] + a, trip[live], c[live]
        key = qb[ob] * index.N + index.tr_o[trip]
        cf = conf[bpos[ob]]
        decays = rule_decays(index, trip, t, grid.rule_recency)  # None: per row, from each row's gap
        gaps = None if decays is not None else t - index.last_before(trip, c)
        logs = noisy_or_logs(cf, gaps, grid.rule_recency, decays)
        parts.append(_reduce(key, [logs, np.ones(len(key))], [cf]))
    if not parts:
        return np.zeros(0, np.int64), np.zeros((0, len(grid.rule_recency))), np.zeros(0), np.zeros(0)
    key = np.concatenate([p[0] for p in parts])
    logs, nb = (np.concatenate([p[1][i] for p in parts]) for i in range(2))
    return key, logs, np.concatenate([p[2][0] for p in parts]), nb


def rule_decays(index: HistoryIndex, trip: np.ndarray, t: int,
                recency: tuple[tuple[float, float], ...]) -> dict[float, np.ndarray] | None:
    """2^(−λ dt) of each row's triple (live ones: occurred before t), computed once per triple when
    the rows repeat a few triples (a store forecast: one subject, every head, bodies shared); None
    otherwise. The same floats as per row: the same dt, the same product, the same ``exp2``."""
    if not len(trip):
        return None
    lo = int(trip.min())
    span = int(trip.max()) - lo + 1
    if 4 * span > len(trip):
        return None
    every = np.arange(lo, lo + span)
    dt = t - index.last_before(every, index.count_before(every, t))
    at = trip - lo
    return {lam: np.exp2(-lam * dt)[at] for lam in {lam for lam, _ in recency}}


def path_evidence(pq: np.ndarray, pe: np.ndarray, pc: np.ndarray, pdt: np.ndarray, N: int,
                  grid: EvidenceGrid) -> tuple:
    """Keys of candidates named by length-2 rules; log-terms per (scale, λ, β) and per λ alone."""
    dt = pdt.astype(np.float64)
    inside = [noisy_or_logs(scale * pc, dt, grid.rule_recency) for scale in grid.path_scales]
    alone = noisy_or_logs(pc, dt, tuple((lam, 0.0) for lam in grid.path_lambdas))
    logs = np.concatenate(inside + [alone], axis=1)
    key, (logs,), _ = _reduce(pq * N + pe, [logs], [])
    k = len(grid.path_scales) * len(grid.rule_recency)
    return key, logs[:, :k], logs[:, k:]
