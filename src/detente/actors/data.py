"""Loading the actor tables (language data ``actors/``) into plain Python structures.

Why separate: the resolver's algorithm never touches files, so tables can be replaced or
extended by a user's language-data directory (see docs/actors.md) without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from detente.langdata.source import DataSource

# the key column of each curated table: a user's row with the same key replaces the package's
KEYS = {"countries_extra.csv": "alias", "orgs.csv": "alias", "people.csv": "name", "sectors.csv": "word",
        "titles.csv": "title", "discards.csv": "phrase", "anaphora.csv": "phrase"}
REQUIRED = {"countries_extra.csv": ("alias", "kind", "code"), "orgs.csv": ("alias", "kind", "code"),
            "people.csv": ("name", "code", "start", "end"), "sectors.csv": ("word", "sector"),
            "titles.csv": ("title", "role"), "discards.csv": ("phrase",), "anaphora.csv": ("phrase", "kind", "target")}

#: Roles that make someone the country's leader when a title does not say which office.
LEADER_ROLES = ("LEADER", "HOS", "HOG")


@dataclass(frozen=True)
class RoleSpan:
    code: str
    roles: frozenset[str]
    start: str  # ISO date, "" = open
    end: str  # ISO date, "" = still in office
    curated: bool

    def covers(self, date: str) -> bool:
        return (not self.start or self.start <= date) and (not self.end or date < self.end)


@dataclass
class Person:
    key: str  # lower-case canonical name
    name: str
    country: str | None  # ISO alpha-3; None for international organisations
    base: str  # country code or organisation code (IGOUNO): what titles are attached to
    spans: list[RoleSpan] = field(default_factory=list)
    aliases: set[str] = field(default_factory=set)
    shorts: set[str] = field(default_factory=set)  # bare surnames usable without an earlier mention
    curated: bool = False
    gender: str = ""  # m | f | "" (unknown): only used to match he/she


@dataclass(frozen=True)
class Alias:
    """One phrase of the lexicon and what it stands for."""

    text: str
    kind: str  # country | demonym | capital | seat | org | city | person | sector | title | discard | anaphora
    code: str = ""  # CAMEO code (countries, orgs), sector (sector words), role (titles)
    person: str = ""  # Person.key for kind == person
    extra: str = ""  # anaphora: target sector or required countries; "gazetteer" for generated towns


def _reader(source: DataSource):
    def rows(name: str) -> list[dict[str, str]]:
        return source.rows(f"actors/{name}", key=KEYS.get(name), required=REQUIRED.get(name, ()))
    return rows


def split_code(code: str) -> tuple[str | None, str | None]:
    """CAMEO code → (ISO country, sector). ``IGO…``/``NGO…``/``IMG…`` have no country."""
    if not code or code[:3] in ("IGO", "NGO", "IMG", "MNC", "---"):
        return None, None
    return code[:3], (code[3:6] or None)


@dataclass
class Tables:
    aliases: list[Alias]
    people: dict[str, Person]
    #: (base, role) → people who ever held it; resolved against the date by the resolver.
    holders: dict[tuple[str, str], list[Person]]
    #: bare surname (lower) → people whose short name it is (curated only).
    shorts: dict[str, list[Person]]


def _load_people(_rows) -> dict[str, Person]:
    people: dict[str, Person] = {}
    for source, curated in (("people.csv", True), ("people_generated.csv", False)):
        for row in _rows(source):
            key = row["name"].strip().lower()
            if not key:
                continue
            p = people.get(key)
            if p is None:
                code = row["code"].strip()
                country = split_code(code)[0]
                base = country if country else code
                p = people[key] = Person(key, row["name"].strip(), country, base, curated=curated)
            elif p.curated and not curated:
                continue  # hand-curated facts win over generated rows for the same name
            p.gender = p.gender or (row.get("gender") or "").strip()
            p.aliases.update(a.strip() for a in row.get("aliases", "").split("|") if a.strip())
            short = (row.get("short") or "").strip()
            if short and short != "-":
                p.shorts.add(short)
            roles = frozenset(r for r in row.get("role", "").split("|") if r)
            p.spans.append(RoleSpan(row["code"].strip(), roles, row["start"].strip(), row["end"].strip(), curated))
    return people


def load_tables(source: DataSource | None = None) -> Tables:
    """All actor tables of a language-data source (the package's by default)."""
    _rows = _reader(source or DataSource())
    aliases = _place_aliases(_rows)
    aliases += _word_aliases(_rows, {a.text.lower() for a in aliases})
    people = _load_people(_rows)
    holders, shorts = _person_aliases(people, aliases)
    return Tables(aliases, people, holders, shorts)


def _alias(row: dict[str, str], kind: str | None = None, extra: str = "") -> Alias:
    return Alias(row["alias"].strip(), kind or row["kind"].strip(), row["code"].strip(), extra=extra)


def _place_aliases(_rows) -> list[Alias]:
    """Countries, organisations and towns, curated names first; then demonym plurals."""
    aliases: list[Alias] = []
    seen: set[str] = set()
    for name in ("countries_extra.csv", "orgs.csv"):
        for row in _rows(name):
            aliases.append(_alias(row))
            seen.add(row["alias"].strip().lower())
    for row in _rows("countries_generated.csv"):
        if row["alias"].strip().lower() not in seen:  # curated names win
            aliases.append(_alias(row))
    seen |= {a.text.lower() for a in aliases}
    for row in _rows("orgs_generated.csv"):  # Phoenix groups: every country name and curated org wins
        if row["alias"].strip().lower() not in seen:
            aliases.append(_alias(row))
    seen |= {a.text.lower() for a in aliases}
    for row in _rows("cities_generated.csv"):  # GeoNames towns: "drones hit Sumy" aims at Ukraine
        if row["alias"].strip().lower() not in seen:
            aliases.append(_alias(row, "city", extra="gazetteer"))
    plurals = [Alias(a.text + "s", "demonym", a.code) for a in aliases
               if a.kind == "demonym" and a.text.endswith(("an", "i")) and (a.text + "s").lower() not in seen]
    return aliases + plurals  # Nigerians, Iraqis: people of the country


def _word_aliases(_rows, places: set[str]) -> list[Alias]:
    """Sector words, titles, discards and anaphora; generated sector words only where nothing curated is."""
    aliases = [Alias(row["word"].strip(), "sector", row["sector"].strip()) for row in _rows("sectors.csv")]
    aliases += [Alias(row["title"].strip(), "title", row["role"].strip()) for row in _rows("titles.csv")]
    aliases += [Alias(row["phrase"].strip(), "discard") for row in _rows("discards.csv")]
    aliases += [Alias(row["phrase"].strip(), "anaphora", row["kind"].strip(), extra=row["target"].strip())
                for row in _rows("anaphora.csv")]
    curated = places | {a.text.lower() for a in aliases}
    generated = _rows("sectors_generated.csv")  # Phoenix agent words; every curated entry wins
    aliases += [Alias(row["word"].strip(), "sector", row["sector"].strip()) for row in generated
                if row["word"].strip() not in curated]
    return aliases


def _person_aliases(people: dict[str, Person], aliases: list[Alias]
                    ) -> tuple[dict[tuple[str, str], list[Person]], dict[str, list[Person]]]:
    """Add every person's names to ``aliases``; (office holders by (base, role), people by short name)."""
    holders: dict[tuple[str, str], list[Person]] = {}
    shorts: dict[str, list[Person]] = {}
    for p in people.values():
        for text in {p.name, *p.aliases}:
            aliases.append(Alias(text, "person", person=p.key))
        if p.curated:
            for role in {r for s in p.spans for r in s.roles}:
                holders.setdefault((p.base, role), []).append(p)
            for s in p.shorts:
                shorts.setdefault(s.lower(), []).append(p)
    return holders, shorts
