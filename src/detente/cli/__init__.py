"""The `detente` command. Each module below registers its commands on the shared app."""

from __future__ import annotations

import os
import sys

from detente.cli.app import app, say_problem
from detente.store.duckdb_store import is_interrupt

# Importing a module registers its commands.
from detente.cli import (  # noqa: E402,F401  isort: skip
    ingest,
    query,
    importing,
    coder,
    forecast,
    bargain,
    report,
    evalsets,
    time,
    learned,
    serve,
    scale,
)

INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)


def _say(label: str, message: str) -> None:
    """Print through rich; if even that fails, plain stderr: the guard must never crash itself."""
    try:
        say_problem(label, message)
    except Exception:
        print(f"{label}: {message}", file=sys.stderr)


def main() -> None:
    """Entry point: run the app; unexpected errors become one line (DETENTE_DEBUG=1 shows the trace)."""
    try:
        app()
    except (KeyboardInterrupt, Exception) as exc:  # a last guard: a bug should still not greet users with a traceback
        if is_interrupt(exc):
            _say("error", "interrupted")
            sys.exit(INTERRUPTED)
        if os.environ.get("DETENTE_DEBUG"):
            raise
        text = str(exc).strip()
        first = text.splitlines()[0] if text else ""
        _say("error", f"{type(exc).__name__}: {first}" if first else type(exc).__name__)
        sys.exit(1)
