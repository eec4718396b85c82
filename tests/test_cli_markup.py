"""Text from data or the user that looks like rich markup is printed as is, never parsed (issue 11.1)."""

from __future__ import annotations

from pathlib import Path

import yaml

from test_cli_ingest import FAKE, invoke


def test_a_store_path_with_a_closing_tag(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("[").mkdir()
    Path("a.txt").write_text("North Korea visited China. The talks went on.")
    result = invoke("ingest", "a.txt", "--db", "[/x].duckdb", *FAKE)
    assert result.exit_code == 0, result.output
    assert "[/x].duckdb" in result.stdout and Path("[/x].duckdb").exists()
    result = invoke("docs", "--db", "[/x].duckdb")
    assert result.exit_code == 0 and "a" in result.stdout


def test_document_ids_and_problems_with_markup(tmp_path):
    (tmp_path / "[").mkdir()
    (tmp_path / "[bold]x[").mkdir()
    (tmp_path / "[bold]x[" / "bold].txt").write_text("North Korea visited China.")
    (tmp_path / "[" / "red].jsonl").write_text('{"text": "North Korea visited China.", "date": "[/y]"}\n')
    result = invoke("ingest", tmp_path, "--db", tmp_path / "s.duckdb", "-v", *FAKE)
    assert "stored bold" in result.stdout or "added bold" in result.stdout
    assert "unreadable date '[/y]'" in result.stderr and "[/red].jsonl:1" in result.stderr
    result = invoke("events", "--db", tmp_path / "s.duckdb")
    assert result.exit_code == 0 and "red" in result.stdout


def test_a_scenario_actor_named_like_a_tag(tmp_path):
    scenario = {
        "name": "tags",
        "issues": [{"id": "talks", "name": "Talks [/i]", "low": "none", "high": "full", "status_quo": 50}],
        "actors": [
            {"name": "[/bold]", "capability": 5, "positions": {"talks": 90}, "saliences": {"talks": 0.9}},
            {"name": "B", "capability": 5, "positions": {"talks": 10}, "saliences": {"talks": 0.5}},
        ],
    }
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(scenario))
    result = invoke("simulate", path, "--runs", "5")
    assert result.exit_code == 0, result.output
    assert "[/bold]" in result.stdout and "Talks [/i]" in result.stdout


def test_an_imported_entity_named_like_a_tag_then_forecast(tmp_path):
    rows = ["Event ID\tEvent Date\tSource Name\tSource Country\tCAMEO Code\tTarget Name\tTarget Country"]
    rows += [f"{i}\t2018-01-{1 + i % 28:02d}\tChina\tChina\t042\t[/x] Party\t{'[/x] Land' if i % 2 else 'North Korea'}"
             for i in range(40)]
    (tmp_path / "[").mkdir()
    tsv, db = tmp_path / "[" / "x].tsv", tmp_path / "f.duckdb"
    tsv.write_text("\n".join(rows) + "\n")
    result = invoke("import", "icews", tsv, "--db", db)
    assert result.exit_code == 0, result.output  # the table names the file
    result = invoke("forecast", "--source", "CHN", "--db", db)
    assert result.exit_code == 0, result.output
    assert "[/x] Party" in result.stdout.replace("\n", "") or "PRK" in result.stdout
