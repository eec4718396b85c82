"""Models by name: the built-in forecasters and bargaining models, plus plug-ins.

A package plugs a model in through an entry point (group ``detente.forecasters`` or
``detente.bargain_models``) naming its class; a notebook can ``register`` one at run time.
Either way the CLI (``--model NAME``), ``Database.forecast(model=…)`` and the contract test
(``estimators.check_estimator``) see it like a built-in one.
"""

from __future__ import annotations

from typing import Any

GROUPS = {"forecaster": "detente.forecasters", "bargain": "detente.bargain_models"}
#: The forecaster used when none is named (CLI ``forecast``, ``forecast fit``, ``bench forecast``, the
#: API, the web API, the main job). ``boost``: the most accurate (single-step MRR ICEWS14 46.02,
#: ICEWS18 34.45 in the 2026-12-07 environment; 46.12 / 34.52 before), within the GDELT-shaped
#: budget with its scale bounds, never below its best component on validation
#: (docs/forecast.md, "The default model").
DEFAULT_FORECASTER = "boost"
_registered: dict[str, dict[str, type]] = {"forecaster": {}, "bargain": {}}


def _builtin(kind: str) -> dict[str, type]:
    if kind == "forecaster":
        from detente.forecast import MODELS

        return dict(MODELS)
    from detente.bargain.models import builtin_models

    return builtin_models()


def models(kind: str) -> dict[str, type]:
    """Every model of ``kind`` (``forecaster`` or ``bargain``) by name: built in, installed, registered."""
    if kind not in GROUPS:
        raise ValueError(f"kind must be one of {', '.join(GROUPS)}, not {kind!r}")
    from importlib.metadata import entry_points  # not at import: the CLI's start-up pays for it (0.05 s)

    found = _builtin(kind)
    for ep in entry_points(group=GROUPS[kind]):
        found.setdefault(ep.name, ep.load())
    found.update(_registered[kind])
    return found


def register(kind: str, name: str, cls: type) -> None:
    """Make ``cls`` available under ``name`` for this process (a notebook's own model)."""
    if kind not in GROUPS:
        raise ValueError(f"kind must be one of {', '.join(GROUPS)}, not {kind!r}")
    _registered[kind][name] = cls


def create(kind: str, name: str, **params: Any) -> Any:
    """A new model of ``kind`` by ``name`` with these hyperparameters; an unknown name raises ``KeyError``."""
    if kind in GROUPS:  # a registered or built-in name wins over a plug-in's: no need to scan the installed packages
        known = _registered[kind].get(name) or _builtin(kind).get(name)
        if known is not None:
            return known(**params)
    table = models(kind)
    if name not in table:
        raise KeyError(f"unknown {kind} model {name!r} (choose from {', '.join(sorted(table))})")
    return table[name](**params)


def forecasters() -> dict[str, type]:
    return models("forecaster")


def bargain_models() -> dict[str, type]:
    return models("bargain")
