"""The learned parts as one shipped bundle: three estimators, the CAMEO-root head, and the
confidence thresholds chosen by cross-validation. Saved with joblib (compressed) in
``coding/learned/data/learned.joblib``; ``scripts/train_coder.py`` rebuilds it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from detente.coding.learned.arbiter import Arbiter
from detente.coding.learned.data import PLV_TYPES, plover_of_code
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.models import DyadRanker, EventTypeClassifier, RelevanceGate

ARTEFACT = "learned.joblib"
FORMAT = 1


@dataclass
class Thresholds:
    """When the learned parts act (chosen by cross-validation on all development sets together,
    ``train.choose_thresholds``). A threshold of 1.0 or more turns its decision off."""

    gate: float = 0.5  # no rule fired: P(political event) at least this
    event_type: float = 0.5  # no rule fired: P(PLOVER type) at least this
    actor: float = 0.0  # no rule fired: P(source) and P(target) of the chosen mentions at least this
    #: the rules fired: recode their top event with the classifier's type when P(type) is at least
    #: this and the type differs from the rules'
    recode: float = 1.0
    #: the rules fired: give their top event the dyad ranker's source / target when the rules left it
    #: empty (``fill_*``) or named another mention (``fix_*``, and the ranker scores the rules' lower)
    fill_source: float = 1.0
    fill_target: float = 1.0
    fix_source: float = 1.0
    fix_target: float = 1.0
    #: a rules' actor the resolver coded is replaced only by a coded mention (analyses need its
    #: country); chosen by cross-validation like the thresholds
    coded_stays: bool = False
    #: a correction whose least score (the type's for a recode, the ranker's for each actor it
    #: changes) is below this is added as a second event beside the rules' one, which stays (its
    #: tuple may be the right one: recall); at or above it the correction replaces the rules' event
    replace: float = 0.0
    #: a correction added beside the rules' event goes *on top* of it (what a one-event reader
    #: takes) when the arbiter's P(the corrected reading is the better one) is at least this
    #: (``arbiter.Arbiter``; 1.0 or more: the rules' event stays on top)
    on_top: float = 1.0
    #: the learned parts' own reading (the classifier's type, the ranker's dyad) goes on top of the
    #: rules' typed top event, as a second reading beside it, when the takeover arbiter's P(it is
    #: the better one) is at least this (``arbiter.takeover_features``; 1.0 or more: never)
    learned_top: float = 1.0
    #: choose the dyad among mentions the actor resolver coded where two of them are candidates,
    #: else among every noun phrase (off, the default: always every noun phrase; docs/coder.md)
    prefer_resolved: bool = False


@dataclass
class Decision:
    """What the learned parts say about one sentence (``roles``: per candidate, the dyad ranker's
    none / source / target probabilities)."""

    relevance: float
    plover: str
    type_score: float
    root: str
    dyad: tuple[int | None, int | None]
    actor_scores: tuple[float, float]
    roles: np.ndarray | None = field(default=None, compare=False)  # arrays do not compare with ==
    probs: dict[str, float] = field(default_factory=dict, compare=False)  # P(type) of every PLOVER type

    def confident(self, t: Thresholds) -> bool:
        """Where no rule fired: whether gate, type and actor scores reach their thresholds (and the
        ranker found a source and a target)."""
        if None in self.dyad:
            return False
        return (self.relevance >= t.gate and self.type_score >= t.event_type
                and min(self.actor_scores) >= t.actor)

    def recodes(self, t: Thresholds, rule_type: str | None) -> bool:
        """Where the rules fired: whether the classifier's type replaces their top event's — it is
        sure enough and names another PLOVER type (where it agrees on the type, the rules' finer
        code stays)."""
        return rule_type is not None and self.type_score >= t.recode and self.plover != rule_type

    def better_actor(self, role: int, current: int | None, missing: bool, exclude: int | None,
                     t: Thresholds, allowed: Sequence[bool] | None = None) -> int | None:
        """The candidate the dyad ranker puts in ``role`` (1 source, 2 target) instead of the rules'
        (``current``: its candidate index, None when it is none of them; ``missing``: the rules
        left the role empty), or None to keep the rules'. ``exclude``: the other side's candidate;
        ``allowed``: which candidates may be chosen (default: all)."""
        if self.roles is None or not len(self.roles):
            return None
        scores = self.roles[:, role].astype(float)
        if allowed is not None:
            scores[~np.asarray(allowed, bool)] = -1.0
        if exclude is not None:
            scores[exclude] = -1.0
        best = int(np.argmax(scores))
        if best == current or scores[best] < 0:
            return None
        if missing:
            return best if scores[best] >= (t.fill_source if role == 1 else t.fill_target) else None
        floor = float(self.roles[current, role]) if current is not None else 0.0
        return best if scores[best] >= (t.fix_source if role == 1 else t.fix_target) and scores[best] > floor else None


def code_for(plover: str, root: str) -> str:
    """The CAMEO code a learned event carries: the root's general code ("19" → "190") when it
    belongs to the classifier's PLOVER type, else the most general code of the root that does
    (type ASSAULT with root 17 → "175", as "170" is COERCE)."""
    from detente.ontology import cameo_table

    general = root + "0"
    if plover_of_code(general) == plover:
        return general
    fitting = sorted((c for c in cameo_table() if c.startswith(root) and plover_of_code(c) == plover),
                     key=lambda c: (len(c), c))
    return fitting[0] if fitting else general


def roots_by_type() -> dict[str, tuple[str, ...]]:
    """PLOVER type → the CAMEO roots whose codes map to it (from the ontology table)."""
    from detente.ontology import cameo_table

    out: dict[str, set[str]] = {t: set() for t in PLV_TYPES}
    for code in cameo_table():
        t = plover_of_code(code)
        if t:
            out[t].add(code[:2])
    return {t: tuple(sorted(r)) for t, r in out.items()}


@dataclass
class LearnedParts:
    event_type: EventTypeClassifier
    root: EventTypeClassifier
    gate: RelevanceGate
    dyad: DyadRanker
    thresholds: Thresholds = field(default_factory=Thresholds)
    meta: dict = field(default_factory=dict)  # what it was trained on, the seed, CV figures
    arbiter: Arbiter | None = None  # which reading is on top where a correction goes beside the rules'
    takeover: Arbiter | None = None  # whether the learned parts' own reading goes on top of the rules'

    def decide(self, X: list[SentenceFeatures], allowed: list[list[bool]] | None = None) -> list[Decision]:
        """One decision per sentence; ``allowed`` restricts the actors to resolved mentions where
        it leaves a source and a target (else any noun phrase may be one)."""
        if not X:
            return []
        rel = self.gate.relevance(X)
        P = self.event_type.predict_proba(X)
        R = self.root.predict_proba(X)
        roles = self.dyad.role_proba(X)
        out = []
        for k, x in enumerate(X):
            j = int(np.argmax(P[k]))
            plover = str(self.event_type.classes_[j])
            dyad, scores = self.dyad.choose(x, allowed[k] if allowed is not None else None, roles[k])
            if None in dyad and allowed is not None:
                dyad, scores = self.dyad.choose(x, None, roles[k])
            probs = {str(c): float(p) for c, p in zip(self.event_type.classes_, P[k])}
            out.append(Decision(float(rel[k]), plover, float(P[k, j]), self.root_for(plover, R[k]), dyad, scores,
                                roles[k], probs))
        return out

    def root_for(self, plover: str, root_proba: np.ndarray) -> str:
        """The most probable CAMEO root among those that belong to the PLOVER type."""
        if "roots" not in self.meta:
            self.meta["roots"] = roots_by_type()
        allowed = self.meta["roots"].get(plover, ())
        best, best_p = (allowed[0] if allowed else "01"), -1.0
        for cls, p in zip(self.root.classes_, root_proba):
            if str(cls) in allowed and p > best_p:
                best, best_p = str(cls), float(p)
        return best


def shipped_json(name: str, path: Path | None = None) -> dict | None:
    """A JSON artefact: the file at ``path``, else the package's ``data/<name>`` (None when it has none)."""
    import json

    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    ref = resources.files("detente.coding.learned").joinpath("data", name)
    return json.loads(ref.read_text(encoding="utf-8")) if ref.is_file() else None


def save_parts(parts: LearnedParts, path: Path) -> None:
    """Saved so that the same fit gives the same bytes: scikit-learn's TfidfVectorizer caches
    ``id(stop_words)``, a memory address that differs in every process, as ``_stop_words_id``; it
    is dropped (only a cache: scikit-learn checks the stop words again without it)."""
    import joblib

    for part in (parts.event_type, parts.root, parts.gate, parts.dyad):
        text = getattr(getattr(part, "vectoriser_", None), "text", None)
        if text is not None:
            vars(text).pop("_stop_words_id", None)
    joblib.dump({"format": FORMAT, "parts": parts}, path, compress=9)


def load_parts(path: Path | None = None) -> LearnedParts | None:
    """The shipped bundle (or the one at ``path``); None when there is none."""
    import joblib

    if path is None:
        ref = resources.files("detente.coding.learned").joinpath("data", ARTEFACT)
        if not ref.is_file():
            return None
        with resources.as_file(ref) as p:
            blob = joblib.load(p)
    else:
        blob = joblib.load(path)
    if not isinstance(blob, dict) or blob.get("format") != FORMAT:
        raise ValueError(f"{path or ARTEFACT}: not a learned-coder bundle of format {FORMAT}")
    return blob["parts"]
