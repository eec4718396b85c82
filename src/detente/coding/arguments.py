"""Who did it and to whom: reading source and target actors off the dependency parse.

Works on a spaCy token and a token → actor-mention index (``MentionIndex``); returns mentions
with a short note of the grammatical route taken (shown by ``detente explain``).
"""

from __future__ import annotations

from dataclasses import dataclass

SUBJ = ("nsubj", "csubj")
NP_PREPS = ("of", "in", "from", "throughout", "across")
NP_MODS = ("poss", "compound", "amod", "nmod", "det", "npadvmod", "appos")
TARGET_PREPS = ("to", "with", "on", "upon", "against", "at", "toward", "towards", "into", "over", "from", "for")
OBJECT_NP_PREPS = ("by", "of", "from", "to", "on", "against", "with", "between", "for")
STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "prepare", "concern", "worry", "dedicate",
                              "resolve", "disappoint", "alarm", "satisfy", "please", "interest"})
LOCATIVE_PREPS = ("in", "at", "from", "into", "over")  # a place, not a target, for most verbs


@dataclass
class Arg:
    mention: object  # ActorMention
    route: str  # "subject", "object", "prep:to", "possessor", ...


class MentionIndex:
    """Which actor mention (if any) covers each token of a parsed document."""

    def __init__(self, doc, mentions) -> None:
        self.by_token: list[object | None] = [None] * len(doc)
        for m in mentions:
            if m.code is None and m.country is None:
                continue
            for i in range(m.start, min(m.end, len(doc))):
                self.by_token[i] = m

    def at(self, tok):
        return self.by_token[tok.i]


def np_actors(tok, idx: MentionIndex, route: str, depth: int = 0, conj: bool = True) -> list[Arg]:
    """Actors naming the noun phrase headed by ``tok``: itself, a modifier, an ``of`` object, conjuncts."""
    found: list[Arg] = []
    m = idx.at(tok)
    if m is not None:
        found.append(Arg(m, route))
        for child in tok.children:  # "Polish and Czech officials": the other modifier
            if child.dep_ in ("amod", "compound", "nmod") and child.i < tok.i:
                for c in (child, *child.conjuncts):
                    other = idx.at(c)
                    if other is not None and other is not m:
                        found.append(Arg(other, route + "/modifier-conj"))
    else:
        for child in tok.children:
            if child.dep_ in NP_MODS and child.i < tok.i:
                inner = _modifier_actor(child, idx)
                if inner is not None:
                    found.append(Arg(inner, route + "/modifier"))
                    for c in child.conjuncts:  # "the Polish and Czech sides"
                        other = idx.at(c)
                        if other is not None and other is not inner:
                            found.append(Arg(other, route + "/modifier-conj"))
                    break
        if not found and depth < 3:  # "the leader of X", "thousands of students throughout X"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in NP_PREPS:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            found.extend(np_actors(pobj, idx, f"{route}/{prep.lower_}", depth + 1, conj=True))
    if conj:
        for c in tok.conjuncts:
            if c.i > tok.i:
                found.extend(np_actors(c, idx, route + "/conj", depth + 1, conj=False))
    return _unique(found)


def _modifier_actor(tok, idx: MentionIndex):
    m = idx.at(tok)
    if m is not None:
        return m
    for child in tok.children:
        if child.dep_ in NP_MODS and child.i < tok.i:
            m = idx.at(child)
            if m is not None:
                return m
    return None


def _unique(args: list[Arg]) -> list[Arg]:
    seen: set[int] = set()
    out = []
    for a in args:
        if id(a.mention) not in seen:
            seen.add(id(a.mention))
            out.append(a)
    return out


def _pobj_actors(prep, idx: MentionIndex, route: str) -> list[Arg]:
    out: list[Arg] = []
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            out.extend(np_actors(pobj, idx, route))
    return out


def verb_sources(verb, idx: MentionIndex) -> tuple[list[Arg], bool]:
    """Source actors of a verb trigger, and whether they were inherited from another clause."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    if passive and verb.lemma_.lower() in STATIVE_PASSIVES and not any(c.dep_ == "agent" for c in verb.children):
        for child in verb.children:  # "Seoul is opposed to ...": a state of the subject, not a passive
            if child.dep_ == "nsubjpass":
                found = np_actors(child, idx, "subject(stative)")
                if found:
                    return found, False
    for child in verb.children:
        if passive and child.dep_ == "agent":
            found = _pobj_actors(child, idx, "agent(by)")
            if found:
                return found, False
        if not passive and child.dep_ in SUBJ:
            found = np_actors(child, idx, "subject")
            if found:
                return found, False
            return [], False  # an explicit non-actor subject: do not borrow one from elsewhere
    return _inherited_sources(verb, idx), True


def _inherited_sources(verb, idx: MentionIndex, hops: int = 0) -> list[Arg]:
    """Subjects shared through control/raising, coordination, participles and relative clauses."""
    if hops > 3 or verb.dep_ == "ROOT":
        return []
    head = verb.head
    if verb.dep_ == "xcomp":
        for child in head.children:  # "X urged Y to ...": Y does the embedded action
            if child.dep_ in ("dobj", "dative"):
                objs = np_actors(child, idx, "object-controller")
                if objs:
                    return objs
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Moon's plan to travel to ...": the noun's possessor acts
        for child in head.children:
            if child.dep_ == "poss" and idx.at(child) is not None:
                return [Arg(idx.at(child), "possessor-of-head-noun")]
    if verb.dep_ == "acl" and head.dep_ in ("dobj", "pobj", "nsubj") and head.head.pos_ in ("VERB", "AUX"):
        return _inherited_sources(head, idx, hops + 1) or [  # "issued a statement demanding ..."
            a for c in head.head.children if c.dep_ in SUBJ for a in np_actors(c, idx, "subject-of-noun-head")]
    if verb.dep_ == "relcl":
        return np_actors(head, idx, "relative-head")
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        head = head.head  # "X won time by delaying the vote": X delayed
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod", "xcomp"):
        head = head.head  # "X is willing/ready/prepared to ...": the adjective's clause subject
    if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl") and head.pos_ in ("VERB", "AUX"):
        for child in head.children:
            if child.dep_ in SUBJ:
                return np_actors(child, idx, f"subject-of-{verb.dep_}-head")
            if child.dep_ == "agent":
                return _pobj_actors(child, idx, "agent-of-head")
        if verb.dep_ in ("xcomp", "conj", "advcl"):
            return _inherited_sources(head, idx, hops + 1)
    return []


def verb_targets(verb, idx: MentionIndex, rule_prep: str | None, used_obj, depth: int = 0,
                 weak: bool = False, locative: bool = False, exclude: frozenset = frozenset()) -> list[Arg]:
    """Target actors: the first place in priority order that names an actor other than the source
    (``exclude`` holds the sources' codes, so "offered its help to X" reaches X past "its")."""
    for found in _target_candidates(verb, idx, rule_prep, used_obj, depth, weak, locative, exclude):
        kept = [a for a in found if a.mention.code not in exclude]
        if kept:
            return kept
    return []


def _target_candidates(verb, idx, rule_prep, used_obj, depth, weak, locative, exclude):
    """Candidate target lists, most reliable grammatical position first."""
    children = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) and not (
        verb.lemma_.lower() in STATIVE_PASSIVES and not any(c.dep_ == "agent" for c in children))
    if passive:
        for c in children:
            if c.dep_ == "nsubjpass":
                yield np_actors(c, idx, "passive-subject")
    for c in children:
        if c.dep_ in ("dobj", "dative") and (used_obj is None or c.i != used_obj.i):
            yield np_actors(c, idx, "object")
    if used_obj is not None:  # "imposed sanctions on X", "coal imports from X": the object's prepositions
        obj_preps = [c for c in used_obj.children if c.dep_ == "prep"]
        for word in TARGET_PREPS:
            for p in obj_preps:
                if p.lower_ == word:
                    yield _pobj_actors(p, idx, f"object-prep:{word}")
    preps = [c for c in children if c.dep_ in ("prep", "dative")]
    order = ([rule_prep] if rule_prep else []) + [p for p in TARGET_PREPS if p not in LOCATIVE_PREPS]
    if used_obj is not None:
        order.append("from")  # "suspended coal imports from X"
    if locative:
        order.append("at")  # "fired at X"
    for word in order:
        for p in preps:
            if p.lower_ == word:
                yield _pobj_actors(p, idx, f"prep:{word}")
    for c in children:  # "condemned North Korea's test", "rejected calls by X", "the withdrawal of X"
        if c.dep_ in ("dobj", "nsubjpass") and not (passive and c.dep_ == "dobj"):
            for g in c.children:
                if g.dep_ in ("poss", "compound", "amod", "nmod") and g.i < c.i and idx.at(g) is not None:
                    yield [Arg(idx.at(g), "object-modifier")]
            for word in OBJECT_NP_PREPS:
                for g in c.children:
                    if g.dep_ in ("prep", "agent") and g.lower_ == word:
                        yield _pobj_actors(g, idx, f"object-prep:{word}")
    if weak:
        return
    for c in children:  # "demanded that the US cancel ...": the complement clause's subject
        if c.dep_ == "ccomp":
            for g in c.children:
                if g.dep_ in SUBJ:
                    yield np_actors(g, idx, "complement-subject")
    if locative:  # "imposed a curfew in X", "strengthened its forces in X": the place is the target
        for holder in [verb] + ([used_obj] if used_obj is not None else []):
            for p in holder.children:
                if p.dep_ == "prep" and p.lower_ in ("in", "into", "inside"):
                    yield _pobj_actors(p, idx, f"place:{p.lower_}")
    if depth < 2:  # "agreed/offered to provide aid to X", "is willing to send … to help X"
        for c in children:
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" and (c.dep_ == "xcomp" or depth > 0):
                found = verb_targets(c, idx, None, None, depth=depth + 1, exclude=exclude)
                yield [Arg(a.mention, "complement-" + a.route) for a in found]


def noun_args(noun, idx: MentionIndex, rule, light_verbs) -> tuple[list[Arg], list[Arg], bool]:
    """Sources and targets of a nominal event, and whether the source came from a governing verb."""
    sources: list[Arg] = []
    targets: list[Arg] = []
    holders = [noun] + [p for pr in noun.children if pr.dep_ == "prep" and pr.lower_ == "of"
                        for p in pr.children if p.dep_ == "pobj"]
    for child in noun.children:
        if child.i < noun.i and child.dep_ in ("poss", "compound", "amod", "nmod"):
            m = _modifier_actor(child, idx)
            if m is not None and all(m is not s.mention for s in sources):
                sources.append(Arg(m, "possessor" if child.dep_ == "poss" else "modifier"))
                for c in child.conjuncts:
                    if idx.at(c) is not None:
                        sources.append(Arg(idx.at(c), "modifier/conj"))
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            sources.extend(_pobj_actors(child, idx, "between"))
    if not sources:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in rule.source_preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sources.extend(np_actors(pobj, idx, f"prep:{child.lower_}", depth=3))
                if sources:
                    break
    inherited = False
    head = noun.head
    if (not sources and head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass")
            and head.lemma_.lower() in light_verbs):  # "Xi paid a visit", "X renewed negotiations"
        from_verb, _ = verb_sources(head, idx) if noun.dep_ == "dobj" else (_agent(head, idx), False)
        sources = [Arg(a.mention, "light-verb-" + a.route) for a in from_verb]
        inherited = True
        holders.append(head)
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in rule.target_preps:
                targets.extend(_pobj_actors(child, idx, f"prep:{child.lower_}"))
    if rule.modifier_target and not targets:
        mods = [s for s in sources if s.route in ("modifier", "modifier/conj")]
        if mods and head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass"):
            doers = verb_sources(head, idx)[0] if noun.dep_ == "dobj" else _agent(head, idx)
            own = {a.mention.country for a in doers}
            if any(m.mention.country in own for m in mods):  # "Biden cited U.S. tariffs": his own
                return [], [], False  # existing sanctions mentioned, not a new act
        if mods:  # "North Korea sanctions" are sanctions on North Korea; the source comes from a verb
            targets = [Arg(a.mention, "modifier-as-target") for a in mods]
            sources = [s for s in sources if s not in mods]
            if not sources and head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass"):
                sources = verb_sources(head, idx)[0] if noun.dep_ == "dobj" else _agent(head, idx)
                inherited = True
    targets = [t for t in _unique(targets) if all(t.mention is not s.mention for s in sources)]
    return _unique(sources), targets, inherited


def _agent(verb, idx: MentionIndex) -> list[Arg]:
    for c in verb.children:
        if c.dep_ == "agent":
            return _pobj_actors(c, idx, "agent(by)")
    return []
