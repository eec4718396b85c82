"""The DuckDB store: documents, sentences, events and ingest runs in one file.

Documents are written in batches, one transaction per batch (each document's sentences and
events replaced with it), so a process killed mid-ingest leaves every document whole or absent
and a rerun completes it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb

from detente.records import Document, Event, Sentence
from detente.store.reads import StoreReads
from detente.store.schema import (
    EVENT_COLUMNS,
    MIGRATIONS,
    SCHEMA_VERSION,
    missing_columns,
    stored_columns,
    unflatten,
)
from detente.store.scope import StoreScoped, match_sql
from detente.store.upkeep import StoreUpkeep

EVENT_FIELDS = [name for name, _ in EVENT_COLUMNS]
SaveResult = Literal["added", "replaced", "unchanged"]
Coded = tuple[Document, list[Sentence], list[Event]]


class StoreError(Exception):
    """A store problem to show the user in one line."""


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, whether Python saw it or DuckDB did (it stops the query and raises its own error)."""
    if isinstance(exc, KeyboardInterrupt | duckdb.InterruptException):
        return True
    return isinstance(exc, RuntimeError) and str(exc).strip() == "Query interrupted"


_DAMAGE = ("could not read enough bytes", "corrupt", "checksum", "serialization")


def damaged(exc: BaseException) -> bool:
    """An error that means the file itself is damaged (truncated, overwritten), not misused."""
    text = str(exc).lower()
    return isinstance(exc, duckdb.SerializationException | duckdb.InternalException) or any(m in text for m in _DAMAGE)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT; on any failure ROLLBACK, and the original error is the one that leaves.

    A COMMIT that fails (disk full) has already ended the transaction, so the ROLLBACK fails
    too; its "no transaction is active" must not hide the real error. A Ctrl-C that DuckDB
    caught inside a query leaves as KeyboardInterrupt, so every caller stops as for Ctrl-C.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException as exc:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error:
            pass  # nothing left to roll back: the transaction ended with the failure
        if is_interrupt(exc) and not isinstance(exc, KeyboardInterrupt):
            raise KeyboardInterrupt from exc
        raise


def default_db_path() -> Path:
    return Path(os.environ.get("DETENTE_DB", "detente.duckdb"))


@dataclass
class EventFilter:
    """Which events to read. Actor values are a country (ISO alpha-3) or a CAMEO actor code prefix."""

    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    code: str | None = None  # CAMEO code prefix
    modality: list[str] | None = None
    origin: str | None = None
    doc: str | None = None
    limit: int | None = None
    offset: int = 0  # rows skipped before the limit (paging)
    order: str = "day, id"
    ids: list[str] | None = None

    def where(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []

        def side(prefix: str, value: str) -> None:
            sql, values = match_sql(prefix, [value])
            conds.append(sql)
            params.extend(values)

        if self.actor:
            (s_sql, s_params), (t_sql, t_params) = match_sql("source", [self.actor]), match_sql("target", [self.actor])
            conds.append(f"({s_sql} OR {t_sql})")
            params.extend([*s_params, *t_params])
        if self.source:
            side("source", self.source)
        if self.target:
            side("target", self.target)
        if self.since:
            conds.append("day >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            conds.append("day <= CAST(? AS DATE)")
            params.append(self.until)
        if self.code:
            conds.append("starts_with(cameo, ?)")
            params.append(self.code)
        if self.modality:
            conds.append("modality IN (" + ", ".join("?" for _ in self.modality) + ")")
            params.extend(self.modality)
        if self.origin:
            conds.append("origin = ?")
            params.append(self.origin)
        if self.doc:
            conds.append("doc_id = ?")
            params.append(self.doc)
        if self.ids is not None:
            conds.append("id IN (" + ", ".join("?" for _ in self.ids) + ")" if self.ids else "FALSE")
            params.extend(self.ids)
        return (" WHERE " + " AND ".join(conds)) if conds else "", params


def row_event(row: dict[str, Any]) -> Event:
    """A row of the events table back into an ``Event`` (``schema.unflatten``)."""
    return unflatten(row)


@dataclass
class StoreSettings:
    """DuckDB settings of a store connection.

    The memory limit bounds DuckDB's buffers (big imports and sorts spill to a temporary folder
    beside the store instead of growing), so a 10 M-event import stays under 2 GB resident.
    ``DETENTE_MEMORY_LIMIT`` overrides the default.
    """

    memory_limit: str = field(default_factory=lambda: os.environ.get("DETENTE_MEMORY_LIMIT", "1GB"))
    threads: int | None = None

    def config(self) -> dict[str, str | bool | int | float | list[str]]:
        out: dict[str, str | bool | int | float | list[str]] = {"memory_limit": self.memory_limit}
        if self.threads:
            out["threads"] = str(self.threads)
        return out


class Store(StoreReads, StoreScoped, StoreUpkeep):
    """The project's one store. Use as a context manager; library and CLI share it."""

    def __init__(self, path: str | Path | None = None, read_only: bool = False,
                 settings: StoreSettings | None = None, create: bool = True) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.lake: Path | None = None
        if self.path.is_dir():  # an event lake: this store's tables become views over its files
            self._open_lake()
            return
        if (read_only or not create) and not self.path.exists():  # only writers that fill a store make one
            raise StoreError(f"no store at {self.path} (run `detente ingest` or `detente import` first)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only,
                                      config=(settings or StoreSettings()).config())
        except duckdb.Error as exc:
            raise self._open_error(exc) from exc
        try:
            self._check_and_migrate(read_only)
        except BaseException as exc:
            self.con.close()
            if isinstance(exc, duckdb.Error):
                raise self._open_error(exc) from exc
            raise

    def _open_lake(self) -> None:
        """An in-memory store whose documents, sentences and events read the lake (store/lake.py)."""
        from detente.store.lake import attach

        self.lake, self.con = self.path, duckdb.connect(":memory:")
        try:
            self.migrate()
            attach(self.con, self.path)
        except duckdb.Error as exc:
            self.con.close()
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"cannot read the lake {self.path}: {first}") from exc

    def _open_error(self, exc: duckdb.Error) -> StoreError:
        """One line for a store that cannot be opened; a damaged file is called damaged."""
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if damaged(exc):
            return StoreError(f"{self.path} is damaged (truncated or corrupt); "
                              "restore it from a copy or ingest again into a new store")
        return StoreError(f"cannot open store {self.path}: {first}")

    def _check_and_migrate(self, read_only: bool) -> None:
        if not read_only:
            self.migrate()
            self.mark_stale_runs()
        elif self.schema_version() == 0:
            raise StoreError(f"{self.path} is not a detente store")

    # -- lifecycle -------------------------------------------------------------------------
    def cursor(self) -> Store:
        """Another handle on this open store, for one thread (``detente serve``'s readers).

        It sees the last committed state and is never blocked by a write on the original
        (DuckDB's MVCC within one process); close it when done.
        """
        other = object.__new__(type(self))
        other.path, other.lake = self.path, self.lake
        other.con = self.con.cursor()
        return other

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        try:
            rows = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        except duckdb.CatalogException:  # no meta table: not ours (a damaged file raises, above)
            return 0
        return int(rows[0][0]) if rows else 0

    def _foreign_tables(self) -> list[str]:
        """Tables of a DuckDB file that is not a detente store (empty for a new or detente file)."""
        tables = [r[0] for r in self.con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND NOT temporary ORDER BY 1").fetchall()]
        return tables if tables and self.schema_version() == 0 else []

    def migrate(self) -> None:
        """Bring the store to this version's schema; another program's DuckDB file is refused first."""
        foreign = self._foreign_tables()
        if foreign:
            shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
            raise StoreError(f"{self.path} is a DuckDB file of another program (tables: {shown}), "
                             "not a detente store; left untouched")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path} has schema {current}, newer than this detente ({SCHEMA_VERSION})")
        for version in range(current + 1, SCHEMA_VERSION + 1):
            with transaction(self.con):
                for stmt in MIGRATIONS[version]:
                    self.con.execute(stmt)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)]
                )
        present = {r[0] for r in self.con.execute("DESCRIBE events").fetchall()}
        for stmt in missing_columns(present):  # fields the record gained since the last migration
            self.con.execute(stmt)

    # -- documents ---------------------------------------------------------------------------
    def document_hash(self, doc_id: str) -> str | None:
        rows = self.con.execute("SELECT content_hash FROM documents WHERE id = ?", [doc_id]).fetchall()
        return rows[0][0] if rows else None

    def document_hashes(self, doc_ids: list[str]) -> dict[str, str | None]:
        """Content hashes of the stored documents among ``doc_ids`` (one query for a whole batch)."""
        if not doc_ids:
            return {}
        rows = self.con.execute(
            "SELECT id, content_hash FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [doc_ids]).fetchall()
        return dict(rows)

    def save_document(self, doc: Document, sentences: list[Sentence], events: list[Event],
                      run_id: int | None = None) -> SaveResult:
        """Store a document with its sentences and events, replacing an older version at once."""
        return self.save_documents([(doc, sentences, events)], run_id)[0]

    def save_documents(self, coded: list[Coded], run_id: int | None = None,
                       stored: dict[str, str | None] | None = None) -> list[SaveResult]:
        """Store a batch of documents (with their sentences and events) in one transaction.

        A crash leaves each document of the batch whole or absent; unchanged documents (same
        content hash) are skipped. Rows go in as Arrow tables, one statement per table.
        ``stored``: the stored content hashes of these documents as the caller read them
        (``document_hashes``) and has kept them since, the only writer meanwhile (an ingest run):
        they spare a query per batch; without them the store reads its own.
        """
        old = self.document_hashes([doc.id for doc, _, _ in coded]) if stored is None else {
            doc.id: stored[doc.id] for doc, _, _ in coded if doc.id in stored}
        results: list[SaveResult] = []
        todo: list[Coded] = []
        for item in coded:
            doc = item[0]
            if doc.id in old and old[doc.id] == doc.content_hash:
                results.append("unchanged")
            else:
                results.append("replaced" if doc.id in old else "added")
                todo.append(item)
        if len({doc.id for doc, _, _ in todo}) != len(todo):
            raise StoreError("the same document twice in one batch")
        if todo:
            self._write_batch(todo, [doc.id for doc, _, _ in todo if doc.id in old], run_id)
        return results

    def _write_batch(self, todo: list[Coded], replaced: list[str], run_id: int | None) -> None:
        from detente.store import batches  # pyarrow: loaded by writers only

        docs = batches.documents_table([doc for doc, _, _ in todo], run_id)
        sents = batches.sentences_table([s for _, sentences, _ in todo for s in sentences])
        events = [e for _, _, evs in todo for e in evs]
        con = self.con
        with transaction(con):
            if replaced:
                con.execute("DELETE FROM events WHERE origin = 'coded' AND doc_id IN (SELECT unnest(?::VARCHAR[]))",
                            [replaced])
                con.execute("DELETE FROM sentences WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
                con.execute("DELETE FROM documents WHERE id IN (SELECT unnest(?::VARCHAR[]))", [replaced])
            self._append("documents", docs)
            self._append("sentences", sents)
            self._insert_events(events)

    def _append(self, table: str, rows: Any, names: str | None = None, values: str | None = None) -> None:
        """Insert an Arrow table whose columns are named as the table's (one statement, no row loop)."""
        if rows.num_rows == 0:
            return
        self.con.register("_batch_rows", rows)
        try:
            cols = ", ".join(rows.column_names)
            self.con.execute(f"INSERT INTO {table} ({names or cols}) SELECT {values or cols} FROM _batch_rows")
        finally:
            self.con.unregister("_batch_rows")

    def _insert_events(self, events: Iterable[Event]) -> int:
        """Append events; their ids must be new (checked here: the table keeps no index on ``id``)."""
        from detente.store import batches

        events = list(events)
        if not events:
            return 0
        ids = [e.id for e in events]
        if len(set(ids)) != len(ids):
            raise StoreError("two events with the same id in one write")
        clash = self.con.execute(
            "SELECT id FROM events WHERE id IN (SELECT unnest(?::VARCHAR[])) LIMIT 1", [ids]).fetchall()
        if clash:
            raise StoreError(f"event id {clash[0][0]!r} is already stored")
        table = batches.events_table(events)
        self._append("events", table, *stored_columns(table.column_names))
        return len(events)

    def insert_events(self, events: Iterable[Event]) -> int:
        """Add events (not tied to a document change) in one transaction."""
        with transaction(self.con):
            n = self._insert_events(events)
        return n

    def documents(self, with_text: bool = False) -> list[Document]:
        cols = "id, text, path, url, title, publisher, CAST(date AS VARCHAR), content_hash, format"
        rows = self.con.execute(f"SELECT {cols} FROM documents ORDER BY id").fetchall()
        return [
            Document(id=r[0], text=r[1] if with_text else "", path=r[2], url=r[3], title=r[4],
                     publisher=r[5], date=r[6], content_hash=r[7], format=r[8])
            for r in rows
        ]

    def document(self, doc_id: str) -> Document | None:
        found = self.con.execute(
            "SELECT id, text, path, url, title, publisher, CAST(date AS VARCHAR), content_hash, format"
            " FROM documents WHERE id = ?", [doc_id]).fetchall()
        if not found:
            return None
        r = found[0]
        return Document(id=r[0], text=r[1], path=r[2], url=r[3], title=r[4], publisher=r[5],
                        date=r[6], content_hash=r[7], format=r[8])

    def sentences(self, doc_id: str) -> list[Sentence]:
        rows = self.con.execute(
            "SELECT doc_id, idx, text, start_char, end_char FROM sentences WHERE doc_id = ? ORDER BY idx",
            [doc_id]).fetchall()
        return [Sentence(doc_id=r[0], index=r[1], text=r[2], start=r[3], end=r[4]) for r in rows]

    # -- events ------------------------------------------------------------------------------
    def events_sql(self, flt: EventFilter | None = None, columns: str = "*") -> tuple[str, list[Any]]:
        flt = flt or EventFilter()
        where, params = flt.where()
        sql = f"SELECT {columns} FROM events{where} ORDER BY {flt.order}"
        if flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        if flt.offset:
            sql += f" OFFSET {int(flt.offset)}"
        return sql, params

    def events(self, flt: EventFilter | None = None) -> list[Event]:
        sql, params = self.events_sql(flt)
        cur = self.con.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [row_event(dict(zip(names, r))) for r in cur.fetchall()]

    def events_frame(self, flt: EventFilter | None = None, columns: str = "*"):
        """Events as a pandas DataFrame (for analysis)."""
        sql, params = self.events_sql(flt, columns)
        return self.con.execute(sql, params).df()

    def event(self, event_id: str) -> Event | None:
        found = self.events(EventFilter(ids=[event_id]))
        return found[0] if found else None

    # -- runs and stats ----------------------------------------------------------------------
    def mark_stale_runs(self) -> int:
        """Runs still "running" when the store is opened for writing were killed: say so.

        DuckDB lets one process write a file at a time, so no live ingest can own them.
        """
        with transaction(self.con):
            n = self.con.execute("SELECT count(*) FROM ingest_runs WHERE status = 'running'").fetchall()[0][0]
            if n:
                self.con.execute("UPDATE ingest_runs SET status = 'interrupted' WHERE status = 'running'")
        return int(n)

    def begin_run(self, command: str) -> int:
        run_id = self.con.execute("SELECT nextval('ingest_run_ids')").fetchall()[0][0]
        self.con.execute(
            "INSERT INTO ingest_runs (id, started_at, command, status) VALUES (?, current_timestamp, ?, 'running')",
            [run_id, command],
        )
        return int(run_id)

    def run_commands(self) -> list[str]:
        """The command of every ingest run recorded, oldest first (who wrote this store)."""
        return [r[0] for r in self.con.execute("SELECT command FROM ingest_runs ORDER BY id").fetchall()]

    def finish_run(self, run_id: int, status: str, **counts: int) -> None:
        sets = ", ".join(f"{k} = ?" for k in counts)
        self.con.execute(
            f"UPDATE ingest_runs SET finished_at = current_timestamp, status = ?{', ' + sets if sets else ''}"
            " WHERE id = ?",
            [status, *counts.values(), run_id],
        )

    def stats(self) -> dict[str, Any]:
        q = self.con.execute
        out: dict[str, Any] = {
            "documents": q("SELECT count(*) FROM documents").fetchall()[0][0],
            "sentences": q("SELECT count(*) FROM sentences").fetchall()[0][0],
            "events": q("SELECT count(*) FROM events").fetchall()[0][0],
        }
        out["events_by_origin"] = dict(q("SELECT origin, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        out["events_by_modality"] = dict(q("SELECT modality, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC").fetchall())
        out["events_by_quad_class"] = dict(q("SELECT quad_class, count(*) FROM events GROUP BY 1 ORDER BY 1").fetchall())
        span = q("SELECT CAST(min(day) AS VARCHAR), CAST(max(day) AS VARCHAR) FROM events").fetchall()[0]
        out["first_day"], out["last_day"] = span
        out["runs"] = q("SELECT count(*) FROM ingest_runs").fetchall()[0][0]
        return out
