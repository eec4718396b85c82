"""The main job: documents → fresh store → events → report, as one library call.

``detente demo`` and ``detente run`` are thin wrappers; later steps (bargaining, forecasts)
slot in after ingest, reading the same store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import detente
from detente.coding import Coder
from detente.corpus.ingest import IngestCallbacks, IngestReport, ingest_paths
from detente.corpus.limits import ReadLimits
from detente.records import COUNTED_MODALITIES
from detente.store import Store, StoreError
from detente.store.duckdb_store import is_interrupt

DB_NAME = "detente.duckdb"
REPORT_NAME = "report.html"
EXTRAS_DIR = "extras"  # bargaining and forecast results the report shows
SCENARIO_NAME = "scenario.yaml"
TRIANGLE = ("CHN", "PRK", "USA")  # the flagship example's actors


def busiest_countries(store: Store, k: int = 3) -> list[str]:
    """The ``k`` countries in the most counted events (either side): a user's corpus has its own cast."""
    rows = store.con.execute(
        "SELECT c, count(*) AS n FROM (SELECT source_country AS c, modality FROM events UNION ALL "
        "SELECT target_country, modality FROM events) WHERE c IS NOT NULL AND modality IN "
        f"({', '.join(repr(m) for m in COUNTED_MODALITIES)}) GROUP BY c ORDER BY n DESC, c LIMIT {int(k)}"
    ).fetchall()
    return [r[0] for r in rows]


def busiest_dyad(store: Store, actors: list[str]) -> tuple[str, str] | None:
    """The directed pair of ``actors`` with the most counted events, to forecast."""
    if len(actors) < 2:
        return None
    marks = ", ".join("?" for _ in actors)
    rows = store.con.execute(
        f"SELECT source_country, target_country, count(*) FROM events WHERE source_country IN ({marks}) "
        f"AND target_country IN ({marks}) AND source_country <> target_country AND modality IN "
        f"({', '.join(repr(m) for m in COUNTED_MODALITIES)}) GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1",
        [*actors, *actors],
    ).fetchall()
    return (rows[0][0], rows[0][1]) if rows else None


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


class OutputFolderError(ValueError):
    """The output folder holds something the main job must not overwrite; the message says what."""


MAIN_JOB_COMMANDS = ("run", "demo")


def made_by_main_job(db: Path) -> bool:
    """Whether the store at ``db`` was written only by ``detente run``/``demo`` (so it may be replaced)."""
    try:
        with Store(db, read_only=True) as store:
            commands = store.run_commands()
    except StoreError:
        return False
    return bool(commands) and all(c in MAIN_JOB_COMMANDS for c in commands)


def fresh_store_path(out_dir: Path, force: bool = False) -> Path:
    """``out_dir/detente.duckdb`` with an older store of the main job (and its WAL) removed.

    A store the main job did not make (``ingest``'s default ``./detente.duckdb`` when OUT is
    ``.``, another program's file) is refused unless ``force``: a rerun must not eat user data.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    db = out_dir / DB_NAME
    if db.exists() and not force and not made_by_main_job(db):
        raise OutputFolderError(f"{db} is a store `detente run` did not make; choose another --out "
                                "or add --force to replace it")
    for old in (db, db.with_name(DB_NAME + ".wal")):
        old.unlink(missing_ok=True)
    return db


def clear_results(out_dir: Path) -> None:
    """Remove what an earlier main job wrote besides the store (report, bargaining, forecasts),
    so none of it shows up as this run's result; other files in the folder are left alone."""
    (out_dir / REPORT_NAME).unlink(missing_ok=True)
    extras = out_dir / EXTRAS_DIR
    if not extras.is_dir() or extras.is_symlink():
        return
    stale = [extras / "bargain.json", *extras.glob("forecast*.json")]
    try:
        figures = json.loads((extras / "bargain.json").read_text(encoding="utf-8")).get("figures", [])
    except (OSError, ValueError, AttributeError):
        figures = []
    stale += [extras / Path(str(name)).name for name in figures if isinstance(name, str)]
    for path in stale:
        if path.is_file():
            path.unlink()


def summarize(store: Store) -> dict[str, Any]:
    """Counts for the closing table: documents, sentences, events by CAMEO root and modality."""
    stats = store.stats()
    roots = store.con.execute(
        "SELECT cameo_root, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    stats["events_by_root"] = {r: n for r, n in roots}
    return stats


def find_scenario(paths: Iterable[Path | str]) -> Path | None:
    """A ``scenario.yaml`` beside the documents (in a folder given to the job) is simulated too."""
    for p in paths:
        candidate = Path(p) / SCENARIO_NAME if Path(p).is_dir() else Path(p).with_name(SCENARIO_NAME)
        if candidate.is_file():
            return candidate
    return None


def run_bargaining(scenario: Path, extras: Path) -> list[str]:
    """Simulate the scenario into ``extras/bargain.json`` (+ figures); returns notes for the user."""
    from detente.bargain import ScenarioError, simulate_file

    extras.mkdir(parents=True, exist_ok=True)
    try:
        result = simulate_file(scenario, runs=200, seed=0)
        data = result.to_json()
        data["figures"] = [p.name for p in result.write_figures(extras)]  # beside bargain.json
        (extras / "bargain.json").write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    except ScenarioError as exc:
        return [f"bargaining skipped: {exc}"]
    except Exception as exc:  # an optional step: its failure is a note, the report still comes
        if is_interrupt(exc):
            raise
        return [f"bargaining skipped: {scenario}: {one_line(exc)}"]
    return []


def run_forecast(db: Path, extras: Path, pairs: tuple[tuple[str, str], ...]) -> list[str]:
    """Forecast the next events of the main dyads into ``extras/forecast.json``; returns notes."""
    from detente.forecast.store_graph import ForecastError, forecast_store

    extras.mkdir(parents=True, exist_ok=True)
    notes = []
    with Store(db, read_only=True) as store:
        for source, target in pairs:
            name = "forecast.json" if len(pairs) == 1 else f"forecast-{source}-{target}.json"
            try:
                result = forecast_store(store, source=source, target=target, top=10)
                (extras / name).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            except ForecastError as exc:  # too little history for this pair: say so, go on
                notes.append(f"forecast {source}->{target} skipped: {exc}")
            except Exception as exc:  # an optional step: its failure is a note, the report still comes
                if is_interrupt(exc):
                    raise
                notes.append(f"forecast {source}->{target} skipped: {one_line(exc)}")
    return notes


def one_line(exc: BaseException) -> str:
    """``Type: first line`` of an error, for a note or a message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def write_main_report(db: Path, out_html: Path, step: Callable[[str], None] | None = None,
                      extras: Path | None = None, actors: list[str] | None = None) -> tuple[Path | None, str | None]:
    """(path, error): the report is the last step, so its failure is one line and the store stays."""
    import detente.report  # looked up at call time, so a test can put a fake report in its place

    kwargs: dict[str, Any] = {"actors": actors} if actors else {}
    if extras is not None and extras.is_dir():
        kwargs["extras_dir"] = extras
    if step is not None:
        kwargs["progress"] = lambda name: step(f"report: {name}")
    try:
        return Path(detente.report.write_report(db, out_html, **kwargs)), None
    except Exception as exc:
        if is_interrupt(exc):
            raise
        return None, f"report failed: {one_line(exc)}"


def run_main_job(
    paths: Iterable[Path | str],
    out_dir: Path | str,
    manifest: Path | str | None = None,
    coder: Coder | None = None,
    callbacks: IngestCallbacks | None = None,
    command: str = "run",
    report: bool = True,
    step: Callable[[str], None] | None = None,
    actors: list[str] | None = None,
    force: bool = False,
    limits: ReadLimits | None = None,
) -> MainJobResult:
    """Ingest ``paths`` into a fresh store in ``out_dir`` and write ``out_dir/report.html``.

    ``step`` is told the name of each step after ingest (for a progress display). ``actors``
    (default: the three busiest countries) scope the report; their busiest dyad is forecast.
    A store in ``out_dir`` that the main job did not make is refused (``OutputFolderError``)
    unless ``force``; results of an earlier run there are cleared first.
    """
    out_dir = Path(out_dir)
    db = fresh_store_path(out_dir, force)
    clear_results(out_dir)
    with Store(db) as store:
        ingested = ingest_paths(store, paths, manifest=manifest, coder=coder, callbacks=callbacks, command=command,
                                limits=limits)
        summary = summarize(store)
        actors = list(actors) if actors else (busiest_countries(store) or list(TRIANGLE))
        pair = busiest_dyad(store, actors)
    result = MainJobResult(db_path=db, ingest=ingested, summary=summary)
    extras = out_dir / EXTRAS_DIR
    scenario = find_scenario(paths)
    if scenario is not None:
        if step:
            step("bargaining")
        result.notes.extend(run_bargaining(scenario, extras))
    if pair is not None:
        if step:
            step("forecast")
        result.notes.extend(run_forecast(db, extras, (pair,)))
    if report:
        if step:
            step("report")
        result.report_path, result.report_error = write_main_report(
            db, out_dir / REPORT_NAME, step, extras, actors)
    return result
