"""Recent popularity and per-relation recency: evidence for ``boost`` (issue 18, accuracy).

ξ, the background every model ranks unnamed entities by, counts how often an entity was the
object of a relation over the whole history. What is popular *now* differs: a summit, a war or
an election makes one partner the object of many events for a few weeks. And how fast a
repeated event goes stale depends on the relation (a visit is one-off, fighting goes on for
weeks), while the trees only saw recency at two fixed decays. So each listed candidate gets
(``RecentFeatures.names``):

- its share of the relation's objects over the last ``windows`` steps (e.g. 7 and 30 days);
- how many events of any relation were aimed at it over the shortest window (log);
- how many events of this relation the subject started over the longest window (log; per query);
- the recency of its last ``(s, r, e)`` at the relation's own decay λ_r, fitted on the history
  before the tuning queries (train): the geometric rate of the gaps between consecutive
  occurrences of a triple, shrunk towards the pooled rate for relations with few gaps.

Everything is counted strictly before the query's time from the model's history index, so the
same code serves tuning (history train + valid, earlier days only) and test.
Cost per candidate: a few binary searches in arrays of one int64 per past occurrence.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from detente.forecast.index import HistoryIndex


@dataclass(frozen=True)
class RecentConfig:
    """Windows in time steps (days on ICEWS), shortest first; decay shrinkage in pseudo-gaps."""

    windows: tuple[int, ...] = (7, 30)
    prior_gaps: float = 20.0


class WindowCounts:
    """Occurrences keyed by (group, time), sorted, so a count over [t − w, t) is two searches."""

    def __init__(self, group: np.ndarray, times: np.ndarray, T: int) -> None:
        self.T = T
        self.keys = np.sort(group.astype(np.int64) * T + times)

    def count(self, group: np.ndarray, t: np.ndarray, w: int) -> np.ndarray:
        """Occurrences of each ``group`` in [t − w, t); needles are searched in sorted order
        (about 8× faster than in candidate order on a few million keys)."""
        return self.counts(group, t, (w,))[0]

    def counts(self, group: np.ndarray, t: np.ndarray, windows: tuple[int, ...]) -> list[np.ndarray]:
        """``count`` for several windows: the needles sorted and the window ends searched once."""
        g = np.asarray(group, np.int64) * self.T
        t = np.minimum(np.asarray(t, np.int64), self.T - 1)
        hi = g + t
        order = np.argsort(hi, kind="stable")
        end = np.searchsorted(self.keys, hi[order], "left")
        outs = []
        for w in windows:
            out = np.empty(len(hi))
            out[order] = end - np.searchsorted(self.keys, (g + np.maximum(t - w, 0))[order], "left")
            outs.append(out)
        return outs


@dataclass
class _Counts:
    """The window counts of one history index."""

    by_ro: WindowCounts  # (relation, object)
    by_r: WindowCounts  # relation
    by_o: WindowCounts  # object, any relation
    by_sr: WindowCounts  # (subject, relation)


def occurrences(index: HistoryIndex) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(s, r, o, time) of every distinct occurrence in the index."""
    trip = np.repeat(np.arange(index.num_triples, dtype=np.int64), np.diff(index.occ_ptr))
    return index.tr_s[trip], index.tr_r[trip], index.tr_o[trip], index.occ_time


def fit_decay(index: HistoryIndex, before: int, prior_gaps: float = 20.0) -> np.ndarray:
    """Per relation, the decay λ_r (per step, base 2) of the gaps between consecutive occurrences
    of one triple, from occurrences before ``before`` only.

    A gap of g steps is taken as geometric with success p = 1 / mean gap, so 2^(−λ_r) = 1 − p.
    Relations with few gaps lean on the pooled mean (``prior_gaps`` pseudo-gaps of it).
    """
    t = index.occ_time
    trip = np.repeat(np.arange(index.num_triples, dtype=np.int64), np.diff(index.occ_ptr))
    ok = (t[1:] < before) & (trip[1:] == trip[:-1])
    gap = (t[1:] - t[:-1])[ok].astype(np.float64)
    rel = index.tr_r[trip[1:][ok]]
    n = np.bincount(rel, minlength=index.R2).astype(np.float64)
    total = np.bincount(rel, weights=gap, minlength=index.R2)
    pooled = gap.mean() if len(gap) else 30.0
    mean = np.where(n + prior_gaps > 0, (total + prior_gaps * pooled) / np.maximum(n + prior_gaps, 1e-12), pooled)
    p = 1.0 / np.maximum(mean, 1.0 + 1e-9)
    return -np.log2(1.0 - p)


@dataclass
class RecentFeatures:
    """Feature provider for ``boost`` (``boost.PROVIDERS["recent"]``): ``RECENT(qs, model)``.

    The decay λ_r is fitted at the first call after tuning starts (on the history before that
    query set's first day: train, when tuning on valid) and kept in ``model.provider_recent_decay``
    (an array, saved with the model); window counts are rebuilt whenever the model's history is.
    """

    config: RecentConfig = field(default_factory=RecentConfig)
    _counts: _Counts | None = field(default=None, init=False, repr=False)
    _for: weakref.ref | None = field(default=None, init=False, repr=False)
    _since: int = field(default=0, init=False, repr=False)  # the counts hold occurrences from this time on

    @property
    def names(self) -> tuple[str, ...]:
        w = self.config.windows
        return (*(f"share of r's objects, last {x} steps" for x in w), f"log events aimed at e, last {w[0]} steps",
                f"log (s, r) events, last {w[-1]} steps", "recency at the relation's own decay")

    def decay(self, qs, model: Any) -> np.ndarray:
        lam = getattr(model, "provider_recent_decay", None)
        if lam is None:
            lam = fit_decay(model.index, int(qs.t.min()) if len(qs) else 0, self.config.prior_gaps)
            model.provider_recent_decay = lam
        return lam

    def counts(self, index: HistoryIndex, t_first: int) -> _Counts:
        """Window counts of this index for queries at ``t_first`` or later: the occurrences of the
        last ``max(windows)`` steps before it and after. Built once per index (the history changes
        between tuning and test) and again only for an earlier query; a forecast (one time step)
        sorts a month of history, not all of it."""
        since = t_first - max(self.config.windows)
        if self._counts is None or self._for is None or self._for() is not index or since < self._since:
            s, r, o, t = occurrences(index)
            keep = t >= since
            s, r, o, t = s[keep], r[keep], o[keep], t[keep]
            T, N = index.T, index.N
            self._counts = None  # drop the old arrays before building the new ones
            self._counts = _Counts(WindowCounts(r * N + o, t, T), WindowCounts(r, t, T), WindowCounts(o, t, T),
                                   WindowCounts(s * index.R2 + r, t, T))
            self._for, self._since = weakref.ref(index), since
        return self._counts

    def __call__(self, qs, model: Any) -> np.ndarray:
        """One row per listed candidate of ``qs`` (a ``QuerySet``), ``len(names)`` columns."""
        index = model.index
        c = self.counts(index, int(qs.t.min()) if len(qs) else 0)
        r, t = qs.r[qs.cq], qs.t[qs.cq]
        ro = r * index.N + qs.ce
        windows = self.config.windows
        cols = [n / np.maximum(total, 1.0)[qs.cq]  # the relation's total once per query
                for n, total in zip(c.by_ro.counts(ro, t, windows), c.by_r.counts(qs.r, qs.t, windows))]
        w0, w1 = self.config.windows[0], self.config.windows[-1]
        cols.append(np.log1p(c.by_o.count(qs.ce, t, w0)))
        cols.append(np.log1p(c.by_sr.count(qs.s * index.R2 + qs.r, qs.t, w1))[qs.cq])
        lam = self.decay(qs, model)
        cols.append(np.where(qs.cnt > 0, np.exp2(-lam[r] * np.minimum(qs.last_dt, 1e4)), 0.0))
        return np.stack(cols, axis=1) if len(qs.cq) else np.zeros((0, len(self.names)))

    def lines(self, qs, model: Any, cand: int, tgt: str, rel: str, names: list[str]) -> list[str]:
        """The candidate's recent popularity in words (for ``detente forecast`` explanations)."""
        index = model.index
        q = int(qs.cq[cand])
        r, t, e = int(qs.r[q]), int(qs.t[q]), int(qs.ce[cand])
        c = self.counts(index, t)
        w = self.config.windows[-1]
        n = c.by_ro.count(np.array([r * index.N + e]), np.array([t]), w)[0]
        if n <= 0:
            return []
        tot = c.by_r.count(np.array([r]), np.array([t]), w)[0]
        return [f"{tgt} was the target of '{rel}' {int(n)}× in the last {w} days ({n / max(tot, 1):.1%} of all '{rel}')"]


RECENT = RecentFeatures()
