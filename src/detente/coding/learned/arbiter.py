"""The arbiter: where the learned parts correct the rules' top event, which reading goes on top.

A correction (``plan.plan_sentence``: the classifier's type and/or the dyad ranker's actors in
place of the rules') is a second reading beside the rules' event. Which of the two is the
sentence's *top* event (what a one-event reader, ``evaluate.best_event``, takes) is decided by a
small logistic stacker over what both sides know: the classifier's probability of its own type
and of the rules' type (and their margin), whether it also recodes the root, the ranker's scores
for the actors it changes and for the rules' ones, the rules' pattern kind, confidence, depth and
trigger lemma, and the relevance gate. It is trained on out-of-fold decisions over every
development set (``train.fit_arbiter``), labelled by which reading is the better one (label and
actors right beats label right beats neither), so its probability reads "the corrected reading is
the better one".

The fitted model is kept as plain weights (feature name → weight): one sentence is scored with a
dictionary walk, with no scikit-learn call at coding time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Arbiter:
    """Logistic weights over the features of ``arbiter_features``; ``proba`` is P(the corrected
    reading is the better one)."""

    weights: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0

    @classmethod
    def fit(cls, rows: Sequence[dict[str, float]], labels: Sequence[int], C: float = 1.0,
            seed: int = 0, weights: Sequence[float] | None = None) -> Arbiter:
        """A logistic regression on the rows (one per corrected sentence; ``weights``: per row),
        kept as weights."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:  # nothing to learn: a constant from the labels' mean
            p = min(max(float(np.mean(labels)) if labels else 0.0, 1e-3), 1 - 1e-3)
            return cls({}, math.log(p / (1 - p)))
        vec = DictVectorizer()
        M = vec.fit_transform(list(rows))
        model = LogisticRegression(C=C, max_iter=2000, random_state=seed).fit(
            M, list(labels), sample_weight=None if weights is None else np.asarray(weights, float))
        names = vec.get_feature_names_out()
        weights = {str(n): float(w) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}
        return cls(weights, float(model.intercept_[0]))

    def score(self, f, d, top, plan, rule_type: str | None) -> float:
        """P(the corrected reading is the better one) for one sentence (``arbiter_features``)."""
        return self.proba(arbiter_features(f, d, top, plan, rule_type))

    def score_row(self, f, row: dict[str, float]) -> float:
        """P for one sentence ``f`` already turned into ``row`` (``takeover_features``)."""
        return self.proba(row)

    def proba(self, row: dict[str, float]) -> float:
        z = self.intercept + sum(self.weights.get(k, 0.0) * v for k, v in row.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def arbiter_features(f, d, top, plan, rule_type: str | None) -> dict[str, float]:
    """What the arbiter sees of one corrected sentence: ``f`` its ``SentenceFeatures``, ``d`` the
    learned ``Decision``, ``top`` the rules' top event, ``plan`` the correction."""
    p_own = d.type_score
    p_rule = float(d.probs.get(rule_type, 0.0)) if rule_type else 0.0
    kind = (top.pattern or "").split(":")[0] if ":" in (top.pattern or "") else "other"
    row: dict[str, float] = {
        "bias_recode": float(plan.recode),
        "type_score": p_own,
        "rule_type_score": p_rule,
        "type_log_ratio": _logit(p_own) - _logit(p_rule),
        "type_agrees": float(d.plover == rule_type),
        "relevance": d.relevance,
        "rule_confidence": float(top.confidence or 0.0),
        "rule_depth": float(min((top.explanation or {}).get("depth", 0), 3)),
        f"rule_kind={kind}": 1.0,
        f"rule_type={rule_type}": 1.0,
        f"learned_type={d.plover if plan.recode else rule_type}": 1.0,
        f"rule_lemma={str(f.trigger.get('rule_trigger') or f.trigger.get('lemma') or '')}": 1.0,
        "rule_modal": float((top.modality or "") not in ("", "asserted")),
    }
    if plan.recode:
        row["root_changes"] = float(d.root != top.cameo_root)
    for side, k, col, actor in (("source", plan.source, 1, top.source), ("target", plan.target, 2, top.target)):
        if k is None:
            continue
        row[f"{side}_changed"] = 1.0
        row[f"{side}_score"] = float(d.roles[k, col]) if d.roles is not None else 0.0
        row[f"{side}_filled"] = float(actor is None)
        row[f"{side}_new_coded"] = float(f.candidates[k].mention is not None)
        row[f"{side}_rule_coded"] = float(actor is not None and bool(actor.code))
    return row



def type_evidence(d, other: str | None, name: str) -> dict[str, float]:
    """The classifier's probability of its type, its margin over the runner-up, its probability of
    type ``other`` (under ``name``) and the log-ratio of the two."""
    ranked = sorted(d.probs.values(), reverse=True) if d.probs else [d.type_score]
    p_other = float(d.probs.get(other, 0.0)) if other else 0.0
    return {"type_score": d.type_score, "type_margin": d.type_score - (ranked[1] if len(ranked) > 1 else 0.0),
            name: p_other, "type_log_ratio": _logit(d.type_score) - _logit(p_other)}


def pattern_kind(top) -> str:
    """The rules' event's pattern kind (verb, noun, …; "none" without an event)."""
    pattern = (top.pattern or "") if top is not None else "none:"
    return pattern.split(":")[0] if ":" in pattern else "other"


def _side_kind(c) -> str:
    """What kind of actor a candidate is: the resolver's kind (country, person, org, …), else
    whether it has a sector ("police") or is a bare noun phrase, with its entity type."""
    if c.mention is not None:
        return str(getattr(c.mention, "kind", "coded"))
    return f"uncoded:{'sector' if c.sector else c.features.get('ent', 'none')}"


def _actor_kind(actor) -> str:
    if actor is None:
        return "none"
    return "coded" if actor.code else ("sector" if actor.sector else "uncoded")


def takeover_features(f, d, top, lead, base, rule_type: str | None, current: tuple) -> dict[str, float]:
    """What the takeover arbiter sees of one sentence: the learned parts' own reading ``lead``
    (a ``plan.Plan``: the classifier's type, the ranker's dyad) against the rules' top event
    ``top`` (None, or untyped: then against no event) as the hybrid otherwise leaves it (``base``, its plan; ``current``: the rules' source
    and target candidate indices). Named people and organisations against countries, whether
    the rules' actors are coded, agreement and margin of the classifier, the rules' pattern kind
    and depth, sentence length."""
    kind = pattern_kind(top)
    row: dict[str, float] = {
        **type_evidence(d, rule_type, "rule_type_score"),
        "recodes": float(lead.recode),
        "relevance": d.relevance,
        f"learned_type={d.plover}": 1.0,
        f"rule_type={rule_type}": 1.0,
        f"rule_kind={kind}": 1.0,
        f"no_rule_type={rule_type is None}|learned_type={d.plover}": 1.0,
        "actor_scores": min(d.actor_scores),
        "rule_confidence": float(top.confidence or 0.0) if top is not None else 0.0,
        "rule_depth": float(min((top.explanation or {}).get("depth", 0), 3)) if top is not None else 0.0,
        "rule_modal": float((top.modality or "") not in ("", "asserted")) if top is not None else 0.0,
        f"length={min(len(f.text.split()) // 10, 5)}": 1.0,
        f"candidates={min(len(f.candidates), 8)}": 1.0,
        f"coded_candidates={min(sum(c.mention is not None for c in f.candidates), 4)}": 1.0,
        f"base={base.part}{'+top' if base.on_top or not base.keep else ''}": 1.0,
    }
    rule_actors = (top.source, top.target) if top is not None else (None, None)
    for side, k, col, actor, cur in (("source", lead.source, 1, rule_actors[0], current[0]),
                                     ("target", lead.target, 2, rule_actors[1], current[1])):
        row[f"{side}_rule={_actor_kind(actor)}"] = 1.0
        if k is None:
            continue
        c = f.candidates[k]
        row[f"{side}_changed"] = 1.0
        row[f"{side}_kind={_side_kind(c)}"] = 1.0
        row[f"{side}_kind={_side_kind(c)}|rule={_actor_kind(actor)}"] = 1.0
        if d.roles is not None:
            row[f"{side}_score"] = float(d.roles[k, col])
            row[f"{side}_rule_score"] = float(d.roles[cur, col]) if cur is not None else 0.0
    return row
