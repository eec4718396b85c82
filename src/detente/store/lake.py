"""The event lake: documents, sentences and events as Parquet files, partitioned by year and month.

Layout (hive partitioning, so any Parquet reader understands it)::

    lake/events/year=2019/month=3/<batch>_0.parquet
    lake/sentences/year=2019/month=3/<batch>_0.parquet     (partitioned by their document's date)
    lake/documents/year=2019/month=3/<batch>_0.parquet
    lake/_batches/<batch>.json                              (the batch's files and content hashes)

A batch is written whole or not at all: its files go to a temporary folder, are renamed into
place, and the marker in ``_batches`` is renamed in last. Readers (``attach``) take only the files
a marker names, and a writer deletes files no marker names (left by a killed batch), so a rerun
after a failure skips what is done and never duplicates. Columns are those of the store's own
tables (a batch is staged in an in-memory ``Store``): there is no second column list.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from detente.records import Document, Event, Sentence
from detente.store.duckdb_store import SaveResult, Store, StoreError
from detente.store.schema import KEY_COLUMNS

MARKERS = "_batches"
TABLES = ("documents", "sentences", "events")
# each table's rows with the year and month they are filed under
_PARTITIONED = {
    "documents": "SELECT *, year(date) AS year, month(date) AS month FROM documents",
    "sentences": "SELECT s.*, year(d.date) AS year, month(d.date) AS month "
                 "FROM sentences s LEFT JOIN documents d ON d.id = s.doc_id",
    "events": "SELECT *, year(day) AS year, month(day) AS month FROM events",
}


def is_lake(path: Path) -> bool:
    """A folder given as a store is a lake (a DuckDB store is always a file)."""
    return path.is_dir()


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def markers(lake: Path) -> dict[str, dict[str, Any]]:
    """Every committed batch: its id → its marker (files per table, content hashes, counts)."""
    folder = lake / MARKERS
    if not folder.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def committed_files(lake: Path, table: str) -> list[Path]:
    """The files of ``table`` that committed batches name, in batch order."""
    return [lake / table / rel for marker in markers(lake).values() for rel in marker["files"].get(table, [])]


# -- reading: a store over the lake ------------------------------------------------------------

def attach(con: duckdb.DuckDBPyConnection, lake: Path) -> None:
    """Replace the store's documents, sentences and events tables by views over the lake's files.

    ``con`` holds the store's empty tables (made by its migrations); each view has exactly
    their columns, so every read of the store works on a lake unchanged. A dyad key older files
    lack is computed; any other column they lack reads as NULL.
    """
    for table in TABLES:
        files = committed_files(lake, table)
        if not files:
            continue  # nothing written yet: the empty table stands in
        columns = con.execute(f"DESCRIBE {table}").fetchall()
        listed = "[" + ", ".join(_sql_text(f.as_posix()) for f in files) + "]"
        source = f"read_parquet({listed}, hive_partitioning = true, union_by_name = true)"
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        select = ", ".join(_lake_column(name, kind, present) for name, kind, *_ in columns)
        con.execute(f"DROP TABLE IF EXISTS {table}")
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT {select} FROM {source}")


def _lake_column(name: str, kind: str, present: set[str]) -> str:
    """One column of a lake view: as written, else the dyad key computed, else NULL (older files)."""
    if name in present:
        return name
    if name in KEY_COLUMNS:
        return f"{KEY_COLUMNS[name]} AS {name}"
    return f"CAST(NULL AS {kind}) AS {name}"


# -- writing: batches --------------------------------------------------------------------------

def batch_id(content_hashes: Iterable[str]) -> str:
    """The same documents (or file) always make the same batch id."""
    digest = hashlib.sha256("\n".join(sorted(content_hashes)).encode()).hexdigest()
    return digest[:24]


def clean(lake: Path) -> int:
    """Delete what a killed batch left (temporary folders, files no marker names); returns files removed."""
    for tmp in lake.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True)
    named = {(lake / t / rel) for m in markers(lake).values() for t, rels in m["files"].items() for rel in rels}
    removed = 0
    for table in TABLES:
        for f in (lake / table).rglob("*.parquet"):
            if f not in named:
                f.unlink()
                removed += 1
    return removed


def write_batch(store: Store, lake: Path, content_hashes: Sequence[str], bid: str | None = None) -> str:
    """Write the rows of ``store`` (an in-memory staging store) to the lake as one batch.

    Files first (each renamed into place), the marker last: until the marker exists the batch
    does not count, and a writer's ``clean`` removes its files.
    """
    bid = bid or batch_id(content_hashes)
    tmp = lake / f".tmp-{bid}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    files: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    try:
        for table in TABLES:
            counts[table] = int(store.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
            if not counts[table]:
                continue
            store.con.execute(f"COPY ({_PARTITIONED[table]}) TO {_sql_text((tmp / table).as_posix())} "
                              f"(FORMAT parquet, PARTITION_BY (year, month), FILENAME_PATTERN '{bid}_{{i}}')")
            files[table] = []
            for f in sorted((tmp / table).rglob("*.parquet")):
                rel = f.relative_to(tmp / table)
                (lake / table / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(f, lake / table / rel)
                files[table].append(rel.as_posix())
        marker = {"batch": bid, "written_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                  "content_hashes": sorted(content_hashes), "counts": counts, "files": files}
        (lake / MARKERS).mkdir(parents=True, exist_ok=True)
        part = lake / MARKERS / f".{bid}.json.tmp"
        part.write_text(json.dumps(marker, indent=1), encoding="utf-8")
        os.replace(part, lake / MARKERS / f"{bid}.json")
    except (OSError, duckdb.Error) as exc:  # "could not write": ingest stops at once, as on a full disk
        raise StoreError(f"could not write a batch to the lake {lake} ({str(exc).splitlines()[0]}); "
                         "the batches written before are whole, and a rerun writes the rest") from exc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return bid


def staging_store(memory_limit: str | None = None) -> Store:
    """An in-memory store with the current schema, to stage one batch in."""
    store = Store(":memory:")
    # an in-memory DuckDB spills to ./.tmp by default: keep the current folder clean
    store.con.execute(f"SET temp_directory = {_sql_text(str(Path(tempfile.gettempdir()) / 'detente-staging'))}")
    if memory_limit:
        store.con.execute(f"SET memory_limit = {_sql_text(memory_limit)}")
    return store


@dataclass
class LakeWriter:
    """Where ``ingest_paths`` writes when the target is a lake: documents gathered into batches.

    It offers the store's write methods (``document_hash``, ``begin_run``, ``save_document``,
    ``finish_run``); every ``batch_size`` documents, and at the end of the run, the batch is
    written whole. Files are never rewritten, so a document the lake holds in another version
    is refused (write the new version to a new lake).
    """

    path: Path
    batch_size: int = 16
    known: dict[str, str] = field(default_factory=dict)  # document id → content hash, in the lake
    removed: int = 0  # files of killed batches cleaned away when the writer opened

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        self.removed = clean(self.path)
        self._buffer = staging_store()
        self._hashes: list[str] = []
        files = committed_files(self.path, "documents")
        if files:
            listed = "[" + ", ".join(_sql_text(f.as_posix()) for f in files) + "]"
            rows = self._buffer.con.execute(f"SELECT id, content_hash FROM read_parquet({listed})").fetchall()
            self.known.update({r[0]: r[1] for r in rows})

    def document_hash(self, doc_id: str) -> str | None:
        return self.known.get(doc_id)

    def document_hashes(self, doc_ids: list[str]) -> dict[str, str | None]:
        return {i: self.known[i] for i in doc_ids if i in self.known}

    def begin_run(self, command: str) -> int:
        return len(markers(self.path)) + 1

    def save_document(self, doc: Document, sentences: list[Sentence], events: list[Event],
                      run_id: int | None = None) -> SaveResult:
        old = self.known.get(doc.id)
        if old == doc.content_hash:
            return "unchanged"
        if old is not None:
            raise StoreError(f"the lake holds another version of {doc.id!r} and its files are never "
                             "rewritten; write the new version to a new lake")
        self._buffer.save_document(doc, sentences, events, run_id)
        self.known[doc.id] = doc.content_hash or ""
        self._hashes.append(doc.content_hash or doc.id)
        if len(self._hashes) >= self.batch_size:
            self.flush()
        return "added"

    def save_documents(self, coded: list[tuple[Document, list[Sentence], list[Event]]],
                       run_id: int | None = None, stored: dict | None = None) -> list[SaveResult]:
        """A batch of documents, each as ``save_document`` takes it (``stored``, as ``Store``
        takes it, is not needed: the writer knows what the lake holds)."""
        return [self.save_document(doc, sentences, events, run_id) for doc, sentences, events in coded]

    def flush(self) -> None:
        """Write the documents gathered so far as one batch."""
        if not self._hashes:
            return
        write_batch(self._buffer, self.path, self._hashes)
        self._buffer.close()
        self._buffer = staging_store()
        self._hashes = []

    def finish_run(self, run_id: int | None, status: str, **counts: int) -> None:
        """The run's end (also Ctrl-C): the documents gathered are whole, so they are written."""
        self.flush()

    def close(self) -> None:
        self._buffer.close()


# -- imports -----------------------------------------------------------------------------------

def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def import_file(lake: Path, fmt: str, path: Path, origin: str | None = None,
                memory_limit: str | None = "2GB") -> Any:
    """Import one ICEWS/GDELT file into the lake with the store's own importer (same parsing and checks).

    The batch id comes from the format, origin and file content: a file already in the lake is
    skipped (the report says ``skipped=True``). A bad file raises ``ImportError_`` naming it and
    the line; nothing of it is written.
    """
    from detente.store.importers import IMPORTERS, ImportError_

    if fmt not in ("icews", "gdelt"):
        raise ImportError_(f"format {fmt!r}: a lake imports icews or gdelt files")
    path, lake = Path(path), Path(lake)
    label = origin or fmt
    bid = batch_id([f"{fmt}:{label}:{file_hash(path) if path.is_file() else path}"])
    if (lake / MARKERS / f"{bid}.json").exists():
        return LakeImport(path=str(path), origin=label, events=0, skipped=True)
    with staging_store(memory_limit) as store:
        report = IMPORTERS[fmt](store, path, origin=label)
        write_batch(store, lake, [bid], bid=bid)
    return LakeImport(path=str(path), origin=report.origin, events=report.events, skipped=False,
                      unmapped_codes=report.unmapped_codes)


@dataclass
class LakeImport:
    """One file's import into a lake."""

    path: str
    origin: str
    events: int
    skipped: bool  # already in the lake (same content): nothing written
    unmapped_codes: int = 0


# -- the query benchmark's reference: bare DuckDB over the same files ---------------------------

def set_memory_limit(con: duckdb.DuckDBPyConnection, limit: str) -> None:
    con.execute(f"SET memory_limit = {_sql_text(limit)}")


def bare_frame(lake: Path, sql: str, params: Sequence[Any], memory_limit: str | None = None) -> Any:
    """Run a query written against ``events`` on a fresh DuckDB over the lake's files, no store in between.

    ``events`` becomes ``read_parquet('<lake>/events/**/*.parquet', hive_partitioning = true)``,
    the plainest way to query the lake: what DuckDB alone costs (the limit the store aims at).
    """
    source = (f"read_parquet({_sql_text((Path(lake) / 'events' / '**' / '*.parquet').as_posix())}, "
              "hive_partitioning = true)")
    with duckdb.connect(":memory:") as con:
        if memory_limit:
            set_memory_limit(con, memory_limit)
        return con.execute(sql.replace(" FROM events", f" FROM {source}"), list(params)).df()
