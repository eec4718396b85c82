"""Bad rows in imported data sets: one line naming the file (and line); the other files still go in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.store import Store
from detente.store.importers import GDELT_COLUMNS, ImportError_, import_gdelt, import_icews, import_tkg

HEADER = "Event ID\tEvent Date\tSource Name\tSource Country\tCAMEO Code\tTarget Name\tTarget Country"
GOOD = "1\t2018-01-01\tChina\tChina\t042\tNorth Korea\tNorth Korea"


def icews(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_short_icews_row_is_refused_with_its_line(tmp_path, db_path):
    f = icews(tmp_path / "short.tab", GOOD, "2\t2018-01-02\tChina", "3\t2018-01-03\tChina\tChina\t042\tJapan\tJapan")
    with Store(db_path) as st:
        with pytest.raises(ImportError_) as err:
            import_icews(st, f)
        assert st.stats()["events"] == 0
    assert str(err.value) == (f"{f}:3: row cut short (Expected Number of Columns: 7 Found: 3); "
                              "nothing imported from it")


def test_a_duplicate_event_id_names_the_file(tmp_path, db_path):
    f = icews(tmp_path / "dup.tab", GOOD, GOOD.replace("042", "043"))
    with Store(db_path) as st, pytest.raises(ImportError_, match=f"^{f}: event id '1' appears 2 times"):
        import_icews(st, f)


def test_a_non_numeric_cameo_code_names_the_file(tmp_path, db_path):
    f = icews(tmp_path / "code.tab", GOOD, "2\t2018-01-02\tChina\tChina\tabc\tJapan\tJapan")
    with Store(db_path) as st, pytest.raises(ImportError_, match=f"^{f}: 1 row\\(s\\) with a CAMEO Code that is not"):
        import_icews(st, f)


def test_short_gdelt_and_tkg_rows_name_file_and_line(tmp_path, db_path):
    row = ["1", "20180101"] + [""] * (len(GDELT_COLUMNS) - 2)
    gdelt = tmp_path / "g.CSV"
    gdelt.write_text("\t".join(row) + "\n" + "\t".join(row[:10]) + "\n")
    tkg = tmp_path / "t_named.tsv"
    tkg.write_text("China\tMake a visit\tJapan\t2018-01-01\nChina\tMake a visit\n")
    with Store(db_path) as st:
        with pytest.raises(ImportError_, match=f"^{gdelt}:2: row cut short"):
            import_gdelt(st, gdelt)
        with pytest.raises(ImportError_, match=f"^{tkg}:2: row cut short"):
            import_tkg(st, tkg, map_people=False)


def test_a_named_pipe_is_refused(tmp_path, db_path):
    fifo = tmp_path / "pipe.tab"
    os.mkfifo(fifo)
    with Store(db_path) as st, pytest.raises(ImportError_, match="not a regular file"):
        import_icews(st, fifo)


def test_one_bad_file_never_stops_the_others(tmp_path, db_path):
    bad = icews(tmp_path / "bad.tab", GOOD, GOOD)
    good = icews(tmp_path / "good.tab", GOOD.replace("1\t", "7\t", 1))
    result = CliRunner().invoke(app, ["import", "icews", str(bad), str(good), "--db", str(db_path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    assert f"error: {bad}: event id '1' appears 2 times; nothing imported" in result.stderr
    with Store(db_path, read_only=True) as st:
        assert [e.id for e in st.events()] == ["icews:7"]
