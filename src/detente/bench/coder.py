"""Throughput of parsing alone, parsing + coding, and the full ingest into a store, in one run.

The passes read the same documents and run interleaved (one of each per round, the first one
rotating), each timed in wall and CPU seconds; rates come from the medians. The full ingest is
``ingest_paths`` into a fresh store per round: reading files, coding, and the store writes;
``write`` stores the already coded documents alone (the store's share); ``coding`` codes
documents parsed once before timing (the coder's CPU after the parse, free of the parse's
noise). Two parse-only passes, same texts and batch size: ``parse`` is the bare ``nlp.pipe`` of
the English model as spaCy ships it (the reference of every ``*_over_parse_cpu`` ratio), and
``pipeline`` the pipeline ingest parses with (detente's line-break component added, the
attribute ruler's matches found by look-up: the same annotations, less CPU).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from detente.bench.timing import gc_clock, interleave, peak_rss_mb
from detente.corpus.ingest import BATCH
from detente.records import Document


def read_documents(corpus: Path) -> list[Document]:
    """The documents ``detente ingest`` would store from this folder (manifest metadata included)."""
    from detente.corpus.collect import collect

    return collect([corpus]).documents


def bench_coder(corpus: Path, repeat: int = 3, n_process: int = 1,
                progress: Callable[[str], None] | None = None, coder_name: str = "default",
                batch_size: int | None = None) -> dict:
    """Bare and detente parse, parse + code, and full ingest (with the store) over ``corpus``; wall and CPU rates.

    ``coder_name`` is a coder of ``get_coder`` (the default: the hybrid with its learned parts);
    ``batch_size`` documents per spaCy batch and per coder call in every pass (default: the
    coder's, ``CoderConfig.batch_size``); the store still writes ``BATCH`` documents per transaction.
    """
    from detente.coding import get_coder
    from detente.corpus.ingest import ingest_paths
    from detente.nlp import load_bare_pipeline, parse
    from detente.store import Store

    docs = read_documents(corpus)
    coder = get_coder(coder_name)
    if batch_size:
        coder.config = replace(coder.config, batch_size=batch_size)  # type: ignore[attr-defined]
    warm = Document(id="warm", text="China criticised the United States on Monday.", date="2019-01-01")
    list(coder.code_documents([warm]))  # load the model, lexicon and actor data before timing
    texts = [d.text for d in docs]
    counts: dict[str, int] = {}
    tmp = tempfile.TemporaryDirectory(prefix="detente-bench-")
    stores: dict[int, Store] = {}

    bare = load_bare_pipeline()
    list(bare.pipe(texts, batch_size=coder.batch_size))  # warm on every text, as the pipeline is below

    def bare_parse(r: int) -> None:  # the reference: spaCy's model as shipped, nothing of detente's
        for d in bare.pipe(texts, batch_size=coder.batch_size, n_process=n_process):
            sum(1 for _ in d.sents)

    def parse_only(r: int) -> None:
        counts["sentences"] = sum(sum(1 for _ in d.sents)
                                  for d in parse(texts, batch_size=coder.batch_size, n_process=n_process))

    coded: list = []

    def parse_and_code(r: int) -> None:
        coded[:] = list(coder.code_documents(docs, n_process=n_process))
        counts["events"] = sum(len(events) for _, _, events in coded)

    parsed = list(zip(docs, parse(texts, batch_size=coder.batch_size)))  # once, untimed, for ``coding``
    batch = coder.batch_size

    def coding(r: int) -> None:  # the coder's CPU after the parse, without the parse's run-to-run noise
        for start in range(0, len(parsed), batch):
            coder.code_parsed_batch(parsed[start:start + batch])  # type: ignore[attr-defined]

    def write(r: int) -> None:  # the store's share alone: the coded documents, in ingest's batches
        for start in range(0, len(coded), BATCH):
            stores[r].save_documents(coded[start:start + BATCH])

    gc_cpu: list[float] = []

    def ingest(r: int) -> None:
        with gc_clock() as clock:
            report = ingest_paths(stores[r], [corpus], coder=coder, command="bench coder",
                                  batch_size=coder.batch_size, write_batch=BATCH)
        gc_cpu.append(clock.cpu)
        counts["ingested_sentences"] = report.sentences

    def fresh_store(name: str, r: int) -> None:
        if name in ("ingest", "write"):
            if r in stores:
                stores.pop(r).close()
            stores[r] = Store(Path(tmp.name) / f"{name}{r}.duckdb")

    try:
        timings = interleave({"parse": bare_parse, "pipeline": parse_only, "code": parse_and_code, "coding": coding, "write": write,
                              "ingest": ingest}, repeat,
                             setup=fresh_store, progress=progress)
    finally:
        for store in stores.values():
            store.close()
        tmp.cleanup()
    n = counts["sentences"]
    out: dict = {"documents": len(docs), "sentences": n, "events": counts.get("events", 0), "rounds": repeat,
                 "n_process": n_process, "coder": coder_name, "batch_size": coder.batch_size}
    for name in ("parse", "pipeline", "code", "ingest"):
        out.update(timings[name].rates(name, n, "sentences"))
    for name, timing in timings.items():
        out[f"{name}_seconds_median"] = round(timing.wall_median, 3)
        out[f"{name}_cpu_seconds_median"] = round(timing.cpu_median, 3)
    parse_cpu = timings["parse"].cpu_median
    out["code_over_parse_cpu"] = round(parse_cpu / timings["code"].cpu_median, 3) if parse_cpu else 0.0
    out["ingest_over_parse_cpu"] = round(parse_cpu / timings["ingest"].cpu_median, 3) if parse_cpu else 0.0
    out["ingest_over_pipeline_cpu"] = round(timings["pipeline"].cpu_median / timings["ingest"].cpu_median, 3) \
        if timings["ingest"].cpu_median else 0.0
    out["pipeline_over_parse_cpu"] = round(timings["pipeline"].cpu_median / parse_cpu, 3) if parse_cpu else 0.0
    out["coding_cpu_over_parse_cpu"] = round(timings["coding"].cpu_median / parse_cpu, 3) if parse_cpu else 0.0
    out["write_cpu_ms_per_document"] = round(1000 * timings["write"].cpu_median / max(len(docs), 1), 2)
    out["ingest_gc_cpu_seconds_median"] = round(statistics.median(gc_cpu), 4) if gc_cpu else 0.0
    out["ingested_sentences"] = counts.get("ingested_sentences", 0)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return out
