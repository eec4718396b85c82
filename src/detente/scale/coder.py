"""A coder that codes on a Dask cluster: batches out to the workers, records back in order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from detente.records import Document, Event, Sentence


@dataclass
class ScaleConfig:
    """How ingest uses a cluster.

    ``in_flight`` batches per worker are kept queued so no worker waits for the client;
    ``retries`` reruns a batch whose task raised (a batch on a worker that dies is rescheduled
    by Dask itself, up to its ``allowed-failures``).
    """

    cluster: str = "local"
    batch_size: int = 16
    in_flight: int = 2
    retries: int = 2


@dataclass
class ScaleStats:
    """What the last ``code_stream`` did, for the bench: documents, sentences, events, worker CPU."""

    documents: int = 0
    sentences: int = 0
    events: int = 0
    batches: int = 0
    worker_cpu: float = 0.0


class DaskCoder:
    """Codes documents on the workers of ``client``; plugs into ``ingest_paths`` as a coder.

    The coder (``coder``, a picklable coder object, or the default one over ``lang_data``) is
    built once per worker by a ``WorkerPlugin``. ``code_stream`` yields the records in the
    documents' order, so the client writes them through the store's one write path.
    """

    def __init__(self, client: Any, config: ScaleConfig | None = None, coder: Any = None,
                 lang_data: str | None = None) -> None:
        self.client = client
        self.config = config or ScaleConfig()
        self.coder = coder
        self.lang_data = lang_data
        self.stats = ScaleStats()
        self._ready = False

    def warm(self) -> None:
        """Load the coder on every worker now (else on the first batch); new workers load it on joining."""
        if not self._ready:
            from detente.scale.worker import CoderPlugin

            self.client.register_plugin(CoderPlugin(self.coder, self.lang_data))
            self._ready = True

    def _workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def code_stream(self, docs: list[Document], batch_size: int | None = None
                    ) -> Iterator[tuple[Document, list[Sentence], list[Event], Exception | None]]:
        """All documents' records, batch by batch in order, with a bounded number of batches out."""
        from detente.scale.worker import code_batch

        if not docs:
            return
        self.warm()
        size = batch_size or self.config.batch_size
        batches = [docs[i:i + size] for i in range(0, len(docs), size)]
        window = self.config.in_flight * self._workers()
        pending: deque[Any] = deque()
        todo = iter(batches)
        self.stats = ScaleStats()
        while True:
            while len(pending) < window and (batch := next(todo, None)) is not None:
                pending.append(self.client.submit(code_batch, batch, retries=self.config.retries, pure=False))
            if not pending:
                return
            result = pending.popleft().result()
            self.stats.batches += 1
            self.stats.worker_cpu += result.cpu
            for record in result.records:
                self.stats.documents += 1
                self.stats.sentences += len(record[1])
                self.stats.events += len(record[2])
                yield record

    def code_documents(self, docs: Any, n_process: int = 1) -> Iterator[tuple[Document, list[Sentence], list[Event]]]:
        """The ``Coder`` protocol: a coder error raises here as it would serially."""
        for doc, sentences, events, error in self.code_stream(list(docs)):
            if error is not None:
                raise error
            yield doc, sentences, events
