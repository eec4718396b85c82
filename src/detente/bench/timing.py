"""Timing alternatives fairly: each round runs every alternative once (A B C, then B C A, …)."""

from __future__ import annotations

import gc
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


def cpu_seconds() -> float:
    """CPU time of this process (every thread) and of its finished children (spaCy workers)."""
    children = os.times()  # clock ticks (10 ms): only for worker processes
    return time.process_time() + children.children_user + children.children_system


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


@dataclass
class GcClock:
    """CPU seconds Python's cyclic garbage collector spent while the clock ran, and its collections."""

    cpu: float = 0.0
    collections: int = 0
    _start: float = 0.0

    def __call__(self, phase: str, info: dict) -> None:  # a ``gc.callbacks`` hook
        if phase == "start":
            self._start = time.process_time()
        else:
            self.cpu += time.process_time() - self._start
            self.collections += 1


@contextmanager
def gc_clock() -> Iterator[GcClock]:
    """Time the collector's work inside the block (is ``gc.freeze`` or a higher threshold worth it?)."""
    clock = GcClock()
    gc.callbacks.append(clock)
    try:
        yield clock
    finally:
        gc.callbacks.remove(clock)


@dataclass
class Timing:
    """Wall and CPU seconds of each run of one alternative."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall) if self.wall else 0.0

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    def rates(self, name: str, units: float, unit: str) -> dict[str, float]:
        """``{name}_{unit}_per_s`` (wall) and ``…_per_cpu_s`` from the medians."""
        return {f"{name}_{unit}_per_s": round(units / self.wall_median, 1) if self.wall_median else 0.0,
                f"{name}_{unit}_per_cpu_s": round(units / self.cpu_median, 1) if self.cpu_median else 0.0}


def interleave(alternatives: dict[str, Callable[[int], object]], rounds: int,
               setup: Callable[[str, int], object] | None = None,
               progress: Callable[[str], None] | None = None) -> dict[str, Timing]:
    """Run every alternative once per round, rotating which goes first, and time each run.

    ``setup(name, round)`` runs untimed before each run (a fresh store, say); each alternative
    is called with the round number.
    """
    names = list(alternatives)
    out = {name: Timing() for name in names}
    for r in range(rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            if progress:
                progress(f"round {r + 1}/{rounds}: {name}")
            if setup:
                setup(name, r)
            w0, c0 = time.perf_counter(), cpu_seconds()
            alternatives[name](r)
            out[name].cpu.append(cpu_seconds() - c0)
            out[name].wall.append(time.perf_counter() - w0)
    return out
