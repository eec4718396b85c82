"""Indexes over a history of facts that answer "what happened before time t" without copying.

``HistoryIndex`` keeps the unique triples ``(s, r, o)`` sorted, each with the sorted times it
occurred; a query at time t uses only occurrences strictly before t, so one index built over
train + valid + test serves every single-step query without leaking the future.
``ObjectCounts`` tracks how often each entity was the object of each relation, advancing in time.
"""

from __future__ import annotations

import numpy as np


def expand_ranges(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo_i, hi_i)`` return (owner i, position) for every element, in order."""
    n = np.maximum(hi - lo, 0)
    total = int(n.sum())
    if total == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    owner = np.repeat(np.arange(len(lo), dtype=np.int64), n)
    starts = np.cumsum(n) - n
    pos = np.arange(total, dtype=np.int64) - starts[owner] + lo[owner]
    return owner, pos


DENSE_SR = 1 << 24  # at most this many (s, r) pairs get a direct range table (8 bytes each)


class HistoryIndex:
    """Unique triples sorted by (s, r, o) with their occurrence times (facts include inverses)."""

    def __init__(self, facts: np.ndarray, num_entities: int, num_relations2: int,
                 parts: dict[str, np.ndarray] | None = None) -> None:
        """Index ``facts``; ``parts`` (from ``parts()`` of an index over the very same facts, e.g. a
        saved model's) skip the sort, which is most of the cost."""
        facts = np.asarray(facts, dtype=np.int64).reshape(-1, 4)
        self.N = int(num_entities)
        self.R2 = int(num_relations2)
        self.facts = facts
        if parts is None:
            parts = self._sorted_parts(facts)
        self.triple_key = np.asarray(parts["triple_key"], np.int64)
        self.occ_ptr = np.asarray(parts["occ_ptr"], np.int64)
        self.occ_time = times = np.asarray(parts["occ_time"], np.int64)
        self.tr_s = self.triple_key // (self.R2 * self.N)
        self.tr_r = (self.triple_key // self.N) % self.R2
        self.tr_o = self.triple_key % self.N
        self.sr_key = self.tr_s * self.R2 + self.tr_r
        self.T = int(times.max()) + 2 if len(times) else 2
        triple_of_occ = np.repeat(np.arange(len(self.triple_key), dtype=np.int64), np.diff(self.occ_ptr))
        self.occ_key = triple_of_occ * self.T + times
        self.t_min = int(times.min()) if len(times) else 0
        self.first_time = self.occ_time[self.occ_ptr[:-1]]  # per triple: first and last occurrence
        self.last_time = self.occ_time[self.occ_ptr[1:] - 1]
        self._sr_ptr: np.ndarray | None = None  # see ``sr_ptr``

    def _sorted_parts(self, facts: np.ndarray) -> dict[str, np.ndarray]:
        """The unique triples, where each one's occurrences start, and the occurrence times."""
        key = (facts[:, 0] * self.R2 + facts[:, 1]) * self.N + facts[:, 2]
        order = np.lexsort((facts[:, 3], key))
        key, times = key[order], facts[order, 3]
        # one occurrence per (triple, time)
        keep = np.ones(len(key), bool)
        keep[1:] = (key[1:] != key[:-1]) | (times[1:] != times[:-1])
        key, times = key[keep], times[keep]
        triple_key, first = np.unique(key, return_index=True)
        return {"triple_key": triple_key, "occ_ptr": np.append(first, len(key)).astype(np.int64), "occ_time": times}

    def parts(self) -> dict[str, np.ndarray]:
        """What rebuilding needs besides the facts (saved with a fitted model: loading skips the sort)."""
        return {"triple_key": self.triple_key, "occ_ptr": self.occ_ptr, "occ_time": self.occ_time}

    @property
    def num_triples(self) -> int:
        return len(self.triple_key)

    @property
    def sr_ptr(self) -> np.ndarray | None:
        """Where each (s, r) starts among the triples, when that table is small (a gather, not a
        search); built on first use, so a process asking a few queries never pays for it."""
        size = self.N * self.R2
        if self._sr_ptr is None and size <= DENSE_SR:
            # counts shifted by one, summed in place: one table of size + 1 (a third of the memory
            # touched by cumsum and concatenate, each a new table; the page faults were most of it)
            ptr = np.bincount(self.sr_key + 1, minlength=size + 1)
            self._sr_ptr = np.cumsum(ptr, out=ptr)
        return self._sr_ptr

    def sr_ranges(self, s: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Triple index ranges for each ``(s, r)`` pair (the same whether searched or looked up)."""
        k = np.asarray(s, np.int64) * self.R2 + np.asarray(r, np.int64)
        if self._sr_ptr is not None or len(k) * 64 >= self.N * self.R2:  # many pairs: the table pays
            table = self.sr_ptr
            if table is not None:
                return table[k], table[k + 1]
        return np.searchsorted(self.sr_key, k, "left"), np.searchsorted(self.sr_key, k, "right")

    def count_before(self, triples: np.ndarray, t: np.ndarray | int) -> np.ndarray:
        """How many times each triple occurred strictly before t."""
        out = self.occ_ptr[triples + 1] - self.occ_ptr[triples]  # all of them: the usual case
        if np.ndim(t) == 0 and t > self.T - 2:  # after the last occurrence (a store forecast)
            return out
        t = np.minimum(np.asarray(t, np.int64), self.T - 1)
        out[self.first_time[triples] >= t] = 0
        mid = np.flatnonzero((self.last_time[triples] >= t) & (self.first_time[triples] < t))
        tm = t if np.ndim(t) == 0 else t[mid]
        tr = triples[mid]
        out[mid] = np.searchsorted(self.occ_key, tr * self.T + tm, "left") - self.occ_ptr[tr]
        return out

    def last_before(self, triples: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Time of the latest occurrence before t (given ``count_before``; only for counts > 0)."""
        return self.occ_time[self.occ_ptr[triples] + np.maximum(counts, 1) - 1]

    def pair_last_times(self) -> dict[str, np.ndarray]:
        """Triples re-sorted by (s, o): for rule learning (which relations link a pair, and when last)."""
        pair = self.tr_s * self.N + self.tr_o
        order = np.argsort(pair, kind="stable")
        last = self.occ_time[self.occ_ptr[1:] - 1]
        return {"pair": pair[order], "r": self.tr_r[order], "last": last[order]}


class ObjectCounts:
    """How often each entity was the object of each relation before time t (the relaxed score ξ)."""

    def __init__(self, facts: np.ndarray, num_entities: int, num_relations2: int) -> None:
        self._facts = np.asarray(facts, dtype=np.int64).reshape(-1, 4)
        self._by_time: np.ndarray | None = None  # sorted on the first advance that needs it
        self.N, self.R2 = int(num_entities), int(num_relations2)
        self.counts: np.ndarray = np.zeros((self.R2, self.N), np.int32)  # int64 when counted whole (advance)
        self.total = np.zeros(self.R2, np.int64)
        self.pos = 0
        self.t = -(10**18)
        self._sorted: dict[int, np.ndarray] = {}

    @property
    def facts(self) -> np.ndarray:
        """The facts in time order."""
        if self._by_time is None:
            self._by_time = self._facts[np.argsort(self._facts[:, 3], kind="stable")]
        return self._by_time

    def advance(self, t: int) -> None:
        """Include every fact with time < t (time only moves forward)."""
        if t < self.t:
            raise ValueError("ObjectCounts only moves forward in time")
        if self.pos == len(self._facts):
            new = self._facts[:0]
        elif self.pos == 0 and self._by_time is None and t > self._facts[:, 3].max():
            new = self._facts  # everything at once (a forecast after the history): no sort needed
        else:
            new = self.facts[self.pos:int(np.searchsorted(self.facts[:, 3], t, "left"))]
        if len(new) * 8 >= self.counts.size:  # most of the history at once (a store forecast): count, no sort
            got = np.bincount(new[:, 1] * self.N + new[:, 2], minlength=self.counts.size)
            if self.pos:
                self.counts.reshape(-1)[:] += got.astype(np.int32)
            elif new is self._facts:  # the whole history, once (a forecast after it): the table as counted
                self.counts = got.reshape(self.R2, self.N)  # (int64: narrowing would page in a second table)
            else:  # nothing counted yet: the table itself (its zeros never touched, never paged in)
                self.counts = got.astype(np.int32).reshape(self.R2, self.N)
        elif len(new):
            # one sort of the (r, e) keys instead of np.add.at's slow scatter: the same counts
            keys, n = np.unique(new[:, 1] * self.N + new[:, 2], return_counts=True)
            self.counts.reshape(-1)[keys] += n.astype(np.int32)
        if len(new):
            self.total += np.bincount(new[:, 1], minlength=self.R2)
            self.pos += len(new)
            self._sorted = {}
        self.t = t

    def xi(self, r: np.ndarray, e: np.ndarray) -> np.ndarray:
        """ξ(r, e) = count(r, e) / count(r) at the current time."""
        return self.counts[r, e] / np.maximum(self.total[r], 1)

    def xi_row(self, r: int) -> np.ndarray:
        return self.counts[r] / max(int(self.total[r]), 1)

    def sorted_nonzero(self, r: int) -> np.ndarray:
        """The nonzero ξ values of relation r, ascending (for counting entities above a score)."""
        got = self._sorted.get(r)
        if got is None:
            row = self.counts[r]
            nz = row[row > 0]
            got = np.sort(nz / max(int(self.total[r]), 1))
            self._sorted[r] = got
        return got
