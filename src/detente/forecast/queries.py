"""Query sets: for each query ``(s, r, ?, t)`` the candidate objects that some sparse signal names.

Every model here scores an entity as ``bg · ξ(r, e) + sparse(q, e)``: a dense background (the
relation's object frequency ξ, shared by all queries of one relation at one time) plus sparse
evidence from the query's own history (recurrency, rules). A ``QuerySet`` keeps the raw evidence
(which triple, how long ago, which rule) per candidate, so tuning recomputes scores for a new λ or
weight without touching the history again, and ranks are exact without materialising N scores.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from detente.forecast.index import HistoryIndex, ObjectCounts, expand_ranges
from detente.forecast.paths import PATH_BODY, path_proposals


@dataclass
class RuleBodies:
    """Length-1 rules grouped by head relation: ``body_rel[ptr[h]:ptr[h+1]]`` with confidences."""

    ptr: np.ndarray
    body_rel: np.ndarray
    conf: np.ndarray
    paths: tuple | None = None  # length-2 rules (ptr, r1, r2, conf) from ``paths.learn_paths``

    @classmethod
    def empty(cls, num_relations2: int) -> RuleBodies:
        return cls(np.zeros(num_relations2 + 1, np.int64), np.zeros(0, np.int64), np.zeros(0))


@dataclass
class QuerySet:
    """Queries plus their candidates (sorted by query, then entity) and the evidence behind them."""

    N: int
    s: np.ndarray
    r: np.ndarray
    o: np.ndarray  # -1 when unknown
    t: np.ndarray
    t_min: int  # first time in the history (normalises ψ)
    cq: np.ndarray  # candidate → query
    ce: np.ndarray  # candidate → entity
    cxi: np.ndarray  # ξ(r_q, e) at the query time
    cfilt: np.ndarray  # another true answer at the same time: left out of the ranking
    tgt: np.ndarray  # query → position of its answer among candidates (-1 if none)
    psi_pos: np.ndarray  # recurrency evidence: candidate position, time since the occurrence
    psi_dt: np.ndarray
    rule_pos: np.ndarray  # rule evidence: candidate position, confidence, time since body, body relation
    rule_conf: np.ndarray
    rule_dt: np.ndarray
    rule_body: np.ndarray
    q_seg: np.ndarray  # query → background segment (sorted nonzero ξ of (r, t))
    seg_vals: list[np.ndarray] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.s)

    @property
    def ctgt(self) -> np.ndarray:
        m = np.zeros(len(self.cq), bool)
        m[self.tgt[self.tgt >= 0]] = True
        return m

    def subset(self, keep: np.ndarray) -> QuerySet:
        """Only the queries where ``keep`` holds (for subsampling tuning queries)."""
        keep = np.asarray(keep, bool)
        newq = np.cumsum(keep) - 1
        ck = keep[self.cq]
        newc = np.cumsum(ck) - 1
        pk, rk = ck[self.psi_pos], ck[self.rule_pos]
        tgt = self.tgt[keep]
        tgt = np.where(tgt >= 0, newc[np.maximum(tgt, 0)], -1)
        return QuerySet(
            self.N, self.s[keep], self.r[keep], self.o[keep], self.t[keep], self.t_min,
            newq[self.cq[ck]], self.ce[ck], self.cxi[ck], self.cfilt[ck], tgt,
            newc[self.psi_pos[pk]], self.psi_dt[pk],
            newc[self.rule_pos[rk]], self.rule_conf[rk], self.rule_dt[rk], self.rule_body[rk],
            self.q_seg[keep], self.seg_vals,
        )

    def keep_candidates(self, ck: np.ndarray) -> QuerySet:
        """The same queries with fewer listed candidates (answers and filtered ones always kept).

        Ranks do not change as long as every dropped candidate scores exactly its background.
        """
        ck = np.asarray(ck, bool) | self.cfilt
        ck[self.tgt[self.tgt >= 0]] = True
        newc = np.cumsum(ck) - 1
        pk, rk = ck[self.psi_pos], ck[self.rule_pos]
        tgt = np.where(self.tgt >= 0, newc[np.maximum(self.tgt, 0)], -1)
        return QuerySet(
            self.N, self.s, self.r, self.o, self.t, self.t_min,
            self.cq[ck], self.ce[ck], self.cxi[ck], self.cfilt[ck], tgt,
            newc[self.psi_pos[pk]], self.psi_dt[pk],
            newc[self.rule_pos[rk]], self.rule_conf[rk], self.rule_dt[rk], self.rule_body[rk],
            self.q_seg, self.seg_vals,
        )

    @staticmethod
    def concat(parts: list[QuerySet]) -> QuerySet:
        if len(parts) == 1:
            return parts[0]
        qoff = np.cumsum([0] + [len(p) for p in parts])
        coff = np.cumsum([0] + [len(p.cq) for p in parts])
        soff = np.cumsum([0] + [len(p.seg_vals) for p in parts])
        cat = np.concatenate
        return QuerySet(
            parts[0].N,
            cat([p.s for p in parts]), cat([p.r for p in parts]), cat([p.o for p in parts]),
            cat([p.t for p in parts]), parts[0].t_min,
            cat([p.cq + qoff[i] for i, p in enumerate(parts)]), cat([p.ce for p in parts]),
            cat([p.cxi for p in parts]), cat([p.cfilt for p in parts]),
            cat([np.where(p.tgt >= 0, p.tgt + coff[i], -1) for i, p in enumerate(parts)]),
            cat([p.psi_pos + coff[i] for i, p in enumerate(parts)]), cat([p.psi_dt for p in parts]),
            cat([p.rule_pos + coff[i] for i, p in enumerate(parts)]), cat([p.rule_conf for p in parts]),
            cat([p.rule_dt for p in parts]), cat([p.rule_body for p in parts]),
            cat([p.q_seg + soff[i] for i, p in enumerate(parts)]),
            [v for p in parts for v in p.seg_vals],
        )


def _filter_pairs(s: np.ndarray, r: np.ndarray, o: np.ndarray, R2: int) -> tuple[np.ndarray, np.ndarray]:
    """(query, entity) pairs for every true answer of the same (s, r) at this time."""
    known = o >= 0
    key = s * R2 + r
    idx = np.flatnonzero(known)
    order = idx[np.argsort(key[idx], kind="stable")]
    skey = key[order]
    lo, hi = np.searchsorted(skey, key, "left"), np.searchsorted(skey, key, "right")
    owner, pos = expand_ranges(lo, hi)
    return owner, o[order[pos]]


def build_block(index: HistoryIndex, counts: ObjectCounts, bodies: RuleBodies | None, t: int,
                s: np.ndarray, r: np.ndarray, o: np.ndarray) -> QuerySet:
    """Candidates and evidence for queries that all ask about time ``t`` (counts advanced to t)."""
    N, R2 = index.N, index.R2
    n = len(s)
    # recurrency: earlier occurrences of (s, r, e)
    lo, hi = index.sr_ranges(s, r)
    q1, trip = expand_ranges(lo, hi)
    c = index.count_before(trip, t)
    live = c > 0
    q1, trip, c = q1[live], trip[live], c[live]
    oq, occ = expand_ranges(index.occ_ptr[trip], index.occ_ptr[trip] + c)
    psi_q, psi_e, psi_dt = q1[oq], index.tr_o[trip[oq]], t - index.occ_time[occ]
    # length-1 rules: (s, body, e) earlier → (s, r, e) now
    if bodies is not None and len(bodies.body_rel):
        qb, bpos = expand_ranges(bodies.ptr[r], bodies.ptr[r + 1])
        lo, hi = index.sr_ranges(s[qb], bodies.body_rel[bpos])
        ob, trip2 = expand_ranges(lo, hi)
        c2 = index.count_before(trip2, t)
        live2 = c2 > 0
        ob, trip2, c2 = ob[live2], trip2[live2], c2[live2]
        rule_q, rule_e = qb[ob], index.tr_o[trip2]
        rule_conf, rule_body = bodies.conf[bpos[ob]], bodies.body_rel[bpos[ob]]
        rule_dt = t - index.last_before(trip2, c2)
    else:
        rule_q = rule_e = rule_dt = rule_body = np.zeros(0, np.int64)
        rule_conf = np.zeros(0)
    if bodies is not None and bodies.paths is not None and len(bodies.paths[1]):
        ptr, r1, r2, conf = bodies.paths
        pq, pe, pc, pdt = path_proposals(index, ptr, r1, r2, conf, t, s, r)
        rule_q, rule_e = np.concatenate([rule_q, pq]), np.concatenate([rule_e, pe])
        rule_conf, rule_dt = np.concatenate([rule_conf, pc]), np.concatenate([rule_dt, pdt])
        rule_body = np.concatenate([rule_body, np.full(len(pq), PATH_BODY, np.int64)])
    fq, fe = _filter_pairs(s, r, o, R2)
    tq = np.flatnonzero(o >= 0)
    keys = np.unique(np.concatenate([psi_q * N + psi_e, rule_q * N + rule_e, fq * N + fe, tq * N + o[tq]]))
    cq, ce = keys // N, keys % N
    cfilt = np.zeros(len(keys), bool)
    fpos = np.searchsorted(keys, fq * N + fe)
    cfilt[fpos[fe != o[fq]]] = True
    tgt = np.full(n, -1, np.int64)
    tgt[tq] = np.searchsorted(keys, tq * N + o[tq])
    rels = np.unique(r)
    seg_of_rel = np.full(R2, -1, np.int64)
    seg_of_rel[rels] = np.arange(len(rels))
    return QuerySet(
        N, s, r, o, np.full(n, t, np.int64), index.t_min, cq, ce, counts.xi(r[cq], ce), cfilt, tgt,
        np.searchsorted(keys, psi_q * N + psi_e), psi_dt,
        np.searchsorted(keys, rule_q * N + rule_e), rule_conf, rule_dt, rule_body,
        seg_of_rel[r], [counts.sorted_nonzero(int(x)) for x in rels],
    )


def iter_blocks(index: HistoryIndex, counts: ObjectCounts, bodies: RuleBodies | None,
                queries: np.ndarray, max_block: int = 4000) -> Iterator[QuerySet]:
    """Blocks of queries in time order; ``queries`` are ``[s, r, o, t]`` rows (o = -1 if unknown)."""
    queries = np.asarray(queries, np.int64).reshape(-1, 4)
    order = np.argsort(queries[:, 3], kind="stable")
    q = queries[order]
    times, starts = np.unique(q[:, 3], return_index=True)
    ends = np.append(starts[1:], len(q))
    for t, a, b in zip(times.tolist(), starts.tolist(), ends.tolist()):
        counts.advance(t)
        # split big days, keeping all queries of one (s, r) together so filtering stays exact
        block = q[a:b]
        if len(block) > max_block:
            block = block[np.argsort(block[:, 0] * index.R2 + block[:, 1], kind="stable")]
            key = block[:, 0] * index.R2 + block[:, 1]
            cuts = [0]
            while cuts[-1] + max_block < len(block):
                c = int(np.searchsorted(key, key[cuts[-1] + max_block], "left"))
                cuts.append(c if c > cuts[-1] else cuts[-1] + max_block)
            cuts.append(len(block))
            pieces = [block[x:y] for x, y in zip(cuts[:-1], cuts[1:]) if y > x]
        else:
            pieces = [block]
        for piece in pieces:
            yield build_block(index, counts, bodies, t, piece[:, 0], piece[:, 1], piece[:, 2])
