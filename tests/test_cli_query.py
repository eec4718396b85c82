"""`detente events`, `docs` and `stats`: every format, the filters, and one-line errors."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from typer.testing import CliRunner

from detente.cli.app import app
from detente.ontology import lookup
from detente.records import Actor, Document, Event, Sentence
from detente.store import EventFilter, Store

runner = CliRunner()


def ev(i: int, src: str, tgt: str | None, code: str, date: str, modality: str = "asserted",
       origin: str = "coded", doc: str | None = "d1") -> Event:
    entry = lookup(code)
    return Event(
        id=f"e{i}", doc_id=doc, sentence_id=f"{doc}:0" if doc else None, sentence=f"Sentence {i} [x].",
        date=date, date_precision="day", source=Actor(src, src + "GOV", src, "GOV"),
        target=Actor(tgt, tgt, tgt) if tgt else None, cameo=code, cameo_root=code[:2],
        goldstein=entry.goldstein, quad_class=entry.quad_class, modality=modality, origin=origin,
        pattern="p", confidence=0.9,
    )


@pytest.fixture
def store_path(db_path):
    with Store(db_path) as st:
        st.save_document(Document(id="d1", text="Text.", date="2018-03-26", title="Visit", publisher="Desk",
                                  content_hash="h1", format="txt"),
                         [Sentence("d1", 0, "Text.", 0, 5)],
                         [ev(1, "PRK", "CHN", "042", "2018-03-26"), ev(2, "CHN", "PRK", "0431", "2018-03-27"),
                          ev(3, "USA", "PRK", "172", "2017-09-21", modality="future")])
        st.insert_events([ev(4, "USA", "CHN", "0163", "2019-05-10", origin="icews", doc=None),
                          ev(5, "CHN", None, "010", "2019-06", origin="icews", doc=None)])
    return db_path


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def jsonl_ids(db, *filters) -> list[str]:
    result = run("events", "--db", db, "--format", "jsonl", *filters)
    assert result.exit_code == 0, result.stderr
    return [json.loads(line)["id"] for line in result.stdout.splitlines()]


def test_jsonl_is_exactly_the_event_schema(store_path):
    result = run("events", "--db", store_path, "--format", "jsonl")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    with Store(store_path, read_only=True) as st:
        assert lines == [e.to_json() for e in st.events()]
    first = lines[0]
    assert list(first) == ["id", "doc_id", "sentence_id", "sentence", "date", "date_precision", "date_end",
                           "source", "target", "cameo", "cameo_root", "goldstein", "quad_class", "plover_event",
                           "plover_mode", "modality", "confidence", "pattern", "origin"]
    assert [x["cameo"] for x in lines] == ["172", "042", "0431", "0163", "010"]
    assert lines[-1]["target"] is None and lines[-1]["date"] == "2019-06"


@pytest.mark.parametrize("filters, expected", [
    (["--actor", "prk"], ["e3", "e1", "e2"]),
    (["--source", "CHN"], ["e2", "e5"]),
    (["--source", "CHNGOV", "--target", "PRK"], ["e2"]),
    (["--since", "2018-03-27"], ["e2", "e4", "e5"]),
    (["--since", "2018", "--until", "2018"], ["e1", "e2"]),
    (["--until", "2019-05"], ["e3", "e1", "e2", "e4"]),
    (["--code", "04"], ["e1", "e2"]),
    (["--code", "0431"], ["e2"]),
    (["--modality", "future"], ["e3"]),
    (["--modality", "asserted,future", "--origin", "coded"], ["e3", "e1", "e2"]),
    (["--origin", "icews"], ["e4", "e5"]),
    (["--doc", "d1", "--limit", "2"], ["e3", "e1"]),
])
def test_filters(store_path, filters, expected):
    assert jsonl_ids(store_path, *filters) == expected


def test_csv_to_stdout_and_file(store_path, tmp_path):
    result = run("events", "--db", store_path, "--format", "csv", "--origin", "icews")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["id"] for r in rows] == ["e4", "e5"] and rows[0]["cameo"] == "0163" and rows[0]["source_code"] == "USAGOV"
    out = tmp_path / "e.csv"
    result = run("events", "--db", store_path, "--format", "csv", "--output", out)
    assert result.exit_code == 0 and len(list(csv.DictReader(out.open()))) == 5 and "5 events" in result.stderr


def test_parquet_needs_a_file_and_keeps_codes_as_text(store_path, tmp_path):
    result = run("events", "--db", store_path, "--format", "parquet")
    assert result.exit_code == 1 and "needs --output" in result.stderr
    out = tmp_path / "e.parquet"
    result = run("events", "--db", store_path, "--format", "parquet", "-o", out, "--code", "0")
    assert result.exit_code == 1  # one digit is not a CAMEO prefix
    result = run("events", "--db", store_path, "--format", "parquet", "-o", out, "--code", "01")
    assert result.exit_code == 0, result.stderr
    rows = duckdb.sql(f"SELECT id, cameo FROM read_parquet('{out}') ORDER BY id").fetchall()
    assert rows == [("e4", "0163"), ("e5", "010")]


def test_table_format_and_its_default_limit(store_path, tmp_path):
    result = run("events", "--db", store_path)
    assert result.exit_code == 0 and "0431" in result.stdout and "[x]" in result.stdout
    result = run("events", "--db", store_path, "--limit", "1")
    assert "1 of 5 events shown" in result.stderr
    out = tmp_path / "t.txt"
    assert run("events", "--db", store_path, "-o", out).exit_code == 0 and "0163" in out.read_text()


@pytest.mark.parametrize("args, message", [
    (["--since", "2019-02-30"], "impossible date '2019-02-30'"),
    (["--until", "someday"], "unreadable date 'someday'"),
    (["--since", "2019", "--until", "2018"], "is after --until"),
    (["--modality", "maybe"], "--modality 'maybe' is not one of"),
    (["--code", "abc"], "not a CAMEO code prefix"),
    (["--actor", "North Korea"], "not a country or actor code"),
    (["--limit", "0"], "--limit must be at least 1"),
    (["--format", "xml"], "Invalid value"),
])
def test_bad_filters_are_one_line_errors(store_path, args, message):
    result = run("events", "--db", store_path, *args)
    assert result.exit_code != 0 and message in result.output


def test_missing_store_is_one_line(tmp_path):
    for command in ("events", "docs", "stats"):
        result = run(command, "--db", tmp_path / "none.duckdb")
        assert result.exit_code == 1 and result.stderr.strip().startswith("error: no store at")
        assert len(result.stderr.strip().splitlines()) == 1


def test_docs_table_and_jsonl(store_path):
    result = run("docs", "--db", store_path)
    assert result.exit_code == 0 and "d1" in result.stdout and "2018-03-26" in result.stdout
    result = run("docs", "--db", store_path, "--format", "jsonl")
    row = json.loads(result.stdout)
    assert (row["id"], row["date"], row["title"], row["sentences"], row["events"]) == ("d1", "2018-03-26", "Visit", 1, 3)


def test_stats(store_path):
    result = run("stats", "--db", store_path)
    assert result.exit_code == 0
    for text in ("documents", "Where the events come from", "imported: icews", "future", "2017-09-21", "2019-06-01",
                 "Verbal cooperation"):
        assert text in result.stdout
    with Store(store_path, read_only=True) as st:
        assert len(st.events(EventFilter(origin="icews"))) == 2


def test_narrow_output_is_records_with_whole_ids_and_sentences(store_path):
    # CliRunner is not a terminal: rich assumes 80 columns, as in a pipe
    result = run("events", "--db", store_path)
    assert result.exit_code == 0 and "┃" not in result.stdout  # records, not a squeezed table
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    result = run("documents", "--db", store_path)
    assert result.exit_code == 0 and "d1  2018-03-26  1 sentences, 3 events" in result.stdout
    assert run("docs", "--db", store_path).stdout == result.stdout  # the old name still works
