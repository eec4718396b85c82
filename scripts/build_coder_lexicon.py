"""Dev script: extract verb → CAMEO facts from PETRARCH-2's verb dictionary into our own CSV.

Run once by a developer (the product never reads ../shared):
    .venv/bin/python scripts/build_coder_lexicon.py ../shared/data/petrarch/verbs-CAMEO.2.0.txt

Only simple facts are kept: a verb lemma (optionally with a particle) and its default code, and
"verb + object noun" or "verb + preposition (+ noun)" refinements. Slot markers (``+``, ``$``) are
stripped and a pattern naming one ``&NOUN_SET`` is expanded into one fact per word of the set
(measured on the development sets: PLOVER recall 0.472 -> 0.475, CAMEO-manual 0.675 -> 0.679).
A pattern is kept only for the verb it was written for (applying it to the whole synonym set
measured worse). Subject-side patterns and multi-slot patterns are dropped; hand-written rules in
``patterns.yaml`` take precedence over these at match time.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from detente.langdata.petrarch import HEADER, PATTERN, noun_sets

OUT = Path(__file__).resolve().parents[1] / "src/detente/langdata/data/coder/verbs_base.csv"
PARTICLES = {"OFF", "UP", "DOWN", "OUT", "ON", "BACK", "AWAY", "IN", "OVER", "FORWARD", "ASIDE", "APART"}
PREPS = {"TO", "WITH", "ON", "AGAINST", "FROM", "FOR", "IN", "INTO", "OVER", "AT", "BY", "ABOUT", "OF",
         "TOWARD", "TOWARDS", "BETWEEN", "UPON"}
CODE = re.compile(r"^\d{2,4}$")


def first_code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return code if CODE.match(code) else None


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s{}()]+", text) if w]


SETREF = re.compile(r"&(\w+)")
SUFFIXES = ("s", "es", "d", "ed", "ing")


def inflections(line: str, verb: str) -> dict[str, str]:
    """A verb line's forms → the verb: the irregular ones it lists in braces (``PULL_OUT {+PULLED_OUT}``,
    ``THROW {THREW}``) and the regular suffixes. Pattern comments name the form the pattern was found
    with ("# PULLED_OUT"), so without this such patterns were dropped as another verb's."""
    head, _, rest = verb.partition("_")
    out = {f"{head}{suffix}" + (f"_{rest}" if rest else ""): verb for suffix in SUFFIXES}
    if head.endswith("e"):
        out[f"{head[:-1]}ing" + (f"_{rest}" if rest else "")] = verb
    if len(head) > 2 and head[-1] not in "aeiouwxy" and head[-2] in "aeiou":  # ram → rammed
        out.update({f"{head}{head[-1]}{suffix}" + (f"_{rest}" if rest else ""): verb for suffix in ("ed", "ing")})
    braces = re.search(r"\{([^}]*)\}", line)
    for form in (braces.group(1).split() if braces else ()):
        out[form.lstrip("+").lower()] = verb
    return out


def read_sets(lines: list[str]) -> dict[str, list[str]]:
    """``&NAME`` noun sets at the top of the dictionary → their words (last word of a phrase)."""
    return {name: [p[-1] for p in phrases if p[-1].isalpha()] for name, phrases in noun_sets(lines).items()}


def expand(body: str, sets: dict[str, list[str]]) -> list[str]:
    """Pattern bodies with ``+``/``$`` slot markers removed and one ``&SET`` expanded into its words."""
    body = " ".join(t for t in body.split() if t not in ("+", "$"))
    body = re.sub(r"\(\s*\+\s*\)|\+\)", ")", body).replace("+", "").replace("$", "")
    refs = SETREF.findall(body)
    if not refs:
        return [body]
    if len(refs) > 1:
        return []
    name = refs[0].rstrip("_")
    return [SETREF.sub(w, body, count=1) for w in sets.get(name, [])]


def main(src: str, out: Path = OUT) -> None:
    rows: dict[tuple[str, str, str, str], str] = {}
    phrases: set = set()  # object facts read off a multi-word object (see _object_fact)
    lemmas: list[str] = []
    forms: dict[str, str] = {}  # inflected forms of the block's verbs → the verb ("pulled_out" → "pull_out")
    block_code: str | None = None
    all_lines = Path(src).read_text(encoding="utf-8", errors="replace").splitlines()
    sets = read_sets(all_lines)
    for line in all_lines:
        line, _, comment = line.partition("#")
        line = line.rstrip()
        origin = comment.split()[0].lower() if comment.split() else ""
        if not line.strip():
            continue
        m = HEADER.match(line)
        if m:
            block_code, lemmas, forms = first_code(m.group(2)), [], {}
            continue
        m = PATTERN.match(line)
        if m:
            raw, code = m.group(1), first_code(m.group(2))
            if not code or "*" not in raw or any(ch in raw for ch in "^%"):
                continue
            for body in expand(raw, sets):
                _pattern(body, code, forms.get(origin, origin), lemmas, rows, phrases)
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
        forms.update(inflections(line, tok.lstrip("+").lower()))
        if code:
            rows.setdefault((lemma, particle, "", "", ""), code)  # type: ignore[arg-type]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lemma", "particle", "object", "prep", "prep_object", "code"])
        for key in sorted(rows):
            w.writerow([*key, rows[key]])
    print(f"wrote {len(rows)} rules to {out}")


def _pattern(body, code, origin, lemmas, rows, phrases) -> None:
    before, after = body.split("*", 1)
    if before.strip():
        return
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
            _object_fact(rows, phrases, (lemma, particle, words(obj_m.group(1)), code))


def _object_fact(rows, phrases: set, fact) -> None:
    """``verb + object`` keyed by the object's last word. A phrase (``{AIR RAID}`` → raid) is only a
    stand-in: the object's own one-word pattern (``RAID``) replaces it, whichever comes first."""
    lemma, particle, obj_words, code = fact
    key = (lemma, particle, obj_words[-1].lower(), "", "")
    if len(obj_words) > 1:
        if key not in rows:
            rows[key] = code
            phrases.add(key)
    elif key not in rows or key in phrases:
        rows[key] = code
        phrases.discard(key)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/petrarch/verbs-CAMEO.2.0.txt")
