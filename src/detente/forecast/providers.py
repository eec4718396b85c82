"""What ``boost``'s feature providers (``boost.PROVIDERS``) saw about a candidate, in words.

Each provider of this package (``recent.RECENT``, ``peers.PEERS``) has a ``lines`` method;
``detente forecast`` lists their lines after the past events and rules behind a prediction, so a
candidate the trees lifted on such evidence still says which evidence it had.
"""

from __future__ import annotations

from typing import Any


def provider_lines(model: Any, qs, cand: int, tgt: str, rel: str, names: list[str]) -> list[str]:
    """Lines of every provider a boosted model uses (nothing for other models)."""
    from detente.forecast.boost import provider

    config = getattr(model, "config", None)
    lines: list[str] = []
    for name in getattr(config, "providers", ()):
        explain = getattr(provider(name), "lines", None)
        if explain is not None:
            lines += explain(qs, model, cand, tgt, rel, names)
    return lines
