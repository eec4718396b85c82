"""Which events to read: ``EventFilter`` and the SQL of its conditions.

Side filters ("source is CHN") are written so DuckDB can skip whole row groups: equality on the
derived ``source_key`` / ``target_key`` columns (zone maps over events clustered by dyad), then
the exact country-or-code-prefix rule on what is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def side_condition(prefix: str, value: str) -> tuple[str, list[str]]:
    """SQL for "this side is ``value``": its country is ``value`` or its code starts with it.

    Written as equality on the derived ``{side}_key`` column first (see ``schema.actor_key_sql``)
    so DuckDB skips every row group of other dyads by its zone maps; the rule itself is checked
    on what is left. Prefixes shorter than a country code cannot use the key.
    """
    v = value.upper()
    rule = f"({prefix}_country = ? OR starts_with({prefix}_code, ?))"
    if len(v) < 3:
        return rule, [v, v]
    keys = sorted({v[:3], v, "*"})
    return f"({prefix}_key IN ({', '.join('?' for _ in keys)}) AND {rule})", [*keys, v, v]


def side_sql(prefix: str, codes: tuple[str, ...]) -> str:
    """``side_condition`` for several codes at once, inlined (codes must be validated ``[A-Z0-9]``)."""
    rule = " OR ".join(f"{prefix}_country = '{c}' OR starts_with({prefix}_code, '{c}')" for c in codes)
    if any(len(c) < 3 for c in codes):
        return f"({rule})"
    keys = sorted({k for c in codes for k in (c[:3], c)} | {"*"})
    return f"({prefix}_key IN ({', '.join(repr(k) for k in keys)}) AND ({rule}))"


@dataclass
class EventFilter:
    """Which events to read. Actor values are a country (ISO alpha-3) or a CAMEO actor code prefix."""

    actor: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    code: str | None = None  # CAMEO code prefix
    modality: list[str] | None = None
    origin: str | None = None
    doc: str | None = None
    limit: int | None = None
    order: str = "day, id"
    ids: list[str] | None = None
    extra: list[str] = field(default_factory=list)  # SQL conditions built by library code (never user text)

    def where(self) -> tuple[str, list[Any]]:
        conds: list[str] = []
        params: list[Any] = []

        def side(prefix: str, value: str) -> None:
            cond, values = side_condition(prefix, value)
            conds.append(cond)
            params.extend(values)

        if self.actor:
            (s_cond, s_vals), (t_cond, t_vals) = (side_condition(p, self.actor) for p in ("source", "target"))
            conds.append(f"({s_cond} OR {t_cond})")
            params.extend([*s_vals, *t_vals])
        if self.source:
            side("source", self.source)
        if self.target:
            side("target", self.target)
        if self.since:
            conds.append("day >= CAST(? AS DATE)")
            params.append(self.since)
        if self.until:
            conds.append("day <= CAST(? AS DATE)")
            params.append(self.until)
        if self.code:
            conds.append("starts_with(cameo, ?)")
            params.append(self.code)
        if self.modality:
            conds.append("modality IN (" + ", ".join("?" for _ in self.modality) + ")")
            params.extend(self.modality)
        if self.origin:
            conds.append("origin = ?")
            params.append(self.origin)
        if self.doc:
            conds.append("doc_id = ?")
            params.append(self.doc)
        if self.ids is not None:
            conds.append("id IN (" + ", ".join("?" for _ in self.ids) + ")" if self.ids else "FALSE")
            params.extend(self.ids)
        conds.extend(self.extra)
        return (" WHERE " + " AND ".join(conds)) if conds else "", params
