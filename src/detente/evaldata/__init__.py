"""Project-written evaluation sets for modality and dates, and the scoring that runs them.

(``wire_events.jsonl`` here is the wire-copy event set; ``detente.coding.evaluate`` loads and scores it.)

Every sentence is our own. Each set is split into ``dev`` (tune rules on it) and ``test``
(report on it). Run with ``detente eval modality`` / ``detente eval dates``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

SETS = {"modality": "modality_cases.jsonl", "dates": "date_cases.jsonl"}


def load_cases(name: str, split: str | None = None) -> list[dict[str, Any]]:
    """The cases of one set ("modality" | "dates"), optionally one split ("dev" | "test")."""
    text = resources.files("detente.evaldata").joinpath(SETS[name]).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    for row in rows:
        row.setdefault("split", "dev")
    return [r for r in rows if split in (None, "all", r["split"])]


def find_trigger(doc, trigger: str):
    """The first token whose text is the trigger (case-sensitive first, then not)."""
    first = trigger.split()[0]
    for tok in doc:
        if tok.text == first:
            return tok
    for tok in doc:
        if tok.lower_ == first.lower():
            return tok
    return None


@dataclass
class Outcome:
    """Scores of one run over one split: per-label accuracy, confusion, and the misses."""

    split: str
    total: int = 0
    correct: int = 0
    per_label: dict[str, list[int]] = field(default_factory=dict)  # gold label → [correct, total]
    confusion: Counter = field(default_factory=Counter)  # (gold, predicted) → count
    errors: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def add(self, gold: str, pred: str, ok: bool, case: dict[str, Any], got: dict[str, Any]) -> None:
        self.total += 1
        self.correct += ok
        cell = self.per_label.setdefault(gold, [0, 0])
        cell[0] += ok
        cell[1] += 1
        self.confusion[(gold, pred)] += 1
        if not ok:
            self.errors.append({**case, "got": got})

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "split": self.split,
            "total": self.total,
            "correct": self.correct,
            "accuracy": round(self.accuracy, 4),
            "per_label": {
                k: {"correct": v[0], "total": v[1], "accuracy": round(v[0] / v[1], 4)}
                for k, v in sorted(self.per_label.items())
            },  # fmt: skip
            "confusion": [
                {"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())
            ],
            "errors": self.errors,
            **self.extra,
        }


def _parsed(cases: list[dict[str, Any]], parse: Callable[[Iterable[str]], Iterable]) -> Iterable[tuple]:
    yield from zip(cases, parse(c["text"] for c in cases))


def run_modality(
    cases: list[dict[str, Any]], split: str, parse: Callable, progress: Callable = lambda: None
) -> Outcome:
    """Parse each sentence, code the trigger's modality, compare with the gold label."""
    from detente.coding.modality import modality_of
    from detente.langdata import LanguageData

    cues = LanguageData.default().modality  # load the lexicon before timing

    out = Outcome(split)
    spent = 0.0
    for case, doc in _parsed(cases, parse):
        tok = find_trigger(doc, case["trigger"])
        t0 = time.perf_counter()
        res = modality_of(tok, cues) if tok is not None else None
        spent += time.perf_counter() - t0
        pred = res.label if res else "missing-trigger"
        out.add(
            case["modality"],
            pred,
            pred == case["modality"],
            case,
            {"modality": pred, "cues": res.cues if res else []},
        )
        progress()
    # the done-when check: no prescriptive, hypothetical or negated statement coded as asserted
    out.extra["us_per_call"] = round(spent / max(out.total, 1) * 1e6, 1)
    out.extra["non_factual_as_asserted"] = sum(
        n
        for (g, p), n in out.confusion.items()
        if g in ("prescriptive", "hypothetical", "negated") and p == "asserted"
    )
    return out


def run_dates(
    cases: list[dict[str, Any]], split: str, parse: Callable, progress: Callable = lambda: None
) -> Outcome:
    """Parse each sentence, resolve the trigger's time, compare date and precision exactly."""
    from detente.time import TimeData, resolve_event_time

    TimeData.default()  # load the lexicon before timing

    out = Outcome(split)
    end_ok = end_total = 0
    spent = 0.0
    for case, doc in _parsed(cases, parse):
        tok = find_trigger(doc, case["trigger"])
        if tok is None:
            got = {"date": None, "precision": "missing-trigger", "date_end": None, "reason": ""}
        else:
            t0 = time.perf_counter()
            res = resolve_event_time(tok.sent, tok, case.get("doc_date"))
            spent += time.perf_counter() - t0
            got = {
                "date": res.date,
                "precision": res.precision,
                "date_end": res.date_end,
                "reason": res.reason,
            }
        ok = got["date"] == case.get("date") and got["precision"] == case["precision"]
        out.add(case["precision"], got["precision"], ok, case, got)
        if case.get("date_end"):
            end_total += 1
            end_ok += got["date_end"] == case["date_end"]
        progress()
    out.extra["us_per_call"] = round(spent / max(out.total, 1) * 1e6, 1)
    out.extra["span_end_correct"] = end_ok
    out.extra["span_end_total"] = end_total
    return out


__all__ = ["Outcome", "find_trigger", "load_cases", "run_dates", "run_modality"]
