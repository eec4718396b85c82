"""CAMEO event codes and what follows from a code: Goldstein score, QuadClass, PLOVER type.

The table (language data ``ontology/cameo_events.csv``) is built by ``scripts/build_ontology.py``
from the CAMEO codebook and the CAMEO→PLOVER table. ``Ontology`` reads it from a ``DataSource`` (the
coder gets its own through ``LanguageData``); the module functions use the package's copy, for the
importers and analyses that only need the standard codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from detente.langdata.source import DataSource

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


class Ontology:
    """The CAMEO event-code table (and the name tables beside it) of one language-data source."""

    _package: ClassVar[Ontology | None] = None

    def __init__(self, source: DataSource) -> None:
        self.source = source
        self.table = read_cameo_table(source)
        self._sectors: dict[str, str | None] = {}

    @classmethod
    def package(cls) -> Ontology:
        """The package's tables, read on first use and shared (read-only), for the importers and
        analyses that only need the standard codes."""
        if cls._package is None:
            cls._package = cls(DataSource())
        return cls._package

    @cached_property
    def code_by_name(self) -> dict[str, str]:
        """Lower-cased CAMEO event name → code (for data sets that carry names, such as ICEWS)."""
        out: dict[str, str] = {}
        for c in self.table.values():
            out.setdefault(c.name.lower(), c.code)
        return out

    @cached_property
    def codes_by_normal_name(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for c in self.table.values():
            out.setdefault(_normal_name(c.name), c.code)
        return out

    @cached_property
    def country_names(self) -> dict[str, str]:
        """Lower-cased country name → ISO alpha-3 (CAMEO country codes are ISO alpha-3)."""
        return {row["name"].lower(): row["iso3"] for row in self.source.rows("ontology/countries.csv")}

    @cached_property
    def sector_keywords(self) -> list[tuple[str, str]]:
        return [(row["keyword"], row["agent"]) for row in self.source.rows("ontology/sector_keywords.csv")]

    def sector_code(self, sector: str) -> str | None:
        """A sector label ('Police', 'Foreign Affairs') → CAMEO agent code (memoised per label)."""
        if sector not in self._sectors:
            words = f" {sector.lower().strip()} "
            self._sectors[sector] = next((agent for keyword, agent in self.sector_keywords
                                          if f" {keyword}" in words), None)
        return self._sectors[sector]

    def normalize_code(self, code: str | int | None) -> str | None:
        return _normalize(code, self.table)

    def lookup(self, code: str | None) -> CameoCode | None:
        return _lookup(code, self.table)


def read_cameo_table(source: DataSource) -> dict[str, CameoCode]:
    """All CAMEO event codes of ``ontology/cameo_events.csv``, keyed by code (leading zeros kept)."""
    table: dict[str, CameoCode] = {}
    for row in source.rows("ontology/cameo_events.csv", key="code", required=("code", "root", "name")):
        table[row["code"]] = CameoCode(
            code=row["code"],
            root=row["root"],
            name=row["name"],
            goldstein=float(row.get("goldstein") or 0.0),
            quad_class=int(row.get("quad_class") or 0),
            plover_event=row.get("plover_event") or None,
            plover_mode=row.get("plover_mode") or None,
            plover_context=row.get("plover_context") or None,
        )
    return table


def cameo_table() -> dict[str, CameoCode]:
    """The package's CAMEO table (for importers and analyses)."""
    return Ontology.package().table


def normalize_code(code: str | int | None) -> str | None:
    """Return a CAMEO code as a string with its leading zero (``42`` → ``"042"``), or None."""
    return _normalize(code, cameo_table())


def _normalize(code: str | int | None, table: dict[str, CameoCode]) -> str | None:
    if code is None:
        return None
    s = str(code).strip()
    if not s or not s.isdigit():
        return None
    if len(s) in (1, 2) and int(s) <= 20:
        s = s.zfill(2)
    elif len(s) == 3 and s not in table and ("0" + s) in table:
        s = "0" + s
    elif len(s) == 2 and s not in table and ("0" + s) in table:
        s = "0" + s
    return s


def lookup(code: str | None) -> CameoCode | None:
    """The table entry for a code, falling back to its parent codes (``0163`` → ``016``)."""
    return _lookup(code, cameo_table())


def _lookup(code: str | None, table: dict[str, CameoCode]) -> CameoCode | None:
    code = _normalize(code, table)
    if code is None:
        return None
    for k in range(len(code), 1, -1):
        entry = table.get(code[:k])
        if entry is not None:
            return entry
    return None


def name_of(code: str) -> str | None:
    e = lookup(code)
    return e.name if e else None


def code_by_name() -> dict[str, str]:
    """Lower-cased CAMEO event name → code (for data sets that carry names, such as ICEWS)."""
    return Ontology.package().code_by_name


def _normal_name(name: str) -> str:
    kept = "".join(ch for ch in name.lower().replace("-", " ") if ch.isalnum() or ch == " ")
    return " ".join(kept.split())


def code_for_name(name: str) -> str | None:
    """The CAMEO code of an event name as data sets spell it (case, hyphens and commas ignored)."""
    onto = Ontology.package()
    return onto.code_by_name.get(name.lower()) or onto.codes_by_normal_name.get(_normal_name(name))


def country_names() -> dict[str, str]:
    """Lower-cased country name → ISO alpha-3 (CAMEO country codes are ISO alpha-3)."""
    return Ontology.package().country_names


def sector_code(sector: str) -> str | None:
    """A sector label ('Police', 'Foreign Affairs', 'Military Personnel') → CAMEO agent code."""
    return Ontology.package().sector_code(sector)
