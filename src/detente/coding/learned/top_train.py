"""Fitting the top arbiter (``top.TopArbiter``) and choosing its threshold out of fold.

On the out-of-fold decisions the pair thresholds are chosen on (``pairs_train``), each
development sentence whose rules coded a typed top event gets the readings the hybrid and the
proposals leave (``plan.planned_events``, ``pairs.proposal_rows``); where one of them has the
classifier's type and the top reading another, and the two are not equally good
(``arbiter_train._reading_score``: label and actors right, the label only, neither), it is a row labelled
by whether that reading is the better one (weights: ``train.row_weights``). The threshold maximises
the gain of the top event (label plus label + source + target, each a share of each set's
sentences, their mean over the sets weighed as ``train.set_mean`` says) with arbiters cross-fitted
over five folds of the rows, so no row is scored by an arbiter that saw it; a tie keeps the
higher threshold, and no gain leaves the arbiter off. No event is added or removed, so the
counts over every event (and with them the pair thresholds' search) are unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from detente.coding.learned.arbiter import Arbiter
from detente.coding.learned.data import Example
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.pairs import PairThresholds
from detente.coding.learned.parts import Thresholds
from detente.coding.learned.top import Reading, TopArbiter, candidate, top_features

GRID = tuple(round(x, 2) for x in np.arange(0.3, 0.96, 0.05))
OFF = 1.1


def _reading(row: tuple, origin: str) -> Reading:
    plover, _root, src, tgt = row
    return Reading(plover, bool(src is not None and src.code), bool(tgt is not None and tgt.code), origin)


def top_rows(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
             rule_events: Sequence[list], t: Thresholds, pairs: PairThresholds, arbiter=None
             ) -> list[tuple[int, dict[str, float], int, float, str]]:
    """(example index, ``top_features``, label, gain of the reading over the top one, set) per
    sentence where the arbiter has a choice and the readings are not equally good."""
    from detente.coding.learned.arbiter_train import _reading_score
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.pairs import proposal_rows, propose
    from detente.coding.learned.plan import plan_sentence, planned_events, planned_top, rules_top

    out = []
    for k, (ex, f, d, ruled) in enumerate(zip(examples, feats, decisions, rule_events)):
        rule_top = rules_top(ruled)
        if rule_top is None or plv_type(rule_top.plover_event) is None:
            continue
        plan = plan_sentence(f, d, ruled, t, arbiter)
        rows = planned_events(f, d, ruled, plan)
        origins = ["rules"] * len(ruled) + ["corrected"] * (len(rows) - len(ruled))
        if plan.part == "corrected" and not plan.keep:
            origins[next(i for i, e in enumerate(ruled) if e is rule_top)] = "corrected"
        props = propose(f, d, ruled, t, pairs) if pairs != PairThresholds() else []
        rows += proposal_rows(f, d, ruled, props)
        origins += ["pair" if p.kind == "pair" else "proposal" for p in props][:len(rows) - len(origins)]
        now = planned_top(f, d, ruled, plan)
        top = _reading(now, "corrected" if plan.part == "corrected" and (not plan.keep or plan.on_top) else "rules")
        readings = [_reading(r, o) for r, o in zip(rows, origins)]
        j = candidate([top, *readings], 0, d)
        if j is None:
            continue
        gain = _reading_score(ex, rows[j - 1]) - _reading_score(ex, now)
        if gain:
            out.append((k, top_features(top, readings[j - 1], d, rule_top), int(gain > 0), float(gain), ex.origin))
    return out


def choose_top(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
               rule_events: Sequence[list], t: Thresholds, pairs: PairThresholds, arbiter=None, seed: int = 0,
               folds: int = 5) -> tuple[TopArbiter, dict]:
    """The top arbiter fitted on every row of ``top_rows`` with the threshold chosen out of fold.
    The corrections are placed by arbiters cross-fitted over the same folds as the threshold
    choice's (``arbiter_train.choose_takeover`` does the same): the shipped arbiter saw these sentences,
    and in-sample it puts nearly every better correction on top, leaving no row to learn from."""
    from sklearn.model_selection import KFold

    from detente.coding.learned.arbiter_train import _cross_fit, arbiter_rows

    if arbiter is not None and t.on_top < 1.0:
        arbiter = _cross_fit([(k, row, label, 1.0) for k, row, label in
                              arbiter_rows(examples, feats, decisions, rule_events, t)], feats, seed, folds)
    rows = top_rows(examples, feats, decisions, rule_events, t, pairs, arbiter)
    from detente.coding.learned.train import row_weights, set_mean

    sizes = Counter(ex.origin for ex in examples)
    per = Counter(r[4] for r in rows)
    weights = row_weights([r[4] for r in rows])
    if len({r[2] for r in rows}) < 2 or len(rows) < 2 * folds:
        return TopArbiter(Arbiter(), OFF), {"rows": len(rows), "threshold": OFF}
    oof = np.zeros(len(rows))
    for tr, te in KFold(folds, shuffle=True, random_state=seed).split(rows):
        model = Arbiter.fit([rows[i][1] for i in tr], [rows[i][2] for i in tr], seed=seed,
                            weights=[weights[i] for i in tr])
        oof[te] = [model.proba(rows[i][1]) for i in te]
    sets = sorted({ex.origin for ex in examples if ex.relevant})

    def gain(th: float) -> float:  # the top event's gain, a share of each set's sentences, mean over sets
        by_set = Counter({s: 0.0 for s in sets})
        for r, p in zip(rows, oof):
            by_set[r[4]] += r[3] / sizes[r[4]] if p >= th else 0.0
        return set_mean([by_set[s] for s in sets], [sizes[s] for s in sets])
    gains = {th: gain(th) for th in GRID}
    best = max(GRID, key=lambda th: (round(gains[th], 6), th))
    threshold = float(best) if gains[best] > 0 else OFF
    model = Arbiter.fit([r[1] for r in rows], [r[2] for r in rows], seed=seed, weights=weights)
    report = {"rows": len(rows), "reading_better": sum(r[2] for r in rows), "threshold": threshold,
              "oof_gain": round(gains.get(threshold, 0.0), 4),
              "rows_by_set": dict(sorted(per.items()))}
    return TopArbiter(model, threshold), report
