"""The project's modality and date sets, and the `detente eval modality|dates` commands."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

import detente.evaldata as evaldata
from detente.cli import app
from detente.records import MODALITIES

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PRECISION_FORMAT = {"day": 10, "month": 7, "year": 4, "document": 10}


def test_modality_set_is_large_balanced_and_split() -> None:
    rows = evaldata.load_cases("modality")
    assert len(rows) >= 80
    counts = Counter(r["modality"] for r in rows)
    assert set(counts) == set(MODALITIES)
    assert min(counts.values()) >= 12
    test = evaldata.load_cases("modality", "test")
    assert len(test) >= 40 and len(evaldata.load_cases("modality", "dev")) >= 40
    assert set(Counter(r["modality"] for r in test)) == set(MODALITIES)
    for r in rows:
        assert r["trigger"].split()[0] in r["text"], r
        assert r["note"]


def test_date_set_is_well_formed() -> None:
    rows = evaldata.load_cases("dates")
    assert len(rows) >= 80
    assert len(evaldata.load_cases("dates", "test")) >= 40
    for r in rows:
        assert r["trigger"] in r["text"], r
        assert r["doc_date"] is None or DATE.match(r["doc_date"])
        if r["precision"] == "unknown":
            assert r["date"] is None
        else:
            assert DATE.match(r["date"]) and len(r["date"]) == PRECISION_FORMAT[r["precision"]], r
        if r.get("date_end"):
            assert DATE.match(r["date_end"]) and r["date_end"] >= r["date"], r


def test_find_trigger_prefers_exact_case() -> None:
    class Tok:
        def __init__(self, text: str) -> None:
            self.text, self.lower_ = text, text.lower()

    doc = [Tok("Visit"), Tok("visit")]
    assert evaldata.find_trigger(doc, "visit") is doc[1]
    assert evaldata.find_trigger(doc, "VISIT") is doc[0]
    assert evaldata.find_trigger(doc, "summit") is None


@pytest.fixture
def small_sets(monkeypatch):
    """Three cases per set, so the command test stays fast."""
    real = evaldata.load_cases

    def few(name: str, split: str | None = None):
        return real(name, split)[:3]

    monkeypatch.setattr(evaldata, "load_cases", few)


@pytest.mark.parametrize("name, label_key", [("modality", "per_label"), ("dates", "per_label")])
def test_eval_commands_print_and_write_json(nlp, small_sets, tmp_path, name: str, label_key: str) -> None:
    out = tmp_path / "scores.json"
    result = CliRunner().invoke(app, ["eval", name, "--split", "test", "--json", str(out), "--errors"])
    assert result.exit_code == 0, result.output
    assert "confusion" in result.output
    data = json.loads(out.read_text())
    assert data["set"] == name
    (res,) = data["results"]
    assert res["split"] == "test" and res["total"] == 3
    assert label_key in res and res["confusion"]


def test_eval_bad_split_is_one_line_error() -> None:
    result = CliRunner().invoke(app, ["eval", "dates", "--split", "train"])
    assert result.exit_code != 0
    assert "--split must be dev, test or both" in result.output
    assert "Traceback" not in result.output
