"""The `detente` command. Each module below registers its commands on the shared app.

Importing this package imports no command module: the app's groups (``cli.lazy.LazyGroup``)
list commands from a catalog (``commands.json``, written by ``make cli-docs``) and import a
command's module only when it runs, so ``detente forecast`` never pays for the modules of
ingest or the report and ``detente --help`` for none of them. ``load_commands()`` registers
every command at once (``typer.main.get_command(app)`` then holds them all, built).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from detente.cli.app import app, say_problem
from detente.cli.lazy import MODULES, load_all

__all__ = ["MODULES", "app", "load_commands", "main"]
INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)


def load_commands() -> Any:
    """Register every command (import every command module) and return the app."""
    load_all()
    return app


def _say(label: str, message: str) -> None:
    """Print through rich; if even that fails, plain stderr: the guard must never crash itself."""
    try:
        say_problem(label, message)
    except Exception:
        print(f"{label}: {message}", file=sys.stderr)


def _interrupted(exc: BaseException) -> bool:
    if isinstance(exc, KeyboardInterrupt):
        return True
    if "duckdb" not in sys.modules:  # no store was opened, so no DuckDB error to recognise
        return False
    from detente.store.duckdb_store import is_interrupt

    return is_interrupt(exc)


def main() -> None:
    """Entry point: run the app; unexpected errors become one line (DETENTE_DEBUG=1 shows the trace)."""
    try:
        app()
    except (KeyboardInterrupt, Exception) as exc:  # a last guard: a bug should still not greet users with a traceback
        if _interrupted(exc):
            _say("error", "interrupted")
            sys.exit(INTERRUPTED)
        if os.environ.get("DETENTE_DEBUG"):
            raise
        text = str(exc).strip()
        first = text.splitlines()[0] if text else ""
        _say("error", f"{type(exc).__name__}: {first}" if first else type(exc).__name__)
        sys.exit(1)
