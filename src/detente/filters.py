"""Turning user-given event filters (strings, as typed) into a checked ``EventFilter``.

The CLI and the Python API share this, so a filter means the same thing and fails with the
same message in both; ``flag`` names a filter the caller's way (``--since`` or ``since``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from detente.records import MODALITIES
from detente.store import EventFilter


class FilterError(ValueError):
    """A filter value that cannot be used, with a one-line reason."""


def _plain(name: str) -> str:
    return name


def modality_list(modality: str | Iterable[str] | None) -> list[str]:
    """``"asserted,future"`` or ``["asserted", "future"]`` → ``["asserted", "future"]``."""
    values = [modality] if isinstance(modality, str) else list(modality or [])
    return [m.strip().lower() for value in values for m in value.split(",") if m.strip()]


def event_filter(
    actor: str | None = None, source: str | None = None, target: str | None = None, since: str | None = None,
    until: str | None = None, code: str | None = None, modality: str | Iterable[str] | None = None,
    origin: str | None = None, doc: str | None = None, limit: int | None = None,
    flag: Callable[[str], str] = _plain,
) -> EventFilter:
    """Check every filter and build the ``EventFilter``; a bad value raises ``FilterError``."""
    lo = hi = None
    if since or until:  # the date parser comes with the corpus package: loaded only for dates
        from detente.corpus.dates import DateError, parse_bound

        try:
            lo = parse_bound(str(since)) if since else None
            hi = parse_bound(str(until), end=True) if until else None
        except DateError as exc:
            raise FilterError(f"{flag('since')}/{flag('until')}: {exc}") from None
    if lo and hi and lo > hi:
        raise FilterError(f"{flag('since')} {since} is after {flag('until')} {until}")
    if code is not None and not re.fullmatch(r"\d{2,4}", code.strip()):
        raise FilterError(f"{flag('code')} {code!r} is not a CAMEO code prefix (two to four digits, e.g. 04 or 0431)")
    mods = modality_list(modality)
    unknown = [m for m in mods if m not in MODALITIES]
    if unknown:
        raise FilterError(f"{flag('modality')} {unknown[0]!r} is not one of {', '.join(MODALITIES)}")
    for name, value in (("actor", actor), ("source", source), ("target", target)):
        if value is not None and not re.fullmatch(r"[A-Za-z0-9]{2,15}", value.strip()):
            raise FilterError(f"{flag(name)} {value!r} is not a country or actor code (e.g. PRK or CHNGOV)")
    if limit is not None and limit < 1:
        raise FilterError(f"{flag('limit')} must be at least 1")
    return EventFilter(actor=_strip(actor), source=_strip(source), target=_strip(target), since=lo, until=hi,
                       code=code.strip() if code else None, modality=mods or None, origin=origin, doc=doc,
                       limit=limit)


def _strip(value: str | None) -> str | None:
    return value.strip() if value else None
