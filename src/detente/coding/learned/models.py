"""The three learned parts, each a scikit-learn estimator (hyperparameters in ``__init__``,
``get_params``, ``fit``, ``predict``, ``score`` greater-is-better).

They consume :class:`~detente.coding.learned.features.SentenceFeatures` records, never spaCy
objects, so they can be pickled, cross-validated and scored without a parser.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import hstack
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.vectors import (  # sklearn's transforms, faster (issue 14)
    dict_transform,
    tfidf_transform,
)

ROLES = ("none", "source", "target")


class _SentenceVectoriser:
    """TF-IDF word n-grams of the sentence beside the trigger's dependency features (and, with
    ``votes``, the pattern lexicon's votes: ``votes.py``)."""

    def __init__(self, ngram_range: tuple[int, int], max_features: int, min_df: int, dep_weight: float,
                 votes: bool = False, actors: bool = False) -> None:
        self.text = TfidfVectorizer(ngram_range=ngram_range, max_features=max_features, min_df=min_df,
                                    sublinear_tf=True, lowercase=True, dtype=np.float32)
        self.deps = DictVectorizer(dtype=np.float32)
        self.dep_weight = dep_weight
        self.votes = votes
        self.actors = actors

    def fit_transform(self, X: Sequence[SentenceFeatures]):
        a = self.text.fit_transform([x.text for x in X])
        self.text.stop_words_ = None  # the pruned n-grams: only needed for introspection, and large
        b = self.deps.fit_transform(self._dicts(X))
        return hstack([a, b * self.dep_weight]).tocsr()

    def transform(self, X: Sequence[SentenceFeatures]):
        a = tfidf_transform(self.text, [x.text for x in X])
        b = dict_transform(self.deps, self._dicts(X))
        return hstack([a, b * self.dep_weight]).tocsr()

    def _dicts(self, X: Sequence[SentenceFeatures]) -> list[dict]:
        """The trigger's features, with the lexicon votes beside them when this vectoriser uses them
        (a bundle pickled before ``votes`` existed has no such attribute: off)."""
        votes = getattr(self, "votes", False)
        if getattr(self, "actors", False):  # the gate's actor structure (``gate_features.py``)
            from detente.coding.learned.gate_features import actor_features

            return [{**x.trigger, **(x.votes if votes else {}), **actor_features(x)} for x in X]
        if votes:
            return [{**x.trigger, **x.votes} if x.votes else x.trigger for x in X]
        return [x.trigger for x in X]


class EventTypeClassifier(ClassifierMixin, BaseEstimator):
    """Sentence → event label (a PLOVER type, or a CAMEO root): a linear model over TF-IDF word
    n-grams and the trigger's dependency features (lemma, verb+object, verb+preposition,
    negation, passive, xcomp), with ``votes`` the pattern lexicon's votes for every verb and event
    noun of the sentence (``votes.py``; +0.02 type accuracy out of fold). ``score`` is accuracy."""

    def __init__(self, C: float = 8.0, ngram_range: tuple[int, int] = (1, 2), max_features: int = 15000,
                 min_df: int = 2, dep_weight: float = 1.0, class_weight: str | None = None,
                 random_state: int = 0, votes: bool = True, actors: bool = False) -> None:
        self.C = C
        self.ngram_range = ngram_range
        self.max_features = max_features
        self.min_df = min_df
        self.dep_weight = dep_weight
        self.class_weight = class_weight
        self.random_state = random_state
        self.votes = votes
        self.actors = actors

    def fit(self, X: Sequence[SentenceFeatures], y: Sequence[str], sample_weight=None) -> EventTypeClassifier:
        self.vectoriser_ = _SentenceVectoriser(tuple(self.ngram_range), self.max_features, self.min_df,
                                               self.dep_weight, self.votes, getattr(self, "actors", False))
        M = self.vectoriser_.fit_transform(X)
        self.model_ = LogisticRegression(C=self.C, max_iter=2000, class_weight=self.class_weight,
                                         random_state=self.random_state)
        self.model_.fit(M, list(y), sample_weight=sample_weight)
        self.model_.coef_ = self.model_.coef_.astype(np.float32)  # halves the shipped artefact
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: Sequence[SentenceFeatures]) -> np.ndarray:
        return self.model_.predict_proba(self.vectoriser_.transform(X))

    def predict(self, X: Sequence[SentenceFeatures]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


class RelevanceGate(EventTypeClassifier):
    """Is there a political event in this sentence at all? (label 1 = yes). Disasters, sports,
    markets and opinion without an act are 0. Same features as the type classifier, classes
    weighted because the development data holds far more events than non-events. No lexicon votes:
    out of fold they lowered its AUC (0.972 → 0.966, docs/coder.md "coder-dense"). With ``actors``
    (the default since coder-gate) it reads who acts on whom around the trigger
    (``gate_features.actor_features``): AUC 0.968 → 0.982 out of fold."""

    def __init__(self, C: float = 2.0, ngram_range: tuple[int, int] = (1, 2), max_features: int = 6000,
                 min_df: int = 2, dep_weight: float = 1.0, class_weight: str | None = "balanced",
                 random_state: int = 0, votes: bool = False, actors: bool = True) -> None:
        super().__init__(C=C, ngram_range=ngram_range, max_features=max_features, min_df=min_df,
                         dep_weight=dep_weight, class_weight=class_weight, random_state=random_state,
                         votes=votes, actors=actors)

    def relevance(self, X: Sequence[SentenceFeatures]) -> np.ndarray:
        """P(a political event) per sentence."""
        proba = self.predict_proba(X)
        return proba[:, list(self.classes_).index(1)] if 1 in self.classes_ else np.zeros(len(X))


DyadLabel = tuple[int | None, int | None]  # (source candidate index, target candidate index)


class DyadRanker(BaseEstimator):
    """Chooses source and target among a sentence's candidate actor mentions.

    Each candidate is scored as none / source / target by one multinomial linear model over its
    features (dependency path to the trigger, preposition, entity type, head lemma, position,
    resolver kind); the source is the best-scoring candidate, the target the best other one.
    ``score`` is the share of sentences whose source and target are both chosen right."""

    def __init__(self, C: float = 1.0, random_state: int = 0) -> None:
        self.C = C
        self.random_state = random_state

    def fit(self, X: Sequence[SentenceFeatures], y: Sequence[DyadLabel]) -> DyadRanker:
        rows, labels = [], []
        for x, (src, tgt) in zip(X, y):
            for i, cand in enumerate(x.candidates):
                rows.append(self._row(x, cand))
                labels.append(1 if i == src else 2 if i == tgt else 0)
        self.vectoriser_ = DictVectorizer(dtype=np.float32)
        M = self.vectoriser_.fit_transform(rows)
        self.model_ = LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state)
        self.model_.fit(M, labels)
        self.model_.coef_ = self.model_.coef_.astype(np.float32)
        return self

    @staticmethod
    def _row(x: SentenceFeatures, cand) -> dict:
        row = dict(cand.features)
        lemma = x.trigger.get("lemma")
        row[f"trigger={lemma}|{cand.features.get('path1')}"] = 1.0
        return row

    def role_proba(self, X: Sequence[SentenceFeatures]) -> list[np.ndarray]:
        """Per sentence, (n candidates × 3) probabilities of none / source / target (one batch)."""
        rows = [self._row(x, c) for x in X for c in x.candidates]
        out = np.zeros((len(rows), 3))
        if rows:
            proba = self.model_.predict_proba(dict_transform(self.vectoriser_, rows))
            for j, cls in enumerate(self.model_.classes_):
                out[:, int(cls)] = proba[:, j]
        bounds = np.cumsum([0] + [len(x.candidates) for x in X])
        return [out[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    def choose(self, x: SentenceFeatures, allowed: Sequence[bool] | None = None,
               P: np.ndarray | None = None) -> tuple[DyadLabel, tuple[float, float]]:
        """Best (source, target) indices and their probabilities; ``allowed`` masks candidates
        (the coder allows only those the actor resolver could code); ``P`` from ``role_proba``."""
        P = self.role_proba([x])[0] if P is None else P
        ok = np.ones(len(x.candidates), bool) if allowed is None else np.asarray(allowed, bool)
        if not ok.any():
            return (None, None), (0.0, 0.0)
        src_scores = np.where(ok, P[:, 1], -1.0)
        src = int(np.argmax(src_scores))
        tgt_scores = np.where(ok, P[:, 2], -1.0)
        tgt_scores[src] = -1.0
        tgt = int(np.argmax(tgt_scores)) if (tgt_scores >= 0).any() else None
        return (src, tgt), (float(P[src, 1]), float(P[tgt, 2]) if tgt is not None else 0.0)

    def predict(self, X: Sequence[SentenceFeatures]) -> list[DyadLabel]:
        return [self.choose(x, P=P)[0] for x, P in zip(X, self.role_proba(X))]

    def score(self, X: Sequence[SentenceFeatures], y: Sequence[DyadLabel]) -> float:
        pred = self.predict(X)
        return float(np.mean([p == tuple(g) for p, g in zip(pred, y)])) if len(pred) else 0.0
