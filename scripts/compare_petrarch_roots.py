"""Dev script: how often the rules' root for a verb trigger differs from the code PETRARCH-2's own verb
dictionary would give it, and which of the two a development set's gold agrees with (docs/coder.md,
"Fifth push"). Reads ../shared at development time only; the product never does.

    .venv/bin/python scripts/compare_petrarch_roots.py wire-dev
    .venv/bin/python scripts/compare_petrarch_roots.py cameo-manual --data ../shared/eval/events

PETRARCH's reading is approximated over our parse: every pattern of the verb's whole synonym block is
tried against the words of the verb's subtree after it (and the sentence's words before it for the
patterns' left side); the pattern with the most words wins, else the verb's own or the block's default.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from detente.coding import evaluate as ev
from detente.coding.coder import EventCoder
from detente.langdata.petrarch import HEADER, PATTERN, noun_sets
from detente.nlp import parse

DICTIONARY = Path("../shared/data/petrarch/verbs-CAMEO.2.0.txt")


def _code(raw: str) -> str | None:
    code = raw.split(":")[0].strip()
    return code if re.match(r"^\d{2,4}$", code) else None


def read_sets(lines: list[str]) -> dict[str, set[str]]:
    """``&NAME`` noun sets → their words."""
    return {name: {w.lower() for p in phrases for w in p} for name, phrases in noun_sets(lines).items()}


def read_blocks(lines: list[str]) -> dict[tuple[str, str], dict]:
    """(verb, particle) → its synonym block: ``{"verbs": {key: default code}, "patterns": [(left, right, code)]}``."""
    by_verb: dict[tuple[str, str], dict] = {}
    block: dict | None = None
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB"))
    for line in lines[start:]:
        body = line.partition("#")[0].rstrip()
        header = HEADER.match(body)
        if header:
            block = {"code": _code(header.group(2)), "verbs": {}, "patterns": []}
        elif block is None or not body.strip() or body.startswith((" ", "\t")):
            continue
        elif (m := PATTERN.match(body)) and "*" in m.group(1):
            left, right = m.group(1).split("*", 1)
            block["patterns"].append((left, right, _code(m.group(2))))
        elif not body.startswith("-"):
            parts = body.split()[0].lstrip("+").lower().split("_")
            if len(parts) <= 2 and parts[0].isalpha():
                own = re.search(r"\[([^\]]*)\]", body)
                key = (parts[0], parts[1] if len(parts) == 2 else "")
                block["verbs"][key] = _code(own.group(1)) if own else block["code"]
                by_verb.setdefault(key, block)
    return by_verb


def _items(text: str, sets: dict[str, set[str]]) -> list[tuple[str, object]]:
    """A pattern side → what it requires: ("p", preposition) or ("w", {words}), one of which must occur."""
    items: list[tuple[str, object]] = []
    for m in re.finditer(r"\((\w+)([^)]*)\)|([&\w]+)", text.replace("{", " ").replace("}", " ")):
        if m.group(1):
            items.append(("p", m.group(1).lower()))
        for w in (m.group(2) or "").split() + ([m.group(3)] if m.group(3) else []):
            words = sets.get(w[1:].rstrip("_"), set()) if w.startswith("&") else {w.lower().rstrip("_")}
            if all(x.isalpha() for x in words):
                items.append(("w", words))
    return items


def _holds(items, words: set[str]) -> bool:
    return all((req & words) if kind == "w" else (req in words) for kind, req in items)


def petrarch_code(tok, sets, blocks) -> str | None:
    """The code PETRARCH's block for ``tok``'s verb gives it: the longest matching pattern, else the default."""
    lemma = tok.lemma_.lower()
    prts = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    key = (lemma, prts[0]) if prts and (lemma, prts[0]) in blocks else (lemma, "")
    block = blocks.get(key)
    if block is None:
        return None
    after = {w for t in tok.subtree if t.i > tok.i for w in (t.lower_, t.lemma_.lower())}
    before = {w for t in tok.sent if t.i < tok.i for w in (t.lower_, t.lemma_.lower())}
    best, size = block["verbs"].get(key), 0
    for left, right, code in block["patterns"]:
        req_l, req_r = _items(left, sets), _items(right, sets)
        n = len(req_l) + len(req_r)
        if n > size and _holds(req_r, after) and _holds(req_l, before):
            best, size = code, n
    return best


def compare(name: str, data: Path | None) -> Counter:
    lines = DICTIONARY.read_text(encoding="utf-8", errors="replace").splitlines()
    sets, blocks = read_sets(lines), read_blocks(lines)
    gold = ev.load_set(name, data)
    predicted = ev.code_sentences(gold, EventCoder())
    out: Counter = Counter()
    for g, events, doc in zip(gold, predicted, parse([g.text for g in gold])):
        roots = {(e.get("code") or "")[:2] for e in g.events} | ({g.code[:2]} if g.code else set())
        for e in (e for e in events if (e.pattern or "").startswith("verb:")):
            tok = next((t for t in doc if t.idx == e.trigger_start), None)
            if tok is None:
                continue
            theirs = (petrarch_code(tok, sets, blocks) or "")[:2]
            out["verb events"] += 1
            out[_outcome(e.cameo_root, theirs, roots)] += 1
    return out


def _outcome(ours: str, theirs: str, roots: set[str]) -> str:
    if not theirs:
        return "PETRARCH: no code"
    if theirs == ours:
        return "same root"
    if not roots - {""}:
        return "other root, sentence has no gold event"
    if ours in roots and theirs not in roots:
        return "other root, gold agrees with ours"
    if theirs in roots and ours not in roots:
        return "other root, gold agrees with PETRARCH"
    return "other root, neither (or both)"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", choices=[s for s in ev.SETS if s not in ev.TEST_SETS])
    ap.add_argument("--data", type=Path, default=None)
    args = ap.parse_args()
    for outcome, n in sorted(compare(args.set, args.data).items()):
        print(f"{outcome}: {n}")
