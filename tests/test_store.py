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
        assert st.schema_version() == 2
        st.insert_events([make_event(0)])
        assert st.stats()["events"] == 1
