"""The store's tables and their migrations. Bump SCHEMA_VERSION and append a migration."""

from __future__ import annotations

SCHEMA_VERSION = 2

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

EVENT_COLUMNS = V1_EVENT_COLUMNS + V2_EVENT_COLUMNS

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
}
