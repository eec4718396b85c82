"""CLI commands: report (the self-contained HTML), and dyad / triangle / network tables in the terminal."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from detente.cli.app import (
    DbOption,
    app,
    bench_app,
    console,
    db_path,
    err_console,
    fail,
    styled,
    text_column,
    warn,
)
from detente.store import StoreError

if TYPE_CHECKING:  # the analyses pull in pandas, scipy and statsmodels: load them only when a command runs
    from detente.analysis import Scope
    from detente.api import Database

ActorsOption = typer.Option("CHN,PRK,USA", "--actors", "-a", help="Comma-separated actor codes; CHN+HKG merges.")
SinceOption = typer.Option(None, "--since", help="First day (YYYY-MM-DD), inclusive.")
UntilOption = typer.Option(None, "--until", help="Last day (YYYY-MM-DD), inclusive.")
FreqOption = typer.Option("week", "--freq", help="Period: day, week or month.")


@app.command()
def report(
    out: Path = typer.Option(..., "-o", "--out", help="HTML file to write."),
    db: Path | None = DbOption,
    actors: str | None = typer.Option(None, "--actors", "-a",
                                      help="Comma-separated actor codes; CHN+HKG merges. Default: the three busiest"
                                           " countries."),
    since: str | None = SinceOption,
    until: str | None = UntilOption,
    freq: str = typer.Option("auto", "--freq", help="Period: day, week, month, or auto (by the window's length)."),
    correction: str = typer.Option("holm", "--correction", help="Triangle tests' correction: holm or bh."),
    maxlags: int = typer.Option(8, "--maxlags", help="Cap on the VAR lag order."),
    ic: str = typer.Option("aic", "--ic", help="Lag selection: aic or bic."),
    png_dir: Path | None = typer.Option(None, "--png", help="Also write the figures as PNG files here."),
    extras_dir: Path | None = typer.Option(None, "--extras", help="Folder with forecast.json / bargain.json."),
    no_dedupe: bool = typer.Option(False, "--no-dedupe", help="Count duplicate reports of one event separately."),
) -> None:
    """Write one self-contained HTML report: a summary first, then corpus, timeline, dyads, triangle, network.

    Example: detente report --db korea.duckdb --actors CHN,PRK,USA --since 2017-01-01 -o report.html
    """
    from detente.analysis import AnalysisError
    from detente.report import write_report

    if ic.lower() not in ("aic", "bic"):
        fail(f"--ic must be aic or bic, not {ic!r}")
    if extras_dir and not extras_dir.is_dir():
        fail(f"--extras {extras_dir} is not a folder")
    started = time.perf_counter()
    try:
        with stage_display() as show:
            path = write_report(db_path(db), out, actors=actors.split(",") if actors else None, since=since,
                                until=until, png_dir=png_dir, extras_dir=extras_dir, freq=freq, maxlags=maxlags,
                                ic=ic.lower(), dedupe=not no_dedupe, correction=correction.lower(), progress=show)
    except (StoreError, AnalysisError) as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    size = path.stat().st_size / 1e6
    console.print(styled("wrote ", (str(path), "bold"), f" ({size:.1f} MB) in {time.perf_counter() - started:.1f} s"))
    if png_dir:
        console.print(f"PNG figures in {png_dir}")


@contextmanager
def stage_display():
    """A spinner naming the stage in a terminal; one line per stage (with the time) in a pipe or a log."""
    started = time.perf_counter()
    if console.is_terminal:
        with Progress(SpinnerColumn(), text_column("{task.description}"), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("opening the store", total=None)
            yield lambda step: bar.update(task, description=step)
        return
    yield lambda step: err_console.print(f"[{time.perf_counter() - started:5.1f} s] {step}", highlight=False)


def _scope(actors: str, since: str | None, until: str | None) -> Scope:
    from detente.analysis import AnalysisError, Scope, parse_actors
    from detente.analysis.events import check_date

    try:
        return Scope(parse_actors(actors.split(",")), since=check_date(since, "--since"),
                     until=check_date(until, "--until"))
    except AnalysisError as exc:
        fail(str(exc))


def _open(db: Path | None) -> Database:
    from detente.api import Database

    try:
        return Database(db_path(db), read_only=True)
    except StoreError as exc:
        fail(str(exc))


@app.command()
def dyad(
    db: Path | None = DbOption, actors: str = ActorsOption, since: str | None = SinceOption,
    until: str | None = UntilOption, freq: str = FreqOption,
) -> None:
    """Directed dyads among the actors: events, Goldstein sum and mean, cooperation/conflict shares.

    Example: detente dyad --actors USA,CHN --freq month
    """
    from detente.analysis import FREQS, AnalysisError, dyad_table

    if freq not in FREQS:
        fail(f"--freq must be one of {', '.join(FREQS)}")
    scope = _scope(actors, since, until)
    with _open(db) as database:
        try:
            summary, n_events = dyad_table(database.store, scope, freq)
        except AnalysisError as exc:
            fail(str(exc))
    t = Table(title=f"Directed dyads per {freq} ({n_events} counted events, duplicates merged)")
    for col in ("dyad", "events", "Goldstein sum", "mean", "coop. share", "conflict share", "active periods"):
        t.add_column(col, justify="left" if col == "dyad" else "right")
    for r in summary.to_dict("records"):
        t.add_row(r["dyad"], str(r["events"]), f"{r['goldstein_sum']:.1f}",
                  "–" if r["events"] == 0 else f"{r['goldstein_mean']:.2f}", f"{r['coop_share']:.2f}",
                  f"{r['conflict_share']:.2f}", f"{r['active_periods']}/{r['periods']}")
    console.print(t)


@app.command()
def triangle(
    db: Path | None = DbOption, actors: str = ActorsOption,
    since: str | None = typer.Option(None, "--since", help="First day (YYYY-MM-DD); default: see the window rule."),
    until: str | None = typer.Option(None, "--until", help="Last day (YYYY-MM-DD); default: see the window rule."),
    freq: str = typer.Option("auto", "--freq", help="Period: day, week, month, or auto (by the window's length)."),
    maxlags: int = typer.Option(8, "--maxlags", help="Cap on the VAR lag order."),
    ic: str = typer.Option("aic", "--ic", help="Lag selection: aic or bic."),
    correction: str = typer.Option("holm", "--correction", help="Multiple-testing correction: holm or bh."),
    json_out: Path | None = typer.Option(None, "--json", help="Also write the window, lag and every test here."),
) -> None:
    """VAR on the six directed dyads of three actors: Granger tests for reciprocity and pass-through.

    The window defaults to the span where all six dyads have events; series that are mostly empty periods are left out; p-values are corrected across the twelve questions (docs/report.md).

    Example: detente triangle --actors CHN,PRK,USA --freq week --json triangle.json
    """
    from detente.analysis import AnalysisError, TriangleSettings, load_dyad_events, study_triangle

    scope = _scope(actors, None, None)
    labels = [a.label for a in scope.actors]
    settings = TriangleSettings(freq=freq, maxlags=maxlags, ic=ic.lower(), correction=correction.lower(),
                                since=since, until=until)
    try:
        from detente.analysis.events import check_date

        settings.since, settings.until = check_date(since, "--since"), check_date(until, "--until")
        settings.validate()
        if len(labels) != 3:
            raise AnalysisError(f"a triangle needs three actors, got {len(labels)}")
        with _open(db) as database:
            events = load_dyad_events(database.store, scope)
        study = study_triangle(events, labels, settings)
    except AnalysisError as exc:
        fail(str(exc))
    print_study(study)
    if json_out is not None:
        try:
            json_out.write_text(json.dumps(study.to_json(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            fail(f"cannot write {json_out}: {exc.strerror or exc}")
        console.print(f"wrote {json_out}")


def print_study(study) -> None:
    """The study in plain words, then the twelve questions as a narrow table."""
    res = study.result
    console.print(f"Window {study.window_text}: {study.window_rule}.", highlight=False)
    if study.periods:
        lag = (f"; VAR with {res.lag} lag{'s' if res.lag != 1 else ''} (chosen by {study.settings.ic.upper()},"
               f" at most {res.lag_cap}), {res.n_obs} {study.period_word} used" if res is not None and res.ok else "")
        console.print(f"{study.periods} {study.period_word}{lag}.", highlight=False)
    for w in study.warnings:
        warn(w)
    console.print(study.verdict(), style="bold" if study.ok else "bold yellow")
    if not study.ok:
        return
    t = Table(title="Granger tests: first dyad's past ⇒ second's future", title_justify="left")
    for col, justify in (("test", "left"), ("F", "right"), ("R²", "right"), ("p", "right"), ("p adj.", "right"),
                         ("holds", "left")):
        t.add_column(col, justify=justify, overflow="fold")
    for q in sorted(study.questions, key=lambda q: q.p_adjusted if q.p_adjusted is not None else 2):
        t.add_row(f"{q.cause} ⇒ {q.effect}", _num(q.F, 2), _num(q.partial_r2, 2), _num(q.p, 3),
                  _num(q.p_adjusted, 3), "yes" if q.significant else "no")
    console.print(t)
    console.print("R² is the partial R² (effect size); p adj. is corrected across the tests"
                  f" ({study.settings.correction}).", style="dim", highlight=False)


def _num(value: float | None, digits: int) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


@app.command()
def network(
    db: Path | None = DbOption, actors: str = ActorsOption, since: str | None = SinceOption,
    until: str | None = UntilOption,
    partners: int = typer.Option(12, "--partners", help="How many busiest other partners to include."),
) -> None:
    """Actors and their busiest partners: events sent/received, cooperation, conflict, betweenness, broker.

    Example: detente network --actors CHN,PRK,USA --since 2018-01-01
    """
    from detente.analysis import build_network, centrality, load_partner_counts, triangle_broker

    scope = _scope(actors, since, until)
    labels = [a.label for a in scope.actors]
    with _open(db) as database:
        g = build_network(load_partner_counts(database.store, scope), labels, max_partners=partners)
    t = Table(title="Network centrality")
    for col in ("actor", "sent", "received", "coop. sent", "conflict sent", "partners", "network betweenness"):
        t.add_column(col, justify="left" if col == "actor" else "right")
    for r in centrality(g).to_dict("records"):
        name = str(r["actor"])
        t.add_row(Text(name, style="bold") if r["analysed"] else name, str(r["sent"]),
                  str(r["received"]), str(r["coop_sent"]), str(r["conflict_sent"]), str(r["partners"]),
                  f"{r['betweenness']:.3f}")
    console.print(t)
    if len(labels) == 3:
        broker, scores = triangle_broker(g, labels)
        detail = ", ".join(f"{s.actor} {s.score:.2f}" for s in scores)
        why = "" if broker else " — no single actor stands out"
        console.print(styled("broker in the triangle: ", (broker or "none", "bold"), f"{why} (brokerage {detail})"))


@bench_app.command("report")
def bench_report(
    db: Path | None = DbOption, actors: str = ActorsOption, since: str | None = SinceOption,
    until: str | None = UntilOption, freq: str = typer.Option("auto", "--freq", help="Period: day, week, month or auto."),
    repeat: int = typer.Option(1, "--repeat", min=1, help="Builds to time (the best is reported)."),
) -> None:
    """Time `detente report` step by step (the target: < 30 s over the ≈468k-event ICEWS18 import).

    Example: detente bench report --db icews18.duckdb --actors CHN,PRK,USA --repeat 3
    """
    import tempfile

    from detente.analysis import AnalysisError
    from detente.report import write_report

    runs: list[dict[str, float]] = []
    for _ in range(repeat):
        steps: dict[str, float] = {}
        marks = {"step": "opening the store", "t": time.perf_counter()}

        def tick(step: str, steps: dict[str, float] = steps, marks: dict = marks) -> None:
            now = time.perf_counter()
            steps[marks["step"]] = now - marks["t"]
            marks.update(step=step, t=now)

        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            try:
                write_report(db_path(db), Path(tmp) / "bench.html", actors=actors.split(","), since=since,
                             until=until, freq=freq, progress=tick)
            except (StoreError, AnalysisError) as exc:
                fail(str(exc))
        tick("done")
        steps["total"] = time.perf_counter() - started
        runs.append(steps)
    best = min(runs, key=lambda r: r["total"])
    with _open(db) as database:
        n_events = database.count()
    t = Table(title=f"detente report over {n_events:,} events, actors {actors} (best of {repeat})")
    t.add_column("step")
    t.add_column("seconds", justify="right")
    for step, sec in best.items():
        t.add_row(step, f"{sec:.2f}")
    console.print(t)
