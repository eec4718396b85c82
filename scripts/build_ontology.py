"""Build detente's CAMEO event table from the reference code lists.

Run once by a developer (needs ../shared); the output lives in the package and the
product never reads ../shared. Output: src/detente/ontology/data/cameo_events.csv.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "detente" / "ontology" / "data" / "cameo_events.csv"


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
    return 0


if __name__ == "__main__":
    sys.exit(main())
