"""CLI commands: ingest (stub until its issue lands)."""

from __future__ import annotations

from detente.cli.app import app  # noqa: F401
