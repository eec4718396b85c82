"""Choosing the pair proposals' thresholds (``data/pairs.json``) out of fold on development data.

The learned parts are fitted on two of three folds of every development set and decide on the
third (``train.oof_decisions``, seed 0); the hybrid's own thresholds are the shipped bundle's.
Coordinate ascent over ``PairThresholds`` then maximises recall — on the label and on label +
source + target, each the mean over the development sets, counted over every event a sentence
ends with as ``detente eval coder`` counts them (``train.set_counts``) — less ten times any mean
precision below ``floor`` × the hybrid's own (``train.recall_objective``): proposals may buy
recall with a little precision, not with a collapse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, fields, replace
from pathlib import Path

import numpy as np

from detente.coding.learned.data import Example
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.pairs import OFF, PairThresholds, domestic_rows, proposal_rows, propose
from detente.coding.learned.parts import Thresholds

GRID = (*(round(x, 2) for x in np.arange(0.0, 0.96, 0.05)), OFF)
MARGINS = (-1.0, 0.0, 0.05, 0.1, 0.2, 0.3)  # -1: whatever the rules' own mention scores


def counts_with(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                rule_events: Sequence[list], shipped: Thresholds, t: PairThresholds,
                takeover=None, planned: Sequence[list] | None = None) -> list[np.ndarray]:
    """``train.set_counts`` of the hybrid (with its takeover arbiter) with the proposals of ``t``
    added (``planned``: the hybrid's own rows of every sentence, ``hybrid_rows``, made once)."""
    from detente.coding.learned.train import set_counts

    def rows_of(f, d, ruled, rows):
        return domestic_rows(f, d, rows + proposal_rows(f, d, ruled, propose(f, d, ruled, shipped, t)), t)
    return set_counts(examples, feats, decisions, rule_events, shipped, rows_of=rows_of, takeover=takeover,
                      planned=planned)


def hybrid_rows(feats: Sequence[SentenceFeatures], decisions: Sequence, rule_events: Sequence[list],
                shipped: Thresholds, takeover=None) -> list[list[tuple]]:
    """Every sentence's rows as the hybrid leaves them (``plan.planned_events``): the same for
    every trial of the search, so made once."""
    from detente.coding.learned.plan import plan_sentence, planned_events

    return [planned_events(f, d, ruled, plan_sentence(f, d, ruled, shipped, None, takeover))
            for f, d, ruled in zip(feats, decisions, rule_events)]


def choose_pair_thresholds(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                           rule_events: Sequence[list], shipped: Thresholds, floor: float = 0.97,
                           passes: int = 2, takeover=None) -> tuple[PairThresholds, dict]:
    """Coordinate ascent from every proposal off; a setting moves only on a strict gain."""
    from detente.coding.learned.train import recall_objective, set_scores

    planned = hybrid_rows(feats, decisions, rule_events, shipped, takeover)

    def counts(t: PairThresholds) -> list[np.ndarray]:
        return counts_with(examples, feats, decisions, rule_events, shipped, t, takeover, planned)

    base = counts(PairThresholds())
    goal = recall_objective([c * np.array([floor, 1, 1, floor, 1, 1]) for c in base])
    best = PairThresholds()
    best_score = goal(base)
    for _ in range(passes):
        moved = False
        for names, values in _steps():
            for value in values:
                trial = replace(best, **dict(zip(names, value)))
                s = goal(counts(trial))
                if s > best_score + 1e-9:
                    best, best_score, moved = trial, s, True
        if not moved:
            break
    report = {"floor": floor, "hybrid_oof": set_scores(base), "with_proposals_oof": set_scores(counts(best)),
              "per_set_before": [_prf(c) for c in base], "per_set_after": [_prf(c) for c in counts(best)]}
    return best, report


def _steps() -> list[tuple[tuple[str, ...], list[tuple[float, ...]]]]:
    """The coordinates of the ascent: one threshold on its grid, or a gate and a type threshold
    together on a coarser one (either alone does nothing while the other is off)."""
    coarse = (*(round(x, 1) for x in np.arange(0.1, 0.95, 0.1)), OFF)
    joint = [(float(g), float(t)) for g in coarse for t in coarse]
    out: list[tuple[tuple[str, ...], list[tuple[float, ...]]]] = []
    for name in ("pair", "margin", "coded_dyad", "domestic"):
        out.append(((name,), [(float(v),) for v in (MARGINS if name == "margin" else GRID)]))
    out += [(("beside_gate", "beside_type"), joint), (("lone_gate", "lone_type"), joint)]
    assert {n for names, _ in out for n in names} == {f.name for f in fields(PairThresholds)}
    return out


def _prf(c: np.ndarray) -> list[float]:
    ratio = lambda a, b: round(float(a / b), 3) if b else 0.0  # noqa: E731
    return [ratio(c[0], c[2]), ratio(c[0], c[1]), ratio(c[3], c[5]), ratio(c[3], c[4])]


def train_pair_thresholds(data_dir: Path, out: Path, seed: int = 0,
                          progress: Callable[[str], None] | None = None) -> PairThresholds:
    """Parse and rule-code the development sets, decide out of fold, choose, write ``out``."""
    from detente.coding.learned.data import load_development
    from detente.coding.learned.pairs import save_pair_thresholds
    from detente.coding.learned.parts import load_parts
    from detente.coding.learned.top_train import choose_top
    from detente.coding.learned.train import featurise, oof_decisions

    say = progress or (lambda _m: None)
    parts = load_parts()
    if parts is None:
        raise ValueError("no learned bundle: run `detente train coder` first")
    examples = load_development(data_dir)
    say(f"pair proposals: parsing and rule-coding {len(examples)} development sentences")
    feats, _docs, rule_events = featurise([e.text for e in examples])
    say("pair proposals: out-of-fold decisions")
    decisions = oof_decisions(examples, feats, seed, 3)
    chosen, report = choose_pair_thresholds(examples, feats, decisions, rule_events, parts.thresholds,
                                            takeover=parts.takeover)
    say("top arbiter: fitting and choosing its threshold")
    top, report["top_arbiter"] = choose_top(examples, feats, decisions, rule_events, parts.thresholds, chosen,
                                            parts.arbiter, seed)
    save_pair_thresholds(chosen, out, {"seed": seed, "examples": len(examples),
                                       "hybrid_thresholds": asdict(parts.thresholds), **report}, top)
    say(f"pair proposals: {chosen}; top arbiter: {report['top_arbiter']}")
    return chosen
