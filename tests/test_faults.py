"""Faults under the store: failed COMMITs, Ctrl-C, killed runs, damaged and foreign files, a full disk."""

from __future__ import annotations

import random
import shutil
import string
import subprocess
from pathlib import Path

import duckdb
import pytest

from detente.corpus.ingest import ingest_paths
from detente.records import Document
from detente.store import Store, StoreError
from ingest_fakes import FakeCoder

TEXT = "North Korea visited China. The talks went on for two days."


class Faulty:
    """A connection that fails COMMIT the way a full disk does: the transaction is gone, then it raises."""

    def __init__(self, con, fault: BaseException, after_commit: bool = False) -> None:
        self.con, self.fault, self.after_commit = con, fault, after_commit

    def execute(self, sql, *args):
        if sql.strip().upper() == "COMMIT":
            if self.after_commit:  # Ctrl-C landing just after a COMMIT went through
                self.con.execute("COMMIT")
            else:
                self.con.execute("ROLLBACK")
            raise self.fault
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def doc(i: int) -> Document:
    d = Document(id=f"d{i}", text=TEXT, path=f"d{i}.txt")
    d.content_hash = f"h{i}"
    return d


def test_a_failed_commit_keeps_its_own_error(db_path):
    with Store(db_path) as store:
        real = store.con
        store.con = Faulty(real, duckdb.IOException("IO Error: No space left on device"))
        with pytest.raises(duckdb.IOException, match="No space left"):
            store.save_document(doc(1), [], [])
        store.con = real
        assert store.document_hash("d1") is None  # nothing half-written


def test_ctrl_c_after_a_commit_stops_the_ingest_and_the_document_counts_as_stored(tmp_path, db_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(TEXT)
    with Store(db_path) as store:
        real = store.con
        store.con = Faulty(real, KeyboardInterrupt(), after_commit=True)
        with pytest.raises(KeyboardInterrupt):
            # one document per batch (one transaction each), so the interrupt lands between documents
            ingest_paths(store, [tmp_path / f"d{i}.txt" for i in range(3)], coder=FakeCoder(), batch_size=1)
        store.con = real
        assert [d.id for d in store.documents()] == ["d0"]  # stored whole, and the run stopped there
        assert store.con.execute("SELECT status FROM ingest_runs").fetchall() == [("interrupted",)]
        assert len(store.sentences("d0")) == 2


def test_an_interrupt_inside_a_duckdb_query_exits_130(monkeypatch, capsys):
    import detente.cli as cli

    def interrupted():
        raise RuntimeError("Query interrupted")  # what DuckDB raises when Ctrl-C lands inside a query

    monkeypatch.setattr(cli, "app", interrupted)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 130
    assert capsys.readouterr().err.strip() == "error: interrupted"


def test_the_last_guard_prints_markup_like_text_as_is(monkeypatch, capsys):
    import detente.cli as cli

    def broken():
        raise ValueError("bad [/x] value\nsecond line")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 1
    assert capsys.readouterr().err.strip() == "error: ValueError: bad [/x] value"


def test_runs_left_running_by_a_killed_process_are_marked_interrupted(db_path):
    with Store(db_path) as store:
        run = store.begin_run("ingest")  # and then the process dies
    with Store(db_path, read_only=True) as store:
        assert store.con.execute("SELECT status FROM ingest_runs").fetchall() == [("running",)]
    with Store(db_path) as store:
        assert store.con.execute("SELECT id, status FROM ingest_runs").fetchall() == [(run, "interrupted")]


def test_a_truncated_store_is_called_damaged(tmp_path, db_path):
    with Store(db_path) as store:
        store.con.execute("INSERT INTO documents (id, text) SELECT 'd' || range, repeat('x', 200) FROM range(20000)")
    data = db_path.read_bytes()
    for cut in (len(data) // 2, 12288):
        short = tmp_path / f"cut{cut}.duckdb"
        short.write_bytes(data[:cut])
        for read_only in (True, False):
            with pytest.raises(StoreError, match=r"is damaged \(truncated or corrupt\)"):
                Store(short, read_only=read_only)


def test_another_programs_duckdb_file_is_left_untouched(tmp_path):
    path = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, total DOUBLE)")
    con.close()
    with pytest.raises(StoreError, match="another program.*tables: orders.*not a detente store"):
        Store(path)
    con = duckdb.connect(str(path), read_only=True)
    assert [r[0] for r in con.execute("SHOW TABLES").fetchall()] == ["orders"]
    con.close()


# -- a full disk -------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path: Path):
    """A 3 MB tmpfs (needs root and mount); skipped with the reason elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: the disk-full test needs a small tmpfs")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip() or 'not root'})")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_stops_the_ingest_with_its_own_error_and_what_was_stored_stays(tmp_path, small_disk):
    rng = random.Random(0)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(45):  # ~4.3 MB of incompressible text for a 3 MB disk, in pieces of 96 kB
        words = " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(7)) for _ in range(12000))
        (corpus / f"d{i:02}.txt").write_text(f"North Korea visited China {i}. {words}")
    db = small_disk / "s.duckdb"
    with Store(db) as store:
        with pytest.raises(StoreError, match="No space left on device") as stop:
            ingest_paths(store, [corpus], coder=FakeCoder())
    assert "no transaction is active" not in str(stop.value) and "a rerun stores the rest" in str(stop.value)
    shutil.copy(db, tmp_path / "copy.duckdb")
    if (small_disk / "s.duckdb.wal").exists():
        shutil.copy(small_disk / "s.duckdb.wal", tmp_path / "copy.duckdb.wal")
    with Store(tmp_path / "copy.duckdb", read_only=True) as store:
        stored = store.documents(with_text=True)
        assert 0 < len(stored) < 45
        for d in stored:  # every stored document is whole: its text, its sentences, its event
            assert d.text == (corpus / f"{d.id}.txt").read_text()
            assert len(store.sentences(d.id)) == 2 and len(store.events()) == len(stored)


@pytest.mark.slow
def test_ctrl_c_halfway_exits_130_and_leaves_a_consistent_store(tmp_path):
    import os
    import signal

    from test_ingest_kill import TESTS, make_corpus, signal_after, snapshot

    folder, db = make_corpus(tmp_path / "many"), tmp_path / "s.duckdb"
    env = {**os.environ, "PYTHONPATH": str(TESTS), "PYTHONUNBUFFERED": "1", "FAKE_CODER_DELAY": "0.02",
           "FAKE_CODER_HOLD_AFTER": "40"}  # still running when the signal comes, however loaded the machine
    # after two whole batches (16 documents each) the next write waits behind the hold
    proc, stored = signal_after(folder, db, env, 32, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    halfway = snapshot(db)
    assert stored <= halfway["documents"] < 200
    assert set(halfway["per_doc"].values()) == {3} and len(halfway["events"]) == halfway["documents"]
    with Store(db, read_only=True) as store:
        assert store.con.execute("SELECT status FROM ingest_runs").fetchall() == [("interrupted",)]


@pytest.mark.parametrize("args", [["compact"], ["forecast", "fit"]])
def test_commands_that_need_a_store_refuse_a_missing_one_and_make_none(tmp_path, args):
    from typer.testing import CliRunner

    from detente.cli import app

    missing = tmp_path / "typo.duckdb"
    res = CliRunner().invoke(app, [*args, "--db", str(missing)])
    assert res.exit_code != 0 and "no store at" in res.output
    assert "Traceback" not in res.output
    assert not missing.exists()
