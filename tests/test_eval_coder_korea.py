"""The korea-example development set: loading, matching rules and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.coding.eval_korea import Expected, evaluate_korea, load_expected, missed
from detente.coding.evaluate import actor_country, gold_country
from detente.records import Actor, Event

runner = CliRunner()


def ev(src: str, tgt: str | None, code: str) -> Event:
    def actor(c):
        return Actor(text=c, code=c, country=None if c.startswith(("IGO", "NGO", "---")) else c[:3]) if c else None

    return Event(id="x", doc_id="d", sentence_id="d:0", sentence="", date=None, date_precision="unknown",
                 source=actor(src), target=actor(tgt), cameo=code, cameo_root=code[:2], goldstein=0.0,
                 quad_class=1, confidence=0.9)


def test_expected_event_found_by_country_pair_and_root():
    expected = [Expected("d", "IGO", "PRK", "16"), Expected("d", "PRK", None, "15"), Expected("e", "CHN", "USA", "04")]
    predicted = {"d": [ev("IGOUNO", "PRK", "163"), ev("PRK", "JPN", "150")], "e": []}
    m = evaluate_korea(expected, predicted)
    assert (m["expected"], m["matched"], m["predicted"]) == (3, 1, 2)
    assert m["recall_by_root"] == {"04": "0/1", "15": "0/1", "16": "1/1"}
    assert [x.root for x in missed(expected, predicted)] == ["15", "04"]


def test_load_expected_normalises_codes(tmp_path: Path):
    (tmp_path / "expected_events.jsonl").write_text(
        json.dumps({"doc": "a", "source": "IGOUNO", "target": None, "cameo_root": "16", "note": "x"}) + "\n")
    [x] = load_expected(tmp_path)
    assert x.key == ("IGO", None, "16")


def test_gold_and_actor_countries_agree_on_non_state_codes():
    assert gold_country("NGOHRIAMN") == "NGO" and gold_country("JAP") == "JPN" and gold_country("ITLGOV") == "ITA"
    assert actor_country(Actor(text="Amnesty", code="NGOHRIAMN", country=None)) == "NGO"
    assert actor_country(Actor(text="rebels", code="---REB", country=None)) is None


def test_cli_eval_korea_example(tmp_path: Path):
    (tmp_path / "manifest.csv").write_text("file,date,title,publisher,url\na.txt,2019-06-21,t,p,\n")
    (tmp_path / "a.txt").write_text("Chinese President Xi Jinping visited Pyongyang on Thursday.\n")
    (tmp_path / "expected_events.jsonl").write_text(
        json.dumps({"doc": "a", "source": "CHN", "target": "PRK", "cameo_root": "04"}) + "\n")
    out = tmp_path / "k.json"
    result = runner.invoke(app, ["eval", "coder", "--set", "korea-example", "--data", str(tmp_path),
                                 "--json", str(out)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(out.read_text())
    assert metrics["matched"] == 1 and metrics["recall"] == 1.0


def test_cli_eval_korea_example_missing_file(tmp_path: Path):
    result = runner.invoke(app, ["eval", "coder", "--set", "korea-example", "--data", str(tmp_path)])
    assert result.exit_code != 0
    assert "expected_events.jsonl" in result.output
