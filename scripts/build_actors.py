"""Generate the actors package's reference tables from ../shared/data/actors.

Writes two files into ``src/detente/langdata/data/actors/`` (the product never reads ../shared):

* ``countries_generated.csv`` — country names, nationality words, capitals and major cities
  from CountryInfo (alias, code, kind);
* ``people_generated.csv`` — office holders from the Phoenix country dictionary whose dated
  CAMEO roles overlap 2000 onwards (same columns as the hand-written ``people.csv``);
* ``orgs_generated.csv`` — groups and organisations with one undated code in the Phoenix
  non-state-armed-group and international dictionaries ("Abu Sayyaf Group" → PHLREB);
* ``sectors_generated.csv`` — agent words from the Phoenix agents dictionary ("gunman" → UAF,
  "riot police" → COP), singular and plural, in the columns of ``sectors.csv``.

Hand-curated facts (abbreviations, seats of government, leaders after 2016, ...) live in
``countries_extra.csv`` and ``people.csv`` and win over the generated rows.

Usage: ``.venv/bin/python scripts/build_actors.py [--shared ../shared]``
"""

from __future__ import annotations

import argparse
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "langdata" / "data" / "actors"

#: CountryInfo codes that are not the ISO/CAMEO code we use.
CODE_FIX = {"[YUGHRV": "HRV", "[YUGMKD": "MKD", "TMP": "TLS", "ISR": "ISR"}
#: Territories kept as their own actors although CountryInfo files them under another code.
KEEP_LONG = {"PSEGZA"}
DEMONYM_ENDINGS = ("an", "ese", "ish", "i", "ic", "ch", "ean", "ian", "ine", "ite", "er")
#: Nationality entries that are too ambiguous (or not English) to match.
TITLE_WORDS = re.compile(r"\b(minister|president|secretary)\b", re.I)  # role entries, not people
SKIP_ALIASES = {"us", "chad", "turkey", "jersey", "georgia_state", "guinea"}


def _clean(raw: str) -> str:
    """CountryInfo/TABARI phrase (UPPER_WITH_UNDERSCORES_) → readable phrase."""
    raw = raw.split("#", 1)[0].strip().rstrip("_").replace("_", " ")
    raw = re.sub(r"\s*\(.*?\)\s*", " ", raw).strip()
    return re.sub(r"\s+", " ", raw)


def _case(phrase: str) -> str:
    """Title-case a phrase, keeping dotted abbreviations and short all-caps codes."""
    out = []
    for w in phrase.split(" "):
        if w.lower() in ("of", "the", "and", "de", "du", "des", "la", "el", "al"):
            out.append(w.lower())
        elif "." in w or (len(w) <= 4 and w.isupper() and not any(c in "AEIOU" for c in w)):
            out.append(w)
        else:
            out.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
    return " ".join(out)


def _field(block: str, tag: str) -> list[str]:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", block, re.S)
    if not m:
        return []
    lines = [_clean(x) for x in m.group(1).splitlines() if x.strip() and not x.strip().startswith("#")]
    return [x for x in lines if x]


def build_countries(shared: Path) -> list[tuple[str, str, str]]:
    text = (shared / "data/actors/CountryInfo.120116.txt").read_text(encoding="utf-8", errors="replace")
    text = text[text.index("\n<Country>\n"):]  # skip the documentation header (it names the tags)
    text = re.sub(r"<Comment>.*?</Comment>", "", text, flags=re.S)
    rows: dict[tuple[str, str], str] = {}
    for block in re.findall(r"<Country>(.*?)</Country>", text, re.S):
        m = re.search(r"<CountryCode>(.*?)<", block)
        if not m:
            continue
        code = CODE_FIX.get(m.group(1).strip(), m.group(1).strip())
        if len(code) != 3 and code not in KEEP_LONG:
            continue
        names = _field(block, "CountryName")
        for alias in names + _field(block, "Nationality"):
            if not re.fullmatch(r"[A-Za-z .'\-]+", alias) or alias.lower() in SKIP_ALIASES:
                continue
            if len(alias.replace(".", "")) <= 3 and "." not in alias:
                continue  # bare abbreviations are curated by hand (case-sensitive) in countries_extra.csv
            words = alias.lower().split()
            kind = "demonym" if alias not in names and words[-1].endswith(DEMONYM_ENDINGS) else "country"
            rows.setdefault((_case(alias), code), kind)
        for cap in _field(block, "Capital"):
            if re.fullmatch(r"[A-Za-z .'\-]+", cap):
                rows.setdefault((_case(cap), code + "GOV"), "capital")
        for city in _field(block, "MajorCities"):  # "stormed the city of Hama": the country, not its government
            if re.fullmatch(r"[A-Za-z .'\-]+", city) and len(city) > 3 and city.lower() not in SKIP_ALIASES:
                rows.setdefault((_case(city), code), "city")
    return sorted((a, c, k) for (a, c), k in rows.items())


def _date(token: str) -> str:
    """TABARI date (YYMMDD or YYYYMMDD) → ISO."""
    token = token.strip()
    if len(token) == 6:
        yy = int(token[:2])
        token = ("19" if yy > 30 else "20") + token
    return f"{token[:4]}-{token[4:6]}-{token[6:8]}"


@dataclass
class Entry:
    """One entry of a TABARI actor file: a name, its ``+`` synonyms and its ``[CODE dates]`` lines."""

    name: str
    aliases: list[str] = field(default_factory=list)
    spans: list[tuple[str, str, str]] = field(default_factory=list)  # (code, start, end), dated
    undated: list[str] = field(default_factory=list)  # codes without a date ("[AFGELI]", "[CHNMIL]")
    inline: bool = False  # the code stands on the name's line (the country file's country entries)


def _entries(text: str) -> list[Entry]:
    """Every entry of a TABARI actor file. The code may stand on the name's line or on the lines
    after it; ``>date`` is open-ended (ends at the file's date), ``<date`` starts in 2000."""
    out: list[Entry] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line[0].isalpha():
            out.append(Entry(_case(_clean(line.split("[", 1)[0])), inline="[" in line))
        elif line.startswith("+") and out:
            out[-1].aliases.append(_case(_clean(line[1:].split("[", 1)[0])))
        if out and "[" in line:
            for code, mark, a, b in re.findall(r"\[([A-Z-]{3,})\s*([<>]?)(\d{6,8})?(?:-(\d{6,8}))?\]", line):
                if not a:
                    out[-1].undated.append(code)
                elif mark == ">":
                    out[-1].spans.append((code, _date(a), FILE_DATE))
                elif mark == "<":
                    out[-1].spans.append((code, "2000-01-01", _date(a)))
                elif b:
                    out[-1].spans.append((code, _date(a), _date(b)))
    return out


#: The date of the Phoenix files: an open-ended role (">date") is taken to end here.
FILE_DATE = "2014-01-30"
PEOPLE_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")


def build_people(shared: Path, country_names: set[str] = frozenset()) -> list[dict[str, str]]:
    """Office holders with dated roles overlapping 2000+, from the country dictionary and the
    international and non-state ones (UN officials, group leaders); open-ended roles end at the
    file date. Entries named like a country ("South Sudan", a dated role of Sudan's dictionary)
    are skipped. A role at an organisation has the country column "IGO"/"NGO"/"IMG"."""
    people: list[dict[str, str]] = []
    seen: set[tuple[str, str, str, str]] = set()
    for fname in PEOPLE_FILES:
        text = (shared / "data/actors" / fname).read_text(encoding="utf-8", errors="replace")
        for e in _entries(text):
            name = e.name
            if len(name.split()) < 2 or TITLE_WORDS.search(name) or name.lower() in country_names \
                    or (e.inline and fname == PEOPLE_FILES[0]):
                continue  # the country file's entries with a code on their own line are countries
            for code, start, end in e.spans:
                if end < "2000-01-01" or start >= end or code.startswith("---") or (name, code, start, end) in seen:
                    continue
                seen.add((name, code, start, end))
                people.append({"name": name, "aliases": "|".join(a for a in e.aliases if len(a.split()) >= 2),
                               "country": code[:3], "code": code, "role": "official",
                               "start": start, "end": end, "source": "phoenix"})
    return people


AGENT_MACROS = {"!PERSON!": ("MAN", "MEN", "WOMAN", "WOMEN", "PERSON", "PEOPLE"),
                "!MINIST!": ("MINISTER", "MINISTERS", "MINISTRY", "MINISTRIES")}
#: Agent codes we compose with a country: the first three letters must be one of these.
AGENT_SECTORS = {"GOV", "MIL", "REB", "CRM", "OPP", "BUS", "CVL", "JUD", "COP", "MED", "LEG", "HLH",
                 "EDU", "UAF", "SPY", "AGR", "MUS", "REL", "LAB", "REF", "RAD", "ELI", "IGO", "NGO", "ENV",
                 "DEV", "HRI", "MOD", "CHR", "JEW", "HIN", "BUD", "INS", "SET", "IMG"}
#: Words too vague or too often something else to stand as an actor on their own.
AGENT_SKIP = {"man", "men", "woman", "women", "person", "people", "native", "natives", "national",
              "nationals", "member", "members", "group", "groups", "party", "parties", "state",
              "states", "front", "fronts", "council", "councils", "body", "bodies", "head", "heads",
              "chief", "chiefs", "office", "offices", "department", "departments", "agency", "agencies",
              "board", "boards", "house", "houses", "union", "unions", "force", "forces", "unit", "units",
              "source", "sources", "official source", "spokesman", "spokesmen", "representative",
              "representatives", "committee", "committees", "staff", "team", "teams", "crew", "crews",
              "service", "services", "organization", "organizations", "movement", "movements"}


def _plural(word: str) -> str:
    if word.endswith(("s", "men", "police", "people", "personnel", "staff", "military", "clergy")):
        return word  # already plural, or a collective noun
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def build_agents(shared: Path) -> list[tuple[str, str]]:
    """Agent words of the Phoenix agents dictionary → (lower-case phrase, sector code).

    Each entry gives its singular, its listed alternatives and a regular plural of its last
    word; ``!PERSON!`` / ``!MINIST!`` macros expand to their forms. Codes with a ``~`` prefix
    are sector codes we can append to a country (``~REB``); the rest (``IGO~``) are skipped.
    """
    lines = (shared / "data/actors/Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    out: dict[str, str] = {}
    for raw in lines.splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[~([A-Z]{3,6})\]", line)
        if not m or line.startswith("!"):
            continue
        head, alts, code = m.groups()
        if code[:3] not in AGENT_SECTORS:
            continue
        forms = [head.strip()] + (alts.strip("{}").split() if alts else [])
        for form in forms:
            for variant in _expand(form):
                phrase = _clean(variant).lower().replace(" ,", ",")
                if len(phrase) < 3 or phrase in AGENT_SKIP or not re.fullmatch(r"[a-z][a-z' .-]*[a-z]", phrase):
                    continue
                words = phrase.split()
                for p in (phrase, " ".join(words[:-1] + [_plural(words[-1])])):
                    if p not in AGENT_SKIP:
                        out.setdefault(p, code)
    return sorted(out.items())


def _expand(form: str) -> list[str]:
    for macro, values in AGENT_MACROS.items():
        if macro in form:
            return [v for value in values for v in _expand(form.replace(macro, value + "_", 1))]
    return [form]


ORG_FILES = ("Phoenix.MilNonState.actors.txt", "Phoenix.International.actors.txt", "Phoenix.Countries.actors.txt")
ORG_SUFFIXES = (" Group", " Movement")  # "Abu Sayyaf Group" is also written "Abu Sayyaf"


#: Office words: "American Defense Secretary" is a title of a country (resolved at the date by titles.csv).
OFFICE_WORDS = re.compile(r"\b(minister|president|secretary|ambassador|chairman|chancellor|kanzler|king|queen|"
                          r"premier|spokes\w*|potus|secdef)\b", re.I)


def build_orgs(shared: Path, countries: set[str], generic: set[str] = frozenset()) -> list[tuple[str, str, str]]:
    """(alias, code, "org") for every entry with one undated code and no dated role (groups,
    agencies, the country dictionary's institutions such as "Communist Party of China"), wherever
    the code stands; only codes that begin with a country we know or IGO/NGO/IMG (not regions,
    not companies). Names of countries are left to the country table; office titles and generic
    words (``generic``: sector words, "Senate") to the title and sector tables, and curated people's
    names to the people table."""
    out: dict[str, str] = {}
    heads = countries | {"IGO", "NGO", "IMG"}
    for name in ORG_FILES:
        text = (shared / "data/actors" / name).read_text(encoding="utf-8", errors="replace")
        for e in _entries(text):
            codes = set(e.undated) - {"ELI", "---"}
            if e.spans or len(codes) != 1:
                continue
            code = codes.pop()
            if code[:3] not in heads or (name == ORG_FILES[-1] and len(code) == 3):
                continue  # the country dictionary's bare country codes are names of the country itself
            for alias in [e.name, *e.aliases]:
                if alias.lower() not in generic and not OFFICE_WORDS.search(alias):
                    _add_org(out, alias, code)
    return sorted((alias, code, "org") for alias, code in out.items())


def _add_org(out: dict[str, str], raw: str, code: str) -> None:
    phrase = _clean(raw)
    if len(phrase) < 3 or not re.fullmatch(r"[A-Za-z][A-Za-z0-9 .'&-]*", phrase):
        return
    forms = [_case(phrase)]
    if " " not in phrase and code.startswith("NGO"):
        forms = [phrase.upper()]  # one-word NGO names ("Amit", "Olive") only as written in capitals
    elif " " not in phrase and len(phrase) <= 6:
        forms.append(phrase.upper())  # acronyms: ETA, UNITA, ASEAN
    for suffix in ORG_SUFFIXES:
        if forms[0].endswith(suffix) and len(forms[0].split()) >= 3:
            forms.append(forms[0][: -len(suffix)])
    for form in forms:
        out.setdefault(form, code)


def _curated_names() -> set[str]:
    """Names of the hand-written country and organisation tables (lower case)."""
    names: set[str] = set()
    for name in ("countries_extra.csv", "orgs.csv"):
        lines = [x for x in (OUT / name).read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
        names |= {row["alias"].strip().lower() for row in csv.DictReader(lines)}
    return names


def _curated_people_words() -> set[str]:
    """Names, aliases and single name words of the hand-curated people (lower case): the country
    dictionary's undated "Assad" must not turn a dated person into an organisation."""
    lines = [x for x in (OUT / "people.csv").read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
    out: set[str] = set()
    for row in csv.DictReader(lines):
        names = [row["name"], *row["aliases"].split("|"), row["short"]]
        out |= {n.strip().lower() for n in names if n.strip() and n.strip() != "-"}
        out |= {w.lower() for n in names for w in n.replace("-", " ").split()}
    return out


def _curated_words() -> set[str]:
    """Sector words and titles of the hand-written tables (lower case)."""
    words: set[str] = set()
    for name, col in (("sectors.csv", "word"), ("titles.csv", "title")):
        lines = [x for x in (OUT / name).read_text(encoding="utf-8").splitlines() if not x.startswith("#")]
        words |= {row[col].strip().lower() for row in csv.DictReader(lines)}
    return words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    countries = build_countries(args.shared)
    with open(OUT / "countries_generated.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["alias", "code", "kind"])
        w.writerows(countries)
    curated = _curated_names()  # "Palestinian Authority" is an organisation, whatever the dictionary dates
    people = build_people(args.shared, {alias.lower() for alias, _code, _kind in countries} | curated)
    cols = ["name", "aliases", "country", "code", "role", "start", "end", "source"]
    with open(OUT / "people_generated.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        w.writerows(people)
    agents = build_agents(args.shared)
    generic = {w for w, _code in agents} | _curated_words() | _curated_people_words()
    orgs = build_orgs(args.shared, {code[:3] for _alias, code, _kind in countries}, generic)
    with open(OUT / "orgs_generated.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["alias", "code", "kind"])
        w.writerows(orgs)
    with open(OUT / "sectors_generated.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["word", "sector"])
        w.writerows(agents)
    print(f"{len(countries)} country aliases, {len(people)} dated roles, {len(orgs)} organisation names, {len(agents)} agent words → {OUT}")


if __name__ == "__main__":
    main()
