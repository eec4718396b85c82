"""mypy is clean on the packages the issue names (and the public API); `make typecheck` runs the same."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TYPED = [
    "src/detente/records.py", "src/detente/store", "src/detente/analysis", "src/detente/forecast",
    "src/detente/bargain", "src/detente/api.py", "src/detente/jobs.py", "src/detente/export.py",
    "src/detente/filters.py", "src/detente/estimators.py", "src/detente/registry.py", "src/detente/explain.py",
    "src/detente/resources.py", "src/detente/web", "src/detente/scale",
]


@pytest.mark.slow
def test_mypy_is_clean():
    pytest.importorskip("mypy")
    if not (ROOT / "src").is_dir():
        pytest.skip("needs the source checkout")
    done = subprocess.run([sys.executable, "-m", "mypy", *TYPED], cwd=ROOT,  # cache: .mypy_cache
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:]
