"""CLI: `detente bench scale` (ingest speed serially and on local Dask workers)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from detente.cli.app import bench_app, console, err_console, fail


@bench_app.command("scale")
def bench_scale_cmd(
    corpus: Path = typer.Option(..., "--corpus", help="A folder or file of documents (as for ingest).", show_default=False),
    workers: str = typer.Option("1,2", "--workers", help="Local worker counts, comma-separated."),
    rounds: int = typer.Option(1, "--rounds", min=1, help="Interleaved rounds (serial, 1, 2, serial, …); medians."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Documents per batch shipped to a worker."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the figures (and every run) here."),
) -> None:
    """Documents/s and sentences/s for serial ingest and for local Dask clusters, wall and CPU.

    Each setting ingests the corpus into a fresh temporary store; the coder is loaded before the
    clock starts. Worker CPU is the coder's time on the workers; client CPU is this process.

    Example: detente bench scale --corpus ../shared/corpus/dev --workers 1,2 --rounds 3 --json bench-scale.json
    """
    from detente.scale.bench import bench_scale
    from detente.scale.cluster import ClusterError

    if not corpus.exists():
        fail(f"--corpus: {corpus} does not exist")
    try:
        counts = [int(x) for x in workers.split(",") if x.strip()]
    except ValueError:
        fail(f"--workers: {workers!r} is not a comma-separated list of worker counts")
    if not counts or any(n < 1 for n in counts):
        fail("--workers: give at least one count, each at least 1")
    try:
        result = bench_scale(corpus, counts, rounds=rounds, batch_size=batch_size,
                             tick=lambda name: err_console.print(f"done: {name}", highlight=False))
    except ClusterError as exc:
        fail(str(exc))
    table = Table(title=f"ingest of {corpus} (medians of {rounds} round{'s' if rounds != 1 else ''})")
    for col in ("setting", "documents", "sentences", "wall s", "CPU s", "worker CPU s", "docs/s", "sentences/s"):
        table.add_column(col, justify="left" if col == "setting" else "right")
    for name, r in result["settings"].items():
        table.add_row(name, str(r["documents"]), str(r["sentences"]), f"{r['wall_s']:.2f}", f"{r['cpu_s']:.2f}",
                      f"{r['worker_cpu_s']:.2f}", f"{r['documents_per_s']}", f"{r['sentences_per_s']}")
    console.print(table)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        console.print(f"wrote {json_out}", markup=False)


@bench_app.command("lake")
def bench_lake_cmd(
    lake: Path = typer.Option(..., "--lake", help="An event lake (scripts/make_lake.py writes a synthetic one).",
                              show_default=False),
    source: str = typer.Option("CHN", help="Dyad source."),
    target: str = typer.Option("PRK", help="Dyad target."),
    rounds: int = typer.Option(3, "--rounds", min=1, help="Interleaved rounds; medians reported."),
    memory: str = typer.Option("3GB", "--memory", help="DuckDB memory limit, on both sides."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the figures (and every run) here."),
) -> None:
    """Query time on a lake: a one-dyad filter and `detente dyad`, against the same SQL on bare DuckDB.

    Example: detente bench lake --lake /tmp/lake-100m --rounds 3 --json bench-lake.json
    """
    from detente.scale.lakebench import bench_lake

    if not lake.is_dir():
        fail(f"--lake: {lake} is not a folder")
    result = bench_lake(lake, source, target, rounds=rounds, memory_limit=memory,
                        tick=lambda name: err_console.print(f"done: {name}", highlight=False))
    table = Table(title=f"{result['events']:,} events in {lake} (medians of {rounds} round{'s' if rounds != 1 else ''})")
    for col in ("query", "rows", "wall s", "CPU s"):
        table.add_column(col, justify="left" if col == "query" else "right")
    for name, r in result["queries"].items():
        table.add_row(name, f"{r['rows']:,}", f"{r['wall_s']:.3f}", f"{r['cpu_s']:.3f}")
    console.print(table)
    console.print(f"detente / bare: filter {result['filter_ratio']}×, dyad {result['dyad_ratio']}×", markup=False)
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, indent=1), encoding="utf-8")
        console.print(f"wrote {json_out}", markup=False)
