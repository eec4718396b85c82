"""The benchmark clocks: what they count (never how long anything takes)."""

from __future__ import annotations

import gc
from collections import Counter

from detente.bench.timing import balanced_orders, gc_clock, interleave, paired_ratios, release_memory


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


def test_balanced_orders_let_every_alternative_follow_every_other_equally_often() -> None:
    for n in (2, 3, 4, 6, 7):
        rows = balanced_orders(n)
        assert all(sorted(row) == list(range(n)) for row in rows)
        follows = Counter((a, b) for row in rows for a, b in zip(row, row[1:]))
        assert len(follows) == n * (n - 1) and len(set(follows.values())) == 1  # each ordered pair, same count
        assert len(set(Counter(row[0] for row in rows).values())) == 1  # each goes first equally often


def test_interleave_times_no_warmup_round_and_collects_before_each_run() -> None:
    calls: list[tuple[str, int]] = []
    seen: list[int] = []
    gc.callbacks.append(lambda phase, info: seen.append(1) if phase == "start" else None)
    try:
        timings = interleave({"a": lambda r: calls.append(("a", r)), "b": lambda r: calls.append(("b", r))},
                             rounds=2, warmup=1)
    finally:
        gc.callbacks.pop()
    assert [r for _, r in calls] == [-1, -1, 0, 0, 1, 1]  # the warm-up round runs, untimed
    assert len(timings["a"].cpu) == len(timings["b"].cpu) == 2
    assert len(seen) >= 6  # a collection before every run


def test_paired_ratios_go_round_by_round() -> None:
    assert paired_ratios([2.0, 3.0], [1.0, 2.0]) == [2.0, 1.5]
    assert paired_ratios([1.0], [0.0]) == []


def test_seven_rounds_of_seven_passes_put_each_pass_after_nearly_every_other() -> None:
    """bench coder's default (7 passes, 7 rounds) uses half of the 14-row design: its rows come in
    an order in which each pass follows at least five of the six others within those 7 rounds,
    and never itself."""
    seq = [k for row in balanced_orders(7)[:7] for k in row]
    assert all(a != b for a, b in zip(seq, seq[1:]))
    for k in range(7):
        before = {seq[i - 1] for i in range(1, len(seq)) if seq[i] == k}
        assert len(before - {k}) >= 5


def test_release_memory_runs_the_collector() -> None:
    seen: list[int] = []
    gc.callbacks.append(lambda phase, info: seen.append(1) if phase == "start" else None)
    try:
        release_memory()
    finally:
        gc.callbacks.pop()
    assert seen
