"""Reading events for analysis: actor merging rules, the counted modalities and de-duplication.

All filtering happens in DuckDB SQL so that a report over hundreds of thousands of imported
events only ever moves the few rows it needs into pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from detente.records import COUNTED_MODALITIES
from detente.store import EventFilter, Store

_CODE = re.compile(r"^[A-Z0-9]{2,12}$")

#: Columns read for event-level analyses (timeline, dyads); the sentence is the evidence.
EVENT_COLUMNS = (
    "id, doc_id, sentence, CAST(day AS DATE) AS day, date, date_precision, source_text, source_code,"
    " source_country, target_text, target_code, target_country, cameo, goldstein, quad_class,"
    " modality, origin, confidence"
)
#: What makes two reports the same event: source, target, CAMEO code and day.
DEDUPE_KEY = (
    "coalesce(source_code, source_country, source_text), coalesce(target_code, target_country, target_text),"
    " cameo, day"
)


class AnalysisError(ValueError):
    """Bad analysis input (an actor spec, a frequency) to report in one line."""


@dataclass(frozen=True)
class ActorSpec:
    """One analysed actor: a label and the country/code prefixes merged into it.

    ``CHN`` matches events whose side has country CHN or a code starting with CHN (so CHN,
    CHNGOV and CHNMIL all become CHN). ``CHN+HKG`` merges two prefixes under the first label.
    """

    label: str
    codes: tuple[str, ...]

    def sql(self, side: str) -> str:
        """A SQL condition on ``side`` (source/target); codes are validated, so inlining is safe."""
        parts = [f"{side}_country = '{c}' OR starts_with({side}_code, '{c}')" for c in self.codes]
        return "(" + " OR ".join(parts) + ")"


def parse_actor(text: str) -> ActorSpec:
    """``"chn+hkg"`` → ActorSpec("CHN", ("CHN", "HKG")); a bad spec raises AnalysisError."""
    codes = tuple(c.strip().upper() for c in text.split("+") if c.strip())
    if not codes:
        raise AnalysisError(f"empty actor spec {text!r}")
    for c in codes:
        if not _CODE.match(c):
            raise AnalysisError(f"bad actor code {c!r} (expected a country or CAMEO actor code such as CHN)")
    return ActorSpec(codes[0], codes)


def parse_actors(specs: str | list[str] | None, default: tuple[str, ...] = ("CHN", "PRK", "USA")) -> list[ActorSpec]:
    """A comma-separated string or a list of specs → distinct ActorSpecs (default: the Korea triangle)."""
    if specs is None:
        items = list(default)
    elif isinstance(specs, str):
        items = [s for s in specs.split(",") if s.strip()]
    else:
        items = list(specs)
    actors = [parse_actor(s) for s in items]
    labels = [a.label for a in actors]
    if len(set(labels)) != len(labels):
        raise AnalysisError(f"actor listed twice in {','.join(labels)}")
    if not actors:
        raise AnalysisError("no actors given")
    return actors


def label_sql(actors: list[ActorSpec], side: str, other: str | None = None) -> str:
    """A CASE expression naming the analysed actor on ``side``; ``other`` labels everyone else."""
    whens = " ".join(f"WHEN {a.sql(side)} THEN '{a.label}'" for a in actors)
    rest = other if other is not None else "NULL"
    return f"CASE {whens} ELSE {rest} END"


def partner_sql(side: str) -> str:
    """A label for any actor: its country, else the first three letters of its code."""
    return f"coalesce({side}_country, substr({side}_code, 1, 3), {side}_text)"


@dataclass
class Scope:
    """Which events an analysis reads: actors, dates, modalities, origin, de-duplication."""

    actors: list[ActorSpec]
    since: str | None = None
    until: str | None = None
    modalities: tuple[str, ...] | None = COUNTED_MODALITIES  # None: every modality
    origin: str | None = None
    dedupe: bool = True
    extra: list[str] = field(default_factory=list)

    def filter(self, conditions: list[str]) -> EventFilter:
        return EventFilter(
            since=self.since, until=self.until, origin=self.origin,
            modality=list(self.modalities) if self.modalities else None,
            extra=[*self.extra, *conditions], order="day, id",
        )


def _deduped(store: Store, flt: EventFilter, columns: str, dedupe: bool) -> tuple[str, list]:
    """The store's SQL for ``flt``, wrapped so duplicate reports collapse into one row with ``n_reports``."""
    inner, params = store.events_sql(flt, columns="*")
    if not dedupe:
        return f"SELECT {columns}, 1 AS n_reports FROM ({inner}) ev", params
    sql = (
        f"SELECT {columns}, count(*) OVER w AS n_reports FROM ({inner}) ev"
        f" WINDOW w AS (PARTITION BY {DEDUPE_KEY})"
        " QUALIFY row_number() OVER (PARTITION BY " + DEDUPE_KEY + " ORDER BY confidence DESC, sentence NULLS LAST, id) = 1"
    )
    return sql, params


def load_dyad_events(store: Store, scope: Scope, limit: int | None = None) -> pd.DataFrame:
    """Dated events between two different analysed actors, with ``src``/``tgt`` labels (merged)."""
    actors = scope.actors
    src, tgt = label_sql(actors, "source"), label_sql(actors, "target")
    among_s = " OR ".join(a.sql("source") for a in actors)
    among_t = " OR ".join(a.sql("target") for a in actors)
    flt = scope.filter([f"({among_s})", f"({among_t})", "day IS NOT NULL"])
    sql, params = _deduped(store, flt, f"{EVENT_COLUMNS}, {src} AS src, {tgt} AS tgt", scope.dedupe)
    sql = f"SELECT * FROM ({sql}) x WHERE src <> tgt ORDER BY day, id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    df = store.con.execute(sql, params).df()
    if not df.empty:
        df["day"] = pd.to_datetime(df["day"])
    return df


def load_partner_counts(store: Store, scope: Scope) -> pd.DataFrame:
    """Aggregated events between the analysed actors and anyone: src, tgt, quad_class, n, goldstein_sum.

    Other actors are labelled by country (or code prefix); aggregation stays in SQL.
    """
    actors = scope.actors
    src = label_sql(actors, "source", partner_sql("source"))
    tgt = label_sql(actors, "target", partner_sql("target"))
    either = " OR ".join(f"{a.sql('source')} OR {a.sql('target')}" for a in actors)
    flt = scope.filter([f"({either})"])
    sql, params = _deduped(store, flt, f"{src} AS src, {tgt} AS tgt, quad_class, goldstein", scope.dedupe)
    sql = (
        f"SELECT src, tgt, quad_class, count(*) AS n, sum(coalesce(goldstein, 0)) AS goldstein_sum"
        f" FROM ({sql}) x WHERE src IS NOT NULL AND tgt IS NOT NULL AND src <> tgt GROUP BY ALL"
    )
    return store.con.execute(sql, params).df()


def load_timeline(store: Store, scope: Scope, limit: int = 500) -> tuple[pd.DataFrame, int]:
    """Events touching any analysed actor, every modality, in date order (the most telling ``limit``); and the total."""
    actors = scope.actors
    either = " OR ".join(f"{a.sql('source')} OR {a.sql('target')}" for a in actors)
    flt = scope.filter([f"({either})"])
    src = label_sql(actors, "source", partner_sql("source"))
    tgt = label_sql(actors, "target", partner_sql("target"))
    s_lab, t_lab = label_sql(actors, "source"), label_sql(actors, "target")
    among = f"coalesce({s_lab} IS NOT NULL AND {t_lab} IS NOT NULL AND {s_lab} <> {t_lab}, false)"
    columns = f"{EVENT_COLUMNS}, {src} AS src, {tgt} AS tgt, {among} AS among"
    sql, params = _deduped(store, flt, columns, scope.dedupe)
    total = store.con.execute(f"SELECT count(*) FROM ({sql}) x", params).fetchone()[0]
    # Which events make the cut: quoted ones first (they carry the evidence), then events among
    # the analysed actors, spread over time: the most intense event of each dyad and week, then
    # the second most intense, and so on.
    intensity = "abs(coalesce(goldstein, 0)) DESC"
    ranked = (f"SELECT *, row_number() OVER (PARTITION BY src, tgt, date_trunc('week', day)"
              f" ORDER BY (sentence IS NULL), {intensity}, id) AS rank_in_week FROM ({sql}) x")
    order = f"(sentence IS NULL), among DESC, rank_in_week, {intensity}, day DESC NULLS LAST, id"
    df = store.con.execute(f"SELECT * FROM ({ranked}) y ORDER BY {order} LIMIT {int(limit)}", params).df()
    if not df.empty:
        df = df.sort_values(["day", "id"], na_position="last", kind="stable").reset_index(drop=True)
    return df, int(total)


def scope_counts(store: Store, scope: Scope, column: str) -> list[tuple[str, int]]:
    """Events touching any analysed actor, counted by ``column`` (origin, modality), in SQL."""
    if column not in ("origin", "modality", "quad_class", "cameo_root"):
        raise AnalysisError(f"cannot count by {column!r}")
    either = " OR ".join(f"{a.sql('source')} OR {a.sql('target')}" for a in scope.actors)
    sql, params = _deduped(store, scope.filter([f"({either})"]), column, scope.dedupe)
    rows = store.con.execute(f"SELECT {column}, count(*) AS n FROM ({sql}) x GROUP BY 1 ORDER BY 2 DESC", params)
    return [(str(k), int(n)) for k, n in rows.fetchall()]


def check_date(value: str | None, name: str) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) → YYYY-MM-DD; anything else raises AnalysisError."""
    if value is None or value == "":
        return None
    import datetime as dt

    parts = value.strip().split("-")
    try:
        if len(parts) == 1:
            return dt.date(int(parts[0]), 1, 1).isoformat()
        if len(parts) == 2:
            return dt.date(int(parts[0]), int(parts[1]), 1).isoformat()
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise AnalysisError(f"{name} {value!r} is not a date (use YYYY-MM-DD)") from None


def busiest_actors(store: Store, k: int = 3, since: str | None = None, until: str | None = None) -> list[str]:
    """The ``k`` countries in the most counted events (either side): the cast a report defaults to.

    Unknown countries (``---``) are not a cast member. The same rule as ``detente run``.
    """
    flt = EventFilter(since=since, until=until, modality=list(COUNTED_MODALITIES))
    inner, params = store.events_sql(flt, columns="source_country, target_country")
    sql = (f"SELECT c, count(*) AS n FROM (SELECT source_country AS c FROM ({inner}) a UNION ALL"
           f" SELECT target_country FROM ({inner}) b) WHERE regexp_matches(c, '^[A-Z0-9]{{2,12}}$')"
           f" GROUP BY c ORDER BY n DESC, c LIMIT {int(k)}")
    return [r[0] for r in store.con.execute(sql, params + params).fetchall()]
