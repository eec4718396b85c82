"""docs/cli.md is every command's --help as the commands print it now (`make cli-docs` regenerates it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_current():
    script = ROOT / "scripts" / "cli_reference.py"
    if not script.exists():
        pytest.skip("needs the source checkout")
    done = subprocess.run([sys.executable, str(script), str(ROOT / "docs" / "cli.md"), "--check"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:] + " (run `make cli-docs` and commit docs/cli.md)"
