"""The hybrid's decision for one sentence, before any event is built: a ``Plan`` (the rules' events
as they are, the rules' top event corrected, or a learned-only event; where a correction goes;
the learned parts' own reading on top), and the top event and rows it leaves (``planned_top``,
``planned_events``: cheap, no event built) — what the coder builds events from (``hybrid.py``)
and what every threshold and arbiter choice scores (``train.py``, ``arbiter_train.py``,
``pairs_train.py``, ``top_train.py``).

Where the rules coded no PLOVER-typed event, a *learned-only* event when gate, type and actor
scores reach their thresholds; where they did, their top event (``evaluate.best_event``)
recoded by the classifier and/or with the dyad ranker's actors when sure; a correction kept
beside the rules' event goes on top of it when the arbiter says it is the better reading.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from detente.coding.learned.arbiter import takeover_features
from detente.coding.learned.data import plv_type
from detente.coding.learned.features import Candidate, SentenceFeatures
from detente.coding.learned.parts import Decision, Thresholds
from detente.records import Actor, Event


@dataclass(frozen=True)
class Plan:
    """What the hybrid does with one sentence: ``part`` is "rules" (their events as they are),
    "learned" (add a learned-only event with the ranker's ``source``/``target`` candidates) or
    "corrected" (the rules' top event, recoded and/or with the ranker's candidates in place of its
    actors; None keeps the rules' side)."""

    part: str
    recode: bool = False
    source: int | None = None
    target: int | None = None
    keep: bool = False  # "corrected": the rules' top event stays and the corrected one is added beside it
    on_top: bool = False  # "corrected" and ``keep``: the arbiter puts the corrected reading on top
    arbiter: float | None = None  # the arbiter's P(the corrected reading is the better one)
    #: the learned parts' own reading (a "corrected" plan: the classifier's type, the ranker's dyad),
    #: put on top of everything else in the sentence by the takeover arbiter (``arbiter.takeover_features``)
    lead: Plan | None = None


def plan_sentence(f: SentenceFeatures, d: Decision, ruled: list[Event], t: Thresholds, arbiter=None,
                  takeover=None) -> Plan:
    """The hybrid's decision for one sentence with rule events ``ruled`` (see the module docstring);
    ``arbiter`` (``arbiter.Arbiter``, or anything with its ``score``) decides which reading of a
    correction kept beside the rules' event is on top; ``takeover`` (the same kind, over
    ``arbiter.takeover_features``) whether the learned parts' own reading goes on top of all."""
    plan = _base_plan(f, d, ruled, t, arbiter)
    if takeover is None or t.learned_top >= 1.0:
        return plan
    top = rules_top(ruled)
    rule_type = plv_type(top.plover_event) if top is not None else None
    if None in d.dyad or plan.part == "learned":
        return plan
    lead, current = lead_plan(f, d, ruled, plan)
    if lead is None:
        return plan
    p = takeover.score_row(f, takeover_features(f, d, top, lead, plan, rule_type, current))
    return replace(plan, lead=replace(lead, arbiter=round(p, 3))) if p >= t.learned_top else plan


def lead_plan(f: SentenceFeatures, d: Decision, ruled: list[Event], base: Plan) -> tuple[Plan | None, tuple]:
    """The learned parts' own reading of a sentence (its decision ``d`` has a dyad): where the
    rules coded a typed top event, a correction of it (the classifier's type where it names
    another, the ranker's source and target where they are other mentions), else a learned-only
    event below the learned-only thresholds; None where it reads as the sentence's top event
    already does after ``base`` (or names one actor twice); and the rules' (source, target)
    candidate indices."""
    top = rules_top(ruled)
    rule_type = plv_type(top.plover_event) if top is not None else None
    if top is None or rule_type is None:
        a, b = (f.candidates[k].mention for k in d.dyad)  # type: ignore[index]
        same = a is not None and b is not None and a.code and a.code == b.code  # type: ignore[attr-defined]
        return (None if same else Plan("learned", source=d.dyad[0], target=d.dyad[1])), (None, None)
    current = (candidate_index(f.candidates, top.source), candidate_index(f.candidates, top.target))
    src, tgt = (k if k != c else None for k, c in zip(d.dyad, current))
    lead = Plan("corrected", d.plover != rule_type, src, tgt, keep=True, on_top=True)
    if not lead.recode and src is None and tgt is None:
        return None, current
    now = planned_top(f, d, ruled, base)
    then = planned_top(f, d, ruled, lead)
    if _reading_key(now) == _reading_key(then):
        return None, current
    return lead, current


def _reading_key(reading: tuple) -> tuple:
    plover, root, src, tgt = reading
    return plover, root, *((a.code or a.text) if a is not None else None for a in (src, tgt))


def _base_plan(f: SentenceFeatures, d: Decision, ruled: list[Event], t: Thresholds, arbiter=None) -> Plan:
    """``plan_sentence`` before the takeover: the learned-only event, or the rules' top event
    corrected where the thresholds say, with the arbiter's place for a correction beside it."""
    facts = _facts(f, d, ruled)
    top, rule_type = facts.top, facts.rule_type
    if top is None or rule_type is None:  # no rule fired, or their top event has no type (a statement)
        return Plan("learned", source=d.dyad[0], target=d.dyad[1]) if d.confident(t) else Plan("rules")
    recode = d.recodes(t, rule_type)
    src_i, tgt_i = facts.source, facts.target
    src = facts.better(d, 1, src_i, top.source is None, None, t, _may(top.source, facts.coded, t))
    now = src if src is not None else src_i
    swapped = now is not None and now == tgt_i  # the ranker's source is the rules' target
    tgt = facts.better(d, 2, None if swapped else tgt_i, top.target is None or swapped, now, t,
                       _may(top.target, facts.coded, t))
    if swapped and tgt is None:  # it found no other target: keep the rules' pair
        src = None
    if not recode and src is None and tgt is None:
        return Plan("rules")
    scores = [d.type_score] if recode else []
    if d.roles is not None:
        scores += [float(d.roles[k, col]) for k, col in ((src, 1), (tgt, 2)) if k is not None]
    plan = Plan("corrected", recode, src, tgt, keep=min(scores) < t.replace)
    if arbiter is None or not plan.keep or t.on_top >= 1.0:
        return plan
    p = arbiter.score(f, d, top, plan, rule_type)
    return replace(plan, on_top=p >= t.on_top, arbiter=round(p, 3))


#: ``Decision.better_actor`` with every fill and fix threshold at 0: the ranker's candidate before
#: the thresholds, which ``_Facts.better`` then applies
_ANY = Thresholds(fill_source=0.0, fill_target=0.0, fix_source=0.0, fix_target=0.0)


class _Facts:
    """What ``_base_plan`` reads of a sentence whatever the thresholds: the rules' top event and
    its PLOVER type, the candidate indices of its source and target, which candidates are coded,
    and the dyad ranker's choices before the thresholds (threshold search plans each sentence
    under thousands of settings; these are worked out once)."""

    def __init__(self, f: SentenceFeatures, ruled: list[Event]) -> None:
        self.top = rules_top(ruled)
        self.rule_type = plv_type(self.top.plover_event) if self.top is not None else None
        self.source = candidate_index(f.candidates, self.top.source) if self.top is not None else None
        self.target = candidate_index(f.candidates, self.top.target) if self.top is not None else None
        self.coded = [c.mention is not None for c in f.candidates]
        self._best: dict[tuple, int | None] = {}

    def better(self, d: Decision, role: int, current: int | None, missing: bool, exclude: int | None,
               t: Thresholds, allowed: list[bool] | None) -> int | None:
        """``d.better_actor(role, current, missing, exclude, t, allowed)`` (``allowed``: None or
        ``self.coded``), its candidate remembered and only the threshold applied anew."""
        key = (role, current, missing, exclude, allowed is not None)
        if key not in self._best:
            self._best[key] = d.better_actor(role, current, missing, exclude, _ANY, allowed)
        k = self._best[key]
        if k is None or d.roles is None:
            return None
        floor = ((t.fill_source if role == 1 else t.fill_target) if missing
                 else (t.fix_source if role == 1 else t.fix_target))
        return k if float(d.roles[k, role]) >= floor else None


#: ``_facts``' memory: id of a sentence's features → (features, rule events, their number, decision, facts)
_FACTS: dict[int, tuple[SentenceFeatures, list, int, Decision, _Facts]] = {}


def _facts(f: SentenceFeatures, d: Decision, ruled: list[Event]) -> _Facts:
    """The sentence's ``_Facts``, remembered while it is planned with the same decision and rule
    events (an entry holds them, so their ids are not reused; emptied when full)."""
    hit = _FACTS.get(id(f))
    if hit is not None and hit[0] is f and hit[1] is ruled and hit[2] == len(ruled) and hit[3] is d:
        return hit[4]
    if len(_FACTS) >= _MEMORY:
        _FACTS.clear()
    facts = _Facts(f, ruled)
    _FACTS[id(f)] = (f, ruled, len(ruled), d, facts)
    return facts


def _may(actor, coded: list[bool], t: Thresholds) -> list[bool] | None:
    """Which candidates may replace a rules' actor: coded ones only where it was coded and
    ``t.coded_stays`` (else any)."""
    return coded if t.coded_stays and actor is not None and actor.code else None


def planned_top(f: SentenceFeatures, d: Decision, ruled: list[Event], plan: Plan) -> tuple:
    """(PLOVER type, CAMEO root, source ``Actor``, target ``Actor``) of the sentence's top event
    after ``plan`` (cheap: no event is built), or Nones — what threshold choice scores."""
    if plan.lead is not None:
        return planned_top(f, d, ruled, plan.lead)
    if plan.part == "learned":
        a, b = (candidate_actor(f.candidates[k], 0) for k in (plan.source, plan.target))  # type: ignore[index]
        if not (a.code and a.code == b.code):
            return d.plover, d.root, a, b
    top = rules_top(ruled)
    if top is None:
        return None, None, None, None
    if plan.part == "rules" or (plan.keep and not plan.on_top):  # a second reading below the rules' event
        return plv_type(top.plover_event), top.cameo_root, top.source, top.target
    src = candidate_actor(f.candidates[plan.source], 0) if plan.source is not None else top.source
    tgt = candidate_actor(f.candidates[plan.target], 0) if plan.target is not None else top.target
    if src is not None and tgt is not None and src.code and src.code == tgt.code:  # as corrected_event
        src = top.source if plan.source is not None else src
        tgt = top.target if plan.target is not None else tgt
    if plan.recode:
        return d.plover, d.root, src, tgt
    return plv_type(top.plover_event), top.cameo_root, src, tgt


def planned_events(f: SentenceFeatures, d: Decision, ruled: list[Event], plan: Plan) -> list[tuple]:
    """(PLOVER type, CAMEO root, source ``Actor``, target ``Actor``) of every event the sentence has
    after ``plan``, the rules' in their order (cheap: no event is built) — what threshold choice scores."""
    if plan.lead is not None:
        return planned_events(f, d, ruled, replace(plan, lead=None)) + [planned_top(f, d, ruled, plan.lead)]
    rows = [(plv_type(e.plover_event), e.cameo_root, e.source, e.target) for e in ruled]
    if plan.part == "learned":
        a, b = (candidate_actor(f.candidates[k], 0) for k in (plan.source, plan.target))  # type: ignore[index]
        return rows + [(d.plover, d.root, a, b)] if not (a.code and a.code == b.code) else rows
    if plan.part != "corrected":
        return rows
    top = rules_top(ruled)
    i = next(k for k, e in enumerate(ruled) if e is top)
    src = candidate_actor(f.candidates[plan.source], 0) if plan.source is not None else rows[i][2]
    tgt = candidate_actor(f.candidates[plan.target], 0) if plan.target is not None else rows[i][3]
    fixed = (d.plover, d.root, src, tgt) if plan.recode else (rows[i][0], rows[i][1], src, tgt)
    if plan.keep:
        return rows + [fixed]
    rows[i] = fixed
    return rows


#: ``rules_top``'s memory: id of a sentence's rule-event list → (that list, its length, its top event)
_TOPS: dict[int, tuple[list, int, Event | None]] = {}
_MEMORY = 1 << 12  # entries a memory holds: more than the development sentences a threshold search plans


def rules_top(ruled: list[Event]) -> Event | None:
    """``evaluate.best_event`` of a sentence's rule events, remembered per list: threshold and
    arbiter choice plan the same sentences under thousands of trial settings, and every plan
    asks for the top event several times. An entry holds its list (so its id is not reused) and
    is used while the list keeps its length (the lists planned are never changed in place); the
    memory is emptied when full."""
    hit = _TOPS.get(id(ruled))
    if hit is not None and hit[0] is ruled and hit[1] == len(ruled):
        return hit[2]
    from detente.coding.evaluate import best_event

    if len(_TOPS) >= _MEMORY:
        _TOPS.clear()
    top = best_event(ruled)
    _TOPS[id(ruled)] = (ruled, len(ruled), top)
    return top


def candidate_index(cands: list[Candidate], actor) -> int | None:
    """The candidate that is a rule event's actor: the mention itself (a pronoun is its own
    candidate, so the ranker may name its antecedent), else one with the same actor code."""
    if actor is None:
        return None
    if actor.start is not None:
        hit = next((k for k, c in enumerate(cands) if c.start < actor.end and actor.start < c.end), None)
        if hit is not None:
            return hit
    return next((k for k, c in enumerate(cands) if _names(c, actor)), None)


def _names(c: Candidate, actor) -> bool:
    """Whether candidate ``c`` and a rule event's actor are the same mention or the same coded actor."""
    if actor is None:
        return False
    if actor.start is not None and c.start < actor.end and actor.start < c.end:
        return True
    return c.mention is not None and bool(actor.code) and c.mention.code == actor.code


def candidate_actor(c: Candidate, offset: int) -> Actor:
    """The resolver's actor for a coded candidate; otherwise the noun phrase as written, typed by
    the sector of any resolver mention inside it (police, military, rebels, government, …)."""
    if c.mention is not None:
        return c.mention.to_actor(offset)
    return Actor(c.text, None, None, c.sector, c.start, c.end)
