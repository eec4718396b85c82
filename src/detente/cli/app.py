"""The typer application and what every command shares: consoles, options, one-line errors.

Text from data or the user (paths, document ids, actor names, imported entities) can hold
``[...]`` that rich would read as markup and crash on, after the work is done. So the shared
consoles never parse markup: styling is given as ``style=`` or with ``styled``/``Text``, and
progress columns come from ``text_column``. Nothing printed through them can be misread.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from detente.cli.lazy import LazyGroup

if TYPE_CHECKING:  # rich.progress loads with the commands that show progress, not with `detente --help`
    from rich.progress import TextColumn

# LazyGroup: the groups list their commands from a catalog and import a command's module when it runs.
app = typer.Typer(
    name="detente",
    cls=LazyGroup,
    help="detente: turn writing about international politics into a model of relations between states.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)
bench_app = typer.Typer(help="Benchmarks: speed and accuracy, measured (not asserted).", no_args_is_help=True,
                        cls=LazyGroup)
eval_app = typer.Typer(help="Accuracy against gold-standard sets.", no_args_is_help=True, cls=LazyGroup)
app.add_typer(bench_app, name="bench")
app.add_typer(eval_app, name="eval")

# markup=False: strings (table cells and titles included) are shown as they are, never parsed.
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)

DbOption = typer.Option(
    None, "--db", envvar="DETENTE_DB", help="Store file (default ./detente.duckdb).", show_default=False
)


def db_path(db: Path | None) -> Path:
    return Path(db) if db else Path("detente.duckdb")


def styled(*parts: str | tuple[str, str]) -> Text:
    """Text from plain parts and (text, style) pairs: styling without markup, safe for any data."""
    return Text.assemble(*((str(p[0]), p[1]) if isinstance(p, tuple) else str(p) for p in parts))


def text_column(fmt: str, style: str = "") -> TextColumn:
    """A progress column whose text (a file name, a document id) is shown as is, never as markup."""
    from rich.progress import TextColumn

    return TextColumn(fmt, style=style, markup=False)


def say_problem(label: str, message: str) -> None:
    """One line on stderr: ``error: …`` or ``warning: …``, the message shown as is."""
    style = "yellow" if label == "warning" else "red"
    err_console.print(styled((f"{label}:", style), " ", message), highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    say_problem("warning", message)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error and exit non-zero (never a traceback)."""
    say_problem("error", message)
    raise typer.Exit(code)
