"""The `detente` command. Each module below registers its commands on the shared app.

Run as the ``detente`` command, this package imports only the module of the command being run
(``COMMAND_MODULES``), so ``detente forecast`` never pays for the modules of ingest or the
report; ``detente --help``, a group's ``--help`` and a name not in the table import them all.
Imported any other way (tests, ``scripts/cli_reference.py``, ``from detente.cli.app import
app``), every command is registered.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

from detente.cli.app import app, say_problem

#: Every command module, in the order their commands are listed by `detente --help`.
MODULES = ("ingest", "query", "importing", "coder", "forecast", "bargain", "report", "evalsets", "time",
           "learned", "serve", "scale", "actors")

#: A command (or "group command") → the module registering it; tests/test_cli_lazy.py checks it is complete.
COMMAND_MODULES: dict[str, str] = {
    "ingest": "ingest", "run": "ingest", "demo": "ingest",
    "events": "query", "documents": "query", "docs": "query", "stats": "query",
    "import": "importing", "compact": "importing", "explain": "coder", "simulate": "bargain",
    "report": "report", "dyad": "report", "triangle": "report", "network": "report",
    "time": "time", "serve": "serve", "forecast": "forecast", "train": "learned",
    "bench store": "importing", "bench coder": "coder", "bench forecast": "forecast", "bench bargain": "bargain",
    "bench report": "report", "bench serve": "serve", "bench scale": "scale", "bench lake": "scale",
    "eval coder": "coder", "eval modality": "evalsets", "eval dates": "evalsets", "eval time": "time",
    "eval actors": "actors",
}
GROUPS = ("bench", "eval")
INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)


def command_key(argv: list[str]) -> str:
    """The command named by the arguments (``forecast``, ``bench store``); "" for none."""
    words = [a for a in argv[:2] if not a.startswith("-")]
    if not words:
        return ""
    return " ".join(words[:2]) if words[0] in GROUPS and argv[:2] == words[:2] else words[0]


def load_commands(argv: list[str] | None = None) -> Any:
    """Register the commands ``argv`` needs (all of them when ``argv`` is None) and return the app."""
    module = COMMAND_MODULES.get(command_key(argv)) if argv is not None else None
    for name in (module,) if module else MODULES:
        importlib.import_module(f"detente.cli.{name}")
    return app


def _as_command() -> bool:
    """This process is the ``detente`` console script (not a test, a notebook or another program)."""
    return bool(sys.argv) and Path(sys.argv[0]).name == "detente"


load_commands(sys.argv[1:] if _as_command() else None)


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
