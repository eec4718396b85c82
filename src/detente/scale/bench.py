"""`detente bench scale`: documents/s and sentences/s serially and on 1, 2, … local workers.

Each setting ingests the whole corpus into a fresh store; settings are interleaved round by
round (serial, 1, 2, serial, 1, 2, …) and medians reported, so a load change on the machine
hits all of them alike. The coder is loaded before the clock starts (serially in this process,
on the cluster by the worker plugin), so the figures are coding and writing, not start-up.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from detente.scale.cluster import ClusterSpec, open_client
from detente.scale.coder import DaskCoder, ScaleConfig


@dataclass
class Timing:
    """One ingest of the corpus: what it stored and what it cost."""

    setting: str
    documents: int
    sentences: int
    wall: float
    client_cpu: float  # this process: reading, hashing, writing (and coding, serially)
    worker_cpu: float  # the workers' CPU in the coder (0 serially)

    @property
    def cpu(self) -> float:
        return self.client_cpu + self.worker_cpu


def _ingest(corpus: Path, coder: Any, batch_size: int) -> tuple[Any, float, float]:
    from detente.corpus import ingest_paths
    from detente.store import Store

    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        wall, cpu = time.perf_counter(), time.process_time()
        report = ingest_paths(store, [corpus], coder=coder, command="bench", batch_size=batch_size)
        return report, time.perf_counter() - wall, time.process_time() - cpu


def bench_scale(corpus: Path, workers: Sequence[int], rounds: int = 1, batch_size: int = 16,
                tick: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Median documents/s, sentences/s, wall and CPU per setting (``serial`` and each worker count)."""
    from contextlib import ExitStack

    from detente.coding import get_coder
    from detente.nlp import load_pipeline

    serial = get_coder()
    load_pipeline()
    runs: dict[str, list[Timing]] = {"serial": []}
    with ExitStack() as stack:
        coders: dict[str, DaskCoder] = {}
        for n in workers:
            client = stack.enter_context(open_client(ClusterSpec(workers=n)))
            coders[f"{n} worker{'s' if n != 1 else ''}"] = DaskCoder(client, ScaleConfig(batch_size=batch_size))
            coders[f"{n} worker{'s' if n != 1 else ''}"].warm()
            runs[f"{n} worker{'s' if n != 1 else ''}"] = []
        for _ in range(rounds):
            for name in runs:
                coder = serial if name == "serial" else coders[name]
                report, wall, cpu = _ingest(corpus, coder, batch_size)
                worker_cpu = 0.0 if name == "serial" else coders[name].stats.worker_cpu
                runs[name].append(Timing(name, report.added + report.replaced, report.sentences, wall, cpu, worker_cpu))
                if tick:
                    tick(name)
    return {"corpus": str(corpus), "rounds": rounds, "batch_size": batch_size,
            "settings": {name: _median(ts) for name, ts in runs.items()}}


def _median(timings: list[Timing]) -> dict[str, Any]:
    med = lambda f: statistics.median(f(t) for t in timings)  # noqa: E731
    wall = med(lambda t: t.wall)
    first = timings[0]
    return {"documents": first.documents, "sentences": first.sentences, "wall_s": round(wall, 3),
            "cpu_s": round(med(lambda t: t.cpu), 3), "client_cpu_s": round(med(lambda t: t.client_cpu), 3),
            "worker_cpu_s": round(med(lambda t: t.worker_cpu), 3),
            "documents_per_s": round(first.documents / wall, 2) if wall else None,
            "sentences_per_s": round(first.sentences / wall, 1) if wall else None,
            "runs": [asdict(t) for t in timings]}
