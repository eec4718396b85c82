"""Training the learned parts on development data, with a fixed seed.

``train_parts`` is what ``scripts/train_coder.py`` and ``detente train coder`` run: parse the
development sentences once, label the candidate actors, choose the emission thresholds by
cross-validation on the training data, fit the four estimators on all of it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from detente.coding.learned.arbiter import Arbiter
from detente.coding.learned.data import Example, _tokens, actor_matches, load_development
from detente.coding.learned.features import SentenceFeatures, sentence_features, with_rules
from detente.coding.learned.models import DyadRanker, EventTypeClassifier, RelevanceGate
from detente.coding.learned.parts import LearnedParts, Thresholds

GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))
#: How every selection objective weighs the development sets against each other (the default of
#: ``set_mean``/``row_weights``): "events" — each set by its number of gold events, so each real
#: sentence counts once whatever set it is in; "equal" — each set the same (the choice before; a set
#: of 277 examples then weighs as much as one of 1,050 real news sentences; kept for comparison).
WEIGHTINGS = ("events", "equal")


def set_mean(values: Sequence[float], sizes: Sequence[float], weighting: str = "events") -> float:
    """The mean over development sets of a per-set figure, weighed as ``weighting`` says (``sizes``:
    each set's gold events)."""
    if not len(values):
        return 0.0
    if weighting == "equal" or not sum(sizes):
        return float(np.mean(values))
    return float(np.average(values, weights=sizes))


def row_weights(origins: Sequence[str], weighting: str = "events") -> list[float]:
    """Training weights of stacker rows from several development sets, mean 1: each row the same
    ("events"), or every set the same total ("equal")."""
    if weighting != "equal":
        return [1.0] * len(origins)
    per = Counter(origins)
    return [len(origins) / (len(per) * per[o]) for o in origins]


@dataclass
class TrainConfig:
    """How the bundle is trained (the defaults build the shipped artefact)."""

    data_dir: Path  # ../shared/eval/events (development files only)
    seed: int = 0
    threshold_folds: int = 3  # cross-validation folds for choosing the emission thresholds
    objective: str = "recall"  # what the thresholds maximise (``select_thresholds``)


def featurise(texts: Sequence[str], progress: Callable[[int], None] | None = None
              ) -> tuple[list[SentenceFeatures], list, list[list]]:
    """Parse each text as its own document and code it with the (fixed, untrained) rules; per
    text: the features of its sentence with the rules' events added (``with_rules``), the parsed
    doc, and the rule events of that sentence."""
    from detente.actors import ActorResolver
    from detente.coding.coder import EventCoder
    from detente.coding.learned.hybrid import SharedResolution
    from detente.coding.learned.votes import with_votes
    from detente.nlp import parse
    from detente.records import Document

    resolver = SharedResolution(ActorResolver())
    coder = EventCoder(resolver=resolver)
    feats, docs, rules = [], [], []
    for n, parsed in enumerate(parse(texts, batch_size=64)):
        sents = list(parsed.sents)
        index = max(range(len(sents)), key=lambda i: len(sents[i]))  # one gold sentence; a stray split keeps the longest
        events = [e for e in coder.code_parsed(Document(id=str(n), text=parsed.text), parsed)[2]
                  if e.sentence_id == f"{n}:{index}"]
        mentions = resolver.resolve(parsed, None)
        feats.append(with_rules(with_votes(sentence_features(sents[index], mentions), sents[index], coder.lexicon,
                                           coder.lang.ontology), events))
        docs.append(parsed)
        rules.append(events)
        if progress:
            progress(1)
    return feats, docs, rules


def _best(f: SentenceFeatures, gold: str | None, code: str | None) -> int | None:
    """The candidate that names the gold actor (best word overlap), or None."""
    if gold:
        hits = [(len(set(_tokens(c.text)) & set(_tokens(gold))) / max(len(set(_tokens(c.text))), 1), -k, k)
                for k, c in enumerate(f.candidates) if actor_matches(c.text, gold)]
        return max(hits)[2] if hits else None
    if code:
        head = code[:3].upper()
        for k, c in enumerate(f.candidates):
            m = c.mention
            if m is not None and ((m.country or "").upper() == head or (m.code or "")[:3].upper() == head):
                return k
    return None


def dyad_labels(examples: Sequence[Example], feats: Sequence[SentenceFeatures]) -> list[tuple[int | None, int | None]]:
    out = []
    for ex, f in zip(examples, feats):
        src = _best(f, ex.source, ex.source_code)
        tgt = _best(f, ex.target, ex.target_code)
        out.append((src, tgt if tgt != src else None))
    return out


def fit_parts(examples: Sequence[Example], feats: Sequence[SentenceFeatures], seed: int = 0,
              thresholds: Thresholds | None = None) -> LearnedParts:
    """The four estimators fitted on these examples (one BLAS thread: on a shared machine more
    threads spin rather than help — measured 6x the CPU time for the same fit)."""
    with threadpool_limits(limits=1):
        return _fit_parts(examples, feats, seed, thresholds)


def _fit_parts(examples: Sequence[Example], feats: Sequence[SentenceFeatures], seed: int,
               thresholds: Thresholds | None) -> LearnedParts:
    typed = [k for k, e in enumerate(examples) if e.relevant and e.plover]
    rooted = [k for k, e in enumerate(examples) if e.relevant and e.root]
    labels = dyad_labels(examples, feats)
    located = [k for k in typed if labels[k][0] is not None]
    pick = lambda idx: [feats[k] for k in idx]  # noqa: E731
    event_type = EventTypeClassifier(random_state=seed).fit(pick(typed), [examples[k].plover for k in typed])
    root = EventTypeClassifier(random_state=seed).fit(pick(rooted), [examples[k].root for k in rooted])
    gate = RelevanceGate(random_state=seed).fit(list(feats), [int(e.relevant) for e in examples])
    dyad = DyadRanker(random_state=seed).fit(pick(located), [labels[k] for k in located])
    return LearnedParts(event_type, root, gate, dyad, thresholds or Thresholds(),
                        {"seed": seed, "examples": len(examples), "typed": len(typed), "rooted": len(rooted),
                         "located": len(located), "relevant": sum(e.relevant for e in examples)})


#: the threshold choice's search space: 0 … 0.95 in steps of 0.05, and 1.0 (for corrections: off)
GRID = (0.0,) + GRID + (1.0,)
#: the thresholds coordinate ascent visits, in this order (twice)
SEARCHED = ("gate", "event_type", "actor", "recode", "fill_source", "fill_target", "fix_source", "fix_target",
            "replace")


def _actors_ok(ex: Example, src, tgt) -> bool | None:
    """Whether a top event's actors name the example's gold ones (strings by ``actor_matches``,
    codes by country as ``detente eval coder`` matches them); None where the example has no actors."""
    from detente.coding.evaluate import actor_country, gold_country

    if ex.source or ex.target:
        return actor_matches(src.text if src else None, ex.source) and actor_matches(tgt.text if tgt else None,
                                                                                      ex.target)
    if ex.source_code is not None or ex.target_code is not None:
        return gold_country(ex.source_code) == actor_country(src) and gold_country(ex.target_code) == actor_country(tgt)
    return None


def set_counts(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
               rule_events: Sequence[list], t: Thresholds, arbiter=None,
               rows_of: Callable | None = None, takeover=None, planned: Sequence[list] | None = None
               ) -> list[np.ndarray]:
    """Per development set (``Example.origin``): true positives, predictions and gold events on the
    label — the CAMEO root where the example has one (wire-dev, CAMEO manual: what ``eval coder``
    scores there), else the PLOVER type — and on label + source + target (examples with gold
    actors), over *every* event the hybrid leaves in the sentence, as ``detente eval coder``
    counts them (a second event beside the rules' one can add a hit and a false positive). The
    events of a set of only non-events (ours) are false positives in every set. ``rows_of(f, d,
    ruled, rows)``: a sentence's rows as ``planned_events`` gives them, changed (the pair proposals);
    ``planned``: those rows of every sentence made already (``t`` and the arbiters are then not read)."""
    from detente.coding.learned.plan import plan_sentence, planned_events

    counts: dict[str, np.ndarray] = {}  # origin → tp, pred, gold, tp_full, pred_full, gold_full
    for k, (ex, f, d, ruled) in enumerate(zip(examples, feats, decisions, rule_events)):
        c = counts.setdefault(ex.origin, np.zeros(6))
        has_actors = bool(ex.source or ex.target or ex.source_code is not None or ex.target_code is not None)
        gold = ex.root if ex.root else ex.plover
        c[2] += bool(ex.relevant and gold)
        c[5] += bool(ex.relevant and gold and has_actors)
        these = (list(planned[k]) if planned is not None
                 else planned_events(f, d, ruled, plan_sentence(f, d, ruled, t, arbiter, takeover)))
        if rows_of is not None:
            these = rows_of(f, d, ruled, these)
        rows = [(root if ex.root else plover, src, tgt) for plover, root, src, tgt in these]
        labels = {lab for lab, _, _ in rows if lab is not None}
        c[1] += len(labels)
        if ex.more:  # several gold events (codes): the counts of ``eval coder``, by label and by tuple
            c[0] += _matched([gold, *(m[0] for m in ex.more)], labels)
            c[2] += len(ex.more)
            c[5] += len(ex.more)
            c[4] += len(_tuples(rows))
            c[3] += _matched([_coded(gold, ex.source_code, ex.target_code), *(_coded(*m) for m in ex.more)],
                             _tuples(rows))
            continue
        c[0] += bool(ex.relevant and gold in labels)
        if has_actors or not ex.relevant:
            c[4] += len({(lab, _key(s), _key(g)) for lab, s, g in rows if lab is not None})
            c[3] += bool(ex.relevant and any(lab == gold and _actors_ok(ex, s, g) for lab, s, g in rows))
    false_only = sum((c for c in counts.values() if not c[2]), np.zeros(6))
    return [c + false_only for c in counts.values() if c[2]]


def _coded(label: str | None, source: str | None, target: str | None) -> tuple:
    from detente.coding.evaluate import gold_country

    return label, gold_country(source), gold_country(target)


def _tuples(rows: list[tuple]) -> set[tuple]:
    from detente.coding.evaluate import actor_country

    return {(lab, actor_country(s), actor_country(g)) for lab, s, g in rows if lab is not None}


def _matched(gold: list, predicted: set) -> int:
    """Gold items found among the (distinct) predicted ones, each predicted item used once."""
    return sum((Counter(gold) & Counter(predicted)).values())


def _key(actor) -> str | None:
    return (actor.code or actor.text) if actor is not None else None


def set_scores(sets: list[np.ndarray]) -> dict[str, float]:
    """Precision and recall on the label and on label + source + target, each the mean over sets."""
    per = [_prf(c) for c in sets]

    def mean(key: int, full: bool) -> float:
        kept = [(p[key], c[5] if full else c[2]) for c, p in zip(sets, per) if c[5] or not full]
        return round(set_mean([v for v, _ in kept], [w for _, w in kept]), 4)
    return {"precision": mean(0, False), "recall": mean(1, False),
            "precision_full": mean(2, True), "recall_full": mean(3, True)}


def _prf(c: np.ndarray) -> tuple[float, float, float, float]:
    """A set's precision and recall on the label, then on label + source + target."""
    ratio = lambda a, b: float(a / b) if b else 0.0  # noqa: E731
    return ratio(c[0], c[1]), ratio(c[0], c[2]), ratio(c[3], c[4]), ratio(c[3], c[5])


def hybrid_objective(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                     rule_events: Sequence[list], t: Thresholds, beta: float = 1.0) -> tuple[float, float]:
    """F-beta on the label and on label + source + target, from precision and recall each the
    mean over the development sets weighed by their gold events (``set_mean``: each real sentence
    counts once; ``set_counts``); beta 2 weighs recall four times precision."""
    sc = set_scores(set_counts(examples, feats, decisions, rule_events, t))
    b2 = beta * beta
    fb = lambda p, r: (1 + b2) * p * r / (b2 * p + r) if p + r else 0.0  # noqa: E731
    return round(fb(sc["precision"], sc["recall"]), 4), round(fb(sc["precision_full"], sc["recall_full"]), 4)


def top_objective(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                  rule_events: Sequence[list], t: Thresholds, arbiter=None, takeover=None,
                  measure: str = "f1") -> tuple[float, float]:
    """Last session's objective: F1 of the hybrid's top event per sentence on the event type — the CAMEO root where the
    example has one (wire-dev, CAMEO manual: what ``eval coder`` scores there), else the PLOVER
    type — and on type + source + target (examples with gold actors), each averaged over the
    development sets (``Example.origin``) weighed by their gold events (``set_mean``: each real sentence
    counts once, whatever set it is in).
    An event on a non-event sentence is a false positive (a set of only non-events, such as ours,
    adds its false positives to every set), a wrong one a miss and a false positive, as in
    ``detente eval coder``. ``measure`` "recall": the top event's recall instead of its F1 (the
    share of events a one-event reader gets right: PLV's accuracy)."""
    from detente.coding.learned.plan import plan_sentence, planned_top

    counts: dict[str, np.ndarray] = {}  # origin → tp, pred, gold, tp_full, pred_full, gold_full
    for ex, f, d, ruled in zip(examples, feats, decisions, rule_events):
        c = counts.setdefault(ex.origin, np.zeros(6))
        has_actors = bool(ex.source or ex.target or ex.source_code is not None or ex.target_code is not None)
        c[2] += bool(ex.relevant and ex.plover)
        c[5] += bool(ex.relevant and ex.plover and has_actors)
        plover, root, src, tgt = planned_top(f, d, ruled, plan_sentence(f, d, ruled, t, arbiter, takeover))
        if plover is None:
            continue
        right = bool(ex.relevant and (root == ex.root if ex.root else plover == ex.plover))
        c[0] += right
        c[1] += 1
        if has_actors or not ex.relevant:
            c[4] += 1
            c[3] += bool(right and _actors_ok(ex, src, tgt))
    false_only = sum((c for c in counts.values() if not c[2]), np.zeros(6))
    sets = [c + false_only for c in counts.values() if c[2]]
    full = [c for c in sets if c[5]]
    if measure == "recall":
        return (round(set_mean([c[0] / c[2] for c in sets], [c[2] for c in sets]), 4),
                round(set_mean([c[3] / c[5] for c in full], [c[5] for c in full]), 4))
    f1 = set_mean([2 * c[0] / max(c[1] + c[2], 1) for c in sets], [c[2] for c in sets])
    f1_full = set_mean([2 * c[3] / max(c[4] + c[5], 1) for c in full], [c[5] for c in full])
    return round(f1, 4), round(f1_full, 4)


def recall_objective(floor: list[np.ndarray], penalty: float = 10.0) -> Callable[[list[np.ndarray]], float]:
    """Recall on the label plus recall on label + source + target (each the mean over sets), less
    ``penalty`` times any mean precision below that of ``floor`` (the rules alone): the issue's
    targets are recall targets, and the learned parts must not buy recall with precision the
    rules alone had."""
    base = set_scores(floor)

    def score(sets: list[np.ndarray]) -> float:
        sc = set_scores(sets)
        short = max(0.0, base["precision"] - sc["precision"]) + max(0.0, base["precision_full"] - sc["precision_full"])
        return sc["recall"] + sc["recall_full"] - penalty * short
    return score


def _search(score: Callable[[Thresholds], float], start: Thresholds, passes: int = 2,
            names: Sequence[str] = (*SEARCHED, "coded_stays")) -> Thresholds:
    """Coordinate ascent over ``names`` on ``GRID`` (``coded_stays`` on both values): a setting
    moves only on a strict gain, so a correction that does not pay stays off."""
    best, best_score = start, score(start)
    for _ in range(passes):
        moved = False
        for name, values in [(n, (False, True) if n == "coded_stays" else GRID) for n in names]:
            for value in values:
                trial = replace(best, **{name: value if isinstance(value, bool) else float(value)})
                s = score(trial)
                if s > best_score + 1e-9:
                    best, best_score, moved = trial, s, True
        if not moved:
            break
    return best


def oof_decisions(examples: Sequence[Example], feats: Sequence[SentenceFeatures], seed: int = 0,
                  folds: int = 3) -> list:
    """Out-of-fold decisions on the training data itself: the learned parts are fitted on
    ``folds`` − 1 folds (stratified by type) and decide on the last."""
    strata = [e.plover if e.relevant and e.plover else ("event" if e.relevant else "none") for e in examples]
    n = len(examples)
    decisions: list = [None] * n
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(n), strata):
        parts = fit_parts([examples[k] for k in train], [feats[k] for k in train], seed)
        for k, d in zip(test, parts.decide([feats[k] for k in test])):
            decisions[k] = d
    return decisions


OBJECTIVES = ("recall", "f1", "f2")


def select_thresholds(examples: Sequence[Example], feats: Sequence[SentenceFeatures], decisions: Sequence,
                      rule_events: Sequence[list], objective: str = "recall") -> tuple[Thresholds, dict]:
    """Coordinate ascent from the gate with the best balanced accuracy (events vs non-events) and
    every correction off (and, once on, added beside the rules' event), maximising ``objective``:
    "f1" (``top_objective``, last session's: the top event's F1, corrections replacing), "f2"
    (``hybrid_objective`` over every event, every threshold), or "recall" (the default): "f1"'s
    choice of when the parts act, then ``replace`` alone — whether a correction replaces the rules'
    event or is added beside it — by recall over every event with the rules-only precision as a
    floor (``recall_objective``)."""
    if objective not in OBJECTIVES:
        raise ValueError(f"objective {objective!r}: not one of {', '.join(OBJECTIVES)}")
    rel = np.array([d.relevance for d in decisions])
    truth = np.array([e.relevant for e in examples])

    def balanced(t: float) -> float:
        return float((np.mean(rel[truth] >= t) + np.mean(rel[~truth] < t)) / 2) if (~truth).any() else 0.0

    def counts(t: Thresholds) -> list[np.ndarray]:
        return set_counts(examples, feats, decisions, rule_events, t)

    rules_only = counts(Thresholds(gate=1.1, event_type=1.1))
    start = Thresholds(gate=float(max(GRID[1:-1], key=balanced)), replace=1.0)  # corrections off, beside
    if objective == "f2":
        chosen = _search(lambda t: sum(hybrid_objective(examples, feats, decisions, rule_events, t, 2.0)), start)
    else:  # when the parts act: the top event's F1, every correction replacing
        when = tuple(n for n in (*SEARCHED, "coded_stays") if n != "replace")
        chosen = _search(lambda t: sum(top_objective(examples, feats, decisions, rule_events, t)),
                         replace(start, replace=0.0), names=when)
    if objective == "recall":  # then whether a correction replaces the rules' event or goes beside it
        goal = recall_objective(rules_only)
        chosen = _search(lambda t: goal(counts(t)), chosen, names=("replace",))
    typed = [k for k, e in enumerate(examples) if e.relevant and e.plover]
    report = {"objective": objective, "gate_balanced_accuracy": round(balanced(chosen.gate), 3),
              "type_accuracy_oof": round(float(np.mean([decisions[k].plover == examples[k].plover for k in typed])), 3),
              "rules_oof": set_scores(rules_only), "hybrid_oof": set_scores(counts(chosen))}
    return chosen, report


def choose_thresholds(examples: Sequence[Example], feats: Sequence[SentenceFeatures], seed: int = 0,
                      folds: int = 3, rule_events: Sequence[list] | None = None,
                      objective: str = "recall", decisions: Sequence | None = None, takeover: bool = True
                      ) -> tuple[Thresholds, dict, Arbiter, Arbiter | None]:
    """Thresholds from out-of-fold decisions on the training data (every development set
    together; ``oof_decisions``, or ``decisions`` made so already), chosen by ``select_thresholds``,
    then the arbiter and its ``on_top`` threshold (``choose_arbiter``), then the takeover arbiter
    and its ``learned_top`` threshold (``choose_takeover``; not with ``takeover`` off) on the same decisions."""
    # arbiter_train builds on this module's objectives, hence the import here
    from detente.coding.learned.arbiter_train import choose_arbiter, choose_takeover

    rules = list(rule_events) if rule_events is not None else [[] for _ in examples]
    if decisions is None:
        decisions = oof_decisions(examples, feats, seed, folds)
    chosen, report = select_thresholds(examples, feats, decisions, rules, objective)
    arbiter, chosen, report["arbiter"] = choose_arbiter(examples, feats, decisions, rules, chosen, seed)
    if not takeover:
        return chosen, report, arbiter, None
    model, chosen, report["takeover"] = choose_takeover(examples, feats, decisions, rules, chosen, arbiter, seed)
    return chosen, report, arbiter, model


def train_parts(config: TrainConfig, progress: Callable[[str], None] | None = None) -> LearnedParts:
    """Parse, label, choose thresholds by CV, fit on everything: the shipped bundle."""
    say = progress or (lambda _msg: None)
    examples = load_development(config.data_dir)
    say(f"parsing and rule-coding {len(examples)} development sentences")
    feats, _docs, rule_events = featurise([e.text for e in examples])
    say("choosing thresholds by cross-validation")
    thresholds, report, arbiter, takeover = choose_thresholds(examples, feats, config.seed, config.threshold_folds,
                                                    rule_events, config.objective)
    say("fitting")
    parts = fit_parts(examples, feats, config.seed, thresholds)
    parts.arbiter = arbiter
    parts.takeover = takeover
    parts.meta["threshold_cv"] = report
    parts.meta["origins"] = sorted({e.origin for e in examples})
    return parts
