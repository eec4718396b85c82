"""Write a synthetic ICEWS coded-event file (Dataverse columns) for the store benchmarks.

Not real data: countries, sectors and CAMEO codes are drawn with heavy-tailed popularity from
fixed lists (seeded, so the same arguments always give the same file), dates spread over
2014–2019. The China → North Korea dyad holds about 0.15% of the rows, as in ICEWS.

    python scripts/make_events.py --rows 10000000 --out bench-out/events-10m.tab

The file is large (about 1.2 GB for 10 M rows): write it to an ignored folder (``bench-out/``
or a temporary directory) and delete it when done; never commit it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

# Most-reported first: popularity falls off as 1/rank^1.1.
COUNTRIES = (
    "United States", "China", "Russian Federation", "India", "North Korea", "South Korea", "Japan",
    "United Kingdom", "France", "Germany", "Iran", "Israel", "Syria", "Turkey", "Pakistan", "Afghanistan",
    "Iraq", "Ukraine", "Egypt", "Nigeria", "Brazil", "Mexico", "Australia", "Canada", "Saudi Arabia",
    "Indonesia", "Philippines", "Vietnam", "Thailand", "Malaysia", "Kenya", "South Africa", "Ethiopia",
    "Sudan", "Somalia", "Libya", "Yemen", "Lebanon", "Jordan", "Qatar", "Italy", "Spain", "Poland",
    "Greece", "Sweden", "Norway", "Argentina", "Colombia", "Venezuela", "Cuba", "Chile", "Peru",
    "Bangladesh", "Sri Lanka", "Nepal", "Myanmar", "Cambodia", "Mongolia", "Kazakhstan", "Georgia",
)
SECTORS = ("", "Government", "Military", "Police", "Legislative / Parliamentary", "Business",
           "Media", "Opposition Major Party (In Government)", "Citizen", "Education")
CODES = ("010", "020", "036", "040", "042", "043", "046", "051", "057", "061", "070", "111", "112",
         "120", "130", "138", "160", "163", "172", "173", "180", "190", "193", "195")
HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text",
          "CAMEO Code", "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID",
          "Sentence Number", "Publisher"]
CHUNK = 1_000_000


def zipf_choice(rng: np.random.Generator, n_items: int, size: int, power: float) -> np.ndarray:
    """Indices 0..n_items-1, index k drawn with weight 1 / (k + 1) ** power."""
    w = 1.0 / np.arange(1, n_items + 1) ** power
    return rng.choice(n_items, size=size, p=w / w.sum())


def chunk_table(rng: np.random.Generator, first_id: int, n: int) -> pa.Table:
    """``n`` rows of events with ids from ``first_id``."""
    src = zipf_choice(rng, len(COUNTRIES), n, 1.1)
    tgt = zipf_choice(rng, len(COUNTRIES), n, 1.1)
    tgt = np.where(tgt == src, (tgt + 1 + rng.integers(0, 5, n)) % len(COUNTRIES), tgt)
    ssec, tsec = zipf_choice(rng, len(SECTORS), n, 0.8), zipf_choice(rng, len(SECTORS), n, 0.8)
    code = zipf_choice(rng, len(CODES), n, 0.9)
    day = np.datetime64("2014-01-01") + rng.integers(0, 6 * 365, n).astype("timedelta64[D]")
    countries, sectors, codes = np.array(COUNTRIES, object), np.array(SECTORS, object), np.array(CODES, object)
    ids = np.arange(first_id, first_id + n)
    story = ids // 4

    def names(country: np.ndarray, sector: np.ndarray) -> np.ndarray:
        labelled = np.char.add(np.char.add(sectors[sector].astype(str), " ("), countries[country].astype(str))
        return np.where(sector == 0, countries[country].astype(str), np.char.add(labelled, ")"))

    return pa.table({
        "Event ID": ids.astype(str),
        "Event Date": day.astype(str),
        "Source Name": names(src, ssec),
        "Source Sectors": sectors[ssec].astype(str),
        "Source Country": countries[src].astype(str),
        "Event Text": np.full(n, "synthetic"),
        "CAMEO Code": codes[code].astype(str),
        "Intensity": np.round(rng.uniform(-10, 10, n), 1).astype(str),
        "Target Name": names(tgt, tsec),
        "Target Sectors": sectors[tsec].astype(str),
        "Target Country": countries[tgt].astype(str),
        "Story ID": story.astype(str),
        "Sentence Number": (ids % 4 + 1).astype(str),
        "Publisher": np.full(n, "Synthetic Wire"),
    })


def write_events(out: Path, rows: int, seed: int = 0) -> Path:
    """Write ``rows`` events to ``out`` (tab-separated, header, no quoting), chunk by chunk."""
    rng = np.random.default_rng(seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(delimiter="\t", quoting_style="none", include_header=False)
    schema = pa.schema([(name, pa.string()) for name in HEADER])
    out.write_text("\t".join(HEADER) + "\n", encoding="utf-8")  # Arrow would quote the header's names
    with open(out, "ab") as sink, pacsv.CSVWriter(sink, schema, write_options=options) as writer:
        for start in range(0, rows, CHUNK):
            writer.write_table(chunk_table(rng, start + 1, min(CHUNK, rows - start)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("bench-out/events-10m.tab"))
    args = parser.parse_args()
    path = write_events(args.out, args.rows, args.seed)
    print(f"{args.rows:,} events → {path} ({path.stat().st_size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
