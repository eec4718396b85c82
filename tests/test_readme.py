"""Every command of the README's "What it does, by example" runs as written, in order, in one folder.

A newcomer types them one after the other: the store they build up is the one the next line
reads. The folder holds ``examples/`` (a link to ours) and ``../shared`` (a link to the
reference data), so every path means what it means in a checkout.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_path

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
#: our own two-line articles for the README's "your own folder" line
MY_ARTICLES = {
    "kyiv.txt": "Kyiv, 3 March 2022. Russia attacked Ukraine's capital on Thursday. The United States condemned Russia.",
    "geneva.txt": "Geneva, 10 January 2022. Russian and American diplomats met in Geneva to discuss Ukraine.",
}


def readme_commands() -> list[str]:
    """The ``detente`` lines of the example block, comments dropped, ``a ; b`` split."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index("## What it does, by example"):]
    block = block[block.index("```sh") + 5:block.index("```", block.index("```sh") + 5)]
    lines = []
    for raw in block.splitlines():
        line = re.sub(r"\s+#.*$", "", raw).strip()
        if line.startswith("detente"):
            lines.extend(part.strip() for part in line.split(" ; "))
    return lines


def test_the_readme_block_is_found():
    commands = readme_commands()
    assert len(commands) > 15 and commands[0].startswith("detente ingest")
    assert any(c.startswith("detente report") for c in commands)


def test_every_readme_command_runs_in_order(tmp_path):
    shared = shared_path()  # the first lines read ../shared: without it the rest has no store to read
    work = tmp_path / "work"
    work.mkdir()
    (tmp_path / "shared").symlink_to(shared)
    (work / "examples").symlink_to(ROOT / "examples")
    (work / "my-articles").mkdir()
    for name, text in MY_ARTICLES.items():
        (work / "my-articles" / name).write_text(text + "\n", encoding="utf-8")
    detente = Path(sys.executable).with_name("detente")
    env = {k: v for k, v in os.environ.items() if k != "DETENTE_DB"}
    for command in readme_commands():
        args = shlex.split(command)
        result = subprocess.run([str(detente), *args[1:]], cwd=work, env=env, capture_output=True, text=True,
                                timeout=900)
        assert result.returncode == 0, f"`{command}` failed:\n{result.stderr[-2000:]}"
    assert (work / "report.html").stat().st_size < 2_000_000
    assert (work / "triangle.json").is_file() and (work / "my-output" / "report.html").is_file()
