"""The store's tables and their migrations. Bump SCHEMA_VERSION and append a migration."""

from __future__ import annotations

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

EVENT_COLUMNS = V1_EVENT_COLUMNS + V2_EVENT_COLUMNS


def actor_key_sql(side: str) -> str:
    """The dyad key of one side: its country (else the first three letters of its code).

    ``*`` marks rows whose country and code prefix disagree (``USA`` with code ``CHNGOV``): a
    side filter reads its key plus ``*`` with plain equality, which DuckDB prunes by zone maps,
    and checks the country-or-code-prefix rule on what is left, so the rule stays exact.
    """
    country, code = f"{side}_country", f"{side}_code"
    return (f"CASE WHEN {country} IS NOT NULL AND {code} IS NOT NULL AND left({code}, 3) <> {country} THEN '*'"
            f" ELSE coalesce({country}, left({code}, 3)) END")


# Added in version 3: derived dyad keys, filled on every write (the store's code, never the user's).
V3_DERIVED_COLUMNS: dict[str, str] = {"source_key": actor_key_sql("source"), "target_key": actor_key_sql("target")}
#: How events are clustered on disk (imports insert in this order; ``Store.compact`` rewrites to it).
CLUSTER_ORDER = "source_key, target_key, day"


def _v3_events_without_primary_key() -> list[str]:
    """Rebuild events without the ``id`` PRIMARY KEY (an index costing 2× the import time and 10× the memory;
    writes check id uniqueness themselves) and with the dyad keys, clustered."""
    v2 = V1_EVENT_COLUMNS + V2_EVENT_COLUMNS  # the table as version 2 left it (frozen)
    plain = [(name, kind.replace(" PRIMARY KEY", "")) for name, kind in v2]
    cols = ", ".join(name for name, _ in v2)
    keys = ", ".join(f"{expr} AS {name}" for name, expr in V3_DERIVED_COLUMNS.items())
    return [
        "CREATE TABLE events_v3 (" + ", ".join(f"{n} {k}" for n, k in plain)
        + ", " + ", ".join(f"{n} VARCHAR" for n in V3_DERIVED_COLUMNS) + ")",
        f"INSERT INTO events_v3 SELECT {cols}, {keys} FROM events ORDER BY {CLUSTER_ORDER}",
        "DROP TABLE events",
        "ALTER TABLE events_v3 RENAME TO events",
    ]

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
    3: _v3_events_without_primary_key(),
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
