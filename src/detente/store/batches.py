"""Records → Arrow tables for the store's batch writes, typed as the tables' columns.

The event columns come from the one schema (``schema.EVENT_COLUMNS``, rows from
``schema.flatten``); the dyad keys are left out here and computed by SQL on insert. Building
columns in Python and inserting each table with one statement costs a fraction of row-by-row
``executemany`` (see docs/benchmarks.md, "Ingest and store writes").
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import pyarrow as pa

from detente.records import Document, Event, Sentence
from detente.store.schema import EVENT_COLUMNS, KEY_COLUMNS, flatten_columns

# Dates travel as ISO text (they may be partial before ``flatten`` fills ``day``); DuckDB casts on insert.
_ARROW = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "TINYINT": pa.int8(), "SMALLINT": pa.int16(),
          "INTEGER": pa.int32(), "BIGINT": pa.int64(), "BOOLEAN": pa.bool_(), "DATE": pa.string(),
          "TIMESTAMP": pa.string()}

DOCUMENT_COLUMNS = ("id", "path", "url", "title", "publisher", "date", "format", "content_hash", "text", "run_id")
SENTENCE_SCHEMA = pa.schema([("doc_id", pa.string()), ("idx", pa.int32()), ("text", pa.string()),
                             ("start_char", pa.int32()), ("end_char", pa.int32())])


@functools.cache
def event_schema() -> pa.Schema:
    """The events table's stored columns (without the SQL-derived keys) as an Arrow schema."""
    return pa.schema([(name, _ARROW[kind.split()[0]]) for name, kind in EVENT_COLUMNS if name not in KEY_COLUMNS])


def events_table(events: Sequence[Event]) -> pa.Table:
    """The events as one Arrow table, built column by column (``schema.flatten_columns``)."""
    schema = event_schema()
    if not events:
        return schema.empty_table()
    cols = flatten_columns(events)
    empty = [None] * len(events)
    return pa.Table.from_arrays([pa.array(cols.get(f.name, empty), type=f.type) for f in schema], schema=schema)


def documents_table(docs: Sequence[Document], run_id: int | None) -> pa.Table:
    schema = pa.schema([(name, pa.int32() if name == "run_id" else pa.string()) for name in DOCUMENT_COLUMNS])
    rows = [(d.id, d.path, d.url, d.title, d.publisher, d.date, d.format, d.content_hash, d.text, run_id)
            for d in docs]
    return pa.Table.from_arrays([pa.array(list(col), type=f.type) for col, f in zip(zip(*rows), schema)],
                                schema=schema)


def sentences_table(sentences: Sequence[Sentence]) -> pa.Table:
    if not sentences:
        return SENTENCE_SCHEMA.empty_table()
    cols = ([s.doc_id for s in sentences], [s.index for s in sentences], [s.text for s in sentences],
            [s.start for s in sentences], [s.end for s in sentences])
    return pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(cols, SENTENCE_SCHEMA)],
                                schema=SENTENCE_SCHEMA)
