"""The report in headless Chromium: no JavaScript errors, every chart drawn, hostile text inert."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from detente.report import write_report
from report_fixtures import build_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium not installed (make test installs it when run as root: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report_file(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    return write_report(build_store(root / "s.duckdb"), root / "report.html")


def open_report(browser, path: Path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("request", lambda r: problems.append(f"network: {r.url}") if not r.url.startswith(("file:", "data:")) else None)
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_timeout(300)
    return page, problems


def hover_timeline(page, needle: str) -> str | None:
    """Hover the first timeline point whose hover text holds ``needle``; the label as shown, or None."""
    found = page.evaluate("""needle => {
        const div = document.getElementById('chart-timeline');
        for (let c = 0; c < div.data.length; c++) {
            const ht = div.data[c].hovertext || [];
            for (let p = 0; p < ht.length; p++) if (ht[p].includes(needle)) {
                Plotly.Fx.hover(div, [{curveNumber: c, pointNumber: p}]);
                return true;
            }
        }
        return false;
    }""", needle)
    if not found:
        return None
    page.wait_for_timeout(200)
    return page.evaluate("() => document.querySelector('#chart-timeline .hoverlayer').textContent")


@pytest.fixture(scope="module")
def loaded(browser, report_file):
    page, problems = open_report(browser, report_file)
    yield page, problems
    page.close()


def test_every_chart_renders_without_errors(loaded):
    page, problems = loaded
    charts = page.eval_on_selector_all(".plotly-graph-div", "els => els.map(e => [e.id, !!e.querySelector('.main-svg')])")
    assert len(charts) >= 6
    assert [c for c, ok in charts if not ok] == []
    assert problems == []


def test_hostile_text_shows_as_text(loaded):
    page, problems = loaded
    text = page.inner_text("#timeline table")
    assert "<script>alert(1)</script>" in text and "javascript:alert(2)" in text
    assert "<img src=x onerror=alert(3)>" in page.text_content("#corpus")  # in a closed <details>
    # only our own scripts exist (one per chart); no element came from a document
    n_scripts = page.eval_on_selector_all("main script", "els => els.length")
    assert n_scripts == page.eval_on_selector_all(".plotly-graph-div", "els => els.length")
    assert page.eval_on_selector_all("main img", "els => els.length") == 0
    # hover the hostile event in the timeline chart: the label shows the quote as text
    label = hover_timeline(page, "alert(1)")
    assert label and "<script>alert(1)</script>" in label
    assert page.eval_on_selector_all("#chart-timeline .hoverlayer script", "els => els.length") == 0
    assert problems == []


def test_dyad_hover_lists_the_events_behind_a_point(loaded):
    page, problems = loaded
    hovered = page.evaluate("""() => {
        const div = document.getElementById('chart-dyads');
        for (let c = 0; c < div.data.length; c++) {
            const counts = div.data[c].customdata;
            for (let p = 0; p < counts.length; p++) if (counts[p] > 0) {
                Plotly.Fx.hover(div, [{curveNumber: c, pointNumber: p}]);
                return true;
            }
        }
        return false;
    }""")
    assert hovered
    page.wait_for_timeout(200)
    label = page.evaluate("() => document.querySelector('#chart-dyads .hoverlayer').textContent")
    assert "Goldstein sum" in label and "Officials of" in label  # the quoted sentence behind the point
    assert problems == []


def test_summary_comes_first_and_its_links_resolve(loaded):
    page, problems = loaded
    first = page.eval_on_selector("main section", "el => el.id")
    assert first == "summary"
    text = page.inner_text("#summary")
    assert "Busiest dyads" in text and "Biggest shifts" in text and "Triangle" in text
    targets = page.eval_on_selector_all("#summary a", "els => els.map(a => a.getAttribute('href'))")
    assert targets and all(page.query_selector(t) is not None for t in targets)
    assert problems == []


def test_policy_blocks_a_foreign_script_and_quotes_show_plainly(browser, report_file, tmp_path):
    html = report_file.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in html
    # a script the report did not write (as if escaping had failed) is refused by the policy
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace("</main>", "<script>document.title = 'pwned'</script></main>"), encoding="utf-8")
    page, problems = open_report(browser, tampered)
    assert page.title() != "pwned"
    assert [p for p in problems if "Content Security Policy" in p]  # refused, and said so on the console
    page.close()
    page, problems = open_report(browser, report_file)
    labels = hover_timeline(page, "useful")
    assert labels and '"useful"' in labels and "&quot;" not in labels
    assert problems == []
    page.close()
