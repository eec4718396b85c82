"""Throughput of parsing alone, parsing + coding, and the full ingest into a store, in one run.

The passes read the same documents and run interleaved (one of each per round, in balanced
orders: ``timing.interleave``), each timed in wall and CPU seconds after one untimed warm-up
round; rates come from the medians. The full ingest is ``ingest_paths`` into a fresh store per
round: reading files, coding, and the store writes; ``write`` stores the already coded documents
alone (the store's share); ``coding`` codes documents parsed once before timing (the coder's CPU
after the parse, free of the parse's noise). Three parse-only passes, same texts and batch size:
``parse`` and ``parse_again`` are the bare ``nlp.pipe`` of the English model as spaCy ships it,
twice (both are the reference of every ``*_over_parse_cpu`` ratio; their round-by-round ratio,
``aa_parse_cpu``, is an A/A check that shows the machine's noise), and ``pipeline`` the pipeline
ingest parses with (detente's line-break component added, the attribute ruler's matches found by
look-up: the same annotations, less CPU).
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from detente.bench.timing import Timing, gc_clock, interleave, paired_ratios, peak_rss_mb
from detente.corpus.ingest import BATCH
from detente.records import Document


def read_documents(corpus: Path) -> list[Document]:
    """The documents ``detente ingest`` would store from this folder (manifest metadata included)."""
    from detente.corpus.collect import collect

    return collect([corpus]).documents


def bench_coder(corpus: Path, repeat: int = 7, n_process: int = 1,
                progress: Callable[[str], None] | None = None, coder_name: str = "default",
                batch_size: int | None = None, warmup: int = 1) -> dict:
    """Bare and detente parse, parse + code, and full ingest (with the store) over ``corpus``; wall and CPU rates.

    ``coder_name`` is a coder of ``get_coder`` (the default: the hybrid with its learned parts);
    ``batch_size`` documents per spaCy batch and per coder call in every pass (default: the
    coder's, ``CoderConfig.batch_size``); the store still writes ``BATCH`` documents per transaction.
    ``repeat`` timed rounds follow ``warmup`` untimed ones.
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

    coded: list = list(coder.code_documents(docs))  # for ``write``, whichever pass runs first

    def parse_and_code(r: int) -> None:
        coded[:] = list(coder.code_documents(docs, n_process=n_process))
        counts["events"] = sum(len(events) for _, _, events in coded)

    parsed = list(zip(docs, parse(texts, batch_size=coder.batch_size)))  # once, untimed, for ``coding``
    batch = coder.batch_size

    def coding(r: int) -> None:  # the coder's CPU after the parse, without the parse's run-to-run noise
        for start in range(0, len(parsed), batch):
            coder.code_parsed_batch(parsed[start:start + batch])  # type: ignore[attr-defined]

    def write(r: int) -> None:  # the store's share alone: the coded documents, in ingest's batches
        store = stores[r]
        stored = store.document_hashes([doc.id for doc, _, _ in coded])  # read once, as ``ingest_paths`` does
        for start in range(0, len(coded), BATCH):
            chunk = coded[start:start + BATCH]
            for (doc, _, _), result in zip(chunk, store.save_documents(chunk, None, stored)):
                if result != "unchanged":
                    stored[doc.id] = doc.content_hash

    gc_cpu: list[float] = []

    def ingest(r: int) -> None:
        with gc_clock() as clock:
            report = ingest_paths(stores[r], [corpus], coder=coder, command="bench coder",
                                  batch_size=coder.batch_size, write_batch=BATCH)
        gc_cpu.append(clock.cpu)
        counts["ingested_sentences"] = report.sentences

    def fresh_store(name: str, r: int) -> None:  # earlier stores closed: no pass carries another's
        for old in list(stores):
            stores.pop(old).close()
        if name in ("ingest", "write"):
            stores[r] = Store(Path(tmp.name) / f"{name}{r + warmup}.duckdb")

    try:
        timings = interleave({"parse": bare_parse, "pipeline": parse_only, "code": parse_and_code, "coding": coding,
                              "write": write, "ingest": ingest, "parse_again": bare_parse}, repeat,
                             setup=fresh_store, progress=progress, warmup=warmup)
    finally:
        for store in stores.values():
            store.close()
        tmp.cleanup()
    return _summary(timings, counts, len(docs), gc_cpu) | {
        "rounds": repeat, "warmup_rounds": warmup, "n_process": n_process, "coder": coder_name,
        "batch_size": coder.batch_size}


def _summary(timings: dict[str, Timing], counts: dict[str, int], n_docs: int, gc_cpu: list[float]) -> dict:
    """Rates and ratios from the medians; the bare parse's median pools both of its passes. The
    A/A figures (the bare parse against itself, round by round) and the paired ingest ratio say
    how far a ratio of this run can be trusted."""
    n = counts["sentences"]
    bare = timings["parse"].cpu + timings["parse_again"].cpu
    parse_cpu = statistics.median(bare)
    out: dict = {"documents": n_docs, "sentences": n, "events": counts.get("events", 0)}
    for name in ("parse", "pipeline", "code", "ingest"):
        out.update(timings[name].rates(name, n, "sentences"))
    out["parse_sentences_per_cpu_s"] = round(n / parse_cpu, 1) if parse_cpu else 0.0
    for name, timing in timings.items():
        out[f"{name}_seconds_median"] = round(timing.wall_median, 3)
        out[f"{name}_cpu_seconds_median"] = round(timing.cpu_median, 3)
    out["parse_cpu_seconds_median"] = round(parse_cpu, 3)

    def over_parse(cpu: float) -> float:
        return round(parse_cpu / cpu, 3) if cpu else 0.0

    out["code_over_parse_cpu"] = over_parse(timings["code"].cpu_median)
    out["ingest_over_parse_cpu"] = over_parse(timings["ingest"].cpu_median)
    out["ingest_over_pipeline_cpu"] = round(timings["pipeline"].cpu_median / timings["ingest"].cpu_median, 3) \
        if timings["ingest"].cpu_median else 0.0
    for name, key in (("pipeline", "pipeline_over_parse_cpu"), ("coding", "coding_cpu_over_parse_cpu")):
        out[key] = round(timings[name].cpu_median / parse_cpu, 3) if parse_cpu else 0.0
    round_parse = [(a + b) / 2 for a, b in zip(timings["parse"].cpu, timings["parse_again"].cpu)]
    paired = paired_ratios(round_parse, timings["ingest"].cpu)
    out["ingest_over_parse_cpu_paired"] = round(statistics.median(paired), 3) if paired else 0.0
    out["ingest_over_parse_cpu_rounds"] = [round(x, 3) for x in paired]
    aa = paired_ratios(timings["parse_again"].cpu, timings["parse"].cpu)
    out["aa_parse_cpu"] = round(statistics.median(aa), 3) if aa else 0.0
    out["aa_parse_cpu_range"] = [round(min(aa), 3), round(max(aa), 3)] if aa else []
    out["write_cpu_ms_per_document"] = round(1000 * timings["write"].cpu_median / max(n_docs, 1), 2)
    out["ingest_gc_cpu_seconds_median"] = round(statistics.median(gc_cpu), 4) if gc_cpu else 0.0
    out["ingested_sentences"] = counts.get("ingested_sentences", 0)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    out["rounds_cpu_seconds"] = {name: [round(x, 3) for x in t.cpu] for name, t in timings.items()}
    return out
