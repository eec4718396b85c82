"""One harness for every forecaster: fit on train, tune on valid, read test once, report.

Single-step: a test query at day t sees train + valid + the test facts of days before t.
Multi-step: it sees train + valid only. Tuning mirrors the setting on the validation split
(single-step: train + earlier valid days; multi-step: train only). The test split is read
once per run, after tuning, and ranked with ``metrics.candidate_ranks``.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable

import numpy as np

from detente.forecast.base import Forecaster
from detente.forecast.data import TKG, with_inverse
from detente.forecast.metrics import summarize

SETTINGS = ("single-step", "multi-step")
MAX_TUNE = 40_000  # default cap on validation queries for tuning (a stratified sample above it)
Phase = Callable[[str, int], Callable[[int], None]]  # (description, total steps) -> advance(n)


def _no_phase(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    use = resource.getrusage(resource.RUSAGE_SELF)
    return use.ru_utime + use.ru_stime


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def sample_groups(queries: np.ndarray, max_queries: int | None, seed: int = 0, min_per_relation: int = 20) -> np.ndarray:
    """At most about ``max_queries`` queries, keeping or dropping whole (s, r, t) groups.

    Whole groups keep the time-aware filter exact: every true answer of a kept query stays known.
    Stratified by relation: each relation keeps its share of the sample, but at least
    ``min_per_relation`` queries (all it has when fewer), so rare relations can still be tuned.
    """
    if not max_queries or len(queries) <= max_queries:
        return queries
    _, group = np.unique(queries[:, [0, 1, 3]], axis=0, return_inverse=True)
    group = group.ravel()
    n_rel = np.bincount(queries[:, 1])
    quota = np.minimum(n_rel, np.maximum(min_per_relation, n_rel * (max_queries / len(queries))))
    share = quota / np.maximum(n_rel, 1)
    p_group = np.zeros(int(group.max()) + 1)
    p_group[group] = share[queries[:, 1]]
    keep = np.random.default_rng(seed).random(len(p_group)) < p_group
    return queries[keep[group]]


def tuning_queries(model: Forecaster, data: TKG, max_queries: int | None, seed: int = 0):
    """Validation queries in both directions as a query set (a sample of (s, r, t) groups if asked;
    a fitted model may ask for fewer: ``Forecaster.tune_query_cap``)."""
    own = model.tune_query_cap()
    if own is not None and (not max_queries or own < max_queries):
        max_queries = own
    queries = sample_groups(with_inverse(data.valid, data.num_relations), max_queries, seed)
    return model.query_set(queries)


def ranks_on_test(model: Forecaster, data: TKG, setting: str = "single-step", phase: Phase = _no_phase) -> np.ndarray:
    """Ranks of the test queries (both directions, in time order) from a fitted, tuned model.

    Multi-step: the history is train + valid only, so no fact of the test period is ever seen
    as history (only the time-aware filter reads the other answers of the same query time).
    """
    history = [data.train, data.valid] + ([data.test] if setting == "single-step" else [])
    model.observe(np.concatenate(history))
    test_q = with_inverse(data.test, data.num_relations)
    step = phase("test", len(test_q))
    ranks = []
    for block in model.blocks(test_q):
        ranks.append(model.ranks(block))
        step(len(block))
    return np.concatenate(ranks) if ranks else np.zeros(0)


def run(model: Forecaster, data: TKG, setting: str = "single-step", phase: Phase = _no_phase,
        max_tune_queries: int | None = MAX_TUNE) -> dict:
    """Fit, tune and test one model; returns the benchmark record (metrics as fractions)."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r} (use {' or '.join(SETTINGS)})")
    start, cpu0 = time.perf_counter(), cpu_seconds()
    R = data.num_relations
    step = phase("fit", 1)
    model.fit(data.train, data.num_entities, R)
    step(1)
    model.observe(np.concatenate([data.train, data.valid]) if setting == "single-step" else data.train)
    qs = tuning_queries(model, data, max_tune_queries)
    tune_queries = len(qs)
    model.tune(qs, phase("tune", getattr(model, "tune_steps", lambda: 1)()))
    del qs
    ranks = ranks_on_test(model, data, setting, phase)
    result = summarize(ranks)
    return {
        "dataset": data.name,
        "setting": setting,
        "model": model.name,
        **result,
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(cpu_seconds() - cpu0, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "tune_queries": tune_queries,
        "selection": getattr(model, "selection", None),
    }
