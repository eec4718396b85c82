"""The benchmark clocks: what they count (never how long anything takes)."""

from __future__ import annotations

import gc

from detente.bench.timing import gc_clock, interleave


def test_gc_clock_counts_collections_inside_its_block_only() -> None:
    with gc_clock() as clock:
        gc.collect()
    assert clock.collections >= 1 and clock.cpu >= 0.0
    seen = clock.collections
    gc.collect()
    assert clock.collections == seen  # the hook is gone once the block ends
    assert clock not in gc.callbacks


def test_interleave_rotates_which_alternative_goes_first() -> None:
    order: list[str] = []
    timings = interleave({"a": lambda r: order.append("a"), "b": lambda r: order.append("b")}, rounds=2)
    assert order == ["a", "b", "b", "a"]
    assert len(timings["a"].cpu) == len(timings["b"].wall) == 2
