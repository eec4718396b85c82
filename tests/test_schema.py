"""One schema: the Event record's fields make the table, the importers' columns, the exports and the JSON."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from detente.export import EXPORT_COLUMNS
from detente.records import Event
from detente.store.schema import (
    EVENT_COLUMNS,
    KEY_COLUMNS,
    V1_EVENT_COLUMNS,
    V2_EVENT_COLUMNS,
    export_columns,
    record_columns,
)


def test_the_record_gives_the_columns_the_migrations_made():
    # every column the frozen migrations created is derived from the record, with the same type
    derived = dict(record_columns(Event))
    for name, kind in V1_EVENT_COLUMNS + V2_EVENT_COLUMNS:
        assert derived[name] == kind.split()[0], name
    # version 3 added the dyad keys, computed by SQL from the actor columns
    assert set(derived) == {name for name, _ in V1_EVENT_COLUMNS + V2_EVENT_COLUMNS} | set(KEY_COLUMNS)
    assert dict(EVENT_COLUMNS) == derived
    assert EXPORT_COLUMNS == export_columns(Event) and EXPORT_COLUMNS[-1] == "sentence"
    assert "explanation" not in EXPORT_COLUMNS and "source_start" not in EXPORT_COLUMNS


ADD_A_FIELD = textwrap.dedent('''
    import csv, dataclasses, io, json, pathlib, sys
    import duckdb
    import detente.records as records

    tmp = pathlib.Path(sys.argv[1])
    # a store made before the field existed
    from detente.store import Store
    with Store(tmp / "old.duckdb") as st:
        pass

    # the one place: a new field on the event record
    @dataclasses.dataclass
    class Event(records.Event):
        language: str | None = None

    records.Event = Event
    for name in [m for m in sys.modules if m.startswith("detente.") and m != "detente.records"]:
        del sys.modules[name]

    from detente.api import Database
    from detente.records import Actor
    from detente.store.schema import record_columns

    assert ("language", "VARCHAR") in record_columns()
    e = Event(id="e1", doc_id=None, sentence_id=None, sentence="s", date="2019-06-20", date_precision="day",
              source=Actor("China", "CHN", "CHN"), target=Actor("North Korea", "PRK", "PRK"), cameo="042",
              cameo_root="04", goldstein=1.9, quad_class=1, language="ko")
    assert e.to_json()["language"] == "ko"                                     # the JSON
    (tmp / "q.tsv").write_text("China\\tMake a visit\\tNorth Korea\\t2019-06-21\\n")
    for name in ("new.duckdb", "old.duckdb"):                                  # the DDL, new and old stores
        with Database(tmp / name) as db:
            db.store.insert_events([e])
            db.import_("tkg", tmp / "q.tsv", origin="q")                        # the importers
            assert [x.language for x in db.records()] == ["ko", None]           # the record round trip
            frame = db.events()
            out = io.StringIO()
            db.export(db.query(), "csv", out)                                   # the CSV columns
            rows = list(csv.DictReader(io.StringIO(out.getvalue())))
            assert [r["language"] for r in rows] == ["ko", ""], rows
            out = io.StringIO()
            db.export(db.query(), "jsonl", out)
            assert [json.loads(x)["language"] for x in out.getvalue().splitlines()] == ["ko", None]
            assert list(frame["language"].fillna("-")) == ["ko", "-"] and list(frame["modality"]) == ["asserted"] * 2
            db.export(db.query(), "parquet", tmp / "e.parquet")                # the Parquet columns
            assert "language" in [r[0] for r in duckdb.sql(f"DESCRIBE SELECT * FROM '{tmp / 'e.parquet'}'").fetchall()]
    print("ok")
''')


def test_a_field_added_to_the_record_reaches_everything(tmp_path):
    script = tmp_path / "add_field.py"
    script.write_text(ADD_A_FIELD, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
