"""Training the learned parts on development data, with a fixed seed.

``train_parts`` is what ``scripts/train_coder.py`` and ``detente train coder`` run: parse the
development sentences once, label the candidate actors, choose the emission thresholds by
cross-validation on the training data, fit the four estimators on all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits

from detente.coding.learned.data import Example, _tokens, actor_matches, load_development
from detente.coding.learned.features import SentenceFeatures, sentence_features, with_rules
from detente.coding.learned.models import DyadRanker, EventTypeClassifier, RelevanceGate
from detente.coding.learned.parts import LearnedParts, Thresholds

GRID = tuple(round(x, 2) for x in np.arange(0.05, 0.96, 0.05))


@dataclass
class TrainConfig:
    """How the bundle is trained (the defaults build the shipped artefact)."""

    data_dir: Path  # ../shared/eval/events (development files only)
    seed: int = 0
    threshold_folds: int = 3  # cross-validation folds for choosing the emission thresholds


def featurise(texts: Sequence[str], progress: Callable[[int], None] | None = None
              ) -> tuple[list[SentenceFeatures], list, list[list]]:
    """Parse each text as its own document and code it with the (fixed, untrained) rules; per
    text: the features of its sentence with the rules' events added (``with_rules``), the parsed
    doc, and the rule events of that sentence."""
    from detente.actors import ActorResolver
    from detente.coding.coder import EventCoder
    from detente.coding.learned.hybrid import SharedResolution
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
        feats.append(with_rules(sentence_features(sents[index], mentions), events))
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


def _net_gain_threshold(scores: np.ndarray, correct: np.ndarray) -> float:
    """The lowest threshold that maximises (right − wrong) among the decisions it lets through."""
    best_t, best = GRID[-1], -np.inf
    for t in GRID:
        keep = scores >= t
        gain = int(correct[keep].sum()) - int((~correct[keep]).sum())
        if gain > best:
            best_t, best = t, gain
    return float(best_t)


RuleTypes = tuple[str | None, frozenset]  # the rules' top event's PLOVER type, and all their types


def rule_types(rules: Sequence[list]) -> list[RuleTypes]:
    """What the rules coded in each example (``featurise``'s third list): the PLOVER type of their
    top event and all their types, used to choose the override threshold."""
    from detente.coding.evaluate import best_event
    from detente.coding.learned.data import plv_type

    out = []
    for events in rules:
        top = best_event(events)
        out.append((plv_type(top.plover_event) if top else None,
                    frozenset(t for t in (plv_type(e.plover_event) for e in events) if t)))
    return out


def _override_threshold(scores: np.ndarray, learned_ok: np.ndarray, rules_ok: np.ndarray) -> float:
    """Where the rules fired but none of their types is the classifier's: the lowest threshold that
    maximises (learned right − rules' top event right) among the sentences it lets through."""
    best_t, best = 1.0, 0
    for t in GRID:
        keep = scores >= t
        gain = int(learned_ok[keep].sum()) - int(rules_ok[keep].sum())
        if gain > best:
            best_t, best = t, gain
    return float(best_t)


def _rerank_pays(feats: Sequence[SentenceFeatures], decisions: list, labels: list, rule_events: Sequence[list],
                 confident: np.ndarray) -> bool:
    """Whether, where a confident classifier agrees with the rules' top event's type but the dyad
    ranker names other actors, the ranker's pair is the labelled one more often than that event's."""
    from detente.coding.evaluate import best_event
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.hybrid import _names

    learned = rules = 0
    for f, d, lab, events, ok in zip(feats, decisions, labels, rule_events, confident):
        top = best_event(events)
        if not ok or top is None or plv_type(top.plover_event) != d.plover or None in d.dyad or None in lab:
            continue
        cands = f.candidates
        if _names(cands[d.dyad[0]], top.source) and _names(cands[d.dyad[1]], top.target):
            continue
        learned += tuple(d.dyad) == tuple(lab)
        rules += _names(cands[lab[0]], top.source) and _names(cands[lab[1]], top.target)
    return learned > rules


def choose_thresholds(examples: Sequence[Example], feats: Sequence[SentenceFeatures], seed: int = 0,
                      folds: int = 3, rule_events: Sequence[list] | None = None) -> tuple[Thresholds, dict]:
    """Emission thresholds from out-of-fold predictions on the training data itself.

    Gate: the threshold with the best balanced accuracy (events vs non-events). Type: the one
    that maximises right − wrong among emitted types (emit when more likely right than wrong).
    Actors: the same rule on the dyad ranker's source choice. Override (with ``rule_events``, what
    the rules coded): where the rules fired but disagree with the classifier, the threshold at
    which the classifier is right more often than the rules. Rerank: on where the two agree on
    the type but not on the actors, whether the dyad ranker names the labelled actors more often
    than the rules' event does."""
    strata = [e.plover if e.relevant and e.plover else ("event" if e.relevant else "none") for e in examples]
    n = len(examples)
    rel, type_p, type_ok = np.zeros(n), np.zeros(n), np.zeros(n, bool)
    pred = [""] * n
    decisions: list = [None] * n
    src_p, src_ok = np.zeros(n), np.zeros(n, bool)
    labels = dyad_labels(examples, feats)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(n), strata):
        parts = fit_parts([examples[k] for k in train], [feats[k] for k in train], seed)
        for k, d in zip(test, parts.decide([feats[k] for k in test])):
            rel[k], type_p[k], type_ok[k] = d.relevance, d.type_score, d.plover == examples[k].plover
            pred[k], decisions[k] = d.plover, d
            src_p[k], src_ok[k] = d.actor_scores[0], d.dyad[0] == labels[k][0]
    truth = np.array([e.relevant for e in examples])
    typed = np.array([bool(e.relevant and e.plover) for e in examples])
    located = typed & np.array([lab[0] is not None for lab in labels])

    def balanced(t: float) -> float:
        return (np.mean(rel[truth] >= t) + np.mean(rel[~truth] < t)) / 2

    gate = max(GRID, key=balanced)
    chosen = Thresholds(gate=float(gate), event_type=_net_gain_threshold(type_p[typed], type_ok[typed]),
                        actor=_net_gain_threshold(src_p[located], src_ok[located]))
    if rule_events is not None:
        rules = rule_types(rule_events)
        fired = np.array([bool(r[1]) for r in rules])  # only typed rule events count as "fired" here
        differ = np.array([pred[k] != rules[k][0] for k in range(n)])
        rules_ok = np.array([r[0] is not None and r[0] == e.plover for r, e in zip(rules, examples)])
        pick = typed & fired & differ
        chosen.override = _override_threshold(type_p[pick], type_ok[pick], rules_ok[pick])
        chosen.rerank = _rerank_pays(feats, decisions, labels, rule_events, type_p >= chosen.override)
    report = {"gate_balanced_accuracy": round(float(balanced(gate)), 3),
              "type_accuracy_oof": round(float(type_ok[typed].mean()), 3),
              "source_accuracy_oof": round(float(src_ok[located].mean()), 3)}
    return chosen, report


def train_parts(config: TrainConfig, progress: Callable[[str], None] | None = None) -> LearnedParts:
    """Parse, label, choose thresholds by CV, fit on everything: the shipped bundle."""
    say = progress or (lambda _msg: None)
    examples = load_development(config.data_dir)
    say(f"parsing and rule-coding {len(examples)} development sentences")
    feats, _docs, rule_events = featurise([e.text for e in examples])
    say("choosing thresholds by cross-validation")
    thresholds, report = choose_thresholds(examples, feats, config.seed, config.threshold_folds, rule_events)
    say("fitting")
    parts = fit_parts(examples, feats, config.seed, thresholds)
    parts.meta["threshold_cv"] = report
    parts.meta["origins"] = sorted({e.origin for e in examples})
    return parts
