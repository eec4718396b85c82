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
import stat
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from detente.ontology import cameo_table, code_for_name, country_names, sector_code
from detente.store.duckdb_store import EVENT_FIELDS, Store, is_interrupt, transaction
from detente.store.schema import CLUSTER_ORDER, KEY_COLUMNS, fill_values, stored_columns

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


def _swap_in(store: Store, origin: str, path: Path, ids: str = "SELECT id FROM staging") -> tuple[int, int]:
    """Move the staging table (or view) into events in one transaction; returns (inserted, replaced).

    ``ids`` is a query for the staged ids (from the raw rows when that is cheaper than the view).
    Ids stay unique without an index: staged ids must be distinct, and stored events of the same
    origin with a staged id are the ones replaced (import ids start with the origin). Rows go in
    clustered by dyad and day.
    """
    con = store.con
    dup = con.execute(f"SELECT id, count(*) FROM ({ids}) GROUP BY id HAVING count(*) > 1 ORDER BY id LIMIT 1").fetchall()
    if dup:
        _drop_staging(store)
        raise ImportError_(f"{path}: event id {dup[0][0].split(':', 1)[-1]!r} appears {dup[0][1]} times; nothing imported")
    staged = {r[0] for r in con.execute("DESCRIBE staging").fetchall()}
    fields = [f for f in EVENT_FIELDS if f not in KEY_COLUMNS]
    # what an importer leaves out takes the record's default (modality 'asserted', confidence 1.0, NULL)
    fills = fill_values()
    row = ", ".join(f if f in staged else f"{_sql_literal(fills.get(f))} AS {f}" for f in fields)
    names, values = stored_columns(fields)
    try:
        with transaction(con):
            n = con.execute(f"SELECT count(*) FROM ({ids})").fetchall()[0][0]
            replaced = 0
            if con.execute("SELECT count(*) FROM events WHERE origin = ?", [origin]).fetchall()[0][0]:
                old = f"origin = ? AND id IN ({ids})"
                replaced = con.execute(f"SELECT count(*) FROM events WHERE {old}", [origin]).fetchall()[0][0]
                if replaced:
                    con.execute(f"DELETE FROM events WHERE {old}", [origin])
            con.execute(f"INSERT INTO events ({names}) SELECT {values} FROM (SELECT {row} FROM staging)"
                        f" ORDER BY {CLUSTER_ORDER}")
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
    n, replaced = _swap_in(store, origin, path)
    return ImportReport(origin=origin, files=len(files), events=n, replaced=replaced, unmapped_codes=unmapped)


# -- ICEWS coded-event files -------------------------------------------------------------------

@named_errors
def import_icews(store: Store, path: Path, origin: str = "icews", progress: Progress | None = None) -> ImportReport:
    """Import an ICEWS coded-event TSV (Dataverse columns; header row required)."""
    path = Path(path)
    _check_file(path)
    check_origin(origin)
    say = progress or (lambda _msg: None)
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        header = next(csv.reader(f, delimiter="\t"), [])
    missing = [c for c in ICEWS_REQUIRED if c not in header]
    if missing:
        raise ImportError_(f"{path}: not an ICEWS event file (missing columns: {', '.join(missing)})")
    con = store.con
    say("reading ICEWS events")
    used = ", ".join(f'"{c}"' for c in ICEWS_USED if c in header)  # the reader skips the other columns
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE raw AS SELECT {used} FROM read_csv('{_sql_path(path)}', delim='\t', "
        "header=true, all_varchar=true, quote='', escape='', store_rejects=true)"
    )
    try:
        return _stage_icews(store, path, origin, header, say)
    finally:
        for name in ("raw", "countries", "sectors"):
            with suppress(duckdb.Error):
                con.execute(f"DROP TABLE IF EXISTS {name}")


def _stage_icews(store: Store, path: Path, origin: str, header: list[str], say: Progress) -> ImportReport:
    """Check the raw rows, map them through a staging view and swap them in."""
    con = store.con
    _check_rejects(store, path)
    odd_n, odd, bad = con.execute(  # both checks in one pass over the rows
        """SELECT count_if(NOT regexp_full_match(coalesce("CAMEO Code", ''), '[0-9]{1,4}')),"""
        """ first("CAMEO Code") FILTER (NOT regexp_full_match(coalesce("CAMEO Code", ''), '[0-9]{1,4}')),"""
        """ count_if(TRY_CAST("Event Date" AS DATE) IS NULL) FROM raw""").fetchall()[0]
    if odd_n:
        raise ImportError_(f"{path}: {odd_n} row(s) with a CAMEO Code that is not a number (first: {odd!r})")
    if bad:
        raise ImportError_(f"{path}: {bad} rows with an impossible Event Date")
    countries = pd.DataFrame(list(country_names().items()), columns=["name", "iso3"])
    sectors_raw = con.execute(
        'SELECT DISTINCT split_part("Source Sectors", \',\', 1) FROM raw UNION '
        'SELECT DISTINCT split_part("Target Sectors", \',\', 1) FROM raw'
    ).fetchall() if "Source Sectors" in header and "Target Sectors" in header else []
    sectors = pd.DataFrame([(s[0], sector_code(s[0]) if s[0] else None) for s in sectors_raw],
                           columns=["sector", "agent"])
    _temp_table(store, "countries", countries)
    _temp_table(store, "sectors", sectors)
    _register_codes(store)
    has = set(header)
    sec = {side: (f'split_part("{side} Sectors", \',\', 1)' if f"{side} Sectors" in has else "NULL")
           for side in ("Source", "Target")}
    intensity = 'TRY_CAST("Intensity" AS DOUBLE)' if "Intensity" in has else "NULL"
    sentence = '"Event Text"' if "Event Text" in has else "NULL"
    story = ('"Story ID" || \':\' || coalesce("Sentence Number", \'\')'
             if "Story ID" in has else "NULL")
    # CAMEO codes lose their leading zero in some exports ("42" for "042"): restore it.
    code_expr = ("CASE WHEN length(\"CAMEO Code\") = 2 AND CAST(\"CAMEO Code\" AS INTEGER) > 20 "
                 "OR length(\"CAMEO Code\") = 3 AND CAST(left(\"CAMEO Code\", 2) AS INTEGER) > 20 "
                 "THEN '0' || \"CAMEO Code\" WHEN length(\"CAMEO Code\") = 1 THEN '0' || \"CAMEO Code\" "
                 "ELSE \"CAMEO Code\" END")
    say("staging events")
    con.execute(f"""
        CREATE OR REPLACE TEMP VIEW staging AS
        WITH r AS (SELECT *, {code_expr} AS code, {sec['Source']} AS ssec, {sec['Target']} AS tsec FROM raw)
        SELECT '{origin}:' || r."Event ID" AS id, {story} AS sentence_id, {sentence} AS sentence,
               CAST(CAST(r."Event Date" AS DATE) AS VARCHAR) AS date, CAST(r."Event Date" AS DATE) AS day,
               'day' AS date_precision,
               r."Source Name" AS source_text, sc.iso3 || coalesce(ss.agent, '') AS source_code,
               sc.iso3 AS source_country, ss.agent AS source_sector,
               r."Target Name" AS target_text, tc.iso3 || coalesce(ts.agent, '') AS target_code,
               tc.iso3 AS target_country, ts.agent AS target_sector,
               r.code AS cameo, coalesce(c.root, left(r.code, 2)) AS cameo_root,
               coalesce({intensity}, c.goldstein) AS goldstein, c.quad_class, c.plover_event, c.plover_mode,
               '{origin}' AS origin
        FROM r
        LEFT JOIN countries sc ON sc.name = lower(r."Source Country")
        LEFT JOIN countries tc ON tc.name = lower(r."Target Country")
        LEFT JOIN sectors ss ON ss.sector = r.ssec
        LEFT JOIN sectors ts ON ts.sector = r.tsec
        LEFT JOIN cameo_codes c ON c.code = r.code
    """)
    unmapped = con.execute(  # per distinct code, not per row of the staging view
        f"SELECT coalesce(sum(n), 0) FROM (SELECT {code_expr} AS code, count(*) AS n FROM raw GROUP BY 1) r"
        " LEFT JOIN cameo_codes c ON c.code = r.code WHERE c.quad_class IS NULL").fetchall()[0][0]
    say("writing events")
    n, replaced = _swap_in(store, origin, path, f"SELECT '{origin}:' || \"Event ID\" AS id FROM raw")
    return ImportReport(origin=origin, files=1, events=n, replaced=replaced, unmapped_codes=unmapped)


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
    n, replaced = _swap_in(store, origin, path)
    return ImportReport(origin=origin, files=1, events=n, replaced=replaced, unmapped_codes=unmapped)


IMPORTERS = {"icews": import_icews, "gdelt": import_gdelt, "tkg": import_tkg}
