"""The web app in headless Chromium: pages without JS errors, charts, filters, explanations,
scenario edits, uploads with progress, and hostile text shown as text."""

from __future__ import annotations

import socket
import threading
import time

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
import test_report_browser  # noqa: E402
from detente.web import WebConfig, create_app  # noqa: E402
from report_fixtures import HOSTILE, build_store  # noqa: E402
from web_fixtures import UPLOAD_TEXT, GateCoder  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.slow]
browser = test_report_browser.browser  # the report tests' headless Chromium fixture (skips without it)
# each page, and what shows that its script ran (charts drawn, tables filled)
PAGES = {"/": ["#timeline .main-svg"], "/events": ["#timeline .main-svg", "#events-table tbody tr"],
         "/analysis": ["#dyad-chart .main-svg", "#network-chart .main-svg", "#triangle-table tr"],
         "/forecast": ["#forecast-table tr"], "/scenario": ["#outcome-table[data-runs='1']", "#outcome-chart .main-svg"],
         "/upload": ["#upload-form"], "/docs": [".endpoint"]}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One uvicorn server on a free loopback port for the whole module."""
    import uvicorn

    root = tmp_path_factory.mktemp("webbrowser")
    config = WebConfig(db=build_store(root / "s.duckdb"), data_dir=root / "data", coder=GateCoder())
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    origin = "/".join(url.split("/", 3)[:3])
    page.on("request", lambda r: None if r.url.startswith((origin + "/", "data:")) else problems.append(f"network: {r.url}"))
    page.goto(url, wait_until="load")
    return page, problems


def test_every_page_loads_and_draws_without_errors(browser, server):
    page, problems = open_page(browser, server + "/")
    for path, ready in PAGES.items():
        if path != "/":
            page.goto(server + path, wait_until="load")
        for selector in ready:
            page.wait_for_selector(selector)
        assert page.locator("nav").count() == 1, path
    page.close()
    assert problems == []


def test_a_filter_changes_the_table_and_the_explanation_opens(browser, server):
    page, problems = open_page(browser, server + "/events")
    page.wait_for_selector("#events-table tbody tr")
    before = page.inner_text("#count")
    page.fill("input[name=target]", "JPN")
    page.click("#filters button[type=submit]")
    page.wait_for_function("before => document.getElementById('count').textContent !== before", arg=before)
    targets = page.eval_on_selector_all("#events-table tbody tr td:nth-child(3)", "tds => tds.map(t => t.textContent)")
    assert targets and all(t.startswith("JPN") for t in targets)
    page.click("#events-table button.explain")
    page.wait_for_selector("#explain:not([hidden])")
    assert "JPN" in page.inner_text("#explain-text")
    page.close()
    assert problems == []


def test_hostile_document_text_shows_as_text(browser, server):
    page, problems = open_page(browser, server + "/events?doc=evil")
    page.wait_for_selector("#events-table tbody tr")
    sentences = page.eval_on_selector_all("#events-table .sentence", "els => els.map(e => e.textContent)")
    assert HOSTILE in sentences
    assert page.locator("#events-table script, #events-table b").count() == 0
    page.close()
    assert problems == []


def test_a_scenario_edit_moves_the_outcome(browser, server):
    page, problems = open_page(browser, server + "/scenario")
    page.wait_for_selector("#outcome-table[data-runs='1']")
    issue = page.eval_on_selector("#scenario-table input[data-field=positions]", "e => e.dataset.issue")
    rows = "trs => trs.map(r => [...r.cells].map(c => c.textContent))"
    first = float(next(r for r in page.eval_on_selector_all("#outcome-table tr", rows) if r[0] == issue)[2])
    for box in page.query_selector_all(f"#scenario-table input[data-field=positions][data-issue='{issue}']"):
        box.fill("99")
    page.click("#run")
    page.wait_for_selector("#outcome-table[data-runs='2']")
    moved = next(r for r in page.eval_on_selector_all("#outcome-table tr", rows) if r[0] == issue)
    assert float(moved[2]) > first and float(moved[3]) == pytest.approx(first, abs=1e-3)
    assert page.locator("#outcome-chart .main-svg").count() >= 1
    page.close()
    assert problems == []


def test_an_upload_shows_progress_then_its_events(browser, server, tmp_path):
    doc = tmp_path / "dispatch.txt"
    doc.write_text(UPLOAD_TEXT + "<script>alert(5)</script> China visited North Korea again.\n", encoding="utf-8")
    page, problems = open_page(browser, server + "/upload")
    page.set_input_files("input[type=file]", str(doc))
    page.click("#upload-form button")
    page.wait_for_selector("#new-events[data-done='1']")
    assert page.locator("#progress").is_visible()
    assert page.inner_text("#job-status").startswith("done: 1 of 1 documents")
    assert page.locator("#new-events tr").count() >= 3  # header + the new events
    assert "<script>alert(5)</script>" in page.inner_text("#new-events")
    page.close()
    assert problems == []
