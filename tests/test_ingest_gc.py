"""An ingest raises the collector's first threshold while it runs and restores the caller's after,
also when it fails (corpus/ingest.py ``fewer_collections``)."""

from __future__ import annotations

import gc

import pytest

from detente.corpus import ingest


def test_the_threshold_is_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with ingest.fewer_collections(5000):
        assert gc.get_threshold() == (max(5000, before[0]), *before[1:])
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), ingest.fewer_collections(5000):
        raise RuntimeError("a failing ingest")
    assert gc.get_threshold() == before


def test_a_caller_with_a_higher_threshold_keeps_it() -> None:
    before = gc.get_threshold()
    try:
        gc.set_threshold(100_000, *before[1:])
        with ingest.fewer_collections(5000):
            assert gc.get_threshold()[0] == 100_000
    finally:
        gc.set_threshold(*before)


def test_ingest_paths_runs_inside_it(tmp_path, monkeypatch) -> None:
    seen = []
    monkeypatch.setattr(ingest, "_ingest_paths", lambda *a: seen.append(gc.get_threshold()[0]) or "report")
    before = gc.get_threshold()
    assert ingest.ingest_paths(None, [tmp_path]) == "report"  # type: ignore[arg-type]
    assert seen == [max(ingest.GC_YOUNG, before[0])] and gc.get_threshold() == before
