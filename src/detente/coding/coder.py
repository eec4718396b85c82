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
from dataclasses import dataclass

from spacy.tokens import Doc

from detente.actors import ActorResolver
from detente.coding.antecedents import EventMemory
from detente.coding.arguments import Arg, MentionIndex, bare_targets, verb_sources, verb_targets
from detente.coding.base import CodedDocument, ParsedDocCoder
from detente.coding.config import CoderConfig
from detente.coding.context import (
    aim_untargeted,
    bare_on_state,
    domestic_target,
    hosted_visits,
    relevant,
    state_on_bare,
    taking_a_place,
    violence_by_victim,
)
from detente.coding.fallbacks import clause_first_actor, condition_subjects
from detente.coding.modality import modality_of
from detente.coding.nominal import noun_args
from detente.coding.occasions import occasion_parties, visiting_parties
from detente.coding.patterns import NONE_CODE, Lexicon, NounRule, VerbRule
from detente.coding.reframe import Reframer
from detente.coding.subcodes import refine
from detente.langdata import LanguageData
from detente.langdata.language import TIME_PACKAGE_DIR
from detente.records import Document, Event, Sentence
from detente.time import TimeData, resolve_event_time

TRIGGER_POS_VERB = ("VERB",)
TRIGGER_POS_NOUN = ("NOUN", "PROPN")


@dataclass
class Candidate:
    """A trigger with its rule and argument lists, before it becomes events."""

    trigger: object  # spaCy Token
    code: str
    pattern: str
    sources: list[Arg]
    targets: list[Arg]
    mutual: bool
    weak: bool
    confidence: float
    notes: list[str]
    obj: object | None = None  # the object token a verb rule used ("conducted a *test*")


for _name in ("events", "detente_id", "detente_date"):  # what the spaCy component reads and writes
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

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
        memory = EventMemory(self.lexicon.antecedents, self.words.referring_preps)
        sentences: list[Sentence] = []
        events: list[Event] = []
        for i, sent in enumerate(parsed.sents):
            text = sent.text.rstrip()  # spaCy keeps paragraph breaks in the sentence: not part of it
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
        cands = self.candidates(sent, idx)
        if memory is not None:  # in text order, so "X struck Y, and Z condemned the attack" reaches X
            _refer_back(sorted(cands, key=lambda c: c.trigger.i), idx, memory)
        k, w, cfg = self.codes, self.words, self.config
        aim_untargeted(cands, idx, k, cfg.sole_other)
        cands = relevant(cands, w)  # no sports results, no "police said"; statements only when alone
        asked = {c.trigger.i for c in cands if k.requests.covers(c.code)}
        # "called on Y to sanction X" is a request of Y (02/10, its sub-code says what for), not a sanction
        cands = [c for c in cands if not (c.trigger.dep_ == "xcomp" and c.trigger.head.i in asked)]
        for cand in cands:
            cand.sources = bare_on_state(cand.sources, cand.targets, k)
            better = violence_by_victim(cand, w, k) or taking_a_place(cand, w, k)
            if better:
                cand.pattern += f"; {better[1]} -> {better[0]}"
                cand.code = better[0]
            partners = any(t.route.split("/")[0] in k.partner_routes for t in cand.targets)
            if (cfg.joint_drills and cand.code == k.codes["show_of_force"] and cand.mutual
                    and (len(cand.sources) > 1 or partners)):  # not "drills around Taiwan": a place
                cand.code = k.codes["joint_exercise"]  # joint exercises of several forces: military cooperation
                cand.pattern += f"; joint exercise -> {cand.code}"
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
                events.append(self._event(doc, index, len(events), sent, cand, src, tgt))
        if cfg.host_visits:
            events += hosted_visits(events, k, self.lang.ontology)
        return events

    def candidates(self, sent, idx: MentionIndex) -> list[Candidate]:
        """Every trigger in the sentence with its arguments (those with no source are dropped)."""
        out: list[Candidate] = []
        consumed: set[int] = set()
        lex = self.lexicon
        for tok in sent:
            if _name_word(tok):
                continue
            if tok.pos_ in TRIGGER_POS_VERB or (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
                skip: set[VerbRule] = set()
                while True:  # a rule that needs an actor target and finds none gives way to the next
                    rule, used = lex.match_verb(tok, skip)
                    if rule is None or rule.code == NONE_CODE:
                        cand = None
                        break
                    cand = self._verb_candidate(tok, rule, used, idx)
                    if cand is not None or not rule.needs_target:
                        break
                    skip.add(rule)
                if used is not None:
                    consumed.add(used.i)
                if cand and cand.weak:
                    cand = self._mood_candidate(cand, idx) or cand
                if cand:
                    out.append(cand)
                    if cand.weak or self.codes.statements.covers(cand.code):  # statements, vows, warnings
                        demand = self._demand_candidate(cand, idx)
                        threat = self.codes.codes["threat_statement"]
                        if demand and demand.code == threat and not self.codes.threat.covers(cand.code):
                            out[-1] = demand  # "vowed that X would pay dearly" is the threat, not a pledge
                        elif demand:
                            out.append(demand)
        for tok in sent:
            if tok.pos_ in TRIGGER_POS_NOUN and tok.i not in consumed and idx.at(tok) is None:
                nrule = lex.match_noun(tok)
                if nrule is not None:
                    cand = self._noun_candidate(tok, nrule, idx)
                    if cand:
                        out.append(cand)
        visit = self.codes.codes["visit"]  # "told the visiting X": X's visit to the speaker's country
        out += [Candidate(tok, visit, f"visiting -> {visit}", [guest], hosts, False, False, 0.7,
                          ["visit read from 'visiting' (0.7)"]) for tok, guest, hosts in visiting_parties(sent, idx)]
        return out

    def _verb_candidate(self, tok, rule: VerbRule, used, idx: MentionIndex) -> Candidate | None:
        sources, inherited = verb_sources(tok, idx)
        if not sources:
            return self._agentless(tok, rule, idx) if rule.agentless or self._no_doer(tok, rule) else None
        k = self.codes
        exclude = frozenset(s.mention.code for s in sources)
        targets = _distinct(verb_targets(tok, idx, rule.prep or rule.prt, used, weak=rule.weak,
                                          locative=k.locative.covers(rule.code), exclude=exclude,
                                          verbal=k.verbal.covers(rule.code)), sources)
        if k.threat.covers(rule.code):  # "threatened to X unless Y …": aimed at Y
            targets = condition_subjects(tok, idx, sources) or targets
            for comp in (c for c in tok.children if c.dep_ == "ccomp" and not targets):
                # "warned that his group would strike X's airport": aimed at X
                targets = _distinct(verb_targets(comp, idx, None, None, exclude=exclude), sources)
        if not targets and self._clause_fallback(rule, sources):
            targets = clause_first_actor(tok, idx, sources)
        if rule.needs_target and not targets:
            return None
        if not targets:
            targets = domestic_target(rule.code, sources, k)
        if not targets:
            targets = state_on_bare(tok, idx, sources, bare_targets(tok, idx, rule.prep or rule.prt, used), k)
        conf, notes = 0.9, []
        if inherited:
            conf -= 0.15
            notes.append("source inherited from another clause (-0.15)")
        if rule.origin == "petrarch":
            conf -= 0.1
            notes.append("PETRARCH-derived rule (-0.1)")
        if not targets:
            conf -= 0.1
            notes.append("no target (-0.1)")
        if rule.weak:
            conf = min(conf, 0.5)
            notes.append("plain statement verb (max 0.5)")
        code, pattern = rule.code, rule.describe()
        modal = self.lang.modality["modal_words"]
        views = [c for c in tok.children if c.dep_ == "ccomp"
                 and not any(a.dep_ == "aux" and a.lower_ in modal for a in c.children)]
        if k.intent_roots.covers(code) and tok.lemma_.lower() in self.words.agree_verbs and views \
                and not any(c.dep_ == "xcomp" for c in tok.children):
            code = k.codes["agree_on_view"]  # agreeing on a view: express accord
            pattern += f"; agreed that … -> {code}"
        noun = self.lexicon.match_noun(used) if used is not None else None
        if noun is not None and noun.code[:2] == code[:2] and len(noun.code) >= len(code) and noun.code != code:
            code, pattern = noun.code, f"{pattern}; object {noun.describe()}"  # "launched air strikes" -> 195
        return Candidate(tok, code, pattern, sources, targets, rule.mutual, rule.weak,
                         round(conf, 2), notes, used)

    def _no_doer(self, tok, rule: VerbRule) -> bool:
        """Force whose doer the sentence does not name: a passive with no actor as agent ("the
        minister was shot dead") or a blast as subject ("a roadside bomb struck the patrol")."""
        if not (self.config.agentless_force and self.codes.agentless_force.covers(rule.code)):
            return False
        deps = {c.dep_: c for c in tok.children}
        if "nsubjpass" in deps:
            return True
        subj = deps.get("nsubj")
        return subj is not None and subj.lower_ in self.words.blast_subjects

    def _agentless(self, tok, rule: VerbRule, idx: MentionIndex) -> Candidate | None:
        """"Two grenades exploded in a market in X", "X was killed": no one is named as the doer; the
        event is kept with source unknown and the victim's or the place's country as target (analyses
        decide what to do with it). Force by no one named is unconventional (180)."""
        targets = verb_targets(tok, idx, rule.prep, None, locative=True)
        targets = [t for t in targets or clause_first_actor(tok, idx, [], paths=True) if t.mention.country]
        if not targets:
            return None
        code = rule.code
        if self.codes.force.covers(code) and not code.startswith(self.codes.codes["unconventional_killing"][:2]):
            code = self.codes.codes["unconventional_killing"]
        return Candidate(tok, code, rule.describe() + "; agentless", [], targets[:1], False, False, 0.5,
                         ["no source named: agentless event (0.5)"])

    def _mood_candidate(self, say: Candidate, idx: MentionIndex) -> Candidate | None:
        """"X said he was optimistic that a deal with Y …": an optimistic (013) or pessimistic (012)
        comment, aimed at the first other actor of the complement clause."""
        for comp in say.trigger.children:
            if comp.dep_ != "ccomp":
                continue
            words = {c.lower_ for c in comp.children if c.dep_ in ("acomp", "attr")}
            w, kc = self.words, self.codes.codes
            code = kc["optimistic"] if words & w.optimistic else kc["pessimistic"] if words & w.pessimistic else None
            if code is None:
                continue
            own = {a.mention.code for a in say.sources}
            found = next((idx.at(t) for t in comp.subtree if t.i > comp.i and idx.at(t) is not None
                          and idx.at(t).code not in own and idx.at(t).country), None)
            targets = [Arg(found, "mood-complement")] if found is not None else []
            return Candidate(say.trigger, code, f"statement + mood ({', '.join(sorted(words))}) -> {code}",
                             say.sources, targets, False, False, 0.7, ["comment mood read from its complement (0.7)"])
        return None

    def _demand_candidate(self, say: Candidate, idx: MentionIndex) -> Candidate | None:
        """ "X said Y must do Z" is X demanding Z of Y (CAMEO 10x); "X said Y would pay dearly" is a
        threat (130); "X said all sides should show restraint" an appeal with no target (020)."""
        kc, reframe = self.codes.codes, self.reframe
        threat = reframe.threat_complement(say.trigger, self.lexicon.threat_complements)
        if threat is not None:
            targets = [Arg(t.mention, "threatened-" + t.route) for t in verb_sources(threat, idx)[0]
                       if all(t.mention is not s.mention for s in say.sources)]
            if targets:
                code = kc["threat_statement"]
                return Candidate(say.trigger, code, f"statement + threat complement ({threat.text}) -> {code}",
                                 say.sources, targets, False, False, 0.7, ["threat read from a statement (0.7)"])
        comp = reframe.obligation_complement(say.trigger) if say.weak else None
        if comp is None:
            return None
        targets, _ = verb_sources(comp, idx)
        targets = [t for t in targets if all(t.mention is not s.mention for s in say.sources)]
        subjects = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not targets and subjects and all(c.lower_ in self.words.generic_agents and idx.at(c) is None
                                            for c in subjects):
            code = kc["appeal_to_all"]
            return Candidate(say.trigger, code, f"statement + obligation on no named actor ({comp.text}) -> {code}",
                             say.sources, [], False, False, 0.6, ["appeal read from a general obligation (0.6)"])
        if not targets:
            return None
        rule, _ = self.lexicon.match_verb(comp)
        embedded = rule.code if rule and rule.code != NONE_CODE else None
        code = reframe.demand_code(embedded)
        return Candidate(say.trigger, code, f"statement + obligation complement ({comp.text}) -> {code}",
                         say.sources, targets, False, False, 0.7, ["demand read from an obligation clause (0.7)"])

    def _noun_candidate(self, tok, rule: NounRule, idx: MentionIndex) -> Candidate | None:
        sources, targets, inherited = noun_args(tok, idx, rule, self.lexicon.light_verbs)
        setting = occasion_parties(tok, idx, rule, sources, targets, self.codes)  # "pressed X during talks"
        if setting:
            sources, targets, inherited = setting
        if not sources:
            return None
        targets = _distinct(targets, sources)
        if not targets and not (rule.mutual and len(sources) > 1):
            targets = domestic_target(rule.code, sources, self.codes)
        conf, notes = 0.75, ["nominal trigger (-0.15)"]
        if inherited:
            conf -= 0.15
            notes.append("source from the governing verb's subject (-0.15)")

        if not targets and not (rule.mutual and len(sources) > 1):
            conf -= 0.1
            notes.append("no target (-0.1)")
        return Candidate(tok, rule.code, rule.describe(), sources, targets, rule.mutual, False,
                         round(conf, 2), notes)

    def _clause_fallback(self, rule: VerbRule, sources: list[Arg]) -> bool:
        """Whether a verb event with no grammatical target may take the first actor of its clause: not for
        plain statements, displays of force with no aim ("tested a missile off X"), or a mutual act of
        several sources ("X and Y signed a statement")."""
        if not self.config.clause_fallback or rule.weak or self.codes.no_aim.covers(rule.code):
            return False
        return not (rule.mutual and len(sources) > 1)

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
        intended = rf.is_intention(trig)
        refused = rf.refusal_code(code, "negated" if rf.conditional_refusal(trig, modality_label, modality.cues)
                                  else modality_label)
        ultimatum = rf.conditional_threat_code(code, trig, "intended" if intended else modality_label)
        intent = rf.intent_code(code, "intended" if intended else modality_label)
        if intent and self.codes.threat.covers(intent) and (rf.decided(trig) or (
                modality_label == "future" and self.config.scheduled_acts and not intended
                and when.precision in ("day", "month") and when.text)):
            intent = None  # "will suspend imports from Sunday", "decided to withhold": the measure itself
        if ultimatum and not refused:
            notes.append(f"act conditioned on if/unless read as a threat: {code} -> {ultimatum}")
            code = ultimatum
        elif refused:
            notes.append(f"negated cooperation read as rejection: {code} -> {refused}")
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
            sentence=sent.text.rstrip(),
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
    """Verb events with no target that react to a bare event noun get that event's actor."""
    for cand in cands:
        if cand.targets or cand.trigger.pos_ not in ("VERB", "AUX"):
            memory.remember(cand.trigger, cand.obj, cand.sources)
            continue
        found = memory.target_for(cand.trigger, idx, cand.sources)
        if found:
            cand.targets = found
            cand.notes = [n for n in cand.notes if not n.startswith("no target")]
            cand.notes.append("target by reference to an earlier event (-0.1)")
        memory.remember(cand.trigger, cand.obj, cand.sources)  # later clauses may refer to it


def _distinct(targets: list[Arg], sources: list[Arg]) -> list[Arg]:
    """Targets that are not the source itself ("Peru upgraded its ties" has no target)."""
    return [t for t in targets
            if all(t.mention is not s.mention and t.mention.code != s.mention.code for s in sources)]


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


def _name_word(tok) -> bool:
    """"Sayed Abbas Araghchi": a capitalised word inside a sentence, right before a proper name, is
    part of the name (the tagger may read "Sayed" as a form of "say")."""
    if tok.pos_ != "VERB":  # every token comes here: the cheap test first
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (tok.text[:1].isupper() and not tok.is_sent_start and nxt is not None
            and nxt.pos_ == "PROPN" and nxt.text[:1].isupper())


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
