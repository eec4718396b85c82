"""`detente forecast` on a small hand-made store: graph building, predictions, explanations, CLI."""

from __future__ import annotations

import datetime as dt
import json

from typer.testing import CliRunner

from detente.cli import app
from detente.forecast.store_graph import fit_model, forecast, load_store_graph
from detente.records import Actor, Event
from detente.store import Store


def ev(i: int, day: dt.date, src: str, tgt: str, code: str, modality: str = "asserted",
       country: bool = True) -> Event:
    def actor(c: str) -> Actor:
        return Actor(text=c, code=c + "GOV", country=c if country else None)

    return Event(id=f"e{i}", doc_id=None, sentence_id=None, sentence=None, date=day.isoformat(),
                 date_precision="day", source=actor(src), target=actor(tgt), cameo=code, cameo_root=code[:2],
                 goldstein=0.0, quad_class=1, modality=modality, origin="test")


def build_store(path) -> None:
    d0 = dt.date(2018, 1, 1)
    events, i = [], 0
    for k in range(40):
        day = d0 + dt.timedelta(days=k)
        pairs = [("CHN", "PRK", "036"), ("USA", "PRK", "172"), ("PRK", "USA", "111"), ("CHN", "USA", "046")]
        if k % 3 == 0:
            pairs.append(("PRK", "CHN", "040"))
        if k % 5 == 0:
            pairs.append(("CHN", "PRK", "057"))
        for src, tgt, code in pairs:
            events.append(ev(i, day, src, tgt, code))
            i += 1
    events.append(ev(i, d0 + dt.timedelta(days=41), "CHN", "PRK", "190", modality="hypothetical"))
    with Store(path) as store:
        store.insert_events(events)


def test_graph_counts_modalities_and_countries(db_path):
    build_store(db_path)
    with Store(db_path, read_only=True) as store:
        g = load_store_graph(store)
    assert set(g.entities) == {"CHN", "PRK", "USA"}
    assert "190" not in g.relations  # hypothetical events do not count
    assert g.day_of(int(g.quads[:, 3].max())) == "2018-02-09"


def test_forecast_pair_ranks_recurring_events_first(db_path):
    build_store(db_path)
    with Store(db_path, read_only=True) as store:
        g = load_store_graph(store)
    t = int(g.quads[:, 3].max()) + 1
    model = fit_model(g, t)
    preds = forecast(model, g, "CHN", "PRK", t, top=3)
    assert preds[0]["cameo"] == "036"  # it happened every day
    assert all(p["source"] == "CHN" and p["target"] == "PRK" for p in preds)
    assert any("before" in line for line in preds[0]["explanation"])
    anyone = forecast(model, g, "CHN", None, t, top=4)
    assert {p["target"] for p in anyone} <= {"PRK", "USA"}


def test_cli_forecast_writes_json(db_path, tmp_path):
    build_store(db_path)
    out = tmp_path / "f.json"
    res = CliRunner().invoke(app, ["forecast", "--source", "chn", "--target", "PRK", "--db", str(db_path),
                                   "--top", "5", "--json", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["query"]["source"] == "CHN" and data["query"]["date"] == "2018-02-10"
    assert len(data["predictions"]) == 5
    first = data["predictions"][0]
    assert set(first) >= {"source", "target", "relation", "cameo", "name", "score", "explanation"}


def test_cli_forecast_bad_input_is_one_line(db_path):
    build_store(db_path)
    res = CliRunner().invoke(app, ["forecast", "--source", "XYZ", "--db", str(db_path)])
    assert res.exit_code != 0 and "XYZ" in res.output
    res = CliRunner().invoke(app, ["forecast", "--source", "CHN", "--date", "soon", "--db", str(db_path)])
    assert res.exit_code != 0 and "YYYY-MM-DD" in res.output


def test_saved_model_answers_and_follows_new_events(db_path):
    from detente.forecast.saved import fit_saved
    from detente.forecast.store_graph import forecast_store

    build_store(db_path)
    with Store(db_path) as store:
        fresh = forecast_store(store, "CHN", "PRK", top=3, use_saved=False)
        fit_saved(store)
        saved = forecast_store(store, "CHN", "PRK", top=3)
        assert saved["query"]["fit"] == "saved" and saved["query"]["note"] is None
        assert [p["cameo"] for p in saved["predictions"]] == [p["cameo"] for p in fresh["predictions"]]
        assert [p["score"] for p in saved["predictions"]] == [p["score"] for p in fresh["predictions"]]
        later = dt.date(2018, 3, 1)
        store.insert_events([ev(1000, later, "CHN", "PRK", "036"), ev(1001, later, "CHN", "JPN", "036")])
        grown = forecast_store(store, "CHN", "JPN", top=3)
        assert grown["query"]["fit"] == "saved" and "2 events since" in grown["query"]["note"]
        assert grown["query"]["date"] == "2018-03-02"
        store.insert_events([ev(1002, dt.date(2018, 1, 5), "USA", "PRK", "172")])  # into the past
        refit = forecast_store(store, "CHN", "PRK", top=3)
        assert refit["query"]["fit"] == "fitted now" and "changed" in refit["query"]["note"]


def test_cli_forecast_fit_then_forecast(db_path):
    build_store(db_path)
    res = CliRunner().invoke(app, ["forecast", "fit", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    assert "saved the forecaster" in res.output
    res = CliRunner().invoke(app, ["forecast", "--source", "CHN", "--target", "PRK", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    assert "036" in res.output
    assert CliRunner().invoke(app, ["forecast", "--db", str(db_path)]).exit_code != 0  # no --source


def test_cli_boost_is_saved_by_forecast_fit_and_loaded_by_forecast(db_path):
    build_store(db_path)
    res = CliRunner().invoke(app, ["forecast", "fit", "--model", "boost", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    with Store(db_path, read_only=True) as store:
        assert store.load_model("boost:country:code:*") is not None
    res = CliRunner().invoke(app, ["forecast", "--source", "CHN", "--target", "PRK", "--model", "boost",
                                   "--db", str(db_path), "--json", str(db_path.parent / "b.json")])
    assert res.exit_code == 0, res.output
    data = json.loads((db_path.parent / "b.json").read_text())
    assert data["query"]["fit"] == "saved" and data["query"]["model"] == "boost"
    assert data["predictions"][0]["cameo"] == "036" and data["predictions"][0]["explanation"]
    res = CliRunner().invoke(app, ["forecast", "--source", "CHN", "--model", "nope", "--db", str(db_path)])
    assert res.exit_code != 0 and "nope" in res.output
