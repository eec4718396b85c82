"""One contract for every model: each registered forecaster and bargaining model passes the same checks."""

from __future__ import annotations

import sys
import textwrap

import numpy as np
import pytest

from detente import registry
from detente.bargain.issue import Issue
from detente.estimators import Estimator, check_estimator, check_params, clone
from detente.forecast.data import TKG


def tiny_tkg(seed: int = 0) -> TKG:
    """Six entities, three relations, 60 days of partly periodic facts."""
    rng = np.random.default_rng(seed)
    facts = [(s, r, (s + r + 1) % 6, t) for t in range(60) for s in range(6) for r in range(3) if (t + s + r) % 4 == 0]
    facts += [(int(rng.integers(6)), int(rng.integers(3)), int(rng.integers(6)), t) for t in range(60)]
    quads = np.unique(np.array([f for f in facts if f[0] != f[2]], np.int64), axis=0)
    quads = quads[np.argsort(quads[:, 3], kind="stable")]
    return TKG("tiny", quads[quads[:, 3] < 40], quads[(quads[:, 3] >= 40) & (quads[:, 3] < 50)],
               quads[quads[:, 3] >= 50], 6, 3)


def issues() -> list[Issue]:
    rng = np.random.default_rng(1)
    out = []
    for k in range(6):
        x = rng.uniform(0, 100, 5)
        out.append(Issue(f"i{k}", tuple(f"a{j}" for j in range(5)), x, rng.uniform(0.2, 1, 5), rng.uniform(1, 5, 5),
                         status_quo=float(x[0]), outcome=float(np.median(x)), group=f"g{k % 3}"))
    return out


@pytest.mark.parametrize("name", sorted(registry.forecasters()))
def test_every_forecaster_keeps_the_contract(name):
    model = registry.create("forecaster", name)
    score = check_estimator(model, tiny_tkg(), "forecaster")
    assert score > 0.1  # periodic facts are learnable


@pytest.mark.parametrize("name", sorted(registry.bargain_models()))
def test_every_bargaining_model_keeps_the_contract(name):
    check_estimator(registry.create("bargain", name), issues(), "bargain")


def test_params_round_trip_and_greater_is_better():
    from detente.bargain.models import Compromise, Median, Nash
    from detente.forecast import RecurrencyBaseline

    model = RecurrencyBaseline(lam=0.3, alpha=0.5)
    assert model.get_params() == {"lam": 0.3, "alpha": 0.5, "min_queries": 5}
    assert clone(model.set_params(lam=0.7)).get_params()["lam"] == 0.7
    with pytest.raises(ValueError, match="invalid parameter"):
        Nash().set_params(temperature=1)
    assert repr(Nash(utility="linear")).startswith("Nash(utility='linear'")
    data = issues()
    perfect = Median()  # the outcomes above are the median positions
    assert perfect.score(data) == 0.0 > Compromise().score(data)


class Constant(Estimator):
    """A user's bargaining model: always forecasts ``value``."""

    name = "constant"

    def __init__(self, value: float = 50.0) -> None:
        self.value = value

    def fit(self, issues):
        return self

    def predict(self, issues):
        return np.full(len(issues), self.value)

    def mae(self, issues):
        return float(np.mean([abs(self.value - i.outcome) for i in issues]))

    def score(self, issues):
        return -self.mae(issues)


def test_a_registered_model_plugs_in_by_name(monkeypatch):
    monkeypatch.setitem(registry._registered["bargain"], "constant", Constant)
    from detente.bargain.models import get_model

    model = get_model("constant", value=40.0)
    assert isinstance(model, Constant) and model.get_params() == {"value": 40.0}
    check_estimator(model, issues(), "bargain")


def test_an_entry_point_plugs_in_by_name(tmp_path, monkeypatch):
    (tmp_path / "my_models.py").write_text(textwrap.dedent("""
        from detente.forecast import RecurrencyBaseline

        class Slow(RecurrencyBaseline):
            name = "slow"
    """))
    dist = tmp_path / "my_models-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: my-models\nVersion: 0.1\n")
    (dist / "entry_points.txt").write_text("[detente.forecasters]\nslow = my_models:Slow\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert "slow" in registry.forecasters()
        model = registry.create("forecaster", "slow", lam=0.2)
        check_params(model)
        assert check_estimator(model, tiny_tkg(), "forecaster") > 0
    finally:
        sys.modules.pop("my_models", None)
