"""The installed wheel, not the checkout, passes the API tests (and finds its bundled example)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str | Path, cwd: Path = ROOT, env: dict | None = None) -> str:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
def test_installed_wheel_passes_the_api_tests(tmp_path):
    if not (ROOT / "pyproject.toml").exists():
        pytest.skip("needs the source checkout to build the wheel")
    wheels = tmp_path / "wheels"
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", wheels, ROOT)
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", venv)
    python = venv / "bin" / "python"
    site = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))").strip())
    # the dependencies come from this environment (offline); its editable checkout is not on the path
    (site / "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    # --ignore-installed: without it pip would uninstall this environment's own (editable) detente
    _run(sys.executable, "-m", "pip", "install", "--no-deps", "--ignore-installed", "-q", "--prefix", venv,
         *wheels.glob("*.whl"))
    where = _run(python, "-c", "import detente, detente.resources as r; print(detente.__file__);"
                 " print(r.bundled_example())").split()
    assert all(Path(p).is_relative_to(venv) for p in where), where
    assert (Path(where[1]) / "scenario.yaml").is_file()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DETENTE_DB")}
    out = _run(python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_api.py", env=env)
    assert "passed" in out and "failed" not in out
