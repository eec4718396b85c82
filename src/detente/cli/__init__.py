"""The `detente` command. Each module below registers its commands on the shared app."""

from __future__ import annotations

import os
import sys

from detente.cli.app import app, err_console

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
    serve,
    scale,
)


def main() -> None:
    """Entry point: run the app; unexpected errors become one line (DETENTE_DEBUG=1 shows the trace)."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("[red]interrupted[/red]")
        sys.exit(130)
    except Exception as exc:  # a last guard: a bug should still not greet users with a traceback
        if os.environ.get("DETENTE_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        err_console.print(f"[red]error:[/red] {type(exc).__name__}: {first}", highlight=False)
        sys.exit(1)
