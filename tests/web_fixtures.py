"""A served tiny store for the web tests: the report's hand-made triangle, a gated fake coder."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.records import Document
from ingest_fakes import FakeCoder

UPLOAD_TEXT = "China visited North Korea. Then the United States visited China.\n"


class GateCoder(FakeCoder):
    """The fake coder, holding back every document after the first until ``gate`` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.gate.set()

    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[tuple]:
        for k, item in enumerate(super().code_documents(docs, n_process)):
            if k:
                self.gate.wait(timeout=30)
            yield item


def wait_job(client, job_id: str, until=lambda job: job["status"] in ("done", "failed"), timeout: float = 60) -> dict:
    """Poll a job until ``until`` holds (a deadline guards against hanging, it asserts nothing about speed)."""
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if until(job) or time.monotonic() > deadline:
            return job
        time.sleep(0.05)


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}
