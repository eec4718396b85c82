"""Scoring the coder against our own bundled dispatches (``examples/korea``, a development set).

``expected_events.jsonl`` lists only the 2–5 *key* events of each dispatch, so precision is not
meaningful: we report recall and the number of predicted events. An expected event is found
when some coded event of the same document has the same (source country, target country,
CAMEO root); ``IGOUNO`` counts as ``IGO``, a null target matches only an event with no target.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from detente.coding.evaluate import actor_country, gold_country
from detente.records import Document, Event

EXPECTED_FILE = "expected_events.jsonl"


@dataclass
class Expected:
    doc: str
    source: str | None
    target: str | None
    root: str
    note: str = ""

    @property
    def key(self) -> tuple[str | None, str | None, str]:
        return (self.source, self.target, self.root)


def load_expected(directory: Path) -> list[Expected]:
    rows = [json.loads(line) for line in (Path(directory) / EXPECTED_FILE).read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [Expected(r["doc"], gold_country(r.get("source")), gold_country(r.get("target")),
                     str(r["cameo_root"]), r.get("note", "")) for r in rows]


def load_documents(directory: Path) -> list[Document]:
    """The dispatches with their manifest dates, read as ingest reads them."""
    from detente.corpus.collect import collect

    return collect([Path(directory)]).documents


def code_documents(docs: list[Document], coder, progress: Callable[[int], None] | None = None
                   ) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for doc, _sents, events in coder.code_documents(docs):
        out[doc.id] = events
        if progress:
            progress(1)
    return out


def evaluate_korea(expected: list[Expected], predicted: dict[str, list[Event]]) -> dict:
    """Recall of the key events, by CAMEO root, with the predicted-event count."""
    keys = {doc: {(actor_country(e.source), actor_country(e.target), e.cameo_root) for e in evs}
            for doc, evs in predicted.items()}
    found = [x for x in expected if x.key in keys.get(x.doc, set())]
    by_root_all = Counter(x.root for x in expected)
    by_root_hit = Counter(x.root for x in found)
    n = len(expected)
    return {
        "set": "korea-example",
        "label": "(source, target, CAMEO root) of the key events; precision not meaningful",
        "documents": len(predicted),
        "expected": n,
        "predicted": sum(len(v) for v in predicted.values()),
        "matched": len(found),
        "recall": round(len(found) / n, 3) if n else 0.0,
        "recall_by_root": {r: f"{by_root_hit[r]}/{by_root_all[r]}" for r in sorted(by_root_all)},
    }


def missed(expected: list[Expected], predicted: dict[str, list[Event]]) -> list[Expected]:
    """Expected events with no matching coded event (for error analysis on this dev set)."""
    keys = {doc: {(actor_country(e.source), actor_country(e.target), e.cameo_root) for e in evs}
            for doc, evs in predicted.items()}
    return [x for x in expected if x.key not in keys.get(x.doc, set())]
