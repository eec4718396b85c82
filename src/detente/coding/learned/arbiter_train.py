"""Training the two arbiters that place readings on top (``arbiter.py``): the rows they learn
from, cross-fitting so a threshold is never chosen on scores of an arbiter that saw the sentence,
and the ``on_top`` / ``learned_top`` thresholds. ``train.choose_thresholds`` calls them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from detente.coding.learned.arbiter import Arbiter, arbiter_features
from detente.coding.learned.data import Example
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.parts import Thresholds
from detente.coding.learned.train import (
    _actors_ok,
    _search,
    row_weights,
    set_counts,
    set_scores,
    top_objective,
)


class _CrossFitted:
    """Arbiters fitted on the other folds, each scoring its own fold's sentences (the ``on_top``
    threshold is never chosen on scores of an arbiter that saw the sentence)."""

    def __init__(self, by_sentence: dict[int, Arbiter]) -> None:
        self.by_sentence = by_sentence  # id(SentenceFeatures) → its fold's arbiter

    def score(self, f, d, top, plan, rule_type: str | None) -> float:
        arbiter = self.by_sentence.get(id(f))
        return arbiter.score(f, d, top, plan, rule_type) if arbiter is not None else 0.0

    def score_row(self, f, row: dict[str, float]) -> float:
        arbiter = self.by_sentence.get(id(f))
        return arbiter.proba(row) if arbiter is not None else 0.0


def _reading_score(ex: Example, reading: tuple) -> int:
    """2: label and actors right; 1: the label only; 0: neither (or no event is due)."""
    plover, root, src, tgt = reading
    if not ex.relevant or plover is None:
        return 0
    right = root == ex.root if ex.root else plover == ex.plover
    return int(right) + int(right and _actors_ok(ex, src, tgt) is True)


def arbiter_rows(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                 rule_events: Sequence[list], t: Thresholds) -> list[tuple[int, dict, int]]:
    """(example index, ``arbiter_features``, label) of each sentence the hybrid corrects where the
    corrected reading and the rules' top event are not equally good; label 1: the corrected one is
    better (``_reading_score``)."""
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.plan import Plan, plan_sentence, planned_top, rules_top

    out = []
    for k, (ex, f, d, ruled) in enumerate(zip(examples, feats, decisions, rule_events)):
        plan = plan_sentence(f, d, ruled, t)
        if plan.part != "corrected":
            continue
        fixed = _reading_score(ex, planned_top(f, d, ruled, replace(plan, keep=False)))
        kept = _reading_score(ex, planned_top(f, d, ruled, Plan("rules")))
        if fixed != kept:
            top = rules_top(ruled)
            out.append((k, arbiter_features(f, d, top, plan, plv_type(top.plover_event)), int(fixed > kept)))
    return out


def choose_arbiter(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                   rule_events: Sequence[list], t: Thresholds, seed: int = 0, folds: int = 5
                   ) -> tuple[Arbiter, Thresholds, dict]:
    """The arbiter fitted on every row of ``arbiter_rows``, and ``t`` with the ``on_top`` threshold
    that maximises the top event's F1 (``top_objective``) with arbiters cross-fitted over
    ``folds`` folds of those rows (a second reading's place changes no event, so the recall over
    every event that chose ``replace`` is unchanged)."""
    rows = arbiter_rows(examples, feats, decisions, rule_events, t)
    cross = _cross_fit([(k, row, label, 1.0) for k, row, label in rows], feats, seed, folds)
    by_sentence = cross.by_sentence

    def score(trial: Thresholds) -> float:
        return sum(top_objective(examples, feats, decisions, rule_events, trial, cross))

    start = replace(t, on_top=1.0)
    chosen = _search(score, start, passes=1, names=("on_top",)) if by_sentence else start
    arbiter = Arbiter.fit([r[1] for r in rows], [r[2] for r in rows], seed=seed)
    report = {"rows": len(rows), "corrected_better": sum(r[2] for r in rows), "on_top": chosen.on_top,
              "top_objective_rules_on_top": top_objective(examples, feats, decisions, rule_events, start),
              "top_objective_chosen": top_objective(examples, feats, decisions, rule_events, chosen, cross)}
    return arbiter, chosen, report


def _cross_fit(rows: list[tuple[int, dict, int, float]], feats: Sequence[SentenceFeatures], seed: int,
               folds: int) -> _CrossFitted:
    """Arbiters fitted on ``folds`` − 1 folds of (example index, features, label, weight) rows,
    each scoring the sentences of its own fold (none where there are too few rows)."""
    from sklearn.model_selection import KFold

    by_sentence: dict[int, Arbiter] = {}
    if len(rows) >= 2 * folds:
        for tr, te in KFold(folds, shuffle=True, random_state=seed).split(rows):
            fold = Arbiter.fit([rows[i][1] for i in tr], [rows[i][2] for i in tr], seed=seed,
                               weights=[rows[i][3] for i in tr])
            by_sentence.update({id(feats[rows[i][0]]): fold for i in te})
    return _CrossFitted(by_sentence)


def takeover_rows(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                  rule_events: Sequence[list], t: Thresholds, arbiter=None) -> list[tuple[int, dict, int, float]]:
    """(example index, ``takeover_features``, label, weight) of each sentence whose learned reading
    (``plan.lead_plan``) and the top event the hybrid otherwise leaves are not equally good
    (``_reading_score``), or where it leaves no typed event; label 1: the learned reading is the
    better one; weights by ``train.row_weights`` (each row the same: each real sentence counts once)."""
    from detente.coding.learned.arbiter import takeover_features
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.plan import lead_plan, plan_sentence, planned_top, rules_top

    out = []
    for k, (ex, f, d, ruled) in enumerate(zip(examples, feats, decisions, rule_events)):
        top = rules_top(ruled)
        rule_type = plv_type(top.plover_event) if top is not None else None
        base = plan_sentence(f, d, ruled, t, arbiter)
        if None in d.dyad or base.part == "learned":
            continue
        lead, current = lead_plan(f, d, ruled, base)
        if lead is None:
            continue
        new, old = (_reading_score(ex, planned_top(f, d, ruled, p)) for p in (lead, base))
        if new != old or lead.part == "learned":  # against no event, a wrong reading is a false positive
            out.append((k, takeover_features(f, d, top, lead, base, rule_type, current), int(new > old), ex.origin))
    weights = row_weights([origin for *_, origin in out])
    return [(k, row, label, w) for (k, row, label, _), w in zip(out, weights)]


def choose_takeover(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                    rule_events: Sequence[list], t: Thresholds, arbiter: Arbiter | None, seed: int = 0,
                    folds: int = 5, penalty: float = 2.0, measure: str = "recall"
                    ) -> tuple[Arbiter | None, Thresholds, dict]:
    """The takeover arbiter fitted on every row of ``takeover_rows`` (the other readings placed by
    the arbiter cross-fitted as in ``choose_arbiter``), and ``t`` with the ``learned_top``
    threshold that maximises the top event's F1 (``top_objective``) less ``penalty`` times the
    fall of precision over every event (``set_scores``, mean over sets: a lead beside the rules'
    event is one event more), with takeover arbiters cross-fitted over ``folds`` folds of the rows."""
    placed = _cross_fit([(k, row, label, 1.0) for k, row, label in
                         arbiter_rows(examples, feats, decisions, rule_events, t)], feats, seed, folds)
    place = placed if arbiter is not None and t.on_top < 1.0 else None
    rows = takeover_rows(examples, feats, decisions, rule_events, t, place)
    cross = _cross_fit(rows, feats, seed, folds)
    start = replace(t, learned_top=1.0)

    def precision(trial: Thresholds) -> float:
        sc = set_scores(set_counts(examples, feats, decisions, rule_events, trial, place, takeover=cross))
        return sc["precision"] + sc["precision_full"]

    base = precision(start)

    def score(trial: Thresholds) -> float:
        gain = sum(top_objective(examples, feats, decisions, rule_events, trial, place, cross, measure))
        return gain - penalty * max(0.0, base - precision(trial))

    chosen = _search(score, start, passes=1, names=("learned_top",)) if cross.by_sentence else start
    model = Arbiter.fit([r[1] for r in rows], [r[2] for r in rows], seed=seed, weights=[r[3] for r in rows]) \
        if rows else None
    report = {"rows": len(rows), "learned_better": sum(r[2] for r in rows), "learned_top": chosen.learned_top,
              "top_without": top_objective(examples, feats, decisions, rule_events, start, place, None, measure),
              "top_chosen": top_objective(examples, feats, decisions, rule_events, chosen, place, cross, measure),
              "precision_without": round(base, 4), "precision_chosen": round(precision(chosen), 4)}
    return model, chosen, report
