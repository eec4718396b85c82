"""Settings of ``detente serve`` in one object (no module globals)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOOPBACK = ("127.0.0.1", "localhost", "::1")
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl", ".csv")  # .csv: a manifest


@dataclass
class WebConfig:
    """What the server serves and how it guards it.

    ``token``: required on every request when set (and set it must be for a non-loopback host);
    ``data_dir``: the only folder uploads are written to (default: ``uploads/`` beside the store).
    """

    db: Path
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    read_only: bool = False
    data_dir: Path | None = None
    max_upload_bytes: int = 20 * 1024 * 1024  # all files of one upload together
    max_page: int = 1000  # most events one API page returns
    coder: Any = None  # an object with code_documents (tests use a fake); None: the event coder
    scenario: Path | None = None  # the scenario page's starting point (default: the bundled example's)
    allowed_hosts: list[str] = field(default_factory=list)  # extra Host header values accepted

    def __post_init__(self) -> None:
        self.db = Path(self.db)
        if self.data_dir is None:
            self.data_dir = self.db.resolve().parent / "uploads"
        if self.host not in LOOPBACK and not self.token:
            raise ValueError(f"--host {self.host} is not loopback: give --token or set DETENTE_TOKEN")

    @property
    def upload_dir(self) -> Path:
        assert self.data_dir is not None
        return Path(self.data_dir)
