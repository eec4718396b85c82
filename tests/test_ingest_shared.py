"""The real corpus in ../shared: five articles stored with their manifest dates, a rerun is a no-op."""

from __future__ import annotations

import csv
import json

import pytest
from typer.testing import CliRunner

from conftest import shared_path
from detente.cli.app import app
from detente.store import Store

SCHEMA = ["id", "doc_id", "sentence_id", "sentence", "date", "date_precision", "date_end", "source", "target",
          "cameo", "cameo_root", "goldstein", "quad_class", "plover_event", "plover_mode", "modality",
          "confidence", "pattern", "origin"]


@pytest.mark.shared
@pytest.mark.slow
def test_shared_korea_corpus(tmp_path):
    folder = shared_path("corpus", "korea-2017-2019")
    with (folder / "manifest.csv").open(encoding="utf-8") as fh:
        expected = {row["file"].rsplit(".", 1)[0]: row["date"] for row in csv.DictReader(fh)}
    db = str(tmp_path / "k.duckdb")
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert first.exit_code == 0, first.output
    with Store(db, read_only=True) as st:
        docs = st.documents()
        assert {d.id: d.date for d in docs} == expected and len(docs) == 5
        assert all(st.sentences(d.id) for d in docs)
        before = st.stats()
    second = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert second.exit_code == 0
    with Store(db, read_only=True) as st:
        after = st.stats()
        runs = st.con.execute("SELECT n_added, n_unchanged FROM ingest_runs ORDER BY id").fetchall()
    assert runs == [(5, 0), (0, 5)]
    assert {k: after[k] for k in ("documents", "sentences", "events")} == \
        {k: before[k] for k in ("documents", "sentences", "events")}
    out = runner.invoke(app, ["events", "--db", db, "--format", "jsonl"])
    assert out.exit_code == 0
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(lines) == after["events"]
    assert all(list(obj) == SCHEMA for obj in lines)
