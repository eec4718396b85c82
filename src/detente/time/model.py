"""The time record and small date arithmetic shared by the expression and attachment rules."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from detente.time.lexicon import TimeData

#: Precisions from finest to coarsest; a span takes the coarser of its two ends.
PRECISION_ORDER = ("day", "month", "year")


@dataclass
class TimeResolution:
    """When an event happened, how precisely we know it, and why we think so."""

    date: str | None  # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
    precision: str  # "day" | "month" | "year" | "document" | "unknown"
    date_end: str | None = None
    text: str | None = None  # the expression used
    reason: str = ""  # one line, for `detente explain`


_ACTIVE: ContextVar[TimeData | None] = ContextVar("detente_time_data", default=None)


def active_data() -> TimeData:
    """The language data of the call in progress (``using``), else the package's."""
    return _ACTIVE.get() or TimeData.default()


@contextmanager
def using(data: TimeData | None) -> Iterator[TimeData]:
    """Run the event dater with ``data`` (None keeps the data already in use)."""
    if data is None:
        yield active_data()
        return
    token = _ACTIVE.set(data)
    try:
        yield data
    finally:
        _ACTIVE.reset(token)


def words() -> dict[str, Any]:
    """The event dater's words (months, weekdays, relative words) of the data in use."""
    return active_data().words


@dataclass
class Point:
    """A resolved expression before formatting: start day, precision, optional span end."""

    start: dt.date
    precision: str
    end: dt.date | None = None
    end_precision: str | None = None
    reason: str = ""


def parse_iso(value: str | None) -> dt.date | None:
    """A document date as a ``date`` ("YYYY-MM-DD"; "YYYY-MM" and "YYYY" take the first day)."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def fmt(day: dt.date, precision: str) -> str:
    """A date written at its precision: 2018-06-12, 2018-06 or 2018."""
    if precision == "day":
        return day.isoformat()
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def weekday_near(doc: dt.date, wd: int, shift: str | None, forward: bool) -> dt.date:
    """The weekday ``wd`` (0 = Monday) nearest ``doc``: "last" strictly before, "next" strictly
    after; otherwise on or after ``doc`` when ``forward``, else on or before it."""
    back = (doc.weekday() - wd) % 7
    ahead = (wd - doc.weekday()) % 7
    if shift == "last":
        return doc - dt.timedelta(days=back or 7)
    if shift == "next":
        return doc + dt.timedelta(days=ahead or 7)
    return doc + dt.timedelta(days=ahead) if forward else doc - dt.timedelta(days=back)


def coarser(a: str, b: str) -> str:
    """The coarser of two precisions (day < month < year)."""
    return a if PRECISION_ORDER.index(a) >= PRECISION_ORDER.index(b) else b


def easter(year: int) -> dt.date:
    """Easter Sunday of a Gregorian year (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    L = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * L) // 451
    month, day = divmod(h + L - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """Shift by whole months, clamping the day to the target month's length."""
    index = day.year * 12 + (day.month - 1) + months
    y, m = divmod(index, 12)
    last = calendar.monthrange(y, m + 1)[1]
    return dt.date(y, m + 1, min(day.day, last))


def safe_date(y: int, m: int = 1, d: int = 1) -> dt.date | None:
    """A date, or None when the parts do not make one (31 February)."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None
