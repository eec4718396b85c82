"""CAMEO event codes and what follows from a code: Goldstein score, QuadClass, PLOVER type.

The table (``data/cameo_events.csv``) is built by ``scripts/build_ontology.py`` from the CAMEO
codebook and the CAMEO→PLOVER table; the product only reads the packaged copy.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

QUAD_CLASS_NAMES = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}


@dataclass(frozen=True)
class CameoCode:
    code: str
    root: str
    name: str
    goldstein: float
    quad_class: int
    plover_event: str | None
    plover_mode: str | None
    plover_context: str | None


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO event codes, keyed by code string (leading zeros kept)."""
    path = resources.files("detente.ontology") / "data" / "cameo_events.csv"
    table: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            table[row["code"]] = CameoCode(
                code=row["code"],
                root=row["root"],
                name=row["name"],
                goldstein=float(row["goldstein"]),
                quad_class=int(row["quad_class"]),
                plover_event=row["plover_event"] or None,
                plover_mode=row["plover_mode"] or None,
                plover_context=row["plover_context"] or None,
            )
    return table


def normalize_code(code: str | int | None) -> str | None:
    """Return a CAMEO code as a string with its leading zero (``42`` → ``"042"``), or None."""
    if code is None:
        return None
    s = str(code).strip()
    if not s or not s.isdigit():
        return None
    if len(s) in (1, 2) and int(s) <= 20:
        s = s.zfill(2)
    elif len(s) == 3 and s not in cameo_table() and ("0" + s) in cameo_table():
        s = "0" + s
    elif len(s) == 2 and s not in cameo_table() and ("0" + s) in cameo_table():
        s = "0" + s
    return s


def lookup(code: str | None) -> CameoCode | None:
    """The table entry for a code, falling back to its parent codes (``0163`` → ``016``)."""
    code = normalize_code(code)
    if code is None:
        return None
    table = cameo_table()
    for k in range(len(code), 1, -1):
        entry = table.get(code[:k])
        if entry is not None:
            return entry
    return None


def name_of(code: str) -> str | None:
    e = lookup(code)
    return e.name if e else None


@lru_cache(maxsize=1)
def code_by_name() -> dict[str, str]:
    """Lower-cased CAMEO event name → code (for data sets that carry names, such as ICEWS)."""
    out: dict[str, str] = {}
    for c in cameo_table().values():
        out.setdefault(c.name.lower(), c.code)
    return out


def _normal_name(name: str) -> str:
    kept = "".join(ch for ch in name.lower().replace("-", " ") if ch.isalnum() or ch == " ")
    return " ".join(kept.split())


@lru_cache(maxsize=1)
def _codes_by_normal_name() -> dict[str, str]:
    out: dict[str, str] = {}
    for c in cameo_table().values():
        out.setdefault(_normal_name(c.name), c.code)
    return out


def code_for_name(name: str) -> str | None:
    """The CAMEO code of an event name as data sets spell it (case, hyphens and commas ignored)."""
    return code_by_name().get(name.lower()) or _codes_by_normal_name().get(_normal_name(name))


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Lower-cased country name → ISO alpha-3 (CAMEO country codes are ISO alpha-3)."""
    path = resources.files("detente.ontology") / "data" / "countries.csv"
    with path.open(encoding="utf-8") as f:
        return {row["name"].lower(): row["iso3"] for row in csv.DictReader(f)}


@lru_cache(maxsize=1)
def _sector_keywords() -> list[tuple[str, str]]:
    path = resources.files("detente.ontology") / "data" / "sector_keywords.csv"
    with path.open(encoding="utf-8") as f:
        return [(row["keyword"], row["agent"]) for row in csv.DictReader(f)]


@lru_cache(maxsize=4096)
def sector_code(sector: str) -> str | None:
    """A sector label ('Police', 'Foreign Affairs', 'Military Personnel') → CAMEO agent code."""
    words = f" {sector.lower().strip()} "
    for keyword, agent in _sector_keywords():
        if f" {keyword}" in words:
            return agent
    return None
