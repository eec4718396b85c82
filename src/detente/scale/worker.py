"""What runs on a worker: the coder, loaded once per worker process, and one batch's coding."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from distributed import WorkerPlugin, get_worker

from detente.records import Document, Event, Sentence

PLUGIN = "detente-coder"

# per document: (document, sentences, events, the coder's error or None)
CodedRecord = tuple[Document, list[Sentence], list[Event], "Exception | None"]


@dataclass
class BatchResult:
    """A batch's records, with what the worker spent on it (for the progress and the bench)."""

    records: list[CodedRecord]
    cpu: float


class CoderPlugin(WorkerPlugin):
    """Builds the coder (and the spaCy pipeline under it) once when a worker starts.

    ``coder`` is a picklable coder object to use as given (for ``--coder module:Name``); without
    one the worker builds the default coder over ``lang_data``. A coder that cannot start is kept
    as an error and raised by each batch, so the client stops with one line.
    """

    name = PLUGIN

    def __init__(self, coder: Any = None, lang_data: str | None = None) -> None:
        self.given = coder
        self.lang_data = lang_data
        self.coder: Any = None
        self.error: str | None = None

    def setup(self, worker: Any) -> None:
        try:
            if self.given is not None:
                self.coder = self.given
            else:
                from detente.coding import get_coder
                from detente.nlp import load_pipeline

                self.coder = get_coder(lang_data=self.lang_data)
                load_pipeline()
        except Exception as exc:  # reported by every batch on this worker
            self.error = f"{type(exc).__name__}: {exc}"


def code_batch(docs: list[Document]) -> BatchResult:
    """Code one batch with this worker's coder; one bad document fails alone, not the batch."""
    import time

    from detente.corpus.ingest import CoderUnavailable, code_isolated

    plugin = get_worker().plugins[PLUGIN]
    assert isinstance(plugin, CoderPlugin)
    if plugin.error is not None:
        raise CoderUnavailable(f"the event coder cannot start on a worker: {plugin.error}")
    start = time.process_time()
    records: list[CodedRecord] = [
        (doc, sentences, events, None if error is None else _shippable(error))
        for doc, sentences, events, error in code_isolated(plugin.coder, docs)
    ]
    return BatchResult(records, time.process_time() - start)


def _shippable(error: Exception) -> Exception:
    """The coder's exception if it survives pickling (to reach the client), else its text."""
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        from detente.corpus.ingest import one_line

        return RuntimeError(one_line(error))
