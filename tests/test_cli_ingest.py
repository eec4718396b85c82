"""`detente ingest`, `run` and `demo` from the command line: tables, exit codes, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import detente.cli.ingest as cli_ingest
import detente.report
from detente.cli.app import app
from detente.store import Store

FAKE = ["--coder", "ingest_fakes:FakeCoder"]
runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(("error:", "warning:"))]


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text("North Korea visited China. It was a short trip.")
    (folder / "b.md").write_text("---\ntitle: B\ndate: 2018-06-12\n---\nThe United States visited South Korea.")
    (folder / "manifest.csv").write_text("file,date,title,publisher\na.txt,2018-03-26,A,Desk\nb.md,,,\n")
    return folder


def test_ingest_prints_a_summary_and_a_rerun_is_a_noop(tmp_path):
    folder, db = small_corpus(tmp_path / "c"), tmp_path / "s.duckdb"
    first = invoke("ingest", folder, "--db", db, *FAKE)
    assert first.exit_code == 0 and "added" in first.stdout and errors(first) == []
    second = invoke("ingest", folder, "--db", db, *FAKE, "-v")
    assert second.exit_code == 0
    row = second.stdout.split("┩")[1].splitlines()[1]
    assert [c.strip() for c in row.strip("│ ").split("│")] == ["0", "0", "2", "0", "0"]
    with Store(db, read_only=True) as st:
        assert st.document("a").date == "2018-03-26" and st.stats()["events"] == 2


def test_ingest_db_from_environment(tmp_path, monkeypatch):
    folder, db = small_corpus(tmp_path / "c"), tmp_path / "env.duckdb"
    monkeypatch.setenv("DETENTE_DB", str(db))
    assert invoke("ingest", folder, *FAKE).exit_code == 0
    assert db.exists()


@pytest.mark.parametrize("name, content, message", [
    ("binary.txt", b"\x00\x01\x02\x03binary", "binary file"),
    ("empty.txt", b"\n \n", "empty document"),
    ("garbled.txt", bytes(range(128, 256)) * 3, "undecodable text"),
    ("bad.jsonl", b"{oops\n", "not valid JSON"),
    ("scan.pdf", b"%PDF-1.4", "unsupported file type"),
])
def test_each_bad_file_is_one_line_and_the_batch_continues(tmp_path, name, content, message):
    folder = small_corpus(tmp_path / "c")
    bad = folder / name
    bad.write_bytes(content)
    result = invoke("ingest", folder, bad, "--db", tmp_path / "s.duckdb", *FAKE)
    assert result.exit_code != 0
    lines = [line for line in errors(result) if line.startswith("error:")]
    assert any(name in line and message in line for line in lines), result.stderr
    assert "added" in result.stdout
    with Store(tmp_path / "s.duckdb", read_only=True) as st:
        assert st.stats()["documents"] == 2


def test_missing_path_impossible_date_and_malformed_manifest_row(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (folder / "manifest.csv").write_text("file,date,title,publisher\na.txt,2019-02-30,A,\nb.md\n")
    result = invoke("ingest", folder, tmp_path / "nope", "--db", tmp_path / "s.duckdb", *FAKE)
    assert result.exit_code == 1
    text = "\n".join(errors(result))
    assert "nope: no such file or folder" in text
    assert "a.txt: impossible date '2019-02-30'" in text and "date unknown" in text
    assert "manifest.csv: row 3: malformed row" in text
    assert result.stderr.strip().splitlines()[-1].startswith("error: 3 problems with the input")


def test_missing_manifest_option_is_an_error(tmp_path):
    folder = small_corpus(tmp_path / "c")
    result = invoke("ingest", folder, "--manifest", tmp_path / "meta.csv", "--db", tmp_path / "s.duckdb", *FAKE)
    assert result.exit_code == 1 and any("meta.csv: manifest not found" in line for line in errors(result))


def test_unusable_store_is_one_line(tmp_path):
    folder = small_corpus(tmp_path / "c")
    not_a_store = tmp_path / "junk.duckdb"
    not_a_store.write_text("this is not a database")
    result = invoke("ingest", folder, "--db", not_a_store, *FAKE)
    assert result.exit_code == 1 and len(errors(result)) == 1 and "cannot open store" in errors(result)[0]


def test_unknown_coder_is_one_line(tmp_path):
    result = invoke("ingest", small_corpus(tmp_path / "c"), "--db", tmp_path / "s.duckdb", "--coder", "nope:X")
    assert result.exit_code == 1 and errors(result) == ["error: unknown coder 'nope:X' (use default, sentences or module:Name)"]


def test_run_builds_a_fresh_store_and_writes_the_report(tmp_path, monkeypatch):
    folder, out = small_corpus(tmp_path / "c"), tmp_path / "out"
    calls = []

    def fake_report(db: Path, out_html: Path, **kw) -> Path:
        calls.append(db)
        out_html.write_text("<html>report</html>")
        return out_html

    monkeypatch.setattr(detente.report, "write_report", fake_report, raising=False)
    (folder / "c.txt").write_text("China visited North Korea.")
    assert invoke("run", folder, "-o", out, *FAKE).exit_code == 0  # an older store of `run`, to be replaced
    (folder / "c.txt").unlink()
    result = invoke("run", folder, "-o", out, *FAKE)
    assert result.exit_code == 0, result.stderr
    assert calls == [out / "detente.duckdb"] * 2 and (out / "report.html").exists()
    assert "report:" in result.stdout and "events by CAMEO root" in result.stdout
    with Store(out / "detente.duckdb", read_only=True) as st:
        assert st.stats()["documents"] == 2


def test_report_failure_is_one_line(tmp_path, monkeypatch):
    folder = small_corpus(tmp_path / "c")

    def broken(db, out, **kw):
        raise ValueError("no template\nsecond line")

    monkeypatch.setattr(detente.report, "write_report", broken, raising=False)
    result = invoke("run", folder, "-o", tmp_path / "o2", *FAKE)
    assert result.exit_code == 1 and "error: report failed: ValueError: no template" in result.stderr
    assert "second line" not in result.stderr


def test_demo_uses_the_bundled_example(tmp_path, monkeypatch):
    folder = small_corpus(tmp_path / "korea")
    monkeypatch.setattr(cli_ingest, "bundled_example", lambda: folder)
    monkeypatch.setattr(detente.report, "write_report", lambda db, out, **kw: out.write_text("r") and out)
    result = invoke("demo", "-o", tmp_path / "demo", *FAKE)
    assert result.exit_code == 0 and (tmp_path / "demo" / "detente.duckdb").exists()
    assert (tmp_path / "demo" / "report.html").exists()
    monkeypatch.setattr(cli_ingest, "bundled_example", lambda: tmp_path / "gone")
    result = invoke("demo", "-o", tmp_path / "demo", *FAKE)
    assert result.exit_code == 1 and "bundled example not found" in result.stderr


def test_run_output_path_that_is_a_file(tmp_path):
    folder = small_corpus(tmp_path / "c")
    (tmp_path / "file").write_text("x")
    result = invoke("run", folder, "-o", tmp_path / "file", *FAKE)
    assert result.exit_code == 1 and "is not a folder" in result.stderr


def test_jsonl_input_through_the_cli(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "f1", "text": "China visited North Korea.", "date": "2019-06-20"}) + "\n")
    result = invoke("ingest", feed, "--db", tmp_path / "s.duckdb", *FAKE)
    assert result.exit_code == 0


def test_a_coder_that_cannot_start_is_one_line(tmp_path, monkeypatch):
    def broken(**kw):
        raise OSError("lexicon file missing")

    monkeypatch.setattr(cli_ingest, "get_coder", broken)
    result = invoke("ingest", small_corpus(tmp_path / "c"), "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 1
    assert errors(result) == ["error: the event coder cannot start: OSError: lexicon file missing"]


def test_unchanged_rerun_never_builds_the_coder(tmp_path, monkeypatch):
    folder, db = small_corpus(tmp_path / "c"), tmp_path / "s.duckdb"
    assert invoke("ingest", folder, "--db", db, *FAKE).exit_code == 0
    monkeypatch.setattr(cli_ingest, "get_coder", lambda **kw: 1 / 0)
    assert invoke("ingest", folder, "--db", db).exit_code == 0
