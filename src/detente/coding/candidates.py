"""Triggers and their arguments: every verb and noun the lexicon knows, with its sources and
targets, as ``Candidate`` records that ``EventCoder`` turns into events.

Besides the lexicon's verb and noun rules, a plain statement may carry a mood ("said he was
optimistic …" → 013), a demand or threat ("said Y must …", "said Y would pay dearly") or an appeal to
all sides; force whose doer is not named is kept with no source (``agentless``).
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.coding.arguments import Arg, MentionIndex, verb_sources
from detente.coding.config import CoderConfig
from detente.coding.context import domestic_target, state_on_bare
from detente.coding.fallbacks import clause_first_actor, condition_subjects
from detente.coding.nominal import answering_actor, noun_args
from detente.coding.occasions import occasion_parties, visiting_parties
from detente.coding.patterns import NONE_CODE, Lexicon, NounRule, VerbRule
from detente.coding.reframe import Reframer
from detente.coding.targets import bare_targets, conjunct_targets, verb_targets
from detente.coding.unnamed import agentless_passive, arresting_state, crowd_sources, placed_protest
from detente.coding.verdicts import ultimatum_clause, verdict_clause, verdict_targets
from detente.langdata import LanguageData
from detente.nlp.table import token_table
from detente.nlp.tokens import doc_tokens

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



class CandidateFinder:
    """Finds the candidates of a sentence with one language data, lexicon and configuration."""

    def __init__(self, lang: LanguageData, lexicon: Lexicon, config: CoderConfig, reframe: Reframer) -> None:
        self.lang, self.lexicon, self.config, self.reframe = lang, lexicon, config, reframe
        self.words, self.codes = lang.words, lang.codes

    def candidates(self, sent, idx: MentionIndex) -> list[Candidate]:
        """Every trigger in the sentence with its arguments (those with no source are dropped)."""
        out: list[Candidate] = []
        consumed: set[int] = set()  # objects a verb rule used ("conducted a *test*"): no nominal event
        toks, table = doc_tokens(sent.doc), token_table(sent.doc)
        pos, dep = table.pos, table.dep
        span = range(sent.start, sent.end)
        for i in span:  # every trigger and what the rules walk from it are ``Tok`` objects (nlp/tokens.py)
            if pos[i] in TRIGGER_POS_VERB or (pos[i] == "AUX" and dep[i] == "ROOT"):
                tok = toks[i]
                if not _name_word(tok):
                    out += self._verb_events(tok, idx, consumed)
        for i in span:
            if pos[i] in TRIGGER_POS_NOUN and i not in consumed and idx.by_token[i] is None:
                tok = toks[i]
                nrule = self.lexicon.match_noun(tok)
                if nrule is not None:
                    cand = self._noun_candidate(tok, nrule, idx)
                    if cand:
                        out.append(cand)
        visit = self.codes.codes["visit"]  # "told the visiting X": X's visit to the speaker's country
        out += [Candidate(tok, visit, f"visiting -> {visit}", [guest], hosts, False, False, 0.7,
                          ["visit read from 'visiting' (0.7)"]) for tok, guest, hosts in visiting_parties(sent, idx)]
        return out

    def _verb_events(self, tok, idx: MentionIndex, consumed: set[int]) -> list[Candidate]:
        """The verb's candidate (the first rule that yields one), and what a statement also says."""
        cand, used = self._first_verb_rule(tok, idx)
        if used is not None:
            consumed.add(used.i)
        if cand and cand.weak:
            cand = self._mood_candidate(cand, idx) or cand
        if not cand:
            return []
        extra = self._verdict_candidates(cand, idx)  # "said the raid was a massacre", "… or face sanctions"
        if not (cand.weak or self.codes.statements.covers(cand.code)):
            return [cand, *extra]
        demand = self._demand_candidate(cand, idx)  # statements, vows, warnings
        threat = self.codes.codes["threat_statement"]
        if demand and demand.code == threat and not self.codes.threat.covers(cand.code):
            return [demand, *extra]  # "vowed that X would pay dearly" is the threat, not a pledge
        return [cand, demand, *extra] if demand else [cand, *extra]

    def _verdict_candidates(self, cand: Candidate, idx: MentionIndex) -> list[Candidate]:
        """A statement calling something a crime or a provocation is criticism (111); a demand whose act
        carries "or face <penalty>" is also a threat (13x, by the penalty's own root)."""
        kc, out = self.codes.codes, []
        if cand.weak:
            clause = verdict_clause(cand.trigger, self.lexicon.verdict_words)
            if clause is not None:
                code = kc["verdict"]
                out.append(Candidate(cand.trigger, code, f"statement + verdict ({clause.text}) -> {code}", cand.sources,
                                     verdict_targets(clause, idx, cand.sources), False, False, 0.7,
                                     ["criticism read from a statement's verdict (0.7)"]))
        elif self.codes.requests.covers(cand.code) and not self.codes.threat.covers(cand.code):
            found = ultimatum_clause(cand.trigger, self.lexicon.threat_complements.get("face", frozenset()))
            if found is not None:
                comp, penalty = found
                targets = cand.targets or _distinct(verb_sources(comp, idx)[0], cand.sources)
                code = self._penalty_threat(comp, penalty)
                out.append(Candidate(cand.trigger, code, f"demand + or face ({' '.join(penalty)}) -> {code}",
                                     cand.sources, targets, False, False, 0.7, ["threat read from 'or face' (0.7)"]))
        return out

    def _penalty_threat(self, comp, penalty: list[str]) -> str:
        """The threat of the penalty faced: sanctions → 131, force → 138, else a plain threat (130)."""
        for conj in comp.conjuncts:
            for tok in (w for c in conj.children if c.dep_ == "dobj" for w in c.subtree):
                rule = self.lexicon.match_noun(tok) if tok.pos_ == "NOUN" else None
                if rule is not None and rule.code[:2] in self.codes.threaten:
                    return self.codes.threaten[rule.code[:2]]
        return self.codes.codes["threat_statement"]

    def _first_verb_rule(self, tok, idx: MentionIndex) -> tuple[Candidate | None, object]:
        """A rule that needs an actor target and finds none gives way to the next; the candidate and
        the object token the last rule tried used."""
        skip: set[VerbRule] = set()
        while True:
            rule, used = self.lexicon.match_verb(tok, skip)
            if rule is None or rule.code == NONE_CODE:
                return None, used
            cand = self._verb_candidate(tok, rule, used, idx)
            if cand is not None or not rule.needs_target:
                return cand, used
            skip.add(rule)

    def _verb_candidate(self, tok, rule: VerbRule, used, idx: MentionIndex) -> Candidate | None:
        sources, inherited = verb_sources(tok, idx)
        if self.codes.protest.covers(rule.code):  # "thousands rallied in Minsk": a crowd of the place
            sources = crowd_sources(tok, idx, sources) or sources
        if not sources and self.codes.arrests.covers(rule.code) and agentless_passive(tok):
            return self._state_arrest(tok, rule, idx)
        if not sources:
            return self._agentless(tok, rule, idx) if rule.agentless or self._no_doer(tok, rule) else None
        targets = self._verb_targets(tok, rule, used, idx, sources)
        if targets is None:
            return None
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
        code, pattern = self._verb_code(tok, rule, used)
        return Candidate(tok, code, pattern, sources, targets, rule.mutual, rule.weak,
                         round(conf, 2), notes, used)

    def _verb_targets(self, tok, rule: VerbRule, used, idx: MentionIndex, sources: list[Arg]) -> list[Arg] | None:
        """The verb's targets, by grammar first, then by the fallbacks; None when the rule needs an
        actor target and there is none (the next rule is tried)."""
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
        if not targets and k.conjunct_target.covers(rule.code):
            targets = _distinct(conjunct_targets(tok, idx, exclude), sources)
        if rule.needs_target and not targets:
            return None
        if not targets:
            targets = domestic_target(rule.code, sources, k)
        if not targets:
            targets = state_on_bare(tok, idx, sources, bare_targets(tok, idx, rule.prep or rule.prt, used), k)
        return targets

    def _verb_code(self, tok, rule: VerbRule, used) -> tuple[str, str]:
        """The rule's code and pattern, refined: agreeing on a view is accord; a light verb's event
        object may be more specific ("launched air strikes" → 195)."""
        k = self.codes
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
        return code, pattern

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

    def _state_arrest(self, tok, rule: VerbRule, idx: MentionIndex) -> Candidate | None:
        """"A journalist was arrested in Turkey": the state of the place arrested him (else his own);
        "three men were detained in Egypt": at home."""
        targets = [t for t in verb_targets(tok, idx, rule.prep, None) if t.mention.country]
        sources = arresting_state(tok, idx, targets)
        if not sources:
            return None
        if not targets:
            targets = domestic_target(self.codes.codes["repression"], sources, self.codes)
        return Candidate(tok, rule.code, rule.describe() + "; arrested by the state", sources, targets, False,
                         False, 0.5, ["no agent named: the state of the place (0.5)"])

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
        comp = reframe.obligation_complement(say.trigger) if say.weak or self.codes.threat.covers(say.code) else None
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
        if not sources and self.codes.protest.covers(rule.code):  # "protests erupted across Iran"
            sources = placed_protest(tok, idx)
        if not sources:
            return None
        targets = _distinct(targets, sources)
        if not targets and self.codes.answered.covers(rule.code):  # "Moscow denied NATO accusations"
            targets = answering_actor(tok, idx, sources)
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


def _distinct(targets: list[Arg], sources: list[Arg]) -> list[Arg]:
    """Targets that are not the source itself ("Peru upgraded its ties" has no target)."""
    return [t for t in targets
            if all(t.mention is not s.mention and t.mention.code != s.mention.code for s in sources)]



def _name_word(tok) -> bool:
    """"Sayed Abbas Araghchi": a capitalised word inside a sentence, right before a proper name, is
    part of the name (the tagger may read "Sayed" as a form of "say")."""
    if tok.pos_ != "VERB":  # every token comes here: the cheap test first
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    return (tok.text[:1].isupper() and not tok.is_sent_start and nxt is not None
            and nxt.pos_ == "PROPN" and nxt.text[:1].isupper())


