"""A tiny, fast fake coder for ingest tests: regex sentences, one event per 'visited' sentence."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator

from detente.ontology import lookup
from detente.records import Actor, Document, Event, Sentence

COUNTRIES = {"China": "CHN", "North Korea": "PRK", "United States": "USA", "South Korea": "KOR"}
_SENT = re.compile(r"[^.!?\n]+[.!?]?")


class FakeCoder:
    """Deterministic stand-in for the event coder; ``FAKE_CODER_DELAY`` (seconds) slows each document.

    ``FAKE_CODER_HOLD_AFTER=n`` makes it wait (up to a minute) before document n, so a test can
    signal a run that is surely still going, however loaded the machine.
    """

    def __init__(self) -> None:
        self.seen: list[str] = []

    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[tuple]:
        delay = float(os.environ.get("FAKE_CODER_DELAY", "0"))
        hold_after = int(os.environ.get("FAKE_CODER_HOLD_AFTER", "-1"))
        for doc in docs:
            if len(self.seen) == hold_after:  # counted over calls: the ingest hands over 16 at a time
                time.sleep(60)
            if delay:
                time.sleep(delay)
            if "EXPLODE" in doc.text:
                raise RuntimeError("fake coder cannot cope")
            self.seen.append(doc.id)
            sentences, events = [], []
            for i, m in enumerate(m for m in _SENT.finditer(doc.text) if m.group().strip()):
                text = m.group().strip()
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                sentences.append(Sentence(doc.id, i, text, start, start + len(text)))
                found = sorted((text.find(name), code) for name, code in COUNTRIES.items() if name in text)
                if "visited" in text and len(found) >= 2:
                    entry = lookup("042")
                    events.append(Event(
                        id=f"{doc.id}:{i}:0", doc_id=doc.id, sentence_id=f"{doc.id}:{i}", sentence=text,
                        date=doc.date, date_precision="document" if doc.date else "unknown",
                        source=Actor(found[0][1], found[0][1], found[0][1]),
                        target=Actor(found[1][1], found[1][1], found[1][1]),
                        cameo="042", cameo_root="04", goldstein=entry.goldstein, quad_class=entry.quad_class,
                        pattern="visited",
                    ))
            yield doc, sentences, events
