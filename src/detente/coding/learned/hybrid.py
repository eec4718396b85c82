"""The hybrid coder: the rules first (the high-precision path), then the learned parts.

The rules code the document; what they coded in each sentence becomes features of the learned
parts (``features.with_rules``: stacking). A learned event is then added beside the rule events
(``Decision.confident`` decides; thresholds in the shipped bundle, chosen by cross-validation):
where no rule coded a PLOVER-typed event, when gate, type and actor scores reach their
thresholds; where the rules did, when the classifier reaches the override score and names a type
other than the rules' top event's, or (``rerank``) that type with other actors; the rule events
stay as they are. Its actors are the dyad ranker's noun phrases: the
resolver's actor where it coded one, else the text as written, typed by sector ("police" → COP).
Such events say so: their pattern starts with ``learned`` and ``explanation["decided_by"]``
holds each part's score (``detente explain``).

The rule coder is used only through its public ``code_parsed`` and its ``resolver`` argument;
the actor resolution of a document is shared between the two paths.
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.coding.base import CodedDocument, ParsedDocCoder
from detente.coding.learned.data import plv_type
from detente.coding.learned.features import (
    Candidate,
    SentenceFeatures,
    doc_chunks,
    main_trigger,
    sentence_features,
    with_rules,
)
from detente.coding.learned.parts import Decision, LearnedParts, Thresholds, code_for, load_parts
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
    """``Coder`` implementation: rule events, plus learned events where no rule fired."""

    def __init__(self, lang=None, config=None, *, parts: LearnedParts | None = None, rules=None,
                 tokenizer=None) -> None:
        """``lang``/``config`` as for ``EventCoder`` (``config.learned`` off: the rules alone);
        ``rules`` replaces the rule coder (tests); ``parts`` the shipped bundle."""
        from detente.actors import ActorResolver
        from detente.coding.coder import EventCoder
        from detente.coding.config import CoderConfig
        from detente.langdata import LanguageData

        self.config = config or CoderConfig()
        if lang is None:
            lang = LanguageData.from_dir(self.config.lang_data) if self.config.lang_data else LanguageData.default()
        self.lang = lang
        self.resolver = SharedResolution(ActorResolver(lang, tokenizer))
        self.rules = rules or EventCoder(lang, self.config, resolver=self.resolver, tokenizer=tokenizer)
        self.parts = (parts or load_parts()) if self.config.learned else None

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
        decisions = iter(self.parts.decide(feats, allowed))
        return [self._finish(p, [next(decisions) for _ in p.feats]) for p in pending]

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
        feats = [with_rules(sentence_features(s, mentions, chunks), r) for s, r in zip(sents, ruled)]
        return _Pending(coded, sents, ruled, feats)

    def _finish(self, p: _Pending, decisions: list[Decision]) -> CodedDocument:
        """The document's events once the learned parts have decided on each of its sentences."""
        assert self.parts is not None
        doc, sentences, events = p.coded
        sents, feats, ruled = p.sents, p.feats, p.ruled
        for i, (sent, f, d) in enumerate(zip(sents, feats, decisions)):
            event = hybrid_event(doc, i, sent, f, d, ruled[i], self.parts.thresholds, self.lang.modality)
            if event is not None:
                events.append(event)
        events.sort(key=lambda e: (int(e.sentence_id.rsplit(":", 1)[1]) if e.sentence_id else 0))
        return doc, sentences, events


@dataclass
class _Pending:
    """A document between the rules and the learned decisions (``HybridCoder.code_parsed_batch``)."""

    coded: CodedDocument
    sents: list
    ruled: list[list[Event]]
    feats: list[SentenceFeatures]


def hybrid_event(doc: Document, index: int, sent, f: SentenceFeatures, d: Decision, ruled: list[Event],
                 thresholds: Thresholds, cues=None) -> Event | None:
    """The learned event the hybrid adds to sentence ``index`` beside its rule events ``ruled``
    (``Decision.confident`` says when), or None."""
    from detente.coding.evaluate import best_event

    types = {plv_type(e.plover_event) for e in ruled} - {None}
    top = best_event(ruled)
    same = top is not None and None not in d.dyad and _names(f.candidates[d.dyad[0]], top.source) and _names(
        f.candidates[d.dyad[1]], top.target)  # type: ignore[index]
    if not d.confident(thresholds, types, plv_type(top.plover_event) if top else None, same):
        return None
    return learned_event(doc, index, sent, f, d, k=len(ruled), cues=cues)


def _names(c: Candidate, actor) -> bool:
    """Whether candidate ``c`` and a rule event's actor are the same mention or the same coded actor."""
    if actor is None:
        return False
    if actor.start is not None and c.start < actor.end and actor.start < c.end:
        return True
    return c.mention is not None and bool(actor.code) and c.mention.code == actor.code


def _actor(c: Candidate, offset: int) -> Actor:
    """The resolver's actor for a coded candidate; otherwise the noun phrase as written, typed by
    the sector of any resolver mention inside it (police, military, rebels, government, …)."""
    if c.mention is not None:
        return c.mention.to_actor(offset)
    return Actor(c.text, None, None, c.sector, c.start, c.end)


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
    src, tgt = _actor(src_c, offset), _actor(tgt_c, offset)
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
        id=f"{doc.id}:{index}:{k}", doc_id=doc.id, sentence_id=f"{doc.id}:{index}", sentence=sent.text.rstrip(),
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
