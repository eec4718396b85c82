"""CLI commands: modality and date evaluation sets (stub until their issue lands)."""

from __future__ import annotations

from detente.cli.app import app  # noqa: F401
