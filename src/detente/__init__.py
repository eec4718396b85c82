"""detente: from writing about international politics to a working model of relations between states.

The Python API (``detente.api``), loaded on first use so ``import detente`` stays light::

    db = detente.open("korea.duckdb")      # a Database: ingest, import_, events, dyads, forecast, …
    detente.simulate("scenario.yaml")      # bargaining forecasts
    detente.report(db, "report.html")      # the HTML report
    detente.run(["articles/"], "out/")     # the main job end to end
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_API = ("Database", "open", "simulate", "run")
__all__ = ["Database", "__version__", "open", "report", "run", "simulate"]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("detente.api"), name)
    if name == "report":  # the package, which is callable: detente.report(db, "report.html")
        return importlib.import_module("detente.report")
    raise AttributeError(f"module 'detente' has no attribute {name!r}")
