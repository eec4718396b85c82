"""TIMEX3 values → the event dater's dates: what the tagger finds, events can use.

The event schema keeps its precisions (day, month, year): a week is its Monday with its Sunday
as ``date_end``, a quarter or half its first month with its last month as ``date_end``, a decade
or century its first year with its last. Seasons keep their year only (a season is no month),
as the event dater always did. References (PRESENT_REF …), durations and sets date nothing.
"""

from __future__ import annotations

import datetime as dt
import re

from detente.time.model import Point, add_months, parse_iso


def point_from_value(value: str) -> Point | None:
    """One TIMEX3 DATE value as a ``Point`` (None when it names no calendar period)."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?", value):
        d = parse_iso(value[:10])
        return Point(d, "day", reason=f"TIMEX3 {value}") if d else None
    if m := re.fullmatch(r"(\d{4})-W(\d\d)(-WE)?", value):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        if m[3]:
            sat = monday + dt.timedelta(days=5)
            return Point(sat, "day", sat + dt.timedelta(days=1), "day", f"TIMEX3 {value}: Saturday to Sunday")
        return Point(monday, "day", monday + dt.timedelta(days=6), "day", f"TIMEX3 {value}: Monday to Sunday")
    if m := re.fullmatch(r"(\d{4})-([QH])(\d)", value):
        months = 3 if m[2] == "Q" else 6
        first = dt.date(int(m[1]), (int(m[3]) - 1) * months + 1, 1)
        return Point(first, "month", add_months(first, months - 1), "month", f"TIMEX3 {value}: a span of months")
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return Point(dt.date(int(m[1]), 1, 1), "year", reason=f"TIMEX3 {value}: a season, its year only")
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        return Point(dt.date(int(m[1]), int(m[2]), 1), "month", reason=f"TIMEX3 {value}")
    if re.fullmatch(r"\d{4}", value):
        return Point(dt.date(int(value), 1, 1), "year", reason=f"TIMEX3 {value}")
    if re.fullmatch(r"\d{3}", value):
        y = int(value) * 10
        return Point(dt.date(y, 1, 1), "year", dt.date(y + 9, 1, 1), "year", f"TIMEX3 {value}: a decade")
    if re.fullmatch(r"\d{2}", value):
        y = int(value) * 100
        return Point(dt.date(max(y, 1), 1, 1), "year", dt.date(y + 99, 1, 1), "year", f"TIMEX3 {value}: a century")
    return None


def timex_point(body: str, doc: dt.date | None, tense: str | None) -> Point | None:
    """The tagger's reading of an expression the event dater's own rules did not resolve."""
    from detente.time.model import active_data
    from detente.time.tagger import tag_text

    data = active_data()
    if not set(re.findall(r"[a-z]+", body.lower())) & data.word_set("tagger_words"):
        return None  # nothing the tagger knows beyond the dater's own rules
    records = [r for r in tag_text(body, doc, data=data, tense=tense) if r.type == "DATE"]
    if not records:
        return None
    best = max(records, key=lambda r: r.end - r.start)
    if best.end - best.start < len(body.strip()) * 0.5:
        return None  # the tagger read only a small part of it
    return point_from_value(best.value)
