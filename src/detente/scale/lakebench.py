"""`detente bench lake`: a one-dyad filter and `detente dyad` on a lake, against bare DuckDB SQL.

Four timings, interleaved round by round (detente filter, bare filter, detente dyad, bare dyad)
and medians reported, wall and CPU. "Bare" runs the same SQL on a fresh DuckDB connection
straight over the lake's files (``read_parquet`` with a glob): the limit. The detente side is
the Python API the commands call (``Database.events``, ``Database.dyads``), everything included:
opening the lake, the views, pandas.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(fn: Callable[[], Any]) -> tuple[float, float, int]:
    wall, cpu = time.perf_counter(), time.process_time()
    rows = len(fn())
    return time.perf_counter() - wall, time.process_time() - cpu, rows


def bench_lake(lake: Path, source: str = "CHN", target: str = "PRK", rounds: int = 3,
               memory_limit: str = "3GB", tick: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Median wall and CPU seconds of each query, detente and bare, and their ratios."""
    from detente.api import Database
    from detente.store import EventFilter
    from detente.store.lake import bare_frame, set_memory_limit

    def opened() -> Database:
        db = Database(lake)
        set_memory_limit(db.store.con, memory_limit)
        return db

    def detente_filter() -> Any:
        with opened() as db:
            return db.events(source=source, target=target)

    def detente_dyad() -> Any:
        with opened() as db:
            return db.dyads([source, target], freq="month")

    with opened() as db:
        events_count = db.count()
        filter_sql, filter_params = db.store.events_sql(EventFilter(source=source, target=target))
        dyad_sql, dyad_params = db.store.dyad_events_sql(db.scope([source, target]))
    queries: dict[str, Callable[[], Any]] = {
        "filter detente": detente_filter,
        "filter bare": lambda: bare_frame(lake, filter_sql, filter_params, memory_limit),
        "dyad detente": detente_dyad,
        "dyad bare": lambda: bare_frame(lake, dyad_sql, dyad_params, memory_limit),
    }
    runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in queries}
    for _ in range(rounds):
        for name, fn in queries.items():
            runs[name].append(_timed(fn))
            if tick:
                tick(name)
    out: dict[str, Any] = {"lake": str(lake), "events": events_count, "dyad": f"{source}->{target}",
                           "rounds": rounds, "memory_limit": memory_limit, "queries": {}}
    for name, timings in runs.items():
        out["queries"][name] = {"wall_s": round(statistics.median(t[0] for t in timings), 3),
                                "cpu_s": round(statistics.median(t[1] for t in timings), 3),
                                "rows": timings[0][2], "runs": timings}
    for query in ("filter", "dyad"):
        bare = out["queries"][f"{query} bare"]["wall_s"]
        out[f"{query}_ratio"] = round(out["queries"][f"{query} detente"]["wall_s"] / bare, 2) if bare else None
    return out
