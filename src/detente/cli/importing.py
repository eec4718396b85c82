"""`detente import FORMAT PATH`: bring the field's event data sets into the store."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn
from rich.table import Table

from detente.cli.app import (
    DbOption,
    app,
    bench_app,
    console,
    db_path,
    err_console,
    fail,
    say_problem,
    text_column,
)
from detente.cli.ingest import ClusterOption, LakeOption, check_cluster, make_lake
from detente.scale.cluster import ClusterError
from detente.store import Store, StoreError


class ImportFormat(str, Enum):
    icews = "icews"
    gdelt = "gdelt"
    tkg = "tkg"


@app.command("import")
def import_command(
    fmt: ImportFormat = typer.Argument(..., metavar="FORMAT", help="icews | gdelt | tkg"),
    paths: list[Path] = typer.Argument(..., metavar="PATH...", help="Files (or a TKG data set folder)."),
    origin: str | None = typer.Option(None, help="Label for these events (default: icews, gdelt, or the TKG folder name)."),
    db: Path | None = DbOption,
    lake: Path | None = LakeOption,
    cluster: str | None = ClusterOption,
) -> None:
    """Import real event data into the events table (re-importing a file replaces its events).

    Example: [bold]detente import tkg ../shared/data/tkg/ICEWS18[/bold]
    (ICEWS coded-event TSV: [bold]detente import icews events.2018.tab[/bold];
    GDELT 2.0 export: [bold]detente import gdelt 20190101.export.CSV[/bold])
    Many files into an event lake, in parallel (a folder's files, one task each):
    [bold]detente import gdelt gdelt-files/ --lake lake/ --cluster local:2[/bold]
    """
    from detente.api import Database
    from detente.store.importers import ImportError_

    if lake is not None:
        _import_lake(fmt.value, paths, lake, origin, cluster)
        return
    if cluster is not None:
        fail("--cluster imports into a lake: add --lake DIR")

    table = Table(title=f"import {fmt.value}")
    for col in ("file", "origin", "events", "replaced", "unmapped codes", "seconds"):
        table.add_column(col, justify="right" if col not in ("file", "origin") else "left")
    failed = 0
    try:
        database = Database(db_path(db))
    except StoreError as exc:
        fail(str(exc))
    with database:
        for path in paths:
            start = time.perf_counter()
            with Progress(SpinnerColumn(), text_column("{task.description}"), TimeElapsedColumn(),
                          console=console, transient=True) as progress:
                task = progress.add_task(f"{path.name}: starting")

                def say(msg: str, task=task, progress=progress, path=path) -> None:
                    progress.update(task, description=f"{path.name}: {msg}")

                try:
                    report = database.import_(fmt.value, path, origin=origin, progress=say)
                except ImportError_ as exc:
                    say_problem("error", str(exc))
                    failed += 1
                    continue
            table.add_row(str(path), report.origin, f"{report.events:,}", f"{report.replaced:,}",
                          str(report.unmapped_codes), f"{time.perf_counter() - start:.1f}")
    if table.row_count:
        console.print(table)
    if failed:
        raise typer.Exit(1)


def _import_lake(fmt: str, paths: list[Path], lake: Path, origin: str | None, cluster: str | None) -> None:
    """Every file of ``paths`` (folders give their files) into the lake; one line per bad file."""
    from detente.scale.imports import import_files, lake_files

    if fmt == "tkg":
        fail("a lake imports icews or gdelt files (tkg data sets go into a store file)")
    if cluster is not None:
        check_cluster(cluster)
    missing = [p for p in paths if not p.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder (nothing was imported)")
    files = [f for p in paths for f in lake_files(p)]
    if not files:
        fail(f"{', '.join(map(str, paths))}: no files to import (nothing was imported)")
    make_lake(lake)
    table = Table(title=f"import {fmt} into {lake}")
    for col in ("file", "origin", "events", "unmapped codes"):
        table.add_column(col, justify="right" if col in ("events", "unmapped codes") else "left")
    start = time.perf_counter()
    try:
        outcomes = import_files(lake, fmt, files, origin=origin, cluster=cluster)
    except ClusterError as exc:
        fail(str(exc))
    failed = 0
    for o in outcomes:
        if o.problem is not None or o.result is None:
            say_problem("error", o.problem or f"{o.path}: not imported")
            failed += 1
            continue
        r = o.result
        table.add_row(o.path, r.origin, "already in the lake" if r.skipped else f"{r.events:,}",
                      str(r.unmapped_codes))
    if table.row_count:
        console.print(table)
    err_console.print(f"{len(files) - failed} of {len(files)} files in {time.perf_counter() - start:.1f} s",
                      highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command("compact")
def compact_command(db: Path | None = DbOption) -> None:
    """Rewrite the events clustered by dyad and day, so one-dyad queries read only their own rows.

    Imports insert clustered already; run this after many ingests or re-imports.

    Example: [bold]detente compact --db icews18.duckdb[/bold]
    """
    start = time.perf_counter()
    try:
        with Store(db_path(db), create=False) as store:
            n = store.compact()
    except StoreError as exc:
        fail(str(exc))
    console.print(f"{n:,} events rewritten in dyad order ({time.perf_counter() - start:.1f} s)")


@bench_app.command("store")
def bench_store(
    data: Path | None = typer.Option(None, "--data", help="Import this TKG data set folder (e.g. ../shared/data/tkg/ICEWS18)."),
    events: Path | None = typer.Option(None, "--events", help="Import this ICEWS event file (e.g. from scripts/make_events.py)."),
    db: Path | None = typer.Option(None, "--db", help="Time queries on this existing store instead (no import)."),
    keep: Path | None = typer.Option(None, "--keep", help="Import into this new store file and keep it."),
    source: str = typer.Option("CHN", help="Dyad source for the query timing."),
    target: str = typer.Option("PRK", help="Dyad target for the query timing."),
    actors: str = typer.Option("CHN,PRK,USA", help="Actors of the dyad-table timing."),
    repeats: int = typer.Option(5, min=1, help="Rounds of the query timings (medians reported)."),
    threads: int | None = typer.Option(None, "--threads", min=1, help="DuckDB threads (default: one per core)."),
    json_file: Path | None = typer.Option(None, "--json", help="Write the figures as JSON."),
) -> None:
    """Time an import (wall, CPU, peak memory), then one dyad's query and the dyad table, each next
    to bare DuckDB doing the same work (interleaved, medians).

    Example: [bold]detente bench store --data ../shared/data/tkg/ICEWS18 --json store.json[/bold]
    (10 M events: [bold]python scripts/make_events.py --out /tmp/e.tab; detente bench store --events /tmp/e.tab --threads 2[/bold])
    """
    import json
    import os
    import tempfile

    from detente.bench.store import bench_dyad_query, bench_dyad_table, bench_import
    from detente.store import StoreSettings
    from detente.store.importers import ImportError_

    if sum(x is not None for x in (data, events, db)) != 1:
        fail("give one of --data, --events or --db")
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="detente-bench-") as tmp, Progress(
            SpinnerColumn(), text_column("{task.description}"), TimeElapsedColumn(), console=err_console,
            transient=True) as progress:
        task = progress.add_task("opening the store", total=None)

        def say(msg: str) -> None:
            progress.update(task, description=msg)

        path = db if db is not None else (keep or Path(tmp) / "bench.duckdb")
        if db is None and path.exists():
            fail(f"{path} exists: --keep needs a new file")
        try:
            with Store(path, settings=StoreSettings(threads=threads)) as store:
                result["duckdb_threads"] = int(store.con.execute("SELECT current_setting('threads')").fetchall()[0][0])
                result["load_average_start"] = round(os.getloadavg()[0], 2)
                if db is None:
                    fmt, src = ("tkg", data) if data is not None else ("icews", events)
                    result.update({"data": str(src), **bench_import(store, fmt, src, say)})
                result.update(bench_dyad_query(store, source.upper(), target.upper(), repeats, say))
                result.update(bench_dyad_table(store, actors.split(","), rounds=repeats, progress=say))
                result["load_average_end"] = round(os.getloadavg()[0], 2)
        except (ImportError_, StoreError) as exc:
            fail(str(exc))
    table = Table(title="store benchmark")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    console.print(table)
    if json_file:
        json_file.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
