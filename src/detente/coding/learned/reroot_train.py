"""Training the second-reading model (``reroot.py``) and choosing its threshold out of fold.

1. The development sets (``data.load_development``: plv_train, the PLOVER and CAMEO-manual
   examples, wire-dev, our non-events) are parsed and rule-coded once (``train.featurise``).
2. The learned parts are fitted on two of three folds and decide on the third (seed 0), with the
   root head's probabilities beside each decision; the hybrid — the shipped thresholds, arbiter
   and pair thresholds — then emits each sentence's events exactly as at coding time.
3. Every (event, other root) is a row labelled 1 when that root on the event's dyad is a gold
   event of the sentence (wire-dev: the gold tuples by country; CAMEO manual: the example's root,
   for the sentence's top event; PLOVER sets: a root of the gold type, where the event's actors
   are the gold ones; rows whose root has the event's own type say nothing there and are left out;
   non-events: 0). A label is 1 only where the reading would *gain*: a root already coded on the
   dyad, or a gold event another event of the sentence already matches, is 0.
4. The model is cross-fitted over five folds of sentences, so every row has an out-of-fold score;
   the threshold is the one that maximises the mean recall over the development sets (on label +
   source + target where the set has actors, else on the label) **subject to F1 not falling on
   any set** (counted over every event as ``detente eval coder`` counts them:
   ``train.set_counts``). Then the model is fitted on every row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from detente.coding.learned.data import Example
from detente.coding.learned.reroot import (
    ROOTS,
    Context,
    Reroot,
    candidate_rows,
    context_of,
    dyad_of,
    fit_reroot,
    taken_roots,
)

GRID = tuple(round(x, 2) for x in np.arange(0.1, 0.96, 0.025))
OFF = 1.1


@dataclass
class Sentence:
    """One development sentence as the hybrid codes it: its events and the reroot's context."""

    example: Example
    feats: object
    decision: object
    ruled: list
    events: list
    context: Context


def oof_with_roots(examples: Sequence[Example], feats: Sequence, seed: int = 0, folds: int = 3
                   ) -> tuple[list, list[dict[str, float]]]:
    """Out-of-fold decisions (as ``train.oof_decisions``) and the same folds' root-head P(root)."""
    from sklearn.model_selection import StratifiedKFold

    from detente.coding.learned.reroot import root_probabilities
    from detente.coding.learned.train import fit_parts

    strata = [e.plover if e.relevant and e.plover else ("event" if e.relevant else "none") for e in examples]
    n = len(examples)
    decisions: list = [None] * n
    roots: list[dict[str, float]] = [{} for _ in range(n)]
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(n), strata):
        parts = fit_parts([examples[k] for k in train], [feats[k] for k in train], seed)
        held = [feats[k] for k in test]
        for k, d, r in zip(test, parts.decide(held), root_probabilities(parts, held)):
            decisions[k], roots[k] = d, r
    return decisions, roots


def hybrid_sentences(examples: Sequence[Example], feats: Sequence, docs: Sequence, rule_events: Sequence[list],
                     decisions: Sequence, roots: Sequence[dict], parts, pairs) -> list[Sentence]:
    """Each development sentence's events as the hybrid (with ``parts``' thresholds and arbiter and
    the pair proposals ``pairs``) emits them from the out-of-fold decisions."""
    from detente.coding.learned.hybrid import hybrid_events
    from detente.coding.learned.pairs import with_proposals
    from detente.coding.learned.reroot import lexicon_roots
    from detente.langdata import LanguageData
    from detente.records import Document

    lang = LanguageData.default()
    cues, lexicon = lang.modality, lexicon_roots(lang.lexicon)
    out = []
    for n, (ex, f, parsed, ruled, d, r) in enumerate(zip(examples, feats, docs, rule_events, decisions, roots)):
        sents = list(parsed.sents)
        i = max(range(len(sents)), key=lambda k: len(sents[k]))  # the sentence ``featurise`` read
        doc = Document(id=str(n), text=parsed.text)
        evs = hybrid_events(doc, i, sents[i], f, d, list(ruled), parts.thresholds, cues, parts.arbiter)
        if pairs is not None:
            evs = with_proposals(doc, i, sents[i], f, d, list(ruled), evs, parts.thresholds, pairs, cues)
        out.append(Sentence(ex, f, d, list(ruled), evs, context_of(f, d, r, lexicon)))
    return out


def _root_type(root: str) -> str | None:
    from detente.coding.learned.data import plover_of_code

    return plover_of_code(root + "0")


def _plv(e) -> str | None:
    from detente.coding.learned.data import plv_type

    return plv_type(e.plover_event)


def event_labels(s: Sentence) -> list[tuple[object, dict[str, int]]]:
    """Per event of the sentence, {candidate root: label} for the rows that say something."""
    from detente.coding.evaluate import actor_country, best_event, gold_country
    from detente.coding.learned.train import _actors_ok

    ex = s.example
    out = []
    top = best_event(s.events)
    taken = taken_roots(s.events)
    for e in s.events:
        if not e.cameo_root or e.source is None:
            continue
        cands = [r for r in ROOTS if r not in taken[dyad_of(e)]]  # a root coded on the dyad already gains nothing
        if not ex.relevant:
            out.append((e, dict.fromkeys(cands, 0)))
        elif ex.source_code is not None or ex.target_code is not None or ex.more:  # wire-dev: gold by country
            gold = [(ex.root, ex.source_code, ex.target_code), *ex.more]
            dyad = (actor_country(e.source), actor_country(e.target))
            pos = {root for root, src, tgt in gold if (gold_country(src), gold_country(tgt)) == dyad}
            out.append((e, {r: int(r in pos) for r in cands}))
        elif ex.root:  # CAMEO manual: the example's root, for the top event, unless an event has it already
            if e is top:
                found = any(x.cameo_root == ex.root for x in s.events)
                out.append((e, {r: int(r == ex.root and not found) for r in cands}))
        elif ex.plover:  # PLOVER sets: the type, where the actors are the gold ones and no event hits yet
            hit = any(_plv(x) == ex.plover and _actors_ok(ex, x.source, x.target) for x in s.events)
            if hit or not _actors_ok(ex, e.source, e.target):
                out.append((e, dict.fromkeys(cands, 0)))
                continue
            own = _root_type(e.cameo_root)
            out.append((e, {r: int(_root_type(r) == ex.plover) for r in cands if _root_type(r) != own}))
    return out


class _Scored(Reroot):
    """A reroot that reads each (event, root) score from a table (the out-of-fold scores)."""

    def __init__(self, scores: dict[tuple[int, str], float], threshold: float) -> None:
        super().__init__({}, 0.0, threshold)
        self.scores = scores

    def best(self, e, context, taken):
        cands = [(r, p) for (eid, r), p in self._by_event.get(id(e), []) if r not in taken]
        return max(cands, key=lambda x: x[1]) if cands else None

    def index(self) -> _Scored:
        self._by_event: dict[int, list] = {}
        for (eid, r), p in self.scores.items():
            self._by_event.setdefault(eid, []).append(((eid, r), p))
        return self


def oof_scores(sentences: Sequence[Sentence], seed: int = 0, folds: int = 5, C: float = 0.5
               ) -> tuple[dict[tuple[int, str], float], list[dict], list[int]]:
    """Every event's every other root scored by a model fitted on the other folds of sentences;
    also the training rows and labels (for the final fit)."""
    from sklearn.model_selection import KFold

    per_sentence = []  # per sentence: [(event id, root, row, label)]
    for s in sentences:
        items = []
        for e, labels in event_labels(s):
            rows = candidate_rows(e, s.context)
            items += [(id(e), r, rows[r], y) for r, y in labels.items()]
        per_sentence.append(items)
    # score every event of every sentence, labelled or not (an unlabelled event still gets readings)
    all_rows = []
    for s in sentences:
        taken = taken_roots(s.events)
        all_rows.append([(id(e), r, row) for e in s.events if e.cameo_root and e.source is not None
                         for r, row in candidate_rows(e, s.context).items() if r not in taken[dyad_of(e)]])
    scores: dict[tuple[int, str], float] = {}
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(sentences))):
        rows = [it for k in train for it in per_sentence[k]]
        model = fit_reroot([it[2] for it in rows], [it[3] for it in rows], C=C, seed=seed)
        for k in test:
            for eid, r, row in all_rows[k]:
                scores[(eid, r)] = model.proba(row)
    flat = [it for items in per_sentence for it in items]
    return scores, [it[2] for it in flat], [it[3] for it in flat]


def counts_at(sentences: Sequence[Sentence], scorer: Reroot) -> list[np.ndarray]:
    """``train.set_counts`` of the hybrid's events with the second readings of ``scorer``."""
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.parts import Thresholds
    from detente.coding.learned.train import set_counts

    by_feats = {id(s.feats): s for s in sentences}

    def rows_of(f, d, ruled, planned):
        s = by_feats[id(f)]
        evs = scorer.readings("x", 0, s.events, s.context)
        return [(plv_type(e.plover_event), e.cameo_root, e.source, e.target) for e in evs]
    return set_counts([s.example for s in sentences], [s.feats for s in sentences],
                      [s.decision for s in sentences], [s.ruled for s in sentences], Thresholds(),
                      rows_of=rows_of)


def set_figures(counts: list[np.ndarray]) -> list[dict[str, float]]:
    """Per set: recall, precision and F1 on label + source + target where it has actors, else on the label."""
    out = []
    for c in counts:
        tp, pred, gold = (c[3], c[4], c[5]) if c[5] else (c[0], c[1], c[2])
        p = float(tp / pred) if pred else 0.0
        r = float(tp / gold) if gold else 0.0
        out.append({"recall": round(r, 4), "precision": round(p, 4),
                    "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "tp": int(tp), "gold": int(gold)})
    return out


def choose_threshold(sentences: Sequence[Sentence], scores: dict[tuple[int, str], float]
                     ) -> tuple[float, dict]:
    """The threshold with the best mean recall over the sets among those where no set's F1 falls
    below its F1 without second readings (ties: the higher threshold); ``OFF`` when none gains."""
    scorer = _Scored(scores, OFF).index()
    base = set_figures(counts_at(sentences, scorer))
    best, best_recall, trials = OFF, float(np.mean([b["recall"] for b in base])), {}
    for t in sorted(GRID, reverse=True):
        scorer.threshold = t
        figs = set_figures(counts_at(sentences, scorer))
        recall = float(np.mean([f["recall"] for f in figs]))
        ok = all(f["f1"] >= b["f1"] - 1e-9 for f, b in zip(figs, base))
        trials[t] = {"mean_recall": round(recall, 4), "f1_holds": ok,
                     "per_set": [(f["tp"], f["recall"], f["precision"]) for f in figs]}
        if ok and recall > best_recall + 1e-9:
            best, best_recall = t, recall
    scorer.threshold = best
    origins = list(dict.fromkeys(s.example.origin for s in sentences if s.example.relevant))
    report = {"rule": "max mean recall s.t. F1 does not fall on any development set",
              "sets": origins, "without": base, "with": set_figures(counts_at(sentences, scorer)),
              "trials": trials}
    return best, report


def development_sentences(data_dir: Path, parts, seed: int = 0, say: Callable[[str], None] = print
                          ) -> list[Sentence]:
    """The development sets as the hybrid (``parts`` and the shipped pair thresholds) codes them
    from out-of-fold decisions (steps 1 and 2 of the module docstring)."""
    from detente.coding.learned.data import load_development
    from detente.coding.learned.pairs import load_pair_thresholds
    from detente.coding.learned.train import featurise

    examples = load_development(data_dir)
    say(f"reroot: parsing and rule-coding {len(examples)} development sentences")
    feats, docs, rule_events = featurise([e.text for e in examples])
    say("reroot: out-of-fold decisions")
    decisions, roots = oof_with_roots(examples, feats, seed, 3)
    return hybrid_sentences(examples, feats, docs, rule_events, decisions, roots, parts, load_pair_thresholds())


def train_reroot(data_dir: Path, out: Path, seed: int = 0, progress: Callable[[str], None] | None = None,
                 C: float = 0.5) -> Reroot:
    """Decide out of fold, cross-fit, choose the threshold, fit on every row, write ``out``."""
    from detente.coding.learned.parts import load_parts
    from detente.coding.learned.reroot import save_reroot

    say = progress or (lambda _m: None)
    parts = load_parts()
    if parts is None:
        raise ValueError("no learned bundle: run `detente train coder` first")
    sentences = development_sentences(data_dir, parts, seed, say)
    say("reroot: cross-fitted scores and the threshold")
    scores, rows, labels = oof_scores(sentences, seed, C=C)
    threshold, report = choose_threshold(sentences, scores)
    model = fit_reroot(rows, labels, C=C, seed=seed, threshold=threshold)
    save_reroot(model, out, {"seed": seed, "examples": len(sentences), "rows": len(rows),
                             "positives": int(sum(labels)), "C": C, **report})
    say(f"reroot: threshold {threshold}, {len(model.weights)} weights")
    return model
