"""The hybrid coder: the rules first (the high-precision path), then the learned parts.

The rules code the document; what they coded in each sentence becomes features of the learned
parts (``features.with_rules``: stacking). Then, per sentence (``plan.plan_sentence``; thresholds
in the shipped bundle, chosen by cross-validation on all development sets):

- where no rule coded a PLOVER-typed event, a *learned-only* event is added when gate, type and
  actor scores reach their thresholds;
- where the rules did, their top event (``evaluate.best_event``) keeps its trigger, modality,
  date and provenance, but the classifier *recodes* it (its type, a code of its root, Goldstein
  and QuadClass from the ontology) when sure and naming another PLOVER type, and the dyad ranker
  *fills or fixes* its source and target when sure. Other rule events stay as they are.
- a correction kept beside the rules' event (``Thresholds.replace``) goes on top of it when the
  arbiter (``arbiter.Arbiter``, a stacker over both sides' scores) says it is the better reading.

Learned actors are the dyad ranker's noun phrases: the resolver's actor where it coded one, else
the text as written, typed by sector ("police" → COP). ``explanation["decided_by"]`` says which
part decided and its score (``detente explain``); a learned-only event's pattern starts with
``learned``.

The rule coder is used only through its public ``code_parsed`` and its ``resolver`` argument;
the actor resolution of a document is shared between the two paths.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from detente.coding.base import CodedDocument, ParsedDocCoder
from detente.coding.learned.features import (
    Candidate,
    SentenceFeatures,
    doc_chunks,
    main_trigger,
    sentence_features,
    with_rules,
)
from detente.coding.learned.needed import needed_decisions
from detente.coding.learned.pairs import PairThresholds, load_pair_thresholds, with_proposals
from detente.coding.learned.parts import Decision, LearnedParts, Thresholds, code_for, load_parts
from detente.coding.learned.plan import Plan, candidate_actor, plan_sentence
from detente.coding.learned.reroot import reroot_for as _reroot
from detente.coding.learned.reroot import root_probabilities, sentence_readings
from detente.coding.learned.top import TopArbiter, with_top
from detente.coding.learned.votes import with_votes
from detente.nlp import span_text
from detente.records import Actor, Document, Event

LEARNED_PATTERN = "learned"


class SharedResolution:
    """An actor resolver that resolves each parsed document once, for both coding paths."""

    def __init__(self, resolver) -> None:
        self.resolver = resolver
        self._doc = None
        self._mentions: list = []

    def resolve(self, parsed, doc_date: str | None) -> list:
        if parsed is not self._doc:
            self._doc, self._mentions = parsed, self.resolver.resolve(parsed, doc_date)
        return self._mentions

    def __getattr__(self, name: str):  # lookup() and the tables stay the resolver's own
        return getattr(self.resolver, name)


class HybridCoder(ParsedDocCoder):
    """``Coder`` implementation: rule events, corrected by the learned parts where they are sure,
    and learned events where no rule fired."""

    def __init__(self, lang=None, config=None, *, parts: LearnedParts | None = None, rules=None,
                 tokenizer=None, pairs: PairThresholds | None = None, reroot=None, top: TopArbiter | None = None
                 ) -> None:
        """``lang``/``config`` as for ``EventCoder`` (``config.learned`` off: the rules alone);
        ``rules`` replaces the rule coder (tests); ``parts`` the shipped bundle; ``pairs`` the pair
        proposals' thresholds (default: the shipped ones with the shipped bundle, else off); ``reroot``
        the second-reading model (``reroot.Reroot``; default as for ``pairs``); ``top`` the top arbiter
        (``top.TopArbiter``; default as for ``pairs``)."""
        from detente.actors import ActorResolver
        from detente.coding.coder import EventCoder
        from detente.coding.config import CoderConfig
        from detente.coding.learned.pairs import load_top_arbiter
        from detente.langdata import LanguageData

        self.config = config or CoderConfig()
        if lang is None:
            lang = LanguageData.from_dir(self.config.lang_data) if self.config.lang_data else LanguageData.default()
        self.lang = lang
        self.resolver = SharedResolution(ActorResolver(lang, tokenizer))
        self.rules = rules or EventCoder(lang, self.config, resolver=self.resolver, tokenizer=tokenizer)
        self.parts = (parts or load_parts()) if self.config.learned else None
        if not self.config.takeover and getattr(self.parts, "takeover", None) is not None:  # off, as in cv.py
            self.parts = replace(self.parts, takeover=None)
        if pairs is None and self.parts is not None:  # pairs.py: thresholds chosen for the shipped bundle
            pairs = load_pair_thresholds() if parts is None else PairThresholds()
        self.pairs = pairs if self.parts is not None and self.config.proposals else None
        #: which reading goes on top (top.py), shipped beside the pair thresholds it was chosen with
        self.top = (top if top is not None else load_top_arbiter() if parts is None else None) \
            if self.parts is not None else None
        self.reroot = _reroot(self.config, parts, reroot, lang.lexicon) if self.parts is not None else None  # reroot.py

    @property
    def batch_size(self) -> int:
        return self.config.batch_size

    def code_parsed(self, doc: Document, parsed) -> CodedDocument:
        return self.code_parsed_batch([(doc, parsed)])[0]

    def code_parsed_batch(self, batch: list[tuple[Document, object]]) -> list[CodedDocument]:
        """The rules and the features document by document, then the learned parts' decisions for
        every sentence of the batch in one ``decide`` (each sentence's scores are its own, so the
        result is that of ``code_parsed`` one by one; scikit-learn's per-call cost is paid once)."""
        pending = [self._prepare(doc, parsed) for doc, parsed in batch]
        if self.parts is None:
            return [p.coded for p in pending]
        feats = [f for p in pending for f in p.feats]
        allowed = ([[c.mention is not None for c in f.candidates] for f in feats]
                   if self.parts.thresholds.prefer_resolved else None)
        ruled = [r for p in pending for r in p.ruled]
        proposing = self.pairs is not None and self.pairs != PairThresholds()
        decisions = iter(self.parts.decide(feats, allowed) if self.reroot is not None  # reroot.py reads every type
                         else needed_decisions(self.parts, feats, ruled, allowed,  # only what is read (needed.py)
                                               self.pairs if proposing else None))
        roots = iter(root_probabilities(self.parts, feats) if self.reroot is not None else [None] * len(feats))
        return [self._finish(p, [next(decisions) for _ in p.feats], [next(roots) for _ in p.feats]) for p in pending]

    def _prepare(self, doc: Document, parsed) -> _Pending:
        """The rules' coding of a document and, with the learned parts on, its sentence features."""
        coded = self.rules.code_parsed(doc, parsed)
        if self.parts is None:
            return _Pending(coded, [], [], [])
        events = coded[2]
        by_sentence: dict[str, list[Event]] = {}
        for e in events:
            by_sentence.setdefault(e.sentence_id or "", []).append(e)
        mentions = self.resolver.resolve(parsed, doc.date)
        sents = list(parsed.sents)
        chunks = doc_chunks(parsed)
        ruled = [by_sentence.get(f"{doc.id}:{i}", []) for i in range(len(sents))]
        lex, onto = self.lang.lexicon, self.lang.ontology
        feats = [with_rules(with_votes(sentence_features(s, mentions, chunks), s, lex, onto), r)
                 for s, r in zip(sents, ruled)]
        return _Pending(coded, sents, ruled, feats)

    def _finish(self, p: _Pending, decisions: list[Decision], roots: list | None = None) -> CodedDocument:
        """The document's events once the learned parts have decided on each of its sentences."""
        assert self.parts is not None
        doc, sentences, events = p.coded
        sents, feats, ruled = p.sents, p.feats, p.ruled
        out: list[Event] = []
        for i, (sent, f, d) in enumerate(zip(sents, feats, decisions)):
            evs = hybrid_events(doc, i, sent, f, d, ruled[i], self.parts.thresholds, self.lang.modality,
                                getattr(self.parts, "arbiter", None), getattr(self.parts, "takeover", None))
            if self.pairs is not None:
                evs = with_proposals(doc, i, sent, f, d, ruled[i], evs, self.parts.thresholds, self.pairs,
                                     self.lang.modality)
            if self.reroot is not None and roots:  # second readings with another root (reroot.py)
                evs = sentence_readings(self.reroot, doc.id, i, evs, f, d, roots[i])
            out += with_top(evs, d, ruled[i], self.top)  # which reading is on top (top.py)
        keys = {f"{doc.id}:{i}" for i in range(len(sents))}
        events = out + [e for e in events if e.sentence_id not in keys]
        events.sort(key=lambda e: (int(e.sentence_id.rsplit(":", 1)[1]) if e.sentence_id else 0))
        return doc, sentences, events


@dataclass
class _Pending:
    """A document between the rules and the learned decisions (``HybridCoder.code_parsed_batch``)."""

    coded: CodedDocument
    sents: list
    ruled: list[list[Event]]
    feats: list[SentenceFeatures]


def hybrid_events(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, ruled: list[Event],
                  thresholds: Thresholds, cues=None, arbiter=None, takeover=None) -> list[Event]:
    """Sentence ``index``'s events after the hybrid: the rule events ``ruled``, with their top
    event corrected or a learned-only event added as ``plan_sentence`` decides. A second reading
    the arbiter (or the takeover arbiter) puts on top comes before the rules' event, with the same
    depth, trigger and confidence, so ``evaluate.best_event`` takes it."""
    from detente.coding.evaluate import best_event

    plan = plan_sentence(f, d, ruled, thresholds, arbiter, takeover)
    if plan.lead is not None and plan.lead.part == "learned":  # below the learned-only thresholds
        events = _planned(doc, index, sent, f, d, ruled, replace(plan, lead=None), cues)
        event = learned_event(doc, index, sent, f, d, k=len(events), cues=cues)
        if event is None:
            return events
        decided = {**event.explanation["decided_by"], "takeover": {"score": plan.lead.arbiter, "on_top": True}}
        return events + [replace(event, explanation={**event.explanation, "decided_by": decided})]
    if plan.lead is not None:
        events = _planned(doc, index, sent, f, d, ruled, replace(plan, lead=None), cues)
        top = best_event(ruled)
        lead = corrected_event(top, sent.start_char, f, d, plan.lead)  # type: ignore[arg-type]
        if lead is top:  # nothing left to change (an actor on itself)
            return events
        decided = dict(lead.explanation["decided_by"])
        decided["takeover"] = decided.pop("arbiter")  # the learned parts' own reading, on top of all
        lead = replace(lead, id=f"{doc.id}:{index}:{len(events)}", explanation={**lead.explanation,
                                                                                 "decided_by": decided})
        return [lead] + events
    return _planned(doc, index, sent, f, d, ruled, plan, cues)


def _planned(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, ruled: list[Event], plan: Plan,
             cues) -> list[Event]:
    """The sentence's events after ``plan`` without its lead (``hybrid_events``)."""
    from detente.coding.evaluate import best_event

    if plan.part == "learned":
        event = learned_event(doc, index, sent, f, d, k=len(ruled), cues=cues)
        return ruled + [event] if event is not None else list(ruled)
    if plan.part == "corrected":
        top = best_event(ruled)
        fixed = corrected_event(top, sent.start_char, f, d, plan)  # type: ignore[arg-type]
        if plan.keep and fixed is not top:  # a second reading beside the rules' events
            second = replace(fixed, id=f"{doc.id}:{index}:{len(ruled)}")
            if plan.on_top:  # first in the sentence, so that it is the top event
                return [second] + list(ruled)
            return ruled + [second]
        return [fixed if e is top else e for e in ruled]
    return list(ruled)


def corrected_event(e: Event, offset: int, f: SentenceFeatures, d: Decision, plan: Plan) -> Event:
    """Rule event ``e`` with the classifier's type (a code of its root; Goldstein, QuadClass and
    PLOVER from the ontology) and/or the dyad ranker's actors, as ``plan`` says; its trigger,
    modality, date and pattern stay, and ``explanation["decided_by"]`` records the change."""
    from detente.ontology import lookup

    ex = dict(e.explanation or {})
    decided: dict = {"part": "corrected", "rule_code": e.cameo}
    changes: dict = {}
    if plan.recode:
        code = code_for(d.plover, d.root)
        entry = lookup(code)
        changes.update(cameo=code, cameo_root=d.root, goldstein=entry.goldstein if entry else None,
                       quad_class=entry.quad_class if entry else None,
                       plover_event=entry.plover_event if entry else d.plover,
                       plover_mode=entry.plover_mode if entry else None)
        ex["code_name"] = entry.name if entry else None
        decided.update(recode={"type": d.plover, "type_score": round(d.type_score, 3), "root": d.root})
    for side, k, col in (("source", plan.source, 1), ("target", plan.target, 2)):
        if k is None:
            continue
        c = f.candidates[k]
        score = float(d.roles[k, col]) if d.roles is not None else 0.0
        actor = candidate_actor(c, offset)
        changes[side] = actor
        was = getattr(e, side)
        ex[side] = _arg(actor, c, f"learned dyad ranker: {'fixed' if was is not None else 'filled'} {side}", score)
        decided[side] = {"score": round(score, 3), "rule": was.text if was is not None else None}
    src, tgt = changes.get("source", e.source), changes.get("target", e.target)
    if src is not None and tgt is not None and src.code and src.code == tgt.code:  # never an actor on itself
        for side in ("source", "target"):
            if side in changes:
                changes.pop(side), decided.pop(side)
                ex[side] = (e.explanation or {}).get(side)
    if not changes:
        return e
    decided["part"] = " + ".join(name for name, on in (("classifier recode", plan.recode),
                                                        ("dyad ranker", "source" in decided or "target" in decided)) if on)
    if plan.keep:
        decided["beside_rule_event"] = e.id  # added as a second reading; the rules' event stays
    if plan.arbiter is not None:
        decided["arbiter"] = {"score": plan.arbiter, "on_top": plan.on_top}
    ex["decided_by"] = decided
    return replace(e, explanation=ex, **changes)


def learned_event(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, k: int = 0,
                  cues=None) -> Event | None:
    """The event record of a confident learned decision (None when both actors are one); ``k`` is
    its number in the sentence (after the rule events), ``cues`` the language data's modality cues."""
    from detente.coding.modality import modality_of
    from detente.ontology import lookup
    from detente.time import resolve_event_time

    if None in d.dyad:
        return None
    offset = sent.start_char
    src_c, tgt_c = (f.candidates[k] for k in d.dyad)  # type: ignore[index]
    src, tgt = candidate_actor(src_c, offset), candidate_actor(tgt_c, offset)
    if src.code and src.code == tgt.code:
        return None
    code = code_for(d.plover, d.root)
    entry = lookup(code)
    trig = main_trigger(sent)
    when = resolve_event_time(sent, trig, doc.date)
    if cues is None:
        from detente.langdata import LanguageData

        cues = LanguageData.default().modality
    modality = modality_of(trig, cues)
    scores = {"part": "learned", "gate": round(d.relevance, 3), "type": d.plover,
              "type_score": round(d.type_score, 3), "root": d.root,
              "source_score": round(d.actor_scores[0], 3), "target_score": round(d.actor_scores[1], 3)}
    explanation = {
        "decided_by": scores,
        "trigger": trig.text,
        "pattern": f"{LEARNED_PATTERN}: {d.plover} (p={d.type_score:.2f}) -> root {d.root}",
        "code_name": entry.name if entry else None,
        "source": _arg(src, src_c, "learned dyad ranker: source", d.actor_scores[0]),
        "target": _arg(tgt, tgt_c, "learned dyad ranker: target", d.actor_scores[1]),
        "modality": {"label": modality.label, "cues": list(modality.cues)},
        "date": {"date": when.date, "precision": when.precision, "text": when.text, "reason": when.reason},
        "confidence": [f"learned event: gate {d.relevance:.2f} x type {d.type_score:.2f}"],
        "depth": 0,
    }
    return Event(
        id=f"{doc.id}:{index}:{k}", doc_id=doc.id, sentence_id=f"{doc.id}:{index}", sentence=span_text(sent).rstrip(),
        date=when.date, date_precision=when.precision,  # type: ignore[arg-type]
        date_end=when.date_end, source=src, target=tgt,
        cameo=code, cameo_root=d.root, goldstein=entry.goldstein if entry else None,
        quad_class=entry.quad_class if entry else None, plover_event=entry.plover_event if entry else d.plover,
        plover_mode=entry.plover_mode if entry else None, modality=modality.label,
        confidence=round(min(0.6, d.relevance * d.type_score), 2), pattern=explanation["pattern"],
        trigger_start=trig.idx - offset, trigger_end=trig.idx + len(trig.text) - offset, explanation=explanation)


def _arg(a: Actor, c: Candidate, route: str, score: float) -> dict:
    how = getattr(c.mention, "how", "") if c.mention is not None else (
        f"not in the actor tables; sector {c.sector}" if c.sector else "not in the actor tables")
    return {"text": a.text, "code": a.code, "country": a.country, "route": f"{route} ({score:.2f})", "how": how}
