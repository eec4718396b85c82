"""The ingest pipeline: read → skip unchanged → code → store, one transaction per batch of documents.

A process killed halfway leaves every stored document complete (its sentences and events were
written with it, in its batch's transaction) and a rerun picks up the rest, because unchanged
documents are skipped.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from detente.coding import Coder, get_coder
from detente.corpus.collect import collect
from detente.corpus.limits import ReadLimits, split_text
from detente.corpus.problems import Problem
from detente.records import Document, Event, Sentence
from detente.store import Store, StoreError
from detente.store.duckdb_store import Coded, is_interrupt

if TYPE_CHECKING:
    from detente.store.lake import LakeWriter

BATCH = 16  # documents handed to the coder at a time: progress stays live, memory stays flat
#: the collector's first threshold during an ingest (Python's default is 700): coding a document makes
#: and drops tens of thousands of small objects, most freed by reference count; at 700 the collector
#: ran about 50 times per ingest of examples/korea, scanning the young objects each time (issue 14)
GC_YOUNG = 20_000


@contextmanager
def fewer_collections(young: int | None = None) -> Iterator[None]:
    """Python's cyclic collector with a higher first threshold inside the block (the same garbage is
    found, in fewer and larger collections); the thresholds before it are restored after."""
    before = gc.get_threshold()
    gc.set_threshold(max(young or GC_YOUNG, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


class CoderUnavailable(RuntimeError):
    """The coder cannot start at all (not one document's problem): stop the run with one line."""


class IngestCallbacks:
    """Hooks for a progress display; the defaults do nothing."""

    def problem(self, problem: Problem) -> None: ...

    def start(self, total: int) -> None: ...

    def document(self, doc: Document, status: str, n_events: int) -> None: ...

    def piece(self, doc: Document, done: int, total: int) -> None:
        """A long document coded in pieces: ``done`` of ``total`` pieces are coded."""

    def coded(self, n_sentences: int) -> None:
        """A document was coded into ``n_sentences`` sentences (called before ``document``)."""


@dataclass
class IngestReport:
    run_id: int | None = None
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0  # inputs that were not stored
    events: int = 0  # events stored by this run
    sentences: int = 0
    skipped: int = 0  # files in a manifest folder that the manifest does not list
    skipped_files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """False when any input was bad, even if the rest went in: the exit status says so."""
        return not any(p.counts_as_failure for p in self.problems)

    @property
    def stored(self) -> int:
        return self.added + self.replaced

    def counts(self) -> dict[str, int]:
        return {"added": self.added, "replaced": self.replaced, "unchanged": self.unchanged,
                "failed": self.failed, "events": self.events}


def ingest_paths(
    store: Store | LakeWriter,
    paths: Iterable[Path | str],
    manifest: Path | str | None = None,
    coder: Coder | None = None,
    callbacks: IngestCallbacks | None = None,
    command: str = "ingest",
    batch_size: int = BATCH,
    limits: ReadLimits | None = None,
    write_batch: int | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; bad inputs become problems and the rest continue.

    ``limits`` bound what is read (regular files, a size cap, links) and set the piece size
    of long documents. ``write_batch`` documents are stored per transaction (default
    ``batch_size``; 1 shows each document to readers as soon as it is coded).
    """
    with fewer_collections():
        return _ingest_paths(store, paths, manifest, coder, callbacks, command, batch_size, limits, write_batch)


def _ingest_paths(store: Store | LakeWriter, paths: Iterable[Path | str], manifest: Path | str | None,
                  coder: Coder | None, callbacks: IngestCallbacks | None, command: str, batch_size: int,
                  limits: ReadLimits | None, write_batch: int | None) -> IngestReport:
    write_batch = write_batch or batch_size
    limits = limits or ReadLimits()
    cb = callbacks or IngestCallbacks()
    report = IngestReport()

    def note(problem: Problem) -> None:
        report.problems.append(problem)
        if problem.level == "failed":
            report.failed += 1
        cb.problem(problem)

    collected = collect(paths, manifest, limits)
    report.skipped, report.skipped_files = len(collected.skipped), collected.skipped
    for p in collected.problems:
        note(p)
    todo: list[Document] = []
    stored = store.document_hashes([doc.id for doc in collected.documents])
    for doc in collected.documents:
        if stored.get(doc.id) == doc.content_hash:
            report.unchanged += 1
        else:
            todo.append(doc)
    report.run_id = store.begin_run(command)
    batch: list[Coded] = []
    saving: list[Coded] | None = None  # the batch being written, when Ctrl-C comes during the write
    try:
        cb.start(len(todo))
        if todo:
            coder = coder or get_coder()
        for doc, sentences, events, error in _coded_stream(coder, todo, batch_size, limits, cb):
            if error is not None:
                note(Problem(doc.path or doc.id, f"document {doc.id!r} could not be coded ({one_line(error)})"))
                cb.document(doc, "failed", 0)
                continue
            cb.coded(len(sentences))
            batch.append((doc, sentences, events))
            if len(batch) >= write_batch:
                saving = batch
                _save_batch(store, batch, report, note, cb, stored)
                batch = []
        saving = batch
        _save_batch(store, batch, report, note, cb, stored)
    except KeyboardInterrupt:
        if batch and batch is not saving:  # Ctrl-C while coding: the documents coded so far are whole, keep them
            _save_batch(store, batch, report, note, cb, stored)
        _finish_run(store, report, "interrupted", failing=True)
        raise
    except BaseException:
        _finish_run(store, report, "interrupted", failing=True)
        raise
    _finish_run(store, report, "ok" if report.ok else "failed")
    return report


def _coded_stream(coder: Coder, todo: list[Document], batch_size: int, limits: ReadLimits, cb: IngestCallbacks
                  ) -> Iterator[tuple[Document, list[Sentence], list[Event], BaseException | None]]:
    """Coded documents in order: batch by batch here (long ones in pieces), or all batches at once
    by a coder that streams them itself (``code_stream``, e.g. ``detente.scale.DaskCoder``)."""
    stream = getattr(coder, "code_stream", None)
    if stream is not None:
        yield from stream(todo, batch_size)
        return
    for start in range(0, len(todo), batch_size):
        chunk = todo[start:start + batch_size]
        short = [d for d in chunk if len(d.text) <= limits.piece_chars]
        yield from code_isolated(coder, short)
        for d in chunk:
            if len(d.text) > limits.piece_chars:
                yield _coded_in_pieces(coder, d, limits.piece_chars, cb)


def _finish_run(store: Store | LakeWriter, report: IngestReport, status: str, failing: bool = False) -> None:
    """Record the run's outcome; when the run is already failing (disk full), its error wins."""
    try:
        store.finish_run(report.run_id, status, n_added=report.added, n_replaced=report.replaced,
                         n_unchanged=report.unchanged, n_failed=report.failed, n_events=report.events)
    except (duckdb.Error, StoreError):
        if not failing:
            raise


def _save_batch(store: Store | LakeWriter, coded: list[Coded], report: IngestReport, note: Callable[[Problem], None],
                cb: IngestCallbacks, stored: dict[str, str | None]) -> None:
    """Store a batch in one transaction; when that fails, store its documents one by one to isolate the bad one.
    ``stored`` (document id → stored content hash, read at the start of the run) is kept up to date,
    so the store need not read it again for each batch (the run is its only writer)."""
    if not coded:
        return
    try:
        results = store.save_documents(coded, report.run_id, stored)
    except (duckdb.Error, StoreError) as exc:
        if is_interrupt(exc):  # Ctrl-C that DuckDB caught inside a query: stop, as for any Ctrl-C
            raise KeyboardInterrupt from exc
        if _cannot_write(exc):
            raise _full_disk(store, report, exc) from exc
        for doc, sentences, events in coded:
            _save(store, doc, sentences, events, report, note, cb, stored)
        return
    for (doc, sentences, events), result in zip(coded, results):
        _count(doc, sentences, events, result, report, cb, stored)


def _full_disk(store: Store | LakeWriter, report: IngestReport, exc: BaseException) -> StoreError:
    """A full disk fails every document to come: stop with its own words."""
    return StoreError(f"cannot write to {store.path} ({one_line(exc)}); {report.stored} documents "
                      "stored before it are whole, and a rerun stores the rest")


def _save(store: Store | LakeWriter, doc: Document, sentences: list[Sentence], events: list[Event],
          report: IngestReport, note: Callable[[Problem], None], cb: IngestCallbacks,
          stored: dict[str, str | None]) -> None:
    try:
        result = store.save_document(doc, sentences, events, report.run_id)
    except (duckdb.Error, StoreError) as exc:
        if _cannot_write(exc):
            raise _full_disk(store, report, exc) from exc
        note(Problem(doc.path or doc.id, f"document {doc.id!r} not stored ({one_line(exc)})"))
        cb.document(doc, "failed", 0)
        return
    _count(doc, sentences, events, result, report, cb, stored)


def _count(doc: Document, sentences: list[Sentence], events: list[Event], result: str,
           report: IngestReport, cb: IngestCallbacks, stored: dict[str, str | None]) -> None:
    if result != "unchanged":
        stored[doc.id] = doc.content_hash
    if result == "added":
        report.added += 1
    elif result == "replaced":
        report.replaced += 1
    else:
        report.unchanged += 1
    if result != "unchanged":
        report.events += len(events)
        report.sentences += len(sentences)
    cb.document(doc, result, len(events))


def code_isolated(coder: Coder, chunk: list[Document]) -> Iterator[tuple[Document, list[Sentence], list[Event], Exception | None]]:
    """Code a chunk; when the coder breaks on one document, retry the rest one by one to isolate it."""
    from detente.nlp import ModelMissing

    done = 0
    try:
        for doc, sentences, events in coder.code_documents(chunk):
            yield doc, sentences, events, None
            done += 1
    except (ModelMissing, CoderUnavailable):
        raise
    except Exception as exc:  # a coder bug on one odd document must not sink the batch
        rest = chunk[done:]
        if len(rest) == 1:
            yield rest[0], [], [], exc
            return
        for doc in rest:
            yield from code_isolated(coder, [doc])


def _coded_in_pieces(coder: Coder, doc: Document, size: int,
                     cb: IngestCallbacks) -> tuple[Document, list[Sentence], list[Event], Exception | None]:
    """Code a long document piece by piece and join the results as if it had been coded whole.

    Sentences are renumbered and their offsets shifted into the whole text; events follow their
    sentences. What the coder carries across sentences (who "it" is) does not cross a cut.
    """
    pieces = split_text(doc.text, size)
    sentences: list[Sentence] = []
    events: list[Event] = []
    for n, (offset, text) in enumerate(pieces, start=1):
        part = replace(doc, id=f"{doc.id}#{n}", text=text)
        [(_, sents, evs, error)] = code_isolated(coder, [part])
        if error is not None:
            return doc, [], [], error
        base = sentences[-1].index + 1 if sentences else 0
        renamed: dict[str, str] = {}
        for s in sents:
            whole = Sentence(doc_id=doc.id, index=base + s.index, text=s.text, start=s.start + offset,
                             end=s.end + offset)
            renamed[s.id] = whole.id
            sentences.append(whole)
        for e in evs:
            sid = renamed.get(e.sentence_id or "", e.sentence_id)
            same = e.sentence_id and sid and e.id.startswith(e.sentence_id)
            eid = sid + e.id[len(e.sentence_id):] if same else f"{doc.id}:{n}:{e.id}"
            events.append(replace(e, id=eid, doc_id=doc.id, sentence_id=sid))
        cb.piece(doc, n, len(pieces))
    return doc, sentences, events, None


def _cannot_write(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.IOException) or "could not write" in text or "no space left" in text


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__
