"""The event coder: parsed sentences + actor mentions + the pattern lexicon → CAMEO events.

One spaCy pass per document (batched), one actor-resolution pass per document, then cheap
per-token lexicon look-ups. All words, patterns and code tables come from one ``LanguageData``,
all switches from one ``CoderConfig``; ``EventCoder`` is also the spaCy component
``detente_coder`` (coding/component.py). Confidence (documented in docs/coder.md) starts at 0.9 for a
verb pattern with an explicit subject and drops for inherited subjects (-0.15), nominal
triggers (-0.15), PETRARCH-derived rules (-0.1), a missing target (-0.1) and weak
statement verbs (capped at 0.5).
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from detente.actors import ActorResolver
from detente.coding.antecedents import EventMemory
from detente.coding.arguments import Arg, MentionIndex
from detente.coding.base import CodedDocument, ParsedDocCoder
from detente.coding.candidates import Candidate, CandidateFinder
from detente.coding.config import CoderConfig
from detente.coding.context import (
    aim_untargeted,
    bare_on_state,
    hosted_visits,
    relevant,
    state_of_sentence,
    taking_a_place,
    violence_by_victim,
)
from detente.coding.modality import modality_of
from detente.coding.patterns import Lexicon
from detente.coding.reframe import Reframer
from detente.coding.subcodes import refine
from detente.langdata import LanguageData
from detente.langdata.language import TIME_PACKAGE_DIR
from detente.nlp import span_text
from detente.records import Document, Event, Sentence
from detente.time import TimeData, resolve_event_time

for _name in ("events", "detente_id", "detente_date"):  # what the spaCy component reads and writes
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

#: how ``_event`` notes a negated cooperative act read as a rejection (12x)
REFUSAL_NOTE = "negated cooperation read as rejection"

#: the learned-event hook's signature: (document, sentence index, spaCy sentence, mention index) → events
NoRuleHook = Callable[[Document, int, object, MentionIndex], list[Event]]


class EventCoder(ParsedDocCoder):
    """``Coder`` implementation: ``code_documents`` yields (document, sentences, events); called on a
    spaCy ``Doc`` (as the ``detente_coder`` pipeline component) it writes ``doc._.events``.

    ``when_no_rule``: called for a sentence where no rule fired (the place for learned events).
    """

    def __init__(self, lang: LanguageData | None = None, config: CoderConfig | None = None, *,
                 lexicon: Lexicon | None = None, resolver=None, tokenizer=None,
                 when_no_rule: NoRuleHook | None = None) -> None:
        self.config = config or CoderConfig()
        if lang is None:
            lang = LanguageData.from_dir(self.config.lang_data) if self.config.lang_data else LanguageData.default()
        self.lang = lang
        self.lexicon = lexicon or lang.lexicon
        self.words, self.codes = lang.words, lang.codes
        self.reframe = Reframer(lang, self.config.future_as_intent)
        self.time_data = TimeData.from_dir(lang.time_dir) if lang.time_dir != TIME_PACKAGE_DIR else TimeData.default()
        self._resolver = resolver
        self._tokenizer = tokenizer
        self.when_no_rule = when_no_rule
        self._facts_doc, self._facts = None, {}  # per-trigger modality and date of the last document
        self.finder = CandidateFinder(lang, self.lexicon, self.config, self.reframe)

    @property
    def batch_size(self) -> int:
        return self.config.batch_size

    @property
    def resolver(self):
        if self._resolver is None:
            self._resolver = ActorResolver(self.lang, self._tokenizer)
        return self._resolver

    # -- public (code_documents and the spaCy call come from ParsedDocCoder) --------------------
    def code_parsed(self, doc: Document, parsed) -> CodedDocument:
        """Code an already parsed spaCy Doc (used by the benchmark to share the parse)."""
        mentions = self.resolver.resolve(parsed, doc.date)
        idx = MentionIndex(parsed, mentions, self.words, self.config.sector_only)
        memory = EventMemory(self.lexicon.antecedents, self.words.referring_preps, tuple(self.codes.repeated_target))
        sentences: list[Sentence] = []
        events: list[Event] = []
        for i, sent in enumerate(parsed.sents):
            text = span_text(sent).rstrip()  # spaCy keeps paragraph breaks in the sentence: not part of it
            sentences.append(Sentence(doc_id=doc.id, index=i, text=text,
                                      start=sent.start_char, end=sent.start_char + len(text)))
            events.extend(self.sentence_events(doc, i, sent, idx, memory))
        return doc, sentences, events

    def sentence_events(self, doc: Document, index: int, sent, idx: MentionIndex,
                        memory: EventMemory | None = None) -> list[Event]:
        """The one place a sentence's events are produced: the rules' events; where no rule fired,
        those of the ``when_no_rule`` hook (learned events), if any."""
        events = self.code_sentence(doc, index, sent, idx, memory)
        if not events and self.when_no_rule is not None:
            events = self.when_no_rule(doc, index, sent, idx)
        return events

    # -- per sentence -----------------------------------------------------------------------
    def code_sentence(self, doc: Document, index: int, sent, idx: MentionIndex,
                      memory: EventMemory | None = None) -> list[Event]:
        cands = self.finder.candidates(sent, idx)
        if memory is not None:  # in text order, so "X struck Y, and Z condemned the attack" reaches X
            _refer_back(sorted(cands, key=lambda c: c.trigger.i), idx, memory)
        k, w, cfg = self.codes, self.words, self.config
        if cfg.sentence_state:
            state_of_sentence(cands, idx, k)
        aim_untargeted(cands, idx, k, cfg.sole_other)
        cands = relevant(cands, w)  # no sports results, no "police said"; statements only when alone
        asked = {c.trigger.i for c in cands if k.requests.covers(c.code)}
        # "called on Y to sanction X" is a request of Y (02/10, its sub-code says what for), not a sanction
        cands = [c for c in cands if not (c.trigger.dep_ == "xcomp" and c.trigger.head.i in asked)]
        for cand in cands:
            self._relabel(cand)
        if cfg.subcodes:
            for cand in cands:
                better = refine(cand.code, cand.trigger, self.lexicon, self.lang.subcodes)
                if better:
                    cand.pattern += f"; content -> {better}"
                    cand.code = better
        events: list[Event] = []
        seen: set[tuple] = set()
        for cand in cands:
            for src, tgt in _pairs(cand, k.partner_routes):
                key = (cand.trigger.i, src.mention.code if src else None, tgt.mention.code if tgt else None,
                       cand.code)
                if key in seen:
                    continue
                seen.add(key)
                event = self._event(doc, index, len(events), sent, cand, src, tgt)
                if _refused_by_partner(event, cand, src):
                    continue  # "X refused to meet Y": X rejects, Y does not
                events.append(event)
        if cfg.host_visits:
            events += hosted_visits(events, k, self.lang.ontology)
        return events

    def _relabel(self, cand: Candidate) -> None:
        """Labels read from the actors: force on protesters is repression, seizing a city occupation,
        drills of several forces joint exercises; a bare actor word acting on a state takes its country."""
        k = self.codes
        cand.sources = bare_on_state(cand.sources, cand.targets, k, cand.trigger.doc, self.words.place_preps)
        better = violence_by_victim(cand, self.words, k) or taking_a_place(cand, self.words, k)
        if better:
            cand.pattern += f"; {better[1]} -> {better[0]}"
            cand.code = better[0]
        if k.peacekeeping_acts.covers(cand.code) and _peacekeepers(cand.trigger, self.words.peacekeeper_words):
            cand.code = k.codes["peacekeeping"]  # "peacekeeping troops arrived in X": protection, not a visit
            cand.pattern += f"; peacekeepers -> {cand.code}"
        partners = any(t.route.split("/")[0] in k.partner_routes for t in cand.targets)
        if (self.config.joint_drills and cand.code == k.codes["show_of_force"] and cand.mutual
                and (len(cand.sources) > 1 or partners)):  # not "drills around Taiwan": a place
            cand.code = k.codes["joint_exercise"]  # joint exercises of several forces: military cooperation
            cand.pattern += f"; joint exercise -> {cand.code}"

    def candidates(self, sent, idx: MentionIndex) -> list[Candidate]:
        """Every trigger in the sentence with its arguments (those with no source are dropped)."""
        return self.finder.candidates(sent, idx)

    # -- building the record ------------------------------------------------------------------
    def _event(self, doc: Document, index: int, k: int, sent, cand: Candidate, src: Arg | None,
               tgt: Arg | None) -> Event:
        onto, rf = self.lang.ontology, self.reframe
        code = onto.normalize_code(cand.code) or cand.code
        entry = onto.lookup(code)
        trig = cand.trigger
        modality, when = self._trigger_facts(sent, trig, doc.date)
        modality_label = modality.label
        notes: list[str] = []
        forced = rf.force_code(code, src.mention.sector if src else None)
        if forced:
            notes.append(f"violence by military forces: {code} -> {forced}")
            code = forced
        intended = rf.is_intention(trig) or rf.conditional_offer(code, trig, modality_label)
        refused = rf.refusal_code(code, "negated" if rf.conditional_refusal(trig, modality_label, modality.cues)
                                  else modality_label)
        ultimatum = rf.conditional_threat_code(code, trig, "intended" if intended else modality_label)
        intent = rf.intent_code(code, "intended" if intended else modality_label)
        if intent and (rf.decided(trig) or (self.codes.threat.covers(intent) and (
                modality_label == "future" and self.config.scheduled_acts and not intended
                and when.precision in ("day", "month") and when.text))):
            intent = None  # "decided to withhold / to grant asylum", "will suspend imports from Sunday": the act itself
        if ultimatum and not refused:
            notes.append(f"act conditioned on if/unless read as a threat: {code} -> {ultimatum}")
            code = ultimatum
        elif refused:
            notes.append(f"{REFUSAL_NOTE}: {code} -> {refused}")
            code, modality_label = refused, "asserted"
        elif intent:
            notes.append(f"stated intention: {code} -> {intent}")
            code = intent
        reframed = "; ".join(notes) or None
        if reframed:
            entry = onto.lookup(code)
        offset = sent.start_char
        explanation = {
            "trigger": trig.text,
            "pattern": cand.pattern,
            "code_name": entry.name if entry else None,
            "source": _explain_arg(src) if src else None,
            "target": _explain_arg(tgt) if tgt else None,
            "modality": {"label": modality.label, "cues": list(modality.cues)},
            "date": {"date": when.date, "precision": when.precision, "text": when.text, "reason": when.reason},
            "confidence": cand.notes or ["verb pattern with explicit subject and target"],
            "depth": _depth(trig),
        }
        if reframed:
            explanation["reframed"] = reframed
        return Event(
            id=f"{doc.id}:{index}:{k}",
            doc_id=doc.id,
            sentence_id=f"{doc.id}:{index}",
            sentence=span_text(sent).rstrip(),
            date=when.date,
            date_precision=when.precision,  # type: ignore[arg-type]
            date_end=when.date_end,
            source=src.mention.to_actor(offset) if src else None,
            target=tgt.mention.to_actor(offset) if tgt else None,
            cameo=code,
            cameo_root=code[:2],
            goldstein=entry.goldstein if entry else None,
            quad_class=entry.quad_class if entry else None,
            plover_event=entry.plover_event if entry else None,
            plover_mode=entry.plover_mode if entry else None,
            modality=modality_label,
            confidence=cand.confidence,
            pattern=cand.pattern,
            trigger_start=trig.idx - offset,
            trigger_end=trig.idx + len(trig.text) - offset,
            explanation=explanation,
        )


    def _trigger_facts(self, sent, trig, doc_date: str | None):
        """The trigger's modality and date, worked out once per trigger: every source × target pair
        of a candidate shares them (the results are read, never changed, by ``_event``)."""
        if self._facts_doc is not trig.doc:
            self._facts_doc, self._facts = trig.doc, {}
        key = (trig.i, sent.start, doc_date)
        if key not in self._facts:
            self._facts[key] = (modality_of(trig, self.lang.modality),
                                resolve_event_time(sent, trig, doc_date, data=self.time_data))
        return self._facts[key]


def _refer_back(cands: list[Candidate], idx: MentionIndex, memory: EventMemory) -> None:
    """Verb events with no target that react to a bare event noun get that event's actor; a measure with
    no target (sanctions) repeats whom the latest such measure of the document was aimed at."""
    for cand in cands:
        if cand.targets:
            memory.remember(cand.trigger, cand.obj, cand.sources, cand.code, cand.targets)
            continue
        verbal = cand.trigger.pos_ in ("VERB", "AUX")
        found = (memory.target_for(cand.trigger, idx, cand.sources) if verbal else []) \
            or memory.repeated_target(cand.code, cand.sources)
        if found:
            cand.targets = found
            cand.notes = [n for n in cand.notes if not n.startswith("no target")]
            cand.notes.append("target by reference to an earlier event (-0.1)")
        memory.remember(cand.trigger, cand.obj, cand.sources, cand.code, cand.targets)  # later clauses may refer to it


def _pairs(cand: Candidate, partner_routes) -> list[tuple[Arg | None, Arg | None]]:
    """Source × target pairs; coordinated sources of a mutual event with no target pair up both ways;
    an agentless event has no source."""
    if not cand.sources:
        return [(None, t) for t in cand.targets]
    if cand.targets:
        pairs = [(s, t) for s in cand.sources for t in cand.targets]
        if cand.mutual:  # meeting, negotiating, signing *with someone* is done by both sides
            pairs += [(t, s) for s in cand.sources for t in cand.targets if t.route.split("/")[0] in partner_routes]
        return pairs
    if cand.mutual and len(cand.sources) > 1:
        return [(s, t) for s in cand.sources for t in cand.sources if s.mention.code != t.mention.code]
    return [(s, None) for s in cand.sources]


def _refused_by_partner(event: Event, cand: Candidate, src: Arg | None) -> bool:
    """A mutual act is paired both ways ("X met Y": Y met X too), but a mutual act refused ("X refused to
    meet Y", "X rejected talks with Y") is a rejection by its subject only: the reversed pair, whose
    source is the act's partner, is no event."""
    notes = (event.explanation.get("reframed") or "").split("; ")  # the refusal may follow another note
    return src is not None and any(src is t for t in cand.targets) \
        and any(note.startswith(REFUSAL_NOTE) for note in notes)


def _peacekeepers(trigger, words) -> bool:
    """The trigger's subject or object (or what they are a deployment *of*) is or names peacekeepers:
    "peacekeeping troops arrived", "deployed peacekeepers", "the deployment of peacekeepers began"."""
    heads = [c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    heads += [p for h in heads for pr in h.children if pr.dep_ == "prep" and pr.lower_ == "of"
              for p in pr.children if p.dep_ == "pobj"]
    if trigger.pos_ == "NOUN":  # a nominal deployment: its own "of" phrase
        heads += [trigger] + [p for pr in trigger.children if pr.dep_ == "prep" and pr.lower_ == "of"
                              for p in pr.children if p.dep_ == "pobj"]
    return any(h.lower_ in words or any(c.dep_ in ("amod", "compound") and c.lower_ in words for c in h.children)
               for h in heads)


def _depth(tok) -> int:
    """Hops from the trigger to its sentence root (the main event of a sentence is shallowest)."""
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def _explain_arg(arg: Arg) -> dict:
    m = arg.mention
    return {"text": m.text, "code": m.code, "country": m.country, "route": arg.route,
            "how": getattr(m, "how", "")}
