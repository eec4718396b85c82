"""The HTML report: self-contained, escaped, with every section; extras rendered generically."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

from detente.analysis import AnalysisError
from detente.cli.app import app
from detente.report import write_report
from detente.report.html import figure_html
from detente.store import Store, StoreError
from report_fixtures import HOSTILE, build_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("store") / "report.duckdb")


@pytest.fixture(scope="module")
def report_html(store_path, tmp_path_factory) -> str:
    out = write_report(store_path, tmp_path_factory.mktemp("out") / "r.html")
    return out.read_text(encoding="utf-8")


def test_sections_and_offline(report_html):
    for sid in ("corpus", "timeline", "dyads", "triangle", "network"):
        assert f'<section id="{sid}">' in report_html
    assert report_html.count("* plotly.js (basic - minified) v") == 1  # the small bundle, embedded once
    assert not re.search(r"<script[^>]+src=", report_html) and "<link" not in report_html
    assert report_html.count('class="plotly-graph-div"') >= 6


def test_document_strings_are_escaped(report_html):
    assert HOSTILE not in report_html
    assert "<script>alert" not in report_html and "<img src=x" not in report_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report_html  # shown as text in the timeline
    assert "&lt;img src=x onerror=alert(3)&gt;" in report_html  # the hostile title
    assert not re.search(r"href=[\"']?\s*javascript:", report_html, re.I)
    # the not-counted event is shown, and marked
    assert "hypothetical" in report_html and "not counted" in report_html


def test_plotly_json_cannot_close_the_script():
    fig = go.Figure(go.Scatter(x=[1], y=[1], hovertext=["</script><script>alert(1)</script>"], name="</script>"))
    html = figure_html(fig, "c")
    assert "</script><script>alert" not in html and html.count("</script>") == 1
    assert "\\u003c\\u002fscript\\u003e" in html


@pytest.mark.slow
def test_extras_and_pngs(store_path, tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    extras = tmp_path / "extras"
    extras.mkdir()
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    fig.savefig(extras / "rounds.png")
    plt.close(fig)
    (extras / "forecast.json").write_text(json.dumps({
        "query": {"source": "USA", "target": "PRK", "date": "2018-06-12"},
        "predictions": [{"source": "USA", "target": "PRK", "relation": "036", "cameo": "036",
                         "name": "Express intent to meet", "score": 0.41,
                         "explanation": ["seen 3 times", "<b>bold</b> claim"]}],
    }))
    (extras / "forecast-CHN-PRK.json").write_text(json.dumps({"query": {"source": "CHN"}, "predictions": []}))
    (extras / "bargain.json").write_text(json.dumps({
        "scenario": "korea-2018", "issues": [{"id": "denuclearisation", "status_quo": 10}],
        "forecasts": [{"model": "median voter", "issue": "denuclearisation", "forecast": 35.0}],
        "leverage": [{"actor": "CHN", "leverage": 0.3}], "rounds": [{"round": 1, "position": {"USA": 80}}],
        "figures": ["rounds.png", "missing.png"],
    }))
    out = write_report(store_path, tmp_path / "r.html", actors=["CHN", "PRK", "USA"], since="2018-02-01",
                       until="2018-08-31", png_dir=tmp_path / "png", extras_dir=extras)
    html = out.read_text(encoding="utf-8")
    assert '<section id="forecasts">' in html and '<section id="bargaining">' in html
    assert '<section id="forecasts-CHN-PRK"><h2>Forecasts: CHN → PRK</h2>' in html
    assert "Express intent to meet" in html and "&lt;b&gt;bold&lt;/b&gt; claim" in html
    assert "data:image/png;base64," in html and "missing.png not found" in html
    assert "2018-02-01 – 2018-08-31" in html
    assert {p.name for p in (tmp_path / "png").iterdir()} == {
        "dyads.png", "quadclass.png", "granger.png", "irf.png", "network.png"}


def test_thin_and_empty_stores_warn_not_crash(tmp_path):
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    html = write_report(empty, tmp_path / "e.html").read_text(encoding="utf-8")
    assert "No counted events" in html or "No events" in html
    thin = build_store(tmp_path / "thin.duckdb", n=12)
    html = write_report(thin, tmp_path / "t.html", freq="month").read_text(encoding="utf-8")
    assert 'class="verdict warning"' in html and "Not estimable" in html


def test_bad_input_is_one_line(store_path, tmp_path):
    with pytest.raises(StoreError):
        write_report(tmp_path / "nope.duckdb", tmp_path / "x.html")
    with pytest.raises(AnalysisError):
        write_report(store_path, tmp_path / "x.html", actors=["CH'N"])
    with pytest.raises(AnalysisError):
        write_report(store_path, tmp_path / "x.html", since="last year")
    runner = CliRunner()
    res = runner.invoke(app, ["report", "--db", str(tmp_path / "nope.duckdb"), "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "no store" in res.output and "Traceback" not in res.output
    res = runner.invoke(app, ["report", "--db", str(store_path), "--freq", "year", "-o", str(tmp_path / "x.html")])
    assert res.exit_code == 1 and "frequency" in res.output


def test_terminal_commands(store_path):
    runner = CliRunner()
    res = runner.invoke(app, ["dyad", "--db", str(store_path), "--actors", "USA,CHN", "--freq", "month"])
    assert res.exit_code == 0 and "USA→CHN" in res.output
    res = runner.invoke(app, ["triangle", "--db", str(store_path), "--ic", "bic"])
    assert res.exit_code == 0 and "Granger" in res.output
    res = runner.invoke(app, ["network", "--db", str(store_path)])
    assert res.exit_code == 0 and "broker in the triangle" in res.output
    res = runner.invoke(app, ["triangle", "--db", str(store_path), "--actors", "CHN,USA"])
    assert res.exit_code == 1 and "three actors" in res.output


def test_imported_events_without_documents(tmp_path):
    """An ICEWS-style import: no documents, no sentences; the timeline drops its empty quote column."""
    import datetime as dt

    from report_fixtures import make_event

    db = tmp_path / "imported.duckdb"
    events = []
    for i in range(40):
        e = make_event(i, ["USA", "CHN", "PRK"][i % 3], ["CHN", "PRK", "USA"][i % 3], "042",
                       dt.date(2018, 1, 1) + dt.timedelta(days=3 * i), "x", "")
        e.doc_id, e.sentence_id, e.sentence, e.origin = None, None, None, "icews18"
        events.append(e)
    with Store(db) as st:
        st.insert_events(events)
    html = write_report(db, tmp_path / "i.html").read_text(encoding="utf-8")
    assert "<th>quote</th>" not in html and "icews18" in html and "hover for details" in html
