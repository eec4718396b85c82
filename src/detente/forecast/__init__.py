"""Temporal knowledge-graph forecasting: recurrency baseline, temporal rules, and their combination.

Every model follows one interface (``fit``, ``observe``, ``tune``, ``score``, ``predict``) and is
measured by one harness (``harness.run``) under the time-aware filtered protocol.
"""

from detente.forecast.base import Forecaster
from detente.forecast.boost import Boosted
from detente.forecast.combined import Combined, CombinedPaths
from detente.forecast.data import TKG, load_tkg, with_inverse
from detente.forecast.recurrency import RecurrencyBaseline
from detente.forecast.rerank import Reranked
from detente.forecast.rules import TemporalRules

MODELS: dict[str, type[Forecaster]] = {
    "combined": Combined,
    "paths": CombinedPaths,
    "rerank": Reranked,
    "boost": Boosted,
    "recurrency": RecurrencyBaseline,
    "rules": TemporalRules,
}

__all__ = ["MODELS", "TKG", "Boosted", "Combined", "CombinedPaths", "Forecaster", "RecurrencyBaseline", "Reranked", "TemporalRules", "load_tkg",
           "with_inverse"]
