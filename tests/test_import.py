"""Imports of ICEWS, GDELT and TKG benchmark files into the events table."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_path
from detente.cli import app
from detente.store import EventFilter, Store
from detente.store.importers import (
    GDELT_COLUMNS,
    ImportError_,
    entity_actor,
    import_gdelt,
    import_icews,
    import_tkg,
)

ICEWS_HEADER = [
    "Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
    "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher",
]


def write_icews(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join("\t".join(r) for r in [ICEWS_HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def gdelt_row(**values: str) -> str:
    row = {c: "" for c in GDELT_COLUMNS}
    row.update(values)
    return "\t".join(row[c] for c in GDELT_COLUMNS)


def test_entity_names_map_to_codes():
    assert entity_actor("Government (China)") == ("CHNGOV", "CHN", "GOV")
    assert entity_actor("Police (India)") == ("INDCOP", "IND", "COP")
    assert entity_actor("North Korea") == ("PRK", "PRK", None)
    assert entity_actor("Somebody Unknown") == (None, None, None)


def test_tkg_named_files(tmp_path: Path, db_path: Path):
    data = tmp_path / "MINI"
    data.mkdir()
    (data / "train_named.tsv").write_text(
        "China\tHost a visit\tNorth Korea\t2018-03-26\n"
        "Government (United States)\tImpose embargo, boycott, or sanctions\tNorth Korea\t2018-02-23\n",
        encoding="utf-8")
    (data / "test_named.tsv").write_text("North Korea\tThreaten\tUnited States\t2018-04-01\n", encoding="utf-8")
    with Store(db_path) as st:
        rep = import_tkg(st, data, map_people=False)
        assert (rep.origin, rep.events, rep.unmapped_codes) == ("mini", 3, 0)
        (ev,) = st.events(EventFilter(source="USA", target="PRK"))
        assert ev.cameo == "163" and ev.quad_class == 4 and ev.source.code == "USAGOV"
        assert ev.date == "2018-02-23" and ev.origin == "mini"
        again = import_tkg(st, data, map_people=False)
        assert again.replaced == 3 and st.stats()["events"] == 3


def test_icews_tsv_keeps_leading_zero(tmp_path: Path, db_path: Path):
    f = write_icews(tmp_path / "icews.tab", [
        ["1", "2017-09-03", "North Korea", "", "North Korea", "nuclear test", "15", "-7.2", "Japan",
         "Government", "Japan", "s1", "2", "AFP"],
        ["2", "2018-06-12", "Donald Trump", "Government,Executive", "United States", "met", "43", "2.8",
         "Kim Jong-Un", "Government", "North Korea", "s2", "1", "AFP"],
    ])
    with Store(db_path) as st:
        rep = import_icews(st, f)
        assert rep.events == 2
        (meet,) = st.events(EventFilter(source="USA", target="PRK"))
        assert meet.cameo == "043" and meet.cameo_root == "04" and meet.goldstein == 2.8
        assert meet.source.code == "USAGOV" and meet.target.code == "PRKGOV"


def test_gdelt_export(tmp_path: Path, db_path: Path):
    f = tmp_path / "20190228.export.CSV"
    f.write_text(gdelt_row(GLOBALEVENTID="99", SQLDATE="20190228", Actor1Code="USAGOV", Actor1Name="UNITED STATES",
                           Actor1CountryCode="USA", Actor1Type1Code="GOV", Actor2Code="PRKGOV",
                           Actor2Name="NORTH KOREA", Actor2CountryCode="PRK", Actor2Type1Code="GOV",
                           EventCode="0431", EventBaseCode="043", EventRootCode="04", QuadClass="1",
                           GoldsteinScale="2.8", SOURCEURL="https://example.org/a") + "\n", encoding="utf-8")
    with Store(db_path) as st:
        assert import_gdelt(st, f).events == 1
        (ev,) = st.events(EventFilter(code="043"))
        assert (ev.id, ev.cameo, ev.quad_class, ev.date) == ("gdelt:99", "0431", 1, "2019-02-28")


@pytest.mark.parametrize("content,kind", [
    (b"\x00\x01binary", "binary"),
    (b"just one column\n", "not a GDELT"),
])
def test_bad_gdelt_files(tmp_path: Path, db_path: Path, content: bytes, kind: str):
    f = tmp_path / "bad.CSV"
    f.write_bytes(content)
    with Store(db_path) as st, pytest.raises(ImportError_, match=kind):
        import_gdelt(st, f)


def test_bad_dates_and_headers(tmp_path: Path, db_path: Path):
    bad_date = write_icews(tmp_path / "d.tab", [["1", "2017-02-30", "China", "", "China", "x", "042", "1",
                                                 "Japan", "", "Japan", "s", "1", "p"]])
    no_header = tmp_path / "h.tab"
    no_header.write_text("a\tb\n", encoding="utf-8")
    with Store(db_path) as st:
        with pytest.raises(ImportError_, match="impossible Event Date"):
            import_icews(st, bad_date)
        with pytest.raises(ImportError_, match="missing columns"):
            import_icews(st, no_header)
        with pytest.raises(ImportError_, match="no such file"):
            import_tkg(st, tmp_path / "nowhere")
        assert st.stats()["events"] == 0


def test_cli_import_reports_errors_in_one_line(tmp_path: Path, db_path: Path):
    runner = CliRunner()
    result = runner.invoke(app, ["import", "gdelt", str(tmp_path / "missing.CSV"), "--db", str(db_path)])
    assert result.exit_code == 1
    assert "no such file" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_icews14_benchmark_import(db_path: Path):
    data = shared_path("data", "tkg", "ICEWS14")
    runner = CliRunner()
    result = runner.invoke(app, ["import", "tkg", str(data), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    with Store(db_path, read_only=True) as st:
        assert st.stats()["events_by_origin"]["icews14"] == 74845 + 8514 + 7371


def test_names_resolve_only_as_a_whole():
    from detente.actors.names import resolve_names

    found = resolve_names(["Kim Jong-Un", "Latin America", "Nobody In Particular"], "2018-06-01")
    assert found["Kim Jong-Un"][1] == "PRK"
    assert "Latin America" not in found and "Nobody In Particular" not in found


def test_cli_bench_store_on_an_event_file(tmp_path: Path):
    import json
    import subprocess
    import sys

    events = tmp_path / "e.tab"
    script = Path(__file__).resolve().parents[1] / "scripts" / "make_events.py"
    subprocess.run([sys.executable, str(script), "--rows", "3000", "--out", str(events)], check=True,
                   capture_output=True)
    out = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["bench", "store", "--events", str(events), "--repeats", "1", "--json", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["import_events"] == 3000
    assert data["dyad_events"] > 0 and data["one_sql_events"] == data["dyad_table_events"] > 0
    assert CliRunner().invoke(app, ["bench", "store"]).exit_code != 0


def test_icews_reimport_replaces_and_rows_lie_in_dyad_order(tmp_path: Path, db_path: Path):
    rows = [[str(i), f"2018-0{1 + i % 3}-1{i % 9}", "Someone", "Government", src, "text", "042", "1.5", "Other", "",
             tgt, f"s{i}", "1", "AFP"]
            for i, (src, tgt) in enumerate([("Japan", "China"), ("China", "North Korea"), ("China", "Japan"),
                                            ("North Korea", "China"), ("China", "North Korea")])]
    f = write_icews(tmp_path / "e.tab", rows)
    with Store(db_path) as st:
        assert import_icews(st, f).replaced == 0
        again = import_icews(st, f)
        assert (again.events, again.replaced, st.stats()["events"]) == (5, 5, 5)
        stored = st.con.execute("SELECT source_key, target_key, day, id, source_code FROM events").fetchall()
    assert [r[:3] for r in stored] == sorted(r[:3] for r in stored)  # insertion order = the cluster order
    assert {r[3]: r[4] for r in stored}["icews:1"] == "CHNGOV"
