"""One estimator contract for forecasters and bargaining models, scikit-learn's.

- Hyperparameters are the ``__init__`` arguments, kept on the object (under the same name, or
  the attribute ``_param_attrs`` names), so ``get_params``/``set_params``/``clone`` work.
- ``fit`` returns the estimator; ``score`` is greater-is-better (forecasters: time-aware
  filtered MRR; bargaining models: minus the mean absolute error).
- ``check_estimator`` runs any model, built in or plugged in, through the same checks.
"""

from __future__ import annotations

import inspect
import math
from typing import Any, ClassVar, Self

import numpy as np


class Estimator:
    """Mixin: ``get_params``, ``set_params`` and ``repr`` from the ``__init__`` signature."""

    #: parameter name → attribute, where a model keeps a hyperparameter under another name
    _param_attrs: ClassVar[dict[str, str]] = {}

    @classmethod
    def _param_names(cls) -> list[str]:
        """The explicit ``__init__`` arguments, following ``**kwargs`` up to the parent's."""
        names: list[str] = []
        for klass in cls.__mro__:
            init = klass.__dict__.get("__init__")
            if init is None:
                continue
            params = list(inspect.signature(init).parameters.values())[1:]
            names += [p.name for p in params if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
                      and p.name not in names]
            if not any(p.kind is p.VAR_KEYWORD for p in params):
                break
        return names

    def _attr(self, name: str) -> str:
        return self._param_attrs.get(name, name)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The hyperparameters, by their ``__init__`` names (``deep`` is accepted for scikit-learn)."""
        return {name: getattr(self, self._attr(name)) for name in self._param_names()}

    def set_params(self, **params: Any) -> Self:
        """Change hyperparameters; an unknown name raises ``ValueError`` (as scikit-learn does)."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"invalid parameter {name!r} for {type(self).__name__} (has {', '.join(valid)})")
            setattr(self, self._attr(name), value)
        return self

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_params().items())
        return f"{type(self).__name__}({args})"


def clone(estimator: Estimator) -> Estimator:
    """A new, unfitted estimator with the same hyperparameters."""
    return type(estimator)(**estimator.get_params())


def check_params(estimator: Estimator) -> None:
    """The parameter half of the contract: names from ``__init__``, a faithful clone, set/get round trip."""
    params = estimator.get_params()
    assert list(params) == estimator._param_names(), "get_params must list the __init__ arguments"
    twin = clone(estimator)
    assert twin.get_params() == params, f"{type(estimator).__name__}: clone changed the parameters"
    if params:
        name, value = next(iter(params.items()))
        assert twin.set_params(**{name: value}) is twin, "set_params must return the estimator"
        assert twin.get_params()[name] == value
    try:
        twin.set_params(no_such_parameter=1)
    except ValueError:
        pass
    else:
        raise AssertionError("set_params must refuse an unknown parameter")
    assert type(estimator).__name__ in repr(estimator)


def check_estimator(estimator: Estimator, data: Any, kind: str) -> float:
    """Run one model through the whole contract on ``data``; returns its score.

    ``kind`` is ``forecaster`` (``data``: a ``TKG``) or ``bargain`` (``data``: a list of ``Issue``
    with recorded outcomes). Raises ``AssertionError`` naming what broke.
    """
    check_params(estimator)
    model: Any = clone(estimator)  # fit/score/predict: the model's own signatures, checked below
    if kind == "forecaster":
        fitted = model.fit(data.train, data.num_entities, data.num_relations)
        assert fitted is model, "fit must return the estimator"
        model.observe(np.concatenate([data.train, data.valid, data.test]))
        score = model.score(data.test)
        assert 0.0 <= score <= 1.0, f"a forecaster's score is an MRR in [0, 1], got {score}"
        top = model.predict((int(data.test[0, 0]), int(data.test[0, 1]), int(data.test[0, 3])), k=3)
        assert len(top) == 3 and top[0][1] >= top[-1][1], "predict ranks the best objects first"
    elif kind == "bargain":
        assert model.fit(data) is model, "fit must return the estimator"
        pred = model.predict(data)
        assert pred.shape == (len(data),), "predict gives one forecast per issue"
        score = model.score(data)
        assert math.isnan(score) or score <= 0.0, "a bargaining model's score is minus its error"
        if not math.isnan(score):
            assert math.isclose(score, -model.mae(data)), "score must be -mae"
    else:
        raise ValueError(f"kind must be forecaster or bargain, not {kind!r}")
    return float(score)
