"""The coder interface every coder implements, and a minimal stand-in.

Ingest only ever calls ``get_coder().code_documents(...)``; any coder with that method can
stand in (tests use fast fakes; ``SentenceOnlyCoder`` stores sentences without events).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Protocol

from detente.records import Document, Event, Sentence

CodedDocument = tuple[Document, list[Sentence], list[Event]]


class Coder(Protocol):
    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[CodedDocument]:
        """Split each document into sentences and code its events (documents in, same order out)."""
        ...


class ParsedDocCoder:
    """What every coder that codes one parsed spaCy ``Doc`` at a time shares: batched parsing
    (``code_documents``) and the spaCy-component call writing ``doc._.events``. Subclasses give
    ``code_parsed(document, parsed)`` and ``batch_size``; documents are coded ``batch_size`` at a
    time through ``code_parsed_batch``."""

    batch_size: int = 16

    def code_parsed(self, doc: Document, parsed) -> CodedDocument:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, parsed):
        """spaCy component: code a parsed ``Doc`` and write ``doc._.events`` (the document id and date
        come from ``doc._.detente_id`` and ``doc._.detente_date`` when set)."""
        document = Document(id=parsed._.detente_id or "doc", text=parsed.text, date=parsed._.detente_date)
        parsed._.events = self.code_parsed(document, parsed)[2]
        return parsed

    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[CodedDocument]:
        from detente.nlp import parse

        docs = list(docs)
        parsed_docs = parse((d.text for d in docs), batch_size=self.batch_size, n_process=n_process)
        pairs = zip(docs, parsed_docs)
        while batch := list(islice(pairs, self.batch_size)):
            yield from self.code_parsed_batch(batch)

    def code_parsed_batch(self, batch: list[tuple[Document, object]]) -> list[CodedDocument]:
        """Code a batch of (document, parsed ``Doc``) pairs; the same as ``code_parsed`` one by one.
        A coder whose work has a per-call cost (a model's ``predict``) overrides it to pay it once."""
        return [self.code_parsed(doc, parsed) for doc, parsed in batch]


class SentenceOnlyCoder:
    """Stand-in: splits sentences with spaCy and codes no events."""

    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[CodedDocument]:
        from detente.nlp import parse

        docs = list(docs)
        for doc, parsed in zip(docs, parse((d.text for d in docs), n_process=n_process)):
            sentences = [
                Sentence(doc_id=doc.id, index=i, text=s.text.rstrip(), start=s.start_char,
                         end=s.start_char + len(s.text.rstrip()))
                for i, s in enumerate(parsed.sents)
            ]
            yield doc, sentences, []


def get_coder(name: str = "default", lang_data: str | None = None) -> Coder:
    """The coder ingest uses: ``default`` is the hybrid (the rules, then the learned parts beside
    them, unless ``CoderConfig.learned`` is off), ``rules`` the rules alone, ``sentences`` the
    stand-in; both over the user's language-data directory ``lang_data`` when given."""
    if name == "sentences":
        return SentenceOnlyCoder()
    from detente.coding.coder import EventCoder  # imported late: it loads the lexicons
    from detente.coding.config import CoderConfig

    config = CoderConfig(lang_data=lang_data, learned=name != "rules")
    if not config.learned:
        return EventCoder(config=config)
    from detente.coding.learned import HybridCoder

    return HybridCoder(config=config)
