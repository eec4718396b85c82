"""Timing alternatives fairly: each round runs every alternative once, in a balanced order.

A pass can pay for the one before it (its garbage, the memory it freed or left dirty, the caches
it filled). A plain rotation (A B C, B C A, C A B) keeps the cyclic neighbours, so A always
follows C; the orders here are a Williams design, in which every alternative follows every other
equally often over the rounds, and the collector runs, untimed, before every timed run.
"""

from __future__ import annotations

import ctypes
import gc
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache


def cpu_seconds() -> float:
    """CPU time of this process (every thread) and of its finished children (spaCy workers)."""
    children = os.times()  # clock ticks (10 ms): only for worker processes
    return time.process_time() + children.children_user + children.children_system


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim`` from the running process's C library (None elsewhere: macOS, musl)."""
    try:
        return getattr(ctypes.CDLL(None), "malloc_trim", None)
    except (OSError, TypeError):  # TypeError: Windows' CDLL takes no None
        return None


def release_memory() -> None:
    """Collect Python's garbage, then hand the C heap's free pages back to the system, so that the
    next timed run does not inherit the heap the one before it left (see the module's note)."""
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


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


def balanced_orders(n: int) -> list[list[int]]:
    """Orders of ``n`` alternatives in which each one directly follows each other one equally often
    (a Williams design: ``n`` rows for even ``n``, ``2n`` for odd) and goes first equally often."""
    first = [0]
    low, high = 1, n - 1
    while len(first) < n:
        first.append(low)
        low += 1
        if len(first) < n:
            first.append(high)
            high -= 1
    rows = [[(k + r) % n for k in first] for r in range(n)]
    return rows if n % 2 == 0 else _spread(rows + [row[::-1] for row in rows])


def _spread(rows: list[list[int]]) -> list[list[int]]:
    """The rows in an order whose every prefix has each alternative after as many different others
    as it can (greedily, counting the step from one row to the next): a run of fewer than all
    ``2n`` rows of an odd design (bench coder: 7 rounds of 7 passes) then has each pass after
    nearly every other, where the plain order put each after three of the six only."""
    order, left = [rows[0]], list(range(1, len(rows)))
    seen = set(zip(rows[0], rows[0][1:]))

    def gain(i: int) -> tuple[int, int]:
        row = rows[i]
        if row[0] == order[-1][-1]:
            return -1, -i  # never the same alternative twice in a row
        return len(set(zip([order[-1][-1], *row], row)) - seen), -i

    while left:
        best = max(left, key=gain)
        left.remove(best)
        seen |= set(zip([order[-1][-1], *rows[best]], rows[best]))
        order.append(rows[best])
    return order


def interleave(alternatives: dict[str, Callable[[int], object]], rounds: int,
               setup: Callable[[str, int], object] | None = None,
               progress: Callable[[str], None] | None = None, warmup: int = 0,
               collect: bool = True) -> dict[str, Timing]:
    """Run every alternative once per round, in ``balanced_orders``, and time each run.

    ``setup(name, round)`` runs untimed before each run (a fresh store, say); each alternative
    is called with the round number. ``warmup`` rounds run first and are not timed (first-use
    costs: lazy loads, caches, the allocator's first growth); ``collect``: ``release_memory()``
    before each run, untimed, so no run pays for the garbage or the heap of the one before.
    """
    names = list(alternatives)
    orders = balanced_orders(len(names))
    out = {name: Timing() for name in names}
    for r in range(-warmup, rounds):
        for k in orders[r % len(orders)]:
            name = names[k]
            if progress:
                progress(f"warm-up: {name}" if r < 0 else f"round {r + 1}/{rounds}: {name}")
            if setup:
                setup(name, r)
            if collect:
                release_memory()
            w0, c0 = time.perf_counter(), cpu_seconds()
            alternatives[name](r)
            cpu, wall = cpu_seconds() - c0, time.perf_counter() - w0
            if r >= 0:
                out[name].cpu.append(cpu)
                out[name].wall.append(wall)
    return out


def paired_ratios(numerator: list[float], denominator: list[float]) -> list[float]:
    """Round by round ``numerator / denominator`` (two passes of one round ran minutes apart at
    most, so a slow spell of the machine touches both)."""
    return [a / b for a, b in zip(numerator, denominator) if b]
