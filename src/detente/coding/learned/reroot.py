"""Second readings with another CAMEO root for an event's dyad (``reroot``).

The largest miss class of the coder is "label wrong": an event with the right source and target
exists, but with another root (04 consult vs 03 intent, 11 disapprove vs 12 reject, 17 coerce vs
18 assault, 10 demand vs 02 appeal). The hybrid recodes the rules' top event only when the
classifier names another PLOVER *type* and is sure, so a second root on the same dyad is never
proposed. Here, for every event the hybrid emits (the rules', corrected, learned or proposed),
a small logistic model scores each other CAMEO root as "this dyad with that root is a gold
event" from what both sides know: the event's own root, pattern kind, trigger and modality, the
sentence's trigger features, the root head's probabilities (``LearnedParts.root``) and the
classifier's PLOVER type distribution. Where the best root not already coded on that dyad
reaches ``threshold``, a *second reading* is added: the same source, target, trigger, date,
modality and provenance, that root's general code (Goldstein, QuadClass, PLOVER from the code
table), a lower confidence, and ``explanation["decided_by"]`` naming the reroot and its score, so
``detente explain`` says "a second reading: root 12 at 0.62 beside the rules' 11".

The model is kept as plain weights (feature name → weight, ``data/reroot.json``): an event is
scored with a dictionary walk, no scikit-learn call at coding time. It is trained and its
threshold chosen out of fold on development data by ``reroot_train`` (``make models``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from detente.records import Event

ARTEFACT = "reroot.json"
ROOTS = tuple(f"{k:02d}" for k in range(1, 21))
#: a second reading's confidence: the event's own times this, at most ``CAP``
DISCOUNT = 0.8
CAP = 0.5


@dataclass
class Reroot:
    """Logistic weights over ``reroot_features``; ``threshold`` the least P(reading right) that
    adds a second reading (above 1: none)."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    threshold: float = 1.1
    #: the rules' lexicon as ``lexicon_roots`` (set by the coder from its language data)
    lexicon: dict[str, dict[str, float]] = field(default_factory=dict, compare=False, repr=False)

    def proba(self, row: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in row.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def best(self, e: Event, context: Context, taken: set[str]) -> tuple[str, float] | None:
        """The best root other than ``taken`` (roots already coded on this dyad) and its score."""
        rows = candidate_rows(e, context)
        best: tuple[str, float] | None = None
        for root, row in rows.items():
            if root in taken:
                continue
            p = self.proba(row)
            if best is None or p > best[1]:
                best = (root, p)
        return best

    def readings(self, doc_id: str, index: int, events: list[Event], context: Context) -> list[Event]:
        """``events`` (one sentence's, as the hybrid left them) and after them a second reading of
        each whose best other root reaches the threshold (never one that repeats a root already
        coded on that dyad)."""
        if self.threshold > 1.0 or not events:
            return events
        taken = taken_roots(events)
        out = list(events)
        for e in events:
            if not e.cameo_root or e.source is None:
                continue
            dyad = dyad_of(e)
            best = self.best(e, context, taken[dyad])
            if best is None or best[1] < self.threshold:
                continue
            taken[dyad].add(best[0])
            out.append(second_reading(e, best[0], best[1], f"{doc_id}:{index}:{len(out)}"))
        return out


@dataclass
class Context:
    """What the reroot knows of an event's sentence beyond the event: the sentence's trigger
    features (``SentenceFeatures.trigger``), the root head's P(root) and the classifier's P(type)."""

    trigger: dict = field(default_factory=dict)
    root_probs: dict[str, float] = field(default_factory=dict)
    type_probs: dict[str, float] = field(default_factory=dict)
    #: trigger lemma → {root: share of the lexicon's patterns for it} (``lexicon_roots``; shared)
    lexicon: dict[str, dict[str, float]] = field(default_factory=dict)


def context_of(f, d, root_probs: dict[str, float] | None, lexicon: dict | None = None) -> Context:
    """The ``Context`` of a sentence from its ``SentenceFeatures`` and learned ``Decision``."""
    return Context(f.trigger, root_probs or {}, dict(getattr(d, "probs", None) or {}), lexicon or {})


def lexicon_roots(lexicon) -> dict[str, dict[str, float]]:
    """Per verb or noun lemma of the rules' lexicon (``patterns.Lexicon``), the share of its
    patterns giving each CAMEO root: the rules' other readings of a trigger (a verb whose patterns
    code 11 with one object and 12 with another)."""
    out: dict[str, dict[str, float]] = {}
    groups = [(lemma, [r.code for r in rules]) for lemma, rules in lexicon.verbs.items()]
    groups += [(lemma, [rule.code]) for lemma, rule in lexicon.nouns.items()]
    for lemma, codes in groups:
        roots = [c[:2] for c in codes if c and c[:2].isdigit()]
        if roots:
            share = out.setdefault(lemma, {})
            for r in roots:
                share[r] = share.get(r, 0.0) + 1.0 / len(roots)
    return out


def _lemma(e: Event, context: Context) -> str:
    """The event's trigger lemma: the rule's (its pattern "verb:LEMMA …"), else the sentence's."""
    pattern = e.pattern or ""
    if pattern.startswith(("verb:", "noun:")):
        rest = pattern.split(":", 1)[1].split()
        return rest[0] if rest else ""
    return str(context.trigger.get("lemma") or "")


def root_probabilities(parts, feats: Sequence) -> list[dict[str, float]]:
    """The root head's P(root) of each sentence (one batch call; {} for a sentence without any
    candidate actor, which can have no event with a source)."""
    rows = [k for k, f in enumerate(feats) if f.candidates]
    out: list[dict[str, float]] = [{} for _ in feats]
    if rows:
        P = parts.root.predict_proba([feats[k] for k in rows])
        classes = [str(c) for c in parts.root.classes_]
        for k, p in zip(rows, P):
            out[k] = dict(zip(classes, (float(x) for x in p)))
    return out


def taken_roots(events: Sequence[Event]) -> dict[tuple, set[str]]:
    """Per dyad (by country where the actor has one), the roots the sentence's events code on it."""
    taken: dict[tuple, set[str]] = {}
    for e in events:
        taken.setdefault(dyad_of(e), set()).add(e.cameo_root or "")
    return taken


def dyad_of(e: Event) -> tuple:
    from detente.coding.evaluate import actor_country

    side = lambda a: (actor_country(a) or a.code or a.text) if a is not None else None  # noqa: E731
    return side(e.source), side(e.target)


@lru_cache(maxsize=64)  # twenty roots, asked for every candidate row
def _root_type(root: str) -> str | None:
    from detente.coding.learned.data import plover_of_code

    return plover_of_code(root + "0")


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def event_features(e: Event, context: Context) -> dict[str, float | str]:
    """What the reroot reads of one event (crossed with each candidate root by ``candidate_rows``)."""
    ex = e.explanation or {}
    kind = (e.pattern or "").split(":")[0] if ":" in (e.pattern or "") else "other"
    decided = (ex.get("decided_by") or {}).get("part", "rules")
    trig = str(ex.get("trigger") or "").lower()
    return {"rule": e.cameo_root or "none", "code": (e.cameo or "")[:3], "kind": kind, "part": decided,
            "trigger": trig, "lemma": _lemma(e, context), "obj": str(context.trigger.get("obj_lemma") or ""),
            "xcomp": str(context.trigger.get("xcomp_lemma") or ""), "modality": e.modality or "",
            "target": "coded" if e.target is not None and e.target.code else ("text" if e.target else "none")}


def candidate_rows(e: Event, context: Context) -> dict[str, dict[str, float]]:
    """Per candidate root (every root but the event's own), the feature row the model scores."""
    ev = event_features(e, context)
    own = e.cameo_root or ""
    own_type = _root_type(own) if own else None
    p_own = context.root_probs.get(own, 0.0)
    t_own = context.type_probs.get(own_type or "", 0.0)
    lex = context.lexicon.get(str(ev["lemma"]), {})
    out = {}
    for r in ROOTS:
        if r == own:
            continue
        typ = _root_type(r)
        p = context.root_probs.get(r, 0.0)
        t = context.type_probs.get(typ or "", 0.0)
        row: dict[str, float] = {
            f"cand={r}": 1.0,
            f"cand={r}|rule={ev['rule']}": 1.0,
            f"cand={r}|kind={ev['kind']}": 1.0,
            f"cand={r}|part={ev['part']}": 1.0,
            f"cand={r}|trigger={ev['trigger']}": 1.0,
            f"cand={r}|target={ev['target']}": 1.0,
            f"cand={r}|modality={ev['modality']}": 1.0,
            "same_type": float(typ is not None and typ == own_type),
            "head_p": p,
            "head_p_rule": p_own,
            "head_log_ratio": _logit(p) - _logit(p_own) if context.root_probs else 0.0,
            "head_best": float(bool(context.root_probs) and p >= max(context.root_probs.values())),
            "type_p": t,
            "type_p_rule": t_own,
            "type_log_ratio": _logit(t) - _logit(t_own) if context.type_probs else 0.0,
            "lex_share": lex.get(r, 0.0),
            "lex_has": float(r in lex),
            "lex_known": float(bool(lex)),
        }
        if ev["obj"]:
            row[f"cand={r}|obj={ev['obj']}"] = 1.0
        if ev["xcomp"]:
            row[f"cand={r}|xcomp={ev['xcomp']}"] = 1.0
        out[r] = row
    return out


def second_reading(e: Event, root: str, score: float, event_id: str) -> Event:
    """Event ``e`` read with another root: its general code (and Goldstein, QuadClass, PLOVER from
    the code table); the same actors, trigger, date, modality and pattern; a lower confidence."""
    from detente.ontology import lookup

    code = root + "0"
    entry = lookup(code)
    ex = dict(e.explanation or {})
    ex["code_name"] = entry.name if entry else None
    ex["decided_by"] = {"part": "reroot", "root": root, "score": round(score, 3), "rule_root": e.cameo_root,
                        "rule_code": e.cameo, "beside_event": e.id,
                        "of": str((ex.get("decided_by") or {}).get("part") or "rules")}
    conf = round(min(CAP, (e.confidence or 0.0) * DISCOUNT), 2)
    ex["confidence"] = [*list(ex.get("confidence") or []), f"second reading (reroot {score:.2f}): {conf}"]
    return replace(e, id=event_id, cameo=code, cameo_root=root,
                   goldstein=entry.goldstein if entry else None, quad_class=entry.quad_class if entry else None,
                   plover_event=entry.plover_event if entry else None,
                   plover_mode=entry.plover_mode if entry else None, confidence=conf, explanation=ex)


def fit_reroot(rows: Sequence[dict[str, float]], labels: Sequence[int], C: float = 0.5, seed: int = 0,
               threshold: float = 1.1) -> Reroot:
    """A logistic regression on candidate rows (one per event and other root), kept as weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return Reroot({}, -10.0, threshold)
    vec = DictVectorizer()
    M = vec.fit_transform(list(rows)).tocsr()
    M.indices, M.indptr = M.indices.astype("int32"), M.indptr.astype("int32")  # liblinear's index type
    model = LogisticRegression(C=C, solver="liblinear", max_iter=1000, random_state=seed).fit(M, list(labels))
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 4) for n, w in zip(names, model.coef_[0]) if abs(w) >= 1e-3}
    return Reroot(weights, round(float(model.intercept_[0]), 4), threshold)


#: weights smaller than this are left out of the saved file (it stays small; scores move < 1 %)
PRUNE = 0.01


def save_reroot(model: Reroot, path: Path, meta: dict | None = None) -> None:
    weights = {k: round(w, 3) for k, w in sorted(model.weights.items()) if abs(w) >= PRUNE}
    blob = {"format": 1, "threshold": model.threshold, "intercept": model.intercept, "weights": weights,
            "meta": meta or {}}
    Path(path).write_text(json.dumps(blob, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")


def load_reroot(path: Path | None = None) -> Reroot | None:
    """The shipped model (``data/reroot.json``) or the one at ``path``; None when there is none."""
    from detente.coding.learned.parts import shipped_json

    raw = shipped_json(ARTEFACT, path)
    if raw is None:
        return None
    if not isinstance(raw, dict) or raw.get("format") != 1:
        raise ValueError(f"{path or ARTEFACT}: not a reroot model of format 1")
    return Reroot({str(k): float(v) for k, v in raw["weights"].items()}, float(raw["intercept"]),
                  float(raw["threshold"]))


def reroot_for(config, parts, given: Reroot | None, lexicon=None) -> Reroot | None:
    """The hybrid's second-reading model: ``given``, else the shipped one with the shipped bundle
    (its threshold was chosen for it; another bundle gets none unless given one), knowing the
    rules' ``lexicon`` (``patterns.Lexicon``); None when ``config.reroot`` is off."""
    if not getattr(config, "reroot", True):
        return None
    model = given if given is not None else (load_reroot() if parts is None else None)
    if model is None or model.threshold > 1.0:  # off: no reading, and no root head call per batch
        return None
    if lexicon is not None and not model.lexicon:
        model.lexicon = lexicon_roots(lexicon)
    return model


def sentence_readings(model: Reroot, doc_id: str, index: int, events: list[Event], f, d,
                      root_probs: dict[str, float] | None) -> list[Event]:
    """The hybrid's hook: one sentence's events with the second readings added."""
    return model.readings(doc_id, index, events, context_of(f, d, root_probs, model.lexicon))


__all__ = ["Context", "Reroot", "candidate_rows", "fit_reroot", "lexicon_roots", "load_reroot", "reroot_for",
           "root_probabilities", "save_reroot", "second_reading", "sentence_readings"]
