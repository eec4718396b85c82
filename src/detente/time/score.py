"""TempEval-3 scoring of time expressions: span F1 (strict and relaxed), value accuracy, value F1.

Matching is one-to-one: a system expression matches the gold expression it overlaps most
(relaxed) or has exactly the same offsets as (strict). Value F1 counts, as TempEval-3 does, a
relaxed match whose value is right: P = right values / system expressions, R = right values /
gold expressions (so value F1 = relaxed F1 × value accuracy).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class TimexScore:
    gold: int = 0
    system: int = 0
    strict: int = 0
    relaxed: int = 0
    value_ok: int = 0
    type_ok: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    by_type: Counter = field(default_factory=Counter)

    @staticmethod
    def f1(hits: int, system: int, gold: int) -> tuple[float, float, float]:
        p = hits / system if system else 0.0
        r = hits / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict[str, Any]:
        sp, sr, sf = self.f1(self.strict, self.system, self.gold)
        rp, rr, rf = self.f1(self.relaxed, self.system, self.gold)
        vp, vr, vf = self.f1(self.value_ok, self.system, self.gold)
        return {
            "gold": self.gold,
            "system": self.system,
            "strict_p": round(sp, 4), "strict_r": round(sr, 4), "strict_f1": round(sf, 4),
            "relaxed_p": round(rp, 4), "relaxed_r": round(rr, 4), "relaxed_f1": round(rf, 4),
            "value_accuracy": round(self.value_ok / self.relaxed, 4) if self.relaxed else 0.0,
            "type_accuracy": round(self.type_ok / self.relaxed, 4) if self.relaxed else 0.0,
            "value_f1": round(vf, 4),
        }  # fmt: skip


def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def score_document(gold: list[dict], system: list[dict], total: TimexScore, doc_id: str = "") -> None:
    """Add one document's matches to ``total`` (misses keep what went wrong)."""
    total.gold += len(gold)
    total.system += len(system)
    used: set[int] = set()
    for g in gold:
        best, best_k = 0, None
        for k, s in enumerate(system):
            if k not in used and (ov := _overlap(g, s)) > best:
                best, best_k = ov, k
        if best_k is None:
            total.misses.append({"doc": doc_id, "kind": "missed", "gold": g})
            total.by_type[("missed", g["type"])] += 1
            continue
        used.add(best_k)
        s = system[best_k]
        total.relaxed += 1
        total.strict += (s["start"], s["end"]) == (g["start"], g["end"])
        total.type_ok += s["type"] == g["type"]
        if s["value"] == g["value"]:
            total.value_ok += 1
        else:
            total.misses.append({"doc": doc_id, "kind": "value", "gold": g, "got": s})
        if (s["start"], s["end"]) != (g["start"], g["end"]):
            total.misses.append({"doc": doc_id, "kind": "extent", "gold": g, "got": s})
    for k, s in enumerate(system):
        if k not in used:
            total.misses.append({"doc": doc_id, "kind": "spurious", "got": s})


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Documents of a converted TimeML set: one JSON object a line with ``text``, ``dct``, ``timexes``."""
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                d["text"], d["timexes"]  # noqa: B018 (required keys)
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{n}: not a time-expression document ({exc.__class__.__name__})") from exc
            docs.append(d)
    return docs


def evaluate(docs: Iterable[dict], tagger: Callable[[str, str | None], list]) -> TimexScore:
    """Tag each document's text against its ``dct`` and score it against its gold expressions."""
    total = TimexScore()
    for d in docs:
        got = [r.to_json() if hasattr(r, "to_json") else r for r in tagger(d["text"], d.get("dct"))]
        score_document(d["timexes"], got, total, d.get("doc_id", ""))
    return total


__all__ = ["TimexScore", "evaluate", "load_gold", "score_document"]
