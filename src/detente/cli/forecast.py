"""CLI commands: `detente forecast` (next events from the store) and `detente bench forecast`."""

from __future__ import annotations

import gc
import json
from enum import Enum
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from detente.cli.app import DbOption, app, bench_app, console, db_path, fail, text_column, warn
from detente.registry import DEFAULT_FORECASTER


class Setting(str, Enum):
    single = "single-step"
    multi = "multi-step"


class Level(str, Enum):
    country = "country"
    actor = "actor"


class RelationLevel(str, Enum):
    code = "code"
    root = "root"


def _models() -> dict:
    from detente.registry import forecasters

    return forecasters()


@bench_app.command("forecast")
def bench_forecast(
    data: Path = typer.Option(..., "--data", help="A TKG data set folder (train/valid/test.txt)."),
    setting: Setting = typer.Option(Setting.single, "--setting", help="single-step or multi-step."),
    model: str = typer.Option(DEFAULT_FORECASTER, "--model",
                              help="boost (default) | combined | paths | rerank | recurrency | rules."),
    max_tune: int = typer.Option(40_000, "--max-tune", min=0,
                                 help="Tune on about this many validation queries, whole (s, r, t) groups stratified by relation (0: all)."),
    json_file: Path | None = typer.Option(None, "--json", help="Write the result as JSON."),
) -> None:
    """Fit, tune (validation) and test one forecaster; time-aware filtered MRR and Hits@1/3/10.

    Example: [bold]detente bench forecast --data ../shared/data/tkg/ICEWS14 --setting single-step[/bold]
    """
    from detente.forecast.data import load_tkg
    from detente.forecast.harness import run

    models = _models()
    if model not in models:
        fail(f"unknown model {model!r} (choose from {', '.join(models)})")
    try:
        tkg = load_tkg(data)
    except (FileNotFoundError, ValueError) as exc:
        fail(str(exc))
    with Progress(text_column("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as progress:

        def phase(description: str, total: int):
            task = progress.add_task(f"{tkg.name} {model}: {description}", total=max(total, 1))
            return lambda n: progress.advance(task, n)

        result = run(models[model](), tkg, setting.value, phase, max_tune_queries=max_tune or None)
    table = Table(title=f"forecast benchmark: {tkg.name}, {setting.value}, time-aware filtered")
    for col in ("model", "MRR", "Hits@1", "Hits@3", "Hits@10", "queries", "seconds", "CPU s", "peak MB"):
        table.add_column(col, justify="left" if col == "model" else "right")
    table.add_row(result["model"], *(f"{100 * result[k]:.2f}" for k in ("mrr", "hits@1", "hits@3", "hits@10")),
                  f"{result['queries']:,}", f"{result['seconds']:.1f}", f"{result['cpu_seconds']:.1f}",
                  f"{result['peak_rss_mb']:.0f}")
    console.print(table)
    if result.get("selection"):
        console.print(selection_line(result["selection"]))
    if json_file:
        json_file.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def selection_line(selection: dict) -> str:
    """What model selection on validation chose among the components it scored (issue 18: visible)."""
    tried = ", ".join(f"{k} {100 * v:.2f}" for k, v in selection["validation_mrr"].items())
    return f"model selection on validation: {selection['chosen']} (MRR {tried})"


forecast_app = typer.Typer(invoke_without_command=True, no_args_is_help=False)
app.add_typer(forecast_app, name="forecast")

LevelOption = typer.Option(Level.country, "--level", help="Entities: countries (codes where no country) or actor codes.")
RelationsOption = typer.Option(RelationLevel.code, "--relations", help="CAMEO codes or their roots.")
OriginOption = typer.Option(None, "--origin", help="Only events of this origin (e.g. icews18, coded).")
StoreModelOption = typer.Option(DEFAULT_FORECASTER, "--model",
                                help="The forecaster: boost (default) | combined | any of `detente bench forecast`.")


@forecast_app.callback()
def forecast_command(
    ctx: typer.Context,
    source: str | None = typer.Option(None, "--source", help="Source actor: country (ISO alpha-3) or CAMEO actor code."),
    target: str | None = typer.Option(None, "--target", help="Target actor; without it, rank likely targets."),
    date: str | None = typer.Option(None, "--date", help="Forecast day (YYYY-MM-DD); default: the day after the last event."),
    top: int = typer.Option(10, "--top", min=1, help="How many predictions."),
    level: Level = LevelOption,
    relations: RelationLevel = RelationsOption,
    origin: str | None = OriginOption,
    model: str = StoreModelOption,
    db: Path | None = DbOption,
    json_file: Path | None = typer.Option(None, "--json", help="Write the query and predictions as JSON."),
) -> None:
    """Rank the likely next events between two actors (or a source's likely targets), explained.

    Uses the model `detente forecast fit` saved in the store (events added since join its
    history). Without one (e.g. after `detente import`), or when events it saw changed, it fits
    the forecaster once and saves it, showing progress (minutes on a large store: the default,
    `boost`, is trees over recurrency, temporal rules and the neighbourhood, kept only when they
    beat those on validation; `--model combined` is cheaper), then answers from it; a `--date`
    inside the stored history fits a model for that day only. Counted modalities only (asserted,
    reported, future).

    Example: [bold]detente forecast fit && detente forecast --source CHN --target PRK --top 10 --json forecast.json[/bold]
    """
    if ctx.invoked_subcommand:
        return
    if source is None:
        fail("--source is needed (e.g. detente forecast --source CHN --target PRK)")
    collecting = gc.isenabled()  # (the command also runs in-process: tests, scripts)
    if date is None:  # one answer from a saved model makes few cycles: no collections while importing (~15 ms)
        gc.disable()  # (a --date inside the history fits a model for that day: collections stay on)
    try:
        _answer(source, target, date, top, level, relations, origin, model, db, json_file)
    finally:
        if collecting:
            gc.enable()


def _answer(source: str, target: str | None, date: str | None, top: int, level: Level, relations: RelationLevel,
            origin: str | None, model: str, db: Path | None, json_file: Path | None) -> None:
    """``detente forecast``'s work: the saved model's answer, or a fit first (``_fit_save_and_forecast``)."""
    from detente.api import Database
    from detente.forecast.memory import reuse_freed_memory
    from detente.forecast.store_graph import ForecastError, NeedsFit
    from detente.store import StoreError

    reuse_freed_memory()  # this process ends after one answer: keep freed arrays' pages for the next
    path = db_path(db)
    args = (source, target, date, top, level.value, relations.value, origin, model)
    try:
        try:
            with Database(path, read_only=True) as database, Progress(
                text_column("{task.description}"), TimeElapsedColumn(), console=console, transient=True
            ) as progress:
                progress.add_task("loading the forecaster")
                result = database.forecast(*args, unsaved="raise")  # one read of the model, one count
        except NeedsFit as why:
            gc.enable()  # a fit runs for minutes
            result = _fit_save_and_forecast(path, str(why), args)
    except (StoreError, ForecastError) as exc:
        fail(f"{path}: {exc}")
    query, preds = result.query, result.predictions
    if query.get("note"):
        warn(query["note"])
    src, tgt, day = query["source"], query["target"], query["date"]
    if not preds:
        warn(f"nothing to rank: {src} has no earlier events linking it to anyone before {day}")
    title = f"likely next events {src} → {tgt or 'anyone'} on {day}"
    table = Table(title=title, show_lines=True)
    for col in ("#", "target", "CAMEO", "event", "score", "why"):
        table.add_column(col, justify="right" if col in ("#", "score") else "left")
    for i, p in enumerate(preds, 1):
        table.add_row(str(i), p["target"], p["cameo"], p["name"], f"{p['score']:.4f}", "\n".join(p["explanation"][:2]))
    console.print(table)
    console.print("why: the first two reasons; --json FILE keeps them all", style="dim")
    if json_file:
        json_file.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fit_save_and_forecast(path: Path, why: str, args: tuple):  # -> Forecast
    """``forecast fit`` then the forecast, in one writable session (the store keeps the model for
    the next calls); a store that cannot be written (read-only file, another writer) gets a
    model fitted for this answer only, and says so."""
    import time

    from detente.api import Database
    from detente.store import StoreError

    model = args[-1]
    start = time.perf_counter()
    try:
        database = Database(path, create=False)
    except StoreError as exc:
        warn(f"{why}, and the store cannot save one ({exc}): fitting {model} for this forecast only")
        with Database(path, read_only=True) as database, Progress(
            text_column("{task.description}"), TimeElapsedColumn(), console=console, transient=True
        ) as progress:
            progress.add_task(f"fitting and tuning {model} on the stored events")
            return database.forecast(*args)
    with database, Progress(text_column("{task.description}"), TimeElapsedColumn(), console=console,
                            transient=True) as progress:
        progress.add_task(f"{why}: fitting and tuning {model} on the stored events, then saving it "
                          "(once; later forecasts load it)")
        meta = database.fit_forecaster(*args[4:], actors=args[:2])
        kept = "for this forecast (an event lake keeps no model)" if database.store.lake else \
            "and saved it in the store; later forecasts load it"
        warn(f"{why}: fitted {model} on {meta['facts']:,} facts ({time.perf_counter() - start:.0f} s) {kept}")
        return database.forecast(*args)


@forecast_app.command("fit")
def forecast_fit(
    level: Level = LevelOption,
    relations: RelationLevel = RelationsOption,
    origin: str | None = OriginOption,
    model: str = StoreModelOption,
    db: Path | None = DbOption,
) -> None:
    """Fit and tune the forecaster on every counted event and save it in the store, with its watermark.

    Later `detente forecast` calls load it instead of re-tuning (about a second on ICEWS18);
    `--model boost` saves its trees too (as arrays, never pickled). A model is saved per `--model`:
    `forecast fit --model boost` serves `detente forecast --model boost`.

    Example: [bold]detente forecast fit --db icews18.duckdb[/bold]
    """
    import time

    from detente.api import Database
    from detente.forecast.store_graph import ForecastError
    from detente.store import StoreError

    path = db_path(db)
    start = time.perf_counter()
    try:
        with Database(path, create=False) as database, Progress(
            text_column("{task.description}"), TimeElapsedColumn(), console=console, transient=True
        ) as progress:
            progress.add_task("fitting and tuning the forecaster on the stored events")
            meta = database.fit_forecaster(level.value, relations.value, origin, model)
    except (StoreError, ForecastError) as exc:
        fail(f"{path}: {exc}")
    console.print(f"saved the forecaster in {path}: {meta['facts']:,} facts, {meta['entities']:,} entities, "
                  f"{meta['relations']} relations, events up to {meta['watermark']['last_day']} "
                  f"({time.perf_counter() - start:.1f} s)")
    if meta.get("selection"):
        console.print(selection_line(meta["selection"]))
