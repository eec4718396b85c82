"""A store forecast reads its saved model once and counts the events it saw once (``saved.look_up``);
after a fit it answers from the model as saved, without reading it back."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from detente.api import Database
from detente.forecast.store_graph import NeedsFit
from detente.store import Store
from test_forecast_default import _events


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How often the store's model and event reads are called."""
    calls: Counter = Counter()
    for name in ("load_model", "model_meta", "count_events", "event_watermark"):
        real = getattr(Store, name)

        def counted(self, *a, _real=real, _name=name, **k):
            calls[_name] += 1
            return _real(self, *a, **k)

        monkeypatch.setattr(Store, name, counted)
    return calls


def _store_with_events(db_path) -> None:
    with Store(db_path) as store:
        store.insert_events(_events()[:600])


def test_a_saved_forecast_reads_the_model_once_and_counts_once(db_path, reads):
    _store_with_events(db_path)
    with Database(db_path) as db:
        db.fit_forecaster(model="combined")
    reads.clear()
    with Database(db_path, read_only=True) as db:
        got = db.forecast("C00", "C07", top=3, model="combined", unsaved="raise")
    assert got.query["fit"] == "saved" and got.predictions
    # one read; one count of the events up to the watermark, one of those after it
    assert reads == Counter(load_model=1, count_events=2), reads


def test_after_a_fit_the_answer_comes_from_the_model_as_saved(db_path, reads):
    _store_with_events(db_path)
    with Database(db_path) as db:
        db.fit_forecaster(model="combined")
        reads.clear()
        fresh = db.forecast("C00", "C07", top=3, model="combined")
        assert reads["load_model"] == 0 and reads["count_events"] == 2, reads
    with Database(db_path, read_only=True) as db:
        loaded = db.forecast("C00", "C07", top=3, model="combined")
    assert fresh.to_json() == loaded.to_json()  # the same answer as every later call's


def test_unsaved_raise_says_why_a_fit_is_due_and_only_then(db_path):
    events = _events()[:600]
    with Store(db_path) as store:
        store.insert_events(events)
    with Database(db_path) as db:
        with pytest.raises(NeedsFit, match="no saved combined model"):
            db.forecast("C00", "C07", model="combined", unsaved="raise")
        inside = db.forecast("C00", "C07", date="2019-01-10", model="combined", unsaved="raise")
        assert inside.query["fit"] == "fitted now"  # a day inside the history: fitted for it, whatever is saved
        db.fit_forecaster(model="combined")
        later = dataclasses.replace(events[-1], id="later", date="2019-03-01")
        db.store.insert_events([later])  # after the watermark: joins the history, parameters kept
        got = db.forecast("C00", "C07", model="combined", unsaved="raise")
        assert got.query["fit"] == "saved" and "joined the history" in got.query["note"]
        earlier = dataclasses.replace(events[0], id="earlier")
        db.store.insert_events([earlier])  # up to the watermark: the saved model no longer serves
        with pytest.raises(NeedsFit, match="changed since `forecast fit`"):
            db.forecast("C00", "C07", model="combined", unsaved="raise")
