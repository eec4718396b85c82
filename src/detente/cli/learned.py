"""CLI commands of the coder's learned parts: `detente train coder` and the cross-validated
`detente eval coder --set plv-train --cv K` (registered by `cli.coder`)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import typer
from rich.progress import Progress, SpinnerColumn, TimeElapsedColumn
from rich.table import Table

from detente.cli.app import app, console, err_console, fail, text_column

train_app = typer.Typer(help="Train the learned parts (development data only).", no_args_is_help=True)
app.add_typer(train_app, name="train")

SHIPPED = Path(__file__).resolve().parents[1] / "coding" / "learned" / "data" / "learned.joblib"


def _spinner() -> Progress:
    return Progress(SpinnerColumn(), text_column("{task.description}"), TimeElapsedColumn(),
                    console=err_console, transient=True)


@train_app.command("coder")
def train_coder(
    data: Path = typer.Option(None, "--data", help="Folder with the development files "
                              "(plv_train.jsonl, plover_gsr_cameo.json, cameo_manual_examples.jsonl)."),
    out: Path = typer.Option(SHIPPED, "--out", help="Where to write the bundle (default: the package's own).",
                             show_default=False),
    seed: int = typer.Option(0, "--seed", help="Random seed (the shipped bundle uses 0)."),
    objective: str = typer.Option("recall", "--objective", help="What the thresholds maximise: recall "
                                  "(F1's choice, then replace-or-beside by recall; the shipped bundle), f1 or f2."),
) -> None:
    """Train the event-type classifier, dyad ranker and relevance gate on development data.

    Example: detente train coder --data ../shared/eval/events
    Example: detente train coder --objective f1 --out f1.joblib
    """
    from detente.coding.learned.data import GSR_FILE, MANUAL_FILE, PLV_FILE
    from detente.coding.learned.parts import save_parts
    from detente.coding.learned.train import OBJECTIVES, TrainConfig, train_parts

    if objective not in OBJECTIVES:
        fail(f"--objective must be one of {', '.join(OBJECTIVES)}, not {objective!r}")
    data = Path(data or eval_events_dir())
    for name in (PLV_FILE, GSR_FILE, MANUAL_FILE):
        if not (data / name).is_file():
            fail(f"development file {data / name} not found (use --data)")
    if not Path(out).resolve().parent.is_dir():
        fail(f"cannot write {out}: its folder does not exist")
    with _spinner() as progress:
        task = progress.add_task("loading", total=None)
        parts = train_parts(TrainConfig(data_dir=data, seed=seed, objective=objective),
                            lambda msg: progress.update(task, description=msg))
    tmp = Path(out).with_suffix(".tmp")
    save_parts(parts, tmp)
    tmp.replace(out)  # never a half-written bundle
    chosen = ", ".join(f"{k} {v}" for k, v in asdict(parts.thresholds).items())
    console.print(f"wrote {out} ({Path(out).stat().st_size / 1024:.0f} KiB): thresholds {chosen}; "
                  f"{json.dumps(parts.meta.get('threshold_cv', {}))}")


def eval_plv_cv(data: Path | None, folds: int, json_out: Path | None) -> None:
    """Cross-validated scores on plv-train for rules, learned and hybrid (a development set)."""
    from detente.coding.learned.cv import cross_validate_plv
    from detente.coding.learned.data import PLV_FILE

    data = Path(data or eval_events_dir())
    if not (data / PLV_FILE).is_file():
        fail(f"gold file {data / PLV_FILE} not found (use --data)")
    if folds < 2:
        fail(f"--cv needs at least 2 folds, not {folds}")
    with _spinner() as progress:
        task = progress.add_task("loading", total=None)
        metrics = cross_validate_plv(data, folds, progress=lambda msg: progress.update(task, description=msg))
    table = Table(title=f"coder on plv-train ({metrics['sentences']} sentences)", caption=metrics["label"])
    table.add_column("metric")
    for system in ("rules", "learned", "hybrid"):
        table.add_column(system, justify="right")
    keys = list(dict.fromkeys(k for s in ("rules", "learned", "hybrid") for k in metrics[s]))
    for key in keys:
        table.add_row(key, *[str(metrics[s].get(key, "-")) for s in ("rules", "learned", "hybrid")])
    console.print(table)
    if json_out:
        Path(json_out).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")


def eval_events_dir() -> Path:
    """The event gold sets in the shared reference folder (``resources.shared_dir``)."""
    from detente.resources import shared_dir

    return shared_dir() / "eval" / "events"
