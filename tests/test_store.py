from detente.ontology import lookup, normalize_code
from detente.records import Actor, Document, Event, Sentence
from detente.store import EventFilter, Store
from detente.store.schema import SCHEMA_VERSION


def make_event(i: int, doc_id: str = "d1", date: str = "2018-06-12") -> Event:
    entry = lookup("0431") or lookup("043")
    return Event(
        id=f"{doc_id}:{i}", doc_id=doc_id, sentence_id=f"{doc_id}:0", sentence="Kim visited Beijing.",
        date=date, date_precision="day", source=Actor("Kim", "PRKGOV", "PRK", "GOV"),
        target=Actor("Beijing", "CHN", "CHN", None), cameo="042", cameo_root="04",
        goldstein=entry.goldstein, quad_class=entry.quad_class,
    )


def test_codes_keep_leading_zeros():
    assert normalize_code(42) == "042"
    assert normalize_code("4") == "04"
    assert lookup("0163").code.startswith("016")
    assert lookup("190").quad_class == 4


def test_save_replace_and_unchanged(db_path):
    doc = Document(id="d1", text="Kim visited Beijing.", date="2018-03-26", content_hash="h1")
    sents = [Sentence("d1", 0, "Kim visited Beijing.", 0, 20)]
    with Store(db_path) as st:
        assert st.save_document(doc, sents, [make_event(0)]) == "added"
        assert st.save_document(doc, sents, [make_event(0)]) == "unchanged"
        doc.content_hash = "h2"
        assert st.save_document(doc, sents, [make_event(1), make_event(2)]) == "replaced"
        assert st.stats()["events"] == 2
        evs = st.events(EventFilter(source="PRK", target="CHN"))
        assert [e.id for e in evs] == ["d1:1", "d1:2"]
        assert st.events(EventFilter(source="CHN")) == []
        assert st.event("d1:1").to_json()["cameo"] == "042"


def test_reopen_keeps_schema(db_path):
    Store(db_path).close()
    with Store(db_path, read_only=True) as st:
        assert st.schema_version() == SCHEMA_VERSION


def test_evidence_spans_round_trip(db_path):
    ev = make_event(0)
    ev.source.start, ev.source.end = 0, 3
    ev.target.start, ev.target.end = 12, 19
    with Store(db_path) as st:
        st.insert_events([ev])
        back = st.event(ev.id)
    assert (back.source.start, back.source.end, back.target.start, back.target.end) == (0, 3, 12, 19)


def test_version_1_store_is_migrated(db_path):
    import duckdb

    from detente.store.schema import MIGRATIONS

    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for stmt in MIGRATIONS[1]:
        con.execute(stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.close()
    with Store(db_path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        st.insert_events([make_event(0)])
        assert st.stats()["events"] == 1


def test_version_2_events_keep_their_rows_and_get_dyad_keys(db_path):
    import duckdb

    from detente.store.schema import MIGRATIONS, V1_EVENT_COLUMNS, V2_EVENT_COLUMNS, flatten

    con = duckdb.connect(str(db_path))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for version in (1, 2):
        for stmt in MIGRATIONS[version]:
            con.execute(stmt)
    con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    odd = make_event(1)
    odd.source = Actor("a UN envoy", "CHNGOV", "USA", "GOV")  # country and code disagree
    cols = [n for n, _ in V1_EVENT_COLUMNS + V2_EVENT_COLUMNS]
    rows = [tuple(flatten(e)[c] for c in cols) for e in (make_event(0), odd)]
    con.executemany(f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})", rows)
    con.close()
    with Store(db_path) as st:
        assert st.schema_version() == SCHEMA_VERSION
        keys = st.con.execute("SELECT id, source_key, target_key FROM events ORDER BY id").fetchall()
        assert keys == [("d1:0", "PRK", "CHN"), ("d1:1", "*", "CHN")]
        assert [e.id for e in st.events(EventFilter(source="CHN"))] == ["d1:1"]
        assert [e.id for e in st.events(EventFilter(source="USA", target="CHN"))] == ["d1:1"]
        assert [e.id for e in st.events(EventFilter(source="PRK"))] == ["d1:0"]
        assert [e.id for e in st.events(EventFilter(actor="CHNGOV"))] == ["d1:1"]
        assert st.event("d1:1").source.code == "CHNGOV"
        st.insert_events([make_event(2)])  # new rows get their keys on write
        assert st.con.execute("SELECT source_key FROM events WHERE id = 'd1:2'").fetchall() == [("PRK",)]


def test_event_ids_stay_unique_without_an_index(db_path):
    import pytest

    from detente.store import StoreError

    with Store(db_path) as st:
        st.insert_events([make_event(0)])
        with pytest.raises(StoreError, match="already stored"):
            st.insert_events([make_event(1), make_event(0)])
        with pytest.raises(StoreError, match="same id"):
            st.insert_events([make_event(2), make_event(2)])
        assert st.stats()["events"] == 1


def test_a_batch_of_documents_is_one_write(db_path):
    docs = [Document(id=f"d{i}", text="Kim visited Beijing.", date="2018-03-26", content_hash=f"h{i}")
            for i in range(3)]
    batch = [(d, [Sentence(d.id, 0, d.text, 0, 20)], [make_event(0, d.id)]) for d in docs]
    with Store(db_path) as st:
        assert st.save_documents(batch) == ["added"] * 3
        docs[1].content_hash = "new"
        assert st.save_documents(batch) == ["unchanged", "replaced", "unchanged"]
        assert st.stats()["events"] == 3 and st.stats()["sentences"] == 3
        assert st.document("d1").content_hash == "new" and st.sentences("d2")[0].end == 20


def test_a_batch_with_the_callers_hashes_is_the_same_write(db_path, tmp_path):
    """``stored`` (what an ingest read once and kept) spares the query and decides as it would."""
    docs = [Document(id=f"d{i}", text="Kim visited Beijing.", date="2018-03-26", content_hash=f"h{i}")
            for i in range(3)]
    batch = [(d, [Sentence(d.id, 0, d.text, 0, 20)], [make_event(0, d.id)]) for d in docs]
    with Store(db_path) as a, Store(tmp_path / "b.duckdb") as b:
        a.save_documents(batch[:1])
        b.save_documents(batch[:1])
        stored = b.document_hashes([d.id for d in docs])
        docs[0].content_hash = "new"
        assert a.save_documents(batch) == b.save_documents(batch, stored=stored) == ["replaced", "added", "added"]
        assert a.stats() == b.stats() and b.document("d0").content_hash == "new"


def test_compact_keeps_every_event(db_path):
    from typer.testing import CliRunner

    from detente.cli import app

    with Store(db_path) as st:
        st.insert_events([make_event(i, date=f"2018-06-{10 + i:02d}") for i in range(5)])
    result = CliRunner().invoke(app, ["compact", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    with Store(db_path, read_only=True) as st:
        assert [e.id for e in st.events(EventFilter(source="PRK", target="CHN"))] == [f"d1:{i}" for i in range(5)]
        assert st.con.execute("SELECT count(source_key) FROM events").fetchall() == [(5,)]


def test_events_table_holds_what_flatten_gives_each_event():
    """The batch writes build columns at once; every value must be ``flatten``'s of its event."""
    import pyarrow as pa

    from detente.store.batches import event_schema, events_table
    from detente.store.schema import flatten

    bare = Event(id="d:1:0", doc_id="d", sentence_id="d:1", sentence="x", date="2019-03", date_precision="month",
                 source=None, target=Actor("Japan", "JPN", "JPN"), cameo="042", cameo_root="04", goldstein=None,
                 quad_class=None, explanation={"trigger": "met"})
    events = [make_event(0), bare, make_event(2)]
    expected = pa.Table.from_pylist([flatten(e) for e in events], schema=event_schema())
    assert events_table(events).equals(expected)
    assert events_table(events).column("day").to_pylist()[1] == "2019-03-01"
    assert events_table([]).num_rows == 0
