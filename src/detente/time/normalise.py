"""One function per grammar rule: its match → a ``Timex`` (type, value, mod), or None to drop it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from detente.time.model import add_months, easter, safe_date
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
    weekday_date,
    year_for,
)

Match = re.Match


def _low(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").lower()).strip()


def _month(ctx: Context, s: str) -> int:
    return ctx.data.words["months"][_low(s).rstrip(".")]


def _weekday(ctx: Context, s: str) -> int:
    return ctx.data.words["weekdays"][_low(s).rstrip(".").removesuffix("s")]


def _year(s: str) -> int:
    y = int(s)
    return y + (1900 if y >= 30 else 2000) if y < 100 else y


def _day_int(s: str) -> int:
    return int(re.match(r"\d+", s)[0])


def _rel_year(word: str, ctx: Context) -> int | None:
    k = {"this": 0, "last": -1, "next": 1}.get(_low(word).split()[0])
    return None if k is None or ctx.dct is None else ctx.dct.year + k


def date_mdy(m: Match, ctx: Context) -> Timex | None:
    mon, day = _month(ctx, m["mon"]), _day_int(m["day"])
    if not 1 <= day <= 31:
        return None
    if m["year"]:
        year = _year(m["year"])
    elif ctx.dct is None:
        return Timex("DATE", f"XXXX-{mon:02d}-{day:02d}")
    else:
        year = year_for(mon, day, ctx)
    d = safe_date(year, mon, day)
    return Timex("DATE", d.isoformat(), mod_of(m.groupdict().get("mod"), ctx.data)) if d else None


def date_iso(m: Match, ctx: Context) -> Timex | None:
    d = safe_date(_year(m["year"]), int(m["mon"]), int(m["day"]))
    return Timex("DATE", d.isoformat()) if d else None


def month_year(m: Match, ctx: Context) -> Timex | None:
    mon = _month(ctx, m["mon"])
    year = _rel_year(m["rel"], ctx) if m["rel"] else _year(m["year"])
    if year is None:
        return None
    return Timex("DATE", f"{year:04d}-{mon:02d}", mod_of(m["mod"], ctx.data))


def month_alone(m: Match, ctx: Context) -> Timex | None:
    mon = _month(ctx, m["mon"])
    before = m.string[max(0, m.start() - 12) : m.start()].lower().split()
    if _low(m["mon"]) == "may" and not m["mod"] and not m["shift"] and not (
        before and before[-1] in ctx.data.timex["may_openers"]
    ):
        return None  # the modal verb, far more often than the month
    mod = mod_of(m["mod"], ctx.data)
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{mon:02d}", mod)
    k = shift_of(m["shift"], ctx.data)
    if k == -1:
        year = ctx.dct.year if mon < ctx.dct.month else ctx.dct.year - 1
    elif k == 1:
        year = ctx.dct.year if mon > ctx.dct.month else ctx.dct.year + 1
    elif k == 0:
        year = ctx.dct.year
    else:
        year = year_for(mon, 0, ctx)
    return Timex("DATE", f"{year:04d}-{mon:02d}", mod)


def year(m: Match, ctx: Context) -> Timex | None:
    y = int(m["year"])
    if not m["mod"] and not m["fiscal"] and not 1600 <= y <= 2100:
        return None
    tail = _low(m["tail"])
    side = {"pre": "BEFORE", "post": "AFTER"}.get(_low(m["side"]))
    mod = "ON_OR_AFTER" if tail else side or mod_of(m["mod"], ctx.data)
    return Timex("DATE", f"{y:04d}", mod)


def spoken_year(m: Match, ctx: Context) -> Timex | None:
    """ "nineteen ninety-six" → 1996, "the year two thousand" → 2000 (transcribed broadcasts)."""
    words = re.split(r"[-\s]+", _low(m["words"]))
    cards = ctx.data.timex["cardinals"]
    if words[0] == "two":
        y = 2000 + sum(cards.get(w, 0) for w in words[2:] if w != "and")
    else:
        rest = [w for w in words[1:] if w not in ("hundred", "and")]
        y = 1900 + sum(cards.get(w, 0) for w in rest)
    if not m[0].lower().startswith(("the year", "nineteen", "two thousand")) and not (m["mon"] or m["season"]):
        return None
    if m["mon"]:
        return Timex("DATE", f"{y:04d}-{_month(ctx, m['mon']):02d}")
    if m["season"]:
        return Timex("DATE", f"{y:04d}-{ctx.data.timex['seasons'][_low(m['season'])]}")
    if words[0] == "two" and len(words) == 2 and not m[0].lower().startswith("the year"):
        return None  # "two thousand" people
    return Timex("DATE", f"{y:04d}")


def decade(m: Match, ctx: Context) -> Timex | None:
    if m["dec"]:
        d = int(m["dec"]) // 10
    else:
        d = 190 + int(m["short"]) // 10
    return Timex("DATE", f"{d:03d}", mod_of(m["mod"], ctx.data))


def decade_word(m: Match, ctx: Context) -> Timex | None:
    if not m[0].lower().startswith("the"):
        return None
    return Timex("DATE", f"19{ctx.data.timex['decade_words'][_low(m['word'])]}", mod_of(m["mod"], ctx.data))


def century(m: Match, ctx: Context) -> Timex | None:
    o = _low(m["ord"])
    n = ctx.data.timex["ordinals"].get(o) or (int(re.match(r"\d+", o)[0]) if o[0].isdigit() else None)
    if not n or n < 1:
        return None
    return Timex("DATE", f"{n - 1:02d}", mod_of(m["mod"], ctx.data))


def season(m: Match, ctx: Context) -> Timex | None:
    code = ctx.data.timex["seasons"][_low(m["season"])]
    mod = mod_of(m["mod"], ctx.data)
    if m["year"]:
        return Timex("DATE", f"{int(m['year']):04d}-{code}", mod)
    if ctx.dct is None:
        return Timex("DATE", f"XXXX-{code}", mod)
    k = shift_of(m.groupdict().get("shift"), ctx.data)
    y = ctx.dct.year
    start_month = ctx.data.words["seasons"][_low(m["season"])]  # the season's first month
    if k == -1:
        y = y if _low(m["shift"]) == "this past" and start_month <= ctx.dct.month else y - 1
    elif k == 1:
        y = y if start_month > ctx.dct.month else y + 1
    elif k is None and not m[0].lower().startswith("the") and not mod:
        if not m[0][0].isupper() and _low(m["season"]) == "fall":
            return None  # the verb
    return Timex("DATE", f"{y:04d}-{code}", mod)


def _clock(m: Match, ctx: Context, base: dt.date | None) -> Timex | None:
    h = int(m["h"])
    mins = int(m["m"]) if m["m"] else 0
    ap = _low(m.groupdict().get("ap")).replace(".", "")
    if ap == "pm" and h < 12:
        h += 12
    if ap == "am" and h == 12:
        h = 0
    if h > 24:
        return None
    day = base.isoformat() if base else "XXXX-XX-XX"
    mod = "APPROX" if m.groupdict().get("nmod") else None
    return Timex("TIME", f"{day}T{h:02d}:{mins:02d}", mod)


def _rest_date(rest: str | None, m: Match, ctx: Context) -> dt.date | None:
    if not rest or ctx.dct is None:
        return ctx.dct
    r = _low(rest)
    if r in ("today",):
        return ctx.dct
    if r == "yesterday":
        return ctx.dct - dt.timedelta(days=1)
    if r == "tomorrow":
        return ctx.dct + dt.timedelta(days=1)
    if m.groupdict().get("mon"):
        mon, day = _month(ctx, m["mon"]), _day_int(m["day"])
        return safe_date(year_for(mon, day, ctx), mon, day)
    return weekday_date(_weekday(ctx, r), ctx)


def clock(m: Match, ctx: Context) -> Timex | None:
    if not m.groupdict().get("rest") and (near := ctx.anchor(ctx.config.anchor_window)):
        if len(near) == 10:  # a bare time of day: the day the text just named
            return _clock(m, ctx, dt.date.fromisoformat(near))
    return _clock(m, ctx, _rest_date(m.groupdict().get("rest"), m, ctx))


def noon(m: Match, ctx: Context) -> Timex | None:
    base = _rest_date(m["rest"], m, ctx)
    code = ctx.data.timex["day_parts"][_low(m["word"])]
    day = base.isoformat() if base else "XXXX-XX-XX"
    return Timex("TIME", f"{day}T{code}")


def _part(part: str | None, ctx: Context) -> str:
    if not part:
        return ""
    return "T" + ctx.data.timex["day_parts"][_low(part).removesuffix("s")]


def weekday(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    wd = _weekday(ctx, m["wd"])
    shift = _low(m["shift"])
    k = shift_of(shift, ctx.data)
    if m.string[m.end() : m.end() + 2] in ("'s", "’s") and k is None:
        ctx.tense = "past"  # "Wednesday's ruling": a thing that has happened
    d = weekday_date(wd, ctx, "last" if k == -1 else "next" if k == 1 else None)
    mod = mod_of(shift, ctx.data) if k is None else None
    if m["part"] and ctx.config.day_parts_in_value:
        return Timex("TIME", d.isoformat() + _part(m["part"], ctx), mod)
    return Timex("DATE", d.isoformat(), mod)


def weekday_set(m: Match, ctx: Context) -> Timex | None:
    wd = _weekday(ctx, m["wd"]) + 1
    return Timex("SET", f"XXXX-WXX-{wd}{_part(m.groupdict().get('part'), ctx)}")


def relday(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    rd = _low(m["rd"])
    off = ctx.data.words["day_words"].get(rd, ctx.data.timex["shifts"].get(rd, 0))  # "this/last morning"
    d = ctx.dct + dt.timedelta(days=off)
    mod = mod_of(m["mod"], ctx.data)
    part = m["part"] or ("night" if rd == "last" else None)
    if part:
        return Timex("TIME", d.isoformat() + _part(part, ctx), mod)
    return Timex("DATE", d.isoformat(), mod)


def part_bare(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    if m["over"]:
        return Timex("TIME", ctx.dct.isoformat() + "TNI")
    if m["mid"]:
        base = _rest_date(m["rest"], m, ctx)
        code = "AF" if "after" in m["mid"].lower() else "MO"
        return Timex("TIME", f"{base.isoformat()}T{code}", "MID")
    return Timex("TIME", ctx.dct.isoformat() + _part(m["part"], ctx), mod_of(m["mod"], ctx.data))


def anchored(m: Match, ctx: Context) -> Timex | None:
    """ "that day", "the next day", "later that year", "the year before": from the date named last."""
    base = ctx.anchor(ctx.config.anchor_window) or (ctx.dct.isoformat() if ctx.dct else None)
    if base is None:
        return None
    ref = _low(m["ref"])
    unit = _low(m["unit"] or m["unit2"])
    step = 1 if ref in ("the next", "the following") or m["dir"] == "after" else -1 if (
        ref in ("the previous", "the preceding") or m["dir"] == "before") else 0  # fmt: skip
    mod = mod_of(m["mod"], ctx.data)
    if unit == "year":
        return Timex("DATE", f"{int(base[:4]) + step:04d}", mod)
    if unit == "month":
        if len(base) < 7:
            return None
        d = add_months(dt.date(int(base[:4]), int(base[5:7]), 1), step)
        return Timex("DATE", f"{d.year:04d}-{d.month:02d}", mod)
    if len(base) == 7 and unit == "day":
        return Timex("DATE", f"{base}-XX", mod)  # "that same day" after "last October": a day of that month
    if len(base) < 10:
        return None
    d = dt.date.fromisoformat(base)
    if unit == "week":
        return Timex("DATE", week_value(d + dt.timedelta(weeks=step)), mod)
    d = d + dt.timedelta(days=step)
    if unit in ctx.data.word_set("day_part_nouns"):
        return Timex("TIME", d.isoformat() + _part(unit, ctx), mod)
    return Timex("DATE", d.isoformat(), mod)


def week_of(m: Match, ctx: Context) -> Timex | None:
    """ "the week of March 6": the ISO week that holds the day."""
    tx = date_mdy(m, ctx)
    if tx is None or tx.value.startswith("X"):
        return tx
    return Timex("DATE", week_value(dt.date.fromisoformat(tx.value)))


def day_around(m: Match, ctx: Context) -> Timex | None:
    """ "the day before last Tuesday", "the week after March 6": a step from the date named."""
    if m["wd"]:
        if ctx.dct is None:
            return None
        k = shift_of(m["shift"], ctx.data)
        d = weekday_date(_weekday(ctx, m["wd"]), ctx, "last" if k == -1 else "next" if k == 1 else None)
    else:
        tx = date_mdy(m, ctx)
        if tx is None or tx.value.startswith("X"):
            return None
        d = dt.date.fromisoformat(tx.value)
    step = 1 if _low(m["dir"]) == "after" else -1
    if _low(m["unit"]) == "week":
        return Timex("DATE", week_value(d + dt.timedelta(weeks=step)))
    return Timex("DATE", (d + dt.timedelta(days=step)).isoformat())


def dayrel2(m: Match, ctx: Context) -> Timex | None:
    if ctx.dct is None:
        return None
    off = -2 if _low(m["rd"]) == "yesterday" else 2
    return Timex("DATE", (ctx.dct + dt.timedelta(days=off)).isoformat())


def holiday(m: Match, ctx: Context) -> Timex | None:
    t = ctx.data.timex
    name = _low(m["hol"])
    if not m["hol"][0].isupper():
        return None
    if ctx.dct is None:
        return None
    k = shift_of(m["shift"], ctx.data)
    base = ctx.dct.year + (k or 0)

    def on(y: int) -> dt.date:
        if name in t["holidays_fixed"]:
            mon, day = t["holidays_fixed"][name]
            return dt.date(y, mon, day)
        if name in t["holidays_easter"]:
            return easter(y) + dt.timedelta(days=t["holidays_easter"][name])
        mon, wd, n, *from_day = t["holidays_nth_weekday"][name]
        first = dt.date(y, mon, from_day[0] if from_day else 1)  # Election Day: from the 2nd
        if n > 0:
            return first + dt.timedelta(days=(wd - first.weekday()) % 7 + 7 * (n - 1))
        last = add_months(first, 1) - dt.timedelta(days=1)
        return last - dt.timedelta(days=(last.weekday() - wd) % 7)

    d = on(base)
    first = 6 if m["week"] else 0  # "Easter week": the week has begun when its Monday has passed
    if k is None:
        if ctx.tense == "past" and d - dt.timedelta(days=first) > ctx.dct:
            d = on(base - 1)
        elif ctx.tense == "future" and d < ctx.dct:
            d = on(base + 1)
    return Timex("DATE", week_value(d) if m["week"] else d.isoformat())


NORMALISERS: dict[str, Callable[[Match, Context], Timex | None]] = {
    "iso": date_iso,
    "slash": date_iso,
    "mdy": date_mdy,
    "dmy": date_mdy,
    "my": month_year,
    "month": month_alone,
    "year": year,
    "decade": decade,
    "spoken_year": spoken_year,
    "decade_word": decade_word,
    "century": century,
    "season": season,
    "season_year": season,
    "clock": clock,
    "clock24": clock,
    "noon": noon,
    "weekday": weekday,
    "weekdays": weekday_set,
    "weekday_nights": weekday_set,
    "relday": relday,
    "part_rel": relday,
    "part_bare": part_bare,
    "dayrel2": dayrel2,
    "anchored": anchored,
    "week_of": week_of,
    "day_around": day_around,
    "holiday": holiday,
}


def register(name: str):
    """Add a normaliser to the table (the periods, durations and sets live in ``periods.py``)."""

    def wrap(fn):
        NORMALISERS[name] = fn
        return fn

    return wrap


__all__ = ["NORMALISERS", "register", "quarter_of", "quarter_year", "week_value", "duration_value",
           "number", "shift_of", "mod_of"]
