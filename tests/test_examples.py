"""The bundled example corpus stays self-consistent: manifest, files and expected events agree."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

KOREA = Path(__file__).resolve().parents[1] / "examples" / "korea"
META_FILES = {"manifest.csv", "expected_events.jsonl", "README.md", "scenario.yaml"}
DOC_SUFFIXES = {".txt", ".md", ".html", ".jsonl"}
NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.(?:txt|md|html)$")
EVENT_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
MODALITIES = {"asserted", "negated", "hypothetical", "prescriptive", "future", "reported"}


def manifest_rows() -> list[dict[str, str]]:
    with (KOREA / "manifest.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def document_files() -> list[Path]:
    return sorted(p for p in KOREA.iterdir() if p.is_file() and p.name not in META_FILES
                  and p.suffix in DOC_SUFFIXES)


def expected_events() -> list[dict]:
    lines = (KOREA / "expected_events.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def words(path: Path) -> int:
    """Word count of the readable text (front matter and HTML tags left out)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    if path.suffix == ".html":
        body = re.search(r"<article>(.*)</article>", text, re.S)
        text = re.sub(r"<[^>]+>", " ", body.group(1) if body else text)
    return len(text.split())


def test_manifest_columns_and_rows():
    rows = manifest_rows()
    assert rows, "manifest.csv is empty"
    assert list(rows[0].keys()) == ["file", "date", "title", "publisher", "url"]
    assert 25 <= len(rows) <= 40


@pytest.mark.parametrize("row", manifest_rows(), ids=lambda r: r["file"])
def test_manifest_row_names_existing_file_with_valid_date(row):
    assert (KOREA / row["file"]).is_file(), f"{row['file']} listed but missing"
    date = dt.date.fromisoformat(row["date"])
    assert dt.date(2013, 1, 1) <= date <= dt.date(2019, 12, 31)
    assert row["title"].strip() and row["publisher"].strip()


def test_every_file_is_in_manifest_once():
    listed = [r["file"] for r in manifest_rows()]
    assert len(listed) == len(set(listed)), "duplicate manifest rows"
    assert sorted(listed) == [p.name for p in document_files()]


def test_file_names_sort_in_date_order():
    rows = manifest_rows()
    for row in rows:
        assert NAME_RE.match(row["file"]), row["file"]
    by_name = sorted(rows, key=lambda r: r["file"])
    dates = [r["date"] for r in by_name]
    assert dates == sorted(dates)


@pytest.mark.parametrize("path", document_files(), ids=lambda p: p.name)
def test_dispatch_length(path):
    assert 90 <= words(path) <= 220


def test_front_matter_and_meta_dates_match_manifest():
    dates = {r["file"]: r["date"] for r in manifest_rows()}
    for path in document_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            assert re.search(rf"^date: {dates[path.name]}$", text, re.M), path.name
        if path.suffix == ".html":
            assert f'<meta name="date" content="{dates[path.name]}">' in text
            assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_expected_events_name_existing_docs():
    stems = {Path(r["file"]).stem for r in manifest_rows()}
    events = expected_events()
    assert {e["doc"] for e in events} == stems, "every dispatch needs expected events"
    for e in events:
        assert e["doc"] in stems
        assert re.fullmatch(r"[A-Z]{3}|IGO[A-Z]{3}", e["source"]), e
        assert e["target"] is None or re.fullmatch(r"[A-Z]{3}|IGO[A-Z]{3}", e["target"]), e
        assert re.fullmatch(r"(0[1-9]|1\d|20)", e["cameo_root"]), e
        assert EVENT_DATE_RE.match(e["date"]), e
        assert e["modality"] in MODALITIES, e
        assert e["note"].strip()


def test_expected_event_dates_fit_publication_dates():
    """Only planned (future) or speculative events may lie after the dispatch's date."""
    published = {Path(r["file"]).stem: r["date"] for r in manifest_rows()}
    for e in expected_events():
        if len(e["date"]) == 10:
            dt.date.fromisoformat(e["date"])
        if e["modality"] not in {"future", "hypothetical", "prescriptive"}:
            assert e["date"] <= published[e["doc"]], e
