"""The event lake: imports and ingest write Parquet batches; every reading command works on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import open as open_db
from detente.cli.app import app
from detente.store import StoreError
from detente.store.lake import LakeWriter, clean, committed_files, markers
from ingest_fakes import FakeCoder
from lake_fixtures import icews_file, lake_rows


def run(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def lake_and_store(tmp_path_factory) -> tuple[Path, Path]:
    """The same two ICEWS files imported into a lake and into a store file."""
    root = tmp_path_factory.mktemp("lake")
    files = root / "files"
    files.mkdir()
    icews_file(files / "a.tab", 1, 700, seed=1, year=2018)
    icews_file(files / "b.tab", 1001, 700, seed=2, year=2019)
    lake, store = root / "lake", root / "s.duckdb"
    result = run("import", "icews", files, "--lake", lake)
    assert result.exit_code == 0, result.output
    assert run("import", "icews", files / "a.tab", files / "b.tab", "--db", store).exit_code == 0
    return lake, store


def test_lake_is_hive_partitioned_with_markers(lake_and_store):
    lake, _ = lake_and_store
    assert len(markers(lake)) == 2
    files = committed_files(lake, "events")
    assert files and all(f.parent.name.startswith("month=") and f.parent.parent.name.startswith("year=")
                         for f in files)
    assert {f.parent.parent.name for f in files} == {"year=2018", "year=2019"}


@pytest.mark.parametrize("command", [
    ["events", "--format", "jsonl", "--source", "CHN", "--target", "PRK"],
    ["dyad", "--actors", "CHN,PRK,USA", "--freq", "month"],
    ["triangle", "--actors", "CHN,PRK,USA", "--freq", "week"],
    ["forecast", "--source", "CHN", "--target", "PRK", "--top", "3"],
    ["network", "--actors", "CHN,PRK,USA"],
])
def test_every_reading_command_gives_the_same_on_the_lake(lake_and_store, command):
    lake, store = lake_and_store
    on_lake, on_store = run(*command, "--db", lake), run(*command, "--db", store)
    assert on_lake.exit_code == 0, on_lake.output
    assert on_store.exit_code == 0, on_store.output
    if command[0] == "forecast":  # both fit the model first and say so; the store keeps it, a lake cannot
        assert "fitted boost" in on_lake.output and "an event lake keeps no model" in on_lake.output
        assert "saved it in the store" in on_store.output
        shown = [r.output[r.output.index("likely next events"):] for r in (on_lake, on_store)]
        assert shown[0] == shown[1]
        return
    assert on_lake.output == on_store.output
    if command[0] == "events":
        assert len(on_lake.output.splitlines()) > 10


def test_stats_of_the_lake(lake_and_store):
    lake, store = lake_and_store
    with open_db(lake) as on_lake, open_db(store) as on_store:
        a, b = on_lake.stats(), on_store.stats()
    a.pop("runs"), b.pop("runs")
    assert a == b and a["events"] == 1400


def test_report_on_the_lake(lake_and_store, tmp_path):
    lake, _ = lake_and_store
    result = run("report", "--db", lake, "--actors", "CHN,PRK,USA", "--out", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.html").stat().st_size > 10_000


def test_rerun_skips_files_already_in_the_lake(lake_and_store):
    lake, _ = lake_and_store
    before = sorted(p for p in lake.rglob("*") if p.is_file())
    again = run("import", "icews", lake.parent / "files", "--lake", lake)
    assert again.exit_code == 0 and again.output.count("already in the lake") == 2
    assert sorted(p for p in lake.rglob("*") if p.is_file()) == before


def test_bad_rows_are_named_by_file_and_line_and_the_rest_goes_in(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    icews_file(files / "good.tab", 1, 50, seed=3)
    bad = icews_file(files / "bad.tab", 100, 50, seed=4)
    lines = bad.read_text().splitlines()
    lines[7] = "\t".join(lines[7].split("\t")[:5])  # a row cut short on line 8
    bad.write_text("\n".join(lines) + "\n")
    result = run("import", "icews", files, "--lake", tmp_path / "lake")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{bad}:8: row cut short" in result.stderr
    with open_db(tmp_path / "lake") as db:
        assert sorted(db.events()["id"]) == sorted(f"icews:{i}" for i in range(1, 51))


def test_files_of_a_killed_batch_are_ignored_then_cleaned(lake_and_store, tmp_path):
    import shutil

    lake = tmp_path / "lake"
    shutil.copytree(lake_and_store[0], lake)
    with open_db(lake) as db:
        n = db.count()
    stray = next(iter(committed_files(lake, "events")))
    orphan = stray.with_name("deadbeef_0.parquet")  # as a batch killed before its marker would leave
    shutil.copy(stray, orphan)
    (lake / ".tmp-deadbeef").mkdir()
    with open_db(lake) as db:
        assert db.count() == n  # no marker names it: not read
    assert clean(lake) == 1 and not orphan.exists() and not (lake / ".tmp-deadbeef").exists()


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for i, who in enumerate(["China", "the United States", "South Korea", "Japan", "Russia"] * 2):
        (folder / f"d{i}.txt").write_text(f"{who} visited North Korea in talk {i}. China visited the United States.")
    (folder / "manifest.csv").write_text("file,date,title,publisher\n" + "".join(
        f"d{i}.txt,2019-0{1 + i % 9}-0{1 + i % 9},t{i},Desk\n" for i in range(10)))
    return folder


class StopAfter(FakeCoder):
    """Ctrl-C after ``n`` documents, as a user would stop a long ingest."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def code_documents(self, docs, n_process=1):
        for record in super().code_documents(docs, n_process):
            if len(self.seen) > self.n:
                raise KeyboardInterrupt
            yield record


def test_an_interrupted_ingest_then_a_rerun_equals_a_clean_run(tmp_path):
    folder = corpus(tmp_path / "c")
    (tmp_path / "clean").mkdir()
    with open_db(tmp_path / "clean") as db:
        db.ingest(folder, coder=FakeCoder())
    (tmp_path / "lake").mkdir()
    with open_db(tmp_path / "lake") as db:
        with pytest.raises(KeyboardInterrupt):
            db.ingest(folder, coder=StopAfter(5))
    assert 0 < len(markers(tmp_path / "lake"))
    with open_db(tmp_path / "lake") as db:
        report = db.ingest(folder, coder=FakeCoder())
    assert report.unchanged > 0 and report.added + report.unchanged == 10
    assert lake_rows(tmp_path / "lake") == lake_rows(tmp_path / "clean")
    assert lake_rows(tmp_path / "clean")[0], "the texts should give events"


def test_a_changed_document_is_refused_not_duplicated(tmp_path):
    folder = corpus(tmp_path / "c")
    (tmp_path / "lake").mkdir()
    with open_db(tmp_path / "lake") as db:
        db.ingest(folder, coder=FakeCoder())
    (folder / "d0.txt").write_text("Japan visited China.")
    with open_db(tmp_path / "lake") as db:
        report = db.ingest(folder, coder=FakeCoder())
        assert report.failed == 1 and "never rewritten" in str(report.problems[0])
        assert db.stats()["documents"] == 10


def test_writer_refuses_another_version_directly(tmp_path):
    from detente.records import Document

    writer = LakeWriter(tmp_path / "lake", batch_size=1)
    writer.save_document(Document(id="a", text="x", content_hash="h1", date="2019-01-01"), [], [])
    with pytest.raises(StoreError):
        writer.save_document(Document(id="a", text="y", content_hash="h2", date="2019-01-01"), [], [])
    writer.close()
    assert json.loads(next((tmp_path / "lake" / "_batches").glob("*.json")).read_text())["content_hashes"] == ["h1"]


def test_ingest_lake_option_on_the_cli(tmp_path):
    folder = corpus(tmp_path / "c")
    result = run("ingest", folder, "--lake", tmp_path / "lake", "--coder", "ingest_fakes:FakeCoder")
    assert result.exit_code == 0, result.output
    events = run("events", "--db", tmp_path / "lake", "--format", "jsonl")
    assert events.exit_code == 0 and len(events.output.splitlines()) == len(lake_rows(tmp_path / "lake")[0]) > 0
    assert run("ingest", folder, "--lake", folder / "d0.txt").exit_code != 0


def test_bench_lake_runs_the_same_queries_on_bare_duckdb(lake_and_store, tmp_path):
    lake, _ = lake_and_store
    result = run("bench", "lake", "--lake", lake, "--rounds", "1", "--memory", "1GB", "--json", tmp_path / "b.json")
    assert result.exit_code == 0, result.output
    figures = json.loads((tmp_path / "b.json").read_text())
    rows = {name: q["rows"] for name, q in figures["queries"].items()}
    assert rows["filter detente"] == rows["filter bare"] > 0
    assert rows["dyad detente"] == 2 and rows["dyad bare"] > 0  # two directed dyads from their events
    assert figures["events"] == 1400


def test_import_into_a_lake_refuses_missing_input_before_making_the_lake(tmp_path):
    result = run("import", "gdelt", tmp_path / "absent.CSV", "--lake", tmp_path / "lake")
    assert result.exit_code != 0 and "absent.CSV" in result.output
    assert not (tmp_path / "lake").exists()
    (tmp_path / "empty").mkdir()
    result = run("import", "gdelt", tmp_path / "empty", "--lake", tmp_path / "lake")
    assert result.exit_code != 0 and "no files" in result.output
    assert not (tmp_path / "lake").exists()
