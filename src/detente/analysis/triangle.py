"""Triangle dynamics: a VAR on the six directed dyad series, Granger tests and impulse responses.

The method of Goldstein & Pevehouse (1997): each directed dyad's Goldstein sum per period is
one variable; Granger tests ask whether one dyad's behaviour precedes another's (reciprocity:
A→B precedes B→A; "bullying" or pass-through: A→B precedes B→C). Thin data give warnings and
a partial result, never an exception.
"""

from __future__ import annotations

import warnings as pywarnings
from dataclasses import dataclass, field
from itertools import permutations

import numpy as np
import pandas as pd
from scipy.stats import norm

from detente.analysis.dyads import dyad_name

MIN_PERIODS = 12  # below this a VAR is not attempted
DEFAULT_MAXLAGS = 8


@dataclass
class TriangleResult:
    """What the VAR found, with everything a reader needs to judge it."""

    variables: list[str]
    n_periods: int
    lag: int | None = None
    ic: str = "aic"
    lag_cap: int = 0
    n_obs: int = 0  # periods used in estimation (after lags)
    granger: pd.DataFrame = field(default_factory=pd.DataFrame)  # cause, effect, F, df, p, partial_r2
    irf: np.ndarray | None = None  # (horizon+1, k, k): response of i to a shock in j at [h, i, j]
    irf_lower: np.ndarray | None = None
    irf_upper: np.ndarray | None = None
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.lag is not None

    def test(self, cause: str, effect: str) -> dict | None:
        """The Granger row for ``cause`` → ``effect`` (dyad names such as ``USA→CHN``)."""
        if self.granger.empty:
            return None
        row = self.granger[(self.granger["cause"] == cause) & (self.granger["effect"] == effect)]
        return row.iloc[0].to_dict() if len(row) else None


def lag_cap(n_periods: int, k: int, cap: int = DEFAULT_MAXLAGS) -> int:
    """The largest lag order the data can carry: each equation keeps ≥ 10 residual degrees of freedom."""
    best = 0
    for p in range(1, cap + 1):
        if n_periods - p - (k * p + 1) >= 10:
            best = p
    return best


def partial_r2(f: float, df1: int, df2: int) -> float:
    """Effect size of a Granger F test: the share of the effect's remaining variance the cause's past explains.

    ``df2`` is the effect equation's residual degrees of freedom (statsmodels' system F test
    reports the whole system's, which would shrink the share six-fold).
    """
    if not np.isfinite(f) or df2 <= 0:
        return float("nan")
    return f * df1 / (f * df1 + df2)


def fit_var(
    data: pd.DataFrame, maxlags: int = DEFAULT_MAXLAGS, ic: str = "aic", horizon: int = 8, alpha: float = 0.05,
) -> TriangleResult:
    """Fit a VAR to the columns of ``data`` (one per dyad), choosing the lag by ``ic`` up to a cap."""
    from statsmodels.tsa.api import VAR

    ic = ic.lower()
    if ic not in ("aic", "bic"):
        raise ValueError(f"unknown information criterion {ic!r} (use aic or bic)")
    data = data.astype(float)
    res = TriangleResult(variables=list(data.columns), n_periods=len(data), ic=ic)
    keep = [c for c in data.columns if data[c].std(ddof=0) > 0]
    res.dropped = [c for c in data.columns if c not in keep]
    if res.dropped:
        res.warnings.append(f"constant series left out of the VAR (no variation): {', '.join(res.dropped)}")
    res.variables = keep
    if len(keep) < 2:
        res.warnings.append(f"only {len(keep)} dyad series vary; a VAR needs at least two")
        return res
    if len(data) < MIN_PERIODS:
        res.warnings.append(f"only {len(data)} periods (need ≥ {MIN_PERIODS}); try a finer frequency or a longer window")
        return res
    k = len(keep)
    res.lag_cap = lag_cap(len(data), k, maxlags)
    if res.lag_cap < 1:
        res.warnings.append(f"{len(data)} periods are too few for a VAR with {k} series; try fewer actors or a finer frequency")
        return res
    with pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        model = VAR(data[keep])
        try:
            order = model.select_order(maxlags=res.lag_cap)
            lag = int(getattr(order, ic))
        except (ValueError, np.linalg.LinAlgError):
            lag = 1
        lag = min(max(lag, 1), res.lag_cap)
        try:
            fitted = model.fit(lag)
        except (ValueError, np.linalg.LinAlgError) as exc:
            res.warnings.append(f"VAR could not be estimated: {str(exc).splitlines()[0]}")
            return res
        res.lag, res.n_obs = lag, int(fitted.nobs)
        rows = []
        for cause, effect in permutations(keep, 2):
            try:
                t = fitted.test_causality(effect, [cause], kind="f")
                f, (df1, df2) = float(t.test_statistic), (int(t.df[0]), int(t.df[1]))
                rows.append({"cause": cause, "effect": effect, "F": f, "df": f"({df1}, {df2})", "p": float(t.pvalue),
                             "partial_r2": partial_r2(f, df1, int(fitted.df_resid))})
            except (ValueError, np.linalg.LinAlgError):
                rows.append({"cause": cause, "effect": effect, "F": np.nan, "df": "", "p": np.nan,
                             "partial_r2": np.nan})
        res.granger = pd.DataFrame(rows)
        try:
            irf = fitted.irf(horizon)
            res.irf = np.asarray(irf.orth_irfs)
            se = np.asarray(irf.stderr(orth=True))
            z = float(norm.ppf(1 - alpha / 2))
            res.irf_lower, res.irf_upper = res.irf - z * se, res.irf + z * se
        except (ValueError, np.linalg.LinAlgError) as exc:
            res.warnings.append(f"impulse responses left out: their error bands cannot be computed here"
                                f" ({type(exc).__name__})")
    if res.n_obs < 10 * k:
        res.warnings.append(
            f"{res.n_obs} periods for {k} series: estimates are rough (rule of thumb: ≥ {10 * k})")
    return res


@dataclass
class Question:
    """A substantive question the Granger tests answer, in words."""

    kind: str  # reciprocity | pass-through
    cause: str
    effect: str
    text: str
    p: float | None = None
    F: float | None = None
    partial_r2: float | None = None
    p_adjusted: float | None = None  # set by the study: corrected across the questions asked
    significant: bool = False

    @property
    def testable(self) -> bool:
        return self.p is not None and not np.isnan(self.p)

    @property
    def answer(self) -> str:
        if not self.testable:
            return "not testable"
        raw = self.p is not None and self.p < 0.05  # testable: p is there
        if self.p_adjusted is None:
            return "yes (raw p < 0.05)" if raw else "no evidence"
        return "yes" if self.significant else ("no (only before correction)" if raw else "no evidence")


def triangle_questions(actors: list[str], result: TriangleResult) -> list[Question]:
    """Reciprocity (A→B precedes B→A) and pass-through (A→B precedes B→C) for every ordering."""
    out: list[Question] = []
    for a, b in permutations(actors, 2):
        out.append(Question("reciprocity", dyad_name(a, b), dyad_name(b, a),
                            f"Does {a}'s behaviour towards {b} precede {b}'s behaviour towards {a}?"))
    for a, b, c in permutations(actors, 3):
        out.append(Question("pass-through", dyad_name(a, b), dyad_name(b, c),
                            f"Does {a}'s behaviour towards {b} precede {b}'s behaviour towards {c}?"))
    for q in out:
        row = result.test(q.cause, q.effect)
        if row:
            q.p, q.F, q.partial_r2 = row["p"], row["F"], row.get("partial_r2")
    return out
