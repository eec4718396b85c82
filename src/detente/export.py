"""The event writers: JSON lines, CSV and Parquet, shared by the CLI and the Python API.

Each writer takes DataFrames of event rows (the store's columns): the CLI streams them from
the store a few thousand at a time, ``EventFrame.to_csv`` etc. pass the one frame they hold.
JSON lines are exactly ``Event.to_json()``; CSV and Parquet have ``EXPORT_COLUMNS`` (with the
CSV writer over Arrow batches, in ``detente.export_csv``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

import pandas as pd

from detente.export_csv import EXPORT_COLUMNS, EXPORT_SQL, write_csv_batches
from detente.store.duckdb_store import row_event
from detente.store.reads import frame_to_parquet

__all__ = ["EXPORT_COLUMNS", "EXPORT_SQL", "EventFrame", "write_csv", "write_csv_batches", "write_jsonl",
           "write_parquet"]


def plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts of plain Python values (None for every kind of missing value)."""
    return list(frame.astype(object).where(frame.notna(), None).to_dict("records"))


def write_jsonl(frames: Iterable[pd.DataFrame], out: IO[str]) -> int:
    """One ``Event.to_json()`` object per line; the frames need every event column."""
    n = 0
    for frame in frames:
        for row in plain_rows(frame):
            out.write(json.dumps(row_event(row).to_json(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(frames: Iterable[pd.DataFrame], out: IO[str]) -> int:
    """A header of ``EXPORT_COLUMNS``, then one row per event (``write_csv_batches`` formats them)."""
    import pyarrow as pa

    return write_csv_batches((pa.Table.from_pandas(f[list(EXPORT_COLUMNS)], preserve_index=False) for f in frames),
                             out)


def write_parquet(frame: pd.DataFrame, path: Path | str) -> int:
    """``EXPORT_COLUMNS`` of one frame to Parquet, by the writer the store uses for whole queries."""
    return frame_to_parquet(frame[list(EXPORT_COLUMNS)], Path(path))


class EventFrame(pd.DataFrame):
    """A DataFrame of events (the store's columns) that also writes the project's export formats.

    ``to_jsonl`` writes ``Event.to_json()`` lines; ``to_csv`` and ``to_parquet`` called with a
    path alone write ``EXPORT_COLUMNS`` as ``detente events --format csv|parquet`` does; with any
    other argument they are pandas's own.
    """

    @property
    def _constructor(self) -> type[EventFrame]:
        return EventFrame

    def to_jsonl(self, path: Path | str | IO[str]) -> int:
        return _to(path, lambda fh: write_jsonl([self], fh))

    def to_csv(self, path_or_buf: Any = None, *args: Any, **kwargs: Any) -> Any:
        if path_or_buf is None or args or kwargs or not set(EXPORT_COLUMNS) <= set(self.columns):
            return super().to_csv(path_or_buf, *args, **kwargs)
        return _to(path_or_buf, lambda fh: write_csv([self], fh))

    def to_parquet(self, path: Any = None, *args: Any, **kwargs: Any) -> Any:
        if not isinstance(path, (str, Path)) or args or kwargs or not set(EXPORT_COLUMNS) <= set(self.columns):
            return super().to_parquet(path, *args, **kwargs)
        return write_parquet(self, path)


def _to(path: Path | str | IO[str], write: Any) -> int:
    if isinstance(path, (str, Path)):
        with open(path, "w", encoding="utf-8", newline="") as fh:
            return int(write(fh))
    return int(write(path))
