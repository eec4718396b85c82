"""Extra evidence for ``boost``, by name: each provider adds feature columns to the trees' rows.

A provider has ``names`` (one human-readable name per column), ``fit(index, before)`` (learn from
the history before the tuning queries; most learn nothing) and ``columns(index, qs)`` (one row
per listed candidate of a query set, from the history before each query's time). ``lines`` puts
what a provider saw about one candidate into words for ``detente forecast``.
``BoostConfig.extra`` names the providers a boosted model uses.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from detente.forecast.index import HistoryIndex
from detente.forecast.peers import PeerFeatures
from detente.forecast.recent import RecentFeatures

PROVIDERS: dict[str, type] = {"recent": RecentFeatures, "peers": PeerFeatures}


def make_providers(names: tuple[str, ...], index: HistoryIndex, before: int) -> list[Any]:
    """Providers by name, fitted on the history before ``before`` (unknown names: ValueError)."""
    unknown = [n for n in names if n not in PROVIDERS]
    if unknown:
        raise ValueError(f"unknown boost feature provider(s) {', '.join(unknown)} (known: {', '.join(PROVIDERS)})")
    out = [PROVIDERS[n]() for n in names]
    for p in out:
        p.fit(index, before)
    return out


def provider_names(providers: list[Any]) -> tuple[str, ...]:
    return tuple(name for p in providers for name in p.names)


def provider_columns(providers: list[Any], index: HistoryIndex, qs) -> np.ndarray:
    """Every provider's columns side by side (``(candidates, 0)`` when there are none)."""
    cols = [p.columns(index, qs) for p in providers]
    return np.concatenate(cols, axis=1) if cols else np.zeros((len(qs.cq), 0))


def provider_lines(model: Any, qs, cand: int, tgt: str, rel: str, names: list[str]) -> list[str]:
    """What a boosted model's providers saw about one candidate, in words (nothing for other models)."""
    lines: list[str] = []
    for p in getattr(model, "providers", []):
        if isinstance(p, PeerFeatures):
            lines += p.lines(model.index, qs, cand, tgt, rel, names)
        else:
            lines += p.lines(model.index, qs, cand, tgt, rel)
    return lines
