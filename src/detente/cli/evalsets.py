"""CLI commands: `detente eval modality` and `detente eval dates` — the project's own test sets."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress
from rich.table import Table

from detente.cli.app import console, eval_app, fail, styled, text_column

SplitOption = typer.Option("both", "--split", help="dev, test, or both (dev is for tuning; report test).")
JsonOption = typer.Option(None, "--json", help="Also write the scores (and every miss) to this JSON file.")
ErrorsOption = typer.Option(False, "--errors", help="List the cases that were scored wrong.")


def _splits(split: str) -> list[str]:
    if split not in ("dev", "test", "both"):
        fail(f"--split must be dev, test or both, not {split!r}")
    return ["dev", "test"] if split == "both" else [split]


def _run(name: str, split: str, json_path: Path | None, errors: bool) -> None:
    from detente.evaldata import load_cases, run_dates, run_modality
    from detente.nlp import ModelMissing, parse

    runner = run_modality if name == "modality" else run_dates
    splits = _splits(split)
    if json_path and not Path(json_path).resolve().parent.is_dir():
        fail(f"cannot write {json_path}: its folder does not exist")
    results = []
    try:
        with Progress(text_column("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, transient=True) as bar:  # fmt: skip
            for sp in splits:
                cases = load_cases(name, sp)
                task = bar.add_task(f"{name} {sp}", total=len(cases))
                results.append(runner(cases, sp, parse, lambda t=task: bar.advance(t)))
    except ModelMissing as exc:
        fail(str(exc))
    for res in results:
        _print(name, res, errors)
    if json_path:
        try:
            Path(json_path).write_text(
                json.dumps({"set": name, "results": [r.to_json() for r in results]}, indent=2)
            )
        except OSError as exc:
            fail(f"cannot write {json_path}: {exc.strerror}")
        console.print(f"wrote {json_path}")


def _print(name: str, res, errors: bool) -> None:
    what = "modality" if name == "modality" else "precision"
    table = Table(title=f"{name} — {res.split}: {res.correct}/{res.total} = {res.accuracy:.1%}")
    table.add_column(f"gold {what}")
    table.add_column("correct", justify="right")
    table.add_column("total", justify="right")
    table.add_column("accuracy", justify="right")
    for label, (ok, n) in sorted(res.per_label.items()):
        table.add_row(label, str(ok), str(n), f"{ok / n:.1%}")
    console.print(table)
    gold = sorted({g for g, _ in res.confusion})
    pred = sorted({p for _, p in res.confusion})
    conf = Table(title=f"confusion ({res.split}): rows gold, columns predicted")
    conf.add_column("gold \\ predicted")
    for p in pred:
        conf.add_column(p, justify="right")
    for g in gold:
        conf.add_row(g, *[str(res.confusion.get((g, p), "")) for p in pred])
    console.print(conf)
    for key, value in res.extra.items():
        console.print(f"{key}: {value}")
    if errors:
        for e in res.errors:
            gold_v = e.get("modality") or f"{e.get('date')} ({e.get('precision')})"
            console.print(styled("  ", ("✗", "red"), f" {e['text']} ",
                                 (f"trigger={e['trigger']} gold={gold_v} got={e['got']}", "dim")), highlight=False)


@eval_app.command("modality")
def eval_modality(
    split: str = SplitOption, json_path: Path = JsonOption, errors: bool = ErrorsOption
) -> None:
    """Score event modality on the project's own sentences.

    Labels: asserted, negated, hypothetical, prescriptive, future, reported. Prints accuracy per
    label, a confusion table, and how many non-factual statements were coded as asserted.

    Example: detente eval modality --split test --json modality.json
    """
    _run("modality", split, json_path, errors)


@eval_app.command("dates")
def eval_dates(split: str = SplitOption, json_path: Path = JsonOption, errors: bool = ErrorsOption) -> None:
    """Score event dates on the project's own sentences.

    A case counts when the date and precision are both exact. Prints accuracy per precision
    (day, month, year, document, unknown), a confusion table, and span ends (date_end) matched.

    Example: detente eval dates --split test --errors
    """
    _run("dates", split, json_path, errors)
