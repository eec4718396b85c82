"""The learned decisions the hybrid will read, and only those (ingest CPU, issue 14).

``LearnedParts.decide`` runs all four estimators on every sentence. ``plan.plan_sentence``
reads only part of each ``Decision``, depending on what the rules coded in the sentence:

- no typed rule event: the gate first; the type only where the gate passes; the dyad ranker only
  where the type passes too; the CAMEO root only where the decision is ``confident`` (a learned
  event is made). A sentence with fewer than two candidate actors can never get a dyad, so no
  estimator runs for it;
- a typed rule event: the type (a recode; every type's probability for the arbiter) and the dyad
  ranker (fill or fix its actors); the root only where the type recodes; the gate only where
  the rules' event is corrected (the arbiter reads it).

With the pair proposals on (``pairs``: ``pairs.propose`` and ``domestic_events`` after the hybrid's
own decision), they read more: the dyad ranker's role probabilities, the type and the gate of
every sentence with a candidate actor (pairs, "beside" and "lone" events, domestic actors), and
the root wherever a proposal is a learned event; still no root elsewhere.

With the takeover arbiter on (``Thresholds.learned_top`` < 1), which reads every part of every
sentence, the full ``decide`` runs.

Every estimator scores each sentence on its own (TF-IDF rows, linear models), so running it on
fewer sentences gives the others the same numbers: the hybrid's events are those of the full
``decide``. Fields nobody reads are left out: ``relevance`` is NaN and ``root`` is "".
``tests/test_coder_batch.py`` checks the events against the full ``decide``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from detente.coding.learned.data import plv_type
from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.pairs import PairThresholds, propose
from detente.coding.learned.parts import Decision, LearnedParts
from detente.records import Event

NOT_READ = math.nan  # a relevance the hybrid never reads for this sentence


def needed_decisions(parts: LearnedParts, feats: Sequence[SentenceFeatures], ruled: Sequence[list[Event]],
                     allowed: list[list[bool]] | None = None, pairs: PairThresholds | None = None
                     ) -> list[Decision]:
    """One ``Decision`` per sentence, as ``parts.decide(feats, allowed)`` as far as the hybrid reads
    it; ``ruled`` are the rules' events of each sentence, ``pairs`` the pair proposals' thresholds
    when they are on. With ``allowed`` (resolved mentions preferred), or parts whose ``decide``
    is not ``LearnedParts.decide`` (a stand-in), the full ``decide`` runs."""
    if (allowed is not None or getattr(type(parts), "decide", None) is not LearnedParts.decide
            or (getattr(parts, "takeover", None) is not None and parts.thresholds.learned_top < 1.0)):
        return parts.decide(list(feats), allowed)
    from detente.coding.learned.plan import plan_sentence

    t = parts.thresholds
    rule_types = [_rule_type(r) for r in ruled]
    out: list[Decision] = [Decision(NOT_READ, "", 0.0, "", (None, None), (0.0, 0.0)) for _ in feats]
    if pairs is None:
        untyped = [k for k, rt in enumerate(rule_types) if rt is None and len(feats[k].candidates) >= 2]
    else:  # the proposals read the gate and the type of every sentence with a candidate
        untyped = [k for k, f in enumerate(feats) if f.candidates]
    _gate(parts, feats, untyped, out)
    typing = [k for k, rt in enumerate(rule_types)
              if rt is not None or out[k].relevance >= t.gate or (pairs is not None and feats[k].candidates)]
    classes = [str(c) for c in parts.event_type.classes_]
    for k, p in zip(typing, _scores(parts.event_type.predict_proba, feats, typing)):
        j = int(np.argmax(p))
        d, values = out[k], p.tolist()  # the decisions are this call's own: filled in place
        d.plover, d.type_score, d.probs = classes[j], values[j], dict(zip(classes, values))
    ranked = [k for k in typing if rule_types[k] is not None or out[k].type_score >= t.event_type
              or pairs is not None]
    for k, roles in zip(ranked, _roles(parts, feats, ranked)):
        d = out[k]
        d.dyad, d.actor_scores = parts.dyad.choose(feats[k], None, roles)
        d.roles = roles
    # a correction of the rules' event: the arbiter reads the gate too (plan_sentence without it
    # reads only the type and the dyad, computed above)
    corrected = [k for k in ranked if rule_types[k] is not None and math.isnan(out[k].relevance)
                 and plan_sentence(feats[k], out[k], list(ruled[k]), t).part == "corrected"]
    _gate(parts, feats, corrected, out)
    rooted = [k for k in ranked if (out[k].recodes(t, rule_types[k]) if rule_types[k] is not None
                                    else out[k].confident(t))
              or (pairs is not None and any(p.kind == "learned" for p in propose(feats[k], out[k], ruled[k], t,
                                                                                    pairs)))]
    for k, r in zip(rooted, _scores(parts.root.predict_proba, feats, rooted)):
        out[k].root = parts.root_for(out[k].plover, r)
    return out


def _gate(parts: LearnedParts, feats: Sequence[SentenceFeatures], rows: list[int], out: list[Decision]) -> None:
    """The relevance gate's score of the chosen sentences, into their decisions."""
    for k, r in zip(rows, _scores(parts.gate.relevance, feats, rows)):
        out[k].relevance = float(r)


def _rule_type(events: list[Event]) -> str | None:
    """The PLOVER type of the rules' top event, as ``plan_sentence`` reads it (None: untyped or none)."""
    from detente.coding.evaluate import best_event

    top = best_event(events)
    return plv_type(top.plover_event) if top is not None else None


def _scores(predict, feats: Sequence[SentenceFeatures], rows: list[int]):
    """``predict`` on the chosen sentences only (one batch; nothing when none is chosen)."""
    return predict([feats[k] for k in rows]) if rows else []


def _roles(parts: LearnedParts, feats: Sequence[SentenceFeatures], rows: list[int]) -> list[np.ndarray]:
    return parts.dyad.role_proba([feats[k] for k in rows]) if rows else []
