"""A coder for the fault test: the first worker to code the marked document dies on the spot."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.records import Document
from ingest_fakes import FakeCoder


class DyingCoder(FakeCoder):
    """Kills its own worker process on the document containing ``DIE``, once (a marker file says so)."""

    def __init__(self, marker: Path) -> None:
        super().__init__()
        self.marker = marker

    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[tuple]:
        docs = list(docs)
        if any("DIE" in d.text for d in docs) and not self.marker.exists():
            self.marker.write_text(str(os.getpid()))
            os.kill(os.getpid(), signal.SIGKILL)
        return super().code_documents(docs, n_process)
