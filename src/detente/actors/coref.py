"""In-document memory: short names seen in full, and antecedents for pronouns and "the regime".

The rule (docs/actors.md): a bare surname refers to the most recent full mention that
registered it in the document; he/she/his/her/him → the most recent person (or personal
title) in the same paragraph; it/its/"the country" → the most recent coded country or
organisation in the paragraph; they/them/their → the most recent coded non-person actor
in the paragraph; "the regime"/"the government" → that country's government; "the alliance",
"the group" → the most recent organisation or group of that kind in the paragraph.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from detente.actors.data import Person
from detente.actors.mention import ActorMention
from detente.nlp.lines import hard_wrapped

PERSON_KINDS = ("person", "title")
COUNTRY_KINDS = ("country", "capital", "demonym", "org", "seat")


@dataclass
class Entry:
    mention: ActorMention
    para: int
    category: str  # person | country | plural


@dataclass
class DocMemory:
    text: str
    breaks: list[int] = field(default_factory=list)
    history: list[Entry] = field(default_factory=list)
    names: dict[str, list[Person]] = field(default_factory=dict)  # short (lower) → people, in order
    countries: set[str] = field(default_factory=set)
    genders: dict[int, str] = field(default_factory=dict)  # id(mention) → m | f | "" for people
    not_surnames: frozenset[str] | tuple[str, ...] = ()  # "bin", "al": name parts that are no surname

    def __post_init__(self) -> None:
        # paragraphs end at blank lines; in news copy (one paragraph a line) at every line break
        breaks = r"\n\s*\n" if hard_wrapped(self.text) else r"\n\s*"
        self.breaks = [m.start() for m in re.finditer(breaks, self.text)]

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.breaks, char)

    def register(self, person: Person) -> None:
        """Remember the surname forms of a fully named person for later bare mentions."""
        forms = set(person.shorts)
        words = [w for w in person.name.replace("-", " ").split()
                 if w[:1].isupper() and w.lower().strip(".") not in self.not_surnames]
        if len(words) >= 2:
            forms.update({words[0], words[-1]})
        for f in forms:
            seen = self.names.setdefault(f.lower(), [])
            if person in seen:
                seen.remove(person)
            seen.append(person)

    def named(self, short: str, date: str | None) -> Person | None:
        """The person a bare surname refers to: the most recent full mention, unless that person
        was out of office at the date and another one mentioned with the same surname was in
        office (a history aside about Kim Jong Il does not capture later "Kim"s in 2019)."""
        people = self.names.get(short.lower())
        if not people:
            return None
        if date is None:
            return people[-1]
        active = [p for p in people if any(s.covers(date) for s in p.spans)]
        return active[-1] if active and people[-1] not in active else people[-1]

    def add(self, m: ActorMention) -> None:
        if m.code is None and m.country is None:
            return
        if m.kind in PERSON_KINDS or (m.kind == "pronoun" and m.how.startswith("person")):
            cat = "person"
        elif m.kind in COUNTRY_KINDS or (m.kind == "pronoun" and m.how.startswith("country")):
            cat = "country"
        else:
            cat = "plural"
        if m.country:
            self.countries.add(m.country)
        self.history.append(Entry(m, self.para(m.start_char), cat))

    def _fits(self, e: Entry, gender: str) -> bool:
        """A person entry whose known gender does not contradict he/she."""
        g = self.genders.get(id(e.mention), "")
        return e.category == "person" and (not gender or not g or g == gender)

    def antecedent(self, char: int, want: str, subject_of: int | None = None, doc=None,
                   gender: str = "") -> ActorMention | None:
        """Most recent compatible mention in the same paragraph (want: person | country | plural).

        A subject he/she (``subject_of`` = its sentence start) first looks for a person that was
        a grammatical subject in this or the previous sentence ("Trump told Xi that he…")."""
        para = self.para(char)
        if subject_of is not None and doc is not None:
            prev_start = doc[subject_of - 1].sent.start if subject_of > 0 else subject_of
            for e in reversed(self.history):
                if e.para != para or e.mention.start < prev_start:
                    break
                if self._fits(e, gender) and doc[e.mention.start:e.mention.end].root.dep_ in ("nsubj", "nsubjpass"):
                    return e.mention
        for e in reversed(self.history):
            if e.para != para:
                return None
            if want == "person" and self._fits(e, gender):
                return e.mention
            if want == "country" and e.category == "country" and e.mention.code:
                return e.mention
            if want == "plural" and e.category in ("country", "plural") and e.mention.code:
                return e.mention
        return None

    def like(self, char: int, marks: tuple[str, ...]) -> ActorMention | None:
        """Most recent mention in the same paragraph whose code starts with one of ``marks`` or whose
        sector holds one ("the alliance" → NATO, "the group" → the armed or rights group named)."""
        para = self.para(char)
        for e in reversed(self.history):
            if e.para != para:
                return None
            code, sector = e.mention.code or "", e.mention.sector or ""
            if code.startswith(marks) or any(x in sector for x in marks):
                return e.mention
        return None

    def last_country(self, char: int) -> ActorMention | None:
        """Most recent mention with a country in the same paragraph (for bare titles)."""
        para = self.para(char)
        for e in reversed(self.history):
            if e.para != para:
                return None
            if e.mention.country and e.category != "plural":
                return e.mention
        return None
