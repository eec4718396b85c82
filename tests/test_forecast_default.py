"""Every entry point reads one default forecaster (`registry.DEFAULT_FORECASTER`); `boost`, saved
with its trees, answers `detente forecast` from the store and still says which evidence decided."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import json
import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from detente import registry
from detente.api import Database
from detente.cli import app
from detente.forecast import boost
from detente.forecast.saved import fit_saved, load_saved
from detente.forecast.store_graph import fit_model, forecast_store
from detente.records import Actor, Event
from detente.store import Store
from test_cli_lazy import PROBE
from test_forecast_selection import repetitive_world

CODES = ("036", "040", "042", "043", "051", "057", "111", "172")
COUNTRIES = tuple(f"C{i:02d}" for i in range(30))


def loaded_by(*args: str) -> set[str]:
    """Top-level packages a fresh interpreter has imported after ``detente ARGS`` (which must succeed)."""
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args)], capture_output=True, text=True, timeout=300)
    assert "likely next events" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def _option_default(*path: str, option: str = "model"):
    """The default of ``--model`` of the CLI command at ``path`` (e.g. ``forecast``, ``fit``)."""
    cmd = typer.main.get_command(app)
    for name in path:
        cmd = cmd.commands[name]  # type: ignore[attr-defined]
    return next(p.default for p in cmd.params if p.name == option)


def test_every_entry_point_reads_the_one_default():
    default = registry.DEFAULT_FORECASTER
    assert default == "boost"  # issue 18: the most accurate model, within the GDELT-shaped budget (docs/forecast.md, section 11)
    assert _option_default("forecast") == _option_default("forecast", "fit") == default
    assert _option_default("bench", "forecast") == default
    for fn, arg in ((Database.forecast, "model"), (Database.fit_forecaster, "model"), (forecast_store, "model"),
                    (fit_saved, "model"), (load_saved, "model"), (fit_model, "model_name")):
        assert inspect.signature(fn).parameters[arg].default == default, fn.__qualname__


def _events() -> list[Event]:
    """``repetitive_world`` (30 countries, 8 CAMEO codes, 40 days) as stored events."""
    d0 = dt.date(2019, 1, 1)
    out = []
    for i, (s, r, o, t) in enumerate(repetitive_world(days=40).tolist()):
        src, tgt = (Actor(text=c, code=c + "GOV", country=c) for c in (COUNTRIES[s], COUNTRIES[o]))
        out.append(Event(id=f"e{i}", doc_id=None, sentence_id=None, sentence=None,
                         date=(d0 + dt.timedelta(days=t)).isoformat(), date_precision="day", source=src, target=tgt,
                         cameo=CODES[r], cameo_root=CODES[r][:2], goldstein=0.0, quad_class=1, modality="asserted",
                         origin="test"))
    return out


@pytest.fixture
def small_trees(monkeypatch):
    """Trees a world of 1,800 events can grow (the shipped leaves need 500 rows each), kept even
    where its four validation days do not show them helping: this is about saving and explaining."""
    monkeypatch.setattr(boost, "BoostConfig", functools.partial(boost.BoostConfig, max_iter=10, min_samples_leaf=5))
    tune_trees = boost.Boosted.tune_trees

    def keep_trees(self, qs):
        tune_trees(self, qs)
        if self.trees is None:
            rows = boost.has_evidence(qs) & ~qs.cfilt
            pos, x = self._training_rows(qs, self._base_full(qs), rows)
            self.trees, self.exchange = self._fit_trees(x, qs.ctgt[pos]), 1.0
            self.selection["chosen"] = "boost"

    monkeypatch.setattr(boost.Boosted, "tune_trees", keep_trees)


def test_forecast_fit_and_forecast_round_trip_boost_with_its_trees(db_path, tmp_path, small_trees):
    with Store(db_path) as store:
        store.insert_events(_events())
    res = CliRunner().invoke(app, ["forecast", "fit", "--model", "boost", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    with Store(db_path, read_only=True) as store:
        meta, _ = store.load_model("boost:country:code:*")
        assert store.load_model("combined:country:code:*") is None
        saved, note = load_saved(store, model="boost")
        assert note is None and saved is not None and saved.model.trees is not None
        fresh = forecast_store(store, "C00", "C07", top=3, model="boost", use_saved=False)
    assert meta["state"]["selection"]["chosen"] == "boost"
    out = tmp_path / "f.json"
    res = CliRunner().invoke(app, ["forecast", "--source", "C00", "--target", "C07", "--top", "3", "--model", "boost",
                                   "--db", str(db_path), "--json", str(out)])
    assert res.exit_code == 0, res.output
    got = json.loads(out.read_text())
    assert got["query"]["model"] == "boost" and got["query"]["fit"] == "saved"
    assert [p["cameo"] for p in got["predictions"]] == [p["cameo"] for p in fresh["predictions"]]
    assert [p["score"] for p in got["predictions"]] == pytest.approx([p["score"] for p in fresh["predictions"]])
    top = got["predictions"][0]
    assert top["cameo"] == "036"  # C00 → C07 '036' happened every day
    assert any("happened 40× before" in line for line in top["explanation"]), top["explanation"]
    loaded = loaded_by("forecast", "--source", "C00", "--target", "C07", "--model", "boost", "--db", str(db_path))
    assert not loaded & {"sklearn", "scipy", "pandas"}, loaded  # the saved trees are plain arrays


def test_other_forecasters_stay_selectable_and_are_saved_apart(db_path):
    with Store(db_path) as store:
        store.insert_events(_events()[:400])
    res = CliRunner().invoke(app, ["forecast", "fit", "--model", "combined", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    with Store(db_path, read_only=True) as store:
        assert store.load_model("combined:country:code:*") is not None
        assert store.load_model("boost:country:code:*") is None
    res = CliRunner().invoke(app, ["forecast", "--source", "C00", "--model", "combined", "--db", str(db_path)])
    assert res.exit_code == 0, res.output


def test_forecast_without_a_saved_model_fits_saves_and_says_so(db_path, tmp_path):
    """After an import nothing is saved: the first `detente forecast` fits the default model and
    keeps it (with a warning saying so), the next one loads it; a date inside the history fits
    a model for that day only and saves nothing."""
    with Store(db_path) as store:
        store.insert_events(_events()[:600])
    out = tmp_path / "f.json"
    args = ["forecast", "--source", "C00", "--target", "C07", "--top", "3", "--db", str(db_path), "--json", str(out)]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "no saved boost model: fitted boost" in first.output and "saved it in the store" in first.output
    got = json.loads(out.read_text())
    assert got["query"]["model"] == "boost" and got["query"]["fit"] == "saved"
    with Store(db_path, read_only=True) as store:
        assert store.model_meta("boost:country:code:*") is not None
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 0 and "no saved" not in again.output, again.output
    assert json.loads(out.read_text()) == got
    past = CliRunner().invoke(app, [*args[:-2], "--date", "2019-01-10", "--model", "combined"])
    assert past.exit_code == 0 and "no saved" not in past.output, past.output
    with Store(db_path, read_only=True) as store:
        assert store.model_meta("combined:country:code:*") is None


def test_forecast_fit_prints_what_model_selection_chose(db_path):
    with Store(db_path) as store:
        store.insert_events(_events()[:600])
    res = CliRunner().invoke(app, ["forecast", "fit", "--db", str(db_path)])
    assert res.exit_code == 0, res.output
    line = " ".join(res.output.split()).split("model selection on validation: ")[1]  # rich wraps long lines
    assert all(f"{name} " in line for name in ("recurrency", "rules", "combined", "paths", "boost (cross-fitted)")), line


def test_an_unknown_model_is_a_one_line_error_and_nothing_is_saved(db_path):
    with Store(db_path) as store:
        store.insert_events(_events()[:200])
    res = CliRunner().invoke(app, ["forecast", "--source", "C00", "--model", "nope", "--db", str(db_path)])
    assert res.exit_code != 0 and "unknown forecaster model 'nope'" in res.output and "Traceback" not in res.output
    fit = CliRunner().invoke(app, ["forecast", "fit", "--model", "nope", "--db", str(db_path)])
    assert fit.exit_code != 0 and "unknown forecaster model 'nope'" in fit.output and "Traceback" not in fit.output
    with Store(db_path, read_only=True) as store:
        assert store.model_meta("nope:country:code:*") is None


def test_an_unknown_actor_fails_before_the_first_fit(db_path):
    """No saved model yet: a mistyped actor is its one-line error before the fit (which may take
    minutes on a big store), and nothing is saved."""
    with Store(db_path) as store:
        store.insert_events(_events()[:600])
    for flags in (["--source", "ZZZ"], ["--source", "C00", "--target", "ZZZ"]):
        res = CliRunner().invoke(app, ["forecast", *flags, "--db", str(db_path)])
        assert res.exit_code != 0 and "no events with actor 'ZZZ'" in res.output, res.output
        assert "fitted" not in res.output and "Traceback" not in res.output
    with Store(db_path, read_only=True) as store:
        assert store.model_meta("boost:country:code:*") is None
