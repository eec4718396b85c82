"""Directed dyad series: Goldstein sums and means, QuadClass counts and shares per period.

Conventions follow Lowe's ``events`` package and GDELT practice: one row per period from the
first to the last period of the window, empty periods filled with zero (the mean is NaN where a
period has no scored events), cooperation = QuadClass 1–2, conflict = QuadClass 3–4.
"""

from __future__ import annotations

from itertools import permutations
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from detente.analysis.events import AnalysisError

if TYPE_CHECKING:
    from detente.store import Store
    from detente.store.scope import Scope

FREQS: dict[str, str] = {"day": "D", "week": "W-MON", "month": "MS"}
SERIES_COLUMNS = [
    "events", "goldstein_sum", "goldstein_mean", "q1", "q2", "q3", "q4", "coop_share", "conflict_share",
]


def period_start(days: pd.Series | pd.DatetimeIndex, freq: str) -> pd.Series:
    """The first day of each day's period (weeks start on Monday, months on the 1st)."""
    days = pd.to_datetime(pd.Series(days)).dt.normalize()
    if freq == "day":
        return days
    if freq == "week":
        return days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    if freq == "month":
        return days.dt.to_period("M").dt.start_time
    raise AnalysisError(f"unknown frequency {freq!r} (use {', '.join(FREQS)})")


def period_index(start: str | pd.Timestamp, end: str | pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    """Every period from the one holding ``start`` to the one holding ``end``."""
    if freq not in FREQS:
        raise AnalysisError(f"unknown frequency {freq!r} (use {', '.join(FREQS)})")
    first, last = period_start(pd.Series([pd.Timestamp(start), pd.Timestamp(end)]), freq)
    return pd.date_range(first, last, freq=FREQS[freq], name="period")


def window(events: pd.DataFrame, since: str | None, until: str | None) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The analysis window: the given dates, else the span of the events (None when neither)."""
    days = events["day"].dropna() if "day" in events else pd.Series(dtype="datetime64[ns]")
    start = pd.Timestamp(since) if since else (days.min() if len(days) else None)
    end = pd.Timestamp(until) if until else (days.max() if len(days) else None)
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    if end < start:
        raise AnalysisError(f"window ends ({end.date()}) before it starts ({start.date()})")
    return start, end


def dyad_series(
    events: pd.DataFrame, source: str, target: str, freq: str = "week",
    start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """One directed dyad's series: events with ``src == source`` and ``tgt == target``, zero-filled."""
    span = window(events, str(start) if start is not None else None, str(end) if end is not None else None)
    if span is None:
        return pd.DataFrame(columns=SERIES_COLUMNS, index=pd.DatetimeIndex([], name="period"))
    index = period_index(span[0], span[1], freq)
    sel = events[(events["src"] == source) & (events["tgt"] == target)] if len(events) else events
    out = pd.DataFrame(0.0, index=index, columns=SERIES_COLUMNS)
    if len(sel):
        periods = period_start(sel["day"], freq).to_numpy()
        frame = pd.DataFrame({
            "period": periods,
            "g": pd.to_numeric(sel["goldstein"], errors="coerce").to_numpy(dtype=float),
            "q": pd.to_numeric(sel["quad_class"], errors="coerce").to_numpy(dtype=float),
        })
        grouped = frame.groupby("period")
        agg = pd.DataFrame({
            "events": grouped.size(),
            "goldstein_sum": grouped["g"].sum(min_count=0),
            "goldstein_mean": grouped["g"].mean(),
        })
        for q in (1, 2, 3, 4):
            agg[f"q{q}"] = grouped["q"].apply(lambda s, q=q: float((s == q).sum()))
        agg = agg.reindex(index)
        for col in ("events", "goldstein_sum", "q1", "q2", "q3", "q4"):
            out[col] = agg[col].fillna(0.0).to_numpy()
        out["goldstein_mean"] = agg["goldstein_mean"].to_numpy()
    else:
        out["goldstein_mean"] = np.nan
    n = out["events"].replace(0, np.nan)
    out["coop_share"] = ((out["q1"] + out["q2"]) / n).fillna(0.0)
    out["conflict_share"] = ((out["q3"] + out["q4"]) / n).fillna(0.0)
    out.index.name = "period"
    return out


def dyad_name(source: str, target: str) -> str:
    return f"{source}→{target}"


def dyad_panel(
    events: pd.DataFrame, actors: list[str], freq: str = "week",
    start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None,
) -> dict[tuple[str, str], pd.DataFrame]:
    """Every directed dyad among ``actors`` over one shared window (n actors → n·(n−1) series)."""
    span = window(events, str(start) if start is not None else None, str(end) if end is not None else None)
    s, e = (span if span else (None, None))
    return {(a, b): dyad_series(events, a, b, freq, s, e) for a, b in permutations(actors, 2)}


def panel_matrix(panel: dict[tuple[str, str], pd.DataFrame], value: str = "goldstein_sum") -> pd.DataFrame:
    """One column per directed dyad (``USA→CHN``) holding ``value`` — the input of the triangle VAR."""
    return pd.DataFrame({dyad_name(a, b): frame[value] for (a, b), frame in panel.items()})


def dyad_summary(panel: dict[tuple[str, str], pd.DataFrame]) -> pd.DataFrame:
    """Totals per dyad over the window: events, Goldstein sum/mean, QuadClass counts and shares."""
    rows = []
    for (a, b), f in panel.items():
        n = float(f["events"].sum())
        g = float(f["goldstein_sum"].sum())
        coop = float(f["q1"].sum() + f["q2"].sum())
        conf = float(f["q3"].sum() + f["q4"].sum())
        rows.append({
            "dyad": dyad_name(a, b), "source": a, "target": b, "events": int(n), "goldstein_sum": g,
            "goldstein_mean": g / n if n else float("nan"),
            "q1": int(f["q1"].sum()), "q2": int(f["q2"].sum()), "q3": int(f["q3"].sum()), "q4": int(f["q4"].sum()),
            "coop_share": coop / n if n else 0.0, "conflict_share": conf / n if n else 0.0,
            "periods": len(f), "active_periods": int((f["events"] > 0).sum()),
        })
    return pd.DataFrame(rows)


def auto_freq(start: pd.Timestamp | None, end: pd.Timestamp | None) -> str:
    """A period for the window: days up to three months, weeks up to two years, else months."""
    if start is None or end is None:
        return "week"
    days = (pd.Timestamp(end) - pd.Timestamp(start)).days
    return "day" if days <= 92 else ("week" if days <= 731 else "month")


def panel_from_counts(
    counts: pd.DataFrame, actors: list[str], freq: str = "week",
    start: str | pd.Timestamp | None = None, end: str | pd.Timestamp | None = None,
) -> dict[tuple[str, str], pd.DataFrame]:
    """``dyad_panel`` from per-period counts (``Store.dyad_counts``): the same series."""
    first = pd.Timestamp(start) if start else (counts["first_day"].min() if len(counts) else None)
    last = pd.Timestamp(end) if end else (counts["last_day"].max() if len(counts) else None)
    if first is None or last is None or pd.isna(first) or pd.isna(last):
        return {(a, b): pd.DataFrame(columns=SERIES_COLUMNS, index=pd.DatetimeIndex([], name="period"))
                for a, b in permutations(actors, 2)}
    if last < first:
        raise AnalysisError(f"window ends ({last.date()}) before it starts ({first.date()})")
    index = period_index(first, last, freq)
    out = {}
    for a, b in permutations(actors, 2):
        sel = counts[(counts["src"] == a) & (counts["tgt"] == b)].set_index("period").reindex(index)
        f = pd.DataFrame(0.0, index=index, columns=SERIES_COLUMNS)
        for col in ("events", "goldstein_sum", "q1", "q2", "q3", "q4"):
            f[col] = sel[col].fillna(0.0).astype(float).to_numpy()
        scored = sel["goldstein_n"].fillna(0).to_numpy()
        f["goldstein_mean"] = np.where(scored > 0, f["goldstein_sum"] / np.maximum(scored, 1), np.nan)
        n = f["events"].replace(0, np.nan)
        f["coop_share"] = ((f["q1"] + f["q2"]) / n).fillna(0.0)
        f["conflict_share"] = ((f["q3"] + f["q4"]) / n).fillna(0.0)
        f.index.name = "period"
        out[(a, b)] = f
    return out


def dyad_table(store: Store, scope: Scope, freq: str = "week") -> tuple[pd.DataFrame, int]:
    """``detente dyad``: the summary per directed dyad among the scope's actors, and how many
    (de-duplicated) events it counts; aggregated in SQL."""
    if freq not in FREQS:
        raise AnalysisError(f"unknown frequency {freq!r} (use {', '.join(FREQS)})")
    counts = store.dyad_counts(scope, freq)
    panel = panel_from_counts(counts, [a.label for a in scope.actors], freq, scope.since, scope.until)
    return dyad_summary(panel), int(counts["events"].sum()) if len(counts) else 0
