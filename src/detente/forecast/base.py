"""The estimator interface every forecaster shares: fit, observe, tune, score, predict.

The contract is scikit-learn's (``detente.estimators``): hyperparameters are ``__init__``
arguments (``get_params``/``set_params``); ``score`` is greater-is-better (time-aware filtered
MRR); the full score matrix over entities is ``score_matrix``.

A forecaster learns what it learns (rules, parameters) in ``fit`` and answers queries from a
history it ``observe``s; queries at time t only ever see facts before t. Scores have the form
``ξ(r, e) · [uses background] + sparse(q, e)`` (see ``queries``), which keeps tuning and exact
ranking cheap; ``score`` still returns the full matrix over all entities.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np

from detente.estimators import Estimator
from detente.forecast.data import with_inverse
from detente.forecast.evidence import EvidenceGrid
from detente.forecast.index import HistoryIndex, ObjectCounts
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet, RuleBodies, build_block, iter_blocks

Progress = Callable[[int], None]


def geometric_norm(lam: np.ndarray, steps: np.ndarray) -> np.ndarray:
    """Σ_{d=1..D} 2^(−λ d): the most a recurrency score can reach after D steps of history."""
    lam = np.asarray(lam, dtype=np.float64)
    steps = np.maximum(np.asarray(steps, dtype=np.float64), 1.0)
    x = np.exp2(-lam)
    with np.errstate(divide="ignore", invalid="ignore"):
        geo = x * (1 - x**steps) / (1 - x)
    return np.where(lam <= 0, steps, np.maximum(geo, 1e-300))


class Forecaster(Estimator):
    """Base class: keeps the history index; subclasses define ``sparse`` and ``uses_bg``."""

    name = "base"
    index: HistoryIndex  # set by observe (fit): the history the model answers from
    facts: np.ndarray  # that history as [s, r, o, t] with inverse relations

    def __init__(self) -> None:
        self.N = 0
        self.R = 0

    @property
    def R2(self) -> int:
        return 2 * self.R

    # -- estimator interface ----------------------------------------------------------------
    def fit(self, history: np.ndarray, num_entities: int, num_relations: int) -> Forecaster:
        """Learn from ``[s, r, o, t]`` facts (relations without inverses) and remember them."""
        self.N, self.R = int(num_entities), int(num_relations)
        self.observe(history)
        self.learn(self.facts)
        return self

    def observe(self, history: np.ndarray, index_parts: dict[str, np.ndarray] | None = None) -> Forecaster:
        """Answer later queries from this history (e.g. train + valid + earlier test days).

        ``index_parts``: ``self.index.parts()`` of an earlier ``observe`` of the very same history
        (a saved model's), so the index is read, not sorted again.
        """
        self.facts = with_inverse(history, self.R)
        self.index = HistoryIndex(self.facts, self.N, self.R2, index_parts)
        return self

    def learn(self, facts: np.ndarray) -> None:
        """Learn model structure (rules) from facts with inverses; nothing for plain baselines."""

    def relearn(self, facts: np.ndarray) -> None:
        """Learn the rules again from more facts after tuning (a store's fit); ``learn`` by default."""
        self.learn(facts)

    def tune_query_cap(self) -> int | None:
        """At most this many tuning queries for this fitted model (None: the caller's cap)."""
        return None

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        """Choose parameters that maximise MRR on these (validation) queries."""

    def bodies(self) -> RuleBodies | None:
        return None

    def sparse(self, qs: QuerySet) -> np.ndarray:
        raise NotImplementedError

    def uses_bg(self, qs: QuerySet) -> np.ndarray:
        raise NotImplementedError

    def params(self) -> dict:
        """What tuning chose (learned values, for reports); hyperparameters are ``get_params``."""
        return {}

    def evidence_grid(self) -> EvidenceGrid:
        """The evidence columns that scoring with the current parameters needs (tuning needs all)."""
        return EvidenceGrid()

    def tuning_grid(self) -> EvidenceGrid:
        """The evidence columns tuning searches over (every value it may try)."""
        return EvidenceGrid()

    # -- queries --------------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "index"):
            raise RuntimeError(f"{type(self).__name__} is not fitted: call fit first")

    def blocks(self, queries: np.ndarray, max_block: int = 4000, tuning: bool = False) -> Iterator[QuerySet]:
        """Query blocks in time order (queries ``[s, r, o, t]`` with inverse relations already).

        ``tuning`` computes evidence for every parameter value tuning may try; otherwise only
        for the current parameters (cheaper).
        """
        self._check_fitted()
        counts = ObjectCounts(self.facts, self.N, self.R2)
        grid = self.tuning_grid() if tuning else self.evidence_grid()
        yield from iter_blocks(self.index, counts, self.bodies(), queries, max_block, grid)

    def query_set(self, queries: np.ndarray) -> QuerySet:
        """One query set for tuning (evidence for every grid value)."""
        return QuerySet.concat(list(self.blocks(queries, tuning=True)), consume=True)

    def ranks(self, qs: QuerySet) -> np.ndarray:
        return candidate_ranks(qs, self.sparse(qs), self.uses_bg(qs))

    def score(self, facts: np.ndarray) -> float:
        """Time-aware filtered MRR of ``[s, r, o, t]`` facts, asked both ways, against the observed history."""
        queries = with_inverse(np.asarray(facts, np.int64).reshape(-1, 4), self.R)
        ranks = [self.ranks(block) for block in self.blocks(queries)]
        return float(np.mean(1.0 / np.concatenate(ranks))) if ranks else float("nan")

    def score_matrix(self, queries: np.ndarray) -> np.ndarray:
        """Scores over all entities for ``[s, r, t]`` rows (r may be an inverse relation id)."""
        self._check_fitted()
        queries = np.asarray(queries, np.int64).reshape(-1, 3)
        out = np.zeros((len(queries), self.N))
        counts = ObjectCounts(self.facts, self.N, self.R2)
        order = np.argsort(queries[:, 2], kind="stable")
        for t in np.unique(queries[:, 2]).tolist():
            rows = order[queries[order, 2] == t]
            counts.advance(t)
            s, r = queries[rows, 0], queries[rows, 1]
            qs = build_block(self.index, counts, self.bodies(), t, s, r, np.full(len(rows), -1), self.evidence_grid())
            bg = self.uses_bg(qs)
            for i, row in enumerate(rows.tolist()):
                if bg[i]:
                    out[row] = counts.xi_row(int(r[i]))
            np.add.at(out, (rows[qs.cq], qs.ce), self.sparse(qs))
        return out

    def predict(self, query: tuple[int, int, int], k: int = 10) -> list[tuple[int, float]]:
        """The k best objects for ``(s, r, t)`` with their scores."""
        row = self.score_matrix(np.array([query]))[0]
        top = np.argsort(-row, kind="stable")[:k]
        return [(int(e), float(row[e])) for e in top]


def best_by_relation(gain: np.ndarray, rel: np.ndarray, R2: int, min_queries: int,
                     prior: float = 0.0) -> tuple[np.ndarray, int]:
    """Per relation, the index of the best option (columns of ``gain``: reciprocal ranks per query).

    Relations with fewer than ``min_queries`` validation queries take the overall best option;
    the others leave it only when another option gains more than ``prior`` reciprocal ranks.
    """
    totals = np.zeros((R2, gain.shape[1]))
    np.add.at(totals, rel, gain)
    n = np.bincount(rel, minlength=R2)
    overall = int(np.argmax(gain.sum(0)))
    totals[:, overall] += prior
    choice = np.where(n >= min_queries, np.argmax(totals, axis=1), overall)
    return choice, overall
