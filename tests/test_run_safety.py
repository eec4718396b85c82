"""`detente run` and its optional steps: the output folder is safe, a bad scenario never sinks the run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import detente.report
from detente.jobs import FIGURES_DIR, OutputFolderError, run_main_job
from detente.store import Store
from ingest_fakes import FakeCoder
from test_cli_ingest import FAKE, invoke


@pytest.fixture(autouse=True)
def fake_report(monkeypatch):
    def write(db: Path, out_html: Path, **kw) -> Path:
        extras = out_html.parent / FIGURES_DIR  # what sits beside the report when it is written
        shown = sorted(p.name for p in extras.iterdir()) if extras.is_dir() else []
        out_html.write_text(json.dumps({"extras": shown, "bargain": kw.get("bargain") is not None}))
        return out_html

    monkeypatch.setattr(detente.report, "write_report", write, raising=False)


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("North Korea visited China. The talks went on.")
    return folder


def test_run_into_a_folder_holding_an_ingest_store_refuses(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    docs = corpus(tmp_path / "docs")
    assert invoke("ingest", docs, *FAKE).exit_code == 0  # ./detente.duckdb, ingest's default store
    before = Path("detente.duckdb").read_bytes()
    result = invoke("run", docs, "-o", ".", *FAKE)
    assert result.exit_code == 1
    assert result.stderr.strip() == ("error: detente.duckdb is a store `detente run` did not make; choose another "
                                     "--out or add --force to replace it")
    assert Path("detente.duckdb").read_bytes() == before
    assert invoke("run", docs, "-o", ".", "--force", *FAKE).exit_code == 0
    with Store("detente.duckdb", read_only=True) as store:
        assert store.run_commands() == ["run"]


def test_a_foreign_file_named_like_the_store_is_refused_too(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "detente.duckdb").write_text("someone's notes")
    with pytest.raises(OutputFolderError):
        run_main_job([corpus(tmp_path / "docs")], out, coder=FakeCoder())
    assert (out / "detente.duckdb").read_text() == "someone's notes"


def test_a_rerun_replaces_its_own_store_and_clears_stale_results(tmp_path):
    docs, out = corpus(tmp_path / "docs"), tmp_path / "out"
    (docs / "scenario.yaml").write_text((Path(__file__).parents[1] / "examples/korea/scenario.yaml").read_text())
    first = run_main_job([docs], out, coder=FakeCoder())
    shown = json.loads(first.report_path.read_text())
    assert shown["bargain"] and any(name.endswith(".png") for name in shown["extras"])
    (out / "extras" / "mine.txt").write_text("a file of the user's")
    (docs / "scenario.yaml").unlink()
    second = run_main_job([docs], out, coder=FakeCoder())
    shown = json.loads(second.report_path.read_text())
    assert not shown["bargain"] and not any(name.endswith(".png") for name in shown["extras"])
    assert (out / "extras" / "mine.txt").exists()


@pytest.mark.parametrize("content, problem", [
    (b"name: x\nissues: [\n", "not valid YAML"),
    (b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n".encode() for p, c in zip("abcdefgh", "bcdefghi"))
     + b"name: *i\n", "aliases (*name) are not allowed"),
    ("name: caf\xe9\n".encode("latin-1"), "UTF-8"),
    (b"name: big\nissues: [{id: a, name: A, low: l, high: h, status_quo: 50}]\nactors:\n"
     b"  - {name: A, capability: 1e308, positions: {a: 90}, saliences: {a: 0.9}}\n"
     b"  - {name: B, capability: 1e308, positions: {a: 10}, saliences: {a: 0.5}}\n", "capability: 1e+308 is outside"),
])
def test_a_bad_scenario_is_a_note_and_the_report_still_comes(tmp_path, content, problem):
    docs = corpus(tmp_path / "docs")
    (docs / "scenario.yaml").write_bytes(content)
    result = run_main_job([docs], tmp_path / "out", coder=FakeCoder())
    assert result.report_path is not None and result.ok
    [note] = [n for n in result.notes if n.startswith("bargaining")]
    assert note.startswith("bargaining skipped: ") and problem in note and "\n" not in note
