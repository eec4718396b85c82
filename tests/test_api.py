"""The Python API: what the CLI does, as calls a notebook makes (and the wheel test reruns)."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import detente
from detente.cli.app import app
from detente.filters import FilterError
from detente.records import Actor, Event
from detente.resources import bundled_example
from ingest_fakes import FakeCoder
from report_fixtures import build_store

runner = CliRunner()


@pytest.fixture(scope="module")
def korea(tmp_path_factory):
    """A store of hand-made triangle events (no spaCy needed)."""
    return build_store(tmp_path_factory.mktemp("api") / "korea.duckdb")


def cli(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_open_events_and_filters(korea):
    with detente.open(korea, read_only=True) as db:
        frame = db.events(source="USA", target="PRK", since="2018-02", until="2018-06-30")
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0
        assert set(frame["source_country"]) == {"USA"} and set(frame["target_country"]) == {"PRK"}
        assert frame["day"].min() >= pd.Timestamp("2018-02-01") and frame["day"].max() <= pd.Timestamp("2018-06-30")
        # "CHN" matches the country and every CHN* code
        assert set(db.events(source="CHN")["source_code"]) == {"CHN", "CHNGOV"}
        assert set(db.events(modality="hypothetical")["id"]) == {"evil:901"}
        assert len(db.events(limit=3)) == 3
        assert db.events(code="0999").empty
        with pytest.raises(FilterError, match="is after until"):
            db.events(since="2019", until="2018")


def test_frame_writers_match_the_cli(korea, tmp_path):
    with detente.open(korea, read_only=True) as db:
        frame = db.events(actor="PRK", code="04")
        frame.to_jsonl(tmp_path / "api.jsonl")
        frame.to_csv(tmp_path / "api.csv")
        frame.to_parquet(tmp_path / "api.parquet")
    assert (tmp_path / "api.jsonl").read_text() == cli("events", "--db", korea, "--actor", "PRK", "--code", "04",
                                                      "--format", "jsonl")
    assert (tmp_path / "api.csv").read_text() == cli("events", "--db", korea, "--actor", "PRK", "--code", "04",
                                                    "--format", "csv")
    line = json.loads((tmp_path / "api.jsonl").read_text().splitlines()[0])
    assert line["source"]["country"] and "source_country" not in line
    back = pd.read_parquet(tmp_path / "api.parquet") if _has_parquet_reader() else None
    if back is not None:
        assert list(back["id"]) == list(frame["id"])
    rows = list(csv.DictReader(io.StringIO((tmp_path / "api.csv").read_text())))
    assert [r["id"] for r in rows] == list(frame["id"])
    # pandas's own writer is still there when asked for with its arguments
    assert frame.to_csv(index=False).startswith("id,doc_id,")


def _has_parquet_reader() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def test_documents_stats_and_explain(korea):
    with detente.open(korea, read_only=True) as db:
        docs = db.documents()
        assert list(docs["id"]) == ["doc-a", "doc-b", "evil"] and docs["events"].sum() == db.stats()["events"]
        assert db.stats()["documents"] == 3
        text = db.explain("evil:900")
        assert text.startswith("evil:900") and "sentence:" in text
        with pytest.raises(KeyError):
            db.explain("nope")


def test_dyads_triangle_network(korea):
    with detente.open(korea, read_only=True) as db:
        dyads = db.dyads(["CHN", "PRK", "USA"], freq="month")
        assert len(dyads) == 6 and dyads["events"].sum() > 0
        tri = db.triangle("CHN,PRK,USA", freq="week")
        assert tri.actors == ["CHN", "PRK", "USA"] and tri.result.n_periods > 10
        assert set(tri.to_frame().columns) >= {"cause", "effect", "p", "answer"}
        net = db.network(["CHN", "PRK", "USA"])
        assert {"CHN", "PRK", "USA"} <= set(net.centrality["actor"]) and len(net.brokerage) == 3


def test_ingest_and_import(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("China visited North Korea. Nothing else.", encoding="utf-8")
    tkg = tmp_path / "tkg.tsv"
    tkg.write_text("China\tMake a visit\tNorth Korea\t2018-03-26\n", encoding="utf-8")
    with detente.open(tmp_path / "new.duckdb") as db:
        report = db.ingest(folder, coder=FakeCoder())
        assert report.added == 1 and report.events == 1
        imported = db.import_("tkg", tkg, origin="mini")
        assert imported.events == 1
        assert sorted(db.events()["origin"]) == ["coded", "mini"]
        with pytest.raises(Exception, match="unknown format"):
            db.import_("xml", tkg)


def test_forecast_simulate_and_report(korea, tmp_path):
    with detente.open(korea, read_only=True) as db:
        fc = db.forecast("CHN", "PRK", top=3)
        assert fc.query["source"] == "CHN" and len(fc.predictions) == 3
        assert list(fc.to_frame().columns)[:2] == ["source", "target"]
        sim = detente.simulate(bundled_example() / "scenario.yaml", model="cm", runs=5)
        assert sim.forecasts and {f["model"] for f in sim.forecasts} == {"cm"}
        out = detente.report(db, tmp_path / "r.html", forecasts=[fc], bargain=sim)
    html = out.read_text(encoding="utf-8")
    assert "Forecasts" in html and "Bargaining" in html
    assert detente.report.write_report  # the package stays importable as a package


def test_a_missing_store_read_only_is_an_error(tmp_path):
    from detente.store import StoreError

    with pytest.raises(StoreError, match="no store"):
        detente.open(tmp_path / "none.duckdb", read_only=True)


def test_event_frame_round_trips_records(korea):
    with detente.open(korea, read_only=True) as db:
        frame = db.events(source="PRK", limit=2)
        records = db.records(db.query(source="PRK", limit=2))
    assert [r.id for r in records] == list(frame["id"])
    assert all(isinstance(r, Event) and isinstance(r.source, Actor) for r in records)
