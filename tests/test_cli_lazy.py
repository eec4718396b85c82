"""The command loads only what it uses: help never imports spaCy or scikit-learn, and a command's
help not even pandas (checked by the modules a fresh interpreter ends up with, not by timing)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import typer.main

from detente.cli import COMMAND_MODULES, GROUPS, MODULES, command_key

HEAVY = ("spacy", "sklearn", "pandas", "plotly", "statsmodels", "networkx")
PROBE = """
import json, sys
sys.argv = ["detente", *json.loads(sys.argv[1])]
from detente.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_by(*args: str) -> set[str]:
    """Top-level packages a fresh interpreter has imported after ``detente ARGS``."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True,
                          timeout=300)
    assert "Usage" in done.stdout, done.stderr[-2000:]
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_loads_no_language_or_learning_stack():
    loaded = loaded_by("--help")
    assert not loaded & {"spacy", "sklearn", "plotly", "statsmodels"}, loaded & set(HEAVY)


@pytest.mark.parametrize("command", [("events", "--help"), ("forecast", "--help")])
def test_a_command_help_loads_neither_pandas_nor_the_store(command):
    loaded = loaded_by(*command)
    assert not loaded & {*HEAVY, "duckdb"}, loaded & {*HEAVY, "duckdb"}


def test_every_command_is_mapped_to_the_module_registering_it():
    from detente.cli import app  # every module loaded

    group = typer.main.get_command(app)
    found: dict[str, str] = {}
    for name, cmd in group.commands.items():
        subs = getattr(cmd, "commands", None)
        if name in GROUPS and subs:
            found.update({f"{name} {sub}": c.callback.__module__ for sub, c in subs.items()})
        else:
            callback = cmd.callback or next(iter(subs.values())).callback
            found[name] = callback.__module__
    assert {k: f"detente.cli.{v}" for k, v in COMMAND_MODULES.items()} == found
    assert set(COMMAND_MODULES.values()) <= set(MODULES)


@pytest.mark.parametrize("argv,key", [
    ([], ""), (["--help"], ""), (["forecast", "fit", "--db", "x"], "forecast"), (["bench", "store"], "bench store"),
    (["bench", "--help"], "bench"), (["events", "--source", "CHN"], "events"), (["eval", "time"], "eval time"),
])
def test_command_key(argv, key):
    assert command_key(argv) == key
