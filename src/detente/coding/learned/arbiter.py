"""The arbiter: where the learned parts correct the rules' top event, which reading goes on top.

A correction (``hybrid.plan_sentence``: the classifier's type and/or the dyad ranker's actors in
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
            seed: int = 0) -> Arbiter:
        """A logistic regression on the rows (one per corrected sentence), kept as weights."""
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression

        if len(set(labels)) < 2:  # nothing to learn: a constant from the labels' mean
            p = min(max(float(np.mean(labels)) if labels else 0.0, 1e-3), 1 - 1e-3)
            return cls({}, math.log(p / (1 - p)))
        vec = DictVectorizer()
        M = vec.fit_transform(list(rows))
        model = LogisticRegression(C=C, max_iter=2000, random_state=seed).fit(M, list(labels))
        names = vec.get_feature_names_out()
        weights = {str(n): float(w) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}
        return cls(weights, float(model.intercept_[0]))

    def score(self, f, d, top, plan, rule_type: str | None) -> float:
        """P(the corrected reading is the better one) for one sentence (``arbiter_features``)."""
        return self.proba(arbiter_features(f, d, top, plan, rule_type))

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

