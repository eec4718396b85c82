"""One store for documents, sentences and events: an embedded DuckDB file."""

from detente.store.duckdb_store import EventFilter, Store, StoreError, StoreSettings, default_db_path

__all__ = ["EventFilter", "Store", "StoreError", "StoreSettings", "default_db_path"]
