"""The JSON API through an HTTP client: every endpoint, filters, paging, bad input → 422, ingest jobs."""

from __future__ import annotations

import io
import json

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
from fastapi.testclient import TestClient  # noqa: E402

from detente.web import WebConfig, create_app  # noqa: E402
from report_fixtures import HOSTILE, build_store  # noqa: E402
from web_fixtures import UPLOAD_TEXT, GateCoder, files_under, wait_job  # noqa: E402


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("web")
    coder = GateCoder()
    config = WebConfig(db=build_store(root / "s.duckdb"), data_dir=root / "data", coder=coder,
                       max_upload_bytes=4096)
    with TestClient(create_app(config)) as client:
        yield client, config, coder, root


@pytest.fixture
def client(served):
    return served[0]


def test_events_are_the_jsonl_schema_with_paging(client, served):
    body = client.get("/api/events", params={"source": "USA", "limit": 5}).json()
    assert body["total"] > 5 and len(body["events"]) == 5
    page2 = client.get("/api/events", params={"source": "USA", "limit": 5, "offset": 5}).json()
    assert {e["id"] for e in body["events"]}.isdisjoint(e["id"] for e in page2["events"])
    assert all(e["source"]["country"] == "USA" for e in body["events"] + page2["events"])
    first = body["events"][0]
    assert set(first) >= {"id", "doc_id", "sentence", "date", "source", "target", "cameo", "goldstein", "modality"}
    assert "trigger_start" not in first and "explanation" not in first


def test_events_match_the_cli_export(client):
    hub = client.app.state.hub
    with hub.reader() as db:
        buf = io.StringIO()
        db.export(db.query(actor="PRK", code="13"), "jsonl", buf)
    exported = [json.loads(line) for line in buf.getvalue().splitlines()]
    served = client.get("/api/events", params={"actor": "PRK", "code": "13", "limit": 1000}).json()["events"]
    assert served == exported and served


@pytest.mark.parametrize("params", [{"since": "2018-03", "until": "2018-04"}, {"modality": "hypothetical"},
                                    {"doc": "evil"}, {"target": "JPN"}, {"origin": "coded"},
                                    {"modality": "asserted,hypothetical"}])
def test_every_cli_filter(client, params):
    body = client.get("/api/events", params={**params, "limit": 1000}).json()
    assert body["total"] == len(body["events"]) > 0
    for e in body["events"]:
        if "since" in params:
            assert "2018-03-01" <= e["date"] <= "2018-04-30"
        if params.get("modality") == "hypothetical":
            assert e["modality"] == "hypothetical"
        if "doc" in params:
            assert e["doc_id"] == "evil"
        if "target" in params:
            assert e["target"]["country"] == "JPN"


@pytest.mark.parametrize("params, words", [
    ({"since": "2018-13"}, "since"), ({"code": "x1"}, "CAMEO"), ({"modality": "maybe"}, "modality"),
    ({"limit": 0}, "limit"), ({"limit": 5000}, "limit"), ({"offset": -1}, "offset"), ({"actor": "U S A"}, "actor"),
    ({"since": "2019", "until": "2018"}, "after"),
])
def test_bad_event_filters_are_422_with_a_message(client, params, words):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422 and words in r.json()["detail"]


def test_one_event_with_its_explanation_and_spans(client):
    r = client.get("/api/events/evil:900")
    body = r.json()
    assert r.status_code == 200 and body["event"]["sentence"] == HOSTILE
    assert "112" in body["explanation"] and isinstance(body["spans"], dict)
    assert client.get("/api/events/nope").status_code == 404


def test_timeline_documents_stats(client):
    months = client.get("/api/timeline", params={"actor": "USA"}).json()["months"]
    assert months and {"month", "quad_class", "events"} <= set(months[0])
    docs = client.get("/api/documents").json()["documents"]
    assert {d["id"] for d in docs} == {"doc-a", "doc-b", "evil"}
    stats = client.get("/api/stats").json()
    assert stats["documents"] >= 3 and stats["events"] >= 162


def test_dyads_triangle_network(client):
    dy = client.get("/api/dyads", params={"actors": "CHN,PRK,USA", "freq": "month"}).json()
    assert len(dy["series"]) == 6 and dy["summary"] and dy["series"][0]["points"][0]["period"]
    tri = client.get("/api/triangle", params={"freq": "week", "maxlags": 2}).json()
    assert tri["actors"] == ["CHN", "PRK", "USA"] and "questions" in tri
    net = client.get("/api/network").json()
    assert {"CHN", "PRK", "USA"} <= {n["id"] for n in net["nodes"]} and "broker" in net


@pytest.mark.parametrize("path, params, words", [
    ("/api/dyads", {"freq": "fortnight"}, "freq"), ("/api/triangle", {"actors": "CHN,USA"}, "three actors"),
    ("/api/triangle", {"ic": "hqic"}, "ic"), ("/api/triangle", {"maxlags": 0}, "maxlags"),
    ("/api/network", {"since": "never"}, "since"), ("/api/forecast", {"source": "ZZZ"}, "ZZZ"),
    ("/api/forecast", {}, "source"), ("/api/forecast", {"source": "CHN", "date": "soon"}, "soon"),
])
def test_bad_analysis_parameters_are_422(client, path, params, words):
    r = client.get(path, params=params)
    assert r.status_code == 422, r.text
    assert words in r.json()["detail"]


def test_forecast_for_a_pair(client):
    body = client.get("/api/forecast", params={"source": "CHN", "target": "PRK", "top": 3}).json()
    assert body["query"]["source"] == "CHN" and 0 < len(body["predictions"]) <= 3


def test_simulate_moves_with_the_scenario(client):
    scenario = client.get("/api/scenario").json()
    first = client.post("/api/simulate", json={"scenario": scenario, "model": "cm", "runs": 5}).json()
    issue = scenario["issues"][0]["id"]
    for actor in scenario["actors"]:
        if issue in actor["positions"]:
            actor["positions"][issue] = 95.0
    second = client.post("/api/simulate", json={"scenario": scenario, "model": "cm", "runs": 5}).json()
    outcome = {f["issue"]: f["outcome"] for f in first["forecasts"]}
    moved = {f["issue"]: f["outcome"] for f in second["forecasts"]}
    assert moved[issue] > outcome[issue]


@pytest.mark.parametrize("body, words", [
    ({"scenario": {"name": "x", "issues": [], "actors": []}}, "issues"),
    ({"scenario": {"name": "x"}}, "missing"), ({"scenario": [1]}, "scenario"),
    ({"scenario": {"name": "x", "issues": [], "actors": []}, "model": "oracle"}, "model"),
    ({"scenario": {"name": "x", "issues": [], "actors": []}, "runs": 0}, "runs"),
])
def test_bad_scenarios_are_422(client, body, words):
    r = client.post("/api/simulate", json=body)
    assert r.status_code == 422 and words in r.json()["detail"]


def test_upload_is_ingested_in_the_background_while_readers_read(served):
    client, config, coder, root = served
    def chn_prk() -> int:
        summary = client.get("/api/dyads", params={"freq": "month"}).json()["summary"]
        return next(int(r["events"]) for r in summary if r["dyad"] == "CHN→PRK")

    before = chn_prk()
    coder.gate.clear()  # the second document waits: the job is caught half-way
    manifest = b"file,date,title\nfirst.txt,2018-06-01,First\nsecond.txt,2018-06-02,Second\n"
    files = [("files", ("first.txt", UPLOAD_TEXT.encode())), ("files", ("second.txt", b"China visited the United States.")),
             ("files", ("manifest.csv", manifest))]
    r = client.post("/api/ingest", files=files)
    assert r.status_code == 202
    job = wait_job(client, r.json()["id"], until=lambda j: j["done"] >= 1)
    assert job["status"] == "running" and job["total"] == 2
    during = client.get("/api/events", params={"doc": job["documents"][0]})
    assert during.status_code == 200 and during.json()["total"] >= 1  # committed, visible, not blocked
    coder.gate.set()
    job = wait_job(client, job["id"])
    assert job["status"] == "done" and job["done"] == 2 and job["events"] >= 3
    assert {p.name for p in files_under(config.upload_dir / job["id"])} == {"first.txt", "second.txt", "manifest.csv"}
    assert chn_prk() == before + 1  # the cached dyads were recomputed after the commits
    assert client.get("/api/jobs/unknown").status_code == 404


@pytest.mark.parametrize("name, data, status", [
    ("notes.exe", b"x", 422), (".hidden.txt", b"x", 422), ("big.txt", b"x" * 5000, 413),
])
def test_bad_uploads_are_refused(client, name, data, status):
    r = client.post("/api/ingest", files=[("files", (name, data))])
    assert r.status_code == status, r.text


def test_upload_names_cannot_escape_the_data_folder(served):
    client, config, _, root = served
    r = client.post("/api/ingest", files=[("files", ("../../escape.txt", b"China visited North Korea."))])
    assert r.status_code == 202
    wait_job(client, r.json()["id"])
    found = [*root.rglob("escape.txt"), *root.parent.glob("escape.txt"), *root.parent.parent.glob("escape.txt")]
    assert found and all(config.upload_dir in p.parents for p in found)


def test_openapi_and_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/dyads", "/api/triangle", "/api/network", "/api/forecast",
            "/api/simulate", "/api/ingest", "/api/jobs/{job_id}", "/api/documents", "/api/stats"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/events" in page.text


@pytest.mark.parametrize("path", ["/", "/events", "/analysis", "/forecast", "/scenario", "/upload", "/docs"])
def test_pages_load_with_csp(client, path):
    r = client.get(path)
    assert r.status_code == 200 and "<nav>" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "cdn" not in r.text.lower()


def test_hostile_titles_are_escaped_on_the_overview(client):
    page = client.get("/").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(3)&gt;" in page


def test_plotly_is_served_locally(client):
    r = client.get("/vendor/plotly.min.js")
    assert r.status_code == 200 and len(r.content) > 1_000_000


def test_cross_site_writes_and_foreign_hosts_are_refused(client):
    scenario = client.get("/api/scenario").json()
    r = client.post("/api/simulate", json={"scenario": scenario}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403
    r = client.post("/api/simulate", json={"scenario": scenario, "runs": 2}, headers={"Origin": "http://testserver"})
    assert r.status_code == 200
    assert client.get("/api/stats", headers={"Host": "rebound.example"}).status_code == 400
