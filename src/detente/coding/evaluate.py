"""Scoring the coder against gold-standard event sets (PETR-2, CAMEO manual, PLOVER examples).

Matching (see docs/benchmarks.md): within each gold sentence, predicted events become
(source country, target country, label) tuples, deduplicated; gold events the same. A gold
tuple is found when an equal predicted tuple is left unmatched (multiset intersection).
Countries are the first three letters of a CAMEO actor code (``USAGOV`` → ``USA``,
``IGOUNO`` → ``IGO``); ``---`` codes and missing actors are ``None``, which matches ``None``.
Events of every modality count: the gold sets code what a sentence reports, whatever its mood.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from detente.records import Actor, Document, Event

SETS = ("petr2", "cameo-manual", "plover", "wire-dev", "wire-test")
SET_FILES = {
    "petr2": "petr2_gsr_validation.jsonl",
    "cameo-manual": "cameo_manual_examples.jsonl",
    "plover": "plover_gsr_cameo.json",
}
#: Our own wire-copy sentences (bundled in ``detente.evaldata``), one file split into dev and test.
WIRE_FILE = "wire_events.jsonl"
BUNDLED_SETS = ("wire-dev", "wire-test")
#: Sets that are scored, never read: their sentences and errors are not listed.
TEST_SETS = ("petr2", "wire-test")
# PLOVER 0.5 categories in the gold file → the 2021 names our ontology uses.
PLOVER_RENAMES = {"DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}

Tuple3 = tuple[str | None, str | None, str]


@dataclass
class GoldSentence:
    id: str
    text: str
    date: str | None
    events: list[dict] = field(default_factory=list)  # {"source", "target", "code"|"plover"}
    code: str | None = None  # CAMEO-manual: the one code the example illustrates


# Non-ISO country codes some gold files use (older hand coding): the ISO alpha-3 we emit.
LEGACY_COUNTRY = {"JAP": "JPN", "ITL": "ITA"}
NON_STATE_HEADS = ("IGO", "NGO", "IMG")  # CAMEO's non-state codes stand in for a country


def gold_country(code: str | None) -> str | None:
    """``USAGOV`` → ``USA``; ``---LEG`` / empty → None; legacy ``JAP`` → ``JPN``."""
    if not code:
        return None
    head = code.strip()[:3].upper()
    return None if not head.isalpha() else LEGACY_COUNTRY.get(head, head)


def actor_country(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return actor.country.upper()
    head = (actor.code or "")[:3].upper()
    if head in NON_STATE_HEADS:  # IGOUNO → IGO, NGOHRIAMN → NGO, IMGMUSALQ → IMG: as gold codes read
        return head
    return None


def _iso_date(raw: str | None) -> str | None:
    if raw and len(raw) == 8 and raw.isdigit():
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return raw


def load_set(name: str, directory: Path | None = None) -> list[GoldSentence]:
    """Read one gold set: from ``directory`` (``../shared/eval/events``), or bundled for wire-*."""
    if name in BUNDLED_SETS:
        return load_wire(name.split("-", 1)[1])
    path = Path(directory) / SET_FILES[name]
    if name == "petr2":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [GoldSentence(r["id"], r["text"], _iso_date(r.get("date")), list(r.get("events") or []))
                for r in rows]
    if name == "cameo-manual":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [GoldSentence(f"cameo-{i}", r["text"], None, code=r["code"]) for i, r in enumerate(rows)]
    return _load_plover(path)


def load_wire(split: str = "dev") -> list[GoldSentence]:
    """Our wire-copy set (``split`` = dev | test | all): same fields and scoring as PETR-2."""
    from importlib import resources

    text = resources.files("detente.evaldata").joinpath(WIRE_FILE).read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [GoldSentence(r["id"], r["text"], r.get("date"), list(r.get("events") or []))
            for r in rows if split in ("all", r.get("split", "dev"))]


def _codes(side) -> list[str | None]:
    if isinstance(side, list) and side:
        return [a.get("code") for a in side]
    return []


def _load_plover(path: Path) -> list[GoldSentence]:
    out = []
    for r in json.loads(path.read_text(encoding="utf-8")):
        if not r.get("text") or r.get("event") == "DOCUMENT":
            continue
        label = PLOVER_RENAMES.get(r["event"], r["event"])
        srcs, tgts = _codes(r.get("source")), _codes(r.get("target"))
        events = []
        if tgts:
            events = [{"source": s, "target": t, "plover": label} for s in srcs for t in tgts]
        elif len(srcs) > 1:  # "X and Y agreed": the sources act on each other
            events = [{"source": s, "target": t, "plover": label} for s in srcs for t in srcs if s != t]
        else:
            events = [{"source": s, "target": None, "plover": label} for s in srcs]
        out.append(GoldSentence(r["id"], r["text"], r.get("date"), events))
    return out


@dataclass
class Scores:
    n_sentences: int
    n_gold: int
    n_pred: int
    matched: int
    exact: int

    @property
    def precision(self) -> float:
        return self.matched / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"sentences": self.n_sentences, "gold": self.n_gold, "predicted": self.n_pred,
                "matched": self.matched, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3),
                "exact_code_accuracy": round(self.exact / self.matched, 3) if self.matched else 0.0}


def score_tuples(gold: Iterable[tuple[list[Tuple3], list[str]]],
                 pred: Iterable[tuple[list[Tuple3], list[str]]]) -> Scores:
    """Per-sentence multiset matching of (source, target, label) tuples.

    Each item is (tuples, full codes aligned with the tuples); a matched tuple counts as exact
    when one of the predicted codes for it equals one of the gold codes for it.
    """
    n = n_gold = n_pred = matched = exact = 0
    for (g_t, g_c), (p_t, p_c) in zip(gold, pred):
        n += 1
        p_unique = list(dict.fromkeys(p_t))
        n_gold += len(g_t)
        n_pred += len(p_unique)
        hits = Counter(g_t) & Counter(p_unique)
        matched += sum(hits.values())
        for tup, k in hits.items():
            g_codes = {c for t, c in zip(g_t, g_c) if t == tup}
            p_codes = {c for t, c in zip(p_t, p_c) if t == tup}
            exact += k if g_codes & p_codes else 0
    return Scores(n, n_gold, n_pred, matched, exact)


def _gold_tuples(s: GoldSentence, key: str) -> list[Tuple3]:
    """(source country, target country, label) of each gold event; ``key`` "plover" or "code" (CAMEO root)."""
    return [(gold_country(e["source"]), gold_country(e["target"]), e["plover"] if key == "plover" else e["code"][:2])
            for e in s.events]


def _pred_tuples(events: list[Event], label: Callable[[Event], str | None]) -> tuple[list[Tuple3], list[str]]:
    tuples, codes = [], []
    for e in events:
        lab = label(e)
        if lab is None:
            continue
        tuples.append((actor_country(e.source), actor_country(e.target), lab))
        codes.append(e.cameo)
    return tuples, codes


def best_event(events: list[Event]) -> Event | None:
    """The event a one-code example is judged by: one the learned top arbiter put on top
    (``coding/learned/top.py``), else the shallowest trigger in the parse (the main clause), then
    the highest confidence, then the earliest trigger."""
    if not events:
        return None
    return sorted(events, key=lambda e: ("top_arbiter" not in e.explanation, e.explanation.get("depth", 0),
                                         -e.confidence, e.trigger_start or 0))[0]


def code_sentences(gold: list[GoldSentence], coder, progress: Callable[[int], None] | None = None
                   ) -> list[list[Event]]:
    """Code each gold sentence as its own document; events per sentence, in order."""
    docs = [Document(id=g.id, text=g.text, date=g.date) for g in gold]
    out: list[list[Event]] = []
    for _doc, _sents, events in coder.code_documents(docs):
        out.append(events)
        if progress:
            progress(1)
    return out


def evaluate(name: str, gold: list[GoldSentence], predicted: list[list[Event]]) -> dict:
    """Metrics for one set (see the module docstring for the matching rules)."""
    if name == "cameo-manual":
        return _cameo_manual(gold, predicted)
    if name == "plover":
        g = [(_gold_tuples(s, "plover"), [e["plover"] for e in s.events]) for s in gold]
        p = [_pred_tuples(evs, lambda e: e.plover_event) for evs in predicted]
        p = [(t, [x[2] for x in t]) for t, _ in p]  # "exact" = the PLOVER label itself
        scores = score_tuples(g, p).as_dict()
        scores.pop("exact_code_accuracy")
        misses = miss_breakdown([t for t, _ in g], [t for t, _ in p])
        return {"set": name, "label": "(source, target, PLOVER event)", **scores, "gold_by_outcome": misses}
    g = [(_gold_tuples(s, "code"), [e["code"] for e in s.events]) for s in gold]
    p = [_pred_tuples(evs, lambda e: e.cameo_root) for evs in predicted]
    misses = miss_breakdown([t for t, _ in g], [t for t, _ in p])
    return {"set": name, "label": "(source, target, CAMEO root)", **score_tuples(g, p).as_dict(),
            "gold_by_outcome": misses}


def list_misses(name: str, gold: list[GoldSentence], predicted: list[list[Event]]) -> list[dict]:
    """Development-set sentences with a gold tuple we missed: text, gold and predicted tuples, and
    the pattern behind each prediction (what a developer reads to find the next rule)."""
    if name in TEST_SETS:
        raise ValueError(f"{name} is a test set: it is scored, not read")
    key = "plover" if name == "plover" else "code"
    out = []
    for g, evs in zip(gold, predicted):
        if name == "cameo-manual":
            best = best_event(evs)
            if best is None or best.cameo_root != (g.code or "")[:2]:
                out.append({"id": g.id, "text": g.text, "gold": [g.code], "predicted": [_described(e) for e in evs]})
            continue
        g_t = _gold_tuples(g, key)
        p_t = set(_pred_tuples(evs, (lambda e: e.plover_event) if key == "plover" else (lambda e: e.cameo_root))[0])
        missed = [t for t in g_t if t not in p_t]
        if missed:
            out.append({"id": g.id, "text": g.text, "gold": g.events, "missed": missed,
                        "predicted": [_described(e) for e in evs]})
    return out


def _described(e: Event) -> dict:
    return {"source": e.source.code if e.source else None, "target": e.target.code if e.target else None,
            "cameo": e.cameo, "modality": e.modality, "pattern": e.explanation.get("pattern")}


def miss_breakdown(gold: list[list[Tuple3]], pred: list[list[Tuple3]]) -> dict[str, int]:
    """Why each gold tuple was (not) found: the nearest predicted tuple in its sentence."""
    out: Counter = Counter()
    for g_t, p_t in zip(gold, pred):
        for gs, gt, gl in g_t:
            if (gs, gt, gl) in p_t:
                out["found"] += 1
            elif any(p[0] == gs and p[2] == gl for p in p_t):
                out["target wrong or missing"] += 1
            elif any(p[0] == gs and p[1] == gt for p in p_t):
                out["label wrong"] += 1
            elif any(p[2] == gl for p in p_t):
                out["source wrong"] += 1
            elif any(p[0] == gs for p in p_t):
                out["source right, rest wrong"] += 1
            elif p_t:
                out["only unrelated events"] += 1
            else:
                out["no event"] += 1
    return dict(out)


def _cameo_manual(gold: list[GoldSentence], predicted: list[list[Event]]) -> dict:
    n = len(gold)
    best = [best_event(evs) for evs in predicted]
    root_ok = sum(1 for g, b in zip(gold, best) if b is not None and b.cameo_root == (g.code or "")[:2])
    code_ok = sum(1 for g, b in zip(gold, best) if b is not None and b.cameo == g.code)
    any_ok = sum(1 for g, evs in zip(gold, predicted) if any(e.cameo_root == (g.code or "")[:2] for e in evs))
    covered = sum(1 for b in best if b is not None)
    return {"set": "cameo-manual", "label": "CAMEO root of the best event per sentence",
            "sentences": n, "with_event": covered,
            "root_accuracy": round(root_ok / n, 3) if n else 0.0,
            "root_accuracy_when_coded": round(root_ok / covered, 3) if covered else 0.0,
            "root_in_any_event": round(any_ok / n, 3) if n else 0.0,
            "exact_code_accuracy": round(code_ok / n, 3) if n else 0.0}
