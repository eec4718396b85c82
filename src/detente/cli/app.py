"""The typer application and what every command shares: consoles, options, one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="detente",
    help="detente: turn writing about international politics into a model of relations between states.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)
bench_app = typer.Typer(help="Benchmarks: speed and accuracy, measured (not asserted).", no_args_is_help=True)
eval_app = typer.Typer(help="Accuracy against gold-standard sets.", no_args_is_help=True)
app.add_typer(bench_app, name="bench")
app.add_typer(eval_app, name="eval")

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option(
    None, "--db", envvar="DETENTE_DB", help="Store file (default ./detente.duckdb).", show_default=False
)


def db_path(db: Path | None) -> Path:
    return Path(db) if db else Path("detente.duckdb")


def warn(message: str) -> None:
    err_console.print(f"[yellow]warning:[/yellow] {message}", highlight=False, soft_wrap=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error and exit non-zero (never a traceback)."""
    err_console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)
