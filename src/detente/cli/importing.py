"""`detente import FORMAT PATH`: bring the field's event data sets into the store."""

from __future__ import annotations

import time
from enum import Enum
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from detente.cli.app import DbOption, app, console, db_path, fail
from detente.store import Store, StoreError
from detente.store.importers import IMPORTERS, ImportError_


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
) -> None:
    """Import real event data into the events table (re-importing a file replaces its events).

    Example: [bold]detente import tkg ../shared/data/tkg/ICEWS18[/bold]
    (ICEWS coded-event TSV: [bold]detente import icews events.2018.tab[/bold];
    GDELT 2.0 export: [bold]detente import gdelt 20190101.export.CSV[/bold])
    """
    importer = IMPORTERS[fmt.value]
    table = Table(title=f"import {fmt.value}")
    for col in ("file", "origin", "events", "replaced", "unmapped codes", "seconds"):
        table.add_column(col, justify="right" if col not in ("file", "origin") else "left")
    failed = 0
    try:
        store = Store(db_path(db))
    except StoreError as exc:
        fail(str(exc))
    with store:
        for path in paths:
            start = time.perf_counter()
            with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                          console=console, transient=True) as progress:
                task = progress.add_task(f"{path.name}: starting")

                def say(msg: str, task=task, progress=progress, path=path) -> None:
                    progress.update(task, description=f"{path.name}: {msg}")

                try:
                    kwargs = {"progress": say}
                    if origin:
                        kwargs["origin"] = origin
                    report = importer(store, path, **kwargs)
                except ImportError_ as exc:
                    console.print(f"[red]error:[/red] {exc}", highlight=False)
                    failed += 1
                    continue
            table.add_row(str(path), report.origin, f"{report.events:,}", f"{report.replaced:,}",
                          str(report.unmapped_codes), f"{time.perf_counter() - start:.1f}")
    console.print(table)
    if failed:
        raise typer.Exit(1)
