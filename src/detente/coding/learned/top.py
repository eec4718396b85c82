"""The top arbiter: which of the readings a sentence already has goes on top (an ordering only).

A one-event reader (PLV's type, the CAMEO manual's root, ``evaluate.best_event``) takes a
sentence's *top* event. After the hybrid and the pair proposals a sentence often holds a reading
of the classifier's PLOVER type beside a top event of another type (a correction kept beside the
rules' event, a learned proposal beside it, a second rule event). This arbiter decides whether
that reading goes on top. It adds and removes no event, so every count over all events (recall
and precision of ``detente eval coder`` on wire-dev, PLOVER, the test sets) stays as it was; only
what a one-event reader takes moves.

It reads only what is already computed: the classifier's probability of its type, its margin
over the runner-up and its probability of the top event's type; the rules' top event's pattern
kind, depth, confidence and modality; where the reading came from (the rules, a correction, a
proposal); whether its actors and the top event's are coded. The model is a
logistic stacker kept as plain weights (``arbiter.Arbiter``: a dictionary walk per sentence with
such a reading, no model call); ``train_top.choose_top`` fits it and its threshold out of fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from detente.coding.learned.arbiter import Arbiter, pattern_kind, type_evidence
from detente.coding.learned.data import plv_type
from detente.coding.learned.parts import Decision
from detente.records import Event

#: the explanation key of an event the top arbiter put on top (``evaluate.best_event`` takes it first)
TOP_KEY = "top_arbiter"


@dataclass(frozen=True)
class Reading:
    """One event of a sentence as the top arbiter sees it (built from an ``Event`` at coding time,
    from the planned rows of threshold choice when training)."""

    plover: str | None
    source_coded: bool
    target_coded: bool
    origin: str  # rules, corrected, learned, proposal, pair


@dataclass
class TopArbiter:
    """The fitted weights and the threshold (``threshold`` above 1: off)."""

    model: Arbiter
    threshold: float = 1.1

    def choose(self, readings: Sequence[Reading], top: int, d: Decision, rule_top: Event | None
               ) -> tuple[int, float] | None:
        """The reading to put on top of reading ``top`` and its score, or None (none of the
        classifier's type, or the score under the threshold)."""
        k = candidate(readings, top, d)
        if k is None or self.threshold > 1.0:
            return None
        p = self.model.proba(top_features(readings[top], readings[k], d, rule_top))
        return (k, p) if p >= self.threshold else None


def candidate(readings: Sequence[Reading], top: int, d: Decision) -> int | None:
    """The first reading of the classifier's type where the top reading has another type."""
    if not d.plover or readings[top].plover == d.plover:
        return None
    return next((k for k, r in enumerate(readings) if k != top and r.plover == d.plover), None)


def origin_of(e: Event) -> str:
    """Which part made an event (its ``decided_by``): rules, corrected, learned, proposal or pair."""
    part = str((e.explanation or {}).get("decided_by", {}).get("part", "")) if e.explanation else ""
    if not part:
        return "rules"
    if part == "learned":
        return "learned"
    if part == "learned proposal":
        return "proposal"
    if part in ("pair proposal", "reroot"):
        return "pair"
    return "corrected"


def reading_of(e: Event) -> Reading:
    return Reading(plv_type(e.plover_event), bool(e.source and e.source.code), bool(e.target and e.target.code),
                   origin_of(e))


def top_features(top: Reading, cand: Reading, d: Decision, rule_top: Event | None) -> dict[str, float]:
    """What the top arbiter sees: the classifier's scores of both types, the rules' top event's
    pattern kind, depth, confidence and modality, where each reading came from and whether its
    actors are coded."""
    row: dict[str, float] = {
        **type_evidence(d, top.plover, "top_type_score"),
        f"learned_type={d.plover}": 1.0,
        f"top_type={top.plover}": 1.0,
        f"rule_kind={pattern_kind(rule_top)}": 1.0,
        f"top_origin={top.origin}": 1.0,
        f"origin={cand.origin}": 1.0,
        f"coded={int(cand.source_coded) + int(cand.target_coded)}|top={int(top.source_coded) + int(top.target_coded)}": 1.0,
    }
    if rule_top is not None:
        row["rule_confidence"] = float(rule_top.confidence or 0.0)
        row["rule_depth"] = float(min((rule_top.explanation or {}).get("depth", 0), 3))
        row["rule_modal"] = float((rule_top.modality or "") not in ("", "asserted"))
    return row


def with_top(events: list[Event], d: Decision, ruled: list[Event], arbiter: TopArbiter | None) -> list[Event]:
    """The sentence's ``events`` with the reading the arbiter chooses marked and moved first (its
    explanation's ``top_arbiter``: the score and the event it goes above); unchanged otherwise."""
    from detente.coding.evaluate import best_event

    if arbiter is None or arbiter.threshold > 1.0 or len(events) < 2:
        return events
    rule_top = best_event(ruled)
    if rule_top is None or plv_type(rule_top.plover_event) is None:  # the learned event is the top already
        return events
    top = best_event([e for e in events if origin_of(e) not in ("proposal", "pair")])  # as ``plan.planned_top``
    i = next(k for k, e in enumerate(events) if e is top)
    picked = arbiter.choose([reading_of(e) for e in events], i, d, rule_top)
    if picked is None:
        return events
    k, p = picked
    e = events[k]
    ex = {**(e.explanation or {}), TOP_KEY: {"score": round(p, 3), "above": top.id}}
    return [replace(e, explanation=ex)] + [x for j, x in enumerate(events) if j != k]
