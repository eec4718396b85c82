"""Evidence for answers no past event or rule names: the subject's neighbourhood in any relation.

About a quarter of ICEWS14 answers (a third on ICEWS18) have no earlier ``(s, r, o)`` fact and
no rule firing behind them; every other model here ranks them by the relation's object frequency
ξ alone. Most of them are nevertheless close to the subject in the graph of who dealt with whom:
linked to one of its partners (the police and the citizens of one country share partners).
This module names such entities as candidates, with five numbers each (``FEATURES``):

- ``links``, ``relations``, ``last_dt``: earlier facts linking s and e directly, in any relation
  or direction (inverse relations are in the history), how many distinct relations, and the age
  of the latest (1e4 when none);
- ``two_hop``: Adamic–Adar over the subject's ``hubs`` busiest partners z, Σ_z n(z, e) / log(2 +
  deg z), with n(z, e) the relations linking z and e and deg z the triples of z (before t);
- ``paths``: Σ_z n(z, e), the plain count of those two-hop links.

Per subject at most ``k`` direct partners (most links first) and ``k`` two-hop entities (best
Adamic–Adar first) are kept. Everything depends on the subject and the history before t only,
never on the relation asked or the answer. Subjects are handled a block at a time with dense
per-block accumulators (``block`` subjects × entities), so memory stays bounded. The history is
read through a ``PairTable`` (one row per linked pair, built once per index), so a subject or a
hub costs its number of partners, not its number of triples.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

import numpy as np

from detente.forecast.evidence import unique_sorted
from detente.forecast.index import HistoryIndex, expand_ranges

FEATURES = ("links", "relations", "last_dt", "two_hop", "paths")


class PairTable:
    """The history grouped by pair ``(entity, partner)``, any relation, and its state at a time t.

    One row per linked pair (sorted by entity, then partner), so a subject's or a hub's partners
    are one contiguous range, not every triple behind them. ``advance(t)`` brings per-pair
    counts up to time t — relations first seen before t, occurrences before t and the latest of
    them — and each entity's degree (its triples first seen before t), adding only the facts
    since the last call, like ``ObjectCounts``: queries come in time order. Going back in time
    starts again from zero (explanations of a few queries).
    """

    def __init__(self, index: HistoryIndex) -> None:
        N = index.N
        self.N = N
        pair = index.tr_s * N + index.tr_o
        self.key, pid = np.unique(pair, return_inverse=True)
        pid = pid.ravel()
        self.e = self.key % N
        self.s_ptr = np.searchsorted(self.key // N, np.arange(N + 1))
        self._index, self._pid = index, pid
        self._by_time: tuple[np.ndarray, ...] | None = None
        self._reset()

    def by_time(self) -> tuple[np.ndarray, ...]:
        """Triples by first time and occurrences by time, for stepping forward: sorted on the first
        step that needs them (a forecast's one ``advance`` from zero never does: two sorts saved)."""
        if self._by_time is None:
            index, pid = self._index, self._pid
            order = np.argsort(index.first_time, kind="stable")  # triples by first time
            occ_pid = np.repeat(pid, np.diff(index.occ_ptr))
            occ_order = np.argsort(index.occ_time, kind="stable")  # occurrences by time
            self._by_time = (pid[order], index.tr_s[order], index.first_time[order],
                             occ_pid[occ_order], index.occ_time[occ_order])
        return self._by_time

    def _reset(self) -> None:
        P = len(self.key)
        self.t = -(1 << 62)
        self.relations, self.links = np.zeros(P, np.int64), np.zeros(P, np.int64)
        self.last = np.full(P, -1, np.int64)
        self.degree = np.zeros(self.N, np.int64)

    def advance(self, t: int) -> None:
        """Counts of everything strictly before ``t``."""
        if t < self.t:
            self._reset()
        if t == self.t:
            return
        if self.t == -(1 << 62):  # from zero: the same sums over everything before t, no sort
            self._from_zero(t)
            return
        new_pair, new_owner, new_time, occ_pair, occ_time = self.by_time()
        a, b = np.searchsorted(new_time, [self.t, t])
        np.add.at(self.relations, new_pair[a:b], 1)
        np.add.at(self.degree, new_owner[a:b], 1)
        a, b = np.searchsorted(occ_time, [self.t, t])
        np.add.at(self.links, occ_pair[a:b], 1)
        np.maximum.at(self.last, occ_pair[a:b], occ_time[a:b])
        self.t = t

    def _from_zero(self, t: int) -> None:
        index, pid, P = self._index, self._pid, len(self.key)
        new = index.first_time < t
        self.relations = np.bincount(pid[new], minlength=P).astype(np.int64)
        self.degree = np.bincount(index.tr_s[new], minlength=self.N).astype(np.int64)
        n = index.count_before(np.arange(index.num_triples), t)  # occurrences of each triple before t
        seen = n > 0
        self.links = np.bincount(pid[seen], weights=n[seen], minlength=P).astype(np.int64)
        np.maximum.at(self.last, pid[seen], index.last_before(np.flatnonzero(seen), n[seen]))
        self.t = t


_TABLES: WeakKeyDictionary[HistoryIndex, PairTable] = WeakKeyDictionary()


def pair_table(index: HistoryIndex) -> PairTable:
    """The index's pair table, built on first use (an index never changes once built)."""
    table = _TABLES.get(index)
    if table is None:
        table = _TABLES[index] = PairTable(index)
    return table


def _top(dense: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) of the up-to-``k`` largest positive values of each row."""
    if k < dense.shape[1]:
        cols = np.argpartition(-dense, k, axis=1)[:, :k]
        rows = np.repeat(np.arange(dense.shape[0]), k)
        cols = cols.ravel()
    else:
        rows, cols = np.divmod(np.arange(dense.size), dense.shape[1])
    ok = dense[rows, cols] > 0
    return rows[ok], cols[ok]


def _two_hop(table: PairTable, us: np.ndarray, links: np.ndarray, hubs: int,
             dense: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(Adamic–Adar, plain count) of every entity over each subject's ``hubs`` busiest partners.

    Two ways to the same sums, whichever is cheaper for the block (``dense`` forces one): row by
    row, one ``bincount`` over every (subject, hub, partner of the hub) row, or one dense row of
    n(z, e) per distinct hub and two matrix products with the (subject × hub) weights, which
    reads a hub shared by many subjects once (busy hubs with thousands of partners: GDELT).
    """
    N, B = table.N, len(us)
    hu, hz = _top(links, hubs)
    uz, zi = np.unique(hz, return_inverse=True)
    weight = 1.0 / np.log(2.0 + table.degree[uz])  # per distinct hub
    rows = int((table.s_ptr[hz + 1] - table.s_ptr[hz]).sum())
    aa: np.ndarray
    paths: np.ndarray
    if dense if dense is not None else 30 * rows > B * len(uz) * N:
        own, p = expand_ranges(table.s_ptr[uz], table.s_ptr[uz + 1])
        n_ze = np.zeros((len(uz), N))
        n_ze[own, table.e[p]] = table.relations[p]
        on = np.zeros((B, len(uz)))
        on[hu, zi] = 1.0
        aa = (on * weight) @ n_ze
        paths = on @ n_ze
    else:
        own, p = expand_ranges(table.s_ptr[hz], table.s_ptr[hz + 1])
        rel = table.relations[p].astype(np.float64)
        key = hu[own] * N + table.e[p]
        aa = np.bincount(key, weights=rel * weight[zi[own]], minlength=B * N).reshape(B, N)
        paths = np.bincount(key, weights=rel, minlength=B * N).reshape(B, N)
    aa[np.arange(B), us] = paths[np.arange(B), us] = 0.0  # the subject itself is never a candidate
    return aa, paths


def _subject_block(table: PairTable, t: int, us: np.ndarray, k: int, hubs: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidates ``(subject position, entity)`` as keys ``u·N + e`` and their features."""
    N, B = table.N, len(us)
    u1, p = expand_ranges(table.s_ptr[us], table.s_ptr[us + 1])
    live = (table.links[p] > 0) & (table.e[p] != us[u1])
    u1, p = u1[live], p[live]
    key = u1 * N + table.e[p]  # one row per (subject, partner): plain assignment
    links = np.zeros(B * N)
    links[key] = table.links[p]
    aa, paths = _two_hop(table, us, links.reshape(B, N), hubs)
    aa, paths = aa.ravel(), paths.ravel()
    r1, c1 = _top(links.reshape(B, N), k)
    r2, c2 = _top(aa.reshape(B, N), k)
    keys = unique_sorted(np.concatenate([r1 * N + c1, r2 * N + c2]))  # np.unique would import numpy.ma (0.1 s)
    at = np.searchsorted(key, keys)  # keys and ``key`` are both sorted; a direct partner is in ``key``
    direct = (at < len(key)) & (key[np.minimum(at, len(key) - 1)] == keys)
    pk = p[np.minimum(at, len(key) - 1)]
    rels = np.where(direct, table.relations[pk], 0)
    last_dt = np.where(direct, t - table.last[pk], 1e4)
    return keys, np.stack([links[keys], rels, last_dt, aa[keys], paths[keys]], axis=1).astype(np.float64)


def neighbour_evidence(index: HistoryIndex, t: int, s: np.ndarray, k: int, hubs: int = 20,
                       block: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Keys ``q·N + e`` of entities near each query's subject before ``t``, with their ``FEATURES``."""
    N, table = index.N, pair_table(index)
    table.advance(t)
    s = np.asarray(s, np.int64)
    us, inv = np.unique(s, return_inverse=True)
    keys, rows = [], []
    for a in range(0, len(us), block):
        kb, fb = _subject_block(table, t, us[a:a + block], k, hubs)
        keys.append(kb + a * N)
        rows.append(fb)
    if not keys:
        return np.zeros(0, np.int64), np.zeros((0, len(FEATURES)))
    ukey, feat = np.concatenate(keys), np.concatenate(rows)  # sorted by subject position
    u = ukey // N
    start = np.searchsorted(u, np.arange(len(us) + 1))
    q, pos = expand_ranges(start[inv.ravel()], start[inv.ravel() + 1])
    return q * N + ukey[pos] % N, feat[pos]


def neighbour_lines(qs, cand: int, src: str, tgt: str, day_of) -> list[str]:
    """What the neighbourhood says about one candidate, in words (nothing when not computed).

    ``day_of(dt)`` names the day ``dt`` steps before the query.
    """
    if not qs.nb.shape[1]:
        return []
    links, rels, last_dt, aa, paths = qs.nb[cand]
    out = []
    if links > 0:
        out.append(f"{src} and {tgt} linked {int(links)}× before in {int(rels)} relation(s) of any kind, "
                   f"last on {day_of(int(last_dt))}")
    if paths > 0:
        out.append(f"{tgt} linked {int(paths)}× to {src}'s main partners (two-hop, Adamic–Adar {aa:.2f})")
    return out
