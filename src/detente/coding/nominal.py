"""Who did a nominal event and to whom: "Xi's visit to Pyongyang", "talks between X and Y", "the
test drew condemnation from X", "went on hunger strike".

The nominal counterpart of ``arguments.verb_sources``/``targets.verb_targets``: the noun's possessor or
modifier, its ``between``/``by``/``of`` phrases, or the subject of the verb that governs it.
"""

from __future__ import annotations

from detente.coding.arguments import (
    Arg,
    MentionIndex,
    agent_args,
    countryless,
    lemma_of,
    modifier_actor,
    np_actors,
    pobj_actors,
    unique,
    verb_sources,
)


def noun_args(noun, idx: MentionIndex, rule, light_verbs) -> tuple[list[Arg], list[Arg], bool]:
    """Sources and targets of a nominal event, and whether the source came from a governing verb."""
    w = idx.words
    holders = [noun] + [p for pr in noun.children if pr.dep_ == "prep" and pr.lower_ in w.of_words
                        for p in pr.children if p.dep_ == "pobj"]
    sources = _own_sources(noun, idx, rule)
    head = noun.head
    if not sources and noun.dep_ == "dobj" and lemma_of(head, idx) in w.reaction_verbs:
        for child in [*head.children, *noun.children]:  # "drawing condemnation from X", "prompting a protest from X"
            if child.dep_ == "prep" and child.lower_ in w.reaction_source_preps:
                sources.extend(pobj_actors(child, idx, f"verb-prep:{child.lower_}"))
    if noun.dep_ == "pobj" and head.lower_ in w.of_words and head.head.lower_ in w.quantity_heads:
        noun = head.head  # "held two days of talks", "began a round of negotiations": the phrase's verb
        head = noun.head
    sources, inherited = _governing_sources(noun, head, idx, light_verbs, sources)
    governed = head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass")
    if governed and lemma_of(head, idx) in light_verbs:
        holders.append(head)  # "approved its sanctions against X": the light verb carries the target too
    targets = [t for holder in holders for child in holder.children
               if child.dep_ == "prep" and child.lower_ in rule.target_preps
               for t in pobj_actors(child, idx, f"prep:{child.lower_}")]
    if not targets and governed and lemma_of(head, idx) in light_verbs:  # "handed X a request", "paid X a visit"
        targets = [Arg(a.mention, "light-verb-" + a.route) for c in head.children
                   if c.dep_ in ("dative", "dobj") and c.i != noun.i and c.pos_ in ("NOUN", "PROPN")
                   for a in np_actors(c, idx, "object")]
    if not targets and noun.dep_ == "dobj" and lemma_of(head, idx) in w.reaction_verbs:
        # "the test drew condemnation from X", "…, drawing criticism from X": aimed at who drew it
        targets = [Arg(a.mention, "drawn-by-" + a.route) for a in verb_sources(head, idx)[0]]
    if rule.modifier_target and not targets:
        turned = _modifier_as_target(noun, head, idx, sources, governed)
        if turned is None:
            return [], [], False  # existing sanctions mentioned, not a new act
        sources, targets, inherited = turned[0], turned[1], inherited or turned[2]
    targets = [t for t in unique(targets) if all(t.mention is not s.mention for s in sources)
               and not countryless(t.mention)]
    return unique(sources), targets, inherited


def _own_sources(noun, idx: MentionIndex, rule) -> list[Arg]:
    """Sources named inside the noun phrase: possessor or actor modifier, ``between``, the rule's
    source prepositions (``by``, ``of``)."""
    w = idx.words
    sources = _modifier_sources(noun, idx)
    for child in _between_holders(noun, idx):  # a mediation *between* X and Y is aimed at them (target_preps)
        if child.dep_ == "prep" and child.lower_ in w.between and child.lower_ not in rule.target_preps:
            sources.extend(pobj_actors(child, idx, "between"))
    if not sources:
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in rule.source_preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        sources.extend(np_actors(pobj, idx, f"prep:{child.lower_}", depth=3))
                if sources:
                    break
    return sources or _doers(noun, idx)


def _doers(noun, idx: MentionIndex) -> list[Arg]:
    """Who did it, told around the noun: "protests *led by* X", "an attack *claimed by* X" (a participle's
    agent, ``doer_participles``), "X *claimed responsibility for* the bombing" (``responsibility_words``)."""
    w = idx.words
    for acl in noun.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and lemma_of(acl, idx) in w.doer_participles:
            return [Arg(a.mention, "agent-of-" + a.route) for a in agent_args(acl, idx)]
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ != "for":
        return []
    owner = prep.head  # "for" hangs on "responsibility" or on the verb that claims it
    if owner.lower_ not in w.responsibility_words:
        if not any(c.dep_ == "dobj" and c.lower_ in w.responsibility_words for c in owner.children):
            return []
    elif owner.dep_ == "dobj":
        owner = owner.head
    if owner.pos_ not in ("VERB", "AUX"):
        return []
    return [Arg(a.mention, "claimed-by-" + a.route) for a in verb_sources(owner, idx)[0]]


def _between_holders(noun, idx: MentionIndex) -> list:
    """Where a nominal event's ``between`` phrase may hang: on the noun, or — when the noun is the
    subject of a verb of happening — on that verb ("clashes *erupted* between X and Y", "fighting broke
    out between …", "talks took place between …"; ``occurrence_verbs`` in coder/words.yaml)."""
    verbs = [noun.head] if noun.dep_ == "nsubj" else []
    verbs += [c for c in noun.children if c.dep_ == "acl"]  # the parser's "skirmishes [that] flared between …"
    happening = [v for v in verbs if v.pos_ == "VERB" and lemma_of(v, idx) in idx.words.occurrence_verbs]
    return [*noun.children, *(c for v in happening for c in v.children)]


def _modifier_sources(noun, idx: MentionIndex) -> list[Arg]:
    """"Xi's visit", "US-China talks", "Polish and Czech talks": actors before the noun."""
    sources: list[Arg] = []
    for child in noun.children:
        if child.i < noun.i and child.dep_ in ("poss", "compound", "amod", "nmod"):
            m = modifier_actor(child, idx)
            if m is not None and all(m is not s.mention for s in sources):
                sources.append(Arg(m, "possessor" if child.dep_ == "poss" else "modifier"))
                for c in child.conjuncts:
                    if idx.at(c) is not None:
                        sources.append(Arg(idx.at(c), "modifier/conj"))
    return sources


def _governing_sources(noun, head, idx: MentionIndex, light_verbs, sources: list[Arg]) -> tuple[list[Arg], bool]:
    """Sources from the verb that governs the noun ("Xi paid a visit", "went on hunger strike"), and
    whether they came from there."""
    w = idx.words
    inherited = False
    verb_head = head.pos_ in ("VERB", "AUX")
    light = verb_head and lemma_of(head, idx) in light_verbs
    plural_own = len(sources) == 1 and sources[0].route == "possessor" and any(
        c.dep_ == "poss" and c.lower_ in w.their for c in noun.children)
    if plural_own and light and noun.dep_ == "dobj" and len(verb_sources(head, idx)[0]) > 1:
        sources = []  # "X and Y forces began their exercise": both
    if not sources and noun.dep_ == "pobj" and head.lower_ in w.nominal_carrier_preps \
            and head.head.pos_ in ("VERB", "AUX"):  # "went on hunger strike", "walked out in a general strike"
        sources = [Arg(a.mention, "verb-prep-" + a.route) for a in verb_sources(head.head, idx)[0]]
        inherited = bool(sources)
    if not sources and light and noun.dep_ in ("dobj", "nsubjpass"):  # "Xi paid a visit", "X renewed negotiations"
        from_verb, _ = verb_sources(head, idx) if noun.dep_ == "dobj" else (agent_args(head, idx), False)
        sources = [Arg(a.mention, "light-verb-" + a.route) for a in from_verb]
        inherited = True
    return sources, inherited


def _modifier_as_target(noun, head, idx: MentionIndex, sources: list[Arg],
                        governed: bool) -> tuple[list[Arg], list[Arg], bool] | None:
    """"North Korea sanctions" are sanctions on North Korea, the source coming from a verb: the
    (sources, targets, inherited) that gives; None for the acting side's own ("Biden cited U.S.
    tariffs": existing sanctions mentioned, not a new act)."""
    mods = [s for s in sources if s.route in ("modifier", "modifier/conj")]
    if not mods:
        return sources, [], False
    doers = (verb_sources(head, idx)[0] if noun.dep_ == "dobj" else agent_args(head, idx)) if governed else []
    if governed and any(m.mention.country in {a.mention.country for a in doers} for m in mods):
        return None
    sources = [s for s in sources if s not in mods]
    inherited = False
    if not sources and governed:
        sources, inherited = doers, True
    return sources, [Arg(a.mention, "modifier-as-target") for a in mods], inherited


def answering_actor(noun, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """An accusation, appeal, demand or threat with no target named is aimed at whoever answers it,
    the subject of the verb that governs it: "Moscow denied NATO accusations", "the junta rebuffed
    U.N. appeals", "declined to comment on Syrian charges", "rejected by Seoul"."""
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    elif noun.dep_ not in ("dobj", "nsubjpass"):
        return []
    if verb.pos_ != "VERB":
        return []
    own = {s.mention.country for s in sources}
    answerers = agent_args(verb, idx) if noun.dep_ == "nsubjpass" else verb_sources(verb, idx)[0]
    return [Arg(a.mention, "answered-by-" + a.route) for a in answerers
            if a.mention.country and a.mention.country not in own]
