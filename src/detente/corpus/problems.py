"""Problems found while reading inputs: one line each, naming the file and what went wrong."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: ``failed``: the input was not stored; ``error``: stored, but bad input (e.g. an impossible
#: date) was dropped; ``warning``: worth knowing (e.g. no date found). The first two make the
#: command exit non-zero, because the user gave us something we could not use.
Level = Literal["failed", "error", "warning"]


@dataclass(frozen=True)
class Problem:
    path: str
    message: str
    level: Level = "failed"

    @property
    def counts_as_failure(self) -> bool:
        return self.level != "warning"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def show(path: Path | str) -> str:
    """How a path appears in messages: as the user would type it."""
    return str(path)
