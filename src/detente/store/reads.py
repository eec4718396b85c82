"""Read queries other packages need, as store methods with parameters (no SQL from callers).

Kept apart from ``duckdb_store`` (the write path and the core reads) so each stays small;
``Store`` mixes these in.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from detente.records import COUNTED_MODALITIES
from detente.store.schema import EVENT_COLUMNS

if TYPE_CHECKING:  # pandas loads with the first frame asked for, not with the store
    import pandas as pd

    from detente.store.duckdb_store import EventFilter

#: pandas dtypes for the events table's integer columns, so a NULL stays NA instead of making a float.
_INT_KINDS = ("INTEGER", "TINYINT", "SMALLINT", "BIGINT")
INT_COLUMNS = tuple(name for name, kind in EVENT_COLUMNS if kind.split()[0] in _INT_KINDS)
CHUNK_VECTORS = 3  # DuckDB vectors (2,048 rows each) per streamed frame


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns as nullable ``Int64`` (DuckDB hands NULL-bearing ones over as float)."""
    for col in INT_COLUMNS:
        if col in frame.columns and frame[col].dtype != "Int64":
            frame[col] = frame[col].astype("Int64")
    return frame


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


class StoreReads:
    """Mixed into ``Store``: aggregate and streaming reads, each a parameterised method."""

    con: duckdb.DuckDBPyConnection

    def events_sql(self, flt: EventFilter | None = None, columns: str = "*") -> tuple[str, list[Any]]:
        raise NotImplementedError  # provided by Store

    # -- events ----------------------------------------------------------------------------
    def count_events(self, flt: EventFilter | None = None) -> int:
        """How many events ``flt`` selects (its limit ignored)."""
        from detente.store.duckdb_store import EventFilter

        where, params = (flt or EventFilter()).where()
        return int(self.con.execute(f"SELECT count(*) FROM events{where}", params).fetchall()[0][0])

    def event_frames(self, flt: EventFilter | None = None, columns: str = "*") -> Iterator[pd.DataFrame]:
        """The events of ``flt`` as DataFrames of a few thousand rows each (for streaming exports).

        The first frame comes even when it is empty, so a caller always learns the columns.
        """
        sql, params = self.events_sql(flt, columns)
        cur = self.con.cursor()  # its own cursor, so a caller may query the store between chunks
        try:
            cur.execute(sql, params)
            first = True
            while True:
                frame = cur.fetch_df_chunk(CHUNK_VECTORS)
                if frame.empty and not first:
                    break
                first = False
                yield typed(frame)
                if frame.empty:
                    break
        finally:
            cur.close()

    def event_batches(self, flt: EventFilter | None = None, columns: str = "*", rows: int = 20_000) -> Iterator[Any]:
        """The events of ``flt`` as Arrow record batches of about ``rows`` rows (for writers that
        stream without building Python rows); an empty result gives no batch."""
        sql, params = self.events_sql(flt, columns)
        cur = self.con.cursor()  # its own cursor, so a caller may query the store between batches
        try:
            rel = cur.sql(sql, params=params)  # a relation streams Arrow without an extra copy
            reader = getattr(rel, "to_arrow_reader", None) or getattr(rel, "fetch_arrow_reader")  # noqa: B009 (DuckDB 2 / 1.x)
            yield from reader(rows)
        finally:
            cur.close()

    def events_to_parquet(self, flt: EventFilter | None, columns: str, path: Path) -> int:
        """Write the events of ``flt`` (``columns``) to a Parquet file by DuckDB; returns the count."""
        sql, params = self.events_sql(flt, columns)
        cur = self.con.cursor()  # a fresh cursor: the relation API refuses a connection with a pending result
        try:
            cur.sql(sql, params=params).write_parquet(str(path))
            return int(cur.execute(f"SELECT count(*) FROM ({sql})", params).fetchall()[0][0])
        finally:
            cur.close()

    def count_by(self, column: str) -> dict[Any, int]:
        """Events counted by one of their columns (``cameo_root``, ``origin``, …), most first."""
        if column not in {name for name, _ in EVENT_COLUMNS}:
            raise ValueError(f"no event column {column!r}")
        rows = self.con.execute(f"SELECT {column}, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
        return {k: int(n) for k, n in rows}

    def busiest_countries(self, k: int = 3, modalities: Sequence[str] = COUNTED_MODALITIES,
                          since: str | None = None, until: str | None = None) -> list[str]:
        """The ``k`` countries in the most events of ``modalities`` (either side), within the dates.

        Unknown countries (``---``) are not a cast member.
        """
        from detente.store.duckdb_store import EventFilter

        flt = EventFilter(since=since, until=until, modality=list(modalities))
        inner, params = self.events_sql(flt, columns="source_country, target_country")
        sql = (f"SELECT c, count(*) AS n FROM (SELECT source_country AS c FROM ({inner}) a UNION ALL"
               f" SELECT target_country FROM ({inner}) b) WHERE regexp_matches(c, '^[A-Z0-9]{{2,12}}$')"
               " GROUP BY c ORDER BY n DESC, c LIMIT ?")
        return [r[0] for r in self.con.execute(sql, [*params, *params, int(k)]).fetchall()]

    def busiest_dyad(self, actors: Sequence[str],
                     modalities: Sequence[str] = COUNTED_MODALITIES) -> tuple[str, str] | None:
        """The directed pair of ``actors`` (countries) with the most events of ``modalities``."""
        if len(actors) < 2:
            return None
        rows = self.con.execute(
            f"SELECT source_country, target_country, count(*) FROM events WHERE source_country IN ({_marks(actors)})"
            f" AND target_country IN ({_marks(actors)}) AND source_country <> target_country"
            f" AND modality IN ({_marks(modalities)}) GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT 1",
            [*actors, *actors, *modalities],
        ).fetchall()
        return (rows[0][0], rows[0][1]) if rows else None

    # -- documents -------------------------------------------------------------------------
    def document_counts(self) -> dict[str, dict[str, int]]:
        """Per document id: how many sentences and events it gave."""
        rows = self.con.execute(
            "SELECT d.id, (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id),"
            " (SELECT count(*) FROM events e WHERE e.doc_id = d.id) FROM documents d"
        ).fetchall()
        return {r[0]: {"sentences": int(r[1]), "events": int(r[2])} for r in rows}

    def documents_by_date(self, limit: int = 200) -> list[dict[str, Any]]:
        """Documents in date order (undated last) with their event counts, at most ``limit``."""
        frame = self.con.execute(
            "SELECT d.id, d.title, d.publisher, CAST(d.date AS VARCHAR) AS date, count(e.id) AS events"
            " FROM documents d LEFT JOIN events e ON e.doc_id = d.id GROUP BY ALL ORDER BY 4 NULLS LAST, 1 LIMIT ?",
            [int(limit)],
        ).df()
        return list(frame.to_dict("records"))


def frame_to_parquet(frame: pd.DataFrame, path: Path) -> int:
    """Write a DataFrame to Parquet with DuckDB's writer (the one ``events_to_parquet`` uses)."""
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        con.execute(f"COPY frame TO '{Path(path).as_posix().replace(chr(39), chr(39) * 2)}' (FORMAT parquet)")
    finally:
        con.close()
    return len(frame)
