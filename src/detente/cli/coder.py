"""CLI commands of the event coder: explain, eval coder, bench coder."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from detente.cli.app import (
    DbOption,
    app,
    bench_app,
    console,
    db_path,
    err_console,
    eval_app,
    fail,
    text_column,
)


@app.command()
def explain(
    event_id: str = typer.Argument(..., help="Event id, as shown by `detente events` (doc:sentence:k)."),
    db: Path = DbOption,
) -> None:
    """Show how one event was coded: actors and how they were resolved, pattern, modality, date.

    Example: detente explain korea-2018:12:0 --db detente.duckdb
    """
    from detente.api import Database
    from detente.explain import explain_lines
    from detente.store import StoreError

    try:
        with Database(db_path(db), read_only=True) as database:
            event = database.event(event_id)
    except StoreError as exc:
        fail(str(exc))
    if event is None:
        fail(f"no event with id {event_id!r} in {db_path(db)}")
    first, *rest = explain_lines(event)
    console.print(first, style="bold", highlight=False, markup=False, soft_wrap=True)
    for line in rest:
        console.print(line, highlight=False, markup=False, soft_wrap=True)


@eval_app.command("coder")
def eval_coder(
    set_name: str = typer.Option(
        ..., "--set", help="petr2, wire-test (test) | cameo-manual | plover | wire-dev | korea-example | "
        "plv-train (development). wire-* and korea-example are bundled with detente."),
    data: Path = typer.Option(None, "--data", help="Folder with the gold files (../shared/eval/events; "
                              "for korea-example the bundled examples/korea)."),
    json_out: Path = typer.Option(None, "--json", help="Also write the metrics to this JSON file."),
    limit: int = typer.Option(0, "--limit", help="Only the first N sentences (documents for korea-example; 0 = all)."),
    misses: Path = typer.Option(None, "--misses", help="Also write the sentences with a missed gold event, with "
                                "our predictions and their patterns, as JSON lines (development sets only)."),
    lang_data: Path = typer.Option(None, "--lang-data", help="Your language-data directory laid over the "
                                   "package's (docs/coder.md)."),
    cv: int = typer.Option(0, "--cv", help="plv-train only: K-fold cross-validation of rules, learned parts "
                           "and hybrid (the learned parts never see the fold they are scored on)."),
    coder: str = typer.Option("hybrid", "--coder", help="hybrid (rules, recoded, completed or "
                              "added to by the learned parts) or rules (the rules alone)."),
) -> None:
    """Score the event coder against a gold-standard set.

    Example: detente eval coder --set petr2 --json petr2.json
    Example: detente eval coder --set wire-dev --misses wire-dev-misses.jsonl
    Example: detente eval coder --set wire-dev --lang-data my-lang/
    Example: detente eval coder --set plv-train --cv 5 --json plv-cv.json
    """
    if coder not in ("hybrid", "rules"):
        fail(f"--coder must be hybrid or rules, not {coder!r}")
    if set_name == "plv-train" or cv:
        if set_name != "plv-train" or not cv:
            fail("plv-train is scored by cross-validation only: use --set plv-train --cv 5")
        from detente.cli.learned import eval_plv_cv

        eval_plv_cv(data, cv, json_out)
        return
    coder = _coder(lang_data, coder)
    from detente.coding.evaluate import (
        BUNDLED_SETS,
        SET_FILES,
        SETS,
        TEST_SETS,
        code_sentences,
        evaluate,
        list_misses,
        load_set,
    )

    if set_name == "korea-example" and misses:
        fail("--misses lists sentences of wire-dev, plover or cameo-manual; korea-example lists key events per document")
    if set_name == "korea-example":
        metrics = _eval_korea(data, limit, coder)
        _print_metrics(metrics, set_name, json_out)
        return
    if set_name not in SETS:
        fail(f"unknown set {set_name!r}; choose one of {', '.join(SETS)}, korea-example")
    if misses and set_name in TEST_SETS:
        fail(f"--misses is for development sets; {set_name} is a test set: it is scored, not read")
    if data is None:
        from detente.resources import shared_dir

        data = shared_dir() / "eval" / "events"
    if set_name not in BUNDLED_SETS and not (Path(data) / SET_FILES[set_name]).exists():
        fail(f"gold file {Path(data) / SET_FILES[set_name]} not found (use --data)")
    gold = load_set(set_name, data)
    if limit:
        gold = gold[:limit]
    with Progress(SpinnerColumn(), text_column(f"coding {set_name}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task("", total=len(gold))
        predicted = code_sentences(gold, coder, lambda k: progress.advance(task, k))
    metrics = evaluate(set_name, gold, predicted)
    _print_metrics(metrics, set_name, json_out)
    if misses:
        rows = list_misses(set_name, gold, predicted)
        Path(misses).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        err_console.print(f"{len(rows)} sentences with a missed gold event -> {misses}")


def _coder(lang_data: Path | None, kind: str = "hybrid"):
    """The event coder (``hybrid``: rules + learned parts; ``rules``: the rules alone), over the
    user's language data when given (bad data: one line, exit 1)."""
    from detente.coding.coder import EventCoder
    from detente.coding.config import CoderConfig
    from detente.langdata import LanguageData, LanguageDataError

    try:
        lang = LanguageData.from_dir(lang_data) if lang_data else None
    except LanguageDataError as exc:
        fail(str(exc))
    if kind == "rules":
        return EventCoder(lang)
    from detente.coding.learned import HybridCoder

    return HybridCoder(lang, CoderConfig())


def _eval_korea(data: Path | None, limit: int, coder) -> dict:
    """Recall of the key events listed for our bundled dispatches (a development set)."""
    from detente.coding.eval_korea import (
        EXPECTED_FILE,
        code_documents,
        evaluate_korea,
        load_documents,
        load_expected,
    )
    from detente.resources import bundled_example

    folder = Path(data) if data else bundled_example()
    if not (folder / EXPECTED_FILE).exists():
        fail(f"expected-events file {folder / EXPECTED_FILE} not found (use --data)")
    docs = load_documents(folder)
    if limit:
        docs = docs[:limit]
    if not docs:
        fail(f"no documents in {folder}")
    expected = [x for x in load_expected(folder) if x.doc in {d.id for d in docs}]
    with Progress(SpinnerColumn(), text_column("coding korea-example"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task("", total=len(docs))
        predicted = code_documents(docs, coder, lambda k: progress.advance(task, k))
    return evaluate_korea(expected, predicted)


def _print_metrics(metrics: dict, set_name: str, json_out: Path | None) -> None:
    table = Table(title=f"coder on {set_name}", caption=metrics.pop("label"))
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in metrics.items():
        if isinstance(value, dict):
            for sub, n in value.items():
                table.add_row(f"{key}: {sub}", str(n))
        else:
            table.add_row(key, str(value))
    console.print(table)
    if json_out:
        Path(json_out).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")


@bench_app.command("coder")
def bench_coder_cmd(
    corpus: Path = typer.Option(..., "--corpus", help="Folder of articles, as `detente ingest` reads it."),
    json_out: Path = typer.Option(None, "--json", help="Write the numbers to this JSON file."),
    repeat: int = typer.Option(7, "--repeat", min=1, help="Timed rounds; each runs every pass once (medians reported)."),
    warmup: int = typer.Option(1, "--warmup", min=0, help="Untimed rounds first (first-use costs)."),
    n_process: int = typer.Option(1, "--n-process", min=1, help="spaCy worker processes."),
    coder: str = typer.Option("hybrid", "--coder", help="hybrid (rules + learned parts) or rules."),
    batch_size: int = typer.Option(None, "--batch-size", min=1,
                                   help="Documents per spaCy batch and coder call, in every pass (default 16)."),
) -> None:
    """Parse-only, parse + code and full ingest (with the store): sentences per second and per CPU-second.

    The passes run interleaved (one of each per round, in balanced orders, after an untimed
    warm-up round) and are timed in wall and CPU time; the CPU figures are the ones to compare on
    a shared machine. `parse` is the bare nlp.pipe of the English model as spaCy ships it, run
    twice per round (the reference of the *_over_parse_cpu ratios; aa_parse_cpu, the one run
    against the other, shows the machine's noise), `pipeline` the parse ingest runs (same
    annotations, detente's line breaks and faster attribute ruler).

    Example: detente bench coder --corpus examples/korea --repeat 7 --json bench-coder.json
    """
    from detente.bench.coder import bench_coder, read_documents

    if not Path(corpus).is_dir():
        fail(f"corpus folder {corpus} not found")
    if coder not in ("hybrid", "rules"):
        fail(f"--coder must be hybrid or rules, not {coder!r}")
    if not read_documents(corpus):
        fail(f"no documents in {corpus}")
    with Progress(SpinnerColumn(), text_column("{task.description}"), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task("loading", total=None)
        result = bench_coder(corpus, repeat=repeat, n_process=n_process, warmup=warmup,
                             coder_name="default" if coder == "hybrid" else "rules", batch_size=batch_size,
                             progress=lambda stage: progress.update(task, description=stage))
    table = Table(title=f"coder throughput on {corpus}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, str(value))
    console.print(table)
    if json_out:
        Path(json_out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
