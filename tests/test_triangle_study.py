"""The triangle's trust rules: active window, mostly-empty series refused, corrected p-values, one answer."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from detente.analysis import AnalysisError, dyad_panel, fit_var, panel_matrix
from detente.analysis.triangle_study import TriangleSettings, study_triangle

ACTORS = ["CHN", "PRK", "USA"]
DYADS = [(a, b) for a in ACTORS for b in ACTORS if a != b]


def events_frame(rows: list[tuple[str, str, pd.Timestamp, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["src", "tgt", "day", "goldstein"])
    frame["quad_class"] = np.where(frame["goldstein"] >= 0, 1, 4)
    return frame


def mostly_zero_weeks(seed: int = 7) -> pd.DataFrame:
    """757 weeks (2005 – mid 2019): every dyad busy, independently, for 43 weeks of 2018; a few
    correctly coded historical events (a 2005 visit, a 2009 test…) stretch the span."""
    rng = np.random.default_rng(seed)
    rows = []
    busy = pd.date_range("2018-01-01", "2018-10-28", freq="D")
    for a, b in DYADS:
        for day in rng.choice(busy, size=300):
            rows.append((a, b, pd.Timestamp(day), float(rng.choice([-5.0, -2.0, 1.0, 3.0, 4.0]))))
    for a, b, day in (("CHN", "PRK", "2005-01-05"), ("PRK", "USA", "2009-05-25"), ("USA", "PRK", "2019-07-01"),
                      ("PRK", "CHN", "2013-02-12")):
        rows.append((a, b, pd.Timestamp(day), 2.0))
    return events_frame(rows)


def test_the_757_weeks_case_was_falsely_significant_and_now_is_not():
    events = mostly_zero_weeks()
    full = TriangleSettings(freq="week", since="2005-01-03", until="2019-07-01")
    # the old behaviour: a VAR over every week of the span finds "precedence" in the empty weeks
    naive = fit_var(panel_matrix(dyad_panel(events, ACTORS, "week", full.since, full.until)))
    assert naive.ok and naive.n_periods >= 757
    assert (naive.granger["p"] < 0.05).sum() >= 6  # the trap is real on this data
    # forced onto the whole span, the study refuses: the series are mostly structural zeros
    forced = study_triangle(events, ACTORS, full)
    assert forced.periods >= 757 and not forced.ok
    assert "mostly empty weeks" in forced.refusal and "\n" not in forced.refusal
    assert not any(q.significant for q in forced.questions)
    assert forced.verdict().startswith("Not estimable")
    # by default the window is where every dyad is active: 2018, where the series are independent
    study = study_triangle(events, ACTORS, TriangleSettings(freq="week"))
    assert study.window_start.year == 2018 and study.window_end.year == 2018
    assert study.ok and study.significant == []
    assert study.confidence == "no evidence" and study.verdict().startswith("No evidence")
    data = study.to_json()
    assert data["window_start"].startswith("2018") and data["lag"] >= 1 and len(data["tests"]) == 12
    assert {"cause", "effect", "f", "p", "p_adjusted", "significant"} <= set(data["tests"][0])
    assert not any(t["significant"] for t in data["tests"])
    assert all(t["p_adjusted"] >= t["p"] for t in data["tests"])
    json.dumps(data)  # plain JSON, no NaN objects


def leader_follower(weeks: int = 150, seed: int = 1) -> pd.DataFrame:
    """USA→PRK's weekly tone drives PRK→CHN's one week later; every dyad is busy every week."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2016-01-04")
    lead = rng.normal(0, 3, weeks)
    rows = []
    for w in range(weeks):
        monday = start + pd.Timedelta(weeks=w)
        for a, b in DYADS:
            value = rng.normal(0, 3)
            if (a, b) == ("USA", "PRK"):
                value = lead[w]
            if (a, b) == ("PRK", "CHN") and w:
                value = 0.9 * lead[w - 1] + rng.normal(0, 1)
            rows.append((a, b, monday + pd.Timedelta(days=2), value))
            rows.append((a, b, monday + pd.Timedelta(days=3), 0.0))
    return events_frame(rows)


def test_a_real_direction_survives_the_correction():
    study = study_triangle(leader_follower(), ACTORS, TriangleSettings(freq="week", ic="bic"))
    assert study.ok and [(q.cause, q.effect) for q in study.significant] == [("USA→PRK", "PRK→CHN")]
    best = study.significant[0]
    assert best.partial_r2 > 0.5 and best.p_adjusted < 0.001
    assert study.confidence in ("moderate", "tentative") and "1 of 12 tests hold" in study.verdict()
    bh = study_triangle(leader_follower(), ACTORS, TriangleSettings(freq="week", ic="bic", correction="bh"))
    assert [q.cause for q in bh.significant] == ["USA→PRK"]


def test_refusals_are_one_line():
    few = events_frame([(a, b, pd.Timestamp("2018-01-01") + pd.Timedelta(days=i), 1.0)
                        for i in range(5) for a, b in DYADS])
    study = study_triangle(few, ACTORS, TriangleSettings(freq="week"))
    assert not study.ok and "a VAR needs at least" in study.refusal
    apart = events_frame([("CHN", "PRK", pd.Timestamp("2005-01-01"), 1.0)]
                         + [(a, b, pd.Timestamp("2018-03-01"), 1.0) for a, b in DYADS if (a, b) != ("CHN", "PRK")])
    study = study_triangle(apart, ACTORS)
    assert not study.ok and "in which all six dyads have events" in study.refusal
    assert not study_triangle(events_frame([]), ACTORS).ok
    with pytest.raises(AnalysisError):
        study_triangle(apart, ["CHN", "PRK"])
    with pytest.raises(AnalysisError):
        study_triangle(apart, ACTORS, TriangleSettings(correction="bonferroni-ish"))


def test_unit_roots_are_differenced():
    rng = np.random.default_rng(4)
    weeks = 200
    walks = {d: np.cumsum(rng.normal(0, 2, weeks)) for d in DYADS}
    rows = [(a, b, pd.Timestamp("2015-01-07") + pd.Timedelta(weeks=w), float(walks[(a, b)][w]))
            for w in range(weeks) for a, b in DYADS]
    study = study_triangle(events_frame(rows), ACTORS, TriangleSettings(freq="week"))
    assert study.differenced and any("differenced" in w for w in study.warnings)
    assert study.ok and study.result.n_obs < study.periods
