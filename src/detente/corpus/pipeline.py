"""The main job: documents → fresh store → events → report, as one library call.

``detente demo`` and ``detente run`` are thin wrappers; later steps (bargaining, forecasts)
slot in after ingest, reading the same store.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import detente
from detente.coding import Coder
from detente.corpus.ingest import IngestCallbacks, IngestReport, ingest_paths
from detente.store import Store

DB_NAME = "detente.duckdb"
REPORT_NAME = "report.html"


def bundled_example() -> Path:
    """The bundled example corpus (``examples/korea`` in the source tree)."""
    return Path(detente.__file__).resolve().parents[2] / "examples" / "korea"


@dataclass
class MainJobResult:
    db_path: Path
    ingest: IngestReport
    summary: dict[str, Any]
    report_path: Path | None = None
    notes: list[str] = field(default_factory=list)  # steps skipped, with the reason
    report_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.ingest.ok and self.report_error is None


def fresh_store_path(out_dir: Path) -> Path:
    """``out_dir/detente.duckdb`` with any older store (and its WAL) removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / DB_NAME
    for old in (db, db.with_name(DB_NAME + ".wal")):
        old.unlink(missing_ok=True)
    return db


def summarize(store: Store) -> dict[str, Any]:
    """Counts for the closing table: documents, sentences, events by CAMEO root and modality."""
    stats = store.stats()
    roots = store.con.execute(
        "SELECT cameo_root, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    stats["events_by_root"] = {r: n for r, n in roots}
    return stats


def write_report_if_available(db: Path, out_html: Path, step: Callable[[str], None] | None = None,
                              ) -> tuple[Path | None, str | None, str | None]:
    """(path, note, error): the report module may not provide ``write_report`` yet."""
    report_mod = importlib.import_module("detente.report")
    write_report = getattr(report_mod, "write_report", None)
    if write_report is None:
        return None, "report skipped: detente.report.write_report is not available yet", None
    kwargs = {}
    if step is not None and "progress" in inspect.signature(write_report).parameters:
        kwargs["progress"] = lambda name: step(f"report: {name}")
    try:
        return Path(write_report(db, out_html, **kwargs)), None, None
    except Exception as exc:  # the report is the last step; its failure is one line, the store stays
        first = str(exc).splitlines()[0] if str(exc) else ""
        return None, None, f"report failed: {type(exc).__name__}: {first}"


def run_main_job(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    manifest: Path | str | None = None,
    coder: Coder | None = None,
    callbacks: IngestCallbacks | None = None,
    command: str = "run",
    report: bool = True,
    step: Callable[[str], None] | None = None,
) -> MainJobResult:
    """Ingest ``paths`` into a fresh store in ``out_dir`` and write ``out_dir/report.html``.

    ``step`` is told the name of each step after ingest (for a progress display).
    """
    out_dir = Path(out_dir)
    db = fresh_store_path(out_dir)
    with Store(db) as store:
        ingested = ingest_paths(store, paths, manifest=manifest, coder=coder, callbacks=callbacks, command=command)
        summary = summarize(store)
    result = MainJobResult(db_path=db, ingest=ingested, summary=summary)
    # Later steps (bargaining, forecasts) go here: each reads `db` and writes into `out_dir`.
    if report:
        if step:
            step("report")
        path, note, error = write_report_if_available(db, out_dir / REPORT_NAME, step)
        result.report_path, result.report_error = path, error
        if note:
            result.notes.append(note)
    return result
