"""To whom: reading target actors off the dependency parse, most reliable grammatical position first.

``verb_targets`` tries the places in order (passive subject, object, the object's prepositions, the
rule's preposition and the usual target prepositions, the object's possessor or modifier, a
complement clause's subject, a place, an infinitive complement) and keeps the first that names an
actor other than the source.
"""

from __future__ import annotations

from collections.abc import Iterator

from detente.coding.arguments import SUBJ, np_actors, pobj_actors, verb_sources
from detente.coding.mentions import Arg, MentionIndex, countryless

__all__ = ["bare_targets", "conjunct_targets", "verb_targets"]


def verb_targets(verb, idx: MentionIndex, rule_prep: str | None, used_obj, depth: int = 0,
                 weak: bool = False, locative: bool = False, exclude: frozenset = frozenset(),
                 verbal: bool = False) -> list[Arg]:
    """Target actors: the first place in priority order that names an actor other than the source
    (``exclude`` holds the sources' codes, so "offered its help to X" reaches X past "its")."""
    for found in _target_candidates(verb, idx, rule_prep, used_obj, depth, weak, locative, exclude, verbal):
        kept = [a for a in found if a.mention.code not in exclude and not countryless(a.mention)]
        if kept:
            return kept
    return []


def conjunct_targets(verb, idx: MentionIndex, exclude: frozenset) -> list[Arg]:
    """"X refused to recognise Y's win and demanded a recount", "X told Y … and apologised": a verb
    coordinated with another, with no subject of its own, acts on that verb's target."""
    head = verb.head
    if verb.dep_ != "conj" or head.pos_ != "VERB" or any(c.dep_ in SUBJ for c in verb.children):
        return []
    return [Arg(a.mention, "conjunct-" + a.route) for a in verb_targets(head, idx, None, None, exclude=exclude)]


def bare_targets(verb, idx: MentionIndex, rule_prep: str | None, used_obj) -> list[Arg]:
    """Country-less actor words in the target's place ("detained *activists*", "shot two
    *insurgents*"): not targets by themselves, but the coder may give them the source's country."""
    for found in _target_candidates(verb, idx, rule_prep, used_obj, 0, True, False, frozenset()):
        bare = [a for a in found if countryless(a.mention)]
        if bare:
            return bare
        if found:
            return []
    return []



def _target_candidates(verb, idx: MentionIndex, rule_prep, used_obj, depth: int, weak: bool, locative: bool,
                       exclude: frozenset, verbal: bool = False) -> Iterator[list[Arg]]:
    """Candidate target lists, most reliable grammatical position first."""
    w = idx.words
    nps = w.np_preps + w.target_np_extra
    children = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) and not (
        verb.lemma_.lower() in w.stative_passives and not any(c.dep_ == "agent" for c in children))
    if passive:
        for c in children:
            if c.dep_ == "nsubjpass":
                yield np_actors(c, idx, "passive-subject")
    yield from _object_targets(verb, children, idx, used_obj, nps)
    if used_obj is not None:
        yield from _carried_targets(used_obj, idx, depth, exclude, verbal, nps)
    yield from _prep_targets(children, idx, rule_prep, used_obj is not None, locative, verbal, nps)
    yield from _object_part_targets(children, idx, passive)
    if weak:
        return
    for c in children:  # "demanded that the US cancel ...": the complement clause's subject
        if c.dep_ == "ccomp":
            for g in c.children:
                if g.dep_ in SUBJ or g.dep_ == "nsubjpass":
                    yield np_actors(g, idx, "complement-subject")
    if locative:
        yield from _place_targets(verb, idx, used_obj)
    if depth < 2:  # "agreed/offered to provide aid to X", "is willing to send … to help X"
        for c in children:
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" and (c.dep_ == "xcomp" or depth > 0):
                found = verb_targets(c, idx, None, None, depth=depth + 1, exclude=exclude)
                yield [Arg(a.mention, "complement-" + a.route) for a in found]


def _object_targets(verb, children, idx: MentionIndex, used_obj, nps) -> Iterator[list[Arg]]:
    """The direct object or dative (not the object the rule itself used); through a relative pronoun,
    the clause's head ("Xi, whom he hosted") or who did the thing ("a missile that Israel condemned")."""
    for c in children:
        if c.dep_ in ("dobj", "dative") and (used_obj is None or c.i != used_obj.i):
            if c.lower_ in idx.words.relative_pronouns and verb.dep_ == "relcl":
                yield np_actors(verb.head, idx, "relative-object", preps=nps)
                head = verb.head
                if idx.at(head) is None and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                    yield [Arg(a.mention, "relative-object-doer") for a in verb_sources(head.head, idx)[0]]
            else:
                yield np_actors(c, idx, "object", preps=nps)


def _carried_targets(used_obj, idx: MentionIndex, depth: int, exclude: frozenset, verbal: bool,
                     nps) -> Iterator[list[Arg]]:
    """"imposed sanctions on X", "coal imports from X": the object's prepositions; "accepted an
    invitation to visit X", "a plan to send aid to X": the object's infinitive."""
    w = idx.words
    obj_preps = [c for c in used_obj.children if c.dep_ == "prep"]
    # not "a missile over Japan" (a flight path), but "concern over X's test" (a topic)
    object_preps = tuple(p for p in w.target_preps if p not in w.object_target_non)
    for word in object_preps + (w.topic_preps if verbal else ()):
        for p in obj_preps:
            if p.lower_ == word:
                yield pobj_actors(p, idx, f"object-prep:{word}", nps)
    if depth < 2:
        for c in used_obj.children:
            if c.dep_ == "acl" and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children):
                found = verb_targets(c, idx, None, None, depth=depth + 1, exclude=exclude)
                yield [Arg(a.mention, "object-complement-" + a.route) for a in found]


def _prep_targets(children, idx: MentionIndex, rule_prep, has_obj: bool, locative: bool, verbal: bool,
                  nps) -> Iterator[list[Arg]]:
    """The verb's own prepositions: the rule's first, then the usual target prepositions."""
    w = idx.words
    preps = [c for c in children if c.dep_ in ("prep", "dative")]
    order = ([rule_prep] if rule_prep else []) + [p for p in w.target_preps if p not in w.locative_preps]
    if has_obj:
        order.append("from")  # "suspended coal imports from X"
    if locative:
        order.append("at")  # "fired at X"
    if verbal:  # "lashed out at X", "protested over X's test"
        order.extend(p for p in w.topic_preps if p not in order)
    for word in order:
        for p in preps:
            if p.lower_ == word:
                yield pobj_actors(p, idx, f"prep:{word}", nps)


def _object_part_targets(children, idx: MentionIndex, passive: bool) -> Iterator[list[Arg]]:
    """"condemned North Korea's test", "rejected calls by X", "the withdrawal of X": inside the object."""
    for c in children:
        if c.dep_ in ("dobj", "nsubjpass") and not (passive and c.dep_ == "dobj"):
            for g in c.children:
                if g.dep_ in ("poss", "compound", "amod", "nmod") and g.i < c.i and idx.at(g) is not None:
                    yield [Arg(idx.at(g), "object-modifier")]
            for word in idx.words.object_np_preps:
                for g in c.children:
                    if g.dep_ in ("prep", "agent") and g.lower_ == word:
                        yield pobj_actors(g, idx, f"object-prep:{word}")


def _place_targets(verb, idx: MentionIndex, used_obj) -> Iterator[list[Arg]]:
    """"imposed a curfew in X", "strengthened its forces in X": the place is the target."""
    for holder in [verb] + ([used_obj] if used_obj is not None else []):
        for p in holder.children:
            if p.dep_ == "prep" and p.lower_ in idx.words.place_in_preps:
                yield pobj_actors(p, idx, f"place:{p.lower_}")
    yield _nested_place(verb, idx)


def _nested_place(verb, idx: MentionIndex) -> list[Arg]:
    """"fired rockets into waters off X", "moved tanks toward its border with X": a place noun
    (``place_nouns``) reached by a place preposition names its country through ``place_of_preps``."""
    w = idx.words
    for p in verb.children:
        if p.dep_ != "prep" or p.lower_ not in w.place_in_preps + w.toward_preps:
            continue
        for noun in (c for c in p.children if c.dep_ == "pobj" and c.lemma_.lower() in w.place_nouns):
            for q in noun.children:
                if q.dep_ == "prep" and q.lower_ in w.place_of_preps:
                    found = pobj_actors(q, idx, f"place:{p.lower_}/{q.lower_}")
                    if found:
                        return found
    return []

