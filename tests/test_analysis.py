"""Analysis on hand-made events and synthetic series with known structure."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from detente.analysis import (
    AnalysisError,
    Scope,
    build_network,
    centrality,
    dyad_panel,
    dyad_series,
    fit_var,
    load_dyad_events,
    load_partner_counts,
    load_timeline,
    panel_matrix,
    parse_actors,
    triangle_broker,
    triangle_questions,
)
from detente.ontology import lookup
from detente.records import Actor, Document, Event, Sentence
from detente.store import Store

COUNTRY = {"CHN": "CHN", "PRK": "PRK", "USA": "USA", "JPN": "JPN", "KOR": "KOR"}


def ev(i: int, src: str, tgt: str, code: str, date: str, doc: str | None = "d1", modality: str = "asserted",
       sentence: str | None = "A said something.") -> Event:
    entry = lookup(code)
    return Event(
        id=f"e{i}", doc_id=doc, sentence_id=f"{doc}:0" if doc else None, sentence=sentence, date=date,
        date_precision="day", source=Actor(src, src, src[:3], None), target=Actor(tgt, tgt, tgt[:3], None),
        cameo=code, cameo_root=code[:2], goldstein=entry.goldstein, quad_class=entry.quad_class, modality=modality,
        origin="coded" if doc else "icews18",
    )


@pytest.fixture
def store(db_path):
    events = [
        ev(1, "USAGOV", "CHNGOV", "112", "2018-01-02"),  # criticise: verbal conflict
        ev(2, "USA", "CHN", "112", "2018-01-02", doc="d2"),  # the same event from another document? no: codes differ
        ev(3, "USAGOV", "CHNGOV", "112", "2018-01-02", doc="d2"),  # duplicate of e1
        ev(4, "CHNMIL", "PRK", "042", "2018-01-20"),  # visit: verbal cooperation
        ev(5, "PRKGOV", "CHN", "057", "2018-02-05"),  # sign agreement
        ev(6, "PRK", "USA", "138", "2018-02-06", modality="hypothetical"),  # not counted
        ev(7, "USA", "JPN", "042", "2018-02-07"),
        ev(8, "JPN", "USA", "042", "2018-02-08"),
    ]
    with Store(db_path) as st:
        for doc in ("d1", "d2"):
            st.save_document(Document(id=doc, text="x", date="2018-01-01", content_hash=doc),
                             [Sentence(doc, 0, "x", 0, 1)], [e for e in events if e.doc_id == doc])
    return Store(db_path, read_only=True)


def test_actor_specs_merge_and_validate():
    a = parse_actors("chn+hkg, PRK")
    assert [x.label for x in a] == ["CHN", "PRK"]
    assert a[0].codes == ("CHN", "HKG")
    assert [x.label for x in parse_actors(None)] == ["CHN", "PRK", "USA"]
    for bad in ("CHN,CHN", "C'N", ""):
        with pytest.raises(AnalysisError):
            parse_actors(bad if bad else [""])


def test_merging_dedupe_and_modalities(store):
    scope = Scope(parse_actors("CHN,PRK,USA"))
    df = load_dyad_events(store, scope)
    # e3 duplicates e1 (same source code, target code, CAMEO code and day): one row with two reports
    assert sorted(df["id"]) == ["e1", "e2", "e4", "e5"]
    assert int(df.loc[df["id"] == "e1", "n_reports"].iloc[0]) == 2
    # CHNMIL → CHN, PRKGOV → PRK
    assert set(zip(df["src"], df["tgt"])) == {("USA", "CHN"), ("CHN", "PRK"), ("PRK", "CHN")}
    # hypothetical e6 is not counted; JPN is outside the triangle
    assert "e6" not in set(df["id"]) and "e7" not in set(df["id"])
    raw = load_dyad_events(store, Scope(parse_actors("CHN,PRK,USA"), dedupe=False, modalities=None))
    assert {"e3", "e6"} <= set(raw["id"])


def test_zero_filled_weekly_series(store):
    df = load_dyad_events(store, Scope(parse_actors("CHN,PRK,USA")))
    s = dyad_series(df, "USA", "CHN", "week", "2018-01-01", "2018-02-28")
    assert s.index[0] == pd.Timestamp("2018-01-01") and len(s) == 9  # Mondays 1 Jan … 26 Feb
    assert s["events"].tolist()[:2] == [2.0, 0.0]
    assert s["goldstein_sum"].iloc[0] == pytest.approx(2 * lookup("112").goldstein)
    assert s["conflict_share"].iloc[0] == 1.0 and s["coop_share"].iloc[0] == 0.0
    assert s["events"].iloc[1:].sum() == 0 and np.isnan(s["goldstein_mean"].iloc[1])
    m = dyad_series(df, "CHN", "PRK", "month", "2018-01-01", "2018-03-31")
    assert m["events"].tolist() == [1.0, 0.0, 0.0] and m["q1"].iloc[0] == 1.0
    panel = dyad_panel(df, ["CHN", "PRK", "USA"], "day")
    assert len(panel) == 6 and all(len(f) == len(panel[("USA", "CHN")]) for f in panel.values())
    assert panel_matrix(panel).shape[1] == 6


def test_timeline_keeps_every_modality_and_partners(store):
    tl, total = load_timeline(store, Scope(parse_actors("PRK"), modalities=None))
    assert "e6" in set(tl["id"]) and total == len(tl)
    assert list(tl["day"]) == sorted(tl["day"])
    counts = load_partner_counts(store, Scope(parse_actors("USA")))
    assert set(counts["tgt"]) >= {"CHN", "JPN"}


def synthetic(n: int = 240, seed: int = 7) -> pd.DataFrame:
    """Six series; A→B drives B→C one period later, nothing drives A→B."""
    rng = np.random.default_rng(seed)
    cols = ["A→B", "B→A", "A→C", "C→A", "B→C", "C→B"]
    x = rng.standard_normal((n, 6))
    for t in range(1, n):
        x[t, 4] += 0.8 * x[t - 1, 0]
    return pd.DataFrame(x, columns=cols)


def test_var_recovers_known_granger_direction():
    res = fit_var(synthetic(), maxlags=4, ic="bic")
    assert res.ok and res.lag == 1 and res.n_obs == 239
    assert res.test("A→B", "B→C")["p"] < 0.001
    assert res.test("B→C", "A→B")["p"] > 0.05
    assert res.irf.shape == (9, 6, 6)
    # a shock to A→B moves B→C one period later, positively
    assert res.irf[1, 4, 0] > 0.5
    qs = {(q.cause, q.effect): q for q in triangle_questions(["A", "B", "C"], res)}
    assert qs[("A→B", "B→C")].answer.startswith("yes") and len(qs) == 12


def test_var_warns_instead_of_failing_on_thin_data():
    data = synthetic(8)
    res = fit_var(data)
    assert not res.ok and any("periods" in w for w in res.warnings)
    flat = synthetic(100)
    flat["C→B"] = 0.0
    res = fit_var(flat, maxlags=2)
    assert res.ok and res.dropped == ["C→B"] and any("constant" in w for w in res.warnings)
    empty = pd.DataFrame(0.0, index=range(50), columns=["A→B", "B→A"])
    assert not fit_var(empty).ok


def counts_frame(rows: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["src", "tgt", "quad_class", "n"]).assign(goldstein_sum=0.0)


def test_broker_on_hand_made_graph():
    # X deals heavily with Y and Z; Y and Z barely deal with each other: X is the broker.
    g = build_network(counts_frame([
        ("X", "Y", 1, 10), ("Y", "X", 3, 8), ("X", "Z", 2, 9), ("Z", "X", 1, 7), ("Y", "Z", 4, 1), ("Q", "X", 1, 2),
    ]), ["X", "Y", "Z"])
    broker, scores = triangle_broker(g, ["X", "Y", "Z"])
    assert broker == "X"
    by = {b.actor: b for b in scores}
    assert by["X"].score == pytest.approx(16 / 17) and by["X"].betweenness == 1.0
    assert by["Y"].score == pytest.approx(1 / 17)
    assert g["X"]["Y"]["coop"] == 10 and g["Y"]["X"]["conflict"] == 8
    cen = centrality(g).set_index("actor")
    assert cen.loc["X", "strength"] == 36 and not cen.loc["Q", "analysed"]
    # no ties at all: no broker
    assert triangle_broker(build_network(counts_frame([]), ["X", "Y", "Z"]), ["X", "Y", "Z"])[0] is None


def test_network_keeps_busiest_partners():
    rows = [("X", f"P{i}", 1, i + 1) for i in range(20)]
    g = build_network(counts_frame(rows), ["X"], max_partners=5)
    assert set(g.nodes) == {"X", "P19", "P18", "P17", "P16", "P15"}


def test_auto_frequency_and_missing_actor_text():
    from detente.analysis.dyads import auto_freq
    from detente.analysis.timeline import actor_text

    ts = pd.Timestamp
    assert auto_freq(ts("2018-01-01"), ts("2018-02-15")) == "day"
    assert auto_freq(ts("2018-01-01"), ts("2018-10-31")) == "week"
    assert auto_freq(ts("2013-02-12"), ts("2019-12-01")) == "month"
    row = {"src": "CHN", "tgt": float("nan"), "source_text": "Beijing", "target_text": None, "target_code": None}
    assert actor_text(row, "source") == "CHN (Beijing)" and actor_text(row, "target") == "–"


def test_timeline_cap_prefers_quoted_events_among_the_actors(db_path):
    events = [ev(i, "USA", "CHN", "042", f"2018-01-{i + 1:02d}", doc=None, sentence=None) for i in range(20)]
    events += [ev(100, "USA", "JPN", "190", "2018-01-05", doc=None, sentence=None),
               ev(101, "USA", "CHN", "112", "2018-02-01", sentence="Quoted.")]
    with Store(db_path) as st:
        st.insert_events(events)
    with Store(db_path, read_only=True) as st:
        tl, total = load_timeline(st, Scope(parse_actors("USA,CHN"), modalities=None), limit=4)
    assert total == 22 and len(tl) == 4
    assert "e101" in set(tl["id"]) and "e100" not in set(tl["id"])  # quoted first; JPN is not analysed
    assert list(tl["day"]) == sorted(tl["day"])
    # spread over time: the three uncoded picks come from the three weeks (1–7, 8–14, 15–20 Jan)
    weeks = tl[tl["id"] != "e101"]["day"].dt.to_period("W")
    assert weeks.is_unique


def test_dyad_table_from_sql_counts_matches_the_event_panel(store):
    from detente.analysis import dyad_panel, dyad_summary, dyad_table

    scope = Scope(parse_actors("CHN,PRK,USA"))
    for freq in ("day", "week", "month"):
        events = load_dyad_events(store, scope)
        expected = dyad_summary(dyad_panel(events, ["CHN", "PRK", "USA"], freq))
        table, n = dyad_table(store, scope, freq)
        assert n == len(events)
        pd.testing.assert_frame_equal(table, expected, check_dtype=False)
