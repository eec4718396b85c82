"""Write a synthetic event lake of N events in the store's real schema, for the lake query benchmark.

Not real data: source and target countries and sectors are drawn with heavy-tailed popularity
from fixed lists, CAMEO codes from a fixed list (their Goldstein, QuadClass and PLOVER from the
ontology), days spread over 2014–2019, each chunk sorted in the store's cluster order (dyad keys,
day) as imports insert it; seeded, so the same arguments give the same lake. Events
are generated in DuckDB chunk by chunk into the store's own (in-memory) tables and written as
lake batches by ``detente.store.lake.write_batch``, so the files are exactly what ``detente``
writes: hive partitions by year and month, one batch marker per chunk.

    python scripts/make_lake.py --events 100000000 --chunk 5000000 --out /tmp/lake-100m

About 25 bytes per event on disk. Write it to /tmp or an ignored folder and delete it when done.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from detente.ontology import cameo_table
from detente.store.lake import staging_store, write_batch
from detente.store.schema import CLUSTER_ORDER, stored_columns

COUNTRIES = ("USA", "CHN", "RUS", "IND", "PRK", "KOR", "JPN", "GBR", "FRA", "DEU", "IRN", "ISR", "SYR", "TUR",
             "PAK", "AFG", "IRQ", "UKR", "EGY", "NGA", "BRA", "MEX", "AUS", "CAN", "SAU", "IDN", "PHL", "VNM",
             "THA", "MYS", "KEN", "ZAF", "ETH", "SDN", "SOM", "LBY", "YEM", "LBN", "JOR", "QAT")
SECTORS = ("", "GOV", "MIL", "COP", "LEG", "BUS", "MED", "OPP", "CVL", "EDU")
CODES = ("010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "070", "111", "112",
         "120", "130", "138", "160", "163", "172", "173", "180", "190", "193", "195")


_COLUMNS = ("id", "sentence", "date", "day", "date_precision", "source_text", "source_code", "source_country",
            "source_sector", "target_text", "target_code", "target_country", "target_sector", "cameo",
            "cameo_root", "goldstein", "quad_class", "plover_event", "plover_mode", "modality", "confidence",
            "origin")


def _list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def chunk_sql(first: int, n: int, seed: int) -> str:
    """INSERT of ``n`` events with ids from ``first``: popularity ~ rank^-3 by drawing u^3."""
    nc, ns, nk = len(COUNTRIES), len(SECTORS), len(CODES)
    pick = "list_extract({lst}, 1 + least({n} - 1, CAST(floor({n} * pow(random(), {p})) AS INTEGER)))"
    country = pick.format(lst=_list(COUNTRIES), n=nc, p=3)
    sector = pick.format(lst=_list(SECTORS), n=ns, p=2)
    code = pick.format(lst=_list(CODES), n=nk, p=1.5)
    names, values = stored_columns(list(_COLUMNS))  # the dyad keys computed as the store computes them
    return f"""
        SELECT setseed({(seed % 1000) / 1000});
        INSERT INTO events ({names})
        SELECT {values} FROM (
        WITH r AS (
            SELECT i, {country} AS sc, {sector} AS ss, {country} AS tc, {sector} AS ts, {code} AS code,
                   DATE '2014-01-01' + CAST(floor(random() * 2191) AS INTEGER) AS day
            FROM range({first}, {first + n}) t(i)
        )
        SELECT 'synthetic:' || i AS id, 'synthetic' AS sentence, strftime(day, '%Y-%m-%d') AS date, day,
               'day' AS date_precision, sc AS source_text, sc || ss AS source_code, sc AS source_country,
               nullif(ss, '') AS source_sector,
               CASE WHEN tc = sc THEN 'PRK' ELSE tc END AS target_text,
               CASE WHEN tc = sc THEN 'PRK' ELSE tc END || ts AS target_code,
               CASE WHEN tc = sc THEN 'PRK' ELSE tc END AS target_country, nullif(ts, '') AS target_sector,
               r.code AS cameo, left(r.code, 2) AS cameo_root, c.goldstein, c.quad_class, c.plover_event,
               c.plover_mode, 'asserted' AS modality, 1.0 AS confidence, 'synthetic' AS origin
        FROM r LEFT JOIN codes c ON c.code = r.code
        ) ORDER BY {CLUSTER_ORDER}
    """


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000_000)
    parser.add_argument("--chunk", type=int, default=5_000_000)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory", default="3GB", help="DuckDB memory limit per chunk")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    table = [(c.code, c.goldstein, c.quad_class, c.plover_event, c.plover_mode) for c in cameo_table().values()]
    for first in range(0, args.events, args.chunk):
        n = min(args.chunk, args.events - first)
        start = time.perf_counter()
        with staging_store(args.memory) as store:
            store.con.execute("SET preserve_insertion_order = false")
            # the same columns without the primary-key index (ids are unique by construction; the index costs)
            store.con.execute("CREATE TABLE events_plain AS SELECT * FROM events LIMIT 0; DROP TABLE events; "
                              "ALTER TABLE events_plain RENAME TO events")
            store.con.execute("CREATE TEMP TABLE codes (code VARCHAR, goldstein DOUBLE, quad_class TINYINT, "
                              "plover_event VARCHAR, plover_mode VARCHAR)")
            store.con.executemany("INSERT INTO codes VALUES (?, ?, ?, ?, ?)", table)
            store.con.execute(chunk_sql(first, n, args.seed + first // args.chunk))
            write_batch(store, args.out, [f"synthetic:{args.seed}:{first}:{n}"])
        print(f"{first + n:,} events ({time.perf_counter() - start:.1f} s for this chunk)", flush=True)


if __name__ == "__main__":
    main()
