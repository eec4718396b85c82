"""CAMEO sub-codes for appeals, intentions, demands and rejections.

CAMEO's families 02 (appeal), 03 (intent), 10 (demand) and 12 (reject) share one list of contents:
"asked for military aid" is 0232, "promised to release prisoners" 0353, "demanded a meeting" 106,
"refused to lift the curfew" 1241. The coder finds the verb of the family with its lexicon; this module
reads *what* is asked for, promised, demanded or refused from the act the verb governs (an infinitive or
`that` complement, coded with the same lexicon) or from its object noun, and turns it into the sub-code.
The tables live in the language data's ``coder/subcodes.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass

from detente.langdata.source import LanguageDataError

COMPLEMENT_DEPS = ("xcomp", "ccomp")


@dataclass(frozen=True)
class SubcodeTables:
    act_slots: dict[str, str]
    families: dict[str, dict[str, str]]
    generic: dict[str, str]
    aid_kinds: dict[str, frozenset[str]]
    noun_slots: dict[str, str]
    carriers: dict[str, tuple[str, ...]]
    endings: frozenset[str]
    ended: dict[str, str]  # ended noun -> slot
    content_preps: tuple[str, ...] = ("for", "on", "to")

    def slot_of(self, code: str | None) -> str | None:
        """The content slot of an act code; the longest matching prefix wins."""
        if not code:
            return None
        for n in range(len(code), 1, -1):
            slot = self.act_slots.get(code[:n])
            if slot:
                return slot
        return None

    def code_for(self, family: str, slot: str | None) -> str | None:
        """The family's code for a content slot (falling back to the slot's general kind)."""
        table = self.families.get(family, {})
        if not slot:
            return None
        return table.get(slot) or table.get(slot.split("-")[0])


def build_subcodes(raw: dict) -> SubcodeTables:
    """The tables of ``coder/subcodes.yaml`` (already merged with a user's)."""
    try:
        return _tables(raw)
    except (KeyError, AttributeError, TypeError) as exc:
        raise LanguageDataError(f"coder/subcodes.yaml: missing or malformed entry {exc}") from None


def _tables(raw: dict) -> SubcodeTables:
    return SubcodeTables(
        act_slots={str(k): v for k, v in raw["act_slots"].items()},
        families={k: {s: str(c) for s, c in v.items()} for k, v in raw["families"].items()},
        generic={str(k): v for k, v in raw["generic"].items()},
        aid_kinds={k: frozenset(v) for k, v in raw["aid_kinds"].items()},
        noun_slots={str(k): v for k, v in raw["noun_slots"].items()},
        carriers={k: tuple(v) for k, v in raw["carriers"].items()},
        endings=frozenset(raw["endings"]),
        ended={w: slot for slot, words in raw["ended_slots"].items() for w in words},
        content_preps=tuple("on" if p is True else str(p) for p in raw.get("content_preps", ("for", "on", "to"))),
    )


def family_code(t: SubcodeTables, family: str, act_code: str | None) -> str | None:
    """The family's (02/03/10/12) code for an act code, or None when the act has no content slot."""
    return t.code_for(family, t.slot_of(act_code))


def _noun_slot(noun, lexicon, t: SubcodeTables) -> str | None:
    """The content a noun names: a listed noun, or a nominal event of our lexicon; aid made specific by
    its modifiers ("military aid" → aid-mil)."""
    lemma = noun.lemma_.lower()
    objs = [(p.lower_, g) for p in noun.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj"]
    if lemma in t.carriers:  # "a return to talks"
        slot = next((s for p, g in objs if p in t.carriers[lemma] for s in [_noun_slot(g, lexicon, t)] if s), None)
        if slot:
            return slot
    if lemma in t.endings:  # "an end to the embargo"
        slot = next((t.ended[g.lemma_.lower()] for p, g in objs if p in ("to", "of")
                     and g.lemma_.lower() in t.ended), None)
        if slot:
            return slot
    slot = t.noun_slots.get(lemma) or t.noun_slots.get(noun.lower_)
    if slot is None:
        rule = lexicon.match_noun(noun)
        slot = t.slot_of(rule.code) if rule else None
    if slot == "aid":
        mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod")}
        slot = next((k for k, words in t.aid_kinds.items() if mods & words), slot)
    return slot


def _verb_slot(verb, lexicon, t: SubcodeTables) -> str | None:
    rule, _ = lexicon.match_verb(verb)
    slot = t.slot_of(rule.code) if rule and rule.code != "none" else None
    if slot in (None, "aid", "material", "yield"):  # "provide information", "send food aid", "lift the ban"
        for child in verb.children:
            if child.dep_ in ("dobj", "attr") and child.pos_ in ("NOUN", "PROPN"):
                better = _noun_slot(child, lexicon, t)
                if better is None and child.lemma_.lower() in t.endings:  # "bring an end [to the embargo]"
                    better = next((t.ended[g.lemma_.lower()] for p in verb.children if p.dep_ == "prep"
                                   and p.lower_ == "to" for g in p.children
                                   if g.dep_ == "pobj" and g.lemma_.lower() in t.ended), None)
                if better and (slot is None or better.startswith(slot)):
                    return better
    return slot


def _content_slot(trigger, lexicon, t: SubcodeTables) -> str | None:
    """What the family verb asks for / promises / demands / refuses, read from the phrase it governs."""
    for child in trigger.children:
        if child.dep_ in COMPLEMENT_DEPS and child.pos_ in ("VERB", "AUX"):
            slot = _verb_slot(child, lexicon, t)
            if slot:
                return slot
    nouns = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    nouns += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in t.content_preps
              for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    for noun in nouns:
        slot = _noun_slot(noun, lexicon, t)
        if slot:
            return slot
        for arg in noun.children:  # "an offer to host a summit", "calls for reform"
            if arg.dep_ in ("acl", "relcl") and arg.pos_ == "VERB":
                slot = _verb_slot(arg, lexicon, t)
            elif arg.dep_ == "prep" and arg.lower_ in t.content_preps + ("of",):
                slot = next((s for g in arg.children if g.dep_ == "pobj" and g.pos_ == "NOUN"
                             for s in [_noun_slot(g, lexicon, t)] if s), None)
            else:
                slot = None
            if slot:
                return slot
    return None


def refine(code: str, trigger, lexicon, t: SubcodeTables) -> str | None:
    """A specific sub-code for a generic appeal/intent/demand/rejection trigger, or None."""
    family = t.generic.get(code)
    if family is None:
        return None
    better = t.code_for(family, _content_slot(trigger, lexicon, t))
    return better if better and better != code else None
