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

from detente.forecast.evidence import chunks
from detente.forecast.index import HistoryIndex, expand_ranges

FEATURES = ("links", "relations", "last_dt", "two_hop", "paths")


class PairTable:
    """The history grouped by pair ``(entity, partner)``, any relation, built once per index.

    Per pair: its triples' first times and all its occurrences, each sorted, so "how many
    relations linked them before t", "how many times" and "when last" are one ``searchsorted``
    each (none at all for a pair wholly before t, the usual case). Per entity: its triples'
    first times (its degree before t). A subject's partners and a hub's partners are then one
    contiguous range of pairs, not every triple behind them.
    """

    def __init__(self, index: HistoryIndex) -> None:
        N, T = index.N, index.T
        self.N, self.T = N, T
        pair = index.tr_s * N + index.tr_o
        order = np.argsort(pair, kind="stable")
        self.key, start, per_pair = np.unique(pair[order], return_index=True, return_counts=True)
        self.e = self.key % N
        self.s_ptr = np.searchsorted(self.key // N, np.arange(N + 1))
        pid = np.empty(len(pair), np.int64)
        pid[order] = np.repeat(np.arange(len(self.key), dtype=np.int64), per_pair)
        self.triples = per_pair
        self.ft_key = np.sort(pid * T + index.first_time)
        self.ft_ptr = np.append(start, len(pair))
        self.ft_min = self.ft_key[self.ft_ptr[:-1]] % T
        self.ft_max = self.ft_key[self.ft_ptr[1:] - 1] % T
        occ_pid = np.repeat(pid, np.diff(index.occ_ptr))
        self.occ_key = np.sort(occ_pid * T + index.occ_time)
        self.occ_ptr = np.searchsorted(self.occ_key, np.arange(len(self.key) + 1) * T)
        self.occ_min = self.occ_key[self.occ_ptr[:-1]] % T
        self.occ_max = self.occ_key[self.occ_ptr[1:] - 1] % T
        self.deg_key = np.sort(index.tr_s * T + index.first_time)
        self.deg_ptr = np.searchsorted(self.deg_key, np.arange(N + 1) * T)

    @staticmethod
    def _before(p: np.ndarray, t: int, lo: np.ndarray, hi: np.ndarray, ptr: np.ndarray, key: np.ndarray,
                T: int) -> np.ndarray:
        """Per pair: entries of ``key`` (sorted pair·T + time) before ``t``."""
        out = ptr[p + 1] - ptr[p]
        out[lo[p] >= t] = 0
        mid = np.flatnonzero((hi[p] >= t) & (lo[p] < t))
        out[mid] = np.searchsorted(key, p[mid] * T + t) - ptr[p[mid]]
        return out

    def relations_before(self, p: np.ndarray, t: int) -> np.ndarray:
        """Triples (distinct relations, either direction) of each pair first seen before ``t``."""
        return self._before(p, t, self.ft_min, self.ft_max, self.ft_ptr, self.ft_key, self.T)

    def links_before(self, p: np.ndarray, t: int) -> tuple[np.ndarray, np.ndarray]:
        """(occurrences before ``t``, time of the latest of them; -1 when none) of each pair."""
        n = self._before(p, t, self.occ_min, self.occ_max, self.occ_ptr, self.occ_key, self.T)
        last = np.where(n > 0, self.occ_key[self.occ_ptr[p] + np.maximum(n, 1) - 1] % self.T, -1)
        return n, last

    def degree_before(self, z: np.ndarray, t: int) -> np.ndarray:
        """Triples of each entity first seen before ``t``."""
        return np.searchsorted(self.deg_key, z * self.T + t) - self.deg_ptr[z]


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


def _subject_block(table: PairTable, t: int, us: np.ndarray, k: int, hubs: int,
                   chunk_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidates ``(subject position, entity)`` as keys ``u·N + e`` and their features."""
    N, B = table.N, len(us)
    u1, p = expand_ranges(table.s_ptr[us], table.s_ptr[us + 1])
    n, last = table.links_before(p, t)
    live = (n > 0) & (table.e[p] != us[u1])
    u1, p, n, last = u1[live], p[live], n[live], last[live]
    key = u1 * N + table.e[p]  # one row per (subject, partner): plain assignment
    links = np.zeros(B * N)
    links[key] = n
    rels = np.zeros(B * N)
    rels[key] = table.relations_before(p, t)
    latest = np.full(B * N, -np.inf)
    latest[key] = last
    # two hops through each subject's busiest partners
    hu, hz = _top(links.reshape(B, N), hubs)
    zlo, zhi = table.s_ptr[hz], table.s_ptr[hz + 1]
    weight = 1.0 / np.log(2.0 + table.degree_before(hz, t))
    aa = np.zeros(B * N)
    paths = np.zeros(B * N)
    for a, b in chunks(zhi - zlo, chunk_rows):
        own, p2 = expand_ranges(zlo[a:b], zhi[a:b])
        own += a
        rel = table.relations_before(p2, t)
        e = table.e[p2]
        keep = (rel > 0) & (e != us[hu[own]])
        own, e, rel = own[keep], e[keep], rel[keep].astype(np.float64)
        key2 = hu[own] * N + e
        aa += np.bincount(key2, weights=rel * weight[own], minlength=B * N)
        paths += np.bincount(key2, weights=rel, minlength=B * N)
    r1, c1 = _top(links.reshape(B, N), k)
    r2, c2 = _top(aa.reshape(B, N), k)
    keys = np.unique(np.concatenate([r1 * N + c1, r2 * N + c2]))
    last_dt = np.where(links[keys] > 0, t - latest[keys], 1e4)
    return keys, np.stack([links[keys], rels[keys], last_dt, aa[keys], paths[keys]], axis=1)


def neighbour_evidence(index: HistoryIndex, t: int, s: np.ndarray, k: int, hubs: int = 20,
                       chunk_rows: int = 1_000_000, block: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Keys ``q·N + e`` of entities near each query's subject before ``t``, with their ``FEATURES``."""
    N, table = index.N, pair_table(index)
    s = np.asarray(s, np.int64)
    us, inv = np.unique(s, return_inverse=True)
    keys, rows = [], []
    for a in range(0, len(us), block):
        kb, fb = _subject_block(table, t, us[a:a + block], k, hubs, chunk_rows)
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
