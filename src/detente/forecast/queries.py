"""Query sets: for each query ``(s, r, ?, t)`` the candidate objects that some sparse signal names.

Every model here scores an entity as ``bg · ξ(r, e) + sparse(q, e)``: a dense background (the
relation's object frequency ξ, shared by all queries of one relation at one time) plus sparse
evidence from the query's own history (recurrency, rules). A ``QuerySet`` keeps that evidence
aggregated per candidate (``evidence``: decayed sums and noisy-OR terms for every value of an
``EvidenceGrid``), so tuning recomputes scores for a new λ or weight without touching the
history again, ranks are exact without materialising N scores, and memory grows with the
number of candidates, not with the number of past occurrences behind them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace

import numpy as np

from detente.forecast.evidence import (
    EvidenceGrid,
    path_evidence,
    psi_evidence,
    rule_evidence,
    strongest,
    unique_sorted,
)
from detente.forecast.index import HistoryIndex, ObjectCounts, expand_ranges
from detente.forecast.neighbours import FEATURES as NB_FEATURES
from detente.forecast.neighbours import neighbour_evidence
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
class RawEvidence:
    """The unaggregated evidence of a few queries, for explanations (candidate position per row)."""

    psi_pos: np.ndarray
    psi_dt: np.ndarray
    rule_pos: np.ndarray
    rule_conf: np.ndarray
    rule_dt: np.ndarray
    rule_body: np.ndarray  # ``PATH_BODY`` for length-2 proposals


class BackgroundIndex:
    """Every segment's sorted background values as one sorted array of (segment, value rank) keys.

    Counting, for many queries at once, how many of their segment's values lie below or at a
    score then takes three ``searchsorted`` calls in all instead of two per segment. Values are
    compared exactly (ranks among the distinct values, never shifted floats).
    """

    def __init__(self, seg_vals: list[np.ndarray]) -> None:
        self.lens = np.array([len(v) for v in seg_vals], np.int64)
        self.offset = np.cumsum(self.lens) - self.lens
        values = np.concatenate(seg_vals) if seg_vals else np.zeros(0)
        self.uniq = np.unique(values)
        self.width = len(self.uniq) + 1
        segment = np.repeat(np.arange(len(seg_vals), dtype=np.int64), self.lens)
        self.keys = segment * self.width + np.searchsorted(self.uniq, values)

    def below(self, seg: np.ndarray, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(values < x, values <= x) in each query's segment."""
        rank = np.searchsorted(self.uniq, x, "left")
        exact = np.zeros(len(x), np.int64)
        if len(self.uniq):
            exact = (self.uniq[np.minimum(rank, len(self.uniq) - 1)] == x).astype(np.int64)
        base = seg * self.width + rank
        lo = np.searchsorted(self.keys, base, "left") - self.offset[seg]
        hi = np.searchsorted(self.keys, base + exact, "left") - self.offset[seg]
        return lo, hi


# candidate-aligned fields of QuerySet (everything indexed like ``cq``)
_CAND = ("cq", "ce", "cxi", "cfilt", "psi", "cnt", "last_dt", "rule_logs", "rule_max", "rule_n",
         "path_logs", "path_alone", "nb")


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
    q_seg: np.ndarray  # query → background segment (sorted nonzero ξ of (r, t))
    seg_vals: list[np.ndarray]
    grid: EvidenceGrid
    psi: np.ndarray  # (candidates, ψ λs): Σ 2^(−λ dt) over earlier occurrences of (s, r, e)
    cnt: np.ndarray  # earlier occurrences of (s, r, e)
    last_dt: np.ndarray  # time since the latest one (1e4 when none)
    rule_logs: np.ndarray  # (candidates, rule recencies): Σ log(1 − p) of length-1 proposals
    rule_max: np.ndarray  # best length-1 confidence
    rule_n: np.ndarray  # firing length-1 bodies
    path_logs: np.ndarray  # (candidates, scales × recencies): length-2 terms inside the noisy-OR
    path_alone: np.ndarray  # (candidates, path λs): length-2 terms on their own
    nb: np.ndarray  # (candidates, 3 or 0): the subject's links to e in any relation (``neighbours``)
    raw: RawEvidence | None = field(default=None, repr=False)
    # not an init field: ``replace`` (subsets, concatenation) starts without it
    _bg: BackgroundIndex | None = field(default=None, init=False, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.s)

    @property
    def background(self) -> BackgroundIndex:
        """All segments' background values in one sorted index (built once, used by every ranking)."""
        if self._bg is None:
            self._bg = BackgroundIndex(self.seg_vals)
        return self._bg

    @property
    def ctgt(self) -> np.ndarray:
        m = np.zeros(len(self.cq), bool)
        m[self.tgt[self.tgt >= 0]] = True
        return m

    def _take(self, ck: np.ndarray, **changes) -> QuerySet:
        newc = np.cumsum(ck) - 1
        tgt = changes.pop("tgt", self.tgt)
        tgt = np.where(tgt >= 0, newc[np.maximum(tgt, 0)], -1)
        cand = {k: getattr(self, k)[ck] for k in _CAND}
        return replace(self, tgt=tgt, raw=None, **{**cand, **changes})

    def subset(self, keep: np.ndarray) -> QuerySet:
        """Only the queries where ``keep`` holds (for subsampling tuning queries)."""
        keep = np.asarray(keep, bool)
        newq = np.cumsum(keep) - 1
        ck = keep[self.cq]
        out = self._take(ck, tgt=self.tgt[keep], s=self.s[keep], r=self.r[keep], o=self.o[keep],
                         t=self.t[keep], q_seg=self.q_seg[keep])
        out.cq = newq[out.cq]
        return out

    def keep_candidates(self, ck: np.ndarray) -> QuerySet:
        """The same queries with fewer listed candidates (answers and filtered ones always kept).

        Ranks do not change as long as every dropped candidate scores exactly its background.
        """
        ck = np.asarray(ck, bool) | self.cfilt
        ck[self.tgt[self.tgt >= 0]] = True
        return self._take(ck)

    @staticmethod
    def concat(parts: list[QuerySet], consume: bool = False) -> QuerySet:
        """One query set from blocks; ``consume`` frees each block's arrays as they are copied
        (peak memory: the blocks plus one field, not twice the blocks)."""
        if len(parts) == 1:
            return parts[0]
        qoff = np.cumsum([0] + [len(p) for p in parts])
        coff = np.cumsum([0] + [len(p.cq) for p in parts])
        soff = np.cumsum([0] + [len(p.seg_vals) for p in parts])
        shift = {"cq": qoff, "q_seg": soff}
        out: dict = {"seg_vals": [v for p in parts for v in p.seg_vals],
                     "tgt": np.concatenate([np.where(p.tgt >= 0, p.tgt + coff[i], -1) for i, p in enumerate(parts)])}
        first = replace(parts[0])
        for name in [f.name for f in fields(QuerySet) if f.name in _CAND or f.name in ("s", "r", "o", "t", "q_seg")]:
            add = shift.get(name, np.zeros(len(parts), np.int64))
            out[name] = np.concatenate([getattr(p, name) + add[i] if name in shift else getattr(p, name)
                                        for i, p in enumerate(parts)])
            if consume:
                for p in parts:
                    setattr(p, name, None)
        return replace(first, raw=None, **out)


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


def _place(size: int, pos: np.ndarray, values: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """``values`` at positions ``pos`` of an array of ``size`` rows (``fill`` elsewhere)."""
    out = np.full((size,) + values.shape[1:], fill, dtype=np.float64)
    out[pos] = values
    return out


def _spread(keys: np.ndarray, at: np.ndarray, values: np.ndarray, fill: float = 0.0) -> np.ndarray:
    """Values given for the keys ``at`` laid out along the (sorted, larger) ``keys``."""
    return _place(len(keys), np.searchsorted(keys, at), values, fill)


def build_block(index: HistoryIndex, counts: ObjectCounts, bodies: RuleBodies | None, t: int,
                s: np.ndarray, r: np.ndarray, o: np.ndarray, grid: EvidenceGrid | None = None) -> QuerySet:
    """Candidates and evidence for queries that all ask about time ``t`` (counts advanced to t)."""
    grid = grid or EvidenceGrid()
    N, R2 = index.N, index.R2
    n = len(s)
    pk, psi, cnt, last = psi_evidence(index, t, s, r, grid)
    if bodies is not None and len(bodies.body_rel):
        rk, rlogs, rmax, rn = rule_evidence(index, bodies.ptr, bodies.body_rel, bodies.conf, t, s, r, grid)
    else:
        rk, rlogs, rmax, rn = np.zeros(0, np.int64), np.zeros((0, len(grid.rule_recency))), np.zeros(0), np.zeros(0)
    pk, psi, cnt, last, rk, rlogs, rmax, rn = _cap(N, grid.max_candidates, pk, psi, cnt, last, rk, rlogs, rmax, rn)
    prop = None
    if bodies is not None and bodies.paths is not None and len(bodies.paths[1]):
        ptr, r1, r2, conf = bodies.paths
        prop = path_proposals(index, ptr, r1, r2, conf, t, s, r, grid.max_path_candidates)
    if prop is not None:
        tk, tlogs, talone = path_evidence(*prop, N, grid)
    nk_, nbf = neighbour_evidence(index, t, s, grid.neighbours, grid.neighbour_hubs) if grid.neighbours else (None, None)
    fq, fe = _filter_pairs(s, r, o, R2)
    tq = np.flatnonzero(o >= 0)
    parts = [pk, rk, fq * N + fe, tq * N + o[tq]] + ([tk] if prop is not None else []) + \
        ([nk_] if nk_ is not None else [])
    keys = unique_sorted(np.concatenate(parts))
    cq, ce = keys // N, keys % N
    cfilt = np.zeros(len(keys), bool)
    fpos = np.searchsorted(keys, fq * N + fe)
    cfilt[fpos[fe != o[fq]]] = True
    tgt = np.full(n, -1, np.int64)
    tgt[tq] = np.searchsorted(keys, tq * N + o[tq])
    rels = unique_sorted(r)  # not np.unique: numpy 2's imports numpy.ma (0.1 s) on first use
    seg_of_rel = np.full(R2, -1, np.int64)
    seg_of_rel[rels] = np.arange(len(rels))
    nk = len(keys)
    pp, rp = np.searchsorted(keys, pk), np.searchsorted(keys, rk)  # one search per field set
    return QuerySet(
        N, s, r, o, np.full(n, t, np.int64), index.t_min, cq, ce, counts.xi(r[cq], ce), cfilt, tgt,
        seg_of_rel[r], [counts.sorted_nonzero(int(x)) for x in rels], grid,
        _place(nk, pp, psi), _place(nk, pp, cnt.astype(np.float64)), _place(nk, pp, last, 1e4),
        _place(nk, rp, rlogs), _place(nk, rp, rmax), _place(nk, rp, rn),
        _spread(keys, tk, tlogs) if prop is not None else np.zeros((nk, 0)),
        _spread(keys, tk, talone) if prop is not None else np.zeros((nk, 0)),
        _neighbour_columns(keys, nk_, nbf),
    )


def _neighbour_columns(keys: np.ndarray, nkeys: np.ndarray | None, feats: np.ndarray | None) -> np.ndarray:
    """Neighbour evidence laid out along the candidates (no links: 0 links, age 1e4)."""
    if nkeys is None or feats is None:
        return np.zeros((len(keys), 0))
    at = np.searchsorted(keys, nkeys)  # every neighbour is a candidate (np.isin would import numpy.ma)
    out = _place(len(keys), at, feats)
    linked = np.zeros(len(keys), bool)
    linked[at] = True
    out[~linked, NB_FEATURES.index("last_dt")] = 1e4
    return out


def _cap(N: int, k: int, pk: np.ndarray, psi: np.ndarray, cnt: np.ndarray, last: np.ndarray,
         rk: np.ndarray, rlogs: np.ndarray, rmax: np.ndarray, rn: np.ndarray) -> tuple:
    """At most ``k`` candidates per query: most earlier occurrences first, then best rule confidence.

    The rest lose their evidence and score their background, as any entity nobody names.
    """
    cand = unique_sorted(np.concatenate([pk, rk]))
    if not len(cand) or np.bincount(cand // N).max() <= k:
        return pk, psi, cnt, last, rk, rlogs, rmax, rn
    pp, rp = np.searchsorted(cand, pk), np.searchsorted(cand, rk)
    keep = strongest(cand // N, (_place(len(cand), rp, rmax), _place(len(cand), pp, cnt.astype(np.float64))), k)
    mp, mr = keep[pp], keep[rp]
    return pk[mp], psi[mp], cnt[mp], last[mp], rk[mr], rlogs[mr], rmax[mr], rn[mr]


def explained_evidence(index: HistoryIndex, bodies: RuleBodies | None, qs: QuerySet, cands: np.ndarray) -> RawEvidence:
    """Every earlier occurrence and rule firing behind a few candidates of ``qs`` (their positions
    ``cands``), for explaining them: only their queries are expanded, and only their rows kept."""
    cands = unique_sorted(np.asarray(cands, np.int64))
    sel, sub = np.unique(qs.cq[cands], return_inverse=True)
    t, s, r = int(qs.t[sel[0]]) if len(sel) else 0, qs.s[sel], qs.r[sel]
    prop = None
    if bodies is not None and bodies.paths is not None and len(bodies.paths[1]):
        ptr, r1, r2, conf = bodies.paths
        prop = path_proposals(index, ptr, r1, r2, conf, t, s, r, qs.grid.max_path_candidates)
    raw = _raw_evidence(index, bodies, t, s, r, sub.ravel() * qs.N + qs.ce[cands], prop)
    return replace(raw, psi_pos=cands[raw.psi_pos], rule_pos=cands[raw.rule_pos])


def _among(keys: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position in the sorted ``keys``, whether it is there) of each of ``k``."""
    pos = np.minimum(np.searchsorted(keys, k), max(len(keys) - 1, 0))
    return pos, keys[pos] == k if len(keys) else np.zeros(len(k), bool)


def _raw_evidence(index: HistoryIndex, bodies: RuleBodies | None, t: int, s: np.ndarray, r: np.ndarray,
                  keys: np.ndarray, prop: tuple | None) -> RawEvidence:
    """Every earlier occurrence and rule firing behind the candidates ``keys`` (``q·N + e``, sorted)
    of a few queries; rows naming other entities are left out."""
    N = index.N
    lo, hi = index.sr_ranges(s, r)
    q1, trip = expand_ranges(lo, hi)
    c = index.count_before(trip, t)
    q1, trip, c = q1[c > 0], trip[c > 0], c[c > 0]
    oq, occ = expand_ranges(index.occ_ptr[trip], index.occ_ptr[trip] + c)
    psi_pos, found = _among(keys, q1[oq] * N + index.tr_o[trip[oq]])
    psi_pos, occ = psi_pos[found], occ[found]
    rq = re = rdt = rbody = np.zeros(0, np.int64)
    rconf = np.zeros(0)
    if bodies is not None and len(bodies.body_rel):
        qb, bpos = expand_ranges(bodies.ptr[r], bodies.ptr[r + 1])
        lo, hi = index.sr_ranges(s[qb], bodies.body_rel[bpos])
        ob, trip2 = expand_ranges(lo, hi)
        c2 = index.count_before(trip2, t)
        ob, trip2, c2 = ob[c2 > 0], trip2[c2 > 0], c2[c2 > 0]
        rq, re, rconf, rbody = qb[ob], index.tr_o[trip2], bodies.conf[bpos[ob]], bodies.body_rel[bpos[ob]]
        rdt = t - index.last_before(trip2, c2)
    if prop is not None:
        pq, pe, pc, pdt = prop
        rq, re, rconf, rdt = (np.concatenate([a, b]) for a, b in ((rq, pq), (re, pe), (rconf, pc), (rdt, pdt)))
        rbody = np.concatenate([rbody, np.full(len(pq), PATH_BODY, np.int64)])
    rule_pos, found = _among(keys, rq * N + re)
    return RawEvidence(psi_pos, t - index.occ_time[occ], rule_pos[found], rconf[found], rdt[found], rbody[found])


def iter_blocks(index: HistoryIndex, counts: ObjectCounts, bodies: RuleBodies | None,
                queries: np.ndarray, max_block: int = 4000, grid: EvidenceGrid | None = None) -> Iterator[QuerySet]:
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
            yield build_block(index, counts, bodies, t, piece[:, 0], piece[:, 1], piece[:, 2], grid)
