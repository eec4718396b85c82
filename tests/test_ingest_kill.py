"""An ingest killed halfway (SIGKILL) leaves a consistent store, and a rerun completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from detente.corpus import ingest_paths
from detente.store import Store
from ingest_fakes import FakeCoder

N_DOCS = 200
TESTS = Path(__file__).resolve().parent


def make_corpus(folder: Path) -> Path:
    folder.mkdir()
    for i in range(N_DOCS):
        (folder / f"doc{i:03d}.txt").write_text(
            f"North Korea visited China on day {i}. The talks lasted hours. Nothing else happened.")
    return folder


def snapshot(db: Path) -> dict:
    with Store(db, read_only=True) as st:
        q = st.con.execute
        return {
            "documents": q("SELECT count(*) FROM documents").fetchone()[0],
            "sentences": q("SELECT count(*) FROM sentences").fetchone()[0],
            "events": sorted(r[0] for r in q("SELECT id FROM events").fetchall()),
            "per_doc": dict(q("SELECT d.id, count(s.idx) FROM documents d LEFT JOIN sentences s"
                              " ON s.doc_id = d.id GROUP BY 1").fetchall()),
        }


def ingest_cmd(folder: Path, db: Path) -> list[str]:
    return [sys.executable, "-c", "import sys; from detente.cli import main; sys.argv[0] = 'detente'; main()",
            "ingest", str(folder), "--db", str(db), "--coder", "ingest_fakes:FakeCoder", "--verbose"]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def signal_after(folder: Path, db: Path, env: dict, n: int, sig: int) -> tuple[subprocess.Popen, int]:
    """Start an ingest and send it ``sig`` once ``n`` documents are stored; (process, documents seen)."""
    # Python leaves SIGINT ignored in a child whose parent ignores it (some library in the test run
    # may have done so), and then no KeyboardInterrupt comes: start the child as a shell would
    proc = subprocess.Popen(ingest_cmd(folder, db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, preexec_fn=_default_sigint)
    stored = 0
    for line in proc.stdout:
        stored += line.startswith("added ")
        if stored >= n:
            proc.send_signal(sig)
            break
    return proc, stored


@pytest.mark.slow
def test_kill_halfway_then_rerun(tmp_path):
    folder = make_corpus(tmp_path / "many")
    clean_db, db = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    with Store(clean_db) as st:
        ingest_paths(st, [folder], coder=FakeCoder())
    clean = snapshot(clean_db)
    assert clean["documents"] == N_DOCS

    env = {**os.environ, "PYTHONPATH": str(TESTS), "PYTHONUNBUFFERED": "1", "FAKE_CODER_DELAY": "0.02",
           "COLUMNS": "200"}
    proc, stored = signal_after(folder, db, env, 20, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    halfway = snapshot(db)
    assert stored <= halfway["documents"] < N_DOCS
    assert all(n == clean["per_doc"][doc] for doc, n in halfway["per_doc"].items())  # no half-written document
    assert len(halfway["events"]) == halfway["documents"]  # each document's one event came with it

    env["FAKE_CODER_DELAY"] = "0"
    rerun = subprocess.run(ingest_cmd(folder, db), capture_output=True, text=True, env=env, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert "Traceback" not in rerun.stderr
    assert snapshot(db) == clean
