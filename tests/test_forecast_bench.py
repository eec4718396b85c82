"""The benchmark harness and `detente bench forecast` on a tiny TKG folder written by the test."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import shared_path
from detente import registry
from detente.cli import app
from detente.forecast import MODELS, load_tkg
from detente.forecast.harness import ranks_on_test, run, tuning_queries


def write_tkg(folder, hours: bool = False) -> None:
    """A periodic toy world: pairs repeat their relation every few days, plus noise."""
    rng = np.random.default_rng(0)
    rows = []
    for t in range(60):
        for s in range(8):
            o, r = (s + 1) % 8, s % 3
            if t % (1 + s % 3) == 0:
                rows.append((s, r, o, t))
        for _ in range(3):
            rows.append((int(rng.integers(8)), int(rng.integers(3)), int(rng.integers(8)), t))
    rows = sorted(set(rows), key=lambda x: x[3])
    step = 24 if hours else 1
    folder.mkdir(parents=True, exist_ok=True)
    for name, lo, hi in (("train", 0, 40), ("valid", 40, 50), ("test", 50, 60)):
        with (folder / f"{name}.txt").open("w") as f:
            for s, r, o, t in rows:
                if lo <= t < hi:
                    f.write(f"{s}\t{r}\t{o}\t{t * step}\n")
    (folder / "entity2id.txt").write_text("".join(f"E{i}\t{i}\n" for i in range(8)))
    (folder / "relation2id.txt").write_text("".join(f"R{i}\t{i}\n" for i in range(3)))


def test_load_tkg_normalises_hours_to_days(tmp_path):
    write_tkg(tmp_path / "toy", hours=True)
    data = load_tkg(tmp_path / "toy")
    assert data.time_step == 24 and data.valid[:, 3].min() == 40
    assert data.num_entities == 8 and data.num_relations == 3 and data.entity_names[2] == "E2"


@pytest.mark.parametrize("name", sorted(MODELS))
@pytest.mark.parametrize("setting", ["single-step", "multi-step"])
def test_harness_reports_fractions(tmp_path, name, setting):
    write_tkg(tmp_path / "toy")
    out = run(MODELS[name](), load_tkg(tmp_path / "toy"), setting)
    assert set(out) >= {"dataset", "setting", "model", "mrr", "hits@1", "hits@3", "hits@10", "seconds",
                        "peak_rss_mb"}
    assert 0.0 < out["hits@1"] <= out["hits@3"] <= out["hits@10"] <= 1.0
    assert out["mrr"] > 0.3  # the toy world repeats itself


def test_multi_step_never_reads_test_facts_as_history(tmp_path):
    """Changing the first test days leaves multi-step ranks of the later days exactly as they were."""
    write_tkg(tmp_path / "toy")
    data = load_tkg(tmp_path / "toy")
    model = MODELS["combined"]()
    model.fit(data.train, data.num_entities, data.num_relations)
    model.observe(data.train)
    model.tune(tuning_queries(model, data, None))
    early = data.test[:, 3] < 55
    changed = replace(data, test=data.test.copy())
    changed.test[early, 2] = (changed.test[early, 2] + 3) % data.num_entities
    times = np.sort(np.concatenate([data.test[:, 3]] * 2), kind="stable")
    later = times >= 55
    multi = [ranks_on_test(model, d, "multi-step")[later] for d in (data, changed)]
    single = [ranks_on_test(model, d, "single-step")[later] for d in (data, changed)]
    assert np.array_equal(*multi)
    assert not np.array_equal(*single)  # single-step does see earlier test days


def test_cli_bench_forecast_json(tmp_path):
    write_tkg(tmp_path / "toy")
    out = tmp_path / "r.json"
    res = CliRunner().invoke(app, ["bench", "forecast", "--data", str(tmp_path / "toy"), "--json", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["model"] == registry.DEFAULT_FORECASTER and data["setting"] == "single-step" and 0 < data["mrr"] <= 1  # the default
    chosen, tried = data["selection"]["chosen"], data["selection"]["validation_mrr"]
    assert tried[chosen if chosen in tried else f"{chosen} (cross-fitted)"] == max(tried.values())  # never below a part
    assert f"model selection on validation: {chosen}" in res.output


def test_cli_bench_forecast_bad_input(tmp_path):
    res = CliRunner().invoke(app, ["bench", "forecast", "--data", str(tmp_path)])
    assert res.exit_code != 0 and "not a TKG data set" in res.output
    write_tkg(tmp_path / "toy")
    res = CliRunner().invoke(app, ["bench", "forecast", "--data", str(tmp_path / "toy"), "--model", "nope"])
    assert res.exit_code != 0 and "unknown model" in res.output


@pytest.mark.slow
@pytest.mark.shared
def test_icews14_loads():
    data = load_tkg(shared_path("data", "tkg", "ICEWS14"))
    assert (len(data.train), len(data.valid), len(data.test)) == (74845, 8514, 7371)
    assert data.num_entities == 7128 and data.num_relations == 230
