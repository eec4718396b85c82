"""CAMEO conventions for events that did not (yet) happen.

CAMEO codes a stated intention as the intention itself: "X will send aid" is 033 (express
intent to provide aid), "X will attack" is 138 (threaten military force). And "X said Y must
do Z" is X demanding of Y (10x). The tables live in the language data (coder/codes.yaml, the
modal auxiliaries in coder/modality.yaml); ``Reframer`` applies them.
"""

from __future__ import annotations

from detente.coding.subcodes import family_code


class Reframer:
    """The 03x/10x/12x/13x code of an event by its modality, with one language data's tables."""

    def __init__(self, lang, future_as_intent: bool = True) -> None:
        self.k, self.w, self.cues, self.subcodes = lang.codes, lang.words, lang.modality, lang.subcodes
        # The CAMEO codebook (030): "cooperative actions reported in future tense are also taken to imply
        # intentions". Measured on the development sets, following it beats keeping the act's code
        # (CAMEO-manual root accuracy 0.617 vs 0.581, PLOVER recall 0.43 vs 0.40), although our own
        # dispatches list announced visits as 04 (korea-example recall 0.39 vs 0.41).
        self.intent_modalities = ("future", "intended") if future_as_intent else ("intended",)

    def refusal_code(self, code: str, modality: str) -> str | None:
        """A negated cooperative event ("did not agree", "failed to reach a deal") is a rejection."""
        if modality != "negated":
            return None
        refusal = self.k.refusal
        if code[:2] in self.k.slotted_roots:
            return family_code(self.subcodes, "reject", code) or refusal.get(code[:2])
        return refusal.get(code) or refusal.get(code[:2])

    def is_intention(self, trigger) -> bool:
        """"X agreed / offered / is ready / vowed to <action>": the trigger is the infinitive complement
        of a verb or adjective of intention, or the infinitive of a noun of intention ("announced moves to
        restore ties", "a plan to send troops")."""
        head = trigger.head.lemma_.lower()
        if trigger.dep_ == "xcomp":
            return head in self.w.intent_governors
        return (trigger.dep_ == "acl" and head in self.w.intent_nouns and trigger.head.pos_ == "NOUN"
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children))

    def decided(self, trigger) -> bool:
        """"decided to withhold the loan", "the decision to grant asylum", "voted to lift the embargo": an
        act decided is taken, neither threatened nor merely intended (it keeps its own code where intent
        would make it a 13x threat or a 03x intention)."""
        return trigger.dep_ in ("xcomp", "acl") and trigger.head.lemma_.lower() in self.w.decision_words

    def intent_code(self, code: str, modality: str) -> str | None:
        """The 03x/13x code for an intended event, or None when the event keeps its code."""
        if modality not in self.intent_modalities:
            return None
        k = self.k
        if code in k.specific_intent and code[:2] in k.intent:
            return k.specific_intent[code]
        if code[:2] in k.slotted_roots:
            return family_code(self.subcodes, "intent", code) or k.intent.get(code[:2])
        return k.intent.get(code[:2]) or k.threaten.get(code[:2])

    def demand_code(self, embedded_code: str | None) -> str:
        """The 10x code for "X said Y must <embedded>", by what is demanded (coder/subcodes.yaml)."""
        default = self.k.codes["demand"]
        if not embedded_code:
            return default
        return family_code(self.subcodes, "demand", embedded_code) or default

    def obligation_complement(self, verb):
        """The complement clause of a statement verb that carries an obligation modal, if any."""
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        clauses += [g for c in clauses for g in c.conjuncts]  # "said X would comply, and that Y should stop"
        for child in clauses:
            for aux in child.children:
                if aux.dep_ in ("aux", "auxpass") and aux.lower_ in self.cues["obligation"]:
                    return child
            if child.lemma_ in self.w.have_to and child.tag_ in ("VBZ", "VBP", "VB") and any(
                c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in child.children
            ):
                return next(c for c in child.children if c.dep_ == "xcomp")
        return None

    def force_code(self, code: str, source_sector: str | None) -> str | None:
        """CAMEO separates violence by military forces (19x) from other violence (18x); an
        assassination (186) stays one, whoever does it."""
        military = bool(source_sector) and "MIL" in source_sector
        if code in self.k.unconventional_codes and military:
            return self.k.codes["military_force"]
        return None

    def threat_complement(self, verb, table: dict[str, frozenset[str]]):
        """"X said Y would pay dearly / regret it / face consequences": the complement clause that makes
        a statement a threat against Y (CAMEO 130), or None."""
        future = self.cues["future_aux"]
        clauses = [c for c in verb.children if c.dep_ == "ccomp"]
        for child in clauses + [g for c in clauses for g in c.conjuncts]:
            if child.lemma_.lower() not in table:
                continue
            if not any(a.dep_ == "aux" and a.lower_ in future for a in child.children):
                continue
            words = table[child.lemma_.lower()]
            around = {w.lower_ for c in child.children if c.dep_ in ("dobj", "advmod", "prep", "npadvmod")
                      for w in c.subtree}
            if "*" in words or around & words:
                return child
        return None

    def has_condition(self, trigger) -> bool:
        """The trigger carries an if/unless clause of its own."""
        marks = self.w.condition_marks
        return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks for m in c.children)
                   for c in trigger.children)

    def conditional_offer(self, code: str, trigger, modality: str) -> bool:
        """"X would recognise Y if Z lifted sanctions": a cooperative act offered on a condition is an
        intention (03x), as CAMEO codes conditional offers; a coercive one is an ultimatum (below)."""
        return modality == "hypothetical" and code[:2] in self.k.slotted_roots and self.has_condition(trigger) \
            and not any(c.dep_ == "neg" for c in trigger.children)

    def conditional_threat_code(self, code: str, trigger, modality: str) -> str | None:
        """"X will withdraw its force / impose sanctions unless Y …": an act not yet done and made
        conditional on the other side's conduct is an ultimatum, the matching threat (13x)."""
        if modality not in self.k.unreal_modalities or not self.has_condition(trigger):
            return None
        table = self.k.conditional_threat
        return table.get(code) or table.get(code[:2])

    @staticmethod
    def conditional_refusal(trigger, modality: str, cues: list[str]) -> bool:
        """"X will not accept refugees if war starts": a negated act that is hypothetical only because
        of its if-clause is still a refusal."""
        return (modality == "hypothetical" and list(cues) == ["if-clause"]
                and any(c.dep_ == "neg" for c in trigger.children))
