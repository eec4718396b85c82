"""Publication dates: accept the common spellings, reject impossible or nonsense ones."""

from __future__ import annotations

import calendar
import datetime as dt
import re

# Unambiguous spellings only: numeric day/month orders (03/04/2018) are refused, not guessed.
_FORMATS = (
    "%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d",
    "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%B %d %Y", "%b %d, %Y", "%b %d %Y", "%b. %d, %Y",
)
_ISO_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")
MIN_YEAR, MAX_YEAR = 1800, 2200


class DateError(ValueError):
    """A date we cannot accept; the message says why."""


def parse_date(value: object) -> str | None:
    """A publication date as ISO ``YYYY-MM-DD``; None for an empty value; DateError otherwise."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _check_year(value).isoformat()
    text = str(value).strip()
    if not text:
        return None
    m = _ISO_DATETIME.match(text)
    if m:
        text = m.group(1)
    for fmt in _FORMATS:
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return _check_year(day).isoformat()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise DateError(f"impossible date {text!r}")
    raise DateError(f"unreadable date {text!r} (use YYYY-MM-DD)")


def _check_year(day: dt.date) -> dt.date:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateError(f"implausible date {day.isoformat()!r}")
    return day


def parse_bound(value: str, end: bool = False) -> str:
    """A query bound: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ``end`` picks the last day of the period."""
    text = value.strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text)
    if m:
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"impossible date {value!r}")
        if month is None:
            return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-{last if end else 1:02d}"
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise DateError(f"impossible date {value!r}")
    raise DateError(f"unreadable date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
