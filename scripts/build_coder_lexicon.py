"""Dev script: extract verb → CAMEO facts from PETRARCH-2's verb dictionary into our own CSV.

Run once by a developer (the product never reads ../shared):
    .venv/bin/python scripts/build_coder_lexicon.py ../shared/data/petrarch/verbs-CAMEO.2.0.txt

Only simple facts are kept: a verb lemma (optionally with a particle) and its default code, and
"verb + object noun" or "verb + preposition (+ noun)" refinements. Subject-side patterns,
synonym-set references and multi-slot patterns are dropped; hand-written rules in
``patterns.yaml`` take precedence over these at match time.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/detente/coding/data/verbs_base.csv"
PARTICLES = {"OFF", "UP", "DOWN", "OUT", "ON", "BACK", "AWAY", "IN", "OVER", "FORWARD", "ASIDE", "APART"}
PREPS = {"TO", "WITH", "ON", "AGAINST", "FROM", "FOR", "IN", "INTO", "OVER", "AT", "BY", "ABOUT", "OF",
         "TOWARD", "TOWARDS", "BETWEEN", "UPON"}
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
PATTERN = re.compile(r"^-\s+(.*?)\s+\[([^\]]*)\]")
CODE = re.compile(r"^\d{2,4}$")


def first_code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return code if CODE.match(code) else None


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s{}()]+", text) if w]


def main(src: str) -> None:
    rows: dict[tuple[str, str, str, str], str] = {}
    lemmas: list[str] = []
    block_code: str | None = None
    for line in Path(src).read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = line.partition("#")
        line = line.rstrip()
        origin = comment.split()[0].lower() if comment.split() else ""
        if not line.strip():
            continue
        m = HEADER.match(line)
        if m:
            block_code, lemmas = first_code(m.group(2)), []
            continue
        m = PATTERN.match(line)
        if m:
            body, code = m.group(1), first_code(m.group(2))
            if not code or "*" not in body or any(ch in body for ch in "&^%$+"):
                continue
            before, after = body.split("*", 1)
            if before.strip():
                continue
            prep_m = re.match(r"^\s*\((\w+)(?:\s+(\w+))?\)\s*$", after)
            obj_m = re.match(r"^\s*\{?([\w ]+?)\}?\s*(\(.*\))?\s*$", after)
            for lemma, particle in lemmas:
                if origin and origin != (f"{lemma}_{particle}" if particle else lemma):
                    continue  # the pattern was written for another verb of the synonym set
                if prep_m and prep_m.group(1) in PREPS:
                    key = (lemma, particle, "", prep_m.group(1).lower())
                    noun = (prep_m.group(2) or "").lower()
                    rows.setdefault(key + (noun,), code)  # type: ignore[arg-type]
                elif obj_m and words(obj_m.group(1)):
                    obj = words(obj_m.group(1))[-1].lower()
                    rows.setdefault((lemma, particle, obj, "", ""), code)  # type: ignore[arg-type]
            continue
        if line.startswith((" ", "\t", "-")):
            continue
        tok = line.split()[0]
        own = re.search(r"\[([^\]]*)\]", line)
        code = first_code(own.group(1)) if own else block_code
        parts = tok.lstrip("+").split("_")
        if not parts[0].isalpha():
            continue
        lemma = parts[0].lower()
        particle = ""
        if len(parts) == 2 and parts[1] in PARTICLES | PREPS:
            particle = parts[1].lower()
        elif len(parts) > 1:
            continue
        lemmas.append((lemma, particle))
        if code:
            rows.setdefault((lemma, particle, "", "", ""), code)  # type: ignore[arg-type]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lemma", "particle", "object", "prep", "prep_object", "code"])
        for key in sorted(rows):
            w.writerow([*key, rows[key]])
    print(f"wrote {len(rows)} rules to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch/verbs-CAMEO.2.0.txt")
