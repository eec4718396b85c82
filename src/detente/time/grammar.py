"""The grammar of time expressions: regular expressions built from the word lists of ``TimeData``.

Each rule is a name and a pattern with named groups; ``timex.py`` turns a rule's match into a
TIMEX3 type and value. Spans follow TimeML: determiners and modifiers are part of the expression
("the past two weeks", "early next year", "nearly two years"), prepositions are not ("in 1990").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from detente.time.lexicon import TimeData


def alt(words) -> str:
    """A non-capturing alternation, longest first, spaces matching any run of blanks."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items) + ")"


@dataclass
class Rule:
    name: str
    pattern: re.Pattern


def _blocks(data: TimeData) -> dict[str, str]:
    w, t = data.words, data.timex
    longest: dict[int, str] = {}
    for name, num in w["months"].items():
        if len(name) > len(longest.get(num, "")):
            longest[num] = name
    full = list(longest.values())
    abbr = [m for m in w["months"] if m not in full]
    month = f"(?:{alt(full)}|{alt(abbr)}\\.?)(?![a-z])"
    wd_full = [d for d in w["weekdays"] if d.endswith("day")]
    wd_abbr = [d for d in w["weekdays"] if d not in wd_full]
    weekday = f"(?:{alt(wd_full)}|{alt(wd_abbr)}\\.)"
    cards = {k: v for k, v in t["cardinals"].items() if isinstance(v, int) and " " not in k and k not in ("a", "an")}
    ones = [k for k, v in cards.items() if 1 <= v <= 9]
    teens = [k for k, v in cards.items() if 10 <= v <= 19]
    tens = [k for k, v in t["cardinals"].items() if isinstance(v, int) and v >= 20 and v % 10 == 0 and " " not in k]
    cardinal_words = [k for k in t["cardinals"] if k not in ("a", "an")]
    numword = f"(?:{alt(tens)}(?:[-\\s]+{alt(ones)})?|{alt(cardinal_words)}|an?)"
    digits = r"(?:\d+(?:[.,]\d+)?(?:\s+\d/\d)?)"
    units_sg = list(t["units"])
    units_pl = list(t["unit_plurals"])
    return {
        "MONTH": month,
        "ONES": alt(ones),
        "TENS": alt(tens),
        "TEENS": alt(teens),
        "MONTH_FULL": f"{alt(full)}(?![a-z])",
        "WEEKDAY": weekday,
        "DAY": r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?!\d|:\d)",
        "YEAR": r"(?:1[0-9]\d\d|20\d\d)(?![\d,]\d)",
        "NUM": f"(?:{digits}|{numword})",
        "VAGUE": alt(t["vague_numbers"]),
        "UNIT": f"(?:{alt(units_pl)}|{alt(units_sg)})(?![a-z])",
        "UNIT_SG": f"{alt(units_sg)}(?![a-z])",
        "UNIT_PL": f"{alt(units_pl)}(?![a-z])",
        "SEASON": alt(t["seasons"]),
        "PART": alt(p for p, code in t["day_parts"].items() if ":" not in str(code)),  # not noon, midnight
        "DMOD": alt(t["date_mods"]),
        "NMOD": alt(t["duration_mods"]),
        "ORD": alt(t["ordinals"]),
        "REF": alt(t["references"]),
        "FREQ": alt(t["frequencies"]),
        "SHIFT": alt(k for k in t["shifts"] if not k.startswith("the ")),
        "TZ": alt(t["time_zones"]),
        "WEEKDAY_FULL": alt(wd_full),
        "DECADE_WORD": alt(t["decade_words"]),
        "HOLIDAY": alt(list(t["holidays_fixed"]) + list(t["holidays_nth_weekday"]) + list(t["holidays_easter"])),
    }


_RULES = [
    # calendar dates
    ("iso", r"(?P<year>\d{4})-(?P<mon>\d\d)-(?P<day>\d\d)(?!\d)"),
    ("slash", r"(?P<mon>[01]?\d)/(?P<day>[0-3]?\d)/(?P<year>\d{4}|\d\d)(?![\d/])"),
    ("mdy", r"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?P<mod>{DMOD})\s+)?(?P<mon>{MONTH})\s+(?P<day>{DAY})"
            r"(?:,?\s+(?P<year>{YEAR}))?"),
    ("dmy", r"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<day>{DAY})\s+(?:of\s+)?(?P<mon>{MONTH})(?:,?\s+(?P<year>{YEAR}))?"),
    ("my", r"(?:(?P<mod>{DMOD})[\s-]*)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<year>{YEAR}|(?P<rel>this|last|next)\s+year)"),
    ("month", r"(?:(?P<shift>last|next|this|this past|this coming)\s+)?(?:(?P<mod>{DMOD})[\s-]*)?(?P<mon>{MONTH_FULL})"),
    ("year", r"(?:(?P<mod>{DMOD})[\s-]*|(?P<side>pre|post)-)?(?:(?P<fiscal>fiscal)\s+)?(?P<year>{YEAR})"
             r"(?:\s+(?P<tail>or\s+later|and\s+beyond))?"),
    ("spoken_year", r"(?:(?P<mon>{MONTH_FULL})\s+|(?:the\s+)?(?P<season>{SEASON})\s+of\s+)?(?:the\s+year\s+)?"
                    r"(?P<words>nineteen(?:\s+hundred)?(?:\s+and)?\s+(?:{TENS}(?:[-\s]+{ONES})?|{TEENS}|{ONES})"
                    r"|two\s+thousand(?:\s+and\s+(?:{ONES}|{TEENS}))?)"),
    ("decade", r"(?:the\s+)?(?:(?P<mod>{DMOD})[\s-]*)?(?:(?P<dec>1[0-9]\d0|20\d0)'?s|'(?P<short>\d0)s)(?![a-z])"),
    ("decade_word", r"(?:the\s+)?(?:(?P<mod>{DMOD})\s+)?(?P<word>{DECADE_WORD})"),
    ("century", r"(?:the\s+)?(?:(?P<mod>{DMOD})\s+)?(?P<ord>\d{1,2}(?:st|nd|rd|th)|{ORD})[\s-]+century"),
    ("season", r"(?:(?P<mod>{DMOD})\s+)?(?:the\s+)?(?:(?P<shift>{SHIFT})\s+)?(?P<season>{SEASON})(?:\s+of\s+(?P<year>{YEAR}))?"),
    ("season_year", r"(?:the\s+)?(?:(?P<mod>{DMOD})\s+)?(?P<year>{YEAR})\s+(?P<season>{SEASON})"),
    # times of day
    ("clock", r"(?:(?P<nmod>about|around|approximately|shortly\s+after|shortly\s+before)\s+)?"
              r"(?P<h>[012]?\d)(?::(?P<m>[0-5]\d))?\s*(?P<ap>a\.m\.?|p\.m\.?|am\b|pm\b)(?:\s+(?P<tz>{TZ}))?"
              r"(?:,?\s+(?:on\s+)?(?P<rest>{WEEKDAY}|today|yesterday|tomorrow|(?P<mon>{MONTH})\s+(?P<day>{DAY})))?"),
    ("clock24", r"(?P<h>[012]?\d):(?P<m>[0-5]\d)(?:\s+(?P<tz>{TZ}))"),
    ("noon", r"(?P<word>noon|midnight|midday)(?:\s+(?P<rest>{WEEKDAY}|today|yesterday|tomorrow))?"),
    ("weekday", r"(?:(?P<shift>last|next|this|this\s+coming|this\s+past|the\s+previous|the\s+following|the\s+next|"
                r"early|late|earlier|later)\s+)?(?P<wd>{WEEKDAY})(?:\s+(?P<part>{PART}))?"),
    ("weekdays", r"(?P<wd>{WEEKDAY_FULL}s)(?:\s+(?P<part>{PART}))?"),
    ("weekday_nights", r"(?P<wd>{WEEKDAY_FULL})\s+(?P<part>{PART}s)"),
    ("relday", r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rd>today|yesterday|tomorrow|tonight)"
               r"(?:\s+(?P<part>{PART}))?"),
    ("part_rel", r"(?:(?P<mod>early|late|earlier|later)\s+)?(?P<rd>this|last|tomorrow|yesterday)\s+(?P<part>{PART})"),
    ("part_bare", r"(?:(?P<mod>mid-?|early|late)\s*)?the\s+(?P<part>morning|afternoon|evening)|(?P<over>overnight)"
                  r"|(?P<mid>mid[-\s]?afternoon|mid[-\s]?morning)(?:\s+(?P<rest>yesterday|today))?"),
    ("week_of", r"(?:the\s+)?week\s+of\s+(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?"),
    ("day_around", r"the\s+(?P<unit>day|week)\s+(?P<dir>before|after)\s+(?:(?:(?P<shift>last|next|this)\s+)?(?P<wd>{WEEKDAY})"
                   r"|(?P<mon>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?)"),
    ("anchored", r"(?:(?P<mod>earlier|later|early|late)\s+)?(?:(?P<ref>that|the\s+same|that\s+same|the\s+next|the\s+following|the\s+previous|the\s+preceding)"
                 r"\s+(?P<unit>day|morning|afternoon|evening|night|week|month|year)|the\s+(?P<unit2>day|year)\s+(?P<dir>before|after))(?![a-z-])"),
    ("dayrel2", r"the\s+day\s+(?P<dir>before|after)\s+(?P<rd>yesterday|tomorrow)"),
    ("holiday", r"(?:(?P<shift>last|next|this)\s+)?(?P<hol>{HOLIDAY})(?:\s+(?P<week>week)(?![a-z]))?"),
    # periods relative to the document date
    ("period", r"(?:(?P<mod>{DMOD})\s+)?(?:the\s+)?(?P<shift>{SHIFT})\s+(?:(?P<fiscal>fiscal)\s+)?(?P<unit>week|weekend|month|year|quarter|decade|century)(?![a-z-])"),
    ("in_the_year", r"(?P<mod>earlier|later|early|late)\s+in\s+the\s+(?P<unit>year|month|week)(?![a-z-])"),
    ("period_the", r"(?:(?P<mod>{DMOD})\s+)?the\s+(?:(?P<fiscal>fiscal)\s+)?(?P<unit>week|weekend|month|year|quarter|period|decade)(?![a-z-])"),
    ("yearend", r"(?:(?P<mod>{DMOD})\s+)?(?:the\s+)?(?:(?P<rel>this|last|next)\s+)?(?P<unit>year|month|week)(?:'s)?[\s-]+end(?![a-z])"
                r"|(?:around\s+)?year[\s-]end"),
    ("quarter", r"(?:(?P<det>the)\s+(?![a-z]+-quarter))?(?:(?P<year>{YEAR})\s+|(?P<rel>this|last|next)\s+year's\s+)?"
                r"(?:(?P<fiscal>fiscal)[\s-]+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|last|final)[\s-]+"
                r"(?:fiscal[\s-]+)?(?P<unit>quarter|half|quarters)(?![a-z])(?:\s+of\s+(?:(?:the\s+)?fiscal\s+)?(?P<year2>{YEAR}|this\s+year|last\s+year|next\s+year))?"),
    ("quarter_rel", r"(?:the\s+)?(?P<rel>latest|current|comparable|same|previous|prior|year-ago|year-earlier|that|"
                    r"comparable\s+year-ago|comparable\s+year-earlier|(?P<year>{YEAR})|fiscal)\s+(?:fiscal\s+)?(?:(?P<ord>first|second|third|fourth)\s+)?"
                    r"(?P<unit>quarter|period)(?![a-z-])"),
    ("year_ago_adj", r"(?:the\s+)?(?:comparable\s+)?year-(?:earlier|ago)(?:\s+(?P<unit>quarter|period|nine\s+months|six\s+months|month|year))?"),
    ("year_ago_q", r"the\s+quarter\s+a\s+year\s+(?:ago|earlier)"),
    ("fiscal_year", r"(?:the\s+)?(?:(?P<shift>current|latest|last|previous|next|this|coming)\s+)?fiscal\s+year(?:\s+(?P<year>{YEAR}))?"),
    # offsets
    ("ago", r"(?:(?P<nmod>{NMOD})\s+)?(?P<num>{NUM}|{VAGUE})?\s*(?P<unit>{UNIT})\s+(?:or\s+so\s+)?(?P<dir>ago|earlier|later|from\s+now|hence)(?![a-z])"),
    ("ago_bare", r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago)"),
    # durations
    ("duration", r"(?:(?P<nmod>{NMOD})\s+)?(?:(?P<det>the|a|an)\s+)?(?:(?P<shift>past|last|next|first|coming|previous|following|final|latest|recent|other)\s+)?"
                 r"(?P<num>\d[\d.,]*(?:\s+\d/\d)?(?=[\s-]*[a-z])|{NUM}(?=\s)|{VAGUE}(?=\s))(?:\s+(?:or|to)\s+(?P<num2>{NUM}))?\s*(?:(?P<more>more|additional|full|straight|consecutive|trading|business)\s+)?(?P<unit>{UNIT})(?![a-z-])"),
    ("duration_half", r"(?P<num>an?|one|two|three)\s+(?P<unit>{UNIT_SG})s?\s+and\s+a\s+half"),
    ("duration_adj", r"(?P<num>{NUM}|several|multi)-(?P<unit>{UNIT_SG})(?:-long)?(?![a-z-])"),
    ("duration_unit_long", r"(?P<unit>{UNIT_SG})-long(?![a-z-])"),
    ("duration_plural", r"(?:(?P<det>the)\s+)?(?:(?P<shift>coming|recent|past|next|last|early|later)\s+)?(?P<unit>{UNIT_PL})(?:\s+(?P<ahead>ahead|to\s+come))?(?:-long)?"),
    ("duration_long", r"(?:(?P<nmod>{NMOD})\s+)?(?P<word>a\s+while|some\s+time|a\s+long\s+time)"),
    # sets
    ("set_every", r"(?P<q>every|each)\s+(?:(?P<other>other)\s+)?(?P<what>{UNIT_SG}|{WEEKDAY}|{MONTH}|{SEASON})(?:\s+(?P<part>{PART}))?"),
    ("set_freq", r"(?P<freq>{FREQ})"),
    ("set_per", r"(?:once|twice|three\s+times)\s+a\s+(?P<unit>{UNIT_SG})"),
    # references without a date
    ("ref", r"(?P<ref>{REF})(?![a-z-])"),
]

_CASE_SENSITIVE = {"month", "my", "mdy", "dmy", "weekday", "weekday_nights", "week_of", "day_around"}


def build_rules(data: TimeData) -> list[Rule]:
    """Compile every rule against the data's words (done once per ``TimeData``)."""
    blocks = _blocks(data)
    rules = []
    for name, template in _RULES:
        source = template
        for key, value in blocks.items():
            source = source.replace("{" + key + "}", value)
        rules.append(Rule(name, re.compile(r"(?<![\w'-])(?:" + source + r")(?![\w])", re.IGNORECASE)))
    return rules


def needs_capital(rule: str) -> bool:
    """Rules whose month or weekday word must be capitalised ("March", not "march")."""
    return rule in _CASE_SENSITIVE
