"""Reading events for analysis: actor specs, and the store's scoped reads as DataFrames.

The queries (actor merging, counted modalities, de-duplication) are the store's
(``store/scope.py``); this module parses what users type and shapes the frames.
"""

from __future__ import annotations

import re

import pandas as pd

from detente.store import Store
from detente.store.scope import COUNTABLE, ActorSpec, Scope

__all__ = ["ActorSpec", "AnalysisError", "Scope", "check_date", "load_dyad_events", "load_partner_counts",
           "load_timeline", "parse_actor", "parse_actors", "scope_counts"]

_CODE = re.compile(r"^[A-Z0-9]{2,12}$")


class AnalysisError(ValueError):
    """Bad analysis input (an actor spec, a frequency) to report in one line."""


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


def load_dyad_events(store: Store, scope: Scope, limit: int | None = None) -> pd.DataFrame:
    """Dated events between two different analysed actors, with ``src``/``tgt`` labels (merged)."""
    df = store.dyad_events(scope, limit)
    if not df.empty:
        df["day"] = pd.to_datetime(df["day"])
    return df


def load_partner_counts(store: Store, scope: Scope) -> pd.DataFrame:
    """Aggregated events between the analysed actors and anyone: src, tgt, quad_class, n, goldstein_sum.

    Other actors are labelled by country (or code prefix); aggregation stays in SQL.
    """
    return store.partner_counts(scope)


def load_timeline(store: Store, scope: Scope, limit: int = 500) -> tuple[pd.DataFrame, int]:
    """Events touching any analysed actor, every modality, in date order (the most telling ``limit``); and the total."""
    df, total = store.timeline(scope, limit)
    if not df.empty:
        df = df.sort_values(["day", "id"], na_position="last", kind="stable").reset_index(drop=True)
    return df, total


def scope_counts(store: Store, scope: Scope, column: str) -> list[tuple[str, int]]:
    """Events touching any analysed actor, counted by ``column`` (origin, modality), in SQL."""
    if column not in COUNTABLE:
        raise AnalysisError(f"cannot count by {column!r}")
    return store.scope_counts(scope, column)


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
    return store.busiest_countries(k, since=since, until=until)
