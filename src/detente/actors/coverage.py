"""Actor coverage on the development sets: for each gold source/target, does the resolver find a
mention of it, and with the right code?

Why apart from ``eval coder``: a missed event can come from the rules, the label or the actors;
this isolates the actors. Two kinds of gold:

- *codes* (wire-dev, korea-example, plover): a gold actor is **found** when a resolved mention of
  its sentence (document, for korea-example) has the same country (or IGO/NGO/IMG head), and
  **exact** when a mention also has the same full code (``ISRMIL``); ``---`` codes are skipped.
- *strings* (plv-train's source/target text): a gold string is **covered** when a mention with a
  code overlaps its characters; **mentioned** when any mention (also an unresolved sector word)
  does.

Test sets are never read here. ``detente eval actors`` is the command.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from detente.actors.mention import ActorMention
from detente.coding.evaluate import gold_country, load_set

ORG_HEADS = ("IGO", "NGO", "IMG")
CODED_SETS = ("wire-dev", "korea-example", "plover")
STRING_SETS = ("plv-train",)
DEV_SETS = CODED_SETS + STRING_SETS


@dataclass
class Case:
    """One sentence or document with its gold actors (codes or strings)."""

    text: str
    date: str | None
    codes: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)


@dataclass
class Coverage:
    set_name: str
    gold: int = 0
    found: int = 0
    exact: int = 0
    misses: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        found_key, exact_key = ("covered", "mentioned") if self.set_name in STRING_SETS else ("found", "exact")
        return {"set": self.set_name, "gold_actors": self.gold, found_key: round(self.found / max(self.gold, 1), 3),
                exact_key: round(self.exact / max(self.gold, 1), 3)}


def _key(code: str | None) -> str | None:
    """Country (or IGO/NGO/IMG head) of a code, as ``eval coder`` compares them."""
    if not code or code.strip().startswith("---"):
        return None
    head = code.strip()[:3].upper()
    return head if head in ORG_HEADS else gold_country(code)


def _mention_key(m: ActorMention) -> str | None:
    if not m.code:
        return None
    return m.code[:3] if m.code[:3] in ORG_HEADS else (m.country or _key(m.code))


def load_cases(set_name: str, data: Path) -> list[Case]:
    """Gold actors of one development set (``data``: the folder with plover / plv-train files)."""
    if set_name in ("wire-dev", "plover"):
        gold = load_set(set_name, data)
        return [Case(s.text, s.date if set_name != "plover" else None,  # plover dates are placeholders
                     codes=sorted({c for e in s.events for c in (e.get("source"), e.get("target")) if c}))
                for s in gold]
    if set_name == "korea-example":
        from detente.coding.eval_korea import load_documents
        from detente.resources import bundled_example

        folder = bundled_example()
        rows = [json.loads(x) for x in (folder / "expected_events.jsonl").read_text(encoding="utf-8").splitlines()
                if x.strip()]
        return [Case(d.text, d.date, codes=sorted({c for r in rows if r["doc"] == d.id
                                                    for c in (r.get("source"), r.get("target")) if c}))
                for d in load_documents(folder)]
    if set_name == "plv-train":
        rows = [json.loads(x) for x in (data / "plv_train.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        return [Case(r["text"], None, strings=[s for s in (r.get("source"), r.get("target")) if s and s in r["text"]])
                for r in rows]
    raise ValueError(f"unknown development set {set_name!r}; choose one of {', '.join(DEV_SETS)}")


def score_case(cov: Coverage, case: Case, mentions: list[ActorMention], keep: int) -> None:
    """Add one case's gold actors to ``cov`` (and up to ``keep`` misses)."""
    keys = {_mention_key(m) for m in mentions} - {None}
    codes = {m.code for m in mentions if m.code}
    for code in case.codes:
        key = _key(code)
        if key is None:
            continue
        cov.gold += 1
        cov.found += key in keys
        exact = code in codes or (len(code) == 3 and key in keys)
        cov.exact += exact
        if not exact and len(cov.misses) < keep:
            cov.misses.append({"gold": code, "miss": "code" if key in keys else "country", "text": case.text[:160],
                               "ours": sorted(codes)})
    for s in case.strings:
        a = case.text.index(s)
        b = a + len(s)
        over = [m for m in mentions if m.start_char < b and m.end_char > a]
        cov.gold += 1
        cov.found += any(m.code for m in over)
        cov.exact += bool(over)
        if not any(m.code for m in over) and len(cov.misses) < keep:
            cov.misses.append({"gold": s, "text": case.text[:160],
                               "ours": [f"{m.text}={m.code}" for m in mentions]})


def actor_coverage(set_name: str, data: Path, resolve: Callable[[Iterable[Case]], Iterable[list[ActorMention]]],
                   keep: int = 0) -> Coverage:
    """Coverage of one development set; ``resolve`` maps cases to their mentions (parse + resolve)."""
    cases = [c for c in load_cases(set_name, data) if c.codes or c.strings]
    cov = Coverage(set_name)
    for case, mentions in zip(cases, resolve(cases)):
        score_case(cov, case, mentions, keep)
    return cov


def resolver_function(lang=None) -> Callable[[Iterable[Case]], Iterable[list[ActorMention]]]:
    """Parse with the project's pipeline and resolve with an ``ActorResolver`` over ``lang``."""
    from detente.actors import ActorResolver
    from detente.nlp import load_pipeline

    nlp = load_pipeline()
    resolver = ActorResolver(lang, nlp.tokenizer)

    def run(cases: Iterable[Case]) -> Iterable[list[ActorMention]]:
        cases = list(cases)
        for case, doc in zip(cases, nlp.pipe((c.text for c in cases), batch_size=64)):
            yield resolver.resolve(doc, case.date)
    return run
