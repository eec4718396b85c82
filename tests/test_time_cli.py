"""`detente time` and `detente eval time`, on files we write."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from detente.cli import app
from detente.time.score import TimexScore, score_document

runner = CliRunner()
TEXT = "Talks resumed last week.\nThe envoy will return in March, and meets Kim every Monday.\n"


def test_jsonl_offsets_point_into_the_file_as_read(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(TEXT, encoding="utf-8")
    res = runner.invoke(app, ["time", str(path), "--dct", "2018-06-13"])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [
        ("last week", "DATE", "2018-W23"), ("March", "DATE", "2019-03"), ("every Monday", "SET", "XXXX-WXX-1")]  # fmt: skip
    for r in rows:
        assert TEXT[r["start"] : r["end"]] == r["text"]
        assert set(r) == {"doc", "start", "end", "text", "type", "value", "mod"}


def test_standard_input_and_timeml(tmp_path: Path) -> None:
    res = runner.invoke(app, ["time", "-", "--dct", "2018-06-13", "--format", "timeml"], input="Kim left on Friday & smiled.")
    assert res.exit_code == 0, res.output
    assert '<TIMEX3 tid="t1" type="DATE" value="2018-06-08">Friday</TIMEX3> &amp; smiled.' in res.stdout


def test_the_date_falls_back_to_the_manifest(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The envoy arrived yesterday.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("file,date,title,publisher\na.txt,2019-02-27,A,B\n", encoding="utf-8")
    res = runner.invoke(app, ["time", str(tmp_path / "a.txt")])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout.splitlines()[0])["value"] == "2019-02-26"


def test_bad_input_is_one_line_and_non_zero(tmp_path: Path) -> None:
    for args in (["time", str(tmp_path / "missing.txt")], ["time", "-", "--dct", "2018-02-30"],
                 ["time", "-", "--format", "xml"], ["eval", "time", "--set", "nope"],
                 ["eval", "time", "--data", str(tmp_path)]):  # fmt: skip
        res = runner.invoke(app, args, input="x")
        assert res.exit_code != 0
        assert "Traceback" not in res.output and len(res.output.strip().splitlines()) == 1, res.output


def test_eval_time_scores_a_gold_file(tmp_path: Path) -> None:
    text = "Rain fell on Friday. Trade grew for three years."
    doc = {"doc_id": "d1", "dct": "2018-06-13", "text": text, "timexes": [
        {"start": 13, "end": 19, "text": "Friday", "type": "DATE", "value": "2018-06-08"},
        {"start": 36, "end": 47, "text": "three years", "type": "DURATION", "value": "P3Y"}]}  # fmt: skip
    (tmp_path / "tbaq_timebank_timex.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    out = tmp_path / "s.json"
    res = runner.invoke(app, ["eval", "time", "--set", "timebank", "--data", str(tmp_path), "--json", str(out)])
    assert res.exit_code == 0, res.output
    scores = json.loads(out.read_text())
    assert scores["strict_f1"] == 1.0 and scores["value_f1"] == 1.0


def test_value_f1_counts_right_values_over_relaxed_matches() -> None:
    gold = [{"start": 0, "end": 10, "type": "DATE", "value": "2018"},
            {"start": 20, "end": 25, "type": "DATE", "value": "2019"}]  # fmt: skip
    system = [{"start": 0, "end": 8, "type": "DATE", "value": "2018"},  # relaxed match, right value
              {"start": 20, "end": 25, "type": "DATE", "value": "2020"},  # strict match, wrong value
              {"start": 40, "end": 44, "type": "DATE", "value": "2021"}]  # spurious  # fmt: skip
    total = TimexScore()
    score_document(gold, system, total)
    s = total.summary()
    assert (s["strict_f1"], s["relaxed_f1"], s["value_accuracy"]) == (0.4, 0.8, 0.5)
    assert s["value_f1"] == 0.4


def test_a_jsonl_file_gives_one_document_a_line(tmp_path: Path) -> None:
    rows = [{"id": "a", "text": "Talks ended yesterday.", "date": "2018-06-13"},
            {"id": "b", "text": "Talks end tomorrow.", "date": "2019-01-01"}]  # fmt: skip
    path = tmp_path / "docs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    res = runner.invoke(app, ["time", str(path)])
    assert res.exit_code == 0, res.output
    got = [(r["doc"], r["value"]) for r in map(json.loads, res.stdout.splitlines())]
    assert got == [(f"{path}:a", "2018-06-12"), (f"{path}:b", "2019-01-02")]
