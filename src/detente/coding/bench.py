"""Throughput of the coder: parse-only versus full coding, on the same texts in one run."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from detente.records import Document

TEXT_SUFFIXES = (".txt", ".md")


def read_corpus(directory: Path) -> list[Document]:
    """Plain-text and markdown files of a directory (manifests and other files are skipped)."""
    files = sorted(p for p in Path(directory).rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    return [Document(id=p.stem, text=p.read_text(encoding="utf-8", errors="replace"), path=str(p))
            for p in files]


def bench_coder(docs: list[Document], repeat: int = 1, n_process: int = 1,
                progress: Callable[[str], None] | None = None) -> dict:
    """Time parse-only (spaCy ``nlp.pipe``) and full coding (parse + actors + patterns + time)."""
    from detente.coding.coder import EventCoder
    from detente.nlp import load_pipeline, parse

    nlp = load_pipeline()
    coder = EventCoder()
    warm = Document(id="warm", text="China criticised the United States on Monday.", date="2019-01-01")
    list(coder.code_documents([warm]))  # load the model, lexicon and actor data before timing
    nlp("warm up")
    texts = [d.text for d in docs] * repeat
    work = [Document(id=f"{d.id}#{r}", text=d.text, date=d.date) for r in range(repeat) for d in docs]

    if progress:
        progress("parse")
    t0 = time.perf_counter()
    n_sent = sum(sum(1 for _ in doc.sents) for doc in parse(texts, n_process=n_process))
    parse_s = time.perf_counter() - t0

    if progress:
        progress("code")
    t0 = time.perf_counter()
    n_events = 0
    for _doc, _sents, events in coder.code_documents(work, n_process=n_process):
        n_events += len(events)
    code_s = time.perf_counter() - t0
    parse_rate = n_sent / parse_s if parse_s else 0.0
    code_rate = n_sent / code_s if code_s else 0.0
    return {
        "documents": len(work),
        "sentences": n_sent,
        "events": n_events,
        "parse_seconds": round(parse_s, 3),
        "code_seconds": round(code_s, 3),
        "parse_sentences_per_s": round(parse_rate, 1),
        "code_sentences_per_s": round(code_rate, 1),
        "code_over_parse": round(code_rate / parse_rate, 3) if parse_rate else 0.0,
        "n_process": n_process,
    }
