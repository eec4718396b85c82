"""CLI commands: events, docs, stats (reading the store)."""

from __future__ import annotations

import csv
import json
import re
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO

import duckdb
import typer
from rich.markup import escape
from rich.table import Table

from detente.cli.app import DbOption, app, console, db_path, err_console, fail
from detente.corpus.dates import DateError, parse_bound
from detente.records import MODALITIES
from detente.store import EventFilter, Store, StoreError
from detente.store.duckdb_store import row_event

TABLE_LIMIT = 50  # rows shown by --format table when no --limit is given
CHUNK = 5000  # rows fetched at a time when streaming jsonl / csv
CSV_COLUMNS = (
    "id, doc_id, sentence_id, date, date_precision, date_end, source_text, source_code, source_country,"
    " source_sector, target_text, target_code, target_country, target_sector, cameo, cameo_root, goldstein,"
    " quad_class, plover_event, plover_mode, modality, confidence, pattern, origin, sentence"
)


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class DocFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@contextmanager
def open_store(db: Path | None):
    """The store, read-only; a missing or foreign file is a one-line error."""
    try:
        store = Store(db_path(db), read_only=True)
    except StoreError as exc:
        fail(str(exc))
    try:
        yield store
    finally:
        store.close()


def build_filter(actor: str | None, source: str | None, target: str | None, since: str | None,
                 until: str | None, code: str | None, modality: list[str] | None, origin: str | None,
                 doc: str | None, limit: int | None) -> EventFilter:
    """Validate the command-line filters (one-line errors) and turn them into an EventFilter."""
    try:
        lo = parse_bound(since) if since else None
        hi = parse_bound(until, end=True) if until else None
    except DateError as exc:
        fail(f"--since/--until: {exc}")
    if lo and hi and lo > hi:
        fail(f"--since {since} is after --until {until}")
    if code is not None and not re.fullmatch(r"\d{2,4}", code.strip()):
        fail(f"--code {code!r} is not a CAMEO code prefix (two to four digits, e.g. 04 or 0431)")
    mods = [m.strip().lower() for value in modality or [] for m in value.split(",") if m.strip()]
    unknown = [m for m in mods if m not in MODALITIES]
    if unknown:
        fail(f"--modality {unknown[0]!r} is not one of {', '.join(MODALITIES)}")
    for name, value in (("--actor", actor), ("--source", source), ("--target", target)):
        if value is not None and not re.fullmatch(r"[A-Za-z0-9]{2,15}", value.strip()):
            fail(f"{name} {value!r} is not a country or actor code (e.g. PRK or CHNGOV)")
    if limit is not None and limit < 1:
        fail("--limit must be at least 1")
    return EventFilter(actor=_strip(actor), source=_strip(source), target=_strip(target), since=lo, until=hi,
                       code=code.strip() if code else None, modality=mods or None, origin=origin, doc=doc,
                       limit=limit)


def _strip(value: str | None) -> str | None:
    return value.strip() if value else None


@contextmanager
def _output(path: Path | None):
    if path is None:
        yield sys.stdout
        return
    try:
        fh = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    with fh:
        yield fh


def write_jsonl(store: Store, flt: EventFilter, out: IO[str]) -> int:
    """Exactly ``Event.to_json()`` per line, streamed in chunks."""
    sql, params = store.events_sql(flt)
    cur = store.con.execute(sql, params)
    names = [d[0] for d in cur.description]
    n = 0
    while rows := cur.fetchmany(CHUNK):
        for row in rows:
            out.write(json.dumps(row_event(dict(zip(names, row))).to_json(), ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(store: Store, flt: EventFilter, out: IO[str]) -> int:
    sql, params = store.events_sql(flt, CSV_COLUMNS)
    cur = store.con.execute(sql, params)
    writer = csv.writer(out)
    writer.writerow([d[0] for d in cur.description])
    n = 0
    while rows := cur.fetchmany(CHUNK):
        writer.writerows(rows)
        n += len(rows)
    return n


def write_parquet(store: Store, flt: EventFilter, path: Path) -> int:
    sql, params = store.events_sql(flt, CSV_COLUMNS)
    cur = store.con.cursor()  # a fresh cursor: the relation API refuses a connection with a pending result
    try:
        cur.sql(sql, params=params).write_parquet(str(path))
        return cur.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0]
    finally:
        cur.close()


def events_table(store: Store, flt: EventFilter) -> Table:
    table = Table(show_lines=False)
    for name, style in (("id", "dim"), ("date", None), ("source", "cyan"), ("target", "magenta"),
                        ("cameo", "bold"), ("goldstein", None), ("modality", None), ("origin", None),
                        ("sentence", "dim")):
        table.add_column(name, style=style, justify="right" if name == "goldstein" else "left",
                         overflow="fold" if name in ("sentence", "id") else "ellipsis",
                         min_width=10 if name == "date" else None)
    for e in store.events(flt):
        side = [(a.code or a.country or a.text) if a else "" for a in (e.source, e.target)]
        sentence = (e.sentence or "")[:160]
        table.add_row(escape(e.id), e.date or "", escape(side[0] or ""), escape(side[1] or ""), e.cameo,
                      "" if e.goldstein is None else f"{e.goldstein:g}", e.modality, e.origin, escape(sentence))
    return table


@app.command()
def events(
    actor: str | None = typer.Option(None, "--actor", help="Either side: country (PRK) or actor code prefix (CHNGOV)."),
    source: str | None = typer.Option(None, "--source", help="Source country or actor code prefix."),
    target: str | None = typer.Option(None, "--target", help="Target country or actor code prefix."),
    since: str | None = typer.Option(None, "--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
    until: str | None = typer.Option(None, "--until", help="Up to this date, inclusive."),
    code: str | None = typer.Option(None, "--code", help="CAMEO code prefix, e.g. 04 or 0431."),
    modality: list[str] | None = typer.Option(None, "--modality", help="asserted, negated, … (repeat or comma-separate)."),
    origin: str | None = typer.Option(None, "--origin", help="coded, or an imported data set's name."),
    doc: str | None = typer.Option(None, "--doc", help="Only events from this document id."),
    limit: int | None = typer.Option(None, "--limit", help=f"At most this many (table: {TABLE_LIMIT} unless given)."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, csv, jsonl or parquet."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file (needed for parquet)."),
    db: Path | None = DbOption,
) -> None:
    """Events in the store, filtered.

    Example: [bold]detente events --source PRK --target CHN --since 2018 --format jsonl[/bold]
    """
    flt = build_filter(actor, source, target, since, until, code, modality, origin, doc, limit)
    if fmt is Format.parquet and output is None:
        fail("--format parquet needs --output FILE")
    with open_store(db) as store:
        try:
            if fmt is Format.table:
                total = store.con.execute(*_count(store, flt)).fetchone()[0]
                if flt.limit is None:
                    flt.limit = TABLE_LIMIT
                table = events_table(store, flt)
                target_console = console if output is None else None
                if target_console is None:
                    from rich.console import Console

                    with _output(output) as fh:
                        Console(file=fh, width=200).print(table)
                else:
                    console.print(table)
                if total > table.row_count:
                    err_console.print(f"{table.row_count} of {total} events shown (use --limit or --format)",
                                      highlight=False)
            elif fmt is Format.parquet:
                n = write_parquet(store, flt, output)
                err_console.print(f"{n} events → {output}", highlight=False)
            else:
                writer = write_jsonl if fmt is Format.jsonl else write_csv
                with _output(output) as fh:
                    n = writer(store, flt, fh)
                if output is not None:
                    err_console.print(f"{n} events → {output}", highlight=False)
        except duckdb.Error as exc:
            fail(f"query failed: {str(exc).splitlines()[0]}")


def _count(store: Store, flt: EventFilter) -> tuple[str, list]:
    where, params = flt.where()
    return f"SELECT count(*) FROM events{where}", params


@app.command()
def docs(
    fmt: DocFormat = typer.Option(DocFormat.table, "--format", "-f", help="table or jsonl."),
    db: Path | None = DbOption,
) -> None:
    """Documents in the store, with their dates and how many sentences and events each gave.

    Example: [bold]detente docs --db demo-output/detente.duckdb[/bold]
    """
    with open_store(db) as store:
        counts = dict(store.con.execute(
            "SELECT d.id, {'sentences': (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id),"
            " 'events': (SELECT count(*) FROM events e WHERE e.doc_id = d.id)} FROM documents d").fetchall())
        documents = store.documents()
    if fmt is DocFormat.jsonl:
        for d in documents:
            row = {"id": d.id, "date": d.date, "title": d.title, "publisher": d.publisher, "url": d.url,
                   "path": d.path, "format": d.format, "content_hash": d.content_hash, **counts.get(d.id, {})}
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(documents)} documents", title_justify="left")
    for name in ("id", "date", "sentences", "events", "format", "publisher", "title"):
        table.add_column(name, justify="right" if name in ("sentences", "events") else "left",
                         min_width=10 if name == "date" else None)
    for d in documents:
        c = counts.get(d.id, {})
        table.add_row(escape(d.id), d.date or "[yellow]unknown[/yellow]", str(c.get("sentences", 0)),
                      str(c.get("events", 0)), d.format or "", escape(_short(d.publisher, 24)), escape(_short(d.title, 60)))
    console.print(table)


def _short(text: str | None, n: int) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def stats(db: Path | None = DbOption) -> None:
    """What the store holds: documents, sentences, events by origin, modality and quad class, runs.

    Example: [bold]detente stats --db demo-output/detente.duckdb[/bold]
    """
    with open_store(db) as store:
        s = store.stats()
    overview = Table(title=f"store {db_path(db)}", title_justify="left")
    overview.add_column("what")
    overview.add_column("value", justify="right")
    for key in ("documents", "sentences", "events", "runs"):
        overview.add_row(key, str(s[key]))
    overview.add_row("first day", str(s["first_day"] or "–"))
    overview.add_row("last day", str(s["last_day"] or "–"))
    console.print(overview)
    for key, title in (("events_by_origin", "origin"), ("events_by_modality", "modality"),
                       ("events_by_quad_class", "quad class")):
        if not s[key]:
            continue
        t = Table(title=f"events by {title}", title_justify="left")
        t.add_column(title)
        t.add_column("events", justify="right")
        for k, n in s[key].items():
            t.add_row(str(k), str(n))
        console.print(t)
