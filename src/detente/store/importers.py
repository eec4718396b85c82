"""Imports of the field's event data sets into the one events table.

Formats: the ICEWS coded-event TSV (Dataverse), the GDELT 2.0 events export (61 columns, no
header), and the temporal-KG benchmark files (``*_named.tsv``: subject, relation, object, date).
Everything is done in DuckDB SQL over a staging table, then swapped in with one transaction,
clustered by dyad and day (``schema.CLUSTER_ORDER``): re-importing a file replaces its events
(same ids) and keeps everything else.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from detente.ontology import cameo_table, code_for_name, country_names, sector_code
from detente.store.duckdb_store import EVENT_FIELDS, Store, is_interrupt, transaction
from detente.store.schema import CLUSTER_ORDER, KEY_COLUMNS, fill_values

FORMATS = ("icews", "gdelt", "tkg")

Progress = Callable[[str], None]
Actor3 = tuple[str | None, str | None, str | None]  # (actor code, country, sector)
ResolveNames = Callable[[list[str], str | None], dict[str, Actor3]]


class ImportError_(Exception):
    """A problem with an import file, to show the user in one line."""


@dataclass
class ImportReport:
    origin: str
    files: int
    events: int
    replaced: int
    unmapped_codes: int


GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    + " ".join(
        f"{a}Code {a}Name {a}CountryCode {a}KnownGroupCode {a}EthnicCode {a}Religion1Code "
        f"{a}Religion2Code {a}Type1Code {a}Type2Code {a}Type3Code"
        for a in ("Actor1", "Actor2")
    )
    + " IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions"
    " NumSources NumArticles AvgTone "
    + " ".join(
        f"{g}_Type {g}_FullName {g}_CountryCode {g}_ADM1Code {g}_ADM2Code {g}_Lat {g}_Long {g}_FeatureID"
        for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")
    )
    + " DATEADDED SOURCEURL"
).split()
assert len(GDELT_COLUMNS) == 61

ICEWS_USED = ("Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
              "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
              "Sentence Number")
ICEWS_REQUIRED = ("Event ID", "Event Date", "Source Name", "Source Country", "CAMEO Code", "Target Name")


def _temp_table(store: Store, name: str, frame: pd.DataFrame) -> None:
    """A small lookup frame as a temp table (a staging view reads it until the swap is done)."""
    store.con.register(f"{name}_df", frame)
    store.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_df")
    store.con.unregister(f"{name}_df")


def _register_codes(store: Store) -> None:
    rows = [(c.code, c.root, c.goldstein, c.quad_class, c.plover_event, c.plover_mode)
            for c in cameo_table().values()]
    frame = pd.DataFrame(rows, columns=["code", "root", "goldstein", "quad_class", "plover_event", "plover_mode"])
    store.con.register("cameo_codes_df", frame)
    store.con.execute("CREATE OR REPLACE TEMP TABLE cameo_codes AS SELECT * FROM cameo_codes_df")
    store.con.unregister("cameo_codes_df")


def _check_unique(store: Store, path: Path, ids: str = "SELECT id FROM staging") -> None:
    """Refuse a file whose event ids repeat (``ids`` is a query for them); ids stay unique without an index."""
    dup = store.con.execute(
        f"SELECT id, count(*) FROM ({ids}) GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 1").fetchall()
    if dup:
        _drop_staging(store)
        _duplicate(path, dup[0][0].split(":", 1)[-1], dup[0][1])


def _duplicate(path: Path, event_id: str, n: int) -> None:
    raise ImportError_(f"{path}: event id {event_id!r} appears {n} times; nothing imported")


def _swap_in(store: Store, origin: str, path: Path, ids: str = "SELECT id FROM staging",
             late: dict[str, str] | None = None) -> tuple[int, int]:
    """Move the staging table (or view) into events in one transaction; returns (inserted, replaced).

    Staged ids must already be distinct (``_check_unique``); stored events of the same origin
    with a staged id (``ids``: a query for them) are the ones replaced. Rows go in clustered by
    dyad and day, and the sort carries only the staged columns: ``late`` (field → SQL over
    staging's columns: constants, strings built from other columns) is computed after it, and
    what an importer leaves out takes the record's default (modality 'asserted', NULL).
    """
    con = store.con
    late = late or {}
    staged = {r[0] for r in con.execute("DESCRIBE staging").fetchall()}
    fields = [f for f in EVENT_FIELDS if f not in KEY_COLUMNS]
    fills = fill_values()
    row = ", ".join(f"{late[f]} AS {f}" if f in late else f if f in staged else f"{_sql_literal(fills.get(f))} AS {f}"
                    for f in fields)
    # the keys need each side's country and code before the sort, even when they are built late
    inputs = ", ".join(f"{late[c]} AS {c}" for c in ("source_country", "source_code", "target_country", "target_code")
                       if c in late)
    keyed = f"SELECT *, {', '.join(f'{sql} AS {k}' for k, sql in KEY_COLUMNS.items())} FROM " + (
        f"(SELECT *, {inputs} FROM staging)" if inputs else "staging")
    try:
        with transaction(con):
            replaced = 0
            if con.execute("SELECT 1 FROM events WHERE origin = ? LIMIT 1", [origin]).fetchall():
                replaced = con.execute(f"DELETE FROM events WHERE origin = ? AND id IN ({ids})", [origin]).fetchall()[0][0]
            n = con.execute(f"INSERT INTO events ({', '.join([*fields, *KEY_COLUMNS])}) "
                            f"SELECT {row}, {', '.join(KEY_COLUMNS)} FROM ({keyed} ORDER BY {CLUSTER_ORDER})").fetchall()[0][0]
    finally:
        _drop_staging(store)
    return n, replaced


def _drop_staging(store: Store) -> None:
    """Drop the staging table or view; its cleanup must not hide the real error."""
    for kind in ("VIEW", "TABLE"):
        with suppress(duckdb.Error):
            store.con.execute(f"DROP {kind} IF EXISTS staging")


def _check_rejects(store: Store, path: Path) -> None:
    """Rows ``read_csv`` set aside (``store_rejects``): a short or long row refuses the file, by line."""
    con = store.con
    try:
        rows = con.execute(
            "SELECT s.file_path, e.line, e.error_type, e.error_message, count(DISTINCT (e.file_id, e.line)) OVER () "
            "FROM reject_errors e JOIN reject_scans s USING (scan_id, file_id) ORDER BY e.line, e.column_idx LIMIT 1"
        ).fetchall()
    finally:
        con.execute("DROP TABLE IF EXISTS reject_errors")
        con.execute("DROP TABLE IF EXISTS reject_scans")
    if rows:
        file, line, kind, message, n = rows[0]
        what = {"MISSING COLUMNS": "row cut short", "TOO MANY COLUMNS": "row too long"}.get(kind, kind.lower())
        detail = str(message).splitlines()[0] if message else ""
        more = f"; {n} bad rows" if n > 1 else ""
        raise ImportError_(f"{file}:{line}: {what} ({detail}){more}; nothing imported from it")


def named_errors(fn: Callable[..., ImportReport]) -> Callable[..., ImportReport]:
    """Any DuckDB error of an import becomes one line naming the file; Ctrl-C stays Ctrl-C."""

    @functools.wraps(fn)
    def wrapper(store: Store, path: Path, *args, **kwargs) -> ImportReport:
        try:
            return fn(store, path, *args, **kwargs)
        except duckdb.Error as exc:
            if is_interrupt(exc):
                raise KeyboardInterrupt from exc
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ImportError_(f"{path}: {first}") from exc

    return wrapper


def _sql_literal(value: object) -> str:
    """A record default as SQL: NULL, a number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _sql_path(path: Path) -> str:
    return path.as_posix().replace("'", "''")


def check_origin(origin: str) -> str:
    """Origins are short names (letters, digits, '-', '_'); they label events and build their ids."""
    if not origin or not all(ch.isalnum() or ch in "-_" for ch in origin):
        raise ImportError_(f"origin {origin!r}: use letters, digits, '-' or '_'")
    return origin


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ImportError_(f"{path}: no such file")
    if path.is_dir():
        raise ImportError_(f"{path}: is a folder, expected a file")
    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would hang the read, a device never end
        raise ImportError_(f"{path}: not a regular file")
    with open(path, "rb") as f:
        head = f.read(4096)
    if b"\x00" in head:
        raise ImportError_(f"{path}: binary file, expected tab-separated text")


# -- the temporal-KG benchmark files -----------------------------------------------------------

def entity_actor(name: str) -> tuple[str | None, str | None, str | None]:
    """An ICEWS entity name → (actor code, country, sector).

    ``Government (China)`` → (CHNGOV, CHN, GOV); ``China`` → (CHN, CHN, None); other names
    (people, organisations) are left to ``resolve_names``.
    """
    countries = country_names()
    if name.endswith(")") and " (" in name:
        label, _, country_name = name[:-1].rpartition(" (")
        iso = countries.get(country_name.strip().lower())
        if iso:
            agent = sector_code(label)
            return (iso + (agent or "")), iso, agent
    iso = countries.get(name.strip().lower())
    if iso:
        return iso, iso, None
    return None, None, None


def _tkg_files(path: Path) -> list[Path]:
    if path.is_dir():
        files = [path / f"{split}_named.tsv" for split in ("train", "valid", "test")]
        files = [f for f in files if f.exists()]
        if not files:
            raise ImportError_(f"{path}: no train/valid/test_named.tsv files")
        return files
    return [path]


@named_errors
def import_tkg(store: Store, path: Path, origin: str | None = None, progress: Progress | None = None,
               map_people: bool = True, min_mentions: int = 3,
               resolve: ResolveNames | None = None) -> ImportReport:
    """Import ``*_named.tsv`` benchmark quadruples (subject, relation, object, ISO date).

    ``resolve`` maps people and organisations to actor codes (``actors.names.resolve_names``:
    the store does not load the language pipeline itself); without it they stay unresolved.
    """
    path = Path(path)
    if not path.exists():
        raise ImportError_(f"{path}: no such file or folder")
    files = _tkg_files(path)
    for f in files:
        _check_file(f)
    origin = check_origin(origin or (path.name if path.is_dir() else path.parent.name).lower())
    con = store.con
    say = progress or (lambda _msg: None)
    say("reading quadruples")
    parts = []
    for f in files:
        split = f.name.split("_")[0]
        parts.append(
            f"SELECT *, '{split}' AS split, row_number() OVER () AS rn FROM read_csv('{_sql_path(f)}', "
            "delim='\t', header=false, quote='', escape='', columns={'s': 'VARCHAR', 'r': 'VARCHAR', "
            "'o': 'VARCHAR', 'd': 'VARCHAR'}, store_rejects=true)"
        )
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE quads AS " + " UNION ALL ".join(parts))
        _check_rejects(store, path)
        bad = con.execute("SELECT count(*) FROM quads WHERE TRY_CAST(d AS DATE) IS NULL").fetchall()[0][0]
    except duckdb.Error as exc:
        if is_interrupt(exc):
            raise
        raise ImportError_(f"{path}: not a subject/relation/object/date TSV ({str(exc).splitlines()[0]})") from exc
    if bad:
        raise ImportError_(f"{path}: {bad} rows with an impossible date")
    empty = con.execute("SELECT count(*) FROM quads WHERE coalesce(trim(s), '') = '' OR coalesce(trim(r), '') = '' "
                        "OR coalesce(trim(o), '') = ''").fetchall()[0][0]
    if empty:
        raise ImportError_(f"{path}: {empty} row(s) with an empty subject, relation or object")
    say("mapping entities and relations")
    counts = con.execute(
        "SELECT name, count(*) FROM (SELECT s AS name FROM quads UNION ALL SELECT o FROM quads) GROUP BY name"
    ).fetchall()
    mapped = {name: entity_actor(name) for name, _ in counts}
    if map_people and resolve is not None:  # people and organisations named often enough to matter
        last_day = con.execute("SELECT CAST(max(CAST(d AS DATE)) AS VARCHAR) FROM quads").fetchall()[0][0]
        todo = [name for name, n in counts if n >= min_mentions and mapped[name][0] is None]
        say(f"resolving {len(todo):,} people and organisations")
        mapped.update(resolve(todo, last_day))
    ents = pd.DataFrame([(n, *a) for n, a in mapped.items()], columns=["name", "code", "country", "sector"])
    rels = [r[0] for r in con.execute("SELECT DISTINCT r FROM quads").fetchall()]
    relmap = pd.DataFrame([(r, code_for_name(r)) for r in rels], columns=["relation", "cameo"])
    con.register("ents_df", ents)
    con.register("rels_df", relmap)
    _register_codes(store)
    say("staging events")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE staging AS
        SELECT '{origin}:' || q.split || ':' || q.rn AS id,
               CAST(CAST(q.d AS DATE) AS VARCHAR) AS date, CAST(q.d AS DATE) AS day,
               'day' AS date_precision,
               q.s AS source_text, es.code AS source_code, es.country AS source_country, es.sector AS source_sector,
               q.o AS target_text, eo.code AS target_code, eo.country AS target_country, eo.sector AS target_sector,
               coalesce(rm.cameo, q.r) AS cameo, c.root AS cameo_root, c.goldstein, c.quad_class,
               c.plover_event, c.plover_mode, q.r AS pattern, '{origin}' AS origin
        FROM quads q
        JOIN ents_df es ON es.name = q.s
        JOIN ents_df eo ON eo.name = q.o
        LEFT JOIN rels_df rm ON rm.relation = q.r
        LEFT JOIN cameo_codes c ON c.code = rm.cameo
    """)
    con.unregister("ents_df")
    con.unregister("rels_df")
    con.execute("DROP TABLE quads")
    unmapped = int(relmap["cameo"].isna().sum())
    say("writing events")
    _check_unique(store, path)
    n, replaced = _swap_in(store, origin, path)
    return ImportReport(origin=origin, files=len(files), events=n, replaced=replaced, unmapped_codes=unmapped)


# -- ICEWS coded-event files -------------------------------------------------------------------

def _restore_zero(code: str) -> str:
    """CAMEO codes lose their leading zero in some exports ("42" for "042"): restore it."""
    if len(code) == 1 or len(code) in (2, 3) and int(code[:2]) > 20:
        return "0" + code
    return code


@named_errors
def import_icews(store: Store, path: Path, origin: str = "icews", progress: Progress | None = None) -> ImportReport:
    """Import an ICEWS coded-event TSV (Dataverse columns; header row required).

    DuckDB reads the file twice and Python never sees a row: once for the checks (short rows,
    dates, codes, repeated ids) and the distinct countries, sectors and codes, which Python maps
    once each; then straight into the events table, joined to those maps, keyed and sorted in
    one statement.
    """
    path = Path(path)
    _check_file(path)
    check_origin(origin)
    say = progress or (lambda _msg: None)
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        header = next(csv.reader(f, delimiter="\t"), [])
    missing = [c for c in ICEWS_REQUIRED if c not in header]
    if missing:
        raise ImportError_(f"{path}: not an ICEWS event file (missing columns: {', '.join(missing)})")
    say("checking ICEWS events")
    unmapped = _check_icews(store, path, set(header))
    try:
        _stage_icews(store, path, set(header))
        say("writing events")
        n, replaced = _swap_in(store, origin, path, f"SELECT '{origin}:' || \"Event ID\" AS id FROM {_icews_csv(path)}",
                               late=_icews_late(origin, set(header)))
    finally:
        for name in ("countries", "sectors", "codes"):
            with suppress(duckdb.Error):
                store.con.execute(f"DROP TABLE IF EXISTS {name}")
    return ImportReport(origin=origin, files=1, events=n, replaced=replaced, unmapped_codes=unmapped)


def _icews_csv(path: Path, rejects: bool = False) -> str:
    """The file as DuckDB reads it (parallel, every column text); ``rejects`` sets bad rows aside to report."""
    return (f"read_csv('{_sql_path(path)}', delim='\t', header=true, all_varchar=true, quote='', escape=''"
            + (", store_rejects=true)" if rejects else ")"))


def _check_icews(store: Store, path: Path, has: set[str]) -> int:
    """One pass for the checks and the distinct values to map; returns the rows with an unknown CAMEO code.

    The maps become temp tables keyed by the file's own spellings, so the import joins on
    plain equality (no ``lower`` or ``split_part`` per row).
    """
    con = store.con
    distinct = ", ".join(f'list(DISTINCT "{c}")' if c in has else "[]"
                         for c in ("Source Country", "Target Country", "Source Sectors", "Target Sectors"))
    n, ids, no_code, codes, bad, s_co, t_co, s_sec, t_sec = con.execute(
        f'SELECT count(*), count(DISTINCT "Event ID"), count(*) - count("CAMEO Code"), histogram("CAMEO Code"),'
        f' count_if(TRY_CAST("Event Date" AS DATE) IS NULL), {distinct} FROM {_icews_csv(path, rejects=True)}'
    ).fetchall()[0]
    _check_rejects(store, path)
    codes = dict(codes or {})
    odd = sorted(c for c in codes if not re.fullmatch(r"[0-9]{1,4}", c))
    if no_code or odd:
        first = None if no_code else odd[0]
        raise ImportError_(f"{path}: {no_code + sum(codes[c] for c in odd)} row(s) with a CAMEO Code that is not"
                           f" a number (first: {first!r})")
    if bad:
        raise ImportError_(f"{path}: {bad} rows with an impossible Event Date")
    if ids < n:
        _check_unique(store, path, f'SELECT "Event ID" AS id FROM {_icews_csv(path)}')
    table = cameo_table()
    facts = {raw: table.get(_restore_zero(raw)) for raw in codes}
    _temp_table(store, "codes", pd.DataFrame(
        [(raw, _restore_zero(raw), c.root if c else _restore_zero(raw)[:2], c.goldstein if c else None,
          c.quad_class if c else None, c.plover_event if c else None, c.plover_mode if c else None)
         for raw, c in facts.items()],
        columns=["raw", "code", "root", "goldstein", "quad_class", "plover_event", "plover_mode"]))
    s_co, t_co, s_sec, t_sec = ({v for v in values or [] if v is not None} for values in (s_co, t_co, s_sec, t_sec))
    names = country_names()
    _temp_table(store, "countries", pd.DataFrame(
        [(raw, names[raw.lower()]) for raw in s_co | t_co if raw.lower() in names], columns=["raw", "iso3"]))
    _temp_table(store, "sectors", pd.DataFrame(
        [(raw, sector_code(raw.split(",")[0])) for raw in s_sec | t_sec if raw.split(",")[0]],
        columns=["raw", "agent"]))
    return sum(codes[raw] for raw, c in facts.items() if c is None or c.quad_class is None)


def _stage_icews(store: Store, path: Path, has: set[str]) -> None:
    """The staging view: the file read again and joined to the maps (no copy of the rows)."""
    intensity = 'TRY_CAST(r."Intensity" AS DOUBLE)' if "Intensity" in has else "NULL"
    optional = {"Event Text": "sentence", "Story ID": "story", "Sentence Number": "sentence_no"}
    extra = "".join(f', r."{c}" AS {name}' for c, name in optional.items() if c in has)
    joins = "".join(f' LEFT JOIN sectors {a} ON {a}.raw = r."{side} Sectors"'
                    for a, side in (("ss", "Source"), ("ts", "Target")) if f"{side} Sectors" in has)
    store.con.execute(f"""
        CREATE OR REPLACE TEMP VIEW staging AS
        SELECT r."Event ID" AS event_id{extra}, CAST(r."Event Date" AS DATE) AS day,
               r."Source Name" AS source_text, sc.iso3 AS source_country,
               {'ss.agent' if 'Source Sectors' in has else 'NULL'} AS source_sector,
               r."Target Name" AS target_text, tc.iso3 AS target_country,
               {'ts.agent' if 'Target Sectors' in has else 'NULL'} AS target_sector,
               c.code AS cameo, c.root AS cameo_root, coalesce({intensity}, c.goldstein) AS goldstein,
               c.quad_class, c.plover_event, c.plover_mode
        FROM {_icews_csv(path)} r
        LEFT JOIN countries sc ON sc.raw = r."Source Country"
        LEFT JOIN countries tc ON tc.raw = r."Target Country"{joins}
        LEFT JOIN codes c ON c.raw = r."CAMEO Code"
    """)


def _icews_late(origin: str, has: set[str]) -> dict[str, str]:
    """Fields built after the sort from the staged columns (see ``_swap_in``)."""
    late = {"id": f"'{origin}:' || event_id", "date": "CAST(day AS VARCHAR)", "date_precision": "'day'",
            "origin": f"'{origin}'", "source_code": "source_country || coalesce(source_sector, '')",
            "target_code": "target_country || coalesce(target_sector, '')"}
    if "Story ID" in has:
        late["sentence_id"] = "story || ':' || coalesce(sentence_no, '')" if "Sentence Number" in has else "story || ':'"
    return late


# -- GDELT 2.0 events --------------------------------------------------------------------------

@named_errors
def import_gdelt(store: Store, path: Path, origin: str = "gdelt", progress: Progress | None = None) -> ImportReport:
    """Import a GDELT 2.0 events export (61 tab-separated columns, no header)."""
    path = Path(path)
    _check_file(path)
    check_origin(origin)
    with open(path, encoding="utf-8", errors="replace") as f:
        first = f.readline().rstrip("\n").split("\t")
    if len(first) != 61:
        raise ImportError_(f"{path}: not a GDELT 2.0 events file (expected 61 columns, found {len(first)})")
    say = progress or (lambda _msg: None)
    con = store.con
    cols = "{" + ", ".join(f"'{c}': 'VARCHAR'" for c in GDELT_COLUMNS) + "}"
    say("reading GDELT events")
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM read_csv('{_sql_path(path)}', delim='\t', "
        f"header=false, quote='', escape='', columns={cols}, store_rejects=true)"
    )
    _check_rejects(store, path)
    bad = con.execute("SELECT count(*) FROM raw WHERE TRY_STRPTIME(SQLDATE, '%Y%m%d') IS NULL").fetchall()[0][0]
    if bad:
        raise ImportError_(f"{path}: {bad} rows with an impossible SQLDATE")
    _register_codes(store)
    say("staging events")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE staging AS
        SELECT '{origin}:' || GLOBALEVENTID AS id, SOURCEURL AS doc_id,
               CAST(CAST(STRPTIME(SQLDATE, '%Y%m%d') AS DATE) AS VARCHAR) AS date,
               CAST(STRPTIME(SQLDATE, '%Y%m%d') AS DATE) AS day, 'day' AS date_precision,
               nullif(Actor1Name, '') AS source_text, nullif(Actor1Code, '') AS source_code,
               nullif(Actor1CountryCode, '') AS source_country, nullif(Actor1Type1Code, '') AS source_sector,
               nullif(Actor2Name, '') AS target_text, nullif(Actor2Code, '') AS target_code,
               nullif(Actor2CountryCode, '') AS target_country, nullif(Actor2Type1Code, '') AS target_sector,
               EventCode AS cameo, EventRootCode AS cameo_root,
               coalesce(TRY_CAST(GoldsteinScale AS DOUBLE), c.goldstein) AS goldstein,
               coalesce(TRY_CAST(QuadClass AS TINYINT), c.quad_class) AS quad_class,
               c.plover_event, c.plover_mode, '{origin}' AS origin
        FROM raw LEFT JOIN cameo_codes c ON c.code = raw.EventCode
    """)
    unmapped = con.execute("SELECT count(*) FROM staging WHERE plover_event IS NULL AND cameo_root <> '01'").fetchall()[0][0]
    con.execute("DROP TABLE raw")
    say("writing events")
    _check_unique(store, path)
    n, replaced = _swap_in(store, origin, path)
    return ImportReport(origin=origin, files=1, events=n, replaced=replaced, unmapped_codes=unmapped)


IMPORTERS = {"icews": import_icews, "gdelt": import_gdelt, "tkg": import_tkg}
