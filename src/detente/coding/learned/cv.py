"""``detente eval coder --set plv-train --cv K``: K-fold cross-validation on the PLV training set
for the rules alone, the learned parts alone, and the hybrid.

In each fold the learned parts (and their thresholds, the pair proposals' thresholds and the top
arbiter, as ``make models`` chooses them) are fitted on the other PLV folds plus the other
development sets, never on the fold they are scored on; the hybrid is scored as it ships (pair
proposals and takeover as ``CoderConfig`` has them). Each sentence has one gold event; each
system is judged by its *top* event (the reading the top arbiter put on top; else the hybrid's
learned-only event or "lone" proposal where the rules coded no typed event; else the shallowest
trigger, then the highest confidence among the rules' events as corrected — ``evaluate.best_event``;
a reading kept beside them or a proposal beside them is not the top), and also by whether *any*
of its events is right:

- type: the top event's PLOVER type equals the gold one (08 → YIELD, as PLV names it);
- type + source + target: and its source and target name the gold actors, by
  ``data.actor_matches`` (word containment either way, or word-set F1 ≥ 0.5).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from detente.coding.learned.data import PLV_TYPES, Example, actor_matches, load_development, plv_type
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.hybrid import hybrid_events
from detente.coding.learned.pairs import PairThresholds, with_proposals
from detente.coding.learned.pairs_train import choose_pair_thresholds
from detente.coding.learned.parts import Thresholds
from detente.coding.learned.top import TOP_KEY, with_top
from detente.coding.learned.top_train import choose_top
from detente.coding.learned.train import choose_thresholds, featurise, fit_parts, oof_decisions
from detente.records import Document, Event

Prediction = tuple[str | None, str | None, str | None]  # (PLOVER type, source text, target text)


def _of(e: Event | None) -> Prediction:
    if e is None:
        return (None, None, None)
    return (plv_type(e.plover_event), e.source.text if e.source else None, e.target.text if e.target else None)


def cross_validate_plv(data_dir: Path, folds: int = 5, seed: int = 0,
                       progress: Callable[[str], None] | None = None, thresholds: Thresholds | None = None,
                       takeover: bool | None = None, proposals: bool | None = None) -> dict:
    """Scores of rules, learned and hybrid on the PLV training set, cross-validated
    (``thresholds``: fixed ones instead of those chosen in each fold — for experiments;
    ``takeover``, ``proposals``: the takeover arbiter and the pair proposals on or off, by default
    as ``CoderConfig`` ships them)."""
    say = progress or (lambda _m: None)
    examples = load_development(data_dir)
    say(f"parsing and rule-coding {len(examples)} development sentences")
    feats, docs, rule_events = featurise([e.text for e in examples])
    return cross_validate(examples, feats, docs, rule_events, folds, seed, say, thresholds, takeover, proposals)


def cross_validate(examples: list[Example], feats: list[SentenceFeatures], docs: list, rule_events: list[list[Event]],
                   folds: int = 5, seed: int = 0, progress: Callable[[str], None] | None = None,
                   thresholds: Thresholds | None = None, takeover: bool | None = None,
                   proposals: bool | None = None) -> dict:
    """``cross_validate_plv`` on development examples already parsed (``train.featurise``)."""
    from detente.coding.config import CoderConfig
    from detente.coding.evaluate import best_event

    say = progress or (lambda _m: None)
    plv = [k for k, e in enumerate(examples) if e.origin == "plv-train"]
    rules = [rule_events[k] for k in plv]
    learned: list[Prediction] = [(None, None, None)] * len(plv)
    hybrid: list[list[Event]] = [list(evs) for evs in rules]
    others = [k for k in range(len(examples)) if k not in set(plv)]
    strata = [examples[k].plover for k in plv]
    chosen_by_fold: list[dict] = []
    pairs_by_fold: list[dict] = []
    tops_by_fold: list[float] = []
    config = CoderConfig()
    use_takeover = config.takeover if takeover is None else takeover
    use_proposals = config.proposals if proposals is None else proposals
    for n, (tr, te) in enumerate(StratifiedKFold(folds, shuffle=True, random_state=seed).split(plv, strata)):
        say(f"fold {n + 1}/{folds}: thresholds and fit")
        train = others + [plv[j] for j in tr]
        tr_ex, tr_feats, tr_rules = ([xs[k] for k in train] for xs in (examples, feats, rule_events))
        decisions = oof_decisions(tr_ex, tr_feats, seed, 3)
        chosen, arbiter, to = thresholds, None, None
        if chosen is None:
            chosen, _, arbiter, to = choose_thresholds(tr_ex, tr_feats, seed, folds=3, rule_events=tr_rules,
                                                       decisions=decisions)
        fitted_takeover = to  # the pair search counts with it, as make models does
        if not use_takeover:
            to = None  # off, as the product codes
        pair_t, top = PairThresholds(), None
        if use_proposals:  # chosen on the same training folds, as make models chooses data/pairs.json
            say(f"fold {n + 1}/{folds}: pair proposals and the top arbiter")
            pair_t, _ = choose_pair_thresholds(tr_ex, tr_feats, decisions, tr_rules, chosen,
                                               takeover=fitted_takeover)
        if thresholds is None:
            top, _ = choose_top(tr_ex, tr_feats, decisions, tr_rules, chosen, pair_t, arbiter)
            tops_by_fold.append(top.threshold)
        parts = fit_parts(tr_ex, tr_feats, seed, chosen)
        say(f"fold {n + 1}/{folds}: {chosen}")
        chosen_by_fold.append(asdict(chosen))
        pairs_by_fold.append(asdict(pair_t))
        test_feats = [feats[plv[j]] for j in te]
        for j, f, d in zip(te, test_feats, parts.decide(test_feats)):
            src, tgt = (f.candidates[i].text if i is not None else None for i in d.dyad)
            learned[j] = (d.plover, src, tgt)
        allowed = ([[c.mention is not None for c in f.candidates] for f in test_feats]
                   if chosen.prefer_resolved else None)
        for j, f, d in zip(te, test_feats, parts.decide(test_feats, allowed)):
            parsed = docs[plv[j]]
            sent = max(parsed.sents, key=len)
            doc = Document(id=str(plv[j]), text=parsed.text)
            evs = hybrid_events(doc, 0, sent, f, d, rules[j], chosen, arbiter=arbiter, takeover=to)
            if pair_t != PairThresholds():
                evs = with_proposals(doc, 0, sent, f, d, rules[j], evs, chosen, pair_t)
            hybrid[j] = with_top(evs, d, rules[j], top)
    gold = [examples[k] for k in plv]
    return {
        "set": "plv-train", "label": f"{folds}-fold cross-validation; top event per sentence",
        "sentences": len(plv), "thresholds_by_fold": chosen_by_fold, "pair_thresholds_by_fold": pairs_by_fold,
        "top_threshold_by_fold": tops_by_fold,
        "rules": _scores(gold, [_of(best_event(evs)) for evs in rules], rules),
        "learned": _scores(gold, learned, None),
        "hybrid": _scores(gold, [_of(_top(evs)) for evs in hybrid], hybrid),
    }


def _top(events: list[Event]) -> Event | None:
    """The hybrid's top event: its learned-only event where it added one (beside rule events
    without a PLOVER type), else the rules' top event (as the hybrid corrected it)."""
    from detente.coding.evaluate import best_event

    marked = [e for e in events if TOP_KEY in (e.explanation or {})]
    if marked:  # the top arbiter's choice
        return marked[0]
    learned = [e for e in events if _learned_only(e)]
    return learned[0] if learned else best_event([e for e in events if not _proposed(e)])


def _learned_only(e: Event) -> bool:
    """A learned event where the rules coded no typed event: the hybrid's own, or a "lone" proposal."""
    decided = (e.explanation or {}).get("decided_by", {})
    return decided.get("part") == "learned" or (decided.get("part") == "learned proposal"
                                                and str(decided.get("why", "")).startswith("lone"))


def _proposed(e: Event) -> bool:
    """An event the pair proposals added beside the others (never the top one)."""
    return str((e.explanation or {}).get("decided_by", {}).get("part", "")).endswith("proposal")


def _full(g: Example, p: Prediction) -> bool:
    return p[0] == g.plover and actor_matches(p[1], g.source) and actor_matches(p[2], g.target)


def _scores(gold: list[Example], top: list[Prediction], events: list[list[Event]] | None) -> dict:
    y = [g.plover for g in gold]
    yhat = [p[0] or "none" for p in top]
    out = {
        "coded": round(float(np.mean([p[0] is not None for p in top])), 3),
        "type_accuracy": round(float(np.mean([a == b for a, b in zip(y, yhat)])), 3),
        "type_macro_f1": round(float(f1_score(y, yhat, labels=list(PLV_TYPES), average="macro", zero_division=0)), 3),
        "type_source_target": round(float(np.mean([_full(g, p) for g, p in zip(gold, top)])), 3),
        "source_found": round(float(np.mean([actor_matches(p[1], g.source) for g, p in zip(gold, top)])), 3),
    }
    if events is not None:
        out["type_in_any_event"] = round(float(np.mean(
            [any(plv_type(e.plover_event) == g.plover for e in evs) for g, evs in zip(gold, events)])), 3)
        out["type_source_target_any_event"] = round(float(np.mean(
            [any(_full(g, _of(e)) for e in evs) for g, evs in zip(gold, events)])), 3)
        out["learned_events"] = sum(1 for evs in events for e in evs if (e.pattern or "").startswith("learned"))
        parts = [str((e.explanation or {}).get("decided_by", {}).get("part", "")) for evs in events for e in evs]
        out["recoded_events"] = sum("recode" in p for p in parts)
        out["second_readings_on_top"] = sum(
            1 for evs in events for e in evs if (e.explanation or {}).get("decided_by", {}).get("arbiter", {}).get("on_top"))
        out["actors_fixed"] = sum("ranker" in p for p in parts)
    return out
