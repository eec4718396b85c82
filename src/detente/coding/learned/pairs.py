"""Learned pair proposals: the dyad ranker and the classifier *propose* events, beside the rules'.

The hybrid (``plan.plan_sentence``) lets the learned parts correct the rules' top event or add
one learned event where no rule coded a PLOVER type. Many misses are still a wrong or missing
target or an event the rules never saw: the ranker's role probabilities often name the right
actors, but as an uncoded noun phrase (no country) or below the shipped thresholds. Here, per
sentence and after the hybrid's own decision, up to three kinds of *proposals* add events (never
remove or change one):

- **pair** — the rules' top event again, with the source or target the ranker prefers among the
  mentions the actor resolver *coded* (a country, an IGO), where it scores that mention at least
  ``pair`` and by ``margin`` above the rules' own (``decided_by.part`` "pair proposal");
- **beside** — a learned event (classifier type and root, ranker dyad) beside rule events of other
  types only (the "only unrelated events" misses), gate and type at least ``beside_gate`` /
  ``beside_type``;
- **lone** — where no rule coded a typed event and the hybrid's own learned event did not pass
  its thresholds, a learned event at the lower ``lone_gate`` / ``lone_type`` (recall);

and for the learned events (``beside``, ``lone``, and the hybrid's own learned-only event) a
second dyad chosen among coded mentions, where both of its scores reach ``coded_dyad`` — the
ranker's first choice is often an uncoded phrase while the gold dyad is two countries.

**Domestic actors** (``domestic``): event sets code a domestic actor with its country ("troops
shelled residents of the city" in a sentence about one country: the residents are that
country's civilians, ``SYRCVL``); the actor tables cannot know that of "residents" or "the
protesters". Where the sentence's coded mentions name exactly one country, an event's actor
outside the tables takes it (code: country + sector, where the resolver gave a sector), and an
empty side gets the ranker's best uncoded mention as that country's, as a second event.

Thresholds live in their own small artefact (``data/pairs.json``), chosen out of fold on the
development sets by ``pairs_train.choose_pair_thresholds`` (recall, with the rules' precision
as a floor); the bundle's weights are those of ``learned.joblib`` — no new model.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

import numpy as np

from detente.coding.evaluate import actor_country
from detente.coding.learned.features import Candidate, SentenceFeatures
from detente.coding.learned.parts import Decision, Thresholds, shipped_json
from detente.coding.learned.plan import rules_top
from detente.records import Document, Event

ARTEFACT = "pairs.json"
OFF = 1.1  # a threshold above every probability: the proposal is off


@dataclass(frozen=True)
class PairThresholds:
    """When each proposal acts (a value above 1 turns it off; see the module docstring)."""

    pair: float = OFF
    margin: float = 0.0
    beside_gate: float = OFF
    beside_type: float = OFF
    lone_gate: float = OFF
    lone_type: float = OFF
    coded_dyad: float = OFF
    #: at most 1: in a sentence whose coded mentions name one country, an actor outside the tables
    #: is that country's (in place), and an empty side gets the ranker's best uncoded mention, as
    #: that country's, where it scores at least this (a second event)
    domestic: float = OFF

    @classmethod
    def from_dict(cls, raw: dict) -> PairThresholds:
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - names)
        if unknown:
            raise ValueError(f"unknown pair threshold(s): {', '.join(unknown)}")
        return cls(**{k: float(v) for k, v in raw.items()})


def load_pair_thresholds(path: Path | None = None) -> PairThresholds:
    """The shipped thresholds (``data/pairs.json``) or those at ``path``; all off when there is none."""
    raw = shipped_json(ARTEFACT, path)
    return PairThresholds.from_dict(raw.get("thresholds", {})) if raw is not None else PairThresholds()


def save_pair_thresholds(t: PairThresholds, path: Path, meta: dict | None = None, top=None) -> None:
    """The thresholds, what they were chosen on, and the top arbiter chosen with them (``top.py``)."""
    blob: dict = {"thresholds": asdict(t), "meta": meta or {}}
    if top is not None:
        blob["top"] = {"threshold": top.threshold, "intercept": top.model.intercept,
                       "weights": {k: round(w, 5) for k, w in top.model.weights.items()}}
    path.write_text(json.dumps(blob, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def load_top_arbiter(path: Path | None = None):
    """The top arbiter shipped beside the pair thresholds (``top.TopArbiter``), or None."""
    from detente.coding.learned.arbiter import Arbiter
    from detente.coding.learned.top import TopArbiter

    top = (shipped_json(ARTEFACT, path) or {}).get("top")
    if not top:
        return None
    return TopArbiter(Arbiter(dict(top["weights"]), float(top["intercept"])), float(top["threshold"]))


@dataclass(frozen=True)
class Proposal:
    """One proposed event: ``kind`` "pair" (the rules' top event with ``source``/``target``
    candidates in place of its actors; None keeps its side) or "learned" (the classifier's type,
    the candidates ``source``/``target``); ``why`` names the rule that made it."""

    kind: str
    source: int | None
    target: int | None
    scores: tuple[float, float]
    why: str


def _country(c: Candidate) -> str | None:
    """A coded candidate's country as ``detente eval coder`` reads it (an IGO's code head), or None."""
    return _actor_country(c.mention)


def _actor_country(actor) -> str | None:
    """``evaluate.actor_country`` of an ``Actor`` or an ``ActorMention`` (both have code and country)."""
    return actor_country(actor)


def coded_dyad(f: SentenceFeatures, d: Decision) -> tuple[int | None, int | None]:
    """The best source and target among coded candidates, of two different countries."""
    if d.roles is None or not len(d.roles):
        return None, None
    countries = [_country(c) for c in f.candidates]
    coded = np.array([c is not None for c in countries])
    if coded.sum() < 2:
        return None, None
    src_scores = np.where(coded, d.roles[:, 1], -1.0)
    s = int(np.argmax(src_scores))
    tgt_scores = np.array([d.roles[k, 2] if coded[k] and c != countries[s] else -1.0
                           for k, c in enumerate(countries)])
    if tgt_scores.max() < 0:
        return s, None
    return s, int(np.argmax(tgt_scores))


def _better_coded(f: SentenceFeatures, d: Decision, role: int, current, other, t: PairThresholds) -> int | None:
    """A coded candidate for ``role`` (1 source, 2 target) the ranker prefers to the rules' actor
    ``current``: another country than ``current``'s and than the other side's (``other``), a
    score of at least ``t.pair`` and ``t.margin`` above the rules' own mention."""
    from detente.coding.learned.plan import candidate_index

    assert d.roles is not None
    avoid = {_actor_country(current), _actor_country(other)} - {None}
    best, best_p = None, -1.0
    for k, c in enumerate(f.candidates):
        country = _country(c)
        if country is None or country in avoid:
            continue
        if d.roles[k, role] > best_p:
            best, best_p = k, float(d.roles[k, role])
    if best is None or best_p < t.pair:
        return None
    own = candidate_index(f.candidates, current)
    floor = float(d.roles[own, role]) if own is not None else 0.0
    return best if best_p >= floor + t.margin else None


def propose(f: SentenceFeatures, d: Decision, ruled: list[Event], shipped: Thresholds,
            t: PairThresholds) -> list[Proposal]:
    """The proposals for one sentence (rule events ``ruled``; ``shipped``: the hybrid's thresholds,
    which decide whether its own learned-only event is there)."""
    from detente.coding.learned.data import plv_type

    if d.roles is None or not len(f.candidates):
        return []
    out: list[Proposal] = []
    typed = [e for e in ruled if plv_type(e.plover_event)]
    top = rules_top(ruled)
    if top is not None and plv_type(top.plover_event):
        tgt = _better_coded(f, d, 2, top.target, top.source, t)
        if tgt is not None:
            out.append(Proposal("pair", None, tgt, (0.0, float(d.roles[tgt, 2])), "target"))
        src = _better_coded(f, d, 1, top.source, top.target, t)
        if src is not None:
            out.append(Proposal("pair", src, None, (float(d.roles[src, 1]), 0.0), "source"))
    own_learned = not typed and d.confident(shipped)
    if typed:
        learned = (d.plover not in {plv_type(e.plover_event) for e in typed}
                   and d.relevance >= t.beside_gate and d.type_score >= t.beside_type)
        why = "beside"
    else:
        learned = not own_learned and d.relevance >= t.lone_gate and d.type_score >= t.lone_type
        why = "lone"
    if learned and None not in d.dyad:
        out.append(Proposal("learned", d.dyad[0], d.dyad[1], d.actor_scores, why))
    if learned or own_learned:
        s, g = coded_dyad(f, d)
        if s is not None and g is not None and (s, g) != d.dyad:
            scores = (float(d.roles[s, 1]), float(d.roles[g, 2]))
            if min(scores) >= t.coded_dyad:
                out.append(Proposal("learned", s, g, scores, f"{why if learned else 'learned'}, coded dyad"))
    return out


def proposal_rows(f: SentenceFeatures, d: Decision, ruled: list[Event], props: list[Proposal]) -> list[tuple]:
    """(PLOVER type, CAMEO root, source ``Actor``, target ``Actor``) of each proposal (cheap: no
    event is built) — what threshold choice scores."""
    from detente.coding.learned.data import plv_type
    from detente.coding.learned.plan import candidate_actor

    rows = []
    top = rules_top(ruled)
    for p in props:
        src = candidate_actor(f.candidates[p.source], 0) if p.source is not None else (top.source if top else None)
        tgt = candidate_actor(f.candidates[p.target], 0) if p.target is not None else (top.target if top else None)
        if p.kind == "pair" and top is not None:
            rows.append((plv_type(top.plover_event), top.cameo_root, src, tgt))
            if p.source is None:
                rows.extend((plv_type(e.plover_event), e.cameo_root, e.source, tgt) for e in co_sources(ruled, top))
        elif p.kind == "learned":
            rows.append((d.plover, d.root, src, tgt))
    return rows


def proposal_events(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, ruled: list[Event],
                    props: list[Proposal], first: int, cues=None) -> list[Event]:
    """The events of the proposals, numbered from ``first`` in the sentence; each records
    ``decided_by.part`` "pair proposal" or "learned proposal" with its scores (``detente explain``)."""
    from detente.coding.learned.hybrid import corrected_event, learned_event
    from detente.coding.learned.plan import Plan

    out: list[Event] = []
    top = rules_top(ruled)
    for p in props:
        if p.kind == "pair" and top is not None:
            plan = Plan("corrected", False, p.source, p.target, keep=True)
            e = corrected_event(top, sent.start_char, f, d, plan)
            if e is top:
                continue
            decided = dict(e.explanation["decided_by"], part="pair proposal", why=p.why)
            if p.source is None:  # "Germany and Austria opened their borders to …": every co-source
                for co in co_sources(ruled, top):
                    c = corrected_event(co, sent.start_char, f, d, plan)
                    if c is not co:
                        ex = dict(c.explanation, decided_by=dict(decided, why=p.why + ", co-source"))
                        out.append(replace(c, id=f"{doc.id}:{index}:{first + len(out)}", explanation=ex))
        else:
            e = learned_event(doc, index, sent, f, replace(d, dyad=(p.source, p.target), actor_scores=p.scores),
                              cues=cues)
            if e is None:
                continue
            decided = dict(e.explanation["decided_by"], part="learned proposal", why=p.why)
        ex = dict(e.explanation, decided_by=decided)
        out.append(replace(e, id=f"{doc.id}:{index}:{first + len(out)}", explanation=ex))
    return out


def with_proposals(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, ruled: list[Event],
                   events: list[Event], shipped: Thresholds, t: PairThresholds, cues=None) -> list[Event]:
    """Sentence ``index``'s events as the hybrid left them (``events``) and the proposals' events
    after them, leaving out any that repeats an event already there (same code and actors); then
    the domestic actors (``domestic_events``)."""
    props = propose(f, d, ruled, shipped, t)
    out = list(events)
    if props:
        seen = {_key(e) for e in events}
        for e in proposal_events(doc, index, sent, f, d, ruled, props, len(events), cues):
            if _key(e) not in seen:
                seen.add(_key(e))
                out.append(replace(e, id=f"{doc.id}:{index}:{len(out)}"))
    return domestic_events(doc, index, f, d, out, t) if t.domestic <= 1 else out


def sole_country(f: SentenceFeatures) -> str | None:
    """The one country the sentence's coded mentions name, or None (none, or several)."""
    countries = {_country(c) for c in f.candidates} - {None}
    return countries.pop() if len(countries) == 1 else None


def _domestic_sides(f: SentenceFeatures, d: Decision, src, tgt, x: str, t: PairThresholds
                    ) -> tuple[object, object, tuple[object, object]]:
    """(source, target) with an actor outside the tables made country ``x``'s, and the same
    with an empty side filled by the ranker's best uncoded mention (or Nones where none is)."""
    from detente.coding.learned.plan import candidate_actor, candidate_index

    own = tuple(_as_domestic(a, x) for a in (src, tgt))
    filled = list(own)
    for role, k_other in ((1, tgt), (2, src)):
        if own[role - 1] is not None or d.roles is None or not len(d.roles):
            continue
        scores = d.roles[:, role].astype(float).copy()
        other = candidate_index(f.candidates, k_other)
        if other is not None:
            scores[other] = -1.0
        k = int(np.argmax(scores))
        if scores[k] >= t.domestic and f.candidates[k].mention is None:
            filled[role - 1] = _as_domestic(candidate_actor(f.candidates[k], 0), x)
    return own[0], own[1], (tuple(filled) if filled != list(own) else (None, None))  # type: ignore[return-value]


def _as_domestic(a, x: str):
    if a is None or _actor_country(a) is not None:
        return a
    return replace(a, country=x, code=f"{x}{a.sector or ''}")


def domestic_rows(f: SentenceFeatures, d: Decision, rows: list[tuple], t: PairThresholds) -> list[tuple]:
    """``rows`` (as ``proposal_rows``) with domestic actors (see the module docstring)."""
    x = sole_country(f) if t.domestic <= 1 else None
    if x is None:
        return rows
    out = []
    for plover, root, src, tgt in rows:
        s, g, filled = _domestic_sides(f, d, src, tgt, x, t)
        out.append((plover, root, s, g))
        if filled[0] is not None or filled[1] is not None:
            out.append((plover, root, filled[0] or s, filled[1] or g))
    return out


def domestic_events(doc: Document, index: int, f: SentenceFeatures, d: Decision, events: list[Event],
                    t: PairThresholds) -> list[Event]:
    """``events`` with domestic actors: an actor outside the tables gets the sentence's one
    country in place (its route says so); an empty side filled by the ranker is a second event."""
    x = sole_country(f)
    if x is None:
        return events
    out: list[Event] = []
    added: list[Event] = []
    for e in events:
        s, g, filled = _domestic_sides(f, d, e.source, e.target, x, t)
        out.append(_with_sides(e, s, g, f"country {x}: the sentence's only country (learned pairs: domestic)"))
        if filled[0] is not None or filled[1] is not None:
            fill = _with_sides(e, filled[0] or s, filled[1] or g,
                               f"dyad ranker's mention, country {x}: the sentence's only country")
            ex = dict(fill.explanation, decided_by={"part": "pair proposal", "why": "domestic",
                                                    "rule_code": e.cameo, "beside_rule_event": e.id})
            added.append(replace(fill, explanation=ex))
    seen = {_key(e) for e in out}
    for e in added:
        if _key(e) not in seen:
            seen.add(_key(e))
            out.append(replace(e, id=f"{doc.id}:{index}:{len(out)}"))
    return out


def _with_sides(e: Event, src, tgt, note: str) -> Event:
    if src is e.source and tgt is e.target:
        return e
    ex = dict(e.explanation or {})
    for side, new, old in (("source", src, e.source), ("target", tgt, e.target)):
        if new is not old and new is not None:
            arg = dict(ex.get(side) or {"text": new.text, "route": "", "how": ""})
            arg.update(code=new.code, country=new.country, how=f"{arg.get('how') or ''}; {note}".lstrip("; "))
            ex[side] = arg
    return replace(e, source=src, target=tgt, explanation=ex)


def co_sources(ruled: list[Event], top: Event) -> list[Event]:
    """Rule events of ``top``'s trigger and code by another source of another country with
    ``top``'s target: the coordinated subjects of one act ("Germany and Austria opened …"), which
    share the target the ranker found for the first of them."""
    route = lambda e: str(((e.explanation or {}).get("source") or {}).get("route"))  # noqa: E731
    tgt = _actor_country(top.target)
    out, seen = [], {_actor_country(top.source)}
    for e in ruled:
        c = _actor_country(e.source)
        if (e is not top and e.trigger_start == top.trigger_start and e.cameo == top.cameo and c not in seen
                and _actor_country(e.target) == tgt and any("/conj" in route(x) for x in (e, top))):
            seen.add(c)
            out.append(e)
    return out


def _key(e: Event) -> tuple:
    side = lambda a: (a.code or a.text) if a is not None else None  # noqa: E731
    return e.cameo, side(e.source), side(e.target)
