"""CLI commands: events, documents (alias docs), stats (reading the store)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer
from rich.console import Console, Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from detente.cli.app import DbOption, app, console, db_path, err_console, fail

if TYPE_CHECKING:  # the store and the API load when a command runs, not for --help
    from detente.api import Database
    from detente.store import EventFilter

TABLE_LIMIT = 50  # rows shown by --format table when no --limit is given


class Format(str, Enum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


class DocFormat(str, Enum):
    table = "table"
    jsonl = "jsonl"


@contextmanager
def open_store(db: Path | None) -> Iterator[Database]:
    """The store, read-only; a missing or foreign file is a one-line error."""
    from detente.api import Database
    from detente.store import StoreError

    try:
        database = Database(db_path(db), read_only=True)
    except StoreError as exc:
        fail(str(exc))
    try:
        yield database
    finally:
        database.close()


def build_filter(actor: str | None, source: str | None, target: str | None, since: str | None,
                 until: str | None, code: str | None, modality: list[str] | None, origin: str | None,
                 doc: str | None, limit: int | None) -> EventFilter:
    """Validate the command-line filters (one-line errors) and turn them into an EventFilter."""
    from detente.filters import FilterError, event_filter

    try:
        return event_filter(actor, source, target, since, until, code, modality, origin, doc, limit,
                            flag=lambda name: f"--{name}")
    except FilterError as exc:
        fail(str(exc))


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        fh = path.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror or exc}")
    with fh:
        yield fh


NARROW = 120  # below this many columns, events print as records instead of a table


def _sides(e) -> list[str]:
    return [(a.code or a.country or a.text or "") if a else "" for a in (e.source, e.target)]


def events_table(events: list) -> Table:
    """One row per event; the sentence column takes the width that is left and wraps."""
    from detente.analysis.timeline import date_text

    table = Table(show_lines=False)
    for name, style in (("id", "dim"), ("date", None), ("source", "cyan"), ("target", "magenta"),
                        ("cameo", "bold"), ("goldstein", None), ("modality", None), ("origin", None),
                        ("sentence", "dim")):
        table.add_column(name, style=style, justify="right" if name == "goldstein" else "left",
                         overflow="fold" if name in ("sentence", "id") else "ellipsis",
                         no_wrap=name not in ("sentence", "id"), ratio=1 if name == "sentence" else None,
                         min_width=20 if name == "sentence" else None)
    for e in events:
        side = _sides(e)
        table.add_row(e.id, date_text(e.date, e.date_precision), side[0], side[1], e.cameo,
                      "" if e.goldstein is None else f"{e.goldstein:g}", e.modality, e.origin,
                      _short(e.sentence, 160))
    return table


def events_records(events: list) -> Group:
    """For narrow terminals and pipes: a heading line per event, its sentence wrapped beneath."""
    from detente.analysis.timeline import date_text

    parts = []
    for e in events:
        side = _sides(e)
        g = "" if e.goldstein is None else f" ({e.goldstein:+g})"
        head = Text.assemble((e.id, "dim"), "  ", date_text(e.date, e.date_precision) or "–", "  ",
                             (side[0] or "?", "cyan"), " → ", (side[1] or "?", "magenta"), "  ", (e.cameo, "bold"),
                             g, f"  {e.modality}  {e.origin}")
        parts.append(head)
        if e.sentence:
            parts.append(Padding(Text(_short(e.sentence, 300), style="dim"), (0, 0, 0, 4)))
    return Group(*parts)


def print_events(events: list, out: Console) -> None:
    out.print(events_table(events) if out.width >= NARROW else events_records(events))


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
    import duckdb

    flt = build_filter(actor, source, target, since, until, code, modality, origin, doc, limit)
    if fmt is Format.parquet and output is None:
        fail("--format parquet needs --output FILE")
    with open_store(db) as database:
        try:
            if fmt is Format.table:
                total = database.count(flt)
                if flt.limit is None:
                    flt.limit = TABLE_LIMIT
                shown = database.records(flt)
                if output is None:
                    print_events(shown, console)
                else:
                    with _output(output) as fh:
                        print_events(shown, Console(file=fh, width=200))
                if total > len(shown):
                    err_console.print(f"{len(shown)} of {total} events shown (use --limit or --format)",
                                      highlight=False)
            elif fmt is Format.parquet:
                n = database.export(flt, "parquet", output)
                err_console.print(f"{n} events → {output}", highlight=False)
            else:
                with _output(output) as fh:
                    n = database.export(flt, fmt.value, fh)
                if output is not None:
                    err_console.print(f"{n} events → {output}", highlight=False)
        except duckdb.Error as exc:
            fail(f"query failed: {str(exc).splitlines()[0]}")


@app.command()
def documents(
    fmt: DocFormat = typer.Option(DocFormat.table, "--format", "-f", help="table or jsonl."),
    db: Path | None = DbOption,
) -> None:
    """Documents in the store, with their dates and how many sentences and events each gave (alias: docs).

    Example: [bold]detente documents --db demo-output/detente.duckdb[/bold]
    """
    with open_store(db) as database:
        counts = database.store.document_counts()
        docs = database.store.documents()
    if fmt is DocFormat.jsonl:
        from detente.api import document_row

        for d in docs:
            sys.stdout.write(json.dumps(document_row(d, counts.get(d.id, {})), ensure_ascii=False) + "\n")
        return
    console.print(documents_table(docs, counts) if console.width >= NARROW else documents_records(docs, counts))


def documents_table(docs: list, counts: dict) -> Table:
    table = Table(title=f"{len(docs)} documents", title_justify="left")
    for name in ("id", "date", "sentences", "events", "format", "publisher", "title"):
        table.add_column(name, justify="right" if name in ("sentences", "events") else "left",
                         no_wrap=name != "title", min_width=10 if name == "date" else None)
    for d in docs:
        c = counts.get(d.id, {})
        table.add_row(d.id, d.date or Text("unknown", style="yellow"), str(c.get("sentences", 0)),
                      str(c.get("events", 0)), d.format or "", _short(d.publisher, 24), _short(d.title, 60))
    return table


def documents_records(docs: list, counts: dict) -> Group:
    """Narrow terminals and pipes: the id (whole: users copy it), date and counts, then the title."""
    parts: list = [Text(f"{len(docs)} documents", style="bold")]
    for d in docs:
        c = counts.get(d.id, {})
        parts.append(Text.assemble((d.id, "bold"), "  ", d.date or ("unknown date", "yellow"),
                                   f"  {c.get('sentences', 0)} sentences, {c.get('events', 0)} events",
                                   f"  {d.format or ''}", f"  {_short(d.publisher, 24)}" if d.publisher else ""))
        if d.title:
            parts.append(Padding(Text(_short(d.title, 200)), (0, 0, 0, 4)))
    return Group(*parts)


app.command("docs", help="The same as `detente documents` (kept for old scripts).")(documents)


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


@app.command()
def stats(db: Path | None = DbOption) -> None:
    """What the store holds: documents, sentences, events by origin, modality and quad class, runs.

    Example: [bold]detente stats --db demo-output/detente.duckdb[/bold]
    """
    with open_store(db) as database:
        s = database.stats()
    from detente.ontology import QUAD_CLASS_NAMES

    overview = Table(title=f"What {db_path(db)} holds", title_justify="left")
    overview.add_column("")
    overview.add_column("", justify="right")
    for key, label in (("documents", "documents"), ("sentences", "sentences"), ("events", "events"),
                       ("runs", "ingest and import runs")):
        overview.add_row(label, f"{s[key]:,}")
    overview.add_row("earliest event", str(s["first_day"] or "–"))
    overview.add_row("latest event", str(s["last_day"] or "–"))
    console.print(overview)
    names = {
        "events_by_origin": ("Where the events come from", "origin", lambda k: "coded from documents" if k == "coded"
                             else f"imported: {k}"),
        "events_by_modality": ("How they are stated", "modality", str),
        "events_by_quad_class": ("What kind of event (QuadClass)", "quad class",
                                 lambda k: f"{k} {QUAD_CLASS_NAMES.get(int(k), '')}".strip() if str(k).isdigit() else str(k)),
    }
    for key, (title, column, label) in names.items():
        if not s[key]:
            continue
        t = Table(title=title, title_justify="left")
        t.add_column(column)
        t.add_column("events", justify="right")
        for k, n in s[key].items():
            t.add_row(label(k), f"{n:,}")
        console.print(t)
