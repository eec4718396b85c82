"""Scale-out on Dask: the same answers on a cluster as serially, bad --cluster values, a dead worker."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente import open as open_db
from detente.cli.app import app
from detente.scale import ClusterError, ClusterSpec, ScaleConfig, parse_cluster

distributed = pytest.importorskip("distributed")

SMALL = ScaleConfig(batch_size=2)  # several batches, so both workers code some

# our own short texts, each with something the coder should find
TEXTS = {
    "talks": "China hosted talks with North Korea in Beijing on Monday. The two sides agreed to meet again.",
    "sanctions": "The United States imposed new sanctions on North Korea. Washington accused Pyongyang of "
                 "testing a missile.",
    "visit": "South Korea's president visited Washington and praised the United States for its support.",
    "aid": "China promised food aid to North Korea after the floods. Beijing also criticised the sanctions.",
    "warning": "North Korea threatened the United States with retaliation. Seoul urged calm.",
}


def corpus(folder: Path, extra: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["file,date,title,publisher"]
    for i, (name, text) in enumerate({**TEXTS, **(extra or {})}.items()):
        (folder / f"{name}.txt").write_text(text)
        rows.append(f"{name}.txt,2019-0{1 + i % 9}-1{i},{name},Desk")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n")
    return folder


def event_keys(path: Path) -> list[tuple]:
    with open_db(path, read_only=True) as db:
        frame = db.events()
        counts = db.stats()
    keys = sorted(zip(frame["id"], frame["cameo"], frame["date"].astype(str), frame["source_code"].astype(str),
                      frame["target_code"].astype(str), frame["doc_id"]))
    return [keys, counts["documents"], counts["sentences"]]


@pytest.mark.parametrize("text, spec", [
    ("local:3", ClusterSpec(workers=3)),
    ("tcp://10.0.0.5:8786", ClusterSpec(address="tcp://10.0.0.5:8786")),
])
def test_cluster_values(text, spec):
    assert parse_cluster(text) == spec
    assert parse_cluster("local").workers >= 1


@pytest.mark.parametrize("bad", ["local:0", "local:two", "10.0.0.5:8786", "yarn"])
def test_bad_cluster_is_one_line_before_the_store_is_touched(tmp_path, bad):
    with pytest.raises(ClusterError):
        parse_cluster(bad)
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus(tmp_path / "c")), "--db", str(db), "--cluster", bad])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "--cluster" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not db.exists()


@pytest.fixture(scope="module")
def client():
    """One two-worker cluster (processes, one thread each) for the whole module."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as lc, \
            distributed.Client(lc) as c:
        yield c


@pytest.mark.slow
def test_cluster_ingest_gives_the_same_events_as_serial(tmp_path, nlp, client):
    folder = corpus(tmp_path / "c")
    with open_db(tmp_path / "serial.duckdb") as db:  # the default coder, as on the cluster's workers
        serial = db.ingest(folder)
    with open_db(tmp_path / "dask.duckdb") as db:
        spread = db.ingest(folder, cluster=client, scale=SMALL)
    assert serial.ok and spread.ok and spread.added == serial.added == len(TEXTS)
    keys = event_keys(tmp_path / "serial.duckdb")
    assert keys[0], "the texts should yield events"
    assert event_keys(tmp_path / "dask.duckdb") == keys
    with open_db(tmp_path / "dask.duckdb") as db:  # a rerun skips everything, on the cluster too
        again = db.ingest(folder, cluster=client)
    assert again.unchanged == len(TEXTS) and again.added == 0


@pytest.mark.slow
def test_a_bad_document_fails_alone_on_a_worker(tmp_path, client):
    from ingest_fakes import FakeCoder

    folder = corpus(tmp_path / "c", {"bomb": "EXPLODE. China visited North Korea."})
    with open_db(tmp_path / "s.duckdb") as db:
        report = db.ingest(folder, coder=FakeCoder(), cluster=client, scale=SMALL)
    assert report.added == len(TEXTS) and report.failed == 1
    assert "fake coder cannot cope" in str(report.problems[0])


@pytest.mark.slow
def test_a_killed_worker_batch_is_coded_again(tmp_path, client):
    from scale_fakes import DyingCoder

    folder = corpus(tmp_path / "c", {"doomed": "China visited North Korea. DIE"})
    marker = tmp_path / "killed"
    with open_db(tmp_path / "s.duckdb") as db:
        report = db.ingest(folder, coder=DyingCoder(marker), cluster=client, scale=SMALL)
        n_docs = db.stats()["documents"]
    assert marker.exists(), "a worker should have been killed"
    assert report.ok and report.added == len(TEXTS) + 1 == n_docs


@pytest.mark.slow
def test_cli_cluster_ingest_shows_rates(tmp_path, client, monkeypatch):
    from contextlib import contextmanager

    import detente.scale

    @contextmanager
    def module_client(spec):  # the module's cluster stands in for `local:2`
        yield client

    monkeypatch.setattr(detente.scale, "open_client", module_client)
    db = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(corpus(tmp_path / "c")), "--db", str(db), "--cluster", "local:2",
                                      "--coder", "ingest_fakes:FakeCoder"])
    assert result.exit_code == 0, result.output
    assert f"coded on local:2: {len(TEXTS)} documents" in result.stderr and "sentences/s" in result.stderr
    with open_db(db, read_only=True) as database:
        assert database.stats()["documents"] == len(TEXTS)


# -- the event lake on a cluster ---------------------------------------------------------------

def _lake(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


@pytest.mark.slow
def test_cluster_lake_ingest_equals_a_serial_one(tmp_path, nlp, client):
    from lake_fixtures import lake_rows

    folder = corpus(tmp_path / "c")
    with open_db(_lake(tmp_path / "serial")) as db:  # the default coder, as on the cluster's workers
        db.ingest(folder)
    with open_db(_lake(tmp_path / "spread")) as db:
        report = db.ingest(folder, cluster=client, scale=SMALL)
    assert report.ok and report.added == len(TEXTS)
    serial = lake_rows(tmp_path / "serial")
    assert serial[0], "the texts should yield events"
    assert lake_rows(tmp_path / "spread") == serial


@pytest.mark.slow
def test_a_killed_worker_during_a_lake_ingest_leaves_the_lake_of_a_clean_run(tmp_path, client):
    from detente.store.lake import markers
    from ingest_fakes import FakeCoder
    from lake_fixtures import lake_rows
    from scale_fakes import DyingCoder

    folder = corpus(tmp_path / "c", {"doomed": "China visited North Korea. DIE"})
    marker = tmp_path / "killed"
    with open_db(_lake(tmp_path / "spread")) as db:
        report = db.ingest(folder, coder=DyingCoder(marker), cluster=client, scale=SMALL)
    assert marker.exists(), "a worker should have been killed"
    assert report.ok and report.added == len(TEXTS) + 1
    with open_db(_lake(tmp_path / "serial")) as db:
        db.ingest(folder, coder=FakeCoder())
    spread = lake_rows(tmp_path / "spread")
    assert spread == lake_rows(tmp_path / "serial") and spread[1] == len(TEXTS) + 1
    hashes = [h for m in markers(tmp_path / "spread").values() for h in m["content_hashes"]]
    assert len(hashes) == len(set(hashes)) == len(TEXTS) + 1  # every document in exactly one batch


@pytest.mark.slow
def test_parallel_import_equals_a_serial_one(tmp_path, client):
    from detente.scale.imports import import_files
    from lake_fixtures import icews_file, lake_rows

    files = [icews_file(tmp_path / f"f{i}.tab", 1000 * i, 200, seed=i) for i in range(3)]
    bad = tmp_path / "bad.tab"
    bad.write_text("Event ID\tfoo\n1\t2\n")
    spread = import_files(tmp_path / "spread", "icews", [*files, bad], cluster=client)
    serial = import_files(tmp_path / "serial", "icews", files)
    assert [o.result.events for o in spread[:3]] == [o.result.events for o in serial] == [200] * 3
    assert spread[3].problem and str(bad) in spread[3].problem
    assert lake_rows(tmp_path / "spread") == lake_rows(tmp_path / "serial")
    again = import_files(tmp_path / "spread", "icews", files, cluster=client)
    assert all(o.result.skipped for o in again)
