"""The command loads only what it uses: importing the CLI and `detente --help` import no command
module (and so none of pandas, scikit-learn, spaCy, plotly, DuckDB), a command's help only its own
module, yet every command is listed, runs and is reachable through ``group.commands`` (checked by
the modules a fresh interpreter ends up with, never by timing)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer.main

from detente.cli.lazy import MODULES, catalog

HEAVY = {"spacy", "sklearn", "pandas", "plotly", "statsmodels", "networkx", "scipy", "duckdb", "numpy", "pydantic"}
COMMAND_MODULES = {f"detente.cli.{m}" for m in MODULES}
PROBE = """
import json, sys
args = json.loads(sys.argv[1])
from detente.cli import main
if args is not None:
    sys.argv = ["detente", *args]
    try:
        main()
    except SystemExit:
        pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
FIXED = {"TERMINAL_WIDTH": "100", "NO_COLOR": "1", "_TYPER_FORCE_DISABLE_TERMINAL": "1"}


def loaded_by(args: list[str] | None, expect: str = "Usage") -> set[str]:
    """Modules a fresh interpreter has imported after ``import detente.cli`` and ``detente ARGS``."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          timeout=300)
    assert expect in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def packages(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_importing_the_cli_loads_no_command_and_no_heavy_library():
    loaded = loaded_by(None, expect="")
    assert not loaded & COMMAND_MODULES, loaded & COMMAND_MODULES
    assert not packages(loaded) & HEAVY, packages(loaded) & HEAVY


@pytest.mark.parametrize("args", [["--help"], [], ["bench", "--help"], ["eval", "--help"]])
def test_group_help_lists_commands_without_importing_them(args):
    loaded = loaded_by(args)
    assert not loaded & COMMAND_MODULES, loaded & COMMAND_MODULES
    assert not packages(loaded) & HEAVY, packages(loaded) & HEAVY


@pytest.mark.parametrize("command,module", [("events", "query"), ("forecast", "forecast"),
                                            ("simulate", "bargain")])
def test_a_command_help_loads_only_its_module_and_no_heavy_library(command, module):
    loaded = loaded_by([command, "--help"], expect=f"detente {command}")
    assert loaded & COMMAND_MODULES == {f"detente.cli.{module}"}
    assert not packages(loaded) & HEAVY, packages(loaded) & HEAVY


def _help(path: list[str], load_first: bool) -> str:
    """``detente PATH --help`` in a fresh interpreter, lazily or with every command loaded first."""
    code = ("import sys; from detente.cli import main, load_commands\n"
            f"{'load_commands()' if load_first else ''}\n"
            "sys.argv = ['detente', *sys.argv[1:], '--help']\nmain()")
    env = {**os.environ, **FIXED}
    env.pop("FORCE_COLOR", None)
    done = subprocess.run([sys.executable, "-c", code, *path], capture_output=True, text=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("path", [[], ["bench"], ["eval"]])
def test_the_catalog_lists_what_the_loaded_commands_list(path):
    assert _help(path, load_first=False) == _help(path, load_first=True)


def test_every_command_is_reachable_through_the_group():
    from detente.cli import app

    root = typer.main.get_command(app)
    assert list(root.commands) == list(catalog()["detente"])  # type: ignore[attr-defined]
    forecast = root.commands["forecast"]  # type: ignore[attr-defined]  # built on access
    assert "fit" in forecast.commands
    assert root.commands["bench"].commands["store"].callback.__module__ == "detente.cli.importing"  # type: ignore[attr-defined]


def test_an_unknown_command_is_refused_with_a_suggestion():
    from typer.testing import CliRunner

    from detente.cli import app

    result = CliRunner().invoke(app, ["forcast", "--source", "CHN"])
    assert result.exit_code == 2
    assert "No such command" in result.output and "forecast" in result.output


def test_every_command_module_is_listed():
    from pathlib import Path

    import detente.cli

    here = Path(detente.cli.__file__).parent
    modules = {p.stem for p in here.glob("*.py")} - {"__init__", "app", "lazy", "coerce"}
    assert modules == set(MODULES)
