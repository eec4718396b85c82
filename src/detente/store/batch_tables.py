"""Records → Arrow tables for the store's batch writes (columns named and typed as the tables).

Building columns in Python and inserting them with one statement per table costs a fraction of
row-by-row ``executemany`` (see docs/benchmarks.md, "Ingest and store writes").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from detente.records import Document, Sentence
from detente.store.schema import EVENT_COLUMNS

_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "TINYINT": pa.int8(), "INTEGER": pa.int32(),
          "DATE": pa.string()}  # dates travel as ISO text; DuckDB casts them on insert

EVENT_SCHEMA = pa.schema([(name, _ARROW[kind.split()[0]]) for name, kind in EVENT_COLUMNS])
DOCUMENT_SCHEMA = pa.schema([(name, pa.string()) for name in
                             ("id", "path", "url", "title", "publisher", "date", "format", "content_hash", "text")]
                            + [("run_id", pa.int32())])
SENTENCE_SCHEMA = pa.schema([("doc_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()),
                             ("start_char", pa.int32()), ("end_char", pa.int32())])


def rows_table(rows: Sequence[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    """Row tuples (in the schema's column order) → one Arrow table."""
    if not rows:
        return schema.empty_table()
    columns = list(zip(*rows))
    return pa.Table.from_arrays([pa.array(col, type=f.type) for col, f in zip(columns, schema)], schema=schema)


def event_rows_table(rows: Sequence[tuple[Any, ...]]) -> pa.Table:
    return rows_table(rows, EVENT_SCHEMA)


def documents_table(docs: Sequence[Document], run_id: int | None) -> pa.Table:
    return rows_table([(d.id, d.path, d.url, d.title, d.publisher, d.date, d.format, d.content_hash, d.text, run_id)
                       for d in docs], DOCUMENT_SCHEMA)


def sentences_table(sentences: Sequence[Sentence]) -> pa.Table:
    return rows_table([(s.doc_id, s.index, s.text, s.start, s.end) for s in sentences], SENTENCE_SCHEMA)
