"""Time expressions (a short string) → a date with precision, against the document date.

The rules are small and explicit so that `detente explain` can say why: absolute dates,
bare months and days whose year the verb's tense decides, weekdays, periods relative to the
document date ("last week", "earlier this year"), offsets from an anchor ("two days later") and
spans ("since 2011", "from 2016 to 2018", "between March and June 2018").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from detente.time.bridge import timex_point
from detente.time.lexicon import TimeData
from detente.time.model import (
    Point,
    TimeResolution,
    add_months,
    coarser,
    fmt,
    parse_iso,
    safe_date,
    using,
    weekday_near,
    words,
)


def normalise(text: str) -> str:
    """Lower case, no commas/periods/ordinal suffixes, single spaces ("Nov. 8th, 2017" → "nov 8 2017")."""
    t = text.lower().replace("’", "'").replace("\u2013", "-").replace("\u2014", "-")
    t = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\bmid-", "mid ", t)
    t = re.sub(r"(\d{4})\s*-\s*(\d{4})", r"\1 to \2", t)
    t = re.sub(r"[,.;:()\"]", " ", t)
    return re.sub(r"\s+", " ", t).strip()


def _month(word: str) -> int | None:
    return words()["months"].get(word)


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return words()["numbers"].get(word)


def _year_for(month: int, day: int | None, doc: dt.date, tense: str | None, context_year: int | None) -> int:
    """The year of a bare month/day: a year named elsewhere in the sentence, else the tense rule.

    Past tense and a later month (or day) than the document's → the previous year; future tense
    and an earlier one → the next year; otherwise the document's year.
    """
    if context_year:
        return context_year
    key, doc_key = (month, day or 0), (doc.month, doc.day if day else 0)
    later, earlier = key > doc_key, key < doc_key
    if tense == "past" and later:
        return doc.year - 1
    if tense == "future" and earlier:
        return doc.year + 1
    return doc.year


def _weekday(wd: int, doc: dt.date, tense: str | None, shift: str | None) -> dt.date:
    """A weekday near the document date.

    "last Tuesday": the one strictly before; "next Tuesday": strictly after. A bare "Tuesday"
    looks back in past tense (or with no tense), forward in present/future tense, and the
    document's own weekday counts as that day (news says "on Tuesday" on a Tuesday).
    """
    return weekday_near(doc, wd, shift, tense in ("future", "present"))


def _strip_qualifier(body: str) -> tuple[str, str | None]:
    for q in words()["qualifiers"]:
        if body.startswith(q + " "):
            return body[len(q) + 1 :], q
    return body, None


def _absolute(body: str, doc: dt.date | None, tense: str | None, context_year: int | None) -> Point | None:
    """Calendar dates: "8 november 2017", "june 2018", "2009", "september 9", "late march"."""
    toks = body.split()
    if toks and toks[0] in words()["weekdays"] and len(toks) > 1 and (_month(toks[1]) or toks[1].isdigit()):
        toks = toks[1:]  # "tuesday november 8" → the date
    if toks and toks[0] == "of":
        toks = toks[1:]
    numeric = _numeric_date(" ".join(toks))
    if numeric is not None:
        return numeric
    parts = _date_parts(toks)
    return None if parts is None else _calendar_point(*parts, doc, tense, context_year)


def _numeric_date(s: str) -> Point | None:
    """An ISO date, a decade ("the 1990s") or a year alone; None for anything else."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s):
        d = safe_date(int(m[1]), int(m[2]), int(m[3]))
        return Point(d, "day", reason="ISO date") if d else None
    if m := re.fullmatch(r"(?:the )?(\d{4})s", s):
        y = int(m[1])
        return Point(dt.date(y, 1, 1), "year", dt.date(y + 9, 1, 1), "year", "decade: span of ten years")
    if re.fullmatch(r"(1[89]\d\d|20\d\d)", s):
        return Point(dt.date(int(s), 1, 1), "year", reason="year")
    return None


def _date_parts(toks: list[str]) -> tuple[int | None, int | None, int | None, int | None] | None:
    """(month, day, year, season month) named by the words; None when a word is none of these."""
    mo = day = year = season = None
    for t in toks:
        if t in ("of", "the", "in"):
            continue
        if _month(t) and mo is None:
            mo = _month(t)
        elif t in words()["seasons"] and season is None:
            season = words()["seasons"][t]
        elif re.fullmatch(r"(1[89]\d\d|20\d\d)", t) and year is None:
            year = int(t)
        elif re.fullmatch(r"\d{1,2}", t) and day is None and 1 <= int(t) <= 31:
            day = int(t)
        else:
            return None
    return mo, day, year, season


def _calendar_point(mo: int | None, day: int | None, year: int | None, season: int | None,
                    doc: dt.date | None, tense: str | None, context_year: int | None) -> Point | None:
    """The date the parts name; a missing year comes from the sentence or the document date."""
    if season and not mo and not day:
        y = year or context_year or (doc.year if doc else None)
        if y is None:
            return None
        return Point(dt.date(y, season, 1), "year", reason="season: its year only")
    if mo is None:
        return None
    why = "month and year" if year else ""
    if year is None:
        if doc is None:
            return None
        year = _year_for(mo, day, doc, tense, context_year)
        src = (
            "a year named in the sentence"
            if context_year
            else f"tense {tense or 'unknown'} and the document date"
        )
        why = f"bare {'day' if day else 'month'}; year from {src}"
    if day:
        d = safe_date(year, mo, day)
        return Point(d, "day", reason=why or "day, month and year") if d else None
    return Point(dt.date(year, mo, 1), "month", reason=why)


def _relative(body: str, doc: dt.date, tense: str | None, anchor: Point | None) -> Point | None:
    """Expressions that need the document date (or an anchor): yesterday, last week, two days later."""
    found = _relative_word(body, doc, anchor)
    if found is False:  # False: not this kind of expression (None: this kind, but no date)
        found = _counted(body, doc, anchor)
    return _named_period(body, doc, tense) if found is False else found


def _relative_word(body: str, doc: dt.date, anchor: Point | None) -> Point | None | Literal[False]:
    """One word or phrase of the lexicon: "yesterday", "the next day", "recently"."""
    w = words()
    for key in (body, f"the {body}"):
        if key in w["day_words"]:
            return Point(doc + dt.timedelta(days=w["day_words"][key]), "day", reason="relative day")
    for key in (body, f"the {body}"):
        if key in w["anchor_words"]:
            base = anchor or Point(doc, "day", reason="")
            return _offset(
                base, w["anchor_words"][key], "day", "anchor" if anchor else "document date (no anchor)"
            )
    if body in w["recent"]:
        kind = w["recent"][body]
        if kind == "month":
            return Point(doc.replace(day=1), "month", reason="recently: the document's month")
        if kind == "months":
            return Point(
                add_months(doc, -3).replace(day=1), "month", doc.replace(day=1), "month", "recent months"
            )
        return Point(dt.date(doc.year - 3, 1, 1), "year", dt.date(doc.year, 1, 1), "year", "recent years")
    return False


def _counted(body: str, doc: dt.date, anchor: Point | None) -> Point | None | Literal[False]:
    """A number of units from the document date or the anchor: "two days ago", "the past three months"."""
    # "two days ago", "a week later", "three months earlier", "a year before"
    m = re.fullmatch(r"(?:(\S+|a few) )?(day|week|month|year)s? (ago|earlier|later|before|after|on)", body)
    if m:
        n = _number(m[1]) if m[1] else 1
        if n is None:
            return None
        sign = 1 if m[3] in ("later", "after", "on") else -1
        if m[3] == "ago":
            return _offset(Point(doc, "day"), -n, m[2], "document date")
        base = anchor or Point(doc, "day")
        return _offset(base, sign * n, m[2], "anchor" if anchor else "document date (no anchor)")
    # "the past two years", "the last three months": a span ending at the document date
    m = re.fullmatch(r"(?:the )?(?:past|last) (\S+) (day|week|month|year)s", body)
    if m and (n := _number(m[1])):
        start = _offset(Point(doc, "day"), -n, m[2], "document date")
        if start:
            start.end, start.end_precision = doc, start.precision
            start.reason = f"span: the past {m[1]} {m[2]}s up to the document date"
        return start
    return False


def _named_period(body: str, doc: dt.date, tense: str | None) -> Point | None:
    """"last week", "next month", "tuesday", "friday night": a period or weekday near the document date."""
    w = words()
    body2, qual = _strip_qualifier(body)
    toks = body2.split()
    if len(toks) == 2 and toks[0] in w["period_shift"]:
        return _period(toks[0], toks[1], doc, tense, qual)
    if len(toks) == 1 and toks[0] in w["weekdays"]:
        return Point(
            _weekday(w["weekdays"][toks[0]], doc, tense, None), "day", reason=f"weekday, tense {tense}"
        )
    if (
        len(toks) == 2
        and toks[0] in w["weekdays"]
        and toks[1] in words()["day_part_nouns"]
    ):
        return Point(
            _weekday(w["weekdays"][toks[0]], doc, tense, None), "day", reason=f"weekday, tense {tense}"
        )
    return None


def _offset(base: Point, n: int, unit: str, what: str) -> Point | None:
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return Point(base.start + dt.timedelta(days=days), coarser(base.precision, "day"),
                     reason=f"{n:+d} {unit}(s) from the {what}")  # fmt: skip
    if unit == "month":
        return Point(
            add_months(base.start, n),
            coarser(base.precision, "month"),
            reason=f"{n:+d} month(s) from the {what}",
        )
    return Point(
        base.start.replace(year=base.start.year + n, day=1), "year", reason=f"{n:+d} year(s) from the {what}"
    )


def _period(shift: str, unit: str, doc: dt.date, tense: str | None, qual: str | None) -> Point | None:
    """Periods around the document date: "last week", "this month", "earlier this year", "last March"."""
    w = words()
    k = w["period_shift"][shift]
    q = f" ({qual})" if qual else ""
    if unit in ("week", "weekend"):
        monday = doc - dt.timedelta(days=doc.weekday()) + dt.timedelta(weeks=k)
        if unit == "weekend":
            sat = monday + dt.timedelta(days=5)
            return Point(
                sat, "day", sat + dt.timedelta(days=1), "day", f"{shift} weekend: Saturday to Sunday"
            )
        start, end = monday, monday + dt.timedelta(days=6)
        if k == 0 and qual == "earlier":
            end = doc
        elif k == 0 and qual == "later":
            start = doc
        return Point(start, "day", end, "day", f"{shift} week{q}: a span of days")
    if unit == "month":
        return Point(add_months(doc.replace(day=1), k), "month", reason=f"{shift} month{q}")
    if unit == "year":
        return Point(dt.date(doc.year + k, 1, 1), "year", reason=f"{shift} year{q}")
    if unit in w["weekdays"]:
        wd = w["weekdays"][unit]
        return Point(_weekday(wd, doc, tense, shift if k else None), "day", reason=f"{shift} {unit}")
    if unit in w["seasons"]:
        y = doc.year + k
        return Point(dt.date(y, w["seasons"][unit], 1), "year", reason=f"{shift} {unit}: its year only")
    mo = _month(unit)
    if mo:
        y = doc.year + (k if k else 0)
        if k == -1 and mo < doc.month:
            y = doc.year  # "last March" said in June: this year's March
        if k == 1 and mo > doc.month:
            y = doc.year
        return Point(dt.date(y, mo, 1), "month", reason=f"{shift} {unit}")
    return None


def _point(body: str, doc: dt.date | None, tense: str | None, anchor: Point | None,
           context_year: int | None) -> Point | None:  # fmt: skip
    """One point in time (no span words), absolute first, then relative."""
    body = re.sub(r"^(the|around|about|some|as of) ", "", body)
    core, qual = _strip_qualifier(body)
    p = _absolute(core, doc, tense, context_year)
    if p:
        if qual:
            p.reason = f"{p.reason} ({qual})".strip()
        return p
    if doc is None:
        return None
    return _relative(body, doc, tense, anchor)


def _split_prep(body: str) -> tuple[str | None, str]:
    """The preposition that opens the expression, if it matters ("since", "in", "by" …).

    A preposition that never changes a date ("for next year", "to Nov. 20", "starting next
    year") is dropped, so the date behind it still resolves."""
    w = words()
    for prep in sorted(w["prepositions"], key=len, reverse=True):
        if body.startswith(prep + " "):
            return prep, body[len(prep) + 1 :]
    for prep in sorted(w["neutral_prepositions"], key=len, reverse=True):
        if body.startswith(prep + " "):
            return _split_prep(body[len(prep) + 1 :])
    return None, body


def _span(a: str, b: str, doc, tense, anchor, context_year) -> Point | None:
    end = _point(b, doc, tense, anchor, context_year)
    if end is None:
        return None
    # "march and june 2018": the first end borrows the second's year
    start = _point(
        a, doc, tense, anchor, context_year or (end.start.year if end.precision != "document" else None)
    )
    if start is None:
        return None
    return Point(start.start, start.precision, end.end or end.start, end.end_precision or end.precision,
                 f"span: {start.reason or 'start'} to {end.reason or 'end'}")  # fmt: skip


def resolve_point(text: str, doc_date: str | None, tense: str | None = None, *, anchor: Point | None = None,
                  context_year: int | None = None) -> Point | None:  # fmt: skip
    """The expression as a ``Point`` (start, precision, optional end), or None if it is not a date."""
    doc = parse_iso(doc_date)
    body = normalise(text)
    prep, rest = _split_prep(body)
    if prep in ("from", "between") or prep is None:
        m = re.fullmatch(r"(.+?) (?:to|and|until|till|through|-) (.+)", rest)
        if m:
            sp = _span(m[1], m[2], doc, tense, anchor, context_year)
            if sp:
                return sp
    m = re.fullmatch(r"(\S+|a few) (day|week|month|year)s?", rest)
    if prep == "in" and m and doc and tense == "future" and _number(m[1]):
        return _offset(Point(doc, "day"), _number(m[1]), m[2], "document date, forward")  # "in two weeks"
    p = _point(rest, doc, tense, anchor, context_year) or timex_point(rest, doc, tense)
    if p is None:
        return None
    if prep == "since":
        p.reason = f"since: start of an open span ({p.reason})"
        if doc and p.end is None:
            p.end, p.end_precision = doc, "day"
    elif prep in ("until", "till", "by"):
        p.reason = f"{prep}: the limit of the span ({p.reason})"
    return p


def to_resolution(p: Point, text: str) -> TimeResolution:
    """Format a ``Point`` as the contract's record."""
    end = fmt(p.end, p.end_precision or p.precision) if p.end else None
    return TimeResolution(fmt(p.start, p.precision), p.precision, end, text, p.reason)


def resolve_expression(text: str, doc_date: str | None, tense: str | None = None, *,
                       data: TimeData | None = None) -> TimeResolution | None:  # fmt: skip
    """A time expression → its date and precision, or None when it is not a date.

    ``tense`` ("past" | "present" | "future") decides the year of bare months and days, and the
    direction of bare weekdays. Relative expressions need ``doc_date``; absolute ones do not.
    ``data``: the language data to use (default: the package's).
    """
    with using(data):
        p = resolve_point(text, doc_date, tense)
    return to_resolution(p, text) if p else None
