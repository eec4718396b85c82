"""Helpers for the lake tests: synthetic ICEWS files (our own rows) and a lake's comparable content."""

from __future__ import annotations

import random
from pathlib import Path

from detente import open as open_db

HEADER = ["Event ID", "Event Date", "Source Name", "Source Sectors", "Source Country", "Event Text", "CAMEO Code",
          "Intensity", "Target Name", "Target Sectors", "Target Country", "Story ID", "Sentence Number", "Publisher"]
COUNTRIES = ["China", "North Korea", "United States", "South Korea", "Japan"]
CODES = ["042", "043", "036", "057", "112", "130", "172", "190"]


def icews_file(path: Path, first_id: int, n: int, seed: int, year: int = 2018) -> Path:
    """A synthetic ICEWS file: the triangle's countries every few days through ``year``."""
    rng = random.Random(seed)
    rows = ["\t".join(HEADER)]
    for i in range(first_id, first_id + n):
        src, tgt = rng.sample(COUNTRIES[:3] if i % 3 else COUNTRIES, 2)
        day = f"{year}-{1 + (i * 7 // 30) % 12:02d}-{1 + (i * 7) % 28:02d}"
        rows.append("\t".join([str(i), day, src, "Government", src, "synthetic", rng.choice(CODES),
                               f"{rng.uniform(-10, 10):.1f}", tgt, "Government", tgt, str(i // 3), "1", "Wire"]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def lake_rows(lake: Path) -> tuple:
    with open_db(lake) as db:
        frame = db.events()
        stats = db.stats()
    keys = sorted(zip(frame["id"], frame["cameo"], frame["date"], frame["source_code"], frame["target_code"]))
    return keys, stats["documents"], stats["sentences"]
