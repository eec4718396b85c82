"""Temporal rules in the spirit of TLogic (Liu et al., AAAI 2022), length 1, learned exactly.

A cyclic rule of length 1 reads ``(X, body, Y, t1) ⇒ (X, head, Y, t2)`` with t1 < t2. TLogic
finds rules by temporal random walks and estimates confidence from sampled body groundings; for
length 1 the walk is one edge, so we enumerate instead: for a sample of body facts (up to
``samples`` per body relation, all when fewer) we look at every relation that links the same
pair later. confidence = (body facts followed by the head) / (body facts + ``smoothing``).

Applying a rule to ``(s, head, ?, t)``: every ``(s, body, e)`` seen before t proposes e with
``conf · (β + (1 − β) 2^(−λ (t − t_last)))`` (t_last = latest body occurrence; TLogic
mixes confidence and recency additively in the same spirit, the floor β keeps old evidence alive); proposals for the same e are
combined by noisy-OR, ``1 − Π (1 − p_i)``. Longer rules (length 2–3) are not implemented here:
see docs/forecast.md for why and what it would take.
"""

from __future__ import annotations

import numpy as np

from detente.forecast.base import Forecaster, Progress
from detente.forecast.evidence import RULE_RECENCY, EvidenceGrid
from detente.forecast.index import expand_ranges
from detente.forecast.metrics import candidate_ranks
from detente.forecast.queries import QuerySet, RuleBodies


def learn_rules(index, num_relations2: int, samples: int = 2000, min_support: int = 3,
                min_conf: float = 0.01, smoothing: float = 5.0, top_k: int = 1000, seed: int = 0) -> RuleBodies:
    """Length-1 rules body → head with confidences, at most ``top_k`` bodies per head."""
    R2 = num_relations2
    facts = index.facts
    rng = np.random.default_rng(seed)
    # sample body facts per body relation (one fact per (triple, time) is already guaranteed)
    order = np.lexsort((rng.random(len(facts)), facts[:, 1]))
    rel_sorted = facts[order, 1]
    starts = np.searchsorted(rel_sorted, np.arange(R2), "left")
    rank_in_rel = np.arange(len(order)) - starts[rel_sorted]
    body = facts[order[rank_in_rel < samples]]
    body_n = np.bincount(body[:, 1], minlength=R2).astype(np.float64)
    pairs = index.pair_last_times()
    key = body[:, 0] * index.N + body[:, 2]
    lo, hi = np.searchsorted(pairs["pair"], key, "left"), np.searchsorted(pairs["pair"], key, "right")
    support = np.zeros(R2 * R2)
    for a in range(0, len(body), 200_000):  # bounded memory
        owner, pos = expand_ranges(lo[a:a + 200_000], hi[a:a + 200_000])
        owner += a
        later = pairs["last"][pos] > body[owner, 3]
        support += np.bincount(body[owner[later], 1] * R2 + pairs["r"][pos[later]], minlength=R2 * R2)
    support2 = support.reshape(R2, R2)  # [body, head]
    conf = support2 / (body_n[:, None] + smoothing)
    conf[(support2 < min_support) | (conf < min_conf)] = 0.0
    ptr, rels, confs = [0], [], []
    for head in range(R2):
        col = conf[:, head]
        nz = np.flatnonzero(col)
        nz = nz[np.argsort(-col[nz], kind="stable")][:top_k]
        rels.append(nz)
        confs.append(col[nz])
        ptr.append(ptr[-1] + len(nz))
    return RuleBodies(np.array(ptr, np.int64), np.concatenate(rels).astype(np.int64), np.concatenate(confs))


def rule_scores(qs: QuerySet, lam: float, beta: float = 0.0, path_scale: float = 1.0) -> np.ndarray:
    """Noisy-OR of the rule proposals for every listed candidate (recency floor ``beta``).

    Length-2 proposals join with their confidence multiplied by ``path_scale``.
    """
    logs = qs.rule_logs[:, qs.grid.rule_col(lam, beta)]
    if path_scale and qs.path_logs.shape[1]:
        logs = logs + qs.path_logs[:, qs.grid.path_col(path_scale, lam, beta)]
    return -np.expm1(logs)


def path_scores(qs: QuerySet, lam: float) -> np.ndarray:
    """Noisy-OR of the length-2 proposals alone, decayed by 2^(−λ dt)."""
    if not qs.path_alone.shape[1]:
        return np.zeros(len(qs.cq))
    return -np.expm1(qs.path_alone[:, qs.grid.path_lambda_col(lam)])


class TemporalRules(Forecaster):
    """Length-1 temporal rules with recency-weighted noisy-OR; ξ breaks ties among the rest."""

    name = "rules"

    def __init__(self, samples: int = 2000, top_k: int = 1000) -> None:
        super().__init__()
        self.samples, self.top_k = samples, top_k
        self.rules: RuleBodies | None = None
        self.lam = 0.1
        self.beta = 0.1
        self.weight = 1e3

    def learn(self, facts: np.ndarray) -> None:
        self.rules = learn_rules(self.index, self.R2, samples=self.samples, top_k=self.top_k)

    def bodies(self) -> RuleBodies | None:
        return self.rules

    def sparse(self, qs: QuerySet) -> np.ndarray:
        return self.weight * rule_scores(qs, self.lam, self.beta)

    def uses_bg(self, qs: QuerySet) -> np.ndarray:
        return np.ones(len(qs), bool)

    def tune(self, qs: QuerySet, progress: Progress | None = None) -> None:
        best = (-1.0, self.lam, self.beta, self.weight)
        for lam, beta in RULE_RECENCY:
            rs = rule_scores(qs, lam, beta)
            for w in (1.0, 10.0, 100.0, 1e3, 1e4):
                mrr = float(np.mean(1.0 / candidate_ranks(qs, w * rs, self.uses_bg(qs))))
                best = max(best, (mrr, lam, beta, w))
            if progress:
                progress(1)
        _, self.lam, self.beta, self.weight = best

    def tune_steps(self) -> int:
        return len(RULE_RECENCY)

    def evidence_grid(self) -> EvidenceGrid:
        return EvidenceGrid(psi_lambdas=(), rule_recency=((self.lam, self.beta),), path_scales=(), path_lambdas=())

    def params(self) -> dict:
        n = len(self.rules.body_rel) if self.rules is not None else 0
        return {"rules": n, "lambda": self.lam, "floor": self.beta, "weight": self.weight}
