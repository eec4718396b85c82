"""Build detente's CAMEO event table from the reference code lists.

Run once by a developer (needs ../shared); the output lives in the package and the
product never reads ../shared. Output: src/detente/langdata/data/ontology/cameo_events.csv.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "detente" / "langdata" / "data" / "ontology" / "cameo_events.csv"


def quad_class(root: int) -> int:
    if root <= 4:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


def main() -> int:
    codes = list(csv.DictReader(open(SHARED / "cameo" / "cameo-codes.csv", encoding="utf-8")))
    gdelt = {}
    for row in csv.DictReader(open(SHARED / "cameo" / "goldstein-gdelt.tsv"), delimiter="\t"):
        gdelt[row["CAMEOEVENTCODE"].strip()] = float(row["GOLDSTEINSCALE"])
    plover: dict[str, tuple[str, str, str]] = {}
    for line in open(SHARED / "plover" / "CAMEO2PLOVER-2021.txt", encoding="utf-8"):
        m = re.match(r"^(\d+):\s*(.*)$", line)
        if not m:
            continue
        body = m.group(2).split("#", 1)[0]
        parts = [p.strip() for p in body.split(",")]
        parts += [""] * (3 - len(parts))
        plover[m.group(1)] = (parts[0].upper(), parts[1].lower(), parts[2].lower())
    rows = []
    for c in codes:
        code = c["code"].strip()
        root = code[:2]
        pev, pmode, pctx = "", "", ""
        # The 2021 table leaves out CAMEO 01 (statements: no PLOVER event) and 02
        # (appeals), which PLOVER folds into REQUEST.
        if root == "02":
            pev = "REQUEST"
        # walk up the code hierarchy until a PLOVER mapping is found
        for k in range(len(code), 1, -1):
            if code[:k] in plover:
                pev, pmode, pctx = plover[code[:k]]
                break
        gs = c["goldstein"]
        rows.append(
            {
                "code": code,
                "root": root,
                "name": c["name"].strip(),
                "goldstein": float(gs) if gs not in ("", "NA") else gdelt.get(code, 0.0),
                "goldstein_gdelt": gdelt.get(code, ""),
                "quad_class": quad_class(int(root)),
                "plover_event": pev,
                "plover_mode": pmode,
                "plover_context": pctx,
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} codes to {OUT}")
    build_countries()
    build_agents()
    return 0


def build_agents() -> None:
    """ICEWS sector name → CAMEO agent code (GOV, MIL, COP…), from the reference agent list."""
    out = OUT.parent / "agents.csv"
    rows: dict[str, str] = {}
    for line in open(SHARED / "cameo" / "agentnames.txt", encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
            rows.setdefault(parts[0].strip(), parts[1].strip())
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["sector", "agent"])
        w.writerows(sorted(rows.items()))
    print(f"wrote {len(rows)} sector names to {out}")


# Names that ICEWS and the news use but the CAMEO country list lacks (name, ISO alpha-3).
EXTRA_COUNTRY_NAMES = [
    ("Russian Federation", "RUS"), ("United States of America", "USA"), ("Korea, Republic of", "KOR"),
    ("Korea, Democratic People's Republic of", "PRK"), ("Occupied Palestinian Territory", "PSE"),
    ("Palestine", "PSE"), ("Viet Nam", "VNM"), ("Iran, Islamic Republic of", "IRN"),
    ("Syrian Arab Republic", "SYR"), ("Czechia", "CZE"), ("Myanmar", "MMR"), ("Burma", "MMR"),
    ("Macedonia", "MKD"), ("North Macedonia", "MKD"), ("Cote d'Ivoire", "CIV"), ("Ivory Coast", "CIV"),
    ("Democratic Republic of Congo", "COD"), ("Congo, Democratic Republic of the", "COD"),
    ("Republic of Congo", "COG"), ("Taiwan", "TWN"), ("Hong Kong", "HKG"), ("Kosovo", "XKX"),
    ("Eswatini", "SWZ"), ("Timor-Leste", "TLS"), ("Cabo Verde", "CPV"), ("Brunei Darussalam", "BRN"),
    ("Lao People's Democratic Republic", "LAO"), ("Moldova, Republic of", "MDA"),
    ("Tanzania, United Republic of", "TZA"), ("Bolivia, Plurinational State of", "BOL"),
    ("Venezuela, Bolivarian Republic of", "VEN"), ("South Sudan", "SSD"), ("Serbia", "SRB"),
    ("Montenegro", "MNE"),
]


def build_countries() -> None:
    """Country name → ISO alpha-3 / CAMEO code / COW number, for imports and lookups."""
    out = OUT.parent / "countries.csv"
    rows: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for line in open(SHARED / "cameo" / "countrynames.txt", encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or parts[1].strip() in ("---", ""):
            continue
        name, code = parts[0].strip(), parts[1].strip()
        if name.lower() not in seen:
            seen.add(name.lower())
            rows.append((name, code[:3], code, parts[2].strip() if len(parts) > 2 else ""))
    for name, iso in EXTRA_COUNTRY_NAMES:
        if name.lower() not in seen:
            seen.add(name.lower())
            rows.append((name, iso, iso, ""))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "iso3", "cameo", "cow"])
        w.writerows(rows)
    print(f"wrote {len(rows)} country names to {out}")


if __name__ == "__main__":
    sys.exit(main())
