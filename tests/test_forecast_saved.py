"""The saved forecaster's format: the history index travels with it, any model can save itself."""

from __future__ import annotations

import io
import json
from dataclasses import fields

import numpy as np
import pytest

from detente import registry
from detente.forecast.combined import Combined
from detente.forecast.data import with_inverse
from detente.forecast.index import HistoryIndex, ObjectCounts
from detente.forecast.queries import RuleBodies
from detente.forecast.saved import SavedModel, attribute_state, fit_saved, restore_attributes
from detente.forecast.store_graph import forecast_store
from detente.store import Store
from test_forecast_selection import repetitive_world
from test_forecast_store import build_store


def _same_index(a: HistoryIndex, b: HistoryIndex) -> None:
    for name in ("triple_key", "occ_ptr", "occ_time", "tr_s", "tr_r", "tr_o", "sr_key", "occ_key",
                 "first_time", "last_time"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert (a.T, a.t_min) == (b.T, b.t_min)


def test_index_from_parts_is_the_index_rebuilt():
    facts = with_inverse(repetitive_world(1, 30), 8)
    built = HistoryIndex(facts, 30, 16)
    _same_index(HistoryIndex(facts, 30, 16, built.parts()), built)


def test_counts_all_at_once_equal_counts_day_by_day():
    facts = with_inverse(repetitive_world(2, 20), 8)
    stepwise, at_once = ObjectCounts(facts, 30, 16), ObjectCounts(facts, 30, 16)
    for t in range(21):
        stepwise.advance(t)
    at_once.advance(20)
    assert np.array_equal(stepwise.counts, at_once.counts) and np.array_equal(stepwise.total, at_once.total)
    at_once.advance(25)  # nothing newer: still the same
    assert np.array_equal(stepwise.counts, at_once.counts)


def test_saved_blob_holds_the_index_not_the_quadruples(db_path):
    build_store(db_path)
    with Store(db_path) as store:
        saved = fit_saved(store)
        meta, data = saved.to_bytes()
    z = np.load(io.BytesIO(data), allow_pickle=False)
    assert "g.quads" not in z and "i.key_step" in z and meta["format"] == 2
    back = SavedModel.from_bytes(json.loads(json.dumps(meta)), data)
    assert np.array_equal(back.graph.quads, saved.graph.quads)
    assert back.graph.entities == saved.graph.entities and back.graph.relations == saved.graph.relations
    model = back.observed(back.graph.quads)
    _same_index(model.index, saved.model.index)


def test_a_format_1_model_still_loads_and_answers_the_same(db_path):
    """Stores fitted before the index was saved (``combined`` then the default): the arrays under
    their old names, the index rebuilt."""
    build_store(db_path)
    with Store(db_path) as store:
        saved = fit_saved(store, model="combined")
        want = forecast_store(store, "CHN", "PRK", top=3, model="combined")
        meta, data = saved.to_bytes()
        z = np.load(io.BytesIO(data), allow_pickle=False)
        g = saved.graph
        old = {k: z[k] for k in z.files if k[:2] in ("a.", "r.")}
        old.update({"g.quads": g.quads.astype(np.int32), "g.entities": np.array(g.entities, dtype=str),
                    "g.relations": np.array(g.relations, dtype=str)})
        buf = io.BytesIO()
        np.savez_compressed(buf, **old)
        meta.pop("format")
        store.save_model("combined:country:code:*", meta, buf.getvalue())
        got = forecast_store(store, "CHN", "PRK", top=3, model="combined")
    assert got["query"]["fit"] == "saved" and got["query"]["model"] == "combined"
    assert got["predictions"] == want["predictions"]


class _Weights:
    """State that is neither an array nor JSON (as a fitted classifier would be)."""

    def __init__(self, table: np.ndarray) -> None:
        self.table = table


class _SelfSaving(Combined):
    """A forecaster with extra state, saved through the ``Saveable`` hook."""

    name = "self-saving"

    def learn(self, facts: np.ndarray) -> None:
        super().learn(facts)
        self.extra = _Weights(np.arange(self.R2, dtype=np.float64))

    def save_state(self):
        arrays, plain = attribute_state(self, skip=("extra",))
        return {**arrays, "extra.table": self.extra.table}, plain

    def load_state(self, arrays, plain) -> None:
        restore_attributes(self, arrays, plain)
        self.extra = _Weights(arrays["extra.table"])


def test_a_model_with_its_own_state_saves_through_the_hook(db_path, monkeypatch):
    monkeypatch.setitem(registry._registered["forecaster"], "self-saving", _SelfSaving)
    build_store(db_path)
    with Store(db_path) as store:
        saved = fit_saved(store, model="self-saving")
        meta, data = saved.to_bytes()
        back = SavedModel.from_bytes(meta, data)
        assert isinstance(back.model, _SelfSaving)
        assert np.array_equal(back.model.extra.table, saved.model.extra.table)
        for f in fields(RuleBodies):
            if f.name != "paths":
                assert np.array_equal(getattr(back.model.rules, f.name), getattr(saved.model.rules, f.name))
        got = forecast_store(store, "CHN", "PRK", top=3, model="self-saving")
        want = forecast_store(store, "CHN", "PRK", top=3, model="self-saving", use_saved=False)
    assert got["query"]["fit"] == "saved" and got["predictions"] == want["predictions"]


def test_state_that_cannot_be_saved_is_a_one_line_error(db_path, monkeypatch):
    class Unsaveable(Combined):
        def learn(self, facts: np.ndarray) -> None:
            super().learn(facts)
            self.extra = _Weights(np.zeros(1))

    monkeypatch.setitem(registry._registered["forecaster"], "unsaveable", Unsaveable)
    from detente.forecast.store_graph import ForecastError

    build_store(db_path)
    with Store(db_path) as store, pytest.raises(ForecastError, match="cannot save Unsaveable: its 'extra'"):
        fit_saved(store, model="unsaveable")


def test_explained_evidence_is_the_full_raw_evidence_of_those_candidates():
    """Explanations expand only the shown candidates' queries; the rows must be the ones the whole
    block's raw evidence holds for them, in the same order (length-1 and length-2 rules)."""
    from detente.forecast.combined import CombinedPaths
    from detente.forecast.paths import PATH_BODY, path_proposals
    from detente.forecast.queries import _raw_evidence, build_block, explained_evidence

    facts = repetitive_world(3, 40)
    model = CombinedPaths(path_heads=50, path_bodies=20).fit(facts, 30, 8)
    t = int(facts[:, 3].max()) + 1
    counts = ObjectCounts(model.facts, model.N, model.R2)
    counts.advance(t)
    s, r = np.repeat(np.arange(0, 30, 3), 16), np.tile(np.arange(16), 10)
    qs = build_block(model.index, counts, model.bodies(), t, s, r, np.full(len(s), -1), model.evidence_grid())
    keys = qs.cq * qs.N + qs.ce
    b = model.bodies()
    prop = path_proposals(model.index, *b.paths, t, s, r) if b.paths is not None and len(b.paths[1]) else None
    full = _raw_evidence(model.index, b, t, s, r, keys, prop)
    chosen = np.random.default_rng(0).choice(len(qs.cq), 25, replace=False)
    got = explained_evidence(model.index, b, qs, chosen)
    assert np.isin(got.psi_pos, chosen).all() and np.isin(got.rule_pos, chosen).all()
    keep = np.isin(full.psi_pos, chosen)
    assert np.array_equal(got.psi_pos, full.psi_pos[keep]) and np.array_equal(got.psi_dt, full.psi_dt[keep])
    keep = np.isin(full.rule_pos, chosen)
    assert keep.any() and (full.rule_body[keep] == PATH_BODY).any()  # both kinds of rule are compared
    for name in ("rule_pos", "rule_conf", "rule_dt", "rule_body"):
        assert np.array_equal(getattr(got, name), getattr(full, name)[keep]), name
