"""Shared fixtures: where ../shared is, and skipping when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Fuzz tests stay fast and repeatable in the suite; HYPOTHESIS_PROFILE=deep searches longer by hand.
settings.register_profile("suite", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("deep", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DETENTE_SHARED") or ROOT.parent / "shared")  # env: worktrees elsewhere
EXAMPLES = ROOT / "examples"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with a reason when it is absent."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (reference data not present)")
    return p


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture(scope="session")
def nlp():
    """The spaCy pipeline, loaded once for the whole run."""
    from detente.nlp import ModelMissing, load_pipeline

    try:
        return load_pipeline()
    except ModelMissing as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def coder():
    """The event coder, built once for the whole run (its lexicons take a moment)."""
    from detente.coding.coder import EventCoder

    return EventCoder()
