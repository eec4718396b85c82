"""Store upkeep and saved models: compaction into dyad order, the event watermark, fitted models.

Kept apart from ``duckdb_store`` (writes and core reads) so each module stays small; ``Store``
mixes these in.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import duckdb

from detente.store.schema import CLUSTER_ORDER

if TYPE_CHECKING:
    from detente.store.duckdb_store import EventFilter


class StoreUpkeep:
    """Mixed into ``Store``: ``compact``, ``event_watermark``, ``save_model`` / ``load_model`` / ``model_meta``."""

    con: duckdb.DuckDBPyConnection

    def count_events(self, flt: EventFilter | None = None) -> int:
        raise NotImplementedError  # provided by StoreReads

    def compact(self) -> int:
        """Rewrite the events clustered by dyad and day (after many ingests or re-imports), in one
        transaction, and reclaim the space of deleted rows; returns the number of events."""
        from detente.store.duckdb_store import transaction

        cols = ", ".join(r[0] for r in self.con.execute("DESCRIBE events").fetchall())
        with transaction(self.con):
            self.con.execute(f"CREATE TABLE events_compact AS SELECT {cols} FROM events ORDER BY {CLUSTER_ORDER}")
            self.con.execute("DROP TABLE events")
            self.con.execute("ALTER TABLE events_compact RENAME TO events")
        self.con.execute("CHECKPOINT")
        return self.count_events()

    def event_watermark(self, flt: EventFilter | None = None) -> dict[str, Any]:
        """How many dated events ``flt`` selects and the last day among them (what a fitted model saw)."""
        from detente.store.duckdb_store import EventFilter

        where, params = (flt or EventFilter()).where()
        n, last = self.con.execute(
            f"SELECT count(day), CAST(max(day) AS VARCHAR) FROM events{where}", params).fetchall()[0]
        return {"events": int(n), "last_day": last}

    def save_model(self, name: str, meta: dict[str, Any], data: bytes) -> None:
        """Keep a fitted model (its description and its arrays as bytes), replacing one of the same name."""
        from detente.store.duckdb_store import transaction

        with transaction(self.con):
            self.con.execute("DELETE FROM models WHERE name = ?", [name])
            self.con.execute("INSERT INTO models (name, meta, data) VALUES (?, ?, ?)", [name, json.dumps(meta), data])

    def model_meta(self, name: str) -> dict[str, Any] | None:
        """A saved model's description without its bytes (is there one, and what did it see?)."""
        try:
            rows = self.con.execute("SELECT meta FROM models WHERE name = ?", [name]).fetchall()
        except duckdb.CatalogException:  # schema before version 4: no models table
            return None
        return json.loads(rows[0][0]) if rows else None

    def load_model(self, name: str) -> tuple[dict[str, Any], bytes] | None:
        """A saved model's description and bytes, or None (also for an older store opened read-only)."""
        try:
            rows = self.con.execute("SELECT meta, data FROM models WHERE name = ?", [name]).fetchall()
        except duckdb.CatalogException:  # schema before version 4: no models table
            return None
        return (json.loads(rows[0][0]), bytes(rows[0][1])) if rows else None
