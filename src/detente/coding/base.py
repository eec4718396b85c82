"""The coder interface every coder implements, and a minimal stand-in.

Ingest only ever calls ``get_coder().code_documents(...)``; any coder with that method can
stand in (tests use fast fakes; ``SentenceOnlyCoder`` stores sentences without events).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from detente.records import Document, Event, Sentence

CodedDocument = tuple[Document, list[Sentence], list[Event]]


class Coder(Protocol):
    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[CodedDocument]:
        """Split each document into sentences and code its events (documents in, same order out)."""
        ...


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
