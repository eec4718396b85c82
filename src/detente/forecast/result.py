"""A store forecast as a typed result: the query and the ranked predictions, each explained."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class Forecast:
    """What ``forecast_store`` found: ``query`` (source, target, date, model, …) and ``predictions``."""

    query: dict[str, Any]
    predictions: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Forecast:
        return cls(query=dict(data["query"]), predictions=list(data["predictions"]))

    def to_json(self) -> dict[str, Any]:
        """The JSON that ``detente forecast --json`` writes and the report shows."""
        return {"query": self.query, "predictions": self.predictions}

    def to_frame(self) -> pd.DataFrame:
        """One row per prediction (source, target, cameo, name, score, explanation)."""
        import pandas as pd

        return pd.DataFrame(self.predictions)

    @property
    def pair(self) -> tuple[str, str | None]:
        return self.query["source"], self.query.get("target")
