"""The store's tables and their migrations. Bump SCHEMA_VERSION and append a migration.

The events table's columns are derived from the ``Event`` record (``record_columns``): an
``Actor`` field becomes ``<field>_<attr>`` columns, ``day`` (the first day of ``date``) is added
for range queries, and each actor's dyad key ``<side>_key`` (``KEY_COLUMNS``, computed by SQL on
every write) so DuckDB can prune a dyad's rows by zone maps. A field added to the record becomes a column of new stores and of old ones
(``missing_columns``: added on open), of the importers' staging, and of the exports.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Sequence
from typing import Any

from detente.records import Actor, Event

SCHEMA_VERSION = 4

# The events table as schema version 1 created it (frozen: later versions add columns by migration).
V1_EVENT_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR PRIMARY KEY"),
    ("doc_id", "VARCHAR"),
    ("sentence_id", "VARCHAR"),
    ("sentence", "VARCHAR"),
    ("date", "VARCHAR"),  # ISO YYYY-MM-DD, YYYY-MM or YYYY, as precise as the text allows
    ("day", "DATE"),  # first day of `date`, for range queries and series
    ("date_precision", "VARCHAR"),
    ("date_end", "VARCHAR"),
    ("source_text", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("source_country", "VARCHAR"),
    ("source_sector", "VARCHAR"),
    ("target_text", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_sector", "VARCHAR"),
    ("cameo", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "TINYINT"),
    ("plover_event", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("pattern", "VARCHAR"),
    ("origin", "VARCHAR"),
    ("trigger_start", "INTEGER"),
    ("trigger_end", "INTEGER"),
    ("explanation", "VARCHAR"),  # JSON text: how the event was coded
]

# Added in version 2: the evidence spans of source and target (character offsets in the sentence).
V2_EVENT_COLUMNS: list[tuple[str, str]] = [
    ("source_start", "INTEGER"),
    ("source_end", "INTEGER"),
    ("target_start", "INTEGER"),
    ("target_end", "INTEGER"),
]

_SQL_TYPES = {str: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", dict: "VARCHAR"}
DERIVED = {"day": ("date", "DATE"), "source_key": ("source", "VARCHAR"), "target_key": ("target", "VARCHAR")}
"""Derived column → (the field it follows, its type). ``day`` is computed by ``flatten``, the keys by SQL."""


def actor_key_sql(side: str) -> str:
    """The dyad key of one side: its country (else the first three letters of its code).

    ``*`` marks rows whose country and code prefix disagree (``USA`` with code ``CHNGOV``): a
    side filter (``scope.match_sql``) reads its key plus ``*`` by plain equality, which DuckDB
    prunes by zone maps, then checks the country-or-code-prefix rule on what is left, so the rule
    stays exact.
    """
    country, code = f"{side}_country", f"{side}_code"
    return (f"CASE WHEN {country} IS NOT NULL AND {code} IS NOT NULL AND left({code}, 3) <> {country} THEN '*'"
            f" ELSE coalesce({country}, left({code}, 3)) END")


#: Derived by SQL on every write (the store's code, never the user's): the dyad keys.
KEY_COLUMNS: dict[str, str] = {"source_key": actor_key_sql("source"), "target_key": actor_key_sql("target")}
#: How events lie on disk: imports insert in this order, ``Store.compact`` rewrites to it.
CLUSTER_ORDER = "source_key, target_key, day"


def _base_type(hint: Any) -> Any:
    """``str | None`` → str; ``Literal["a", "b"]`` → str; ``dict[str, Any]`` → dict."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is typing.Literal:
        return type(typing.get_args(hint)[0])
    return typing.get_origin(hint) or hint


def _sql_type(f: dataclasses.Field, hint: Any) -> str:
    return f.metadata.get("sql") or _SQL_TYPES[_base_type(hint)]


def record_columns(record: type = Event) -> list[tuple[str, str]]:
    """(column, SQL type) for every stored field of ``record``, in field order."""
    hints = typing.get_type_hints(record)
    out: list[tuple[str, str]] = []
    for f in dataclasses.fields(record):
        if _kinds(record)[f.name] is Actor:
            actor_hints = typing.get_type_hints(Actor)
            out += [(f"{f.name}_{a.name}", _sql_type(a, actor_hints[a.name])) for a in dataclasses.fields(Actor)]
        else:
            out.append((f.name, _sql_type(f, hints[f.name])))
        out += [(name, kind) for name, (after, kind) in DERIVED.items() if after == f.name]
    return out


def export_columns(record: type = Event) -> tuple[str, ...]:
    """The flat columns of CSV/Parquet exports: the JSON's fields, actors spread, long text (``wide``) last."""
    head: list[str] = []
    tail: list[str] = []
    for f in dataclasses.fields(record):
        if not f.metadata.get("json", True):
            continue
        if _kinds(record)[f.name] is Actor:
            head += [f"{f.name}_{a.name}" for a in dataclasses.fields(Actor) if a.metadata.get("json", True)]
        else:
            (tail if f.metadata.get("wide") else head).append(f.name)
    return tuple(head + tail)


def first_day(date: str | None) -> str | None:
    """``2018-06`` → ``2018-06-01``; ``2018`` → ``2018-01-01``; None stays None."""
    if not date:
        return None
    parts = date.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-01-01"
    if len(parts) == 2:
        return f"{parts[0]}-{parts[1]}-01"
    return date


@functools.cache
def _kinds(record: Any) -> dict[str, Any]:
    """Field name → its base type (``Actor``, str, …), resolved once per record class."""
    return {name: _base_type(hint) for name, hint in typing.get_type_hints(record).items()}


def flatten(event: Any) -> dict[str, Any]:
    """A record as its column values (actors spread over their columns, the explanation as JSON text)."""
    return {name: values[0] for name, values in flatten_columns([event]).items()}


def flatten_columns(events: Sequence[Any]) -> dict[str, list[Any]]:
    """``flatten`` of every record, column by column (the store's batch writes: the same values,
    without a dict per record); records of one class."""
    if not events:
        return {}
    kinds = _kinds(typing.cast(Any, type(events[0])))
    cols: dict[str, list[Any]] = {}
    for f in dataclasses.fields(events[0]):
        values = [getattr(e, f.name) for e in events]
        if kinds[f.name] is Actor:
            for a in dataclasses.fields(Actor):
                cols[f"{f.name}_{a.name}"] = [getattr(v, a.name) if v else None for v in values]
        else:
            cols[f.name] = [(json.dumps(v) if v else None) if isinstance(v, dict) else v for v in values]
    cols["day"] = [first_day(d) for d in cols.get("date", [None] * len(events))]
    return cols


def stored_columns(columns: list[str]) -> tuple[str, str]:
    """(names, values) for ``INSERT INTO events (names) SELECT values FROM <rows with columns>``:
    the given columns, then the dyad keys computed from them."""
    given = [c for c in columns if c not in KEY_COLUMNS]
    names = ", ".join([*given, *KEY_COLUMNS])
    values = ", ".join([*given, *(f"{sql} AS {name}" for name, sql in KEY_COLUMNS.items())])
    return names, values


def unflatten(row: dict[str, Any], record: type = Event) -> Any:
    """Column values (a store row) back into a record; columns an older store lacks read as None."""
    kinds = _kinds(record)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        kind = kinds[f.name]
        if kind is Actor:
            side: dict[str, Any] = {a.name: row.get(f"{f.name}_{a.name}") for a in dataclasses.fields(Actor)}
            has = side["text"] is not None or side["code"] is not None or side["country"] is not None
            kwargs[f.name] = Actor(**{**side, "text": side["text"] or side["code"] or ""}) if has else None
        elif kind is dict:
            kwargs[f.name] = json.loads(row[f.name]) if row.get(f.name) else {}
        elif f.name in row:
            kwargs[f.name] = row[f.name]
    return record(**kwargs)


def fill_values(record: type = Event) -> dict[str, Any]:
    """Columns an import may leave out, with the record's default (None where it has none)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        default = None if f.default is dataclasses.MISSING else f.default
        if _kinds(record)[f.name] is Actor:
            out.update({f"{f.name}_{a.name}": None for a in dataclasses.fields(Actor)})
        else:
            out[f.name] = default
    return out


#: The events table as the current record defines it (new columns reach old stores on open).
EVENT_COLUMNS = record_columns(Event)

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE IF NOT EXISTS documents (
            id VARCHAR PRIMARY KEY,
            path VARCHAR,
            url VARCHAR,
            title VARCHAR,
            publisher VARCHAR,
            date DATE,
            format VARCHAR,
            content_hash VARCHAR,
            text VARCHAR,
            ingested_at TIMESTAMP DEFAULT current_timestamp,
            run_id INTEGER
        )""",
        """CREATE TABLE IF NOT EXISTS sentences (
            doc_id VARCHAR,
            idx INTEGER,
            text VARCHAR,
            start_char INTEGER,
            end_char INTEGER,
            PRIMARY KEY (doc_id, idx)
        )""",
        "CREATE TABLE IF NOT EXISTS events ("
        + ", ".join(f"{name} {kind}" for name, kind in V1_EVENT_COLUMNS)
        + ")",
        """CREATE TABLE IF NOT EXISTS ingest_runs (
            id INTEGER PRIMARY KEY,
            started_at TIMESTAMP,
            finished_at TIMESTAMP,
            command VARCHAR,
            status VARCHAR,
            n_added INTEGER DEFAULT 0,
            n_replaced INTEGER DEFAULT 0,
            n_unchanged INTEGER DEFAULT 0,
            n_failed INTEGER DEFAULT 0,
            n_events INTEGER DEFAULT 0
        )""",
        "CREATE SEQUENCE IF NOT EXISTS ingest_run_ids START 1",
    ],
    2: [f"ALTER TABLE events ADD COLUMN IF NOT EXISTS {name} {kind}" for name, kind in V2_EVENT_COLUMNS],
    # Version 3: events without the ``id`` PRIMARY KEY (an index costing twice the import time and
    # ten times its memory; writes check id uniqueness themselves), with the dyad keys, clustered.
    # CREATE TABLE AS keeps every column and type of the old table and none of its constraints.
    3: [
        "CREATE TABLE events_v3 AS SELECT *, "
        + ", ".join(f"{sql} AS {name}" for name, sql in KEY_COLUMNS.items())
        + f" FROM events ORDER BY {CLUSTER_ORDER}",
        "DROP TABLE events",
        "ALTER TABLE events_v3 RENAME TO events",
    ],
    # Version 4: fitted models (forecasters) saved with the event watermark they were fitted at.
    4: [
        """CREATE TABLE IF NOT EXISTS models (
            name VARCHAR PRIMARY KEY,
            fitted_at TIMESTAMP DEFAULT current_timestamp,
            meta VARCHAR,
            data BLOB
        )""",
    ],
}


def missing_columns(present: set[str], record: type = Event) -> list[str]:
    """``ALTER TABLE`` statements adding the record's columns an events table lacks."""
    return [f"ALTER TABLE events ADD COLUMN {name} {kind}" for name, kind in record_columns(record)
            if name not in present]
