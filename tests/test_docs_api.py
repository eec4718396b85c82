"""docs/python-api.md runs: every ```python block, in order, in one namespace (the docs cannot drift)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detente.resources import bundled_example

DOC = Path(__file__).resolve().parents[1] / "docs" / "python-api.md"


def blocks(text: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


@pytest.mark.slow
def test_python_api_doc_runs(tmp_path, monkeypatch):
    if not DOC.exists():
        pytest.skip("docs/python-api.md is not beside the tests")
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "korea").symlink_to(bundled_example(), target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    for i, code in enumerate(blocks(DOC.read_text(encoding="utf-8"))):
        exec(compile(code, f"python-api.md block {i + 1}", "exec"), namespace)
    assert (tmp_path / "korea.html").exists() and (tmp_path / "visits.parquet").exists()
