"""Benchmarks that measure honestly: wall and CPU time, alternatives interleaved, medians.

The machine these run on is usually shared, so wall-clock time says as much about the
neighbours as about the code; CPU time (all threads of this process) is the figure to compare.
"""

from detente.bench.timing import Timing, interleave, peak_rss_mb

__all__ = ["Timing", "interleave", "peak_rss_mb"]
