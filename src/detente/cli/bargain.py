"""CLI: `detente simulate` (bargaining forecasts for a scenario) and `detente bench bargain` (DEU)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

import detente
from detente.cli.app import app, bench_app, console, fail, styled, text_column

MODELS = ("cm", "nash", "eum", "smp")


def _progress() -> Progress:
    return Progress(text_column("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=console, transient=True)


@app.command()
def simulate(
    scenario: Path = typer.Argument(..., help="Scenario YAML (see docs/bargain.md) or a KTAB SMP .csv file."),
    model: str = typer.Option("all", "--model", "-m", help="cm, nash, eum, smp (KTAB's spatial model of politics) or all."),
    runs: int = typer.Option(200, "--runs", "-n", min=0, help="Monte Carlo runs over the uncertain numbers."),
    seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same distributions)."),
    rounds: int = typer.Option(10, "--rounds", min=1, help="EUM rounds."),
    leverage: int = typer.Option(25, "--leverage", min=0, help="Leverage for at most this many actors (heaviest c·s)."),
    json_out: Path | None = typer.Option(None, "--json", help="Write the results as JSON (with --model smp: "
                                         "SMP's own format, see docs/bargain.md)."),
    png: Path | None = typer.Option(None, "--png", help="Directory for PNG figures."),
    smp_option: list[str] = typer.Option([], "--smp", help="An SMP option as KEY=VALUE, e.g. --smp pce=markov_uniform "
                                         "(repeatable; see docs/bargain.md)."),
) -> None:
    """Forecast each issue of a bargaining scenario with the compromise, Nash, expected-utility and SMP models.

    What grows with what (n actors): per issue the EUM costs rounds × n² log n per run, and runs (--runs + 1) times plus 5 times per leverage actor (at most --leverage); compromise and Nash cost n per run.

    SMP runs once over all issues jointly: n³ per turn (0.5 CPU-s at 160 actors, ~14 at 500), no Monte Carlo or leverage. For hundreds of actors use --runs 0 --leverage 0, or --model smp.

    Example: detente simulate examples/korea/scenario.yaml --model all --runs 200 --json out.json --png figs/

    Example: detente simulate ../shared/data/ktab/dummyData_3Dim.csv --model smp --json smp.json
    """
    from detente.bargain.scenario import ScenarioError, load_scenario

    if model not in (*MODELS, "all"):
        fail(f"--model: {model!r} is not one of cm, nash, eum, smp, all")
    chosen = MODELS if model == "all" else (model,)
    smp_options = _smp_options(smp_option)
    try:
        scen = load_scenario(scenario)
    except ScenarioError as exc:
        fail(str(exc))
    with _progress() as bar:
        def progress(label: str, total: int):
            task = bar.add_task(label, total=total)
            return lambda: bar.advance(task)

        result = detente.simulate(scen, model=chosen, runs=runs, seed=seed, rounds=rounds, leverage=leverage,
                                  smp_options=smp_options, progress=progress)
    if png is not None:
        result.write_figures(png)
    _print_result(result)
    if json_out is not None:
        data = result.smp.to_json() if model == "smp" else result.to_json()
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(data, indent=1), encoding="utf-8")
        console.print(f"wrote {json_out}")
    for f in result.figures:
        console.print(f"figure {f}")


def _smp_options(pairs: list[str]) -> dict:
    """KEY=VALUE pairs into SMP constructor options, checked against the constructor."""
    from detente.bargain.smp import SpatialModelOfPolitics

    defaults = SpatialModelOfPolitics().get_params()
    out: dict = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or key not in defaults:
            fail(f"--smp: {pair!r} is not KEY=VALUE with KEY one of {', '.join(defaults)}")
        kind = type(defaults[key])
        try:
            out[key] = kind(value)
        except ValueError:
            fail(f"--smp: {key} takes a {kind.__name__}, not {value!r}")
    try:
        SpatialModelOfPolitics(**out).check_options()
    except ValueError as exc:
        fail(f"--smp: {exc}")
    return out


def _print_result(result) -> None:
    table = Table(title=f"{result.scenario}: forecasts (0–100; 80% interval over Monte Carlo runs)")
    for col in ("issue", "model", "forecast", "median", "80% interval"):
        table.add_column(col, justify="right" if col != "issue" and col != "model" else "left")
    for f in result.forecasts:
        table.add_row(f["issue"], f["model"], f"{f['outcome']:.1f}", f"{f['median']:.1f}",
                      f"{f['low']:.1f}–{f['high']:.1f}")
    console.print(table)
    for i in result.issues:
        console.print(styled("  ", (str(i["id"]), "bold"), f": {i['name']} (0 = {i['low']}; 100 = {i['high']})"), highlight=False)
    lev = Table(title="Leverage per actor (Δ forecast per +1 pp capability share, per +1 position point)")
    for col in ("issue", "model", "actor", "d/d capability", "d/d position", "without actor"):
        lev.add_column(col, justify="left" if col in ("issue", "model", "actor") else "right")
    for r in result.leverage:
        without = "–" if r["outcome_without"] is None else f"{r['outcome_without']:.1f}"
        lev.add_row(r["issue"], r["model"], r["actor"], f"{r['d_outcome_d_capability']:+.3f}",
                    f"{r['d_outcome_d_position']:+.3f}", without)
    if result.leverage:
        console.print(lev)
    if result.smp is not None:
        smp = result.smp
        console.print(f"SMP: {smp.n_turns} turns; expected outcome "
                      + ", ".join(f"{d} {v:.1f}" for d, v in zip(smp.dimensions, smp.expected_outcome)),
                      highlight=False, markup=False)
    if result.influence:
        inf = Table(title="EUM: who moved whom (total distance over the rounds)")
        for col in ("issue", "actor", "moved", "distance", "moves"):
            inf.add_column(col, justify="right" if col in ("distance", "moves") else "left")
        for r in result.influence[:20]:
            inf.add_row(r["issue"], r["actor"], r["moved"], f"{r['distance']:.1f}", str(r["moves"]))
        console.print(inf)


@bench_app.command("bargain")
def bench_bargain(
    deu: Path | None = typer.Option(None, "--deu", help="DEU III file (tab-separated), e.g. ../shared/data/deu/deu3.csv."),
    json_out: Path | None = typer.Option(None, "--json", help="Write {\"models\": {name: {mae, n}}, \"ktab\": [...]} here."),
    rounds: int = typer.Option(10, "--rounds", min=1, help="EUM rounds."),
    ktab: bool = typer.Option(False, "--ktab", help="Time SMP (CPU per turn) and the EUM at 40, 80, 160 and 500 actors."),
    ktab_dir: Path = typer.Option(Path("../shared/data/ktab"), "--ktab-dir",
                                  help="Folder with KTAB's dummyData-a040/a080/a160.csv (random actors where absent)."),
    sizes: str = typer.Option("40,80,160,500", "--sizes", help="Actor counts for --ktab, comma-separated."),
    turns: int = typer.Option(3, "--turns", min=1, help="SMP turns per timing run (--ktab)."),
    repeats: int = typer.Option(3, "--repeats", min=1, help="Timing runs per size, median reported (1 above 160)."),
) -> None:
    """Bargaining models against DEU III's recorded outcomes, and SMP/EUM speed at KTAB's sizes.

    SMP costs n³ per turn for n actors, the EUM n² log n per round per issue. CPU seconds are process time (all threads), medians of --repeats runs; KTAB's own figures (optimised build) are printed beside ours.

    Example: detente bench bargain --deu ../shared/data/deu/deu3.csv --json bench-bargain.json

    Example: detente bench bargain --ktab --json bench-ktab.json
    """
    from detente.bargain.bench import ENTRIES, bench_deu, time_ktab
    from detente.bargain.scenario import ScenarioError

    if deu is None and not ktab:
        fail("give --deu FILE, --ktab, or both")
    try:
        size_list = tuple(int(x) for x in sizes.split(",") if x.strip())
    except ValueError:
        fail(f"--sizes: {sizes!r} is not a comma-separated list of actor counts")
    if any(n < 2 for n in size_list):
        fail("--sizes: every size must be at least 2 actors")
    report: dict = {}
    if deu is not None:
        if not deu.exists():
            fail(f"--deu: {deu} does not exist")
        with _progress() as bar:
            task = bar.add_task("DEU models", total=len(ENTRIES) + 1)
            try:
                report.update(bench_deu(deu, rounds=rounds, tick=lambda name: bar.advance(task)))
            except ValueError as exc:
                fail(str(exc).splitlines()[0])
        _print_deu(report)
    if ktab:
        with _progress() as bar:
            task = bar.add_task("SMP and EUM timings", total=len(size_list))
            try:
                report["ktab"] = time_ktab(ktab_dir, size_list, turns=turns, repeats=repeats,
                                           tick=lambda name: bar.advance(task))
            except (ScenarioError, OSError) as exc:
                fail(str(exc))
        _print_ktab(report["ktab"])
    if json_out is not None:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(report, indent=1), encoding="utf-8")
        console.print(f"wrote {json_out}", markup=False)


def _print_deu(report: dict) -> None:
    table = Table(title=f"DEU III: mean absolute error against recorded outcomes ({report['issues']} issues)")
    for col in ("model", "MAE", "n", "wall s", "CPU s"):
        table.add_column(col, justify="left" if col == "model" else "right")
    for name, rec in report["models"].items():
        cpu = f"{rec['cpu_seconds']:.2f}" if "cpu_seconds" in rec else "–"
        table.add_row(name, f"{rec['mae']:.2f}", str(rec["n"]), f"{rec['seconds']:.2f}", cpu)
    console.print(table)


def _print_ktab(rows: list[dict]) -> None:
    table = Table(title="SMP CPU seconds per turn, EUM CPU seconds per evaluation (10 rounds)")
    for col in ("actors", "source", "SMP CPU/turn", "KTAB CPU/turn", "speed-up", "EUM CPU"):
        table.add_column(col, justify="left" if col == "source" else "right")
    for r in rows:
        ktab = "–" if r["ktab_cpu_per_turn"] is None else f"{r['ktab_cpu_per_turn']:.2f}"
        speed = "–" if r["speedup"] is None else f"{r['speedup']:.0f}×"
        table.add_row(str(r["actors"]), r["source"], f"{r['smp_cpu_per_turn']:.3f}", ktab, speed,
                      f"{r['eum_cpu_10_rounds']:.3f}")
    console.print(table)
