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
Phase = Callable[[str, int], Callable[[int], None]]  # (description, total steps) -> advance(n)


def _no_phase(description: str, total: int) -> Callable[[int], None]:
    return lambda n: None


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def tuning_queries(model: Forecaster, data: TKG, max_queries: int | None, seed: int = 0):
    """Validation queries in both directions, as a query set (subsampled by (s, r, t) groups if asked)."""
    qs = model.query_set(with_inverse(data.valid, data.num_relations))
    if max_queries and len(qs) > max_queries:
        rng = np.random.default_rng(seed)
        keep = rng.random(len(qs)) < max_queries / len(qs)
        qs = qs.subset(keep)
    return qs


def run(model: Forecaster, data: TKG, setting: str = "single-step", phase: Phase = _no_phase,
        max_tune_queries: int | None = None) -> dict:
    """Fit, tune and test one model; returns the benchmark record (metrics as fractions)."""
    if setting not in SETTINGS:
        raise ValueError(f"unknown setting {setting!r} (use {' or '.join(SETTINGS)})")
    start = time.perf_counter()
    R = data.num_relations
    step = phase("fit", 1)
    model.fit(data.train, data.num_entities, R)
    step(1)
    model.observe(np.concatenate([data.train, data.valid]) if setting == "single-step" else data.train)
    qs = tuning_queries(model, data, max_tune_queries)
    model.tune(qs, phase("tune", getattr(model, "tune_steps", lambda: 1)()))
    del qs
    history = [data.train, data.valid] + ([data.test] if setting == "single-step" else [])
    model.observe(np.concatenate(history))
    test_q = with_inverse(data.test, R)
    step = phase("test", len(test_q))
    ranks = []
    for block in model.blocks(test_q):
        ranks.append(model.ranks(block))
        step(len(block))
    result = summarize(np.concatenate(ranks))
    return {
        "dataset": data.name,
        "setting": setting,
        "model": model.name,
        **result,
        "seconds": round(time.perf_counter() - start, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
