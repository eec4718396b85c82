"""A rule's match → TIMEX3 type, value and mod, against the document date and the tense.

Choices where TimeML leaves room (see docs/time-and-modality.md): a bare month, day or
weekday is the nearest one in the direction of the tense (past: on or before the document
date; future: on or after); "the quarter" is the last quarter the document named, else the last
completed one; "a year earlier" after a quarter is that quarter a year before.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from detente.time.lexicon import TimeConfig, TimeData
from detente.time.model import weekday_near


@dataclass
class Context:
    """What normalising one expression may look at: the document date, the tense, the document so far."""

    dct: dt.date | None
    tense: str | None
    data: TimeData
    last_quarter: tuple[int, int] | None = None  # (year, quarter) most recently named
    quarter_at: int = -10**9  # where it was named (character offset)
    position: int = 0  # where the expression being normalised starts
    config: TimeConfig = field(default_factory=TimeConfig)

    last_date: str | None = None  # the last calendar date (a TIMEX3 value) the text named
    date_at: int = -10**9

    def name_date(self, value: str) -> None:
        """Remember a calendar date the text named, for "that day", "the next day", "10 p.m."."""
        if re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", value[:10]) and not value.startswith("XXXX"):
            self.last_date, self.date_at = value[:10], self.position

    def anchor(self, window: int) -> str | None:
        """The date named last, within ``window`` characters before the expression."""
        return self.last_date if self.position - self.date_at <= window else None

    def name_quarter(self, year: int, quarter: int) -> None:
        """Remember a quarter the text named, so that "the quarter" can refer back to it."""
        self.last_quarter, self.quarter_at = (year, quarter), self.position

    def recent_quarter(self, window: int | None = None) -> tuple[int, int] | None:
        """The quarter last named, if named within ``window`` characters (None: anywhere before)."""
        if window is not None and self.position - self.quarter_at > window:
            return None
        return self.last_quarter


@dataclass
class Timex:
    type: str
    value: str
    mod: str | None = None


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y:04d}-W{w:02d}"


def quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def number(text: str | None, data: TimeData) -> float | None:
    """ "two" → 2, "twenty four" → 24, "5 1/2" → 5.5, "a few" → None (vague)."""
    if text is None:
        return 1
    t = re.sub(r"\s+", " ", text.lower().strip())
    cards = data.timex["cardinals"]
    if t in cards:
        return cards[t]
    if m := re.fullmatch(r"(\d+(?:\.\d+)?)(?: (\d)/(\d))?", t.replace(",", "")):
        n = float(m[1])
        return n + (int(m[2]) / int(m[3]) if m[2] else 0)
    parts = re.split(r"[- ]", t)
    if len(parts) == 2 and parts[0] in cards and parts[1] in cards:
        return cards[parts[0]] + cards[parts[1]]
    return None


def _num_str(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def duration_value(n: float | None, unit: str, data: TimeData) -> str:
    """P3Y, PT5H, P2W, PXY, P20Y for two decades, PT5H30M for 5 1/2 hours."""
    info = data.timex["units"][unit]
    letter = info["letter"]
    if n is not None and "count" in info:
        n = n * info["count"]
    if n is not None and letter == "E":
        n, letter = n * 10, "Y"
    elif n is not None and letter == "C":
        n, letter = n * 100, "Y"
    t = "T" if info.get("time") else ""
    if n is None:
        return f"P{t}X{letter}"
    if not float(n).is_integer() and letter == "H":
        return f"PT{int(n)}H{int(round((n % 1) * 60))}M"
    if not float(n).is_integer() and letter == "Y":
        return f"P{int(n)}Y{int(round((n % 1) * 12))}M"
    return f"P{t}{_num_str(n)}{letter}"


def year_for(month: int, day: int, ctx: Context) -> int:
    """The year of a month (and day) named without one.

    The occurrence nearest the document date, unless the tense says otherwise: outside the
    future tense a date more than two months after the document date is last year's (news
    reports what has happened); in the future tense one more than two months before it is
    next year's.
    """
    d = ctx.dct
    assert d is not None
    slack = ctx.config.tense_slack_days

    def gap(y: int) -> int:
        return (dt.date(y, month, min(day or 15, 28)) - d).days

    options = sorted((d.year - 1, d.year, d.year + 1), key=lambda y: abs(gap(y)))
    if ctx.tense != "future":
        options = [y for y in options if gap(y) <= slack] or options
    else:
        options = [y for y in options if gap(y) >= -slack] or options
    return options[0]


def weekday_date(wd: int, ctx: Context, shift: str | None = None) -> dt.date:
    assert ctx.dct is not None
    return weekday_near(ctx.dct, wd, shift, ctx.tense == "future")


def quarter_year(q: int, ctx: Context) -> int:
    d = ctx.dct
    assert d is not None
    if ctx.tense == "past" and q > quarter_of(d):
        return d.year - 1
    return d.year


def shift_of(word: str | None, data: TimeData) -> int | None:
    """ "last" → -1, "this" → 0, "next" → +1 (None when the word is no shift)."""
    if not word:
        return None
    return data.timex["shifts"].get(re.sub(r"\s+", " ", word.lower()))


def mod_of(word: str | None, data: TimeData) -> str | None:
    if not word:
        return None
    w = re.sub(r"[\s-]+", " ", word.lower()).strip()
    return data.timex["date_mods"].get(w) or data.timex["duration_mods"].get(w)
