"""Normalisers of periods (weeks, quarters, fiscal years), offsets, durations, sets and references."""

from __future__ import annotations

import datetime as dt
import re

from detente.time.model import add_months
from detente.time.normalise import _low, register
from detente.time.timex import (
    Context,
    Timex,
    duration_value,
    mod_of,
    number,
    quarter_of,
    quarter_year,
    shift_of,
    week_value,
)

Match = re.Match


def _unit(ctx: Context, word: str) -> str:
    w = _low(word)
    return ctx.data.timex["unit_plurals"].get(w, w)


def _quarter_back(year: int, q: int, k: int) -> tuple[int, int]:
    index = year * 4 + (q - 1) + k
    return index // 4, index % 4 + 1


def _period_value(unit: str, k: int, ctx: Context) -> str | None:
    """The period ``k`` steps from the document date's ("last week" → k=-1, unit week)."""
    d = ctx.dct
    assert d is not None
    if unit == "week":
        return week_value(d + dt.timedelta(weeks=k))
    if unit == "weekend":
        base = d + dt.timedelta(weeks=k)
        if k == 0 and ctx.tense != "future" and d.weekday() < 5:
            base = d - dt.timedelta(weeks=1)  # "the weekend" said on a weekday: the one just past
        return week_value(base) + "-WE"
    if unit == "month":
        m = add_months(d.replace(day=1), k)
        return f"{m.year:04d}-{m.month:02d}"
    if unit == "year":
        return f"{d.year + k:04d}"
    if unit == "quarter":
        y, q = _quarter_back(d.year, quarter_of(d), k)
        return f"{y:04d}-Q{q}"
    if unit == "decade":
        return f"{(d.year // 10) + k:03d}"
    if unit == "century":
        return f"{(d.year // 100) + k:02d}"
    return None


@register("period")
def period(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    unit = _low(m["unit"])
    shift = _low(m["shift"])
    k = shift_of(shift, ctx.data)
    if k is None:
        return None
    mod = mod_of(m["mod"], ctx.data)
    if shift == "latest" and unit == "quarter":
        return _the_quarter(ctx, mod)
    if shift == "latest" and m["fiscal"]:
        k = -1  # "the latest fiscal year": the last one completed
    if shift == "past" and m[0].lower().startswith("the") and unit in ("year", "decade", "century"):
        return Timex("DURATION", duration_value(1, unit, ctx.data), mod)
    if unit == "quarter":
        if k == 0:
            y, q = ctx.dct.year, quarter_of(ctx.dct)
        else:
            y, q = _quarter_back(ctx.dct.year, quarter_of(ctx.dct), k)
        ctx.name_quarter(y, q)
        return Timex("DATE", f"{y:04d}-Q{q}", mod)
    value = _period_value(unit, k, ctx)
    return Timex("DATE", value, mod) if value else None


def _the_quarter(ctx: Context, mod: str | None = None) -> Timex:
    if ctx.last_quarter:
        y, q = ctx.last_quarter
    else:
        y, q = _quarter_back(ctx.dct.year, quarter_of(ctx.dct), -1)
        ctx.name_quarter(y, q)
    return Timex("DATE", f"{y:04d}-Q{q}", mod)


@register("period_the")
def period_the(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    unit = _low(m["unit"])
    mod = mod_of(m["mod"], ctx.data)
    if unit in ("quarter", "period"):
        if unit == "period" and not ctx.last_quarter:
            return None
        return _the_quarter(ctx, mod)
    if unit == "year" and m["fiscal"]:
        return Timex("DATE", f"{ctx.dct.year:04d}", mod)
    if unit == "year" and not mod:
        return Timex("DURATION", "P1Y")
    if unit == "month" and not mod:
        return None
    if unit == "decade" and not mod:
        return None
    value = _period_value(unit, 0, ctx)
    return Timex("DATE", value, mod) if value else None


@register("in_the_year")
def in_the_year(m: Match, ctx: Context) -> Timex | None:
    """ "earlier in the year", "later in the month": the document's year (month, week) with a mod."""
    if ctx.dct is None:
        return None
    value = _period_value(_low(m["unit"]), 0, ctx)
    return Timex("DATE", value, mod_of(m["mod"], ctx.data)) if value else None


@register("yearend")
def yearend(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    unit = _low(m.groupdict().get("unit") or "year")
    k = shift_of(m.groupdict().get("rel"), ctx.data) or 0
    value = _period_value(unit, k, ctx)
    mod = "APPROX" if m[0].lower().startswith("around") else "END"
    return Timex("DATE", value, mod) if value else None


def _ordinal(ctx: Context, word: str) -> int:
    return ctx.data.timex["ordinals"][_low(word)]


@register("quarter")
def quarter(m: Match, ctx: Context) -> Timex | None:
    unit = _low(m["unit"])
    n = _ordinal(ctx, m["ord"])
    y_word = m["year"] or m["year2"]
    if y_word and y_word[0].isdigit():
        y = int(y_word)
    elif m["rel"] or y_word:
        rel = m["rel"] or y_word.split()[0]
        y = ctx.dct.year + {"this": 0, "last": -1, "next": 1}[_low(rel)] if ctx.dct else None
    else:
        y = None
    letter, count = ("H", 2) if unit == "half" else ("Q", 4)
    if n == -1:
        n = count
    if not 1 <= n <= count:
        return None
    if unit == "quarters":
        return None
    if y is None:
        if ctx.dct is None:
            return Timex("DATE", f"XXXX-{letter}{n}")
        y = quarter_year(n, ctx) if letter == "Q" else ctx.dct.year
    if letter == "Q":
        ctx.name_quarter(y, n)
    return Timex("DATE", f"{y:04d}-{letter}{n}")


@register("quarter_rel")
def quarter_rel(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    rel = _low(m["rel"])
    if rel == "that" and _low(m["unit"]) == "period":
        return None  # "that period" may be any length
    if m["ord"]:
        n = _ordinal(ctx, m["ord"])
        y = int(m["year"]) if m["year"] else quarter_year(n, ctx)
        if "year-" in rel:
            y -= 1
        return Timex("DATE", f"{y:04d}-Q{n}")
    if m["year"]:
        if ctx.last_quarter:
            return Timex("DATE", f"{int(m['year']):04d}-Q{ctx.last_quarter[1]}")
        return Timex("DATE", m["year"]) if _low(m["unit"]) == "period" else None
    if rel in ("current",):
        y, q = ctx.dct.year, quarter_of(ctx.dct)
        return Timex("DATE", f"{y:04d}-Q{q}")
    if rel in ("previous", "prior"):
        y, q = _the_quarter(ctx).value.split("-Q")
        y2, q2 = _quarter_back(int(y), int(q), -1)
        return Timex("DATE", f"{y2:04d}-Q{q2}")
    if "year-" in rel or rel == "comparable" or rel == "same":
        return _year_before_quarter(ctx)
    return _the_quarter(ctx)


def _year_before_quarter(ctx: Context) -> Timex:
    if recent := ctx.recent_quarter(ctx.config.quarter_window):
        y, q = recent
        return Timex("DATE", f"{y - 1:04d}-Q{q}")
    return Timex("DATE", f"{ctx.dct.year - 1:04d}")


@register("year_ago_adj")
def year_ago_adj(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    unit = _low(m["unit"])
    if unit.endswith("months"):
        return Timex("DURATION", f"P{int(number(unit.split()[0], ctx.data))}M")
    return _year_before_quarter(ctx)


@register("year_ago_q")
def year_ago_q(m: Match, ctx: Context) -> Timex | None:
    return _year_before_quarter(ctx) if ctx.dct else None


@register("fiscal_year")
def fiscal_year(m: Match, ctx: Context) -> Timex | None:
    if m["year"]:
        return Timex("DATE", m["year"])
    if ctx.dct is None:
        return None
    k = shift_of(m["shift"], ctx.data)
    if _low(m["shift"]) == "latest":
        k = -1
    if k is None:
        return Timex("DURATION", "P1Y") if not m[0].lower().startswith("the") else Timex("DATE", f"{ctx.dct.year:04d}")
    return Timex("DATE", f"{ctx.dct.year + k:04d}")


def _offset_value(n: float, unit: str, sign: int, ctx: Context) -> str | None:
    d = ctx.dct
    assert d is not None
    n = int(n)
    if unit in ("day", "night"):
        return (d + dt.timedelta(days=sign * n)).isoformat()
    if unit == "week":
        return week_value(d + dt.timedelta(weeks=sign * n))
    if unit == "month":
        m = add_months(d.replace(day=1), sign * n)
        return f"{m.year:04d}-{m.month:02d}"
    if unit == "year":
        return f"{d.year + sign * n:04d}"
    if unit == "decade":
        return f"{d.year + sign * 10 * n:04d}"
    if unit == "quarter":
        y, q = _quarter_back(d.year, quarter_of(d), sign * n)
        return f"{y:04d}-Q{q}"
    if unit in ("hour", "minute"):
        return d.isoformat()
    return None


@register("ago")
def ago(m: Match, ctx: Context) -> Timex | None:
    unit = _unit(ctx, m["unit"])
    direction = _low(m["dir"])
    n = number(m["num"], ctx.data)
    nmod = mod_of(m["nmod"], ctx.data)
    if ctx.dct is None:
        return None
    if unit in ("second", "minute", "hour") and direction != "ago":
        return Timex("DURATION", duration_value(n, unit, ctx.data), nmod)
    if direction in ("before", "after") and m["num"] is None:
        return None
    sign = ctx.data.timex["offset_directions"][direction]
    if n is None or m["num"] is None and unit.endswith("s"):
        return Timex("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", nmod)
    recent = ctx.recent_quarter(ctx.config.quarter_window)
    if unit == "year" and n == 1 and sign < 0 and direction != "before" and recent:
        y, q = recent
        return Timex("DATE", f"{y - 1:04d}-Q{q}", nmod)
    value = _offset_value(n, unit, sign, ctx)
    return Timex("DATE", value, nmod) if value else None


@register("ago_bare")
def ago_bare(m: Match, ctx: Context) -> Timex | None:
    return Timex("DATE", "PAST_REF")


@register("duration")
def duration(m: Match, ctx: Context) -> Timex | None:
    """ "three years" → P3Y, "the past two weeks" → P2W, "several months" → PXM."""
    unit = _unit(ctx, m["unit"])
    num = _low(m["num"])
    n = number(m["num"], ctx.data) if num not in ctx.data.timex["vague_numbers"] else None
    det, shift = _low(m["det"]), _low(m["shift"])
    if num in ("a", "an") and (det or unit == "second"):
        return None  # "a second betrayal"
    if n is None and num not in ctx.data.timex["vague_numbers"]:
        return None
    if num == "one" and unit == "day" and not (shift or m["nmod"] or m["more"]) and ctx.tense == "future":
        return Timex("DATE", "FUTURE_REF")  # "Islam will one day be …"
    if n is not None and n > 5000:
        return None
    mod = mod_of(m["nmod"], ctx.data)
    if m["num2"]:
        mod = mod or "EQUAL_OR_MORE"
    before = m.string[max(0, m.start() - 30) : m.start()]
    if num in ("a", "an") and re.search(r"(?:\d|million|billion|thousand|hundred|percent|%)\S*\s+(?:\S+\s+)?$", before):
        return Timex("SET", duration_value(1, unit, ctx.data))  # a rate: "$500 million a year"
    return Timex("DURATION", duration_value(n, unit, ctx.data), mod)


@register("duration_half")
def duration_half(m: Match, ctx: Context) -> Timex | None:
    n = (number(m["num"], ctx.data) or 1) + 0.5
    unit = _unit(ctx, m["unit"])
    if unit == "minute":
        return Timex("DURATION", f"PT{int(n)}M30S")
    return Timex("DURATION", duration_value(n, unit, ctx.data))


@register("duration_adj")
def duration_adj(m: Match, ctx: Context) -> Timex | None:
    unit = _unit(ctx, m["unit"])
    num = _low(m["num"])
    if num in ("several", "multi"):
        return Timex("DURATION", duration_value(None, unit, ctx.data))
    n = number(num, ctx.data)
    if n is None or n > 1000:
        return None
    return Timex("DURATION", duration_value(n, unit, ctx.data))


@register("duration_unit_long")
def duration_unit_long(m: Match, ctx: Context) -> Timex | None:
    """ "a day-long meeting", "a year-long inquiry": one unit."""
    return Timex("DURATION", duration_value(1, _unit(ctx, m["unit"]), ctx.data))


@register("duration_plural")
def duration_plural(m: Match, ctx: Context) -> Timex | None:
    unit = _unit(ctx, m["unit"])
    shift = _low(m["shift"])
    if unit in ("second", "night", "weekend"):
        return None
    if unit == "day" and not shift and not m["det"]:
        return None  # "days" alone names a time as often as a length
    if shift in ("early", "later") or (m["det"] and not shift and not m["ahead"]):
        return None
    if shift in ("recent", "past") and not m["det"] and (shift == "past" or unit in ctx.data.timex["long_units"]):
        return Timex("DATE", "PAST_REF")  # "in recent years", "in past years": the past at large
    # "in recent weeks": a stretch of time just before the telling (a duration of weeks)
    return Timex("DURATION", duration_value(None, unit, ctx.data))


@register("duration_long")
def duration_long(m: Match, ctx: Context) -> Timex | None:
    return Timex("DURATION", "PXY" if "long" in m["word"].lower() else "PXM" if "while" in m["word"] else "PXD")


@register("set_every")
def set_every(m: Match, ctx: Context) -> Timex | None:
    what = _low(m["what"]).rstrip(".")
    t, w = ctx.data.timex, ctx.data.words
    step = 2 if m["other"] else 1
    if what in t["units"]:
        return Timex("SET", duration_value(step, what, ctx.data))
    if what in w["weekdays"]:
        return Timex("SET", f"XXXX-WXX-{w['weekdays'][what] + 1}")
    if what in w["months"]:
        return Timex("SET", f"XXXX-{w['months'][what]:02d}")
    if what in t["seasons"]:
        return Timex("SET", f"XXXX-{t['seasons'][what]}")
    return None


@register("set_freq")
def set_freq(m: Match, ctx: Context) -> Timex | None:
    return Timex("SET", ctx.data.timex["frequencies"][_low(m["freq"])])


@register("set_per")
def set_per(m: Match, ctx: Context) -> Timex | None:
    return Timex("SET", duration_value(1, _unit(ctx, m["unit"]), ctx.data))


@register("ref")
def ref(m: Match, ctx: Context) -> Timex | None:
    return Timex("DATE", ctx.data.timex["references"][_low(m["ref"])])
