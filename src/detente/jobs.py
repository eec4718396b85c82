"""The main job: documents → fresh store → events → bargaining → forecast → report.

Each step is a library call that hands the next a typed result (``IngestReport``,
``SimulationResult``, ``Forecast``); the report renders them directly. ``detente run`` and
``detente demo`` are thin wrappers over ``run_main_job``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from detente.coding import Coder
from detente.corpus.ingest import IngestCallbacks, IngestReport, ingest_paths
from detente.corpus.limits import ReadLimits
from detente.resources import bundled_example
from detente.store import Store, StoreError
from detente.store.duckdb_store import is_interrupt

if TYPE_CHECKING:
    from detente.bargain import SimulationResult
    from detente.forecast.result import Forecast

DB_NAME = "detente.duckdb"
REPORT_NAME = "report.html"
FIGURES_DIR = "extras"  # the bargaining figures (PNG) the report embeds
SCENARIO_NAME = "scenario.yaml"
TRIANGLE = ("CHN", "PRK", "USA")  # the flagship example's actors
Step = Callable[[str], None]

__all__ = [
    "DB_NAME", "REPORT_NAME", "TRIANGLE", "MainJobResult", "OutputFolderError", "bundled_example", "clear_results",
    "find_scenario", "fresh_store_path", "made_by_main_job", "run_bargaining", "run_forecasts", "run_main_job", "summarize", "write_main_report",
]


@dataclass
class MainJobResult:
    """Everything the main job made; ``notes`` say which steps were skipped and why."""

    db_path: Path
    ingest: IngestReport
    summary: dict[str, Any]
    actors: list[str] = field(default_factory=list)
    bargain: SimulationResult | None = None
    forecasts: list[Forecast] = field(default_factory=list)
    report_path: Path | None = None
    notes: list[str] = field(default_factory=list)
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
    """Remove what an earlier main job wrote besides the store (the report, the bargaining figures),
    so none of it shows up as this run's result; other files in the folder are left alone."""
    (out_dir / REPORT_NAME).unlink(missing_ok=True)
    figures = out_dir / FIGURES_DIR
    if not figures.is_dir() or figures.is_symlink():
        return
    stale = [*figures.glob("outcomes-*.png"), *figures.glob("rounds-*.png"),  # bargain.plots.figure_paths
             figures / "bargain.json", *figures.glob("forecast*.json")]  # what older versions wrote there
    for path in stale:
        if path.is_file():
            path.unlink()


def summarize(store: Store) -> dict[str, Any]:
    """Counts for the closing table: documents, sentences, events by CAMEO root and modality."""
    stats = store.stats()
    stats["events_by_root"] = store.count_by("cameo_root")
    return stats


def find_scenario(paths: Iterable[Path | str]) -> Path | None:
    """A ``scenario.yaml`` beside the documents (in a folder given to the job) is simulated too."""
    for p in paths:
        candidate = Path(p) / SCENARIO_NAME if Path(p).is_dir() else Path(p).with_name(SCENARIO_NAME)
        if candidate.is_file():
            return candidate
    return None


def run_bargaining(scenario: Path, figures: Path | None = None) -> tuple[SimulationResult | None, list[str]]:
    """Simulate the scenario (figures written to ``figures``); (result, notes for the user)."""
    from detente.bargain import ScenarioError, simulate_file

    try:
        result = simulate_file(scenario, runs=200, seed=0)
        if figures is not None:
            figures.mkdir(parents=True, exist_ok=True)
            result.write_figures(figures)
    except ScenarioError as exc:
        return None, [f"bargaining skipped: {exc}"]
    except Exception as exc:  # an optional step: its failure is a note, the report still comes
        if is_interrupt(exc):
            raise
        return None, [f"bargaining skipped: {scenario}: {one_line(exc)}"]
    return result, []


def run_forecasts(store: Store, pairs: Iterable[tuple[str, str]]) -> tuple[list[Forecast], list[str]]:
    """Fit and save the forecaster in the store (so later ``detente forecast`` calls load it), then
    forecast the next events of each dyad; a pair with too little history becomes a note."""
    from detente.forecast.result import Forecast
    from detente.forecast.saved import fit_saved
    from detente.forecast.store_graph import ForecastError, forecast_store

    out, notes = [], []
    pairs = list(pairs)
    if pairs:
        try:
            fit_saved(store)
        except ForecastError as exc:
            notes.append(f"forecaster not saved: {exc}")
        except Exception as exc:  # an optional step: the forecasts below fit their own model
            if is_interrupt(exc):
                raise
            notes.append(f"forecaster not saved: {one_line(exc)}")
    for source, target in pairs:
        try:
            out.append(Forecast.from_json(forecast_store(store, source=source, target=target, top=10)))
        except ForecastError as exc:  # too little history for this pair: say so, go on
            notes.append(f"forecast {source}->{target} skipped: {exc}")
        except Exception as exc:  # an optional step: its failure is a note, the report still comes
            if is_interrupt(exc):
                raise
            notes.append(f"forecast {source}->{target} skipped: {one_line(exc)}")
    return out, notes


def one_line(exc: BaseException) -> str:
    """``Type: first line`` of an error, for a note or a message."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def write_main_report(db: Path, out_html: Path, step: Step | None = None, actors: list[str] | None = None,
                      forecasts: list[Forecast] | None = None,
                      bargain: SimulationResult | None = None) -> tuple[Path | None, str | None]:
    """(path, error): the report is the last step, so its failure is one line and the store stays."""
    import detente.report  # looked up at call time, so a test can put a fake report in its place

    kwargs: dict[str, Any] = {"actors": actors} if actors else {}
    if forecasts:
        kwargs["forecasts"] = forecasts
    if bargain is not None:
        kwargs["bargain"] = bargain
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
    step: Step | None = None,
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
    paths = list(paths)
    out_dir = Path(out_dir)
    db = fresh_store_path(out_dir, force)
    clear_results(out_dir)
    say = step or (lambda _name: None)
    with Store(db) as store:
        ingested = ingest_paths(store, paths, manifest=manifest, coder=coder, callbacks=callbacks, command=command,
                                limits=limits)
        result = MainJobResult(db_path=db, ingest=ingested, summary=summarize(store))
        result.actors = list(actors) if actors else (store.busiest_countries() or list(TRIANGLE))
        pair = store.busiest_dyad(result.actors)
        scenario = find_scenario(paths)
        if scenario is not None:
            say("bargaining")
            result.bargain, notes = run_bargaining(scenario, out_dir / FIGURES_DIR)
            result.notes.extend(notes)
        if pair is not None:
            say("forecast")
            result.forecasts, notes = run_forecasts(store, [pair])
            result.notes.extend(notes)
    if report:
        say("report")
        result.report_path, result.report_error = write_main_report(
            db, out_dir / REPORT_NAME, step, result.actors, result.forecasts, result.bargain)
    return result
