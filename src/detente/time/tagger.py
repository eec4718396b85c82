"""Find and normalise every time expression of a text: ``tag_text(text, dct)`` → TIMEX3 records.

Works on the raw text (no parse): the grammar's rules are matched everywhere, overlapping
matches are settled longest-first, each survivor is normalised in reading order (so that "the
quarter" can refer back), and the tense that decides bare months and weekdays is read from the
words around the expression in its sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from typing import Any

import detente.time.periods  # noqa: F401  (registers the period normalisers)
from detente.time.grammar import needs_capital
from detente.time.lexicon import TimeConfig, TimeData
from detente.time.model import parse_iso
from detente.time.normalise import NORMALISERS
from detente.time.timex import Context, Timex

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SENT_END = re.compile(r"[.!?]['\"”’]*\s+(?=[A-Z\"“‘'(`])|\n\s*\n|``|''")


@dataclass
class TimexRecord:
    """One time expression: character offsets into the text, TIMEX3 type, value and mod."""

    doc: str | None
    start: int
    end: int
    text: str
    type: str
    value: str
    mod: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = 0
    for m in _SENT_END.finditer(text, max(0, start - 400), start):
        lo = m.end()
    hi_m = _SENT_END.search(text, end, end + 400)
    return lo, hi_m.start() if hi_m else min(len(text), end + 400)


def tense_near(text: str, start: int, end: int, data: TimeData, config: TimeConfig) -> str | None:
    """The tense of the verb nearest the expression in its sentence: "past" | "present" | "future"."""
    lo, hi = _sentence_bounds(text, start, end)
    lo, hi = max(lo, start - config.tense_window), min(hi, end + config.tense_window)
    while lo > 0 and text[lo - 1].isalpha():
        lo -= 1  # never read half a word ("…cheduled" is no past tense)
    while hi < len(text) and text[hi].isalpha():
        hi += 1
    t = data.timex
    future, past, present = set(t["future_cues"]), set(t["past_cues"]), set(t["present_cues"])
    best: tuple[int, str] | None = None
    toks = [(m.start(), m[0].lower(), m[0][0].isupper()) for m in _WORD.finditer(text, lo, hi)]
    for k, (pos, word, cap) in enumerate(toks):
        if start <= pos < end:
            continue
        nxt = toks[k + 1][1] if k + 1 < len(toks) else ""
        pair = f"{word} {nxt}"
        if (word in past or word in present) and nxt.endswith("ing"):
            continue  # "were holding": the -ing form's own cue (if any) decides
        if word in future or pair in future:
            kind = "future"
        elif word in past or (word.endswith("ed") and len(word) > 4 and not cap):
            kind = _participle(toks, k, t) or "past"
        elif word in present:
            kind = "present"
        else:
            continue
        dist = start - pos if pos < start else (pos - end) * config.right_weight
        if best is None or dist < best[0]:
            best = (dist, kind)
    return best[1] if best else None


def _deadline(text: str, start: int, data: TimeData) -> str | None:
    """ "postponed until Tuesday", "has until 9 a.m. Friday": a deadline lies ahead of the telling
    (but "Up until Thursday, they had …" looks back)."""
    before = _WORD.findall(text[max(0, start - 20) : start])
    if before and before[-1] in data.timex["deadline_words"] and (len(before) < 2 or before[-2].lower() != "up"):
        return "future"
    return None


def _participle(toks: list, k: int, t: dict) -> str | None:
    """A past form after "will be"/"is" is no past tense: the auxiliary before it decides."""
    window = [word for _, word, _ in toks[max(0, k - 3) : k]]
    if any(word in t["future_cues"] for word in window):
        return "future"
    if any(word in t["participle_auxiliaries"] for word in window[-2:]):
        return "present"
    return None


def _candidates(text: str, data: TimeData) -> list[tuple[int, int, str, re.Match]]:
    found = []
    for rule in data.rules:
        for m in rule.pattern.finditer(text):
            if m.end() == m.start():
                continue
            if needs_capital(rule.name) and not _capitalised(m):
                continue
            found.append((m.start(), m.end(), rule.name, m))
    return found


def _capitalised(m: re.Match) -> bool:
    groups = m.groupdict()
    for g in ("mon", "wd"):
        if groups.get(g) and not groups[g][0].isupper():
            return False
    return True


def _settle(found: list) -> list:
    """Keep the longest of overlapping matches (the earlier one on a tie), in reading order."""
    order = sorted(found, key=lambda f: (-(f[1] - f[0]), f[0]))
    used = bytearray(max((f[1] for f in found), default=0))
    taken: list = []
    for f in order:
        if not any(used[f[0] : f[1]]):
            used[f[0] : f[1]] = b"\x01" * (f[1] - f[0])
            taken.append(f)
    return sorted(taken, key=lambda f: f[0])


_LOWER_CASE_RULES = ("period", "duration_plural", "noon", "season")


def _mid_sentence(text: str, start: int) -> bool:
    """Whether a word at ``start`` follows a word of its sentence (so a capital marks a name)."""
    before = text[max(0, start - 3) : start].rstrip()
    return bool(before) and before[-1] not in ".!?\n"


def _blocked(m: re.Match, name: str, text: str, data: TimeData) -> bool:
    """Matches that are not times in context: "current account", "$2000", "1990 people"."""
    if name == "ref":
        word = m[0].lower()
        nxt = _WORD.match(text, m.end() + 1) if m.end() < len(text) and text[m.end()] == " " else None
        adjective = word in data.timex["reference_adjectives"]
        if adjective and nxt and nxt[0].lower() in data.timex["reference_blockers"]:
            return True
        if adjective and nxt and not nxt[0][0].islower():
            return False
    if name in ("month", "season") and not m["mod"] and not m["shift"] and m["mon" if name == "month" else "season"][0].isupper():
        if re.match(r"\s+(?:of|for)\s+(?:[A-Z]|the\b)", text[m.end() : m.end() + 12]):
            return True  # "the annual March for Life", "a Spring of Hope rally": a name
    if name in _LOWER_CASE_RULES and m[0][0].isupper() and _mid_sentence(text, m.start()):
        return True  # a title ("ABC's This Week", "High Noon", "60 Minutes")
    if name == "ref" and m[0] == "Now" and text[m.end() : m.end() + 1] == "," and not _mid_sentence(text, m.start()):
        return True  # "Now, ..." opening a sentence: a discourse marker, not the present
    if name in ("duration", "duration_adj") and re.match(r"[\s-]+old\b", text[m.end() : m.end() + 6]):
        return True  # an age ("52 years old"), not a time
    if name == "year":
        if re.match(r"\.\d", text[m.end() : m.end() + 2]):
            return True  # an index level, "2082.1"
        before = text[max(0, m.start() - 1) : m.start()]
        after = text[m.end() : m.end() + 2]
        if before in ("$", "#", "-", "/", ".") or after[:1] in ("%", "-", "/") or after.startswith(" %"):
            return True
        if not m["mod"] and re.match(r"\s+(?:of|to|and|or)\s+(?!(?:1[5-9]|20)\d\d\b)\$?\d", text[m.end() : m.end() + 10]):
            return True  # "2000 of 5000 seats", "1500 to 2000 troops": counts
    return False


_SECOND_DAY = re.compile(r"\s+(?:and|or)\s+([0-3]?\d)(?:st|nd|rd|th)?(?=\s*(?:[.,;:)]|$)|\s+(?:in|at|on|when|for|to|with)\b)")


def _second_day(text: str, end: int, value: str) -> tuple[int, int, str] | None:
    """ "April 24 and 25": the second day of the same month, a date of its own."""
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value) or not (m := _SECOND_DAY.match(text, end)):
        return None
    day = int(m[1])
    if not int(value[8:]) < day <= 31:
        return None
    return m.start(1), m.end(1), f"{value[:8]}{day:02d}"


def tag_text(
    text: str,
    dct: str | dt.date | None,
    *,
    doc: str | None = None,
    data: TimeData | None = None,
    config: TimeConfig | None = None,
    tense: str | None = None,
) -> list[TimexRecord]:
    """Every time expression of ``text`` with its TIMEX3 type and value against ``dct``.

    ``tense`` fixes the tense for every expression (the event dater knows it from the parse);
    by default it is read from the words around each expression.

    >>> [r.value for r in tag_text("Talks resumed last week and will end in March.", "2018-06-13")]
    ['2018-W23', '2019-03']
    """
    data = data or TimeData.default()
    config = config or TimeConfig()
    day = dct if isinstance(dct, dt.date) else parse_iso(dct)
    ctx = Context(day, None, data, config=config)
    out: list[TimexRecord] = []
    for start, end, name, m in _settle(_candidates(text, data)):
        if _blocked(m, name, text, data):
            continue
        ctx.position = start
        ctx.tense = tense or _deadline(text, start, data) or tense_near(text, start, end, data, config) or config.default_tense
        tx: Timex | None = NORMALISERS[name](m, ctx)
        if tx is None or tx.type not in config.types:
            continue
        if tx.type == "DATE":
            ctx.name_date(tx.value)
        out.append(TimexRecord(doc, start, end, text[start:end], tx.type, tx.value, tx.mod))
        if name == "mdy" and not m["year"] and (second := _second_day(text, end, tx.value)):
            out.append(TimexRecord(doc, second[0], second[1], text[second[0] : second[1]], "DATE", second[2]))
    return out


__all__ = ["TimexRecord", "tag_text", "tense_near"]
