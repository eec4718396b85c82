"""Checks made before a VAR is fitted: where the series are active, whether they vary, stationarity.

A VAR over periods where most dyads have no events at all (structural zeros) finds "precedence"
in the pattern of empty weeks, not in behaviour: the F statistics explode and every Granger test
looks significant. These checks pick the window where the model's data exist, leave out series
that are mostly empty there, and test stationarity (ADF and KPSS), so a fit that cannot be
trusted is refused with one line instead of being printed.
"""

from __future__ import annotations

import warnings as pywarnings
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass
class SeriesCheck:
    """What one dyad series looks like inside the window."""

    name: str
    events: int
    active_periods: int
    periods: int
    varies: bool
    adf_p: float | None = None  # null: a unit root (small p = stationary)
    kpss_p: float | None = None  # null: stationary (small p = not stationary)
    used: bool = True

    @property
    def active_share(self) -> float:
        return self.active_periods / self.periods if self.periods else 0.0

    @property
    def stationarity(self) -> str:
        """stationary, unit root (both tests agree there is one), unclear (they disagree), or untested."""
        if self.adf_p is None or self.kpss_p is None:
            return "untested"
        root_adf, root_kpss = self.adf_p > 0.05, self.kpss_p < 0.05
        if root_adf and root_kpss:
            return "unit root"
        return "unclear" if root_adf or root_kpss else "stationary"


@dataclass
class ActiveWindow:
    """The periods from the first to the last in which every series with events is active."""

    start: pd.Timestamp | None
    end: pd.Timestamp | None
    shared: int = 0  # periods in which every series has events
    silent: tuple[str, ...] = ()  # series with no events at all

    @property
    def empty(self) -> bool:
        return self.start is None or self.end is None or self.end < self.start


def period_end(start: pd.Timestamp, freq: str) -> pd.Timestamp:
    """The last day of the period that begins on ``start``."""
    step = {"day": pd.Timedelta(days=1), "week": pd.Timedelta(weeks=1), "month": pd.DateOffset(months=1)}[freq]
    return start + step - pd.Timedelta(days=1)


def active_window(events: pd.DataFrame, dyads: list[tuple[str, str]], freq: str) -> ActiveWindow:
    """From the first to the last period (of ``freq``) in which every dyad has at least one event.

    Stray events — a 2005 visit a 2019 article recalls, a late report after an import ends —
    fall in periods where the other dyads are silent, so they do not stretch the window. Dyads
    with no events are named in ``silent`` and do not shape it (they are left out of the model
    later as constant series).
    """
    from detente.analysis.dyads import period_start

    shared: set | None = None
    silent = []
    for a, b in dyads:
        days = events.loc[(events["src"] == a) & (events["tgt"] == b), "day"] if len(events) else pd.Series([])
        days = pd.to_datetime(days).dropna()
        if days.empty:
            silent.append(f"{a}→{b}")
            continue
        periods = set(period_start(days, freq))
        shared = periods if shared is None else shared & periods
    if not shared:
        return ActiveWindow(None, None, 0, tuple(silent))
    return ActiveWindow(min(shared), period_end(max(shared), freq), len(shared), tuple(silent))


def stationarity_pvalues(values: np.ndarray) -> tuple[float | None, float | None]:
    """(ADF p, KPSS p) with a constant; None when the series is too short or constant to test."""
    from statsmodels.tsa.stattools import adfuller, kpss

    values = np.asarray(values, dtype=float)
    if len(values) < 12 or np.std(values) == 0:
        return None, None
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")  # KPSS warns when p lies outside its table (then it is clipped)
        try:
            adf_p = float(adfuller(values, regression="c", autolag="AIC")[1])
            kpss_p = float(kpss(values, regression="c", nlags="auto")[1])
        except (ValueError, np.linalg.LinAlgError):
            return None, None
    return adf_p, kpss_p


def check_series(matrix: pd.DataFrame, counts: pd.DataFrame, min_active_share: float) -> list[SeriesCheck]:
    """One check per column of ``matrix`` (values) with event counts from ``counts`` (same shape)."""
    checks = []
    for name in matrix.columns:
        values = matrix[name].astype(float)
        active = int((counts[name] > 0).sum())
        check = SeriesCheck(name, int(counts[name].sum()), active, len(values), bool(values.std(ddof=0) > 0))
        check.used = check.varies and check.active_share >= min_active_share
        if check.used:
            check.adf_p, check.kpss_p = stationarity_pvalues(values.to_numpy())
        checks.append(check)
    return checks


def needs_differencing(checks: list[SeriesCheck]) -> bool:
    """Difference every series once when any used series has a unit root by both tests."""
    return any(c.used and c.stationarity == "unit root" for c in checks)
