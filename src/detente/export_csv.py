"""The flat export columns and the CSV writer over Arrow batches: the pandas-free part of
``detente.export``, so ``detente events --format csv`` starts without loading pandas."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from detente.store.schema import export_columns

#: The flat columns of ``events --format csv|parquet``, derived from the ``Event`` record: its JSON
#: fields with the actors spread out and the sentence last.
EXPORT_COLUMNS: tuple[str, ...] = export_columns()
EXPORT_SQL = ", ".join(EXPORT_COLUMNS)


def write_csv_batches(batches: Iterable[Any], out: IO[str]) -> int:
    """CSV from Arrow batches (or tables) of ``EXPORT_COLUMNS``, formatted by Arrow's writer batch by
    batch, with no Python loop over rows: the CLI's export runs at the speed of DuckDB's own."""
    import io

    import pyarrow.csv as pacsv

    n, header = 0, True
    for batch in batches:
        buf = io.BytesIO()
        pacsv.write_csv(batch, buf, pacsv.WriteOptions(include_header=header, quoting_style="needed"))
        out.write(buf.getvalue().decode("utf-8"))
        n, header = n + batch.num_rows, False
    if header:  # no rows at all: the header alone
        csv.writer(out, lineterminator="\n").writerow(EXPORT_COLUMNS)
    return n
