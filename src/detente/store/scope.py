"""Scoped reads for the analyses: events among named actors, merged, counted and de-duplicated.

The rule "``CHN`` matches country CHN or any code starting with CHN" lives here once
(``match_sql``) and serves both ``EventFilter`` and the analyses' actor labels. All filtering
happens in DuckDB SQL, so a report over hundreds of thousands of imported events only moves
the rows it needs into pandas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.records import COUNTED_MODALITIES

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from detente.store.duckdb_store import EventFilter

CODE = re.compile(r"^[A-Z0-9]{2,15}$")

#: Columns read for event-level analyses (timeline, dyads); the sentence is the evidence.
ANALYSIS_COLUMNS = (
    "id, doc_id, sentence, CAST(day AS DATE) AS day, date, date_precision, source_text, source_code,"
    " source_country, target_text, target_code, target_country, cameo, goldstein, quad_class,"
    " modality, origin, confidence"
)
#: What makes two reports the same event: source, target, CAMEO code and day.
DEDUPE_KEY = (
    "coalesce(source_code, source_country, source_text), coalesce(target_code, target_country, target_text),"
    " cameo, day"
)
COUNTABLE = ("origin", "modality", "quad_class", "cameo_root")


def match_sql(side: str, codes: Sequence[str], inline: bool = False) -> tuple[str, list[str]]:
    """``side`` (source/target) is one of ``codes``: its country equals a code or its actor code starts with one.

    Written as equality on the derived ``<side>_key`` column first (``schema.actor_key_sql``), so
    DuckDB skips the row groups of other dyads by their zone maps (events are clustered by the
    keys), then the rule itself on what is left. Prefixes shorter than a country code cannot use
    the key. With ``inline`` the codes are written into the SQL (they must look like codes, else
    ``ValueError``); otherwise they are parameters, returned in order.
    """
    if side not in ("source", "target"):
        raise ValueError(f"side must be source or target, not {side!r}")
    codes = [code.upper() for code in codes]
    if inline and not all(CODE.match(code) for code in codes):
        raise ValueError(f"bad actor code {next(c for c in codes if not CODE.match(c))!r}")

    def value(v: str) -> str:
        return f"'{v}'" if inline else "?"

    parts = [f"{side}_country = {value(c)} OR starts_with({side}_code, {value(c)})" for c in codes]
    params = [] if inline else [v for c in codes for v in (c, c)]
    rule = "(" + " OR ".join(parts) + ")"
    if not codes or any(len(c) < 3 for c in codes):
        return rule, params
    keys = sorted({k for c in codes for k in (c[:3], c)} | {"*"})
    return f"({side}_key IN ({', '.join(value(k) for k in keys)}) AND {rule})", ([] if inline else [*keys, *params])


@dataclass(frozen=True)
class ActorSpec:
    """One analysed actor: a label and the country/code prefixes merged into it.

    ``CHN`` matches events whose side has country CHN or a code starting with CHN (so CHN,
    CHNGOV and CHNMIL all become CHN). ``CHN+HKG`` merges two prefixes under the first label.
    """

    label: str
    codes: tuple[str, ...]

    def sql(self, side: str) -> str:
        """A SQL condition on ``side`` (source/target), the codes inlined (they are checked)."""
        return match_sql(side, self.codes, inline=True)[0]


@dataclass
class Scope:
    """Which events an analysis reads: actors, dates, modalities, origin, de-duplication."""

    actors: list[ActorSpec]
    since: str | None = None
    until: str | None = None
    modalities: tuple[str, ...] | None = COUNTED_MODALITIES  # None: every modality
    origin: str | None = None
    dedupe: bool = True

    def filter(self) -> EventFilter:
        from detente.store.duckdb_store import EventFilter

        return EventFilter(since=self.since, until=self.until, origin=self.origin,
                           modality=list(self.modalities) if self.modalities else None, order="day, id")

    def label_sql(self, side: str, other: str | None = None) -> str:
        """A CASE expression naming the analysed actor on ``side``; ``other`` labels everyone else."""
        whens = " ".join(f"WHEN {a.sql(side)} THEN '{a.label}'" for a in self.actors)
        return f"CASE {whens} ELSE {other if other is not None else 'NULL'} END"

    def any_sql(self, side: str) -> str:
        return "(" + " OR ".join(a.sql(side) for a in self.actors) + ")"


def partner_sql(side: str) -> str:
    """A label for any actor: its country, else the first three letters of its code."""
    return f"coalesce({side}_country, substr({side}_code, 1, 3), {side}_text)"


class StoreScoped:
    """Mixed into ``Store``: the analyses' reads, each a method taking a ``Scope``."""

    con: duckdb.DuckDBPyConnection

    def _scoped(self, scope: Scope, conditions: list[str], columns: str) -> tuple[str, list[Any]]:
        """The scope's events (``conditions`` added), duplicates collapsed into one row with ``n_reports``."""
        where, params = scope.filter().where()
        conds = " AND ".join(conditions)
        where = f"{where} AND {conds}" if where and conds else (f" WHERE {conds}" if conds else where)
        inner = f"SELECT * FROM events{where}"
        if not scope.dedupe:
            return f"SELECT {columns}, 1 AS n_reports FROM ({inner}) ev", params
        # One window for both: the same partition and order, so DuckDB partitions and sorts once.
        sql = (
            f"SELECT {columns}, count(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
            f" AS n_reports FROM ({inner}) ev"
            f" WINDOW w AS (PARTITION BY {DEDUPE_KEY} ORDER BY confidence DESC, sentence NULLS LAST, id)"
            " QUALIFY row_number() OVER w = 1"
        )
        return sql, params

    def _either(self, scope: Scope) -> str:
        return "(" + " OR ".join(f"{a.sql('source')} OR {a.sql('target')}" for a in scope.actors) + ")"

    def dyad_events_sql(self, scope: Scope, limit: int | None = None) -> tuple[str, list[Any]]:
        """The SQL of ``dyad_events`` (the lake benchmark runs it on bare DuckDB too)."""
        src, tgt = scope.label_sql("source"), scope.label_sql("target")
        conds = [scope.any_sql("source"), scope.any_sql("target"), "day IS NOT NULL"]
        sql, params = self._scoped(scope, conds, f"{ANALYSIS_COLUMNS}, {src} AS src, {tgt} AS tgt")
        sql = f"SELECT * FROM ({sql}) x WHERE src <> tgt ORDER BY day, id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, params

    def dyad_events(self, scope: Scope, limit: int | None = None) -> pd.DataFrame:
        """Dated events between two different analysed actors, with ``src``/``tgt`` labels (merged)."""
        sql, params = self.dyad_events_sql(scope, limit)
        return self.con.execute(sql, params).df()

    def dyad_counts(self, scope: Scope, freq: str) -> pd.DataFrame:
        """Per directed dyad among the analysed actors and per period (``day``/``week``/``month``):
        events, first and last day, Goldstein sum and count, QuadClass counts — aggregated in SQL
        (duplicates merged first), so a table over millions of events moves a few thousand rows."""
        trunc = {"day": "day", "week": "date_trunc('week', day)", "month": "date_trunc('month', day)"}[freq]
        src, tgt = scope.label_sql("source"), scope.label_sql("target")
        conds = [scope.any_sql("source"), scope.any_sql("target"), "day IS NOT NULL"]
        sql, params = self._scoped(scope, conds, f"CAST(day AS DATE) AS day, goldstein, quad_class, {src} AS src, {tgt} AS tgt")
        quads = ", ".join(f"count_if(quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
        sql = (f"SELECT src, tgt, CAST({trunc} AS DATE) AS period, count(*) AS events, min(day) AS first_day,"
               f" max(day) AS last_day, sum(goldstein) AS goldstein_sum, count(goldstein) AS goldstein_n, {quads}"
               f" FROM ({sql}) x WHERE src <> tgt GROUP BY ALL ORDER BY ALL")
        import pandas as pd

        df = self.con.execute(sql, params).df()
        for col in ("period", "first_day", "last_day"):
            df[col] = pd.to_datetime(df[col])
        return df

    def partner_counts(self, scope: Scope) -> pd.DataFrame:
        """Events between the analysed actors and anyone, aggregated: src, tgt, quad_class, n, goldstein_sum."""
        src = scope.label_sql("source", partner_sql("source"))
        tgt = scope.label_sql("target", partner_sql("target"))
        sql, params = self._scoped(scope, [self._either(scope)], f"{src} AS src, {tgt} AS tgt, quad_class, goldstein")
        sql = (
            f"SELECT src, tgt, quad_class, count(*) AS n, sum(coalesce(goldstein, 0)) AS goldstein_sum"
            f" FROM ({sql}) x WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt GROUP BY ALL"
        )
        return self.con.execute(sql, params).df()

    def timeline(self, scope: Scope, limit: int = 500) -> tuple[pd.DataFrame, int]:
        """Events touching any analysed actor, the most telling ``limit`` of them; and how many there are."""
        src = scope.label_sql("source", partner_sql("source"))
        tgt = scope.label_sql("target", partner_sql("target"))
        s_lab, t_lab = scope.label_sql("source"), scope.label_sql("target")
        among = f"coalesce({s_lab} IS NOT NULL AND {t_lab} IS NOT NULL AND {s_lab} <> {t_lab}, false)"
        columns = f"{ANALYSIS_COLUMNS}, {src} AS src, {tgt} AS tgt, {among} AS among"
        sql, params = self._scoped(scope, [self._either(scope)], columns)
        total = self.con.execute(f"SELECT count(*) FROM ({sql}) x", params).fetchall()[0][0]
        # Which events make the cut: quoted ones first (they carry the evidence), then events among
        # the analysed actors, spread over time: the most intense event of each dyad and week, then
        # the second most intense, and so on.
        intensity = "abs(coalesce(goldstein, 0)) DESC"
        ranked = (f"SELECT *, row_number() OVER (PARTITION BY src, tgt, date_trunc('week', day)"
                  f" ORDER BY (sentence IS NULL), {intensity}, id) AS rank_in_week FROM ({sql}) x")
        order = f"(sentence IS NULL), among DESC, rank_in_week, {intensity}, day DESC NULLS LAST, id"
        df = self.con.execute(f"SELECT * FROM ({ranked}) y ORDER BY {order} LIMIT {int(limit)}", params).df()
        return df, int(total)

    def scope_counts(self, scope: Scope, column: str) -> list[tuple[str, int]]:
        """Events touching any analysed actor, counted by ``column`` (origin, modality, …), most first."""
        if column not in COUNTABLE:
            raise ValueError(f"cannot count by {column!r}")
        sql, params = self._scoped(scope, [self._either(scope)], column)
        rows = self.con.execute(f"SELECT {column}, count(*) AS n FROM ({sql}) x GROUP BY 1 ORDER BY 2 DESC", params)
        return [(str(k), int(n)) for k, n in rows.fetchall()]
