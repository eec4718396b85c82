"""The triangle, end to end: window, pre-fit checks, VAR, corrected Granger tests and a verdict in words.

``detente triangle`` and the report both call :func:`study_triangle`, so they give the same
answer for the same store and options. The rules (docs/report.md):

- **Window**: from the first to the last period in which every one of the six directed dyads has
  events — the span where every series in the model is active (``auto`` looks week by week and
  moves to months beyond two years). ``since``/``until`` replace the bound they name.
- **Series**: a dyad that never varies, or has events in fewer than half of the periods
  (``min_active_share``), is left out: its zeros are structural, not behaviour.
- **Stationarity**: ADF and KPSS per series; when both say a series has a unit root, every
  series is differenced once.
- **Tests**: the twelve reciprocity and pass-through questions; their p-values are corrected
  together (Holm by default, or Benjamini-Hochberg); effect size is the partial R².
- A model that cannot be estimated is refused with one line (``refusal``), never printed as NaN.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import permutations

import numpy as np
import pandas as pd

from detente.analysis.dyads import FREQS, auto_freq, dyad_panel, panel_matrix
from detente.analysis.events import AnalysisError
from detente.analysis.prefit import ActiveWindow, SeriesCheck, active_window, check_series, needs_differencing
from detente.analysis.triangle import MIN_PERIODS, Question, TriangleResult, fit_var, triangle_questions

CORRECTIONS = {"holm": ("holm", "Holm"), "bh": ("fdr_bh", "Benjamini-Hochberg")}
PERIOD_WORDS = {"day": "days", "week": "weeks", "month": "months"}


@dataclass
class TriangleSettings:
    """How the triangle is estimated; the defaults are the documented rules."""

    freq: str = "auto"  # day, week, month, or auto (by the window's length)
    maxlags: int = 8
    ic: str = "aic"
    alpha: float = 0.05
    correction: str = "holm"  # holm (family-wise error) or bh (false discovery rate)
    min_active_share: float = 0.5  # a series needs events in at least this share of periods
    since: str | None = None  # replaces the derived start
    until: str | None = None  # replaces the derived end

    def validate(self) -> None:
        if self.freq != "auto" and self.freq not in FREQS:
            raise AnalysisError(f"unknown frequency {self.freq!r} (use auto, {', '.join(FREQS)})")
        if self.ic not in ("aic", "bic"):
            raise AnalysisError(f"unknown information criterion {self.ic!r} (use aic or bic)")
        if self.correction not in CORRECTIONS:
            raise AnalysisError(f"unknown correction {self.correction!r} (use {' or '.join(CORRECTIONS)})")


@dataclass
class TriangleStudy:
    """Everything the CLI, the report and ``--json`` show about one triangle."""

    actors: list[str]
    settings: TriangleSettings
    window_start: pd.Timestamp | None = None
    window_end: pd.Timestamp | None = None
    window_rule: str = ""
    freq: str = "week"
    periods: int = 0
    checks: list[SeriesCheck] = field(default_factory=list)
    differenced: bool = False
    result: TriangleResult | None = None
    questions: list[Question] = field(default_factory=list)
    refusal: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.result is not None and self.result.ok

    @property
    def tested(self) -> list[Question]:
        return [q for q in self.questions if q.testable]

    @property
    def significant(self) -> list[Question]:
        return sorted([q for q in self.tested if q.significant],
                      key=lambda q: q.p_adjusted if q.p_adjusted is not None else 1.0)

    @property
    def period_word(self) -> str:
        return PERIOD_WORDS.get(self.freq, "periods")

    @property
    def window_text(self) -> str:
        if self.window_start is None or self.window_end is None:
            return "no window"
        return f"{self.window_start.date()} – {self.window_end.date()}"

    @property
    def confidence(self) -> str:
        """not estimable · no evidence · tentative · moderate (never "proof": precedence is not cause)."""
        if not self.ok:
            return "not estimable"
        if not self.significant:
            return "no evidence"
        return "tentative" if self.cautions() else "moderate"

    def cautions(self) -> list[str]:
        """Why a significant result is only tentative (empty: nothing to warn about)."""
        res, out = self.result, []
        if res is not None and res.n_obs < 10 * len(res.variables):
            out.append(f"only {res.n_obs} {self.period_word} for {len(res.variables)} series")
        if self.differenced:
            out.append("the series needed differencing")
        if any(c.stationarity == "unclear" for c in self.checks if c.used):
            out.append("the stationarity tests disagree on some series")
        return out

    def verdict(self) -> str:
        """How much to trust the result, in one or two sentences with the numbers behind them."""
        if not self.ok:
            return f"Not estimable: {self.refusal}."
        name = CORRECTIONS[self.settings.correction][1]
        n, sig = len(self.tested), self.significant
        assert self.result is not None  # ok: the VAR was fitted
        base = f"{self.result.n_obs} {self.period_word} ({self.window_text})"
        if not sig:
            low = min((q.p_adjusted for q in self.tested if q.p_adjusted is not None), default=1.0)
            return (f"No evidence: none of the {n} tests holds after the {name} correction (smallest adjusted"
                    f" p = {low:.2f}) over {base}. Read no direction into these series.")
        best = "; ".join(f"{q.cause} ⇒ {q.effect} (partial R² {q.partial_r2:.2f}, adjusted p {q.p_adjusted:.3f})"
                         for q in sig[:3])
        cautions = self.cautions()
        caution = (f"Tentative: {'; '.join(cautions)}." if cautions
                   else "Moderate: enough periods and stationary series.")
        return (f"{len(sig)} of {n} tests hold after the {name} correction over {base}: {best}."
                f" {caution} Precedence in time is not proof of cause.")

    def to_json(self) -> dict:
        """The window, periods, lag and every test — what ``detente triangle --json`` writes."""
        res = self.result
        return {
            "actors": self.actors, "freq": self.freq,
            "window_start": self.window_start.date().isoformat() if self.window_start is not None else None,
            "window_end": self.window_end.date().isoformat() if self.window_end is not None else None,
            "window_rule": self.window_rule, "periods": self.periods,
            "lag": res.lag if res else None, "ic": self.settings.ic, "periods_in_estimation": res.n_obs if res else 0,
            "differenced": self.differenced, "correction": self.settings.correction, "alpha": self.settings.alpha,
            "confidence": self.confidence, "verdict": self.verdict(), "refusal": self.refusal,
            "warnings": self.warnings,
            "series": [{**asdict(c), "active_share": c.active_share, "stationarity": c.stationarity}
                       for c in self.checks],
            "tests": [{"kind": q.kind, "question": q.text, "cause": q.cause, "effect": q.effect,
                       "f": _num(q.F), "p": _num(q.p), "p_adjusted": _num(q.p_adjusted),
                       "partial_r2": _num(q.partial_r2), "significant": bool(q.significant)}
                      for q in self.questions],
        }


def _num(value: float | None) -> float | None:
    return None if value is None or not np.isfinite(value) else round(float(value), 6)


def adjust(questions: list[Question], correction: str, alpha: float) -> None:
    """Correct the testable questions' p-values together; set ``p_adjusted`` and ``significant``."""
    from statsmodels.stats.multitest import multipletests

    tested = [q for q in questions if q.testable]
    if not tested:
        return
    reject, p_adj, _, _ = multipletests([q.p for q in tested], alpha=alpha, method=CORRECTIONS[correction][0])
    for q, r, p in zip(tested, reject, p_adj):
        q.p_adjusted, q.significant = float(p), bool(r)


def _window(events: pd.DataFrame, actors: list[str], s: TriangleSettings) -> tuple[ActiveWindow, str, str]:
    """The derived window with the user's bounds put in, the rule in words, and the frequency.

    ``auto`` looks week by week, and month by month when the weeks span over two years or share too few.
    """
    dyads = list(permutations(actors, 2))
    freq = "week" if s.freq == "auto" else s.freq
    win = active_window(events, dyads, freq)
    if s.freq == "auto" and (win.empty or win.shared < MIN_PERIODS or auto_freq(win.start, win.end) == "month"):
        by_month = active_window(events, dyads, "month")  # too few shared weeks, or years: look month by month
        if not by_month.empty and (win.empty or by_month.shared > win.shared or auto_freq(win.start, win.end) == "month"):
            freq, win = "month", by_month
    words = PERIOD_WORDS[freq][:-1]
    rule = f"the first to the last {words} in which every directed dyad has events"
    if not win.empty:
        rule += f" ({win.shared} such {PERIOD_WORDS[freq]})"
    if s.since or s.until:
        given = " and ".join(f"--{k} {v}" for k, v in (("since", s.since), ("until", s.until)) if v)
        rule = f"{given}; otherwise {rule}"
        start = pd.Timestamp(s.since) if s.since else win.start
        end = pd.Timestamp(s.until) if s.until else win.end
        win = ActiveWindow(start, end, win.shared, win.silent)
    return win, rule, freq


def study_triangle(events: pd.DataFrame, actors: list[str], settings: TriangleSettings | None = None) -> TriangleStudy:
    """Window → checks → VAR → corrected tests, for three actors and their dated events (``src``/``tgt``)."""
    s = settings or TriangleSettings()
    s.validate()
    if len(actors) != 3:
        raise AnalysisError(f"a triangle needs three actors, got {len(actors)}")
    study = TriangleStudy(actors=list(actors), settings=s)
    if len(events):
        events = events[events["src"].isin(actors) & events["tgt"].isin(actors)]
    if events.empty:
        study.refusal = "no dated events among these three actors"
        return study
    win, study.window_rule, study.freq = _window(events, actors, s)
    study.window_start, study.window_end = win.start, win.end
    if win.start is None or win.end is None:
        study.refusal = (f"no {study.period_word[:-1]} in which all six dyads have events; try --freq month, or"
                         " choose the window with --since/--until")
        return study
    if win.empty:
        study.refusal = f"the window ends ({win.end.date()}) before it starts ({win.start.date()})"
        return study
    panel = dyad_panel(events, actors, study.freq, win.start, win.end)
    values, counts = panel_matrix(panel), panel_matrix(panel, "events")
    study.periods = len(values)
    if study.periods < MIN_PERIODS:
        one = study.period_word[:-1] if study.periods == 1 else study.period_word
        study.refusal = (f"only {study.periods} {one} in the window {study.window_text} (a VAR needs"
                         f" at least {MIN_PERIODS}); try a finer --freq or a longer window")
        return study
    return _fit(study, values, counts)


def _fit(study: TriangleStudy, values: pd.DataFrame, counts: pd.DataFrame) -> TriangleStudy:
    s = study.settings
    study.checks = check_series(values, counts, s.min_active_share)
    left_out = [c for c in study.checks if not c.used]
    for c in left_out:
        why = "never varies" if not c.varies else (f"has events in only {c.active_periods} of {c.periods}"
                                                    f" {study.period_word}: mostly structural zeros")
        study.warnings.append(f"{c.name} left out of the model: it {why}")
    used = [c.name for c in study.checks if c.used]
    if len(used) < 2:
        shares = ", ".join(f"{c.name} {c.active_share:.0%}" for c in study.checks)
        study.refusal = (f"{len(left_out)} of 6 dyad series are mostly empty {study.period_word} in"
                         f" {study.window_text} (share of {study.period_word} with events: {shares});"
                         " try --freq month or a window where the data are")
        return study
    data = values[used]
    if needs_differencing(study.checks):
        study.differenced = True
        data = data.diff().dropna()
        roots = [c.name for c in study.checks if c.used and c.stationarity == "unit root"]
        study.warnings.append(f"{', '.join(roots)} not stationary (ADF and KPSS agree): every series differenced"
                              " once; the tests are about changes")
    res = fit_var(data, maxlags=s.maxlags, ic=s.ic)
    study.result = res
    study.warnings.extend(w.replace(" periods", f" {study.period_word}") for w in res.warnings
                          if not w.startswith("constant series"))
    if not res.ok:
        study.refusal = res.warnings[-1] if res.warnings else "the VAR could not be estimated"
        return study
    study.questions = triangle_questions(study.actors, res)
    adjust(study.questions, s.correction, s.alpha)
    if not study.tested:
        study.refusal = "no Granger test could be computed from these series"
    return study
