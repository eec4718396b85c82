"""Length-2 cyclic temporal rules: ``(X, r1, Z, t1) ∧ (Z, r2, Y, t2) ⇒ (X, head, Y, t)``, t1 ≤ t2 < t.

Learning, in two sampled passes over the history index (vectorised, bounded chunks):

1. *Discovery* (TLogic's walks, enumerated): for up to ``heads`` sampled facts ``(s, head, o, t)``
   per head relation, every two-hop path s → z → o seen before t with t1 ≤ t2 names a candidate
   body ``(r1, r2)``; a body is kept when it closes at least ``min_cover`` sampled heads.
2. *Confidence*: for each candidate body, up to ``bodies`` sampled ``(s, r1, z)`` facts are
   expanded to every ``(z, r2, o)`` with t2 ≥ t1; a grounding supports a head when
   ``(s, head, o)`` occurs after the body (its later fact). ``conf = support / (groundings + k)``.

At most ``top_k`` bodies per head (best confidence first). Applying a rule to ``(s, head, ?, t)``
proposes every o reachable by the body before t, with the recency of its latest second hop; the
proposals join the length-1 rules' noisy-OR (``rule_body = -1`` marks them, scaled on validation).
"""

from __future__ import annotations

import numpy as np

from detente.forecast.index import HistoryIndex, expand_ranges

PATH_BODY = -1  # rule_body marker for length-2 proposals


def _chunks(sizes: np.ndarray, budget: int) -> list[tuple[int, int]]:
    """Consecutive index ranges whose summed ``sizes`` stay near ``budget`` (at least one item each)."""
    out, a, acc = [], 0, 0
    for i, n in enumerate(sizes.tolist()):
        if acc and acc + n > budget:
            out.append((a, i))
            a, acc = i, 0
        acc += n
    if a < len(sizes):
        out.append((a, len(sizes)))
    return out


def _pair_index(index: HistoryIndex) -> tuple[np.ndarray, np.ndarray]:
    """Triples re-sorted by (s, o): (sorted pair keys, triple ids)."""
    pair = index.tr_s * index.N + index.tr_o
    order = np.argsort(pair, kind="stable")
    return pair[order], order


def _sample_per_group(groups: np.ndarray, size: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """Up to k random member ids per group (``groups`` labels each of ``size`` members)."""
    order = np.lexsort((rng.random(size), groups))
    g = groups[order]
    starts = np.searchsorted(g, np.arange(int(g.max()) + 2 if len(g) else 1), "left")
    rank = np.arange(size) - starts[g]
    return order[rank < k]


def discover(index: HistoryIndex, R2: int, heads: int, min_cover: int, budget: int,
             rng: np.random.Generator, max_rows: int | None = None, seed: int = 0) -> np.ndarray:
    """Candidate rules as rows ``[head, r1, r2, cover]`` from two-hop paths closing sampled heads.

    ``max_rows`` bounds the work: the sampled heads are visited in a random order (their own
    generator, ``seed``: ``rng``'s stream is the same either way) and discovery stops once that
    many two-hop rows were read. The result does not depend on the order, so where the bound is
    not reached (ICEWS14: 42 M rows, ICEWS18: about 0.5 G) it is exactly the unbounded one; on
    GDELT-shaped data (hubs with thousands of partners) the whole would be about 40 G rows.
    """
    N = index.N
    first, last = index.first_time, index.last_time
    facts = index.facts
    pick = facts[_sample_per_group(facts[:, 1], len(facts), heads, rng)]
    if max_rows is not None:
        pick = pick[np.random.default_rng(seed).permutation(len(pick))]
    s_ptr = np.searchsorted(index.tr_s, np.arange(N + 1), "left")
    pkey, ptrip = _pair_index(index)
    out_deg = s_ptr[pick[:, 0] + 1] - s_ptr[pick[:, 0]]
    found, rows = [], 0
    for a, b in _chunks(out_deg, budget):
        if max_rows is not None and rows >= max_rows:
            break
        h = pick[a:b]
        own, trip1 = expand_ranges(s_ptr[h[:, 0]], s_ptr[h[:, 0] + 1])
        x = index.tr_o[trip1]
        ok = (first[trip1] < h[own, 3]) & (x != h[own, 2]) & (x != h[own, 0])
        own, trip1, x = own[ok], trip1[ok], x[ok]
        key = x * N + h[own, 2]
        own2, pos = expand_ranges(np.searchsorted(pkey, key, "left"), np.searchsorted(pkey, key, "right"))
        rows += len(pos)
        trip2 = ptrip[pos]
        o1 = own[own2]
        ok = (first[trip2] < h[o1, 3]) & (last[trip2] >= first[trip1[own2]])
        sample = o1[ok] + a
        rule = (pick[sample, 1] * R2 + index.tr_r[trip1[own2[ok]]]) * R2 + index.tr_r[trip2[ok]]
        found.append(np.unique(sample * (R2 ** 3) + rule))  # one vote per sampled head
    if not found:
        return np.zeros((0, 4), np.int64)
    rules, cover = np.unique(np.concatenate(found) % (R2 ** 3), return_counts=True)
    keep = cover >= min_cover
    rules, cover = rules[keep], cover[keep]
    return np.stack([rules // (R2 * R2), (rules // R2) % R2, rules % R2, cover], axis=1)


def confidence(index: HistoryIndex, R2: int, pairs: np.ndarray, bodies: int, budget: int,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """For body pairs ``[r1, r2]``: (support per [pair, head] as an (P, R2) array, groundings per pair)."""
    first, last = index.first_time, index.last_time
    by_rel = np.argsort(index.tr_r, kind="stable")
    r_ptr = np.searchsorted(index.tr_r[by_rel], np.arange(R2 + 1), "left")
    pkey, ptrip = _pair_index(index)
    P = len(pairs)
    count = r_ptr[pairs[:, 0] + 1] - r_ptr[pairs[:, 0]]
    n = np.minimum(count, bodies)
    pid, off = expand_ranges(np.zeros(P, np.int64), n)
    rand = (rng.random(len(pid)) * count[pid]).astype(np.int64)
    off = np.where(count[pid] <= bodies, off, rand)
    trip1_all = by_rel[r_ptr[pairs[pid, 0]] + off]
    support = np.zeros(P * R2)
    ground = np.zeros(P)
    lo_all, hi_all = index.sr_ranges(index.tr_o[trip1_all], pairs[pid, 1])
    for a, b in _chunks(hi_all - lo_all, budget):
        own, trip2 = expand_ranges(lo_all[a:b], hi_all[a:b])
        own += a
        trip1 = trip1_all[own]
        s, o = index.tr_s[trip1], index.tr_o[trip2]
        ok = (last[trip2] >= first[trip1]) & (o != s)
        own, trip1, trip2, s, o = own[ok], trip1[ok], trip2[ok], s[ok], o[ok]
        ground += np.bincount(pid[own], minlength=P)
        tb = np.maximum(first[trip1], first[trip2])
        key = s * index.N + o
        own3, pos = expand_ranges(np.searchsorted(pkey, key, "left"), np.searchsorted(pkey, key, "right"))
        trip3 = ptrip[pos]
        later = last[trip3] > tb[own3]
        support += np.bincount(pid[own[own3[later]]] * R2 + index.tr_r[trip3[later]], minlength=P * R2)
    return support.reshape(P, R2), ground


def learn_paths(index: HistoryIndex, R2: int, heads: int = 60, bodies: int = 100, top_k: int = 10,
                min_cover: int = 2, min_support: int = 3, min_conf: float = 0.01, smoothing: float = 5.0,
                budget: int = 3_000_000, seed: int = 0, max_rows: int | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Length-2 rules grouped by head: ``(ptr, r1, r2, conf)``, rules of head h at ``ptr[h]:ptr[h+1]``.

    ``max_rows``: at most about this many two-hop rows read in discovery (``discover``).
    """
    rng = np.random.default_rng(seed)
    cand = discover(index, R2, heads, min_cover, budget, rng, max_rows, seed + 1)
    empty = (np.zeros(R2 + 1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0))
    if len(cand) == 0:
        return empty
    pair_key, pair_of = np.unique(cand[:, 1] * R2 + cand[:, 2], return_inverse=True)
    pairs = np.stack([pair_key // R2, pair_key % R2], axis=1)
    support, ground = confidence(index, R2, pairs, bodies, budget, rng)
    sup = support[pair_of.ravel(), cand[:, 0]]
    conf = sup / (ground[pair_of.ravel()] + smoothing)
    keep = (sup >= min_support) & (conf >= min_conf)
    cand, conf = cand[keep], conf[keep]
    order = np.lexsort((-conf, cand[:, 0]))
    cand, conf = cand[order], conf[order]
    start = np.searchsorted(cand[:, 0], np.arange(R2), "left")
    top = (np.arange(len(cand)) - start[cand[:, 0]]) < top_k
    cand, conf = cand[top], conf[top]
    ptr = np.searchsorted(cand[:, 0], np.arange(R2 + 1), "left").astype(np.int64)
    return ptr, cand[:, 1].copy(), cand[:, 2].copy(), conf


def path_proposals(index: HistoryIndex, ptr: np.ndarray, r1: np.ndarray, r2: np.ndarray, conf: np.ndarray,
                   t: int, s: np.ndarray, r: np.ndarray, max_per_query: int = 200, chunk: int = 256
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(query, entity, confidence, time since the latest second hop) for every rule firing before t.

    One proposal per (query, entity, rule), the most recent grounding; per query at most
    ``max_per_query`` entities (those with the highest summed confidence) keep their proposals.
    Rows come grouped by query, then by rule, entities ascending (so each (query, entity)'s rows
    are in rule order); not sorted by entity, which no consumer needs. Queries are handled
    ``chunk`` at a time: two-hop expansions of busy subjects are large.
    """
    parts = []
    for a in range(0, len(s), chunk):
        q, e, c, dt = _path_chunk(index, ptr, r1, r2, conf, t, s[a:a + chunk], r[a:a + chunk], max_per_query)
        parts.append((q + a, e, c, dt))
    if not parts:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0), z
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))  # type: ignore[return-value]


def _path_chunk(index: HistoryIndex, ptr: np.ndarray, r1: np.ndarray, r2: np.ndarray, conf: np.ndarray,
                t: int, s: np.ndarray, r: np.ndarray, max_per_query: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    R2 = index.R2
    qb, bpos = expand_ranges(ptr[r], ptr[r + 1])
    # bodies shared by several heads of one subject (a store forecast asks every relation) are
    # walked once: groundings depend on (s, r1, r2) and t only
    body, inv = np.unique((s[qb] * R2 + r1[bpos]) * R2 + r2[bpos], return_inverse=True)
    inv = inv.ravel()
    g, ge, gdt = _groundings(index, body // (R2 * R2), body // R2 % R2, body % R2, t)
    start = np.searchsorted(g, np.arange(len(body) + 1))
    pair, row = expand_ranges(start[inv], start[inv + 1])
    if len(pair) == 0:
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0), z
    # rows come grouped by (query, rule), entities ascending: one row per (query, entity, rule),
    # and each (query, entity)'s rows in rule order. Entities get dense local ids (order kept), so
    # (query, entity) is a small dense key: summed, capped and sorted without a general sort.
    ents = np.flatnonzero(np.bincount(ge, minlength=index.N))
    local = np.zeros(index.N, np.int64)
    local[ents] = np.arange(len(ents))
    qe = qb[pair] * len(ents) + local[ge[row]]
    c = conf[bpos[pair]]
    size = len(s) * len(ents)
    named = np.bincount(qe, minlength=size)
    total = np.bincount(qe, weights=c, minlength=size)  # in rule order per (query, entity), as before
    uqe = np.flatnonzero(named)
    uq = uqe // len(ents)
    keep = np.bincount(uq, minlength=len(s))[uq] <= max_per_query
    if not keep.all():  # cap the entities per query by summed confidence (ties: lower entity id)
        order = np.lexsort((-total[uqe], uq))
        first = np.searchsorted(uq[order], uq[order], "left")
        keep[order[(np.arange(len(order)) - first) < max_per_query]] = True
    kept = np.zeros(size, bool)
    kept[uqe[keep]] = True
    m = kept[qe]
    qe, rule, dt = qe[m], bpos[pair[m]], gdt[row[m]]
    if not len(qe):
        z = np.zeros(0, np.int64)
        return z, z, np.zeros(0), z
    # out as they came, grouped by (query, rule): every consumer groups by (query, entity) itself
    # (``path_evidence``, explanations), and each (query, entity)'s rows are in rule order either way
    return qe // len(ents), ents[qe % len(ents)], conf[rule], dt


def _groundings(index: HistoryIndex, s: np.ndarray, r1: np.ndarray, r2: np.ndarray, t: int
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(body, entity, time since the latest second hop) of every body ``(s[i], r1[i], r2[i])``
    grounded before t (first hop no later than the second, entity not s), one row per (body,
    entity) with its most recent grounding, sorted by body then entity."""
    N = index.N
    every = t > index.T - 2  # every occurrence is before t (a store forecast: the day after the last)
    lo, hi = index.sr_ranges(s, r1)
    ob, trip1 = expand_ranges(lo, hi)
    if not every:
        live = index.count_before(trip1, t) > 0
        ob, trip1 = ob[live], trip1[live]
    lo, hi = index.sr_ranges(index.tr_o[trip1], r2[ob])
    o2, trip2 = expand_ranges(lo, hi)
    if every:
        t2 = index.last_time[trip2]
    else:
        c2 = index.count_before(trip2, t)
        live = c2 > 0
        o2, trip2, c2 = o2[live], trip2[live], c2[live]
        t2 = index.last_before(trip2, c2)
    b = ob[o2]
    e = index.tr_o[trip2]
    ok = (t2 >= index.first_time[trip1][o2]) & (e != s[ob][o2])
    key, dt = b[ok] * N + e[ok], t - t2[ok]
    if not len(key):
        return key, key, dt
    # the most recent grounding of each (body, entity): sort (key, dt) packed into one integer
    span = int(dt.max()) + 1
    if (int(key.max()) + 1) * span < 2 ** 62:
        # stable: the rows are runs sorted by entity (one per first hop), which a merge sort joins
        # in a third of quicksort's time; the same sorted integers
        packed = np.sort(key * span + dt, kind="stable")
        key, dt = packed // span, packed % span
    else:
        order = np.lexsort((dt, key))
        key, dt = key[order], dt[order]
    first = np.ones(len(key), bool)
    first[1:] = key[1:] != key[:-1]
    key, dt = key[first], dt[first]
    return key // N, key % N, dt
