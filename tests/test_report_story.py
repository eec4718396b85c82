"""The report tells the story first: summary, data-driven defaults, charts for bargaining, names not ids."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from detente.analysis import build_network, triangle_broker
from detente.analysis.timeline import date_text
from detente.cli.app import app
from detente.report import write_report
from detente.report.extras import ranked_predictions
from report_fixtures import build_store

BARGAIN = {
    "scenario": "test",
    "issues": [{"id": "seq", "name": "Sequencing", "status_quo": 20}, {"id": "ex", "name": "Exercises"}],
    "forecasts": [{"issue": "seq", "model": "cm", "outcome": 46.0, "median": 48.0, "low": 42.0, "high": 53.0},
                  {"issue": "seq", "model": "eum", "outcome": 73.0, "median": 70.0, "low": 36.0, "high": 80.0},
                  {"issue": "ex", "model": "cm", "outcome": 25.0, "median": 25.0, "low": 21.0, "high": 32.0}],
    "leverage": [{"actor": a, "issue": "seq", "model": "cm", "outcome": 46.0, "outcome_without": 46.0 + d,
                  "d_outcome_d_capability": 0.1} for a, d in (("USA", 15.0), ("CHN", -4.0))],
    "rounds": [{"issue": "seq", "round": r, "actor": a, "position": p + r} for r in range(3)
               for a, p in (("USA", 10.0), ("PRK", 90.0))],
    "figures": ["outcomes-seq.png"],
}
FORECAST = {
    "query": {"source": "USA", "target": "PRK", "date": "2018-10-02", "model": "combined", "history_events": 99},
    "predictions": [
        {"source": "USA", "target": "PRK", "relation": 17, "cameo": "04", "name": "Consult", "score": 0.5},
        {"source": "USA", "target": "PRK", "relation": 23, "cameo": "036", "name": "Express intent to meet",
         "score": 0.2, "explanation": ["seen 3 times"]},
        {"source": "USA", "target": "PRK", "relation": 31, "cameo": "042", "name": "Make a visit", "score": 0.3},
    ],
}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("story") / "s.duckdb")


@pytest.fixture(scope="module")
def html(store, tmp_path_factory) -> str:
    extras = tmp_path_factory.mktemp("extras")
    (extras / "bargain.json").write_text(json.dumps(BARGAIN))
    (extras / "forecast.json").write_text(json.dumps(FORECAST))
    out = write_report(store, tmp_path_factory.mktemp("out") / "r.html", extras_dir=extras)
    return out.read_text(encoding="utf-8")


def section(html: str, sid: str) -> str:
    start = html.index(f'<section id="{sid}">')
    return html[start:html.index("</section>", start)]


def test_summary_first_with_links_to_the_evidence(html):
    assert html.index('<section id="summary">') < html.index('<section id="corpus">')
    top = section(html, "summary")
    for words in ("Busiest dyads", "Biggest shifts", "Triangle", "Forecast, most likely next", "Bargaining outcome"):
        assert words in top
    for anchor in re.findall(r'href="#([^"]+)"', top):
        assert f'<section id="{anchor}">' in html
    assert "Make a visit (0.30)" in top and "Sequencing</b>: cm 46 (42–53)" in top


def test_default_actors_are_the_busiest_countries(html):
    # the fixture's busiest countries are USA, CHN and PRK (JPN trails): no --actors needed
    assert re.search(r"<h1>detente report: (USA|CHN|PRK), (USA|CHN|PRK), (USA|CHN|PRK)</h1>", html)


def test_bargaining_as_charts_with_the_records_in_an_appendix(html):
    part = section(html, "bargaining")
    for chart in ("chart-bargain-outcomes", "chart-bargain-rounds", "chart-bargain-leverage"):
        assert f'id="{chart}"' in part
    appendix = part[part.index("<details class='appendix'>"):]
    assert "d_outcome_d_capability" in appendix and "d_outcome_d_capability" not in part[:part.index("<details")]


def test_forecast_shows_names_and_ranks_roots_apart():
    specific, broad = ranked_predictions(FORECAST["predictions"])
    assert [p["cameo"] for p in specific] == ["042", "036"] and [p["cameo"] for p in broad] == ["04"]


def test_forecast_section_has_no_relation_ids(html):
    part = section(html, "forecasts")
    assert "Make a visit (042)" in part and "Broad categories" in part
    assert "relation" not in part.lower().replace("relations", "")


def test_dates_at_their_precision():
    assert date_text("2022-01-01", "year") == "2022"
    assert date_text("2022-03-01", "month") == "2022-03"
    assert date_text(None, "day", pd.Timestamp("2018-06-12")) == "2018-06-12"


def test_no_broker_on_a_tie_and_unknown_countries_left_out():
    counts = pd.DataFrame([("A", "B", 1, 5), ("B", "C", 1, 5), ("C", "A", 1, 5), ("A", "---", 1, 50)],
                          columns=["src", "tgt", "quad_class", "n"]).assign(goldstein_sum=1.0)
    g = build_network(counts, ["A", "B", "C"])
    assert "---" not in g
    broker, scores = triangle_broker(g, ["A", "B", "C"])
    assert broker is None and len({round(s.score, 6) for s in scores}) == 1


def test_cli_and_report_give_the_same_triangle(store, html, tmp_path):
    res = CliRunner().invoke(app, ["triangle", "--db", str(store), "--actors", "USA,CHN,PRK",
                                   "--json", str(tmp_path / "t.json")])
    assert res.exit_code == 0, res.output
    data = json.loads((tmp_path / "t.json").read_text())
    assert {"window_start", "window_end", "periods", "lag", "tests"} <= set(data)
    # the report's actors are the same three (busiest first), so its verdict is the CLI's, word for word
    ours = section(html, "triangle")
    labels = re.search(r"<h1>detente report: (\w+), (\w+), (\w+)</h1>", html).groups()
    res = CliRunner().invoke(app, ["triangle", "--db", str(store), "--actors", ",".join(labels),
                                   "--json", str(tmp_path / "u.json")])
    verdict = json.loads((tmp_path / "u.json").read_text())["verdict"]
    assert verdict.replace("'", "&#x27;") in ours


def _partial_bundle():
    from importlib import resources

    bundle = resources.files("detente.report") / "data" / "plotly-basic.min.js"
    if not bundle.is_file():
        pytest.skip("plotly.js basic bundle not fetched (make install runs scripts/update_plotly_bundle.sh)")
    return bundle.read_text(encoding="utf-8")


def test_report_is_small(html):
    _partial_bundle()
    assert len(html.encode("utf-8")) < 2_000_000


def test_the_partial_bundle_matches_the_plotly_package():
    from plotly.offline import get_plotlyjs

    bundle = _partial_bundle()
    ours = re.search(r"plotly\.js \(basic - minified\) v(\S+)", bundle[:300]).group(1)
    theirs = re.search(r"plotly\.js v(\S+)", get_plotlyjs()[:300]).group(1)
    assert ours == theirs, "run scripts/update_plotly_bundle.sh after upgrading plotly"


def test_refusal_is_one_line_on_the_command_line(tmp_path):
    thin = build_store(tmp_path / "thin.duckdb", n=12)
    res = CliRunner().invoke(app, ["triangle", "--db", str(thin), "--json", str(tmp_path / "t.json")])
    assert res.exit_code == 0 and "Not estimable:" in res.output and "nan" not in res.output.lower()
    data = json.loads((tmp_path / "t.json").read_text())
    assert data["refusal"] and data["tests"] == [] and data["confidence"] == "not estimable"
