"""Time-bounded roles: who held an office at a date, and what code a person has at a date.

Rules (docs/actors.md): inside a role span a person gets the span's code; after every span
has ended a former office holder gets ``<country>ELI`` (CAMEO's elite/former-official
sector); before any span the bare country code. Without a document date the most recent
span is used.
"""

from __future__ import annotations

from detente.actors.data import LEADER_ROLES, Person, RoleSpan, Tables

_RANK = {"LEADER": 0, "HOS": 1, "HOG": 2, "FM": 3, "DM": 4, "VP": 5, "NSA": 6, "FIN": 7, "SG": 8, "MIL": 9,
         "OFF": 10, "PRIV": 11}


def norm_date(date: str | None) -> str | None:
    """'2018', '2018-06', '2018-06-12' (or '20180612') → comparable ISO day string."""
    if not date:
        return None
    d = date.strip()[:10]
    if len(d) == 8 and d.isdigit():
        d = f"{d[:4]}-{d[4:6]}-{d[6:]}"
    if len(d) == 4:
        return d + "-07-01"
    if len(d) == 7:
        return d + "-15"
    return d


def _rank(span: RoleSpan) -> tuple[int, int]:
    return (0 if span.curated else 1, min((_RANK.get(r, 12) for r in span.roles), default=12))


def code_at(person: Person, date: str | None) -> tuple[str, str]:
    """(code, reason) for a person at a date."""
    spans = person.spans
    if date is None:
        latest = max(spans, key=lambda s: (s.curated, s.start))
        return latest.code, "no document date: latest role"
    current = [s for s in spans if s.covers(date)]
    if current:
        best = min(current, key=_rank)
        if "PRIV" in best.roles:
            return best.code, "private person"
        return best.code, f"in office {best.start or '…'}–{best.end or 'now'}"
    if person.country is None:
        return person.base, "outside known term: organisation only"
    if any(s.end and s.end <= date for s in spans):
        if all(len(s.code) == 3 for s in spans):
            return person.country, "private person"
        return person.country + "ELI", "former office holder (ELI)"
    return person.country, "before any known office"


def holder(tables: Tables, base: str, role: str, date: str | None) -> Person | None:
    """The person holding ``role`` for ``base`` (country or organisation code) at ``date``."""
    roles = LEADER_ROLES if role == "LEADER" else (role,)
    if date is None:
        return None
    for r in roles:
        found = [p for p in tables.holders.get((base, r), ())
                 if any(r in s.roles and s.covers(date) for s in p.spans)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            return None  # two holders at once (data overlap): do not guess
    return None


def by_short(tables: Tables, short: str, date: str | None) -> tuple[Person | None, str]:
    """A bare surname with no earlier full mention: resolve only when unambiguous at the date."""
    cands = tables.shorts.get(short.lower(), [])
    if not cands:
        return None, ""
    if date is None:
        if len(cands) == 1:
            return cands[0], "only person with this name"
        return None, ""
    active = [p for p in cands if any(s.covers(date) for s in p.spans)]
    leaders = [p for p in active if any(s.covers(date) and s.roles & set(LEADER_ROLES) for s in p.spans)]
    if len(leaders) == 1:
        return leaders[0], "only leader with this name at the date"
    if len(active) == 1:
        return None, ""  # a minister's surname alone names someone only after a full mention
    if len(cands) == 1:
        return cands[0], "only person with this name"
    return None, ""
