"""The event coder: parsed sentences + actor mentions + the pattern lexicon → CAMEO events.

One spaCy pass per document (batched), one actor-resolution pass per document, then cheap
per-token lexicon look-ups. Confidence (documented in docs/coder.md) starts at 0.9 for a
verb pattern with an explicit subject and drops for inherited subjects (-0.15), nominal
triggers (-0.15), PETRARCH-derived rules (-0.1), a missing target (-0.1) and weak
statement verbs (capped at 0.5).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from detente.actors import ActorResolver
from detente.coding.antecedents import EventMemory
from detente.coding.arguments import Arg, MentionIndex, bare_targets, verb_sources, verb_targets
from detente.coding.base import CodedDocument
from detente.coding.context import (
    SOLE_OTHER,
    SOLE_OTHER_ROOTS,
    bare_on_state,
    domestic_target,
    sole_other_actor,
    state_on_bare,
    taking_a_place,
    violence_by_victim,
)
from detente.coding.fallbacks import clause_first_actor, condition_subjects
from detente.coding.modality import modality_of
from detente.coding.nominal import noun_args
from detente.coding.patterns import NONE_CODE, Lexicon, NounRule, VerbRule, load_lexicon
from detente.coding.reframe import (
    GENERIC_AGENTS,
    conditional_refusal,
    conditional_threat_code,
    demand_code,
    force_code,
    intent_code,
    is_intention,
    obligation_complement,
    refusal_code,
    threat_complement,
)
from detente.coding.subcodes import refine
from detente.ontology import lookup, normalize_code
from detente.records import Document, Event, Sentence
from detente.time import resolve_event_time

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


class EventCoder:
    """``Coder`` implementation: ``code_documents`` yields (document, sentences, events)."""

    def __init__(self, lexicon: Lexicon | None = None, resolver=None, batch_size: int = 16) -> None:
        self.lexicon = lexicon or load_lexicon()
        self._resolver = resolver
        self.batch_size = batch_size

    @property
    def resolver(self):
        if self._resolver is None:
            self._resolver = ActorResolver()
        return self._resolver

    # -- public -------------------------------------------------------------------------------
    def code_documents(self, docs: Iterable[Document], n_process: int = 1) -> Iterator[CodedDocument]:
        from detente.nlp import parse

        docs = list(docs)
        parsed_docs = parse((d.text for d in docs), batch_size=self.batch_size, n_process=n_process)
        for doc, parsed in zip(docs, parsed_docs):
            yield self.code_parsed(doc, parsed)

    def code_parsed(self, doc: Document, parsed) -> CodedDocument:
        """Code an already parsed spaCy Doc (used by the benchmark to share the parse)."""
        mentions = self.resolver.resolve(parsed, doc.date)
        idx = MentionIndex(parsed, mentions)
        memory = EventMemory(self.lexicon.antecedents)
        sentences: list[Sentence] = []
        events: list[Event] = []
        for i, sent in enumerate(parsed.sents):
            text = sent.text.rstrip()  # spaCy keeps paragraph breaks in the sentence: not part of it
            sentences.append(Sentence(doc_id=doc.id, index=i, text=text,
                                      start=sent.start_char, end=sent.start_char + len(text)))
            events.extend(self.code_sentence(doc, i, sent, idx, memory))
        return doc, sentences, events

    # -- per sentence -----------------------------------------------------------------------
    def code_sentence(self, doc: Document, index: int, sent, idx: MentionIndex,
                      memory: EventMemory | None = None) -> list[Event]:
        cands = self.candidates(sent, idx)
        if memory is not None:  # in text order, so "X struck Y, and Z condemned the attack" reaches X
            _refer_back(sorted(cands, key=lambda c: c.trigger.i), idx, memory)
        if SOLE_OTHER:
            for cand in cands:
                if not cand.targets and not cand.weak and cand.code.startswith(SOLE_OTHER_ROOTS):
                    cand.targets = sole_other_actor(cand.trigger, idx, cand.sources)
                    if cand.targets:
                        cand.notes = [n for n in cand.notes if not n.startswith("no target")]
                        cand.notes.append("target: the only other country the sentence names (-0.1)")
        if any(not c.weak for c in cands):
            cands = [c for c in cands if not c.weak]
        for cand in cands:
            cand.sources = bare_on_state(cand.sources, cand.targets)
            better = violence_by_victim(cand) or taking_a_place(cand)
            if better:
                cand.pattern += f"; {better[1]} -> {better[0]}"
                cand.code = better[0]
            if JOINT_DRILLS and cand.code == "150" and cand.mutual and (len(cand.sources) > 1 or cand.targets):
                cand.code = "062"  # joint exercises of several forces: military cooperation (CAMEO 062)
                cand.pattern += "; joint exercise -> 062"
        if SUBCODES:
            for cand in cands:
                better = refine(cand.code, cand.trigger, self.lexicon)
                if better:
                    cand.pattern += f"; content -> {better}"
                    cand.code = better
        events: list[Event] = []
        seen: set[tuple] = set()
        for cand in cands:
            for src, tgt in _pairs(cand):
                key = (cand.trigger.i, src.mention.code, tgt.mention.code if tgt else None, cand.code)
                if key in seen:
                    continue
                seen.add(key)
                events.append(self._event(doc, index, len(events), sent, cand, src, tgt))
        return events

    def candidates(self, sent, idx: MentionIndex) -> list[Candidate]:
        """Every trigger in the sentence with its arguments (those with no source are dropped)."""
        out: list[Candidate] = []
        consumed: set[int] = set()
        lex = self.lexicon
        for tok in sent:
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
                    if cand.weak or cand.code[:2] in ("01", "03", "13"):  # statements, vows, warnings
                        demand = self._demand_candidate(cand, idx)
                        if demand and demand.code == "130" and cand.code[:2] in ("01", "03"):
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
        return out

    def _verb_candidate(self, tok, rule: VerbRule, used, idx: MentionIndex) -> Candidate | None:
        sources, inherited = verb_sources(tok, idx)
        if not sources:
            return None
        exclude = frozenset(s.mention.code for s in sources)
        targets = _distinct(verb_targets(tok, idx, rule.prep or rule.prt, used, weak=rule.weak,
                                          locative=_locative(rule.code), exclude=exclude,
                                          verbal=rule.code.startswith(VERBAL_CODES)), sources)
        if rule.code.startswith(THREAT_ROOT):  # "threatened to X unless Y …": aimed at Y
            targets = condition_subjects(tok, idx, sources) or targets
            for comp in (c for c in tok.children if c.dep_ == "ccomp" and not targets):
                # "warned that his group would strike X's airport": aimed at X
                targets = _distinct(verb_targets(comp, idx, None, None, exclude=exclude), sources)
        if not targets and _clause_fallback(rule, sources):
            targets = clause_first_actor(tok, idx, sources)
        if rule.needs_target and not targets:
            return None
        if not targets:
            targets = domestic_target(rule.code, sources)
        if not targets:
            targets = state_on_bare(tok, idx, sources, bare_targets(tok, idx, rule.prep or rule.prt, used))
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
        views = [c for c in tok.children if c.dep_ == "ccomp"
                 and not any(a.dep_ == "aux" and a.lower_ in MODAL_WORDS for a in c.children)]
        if code.startswith("03") and tok.lemma_.lower() == "agree" and views \
                and not any(c.dep_ == "xcomp" for c in tok.children):
            code, pattern = "019", pattern + "; agreed that … -> 019"  # agreeing on a view: express accord
        noun = self.lexicon.match_noun(used) if used is not None else None
        if noun is not None and noun.code[:2] == code[:2] and len(noun.code) >= len(code) and noun.code != code:
            code, pattern = noun.code, f"{pattern}; object {noun.describe()}"  # "launched air strikes" -> 195
        return Candidate(tok, code, pattern, sources, targets, rule.mutual, rule.weak,
                         round(conf, 2), notes, used)

    def _mood_candidate(self, say: Candidate, idx: MentionIndex) -> Candidate | None:
        """"X said he was optimistic that a deal with Y …": an optimistic (013) or pessimistic (012)
        comment, aimed at the first other actor of the complement clause."""
        for comp in say.trigger.children:
            if comp.dep_ != "ccomp":
                continue
            words = {c.lower_ for c in comp.children if c.dep_ in ("acomp", "attr")}
            code = "013" if words & OPTIMISTIC else "012" if words & PESSIMISTIC else None
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
        threat = threat_complement(say.trigger, self.lexicon.threat_complements)
        if threat is not None:
            targets = [Arg(t.mention, "threatened-" + t.route) for t in verb_sources(threat, idx)[0]
                       if all(t.mention is not s.mention for s in say.sources)]
            if targets:
                return Candidate(say.trigger, "130", f"statement + threat complement ({threat.text}) -> 130",
                                 say.sources, targets, False, False, 0.7, ["threat read from a statement (0.7)"])
        comp = obligation_complement(say.trigger) if say.weak else None
        if comp is None:
            return None
        targets, _ = verb_sources(comp, idx)
        targets = [t for t in targets if all(t.mention is not s.mention for s in say.sources)]
        subjects = [c for c in comp.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not targets and subjects and all(c.lower_ in GENERIC_AGENTS and idx.at(c) is None for c in subjects):
            return Candidate(say.trigger, "020", f"statement + obligation on no named actor ({comp.text}) -> 020",
                             say.sources, [], False, False, 0.6, ["appeal read from a general obligation (0.6)"])
        if not targets:
            return None
        rule, _ = self.lexicon.match_verb(comp)
        embedded = rule.code if rule and rule.code != NONE_CODE else None
        code = demand_code(embedded)
        return Candidate(say.trigger, code, f"statement + obligation complement ({comp.text}) -> {code}",
                         say.sources, targets, False, False, 0.7, ["demand read from an obligation clause (0.7)"])

    def _noun_candidate(self, tok, rule: NounRule, idx: MentionIndex) -> Candidate | None:
        sources, targets, inherited = noun_args(tok, idx, rule, self.lexicon.light_verbs)
        if not sources:
            return None
        targets = _distinct(targets, sources)
        if not targets and not (rule.mutual and len(sources) > 1):
            targets = domestic_target(rule.code, sources)
        conf, notes = 0.75, ["nominal trigger (-0.15)"]
        if inherited:
            conf -= 0.15
            notes.append("source from the governing verb's subject (-0.15)")

        if not targets and not (rule.mutual and len(sources) > 1):
            conf -= 0.1
            notes.append("no target (-0.1)")
        return Candidate(tok, rule.code, rule.describe(), sources, targets, rule.mutual, False,
                         round(conf, 2), notes)

    # -- building the record ------------------------------------------------------------------
    def _event(self, doc: Document, index: int, k: int, sent, cand: Candidate, src: Arg,
               tgt: Arg | None) -> Event:
        code = normalize_code(cand.code) or cand.code
        entry = lookup(code)
        trig = cand.trigger
        modality = modality_of(trig)
        when = resolve_event_time(sent, trig, doc.date)
        modality_label = modality.label
        notes: list[str] = []
        forced = force_code(code, src.mention.sector)
        if forced:
            notes.append(f"violence by military forces: {code} -> {forced}")
            code = forced
        refused = refusal_code(code, "negated" if conditional_refusal(trig, modality_label, modality.cues)
                               else modality_label)
        ultimatum = conditional_threat_code(code, trig, "intended" if is_intention(trig) else modality_label)
        intent = intent_code(code, "intended" if is_intention(trig) else modality_label)
        if (intent and intent.startswith("13") and modality_label == "future" and SCHEDULED_ACTS
                and not is_intention(trig) and when.precision in ("day", "month") and when.text):
            intent = None  # "will suspend imports from Sunday": a measure announced with its date is the act
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
            entry = lookup(code)
        offset = sent.start_char
        explanation = {
            "trigger": trig.text,
            "pattern": cand.pattern,
            "code_name": entry.name if entry else None,
            "source": _explain_arg(src),
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
            source=src.mention.to_actor(offset),
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


CLAUSE_FALLBACK = True
NO_AIM_ROOTS = ("15",)
# "China will suspend coal imports from Sunday": a coercive measure announced with its start date is coded
# as the act (16), not as a threat (13x); measured: korea-example +4 key events, PLOVER -1, CAMEO-manual =
SCHEDULED_ACTS = True
THREAT_ROOT = "13"  # PETRARCH's "first actor after the verb in its clause" when no grammatical target


def _clause_fallback(rule: VerbRule, sources: list[Arg]) -> bool:
    """Whether a verb event with no grammatical target may take the first actor of its clause: not for
    plain statements, displays of force with no aim ("tested a missile off X"), or a mutual act of
    several sources ("X and Y signed a statement")."""
    if not CLAUSE_FALLBACK or rule.weak or rule.code.startswith(NO_AIM_ROOTS):
        return False
    return not (rule.mutual and len(sources) > 1)


PARTNER_ROUTES = ("object", "prep:with", "object-prep:with", "between", "modifier-as-target")
VERBAL_CODES = ("01", "02", "10", "11", "12", "13", "14")  # acts aimed at or about someone: "angry at X"
LOCATIVE_CODES = ("15", "17", "18", "19", "20", "081", "191", "192")


def _locative(code: str) -> bool:
    """Force, restrictions and their easing are done *in* a place: there the place is the target."""
    return code.startswith(LOCATIVE_CODES)


MODAL_WORDS = frozenset({"should", "would", "will", "must", "shall", "could", "can", "may", "might", "'d", "'ll"})
OPTIMISTIC = frozenset({"optimistic", "hopeful", "confident", "upbeat", "positive"})
PESSIMISTIC = frozenset({"pessimistic", "gloomy", "skeptical", "sceptical", "doubtful", "concerned", "worried"})


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


def _pairs(cand: Candidate) -> list[tuple[Arg, Arg | None]]:
    """Source × target pairs; coordinated sources of a mutual event with no target pair up both ways."""
    if cand.targets:
        pairs = [(s, t) for s in cand.sources for t in cand.targets]
        if cand.mutual:  # meeting, negotiating, signing *with someone* is done by both sides
            pairs += [(t, s) for s in cand.sources for t in cand.targets if t.route.split("/")[0] in PARTNER_ROUTES]
        return pairs
    if cand.mutual and len(cand.sources) > 1:
        return [(s, t) for s in cand.sources for t in cand.sources if s is not t]
    return [(s, None) for s in cand.sources]


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
# appeals, intentions, demands and rejections take their CAMEO sub-code from what they ask for / promise /
# demand / refuse (coding/subcodes.py); the root never changes
SUBCODES = True
# "French and Egyptian warships launched war games", "X held drills with Y": joint exercises are military
# cooperation (062, the CAMEO manual's example), not a show of force against someone
JOINT_DRILLS = True
