"""Throughput of the coder: parse-only versus full coding, on the same texts in one run."""

from __future__ import annotations

import statistics
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
                progress: Callable[[str], None] | None = None, coder_name: str = "default") -> dict:
    """Time parse-only (spaCy ``nlp.pipe``) and full coding (parse + actors + patterns + time, and
    the learned parts unless ``coder_name`` is "rules")."""
    from detente.coding.base import get_coder
    from detente.nlp import load_pipeline, parse

    nlp = load_pipeline()
    coder = get_coder(coder_name)
    warm = Document(id="warm", text="China criticised the United States on Monday.", date="2019-01-01")
    list(coder.code_documents([warm]))  # load the model, lexicon and actor data before timing
    nlp("warm up")
    texts = [d.text for d in docs]
    parse_times: list[float] = []
    code_times: list[float] = []
    after_s = 0.0
    n_sent = n_events = 0
    for r in range(repeat):  # alternate the two passes so machine load hits both alike
        if progress:
            progress(f"round {r + 1}/{repeat}: parse only")
        t0 = time.perf_counter()
        n_sent = sum(sum(1 for _ in doc.sents)
                     for doc in parse(texts, batch_size=coder.batch_size, n_process=n_process))
        parse_times.append(time.perf_counter() - t0)
        if progress:
            progress(f"round {r + 1}/{repeat}: full coding")
        work = [Document(id=f"{d.id}#{r}", text=d.text, date=d.date) for d in docs]
        t0 = time.perf_counter()
        parsed = parse((d.text for d in work), batch_size=coder.batch_size, n_process=n_process)
        n_events = 0
        for doc, spacy_doc in zip(work, parsed):  # what code_documents does, with the post-parse part timed
            t1 = time.perf_counter()
            n_events += len(coder.code_parsed(doc, spacy_doc)[2])
            after_s += time.perf_counter() - t1
        code_times.append(time.perf_counter() - t0)
    parse_s, code_s = statistics.median(parse_times), statistics.median(code_times)
    parse_rate = n_sent / parse_s if parse_s else 0.0
    code_rate = n_sent / code_s if code_s else 0.0
    return {
        "documents": len(docs),
        "sentences": n_sent,
        "events": n_events,
        "rounds": repeat,
        "parse_seconds_median": round(parse_s, 3),
        "code_seconds_median": round(code_s, 3),
        "post_parse_seconds_per_round": round(after_s / repeat, 3),  # actors, patterns, modality, time
        "parse_sentences_per_s": round(parse_rate, 1),
        "code_sentences_per_s": round(code_rate, 1),
        "code_over_parse": round(code_rate / parse_rate, 3) if parse_rate else 0.0,
        "post_parse_share_of_coding": round(after_s / repeat / code_s, 3) if code_s else 0.0,
        "n_process": n_process,
        "coder": coder_name,
    }
