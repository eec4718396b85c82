"""Store benchmarks: an import's time and memory, one dyad's query, the dyad table.

Each query is timed next to the bare DuckDB statement doing the same work, interleaved, so the
ratio says what detente's layers cost on top of the database.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from detente.bench.timing import cpu_seconds, interleave, peak_rss_mb
from detente.store import EventFilter, Store

Progress = Callable[[str], None]


def bench_import(store: Store, fmt: str, path: Path, progress: Progress | None = None) -> dict:
    """Import ``path`` (``icews``, ``gdelt`` or ``tkg``) once: wall and CPU seconds, peak memory."""
    from detente.api import Database

    w0, c0 = time.perf_counter(), cpu_seconds()
    report = Database.from_store(store).import_(fmt, path, progress=progress)
    wall, cpu = time.perf_counter() - w0, cpu_seconds() - c0
    store.con.execute("CHECKPOINT")
    return {"import_events": report.events, "import_seconds": round(wall, 2), "import_cpu_seconds": round(cpu, 2),
            "import_peak_rss_mb": round(peak_rss_mb(), 1),
            "store_mb": round(store.path.stat().st_size / 1e6, 1)}


def bench_dyad_query(store: Store, source: str, target: str, rounds: int = 5,
                     progress: Progress | None = None) -> dict:
    """One dyad: ``Store.events``, the CLI's CSV writer, and bare DuckDB writing the same CSV."""
    from detente.api import Database
    from detente.export import EXPORT_SQL

    flt = EventFilter(source=source, target=target)
    found: dict[str, int] = {}
    cols = EXPORT_SQL
    database = Database.from_store(store)
    bare = (f"COPY (SELECT {cols} FROM events WHERE source_country = '{source}' AND target_country = '{target}'"
            f" ORDER BY day, id) TO '{os.devnull}' (HEADER)")

    def store_events(r: int) -> None:
        found["store_events"] = len(store.events(flt))

    def cli_csv(r: int) -> None:
        with open(os.devnull, "w", encoding="utf-8") as sink:
            found["cli_csv"] = database.export(flt, "csv", sink)  # what `events --format csv` runs

    def duckdb_csv(r: int) -> None:
        store.con.execute(bare)

    same_sql, same_params = store.events_sql(flt, cols)  # the CLI's own statement, written by DuckDB

    def duckdb_same_csv(r: int) -> None:
        store.con.execute(f"COPY ({same_sql}) TO '{os.devnull}' (HEADER)", same_params)

    timings = interleave({"store_events": store_events, "cli_csv": cli_csv, "duckdb_csv": duckdb_csv,
                          "duckdb_same_csv": duckdb_same_csv}, rounds, progress=progress)
    out: dict = {"dyad": f"{source}->{target}", "dyad_events": found["store_events"], "rounds": rounds}
    for name, t in timings.items():
        out[f"{name}_ms"] = round(1000 * t.wall_median, 1)
        out[f"{name}_cpu_ms"] = round(1000 * t.cpu_median, 1)
    for bare_name in ("duckdb_csv", "duckdb_same_csv"):
        out[f"cli_csv_over_{bare_name.removesuffix('_csv')}_cpu"] = round(
            timings["cli_csv"].cpu_median / max(timings[bare_name].cpu_median, 1e-9), 2)
    return out


def dyad_sql(actors: list[str]) -> str:
    """One SQL statement with the dyad table's totals (counted modalities, duplicates merged)."""
    from detente.analysis import Scope, parse_actors
    from detente.records import COUNTED_MODALITIES
    from detente.store.scope import DEDUPE_KEY

    scope = Scope(parse_actors(actors))
    among = [scope.any_sql(side) for side in ("source", "target")]
    mods = ", ".join(f"'{m}'" for m in COUNTED_MODALITIES)
    return (
        f"SELECT src, tgt, count(*) AS events, sum(goldstein) AS goldstein_sum,"
        f" count_if(quad_class <= 2) / count(*) AS coop_share FROM ("
        f"SELECT {scope.label_sql('source')} AS src, {scope.label_sql('target')} AS tgt, goldstein, quad_class"
        f" FROM events WHERE modality IN ({mods}) AND ({among[0]}) AND ({among[1]}) AND day IS NOT NULL"
        f" QUALIFY row_number() OVER (PARTITION BY {DEDUPE_KEY} ORDER BY confidence DESC, sentence NULLS LAST, id) = 1"
        f") x WHERE src <> tgt GROUP BY ALL ORDER BY ALL"
    )


def bench_dyad_table(store: Store, actors: list[str], freq: str = "week", rounds: int = 5,
                     progress: Progress | None = None) -> dict:
    """What ``detente dyad`` computes, against one SQL statement with the same totals."""
    from detente.analysis import Scope, dyad_table, parse_actors

    scope = Scope(parse_actors(actors))
    sql = dyad_sql(actors)
    got: dict[str, int] = {}

    def dyad_command(r: int) -> None:
        got["dyad"] = int(dyad_table(store, scope, freq)[0]["events"].sum())

    def one_sql(r: int) -> None:
        got["sql"] = int(sum(row[2] for row in store.con.execute(sql).fetchall()))

    timings = interleave({"dyad_command": dyad_command, "one_sql": one_sql}, rounds, progress=progress)
    out: dict = {"actors": ",".join(actors), "dyad_table_events": got["dyad"], "one_sql_events": got["sql"]}
    for name, t in timings.items():
        out[f"{name}_ms"] = round(1000 * t.wall_median, 1)
        out[f"{name}_cpu_ms"] = round(1000 * t.cpu_median, 1)
    out["dyad_over_sql_cpu"] = round(timings["dyad_command"].cpu_median / max(timings["one_sql"].cpu_median, 1e-9), 2)
    return out
