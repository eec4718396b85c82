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
per-block accumulators (``block`` subjects × entities), so memory stays bounded.
"""

from __future__ import annotations

import numpy as np

from detente.forecast.evidence import chunks
from detente.forecast.index import HistoryIndex, expand_ranges

FEATURES = ("links", "relations", "last_dt", "two_hop", "paths")


def subject_ranges(index: HistoryIndex, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Triple index ranges of every subject in ``s`` (triples are sorted by subject first)."""
    s = np.asarray(s, np.int64)
    return np.searchsorted(index.tr_s, s, "left"), np.searchsorted(index.tr_s, s, "right")


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


def _subject_block(index: HistoryIndex, t: int, us: np.ndarray, k: int, hubs: int,
                   chunk_rows: int) -> tuple[np.ndarray, np.ndarray]:
    """Candidates ``(subject position, entity)`` as keys ``u·N + e`` and their features."""
    N, B = index.N, len(us)
    lo, hi = subject_ranges(index, us)
    u1, trip = expand_ranges(lo, hi)
    c = index.count_before(trip, t)
    live = (c > 0) & (index.tr_o[trip] != us[u1])
    u1, trip, c = u1[live], trip[live], c[live]
    key = u1 * N + index.tr_o[trip]
    links = np.bincount(key, weights=c, minlength=B * N)
    rels = np.bincount(key, minlength=B * N).astype(np.float64)
    latest = np.full(B * N, -np.inf)
    np.maximum.at(latest, key, index.last_before(trip, c).astype(np.float64))
    # two hops through each subject's busiest partners
    hu, hz = _top(links.reshape(B, N), hubs)
    zlo, zhi = subject_ranges(index, hz)
    aa = np.zeros(B * N)
    paths = np.zeros(B * N)
    for a, b in chunks(zhi - zlo, chunk_rows):
        own, trip2 = expand_ranges(zlo[a:b], zhi[a:b])
        own += a
        ok = index.first_time[trip2] < t
        own, trip2 = own[ok], trip2[ok]
        e = index.tr_o[trip2]
        deg = np.bincount(own - a, minlength=b - a)[own - a]
        keep = e != us[hu[own]]
        key2 = hu[own[keep]] * N + e[keep]
        aa += np.bincount(key2, weights=1.0 / np.log(2.0 + deg[keep]), minlength=B * N)
        paths += np.bincount(key2, minlength=B * N)
    r1, c1 = _top(links.reshape(B, N), k)
    r2, c2 = _top(aa.reshape(B, N), k)
    keys = np.unique(np.concatenate([r1 * N + c1, r2 * N + c2]))
    last_dt = np.where(links[keys] > 0, t - latest[keys], 1e4)
    return keys, np.stack([links[keys], rels[keys], last_dt, aa[keys], paths[keys]], axis=1)


def neighbour_evidence(index: HistoryIndex, t: int, s: np.ndarray, k: int, hubs: int = 20,
                       chunk_rows: int = 1_000_000, block: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Keys ``q·N + e`` of entities near each query's subject before ``t``, with their ``FEATURES``."""
    N = index.N
    s = np.asarray(s, np.int64)
    us, inv = np.unique(s, return_inverse=True)
    keys, rows = [], []
    for a in range(0, len(us), block):
        kb, fb = _subject_block(index, t, us[a:a + block], k, hubs, chunk_rows)
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
