"""Actor recall on the gold event sets and resolver cost next to parsing (a measurement tool,
not used by the product).

Run: ``.venv/bin/python -m detente.actors.measure ../shared`` — prints, per gold set, how often
the gold source/target country (or organisation) is among the resolved mentions of its
sentence, and the time spent in ``ActorResolver.resolve`` against spaCy parse time.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from detente.actors import ActorResolver
from detente.nlp import load_pipeline

#: Gold-set spellings that are not ISO alpha-3.
GOLD_FIX = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "FRN": "FRA", "TMP": "TLS"}
ORG_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


def _gold_key(code: str) -> str | None:
    code = (code or "").strip().upper()
    if not code or code.startswith("---") or code == "***":
        return None
    head = code[:3]
    return head if head in ORG_PREFIXES else GOLD_FIX.get(head, head)


def _found_keys(mentions) -> set[str]:
    keys = set()
    for m in mentions:
        if m.code:
            keys.add(m.code[:3] if m.code[:3] in ORG_PREFIXES else (m.country or m.code[:3]))
    return keys


def load_sets(shared: Path) -> dict[str, list[tuple[str, str | None, list[str]]]]:
    """name → [(text, date, gold actor codes)]."""
    sets: dict[str, list] = {"petr2": [], "plover": []}
    for line in open(shared / "eval/events/petr2_gsr_validation.jsonl", encoding="utf-8"):
        d = json.loads(line)
        golds = [c for e in d["events"] for c in (e.get("source"), e.get("target"))]
        date = d.get("date")
        sets["petr2"].append((d["text"], f"{date[:4]}-{date[4:6]}-{date[6:]}" if date else None, golds))
    for d in json.load(open(shared / "eval/events/plover_gsr_cameo.json", encoding="utf-8")):
        if not d.get("text"):
            continue
        golds = []
        for side in ("source", "target"):
            v = d.get(side) or []
            for a in [v] if isinstance(v, dict) else v:
                if isinstance(a, dict):
                    golds.append(a.get("code", ""))
        sets["plover"].append((d["text"], None, golds))  # plover dates are placeholders (2000-01-01)
    return sets


TEST_SETS = frozenset({"petr2"})


def measure(shared: Path) -> dict:
    nlp = load_pipeline()
    resolver = ActorResolver()
    report: dict = {}
    parse_s = resolve_s = 0.0
    sentences = 0
    for name, rows in load_sets(shared).items():
        hit = total = 0
        misses: list[tuple[str, str]] = []
        for text, date, golds in rows:
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            mentions = resolver.resolve(doc, date)
            t2 = time.perf_counter()
            parse_s += t1 - t0
            resolve_s += t2 - t1
            sentences += 1
            found = _found_keys(mentions)
            for g in golds:
                key = _gold_key(g)
                if key is None:
                    continue
                total += 1
                if key in found:
                    hit += 1
                elif len(misses) < 15 and name not in TEST_SETS:
                    misses.append((g, text[:90]))
        report[name] = {"gold_actors": total, "found": hit, "recall": round(hit / max(total, 1), 3)}
        if name not in TEST_SETS:  # a test set is scored, never read: no sentences of it are shown
            report[name]["some_misses"] = misses
    report["speed"] = {"sentences": sentences, "parse_s": round(parse_s, 3), "resolve_s": round(resolve_s, 3),
                       "resolve_over_parse": round(resolve_s / max(parse_s, 1e-9), 3)}
    corpus = shared / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.txt"))] if corpus.exists() else []
    if texts:
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        t1 = time.perf_counter()
        n = sum(len(resolver.resolve(d, None)) for d in docs)
        t2 = time.perf_counter()
        report["corpus_speed"] = {"documents": len(docs), "tokens": sum(len(d) for d in docs), "mentions": n,
                                  "parse_s": round(t1 - t0, 3), "resolve_s": round(t2 - t1, 3),
                                  "resolve_over_parse": round((t2 - t1) / (t1 - t0), 3)}
    return report


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    print(json.dumps(measure(shared), indent=1))
