"""The ingest pipeline: dedupe, replacement, runs, and one bad document not sinking the batch."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from detente.corpus import IngestCallbacks, bundled_example, ingest_paths
from detente.store import EventFilter, Store
from ingest_fakes import FakeCoder

VISIT = "North Korea visited China in March. Talks followed."


def corpus(folder: Path, n: int = 3, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,date,title,publisher"]
    for i in range(n):
        (folder / f"d{i}.txt").write_text(f"{VISIT} Item {i}.{extra}", encoding="utf-8")
        rows.append(f"d{i}.txt,2018-03-{i + 1:02d},Dispatch {i},Desk")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_ingest_stores_documents_sentences_and_events(tmp_path, db_path):
    folder = corpus(tmp_path / "c")
    with Store(db_path) as st:
        rep = ingest_paths(st, [folder], coder=FakeCoder())
        assert rep.counts() == {"added": 3, "replaced": 0, "unchanged": 0, "failed": 0, "events": 3}
        assert rep.ok and rep.sentences == 9
        doc = st.document("d1")
        assert (doc.date, doc.title, doc.publisher, doc.format) == ("2018-03-02", "Dispatch 1", "Desk", "txt")
        assert [s.text for s in st.sentences("d1")][0] == "North Korea visited China in March."
        ev = st.events(EventFilter(doc="d2"))[0].to_json()
        assert (ev["source"]["code"], ev["target"]["code"], ev["cameo"], ev["date"]) == ("PRK", "CHN", "042", "2018-03-03")
        run = st.con.execute("SELECT status, n_added, n_events FROM ingest_runs WHERE id = ?", [rep.run_id]).fetchone()
        assert run == ("ok", 3, 3)


def test_second_run_changes_nothing_and_never_calls_the_coder(tmp_path, db_path):
    folder = corpus(tmp_path / "c")
    with Store(db_path) as st:
        ingest_paths(st, [folder], coder=FakeCoder())
        before = st.stats()
        coder = FakeCoder()
        rep = ingest_paths(st, [folder], coder=coder)
        assert rep.counts() == {"added": 0, "replaced": 0, "unchanged": 3, "failed": 0, "events": 0}
        assert coder.seen == []
        after = st.stats()
        assert {k: after[k] for k in ("documents", "sentences", "events")} == \
            {k: before[k] for k in ("documents", "sentences", "events")}


def test_changed_file_replaces_its_sentences_and_events(tmp_path, db_path):
    folder = corpus(tmp_path / "c")
    with Store(db_path) as st:
        ingest_paths(st, [folder], coder=FakeCoder())
        (folder / "d0.txt").write_text("The United States visited South Korea. China visited North Korea. End.")
        rep = ingest_paths(st, [folder], coder=FakeCoder())
        assert (rep.added, rep.replaced, rep.unchanged, rep.events) == (0, 1, 2, 2)
        assert [s.text for s in st.sentences("d0")] == [
            "The United States visited South Korea.", "China visited North Korea.", "End."]
        pairs = {(e.source.code, e.target.code) for e in st.events(EventFilter(doc="d0"))}
        assert pairs == {("USA", "KOR"), ("CHN", "PRK")}
        assert st.stats()["events"] == 4


def test_changed_manifest_date_recodes_the_document(tmp_path, db_path):
    folder = corpus(tmp_path / "c", n=1)
    with Store(db_path) as st:
        ingest_paths(st, [folder], coder=FakeCoder())
        (folder / "manifest.csv").write_text("file,date,title,publisher\nd0.txt,2019-06-20,Dispatch 0,Desk\n")
        rep = ingest_paths(st, [folder], coder=FakeCoder())
        assert rep.replaced == 1
        assert st.events(EventFilter(doc="d0"))[0].date == "2019-06-20"


def test_a_document_the_coder_chokes_on_fails_alone(tmp_path, db_path):
    folder = corpus(tmp_path / "c", n=4)
    (folder / "d2.txt").write_text("EXPLODE. North Korea visited China.")
    with Store(db_path) as st:
        rep = ingest_paths(st, [folder], coder=FakeCoder(), batch_size=3)
        assert (rep.added, rep.failed) == (3, 1) and not rep.ok
        assert "could not be coded" in rep.problems[0].message and "d2" in rep.problems[0].message
        assert st.document("d2") is None and st.document("d3") is not None
        status = st.con.execute("SELECT status, n_failed FROM ingest_runs").fetchone()
        assert status == ("failed", 1)


def test_bad_inputs_are_problems_not_exceptions(tmp_path, db_path):
    folder = corpus(tmp_path / "c", n=1)
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "empty.md").write_text("   ")
    seen = []

    class Watch(IngestCallbacks):
        def problem(self, problem):
            seen.append(str(problem))

    with Store(db_path) as st:
        rep = ingest_paths(st, [folder, folder / "blob.txt", folder / "empty.md", tmp_path / "missing"],
                           coder=FakeCoder(), callbacks=Watch())
    assert rep.added == 1 and rep.failed == 3 and not rep.ok and rep.skipped == 2
    assert len(seen) == 3 and any("missing: no such file" in s for s in seen)


def test_undated_documents_are_stored_with_a_warning_only(tmp_path, db_path):
    (tmp_path / "a.txt").write_text(VISIT)
    with Store(db_path) as st:
        rep = ingest_paths(st, [tmp_path / "a.txt"], coder=FakeCoder())
        assert rep.ok and rep.added == 1 and st.document("a").date is None
        assert [p.level for p in rep.problems] == ["warning"]


def test_bundled_example_ingests_cleanly(db_path):
    """Every file the example's manifest lists goes in with its manifest date, and nothing else."""
    folder = bundled_example()
    if not (folder / "manifest.csv").exists():
        pytest.skip("examples/korea not written yet")
    with (folder / "manifest.csv").open(encoding="utf-8") as fh:
        dates = {row["file"].rsplit(".", 1)[0]: row["date"] for row in csv.DictReader(fh)}
    with Store(db_path) as st:
        rep = ingest_paths(st, [folder], coder=FakeCoder())
        assert rep.ok, [str(p) for p in rep.problems]
        assert {d.id: d.date for d in st.documents()} == dates
