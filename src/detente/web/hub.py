"""Store handles for a server: readers on cursors, one writer thread for ingest jobs.

DuckDB lets one process hold the file. Inside it, every request reads through its own cursor,
which sees the last committed state; ingests run one at a time on a worker thread that commits
document by document, so readers are never blocked and see new documents as they land.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from detente.api import Database
from detente.corpus.ingest import IngestCallbacks
from detente.records import Document
from detente.store import Store
from detente.web.config import WebConfig

T = TypeVar("T")
CACHE_SIZE = 256  # analysis results kept (cleared when full)


@dataclass
class Job:
    """One upload's ingest: queued → running → done (or failed), with per-document progress."""

    id: str
    files: list[str]
    status: str = "queued"
    total: int = 0
    done: int = 0
    events: int = 0
    documents: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    created: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class _Progress(IngestCallbacks):
    def __init__(self, job: Job, hub: StoreHub) -> None:
        self.job, self.hub = job, hub

    def start(self, total: int) -> None:
        self.job.total = total

    def document(self, doc: Document, status: str, n_events: int) -> None:
        self.hub.version += 1  # a document was committed: cached analyses are stale
        self.job.done += 1
        self.job.events += n_events
        self.job.documents.append(doc.id)

    def problem(self, problem: Any) -> None:
        self.job.problems.append(problem_line(problem))


def problem_line(problem: Any) -> str:
    """``file: message`` with the file's name only (the server's folders are not the client's business)."""
    return f"{Path(str(getattr(problem, 'path', ''))).name}: {getattr(problem, 'message', problem)}"


class StoreHub:
    """The server's one open store: ``reader()`` per request, ``submit()`` for ingests."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.root = Store(config.db, read_only=config.read_only)
        self._lock = threading.Lock()
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, Path] | None] = queue.Queue()
        self._worker: threading.Thread | None = None
        self.version = 0  # bumped by the writer after each committed document
        self._cache: dict[Hashable, tuple[int, Any]] = {}
        self._key_locks: dict[Hashable, threading.Lock] = {}

    def cached(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, shared by identical requests until the writer commits again.

        Analyses (dyads, triangle, network) take a CPU-second where a page of events takes a few
        milliseconds; many clients asking the same question wait for one computation. Only this
        process writes the store, so the writer's counter is a complete change signal.
        """
        with self._lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            version = self.version
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
            value = compute()
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = (version, value)
            return value

    @contextmanager
    def reader(self) -> Iterator[Database]:
        with self._lock:  # only making the cursor is serialised, not the reading
            handle = self.root.cursor()
        try:
            yield Database.from_store(handle)
        finally:
            handle.close()

    def submit(self, files: dict[str, bytes]) -> Job:
        """Write the uploaded files into a fresh folder under the data folder and queue their ingest."""
        job = Job(id=uuid.uuid4().hex[:12], files=sorted(files))
        folder = self.config.upload_dir / job.id
        folder.mkdir(parents=True, exist_ok=False)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        self.jobs[job.id] = job
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="detente-writer", daemon=True)
            self._worker.start()
        self._queue.put((job, folder))
        return job

    def _work(self) -> None:
        with self._lock:
            writer = Database.from_store(self.root.cursor())
        while (item := self._queue.get()) is not None:
            job, folder = item
            job.status = "running"
            try:
                report = writer.ingest(folder, coder=self.config.coder, callbacks=_Progress(job, self), command="serve",
                                       write_batch=1)  # readers see each document as it is stored
                job.problems = [problem_line(p) for p in report.problems]
                job.status = "done"
            except Exception as exc:  # a bad upload fails its job, never the server
                job.status, job.error = "failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        writer.close()

    def close(self) -> None:
        if self._worker is not None:
            self._queue.put(None)
            self._worker.join(timeout=60)
        self.root.close()

