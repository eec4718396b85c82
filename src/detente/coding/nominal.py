"""Who did a nominal event and to whom: "Xi's visit to Pyongyang", "talks between X and Y", "the
test drew condemnation from X", "went on hunger strike".

The nominal counterpart of ``arguments.verb_sources``/``verb_targets``: the noun's possessor or
modifier, its ``between``/``by``/``of`` phrases, or the subject of the verb that governs it.
"""

from __future__ import annotations

from detente.coding.arguments import (
    Arg,
    MentionIndex,
    _agent,
    _countryless,
    _lemma,
    _modifier_actor,
    _pobj_actors,
    _unique,
    np_actors,
    verb_sources,
)


def noun_args(noun, idx: MentionIndex, rule, light_verbs) -> tuple[list[Arg], list[Arg], bool]:
    """Sources and targets of a nominal event, and whether the source came from a governing verb."""
    w = idx.words
    sources: list[Arg] = []
    targets: list[Arg] = []
    holders = [noun] + [p for pr in noun.children if pr.dep_ == "prep" and pr.lower_ in w.of_words
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
        if child.dep_ == "prep" and child.lower_ in w.between:
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
    if not sources and noun.dep_ == "dobj" and _lemma(head, idx) in w.reaction_verbs:
        for child in head.children:  # "drawing condemnation from X" with "from X" hung on the verb
            if child.dep_ == "prep" and child.lower_ in w.reaction_source_preps:
                sources.extend(_pobj_actors(child, idx, f"verb-prep:{child.lower_}"))
    if noun.dep_ == "pobj" and head.lower_ in w.of_words and head.head.lower_ in w.quantity_heads:
        noun = head.head  # "held two days of talks", "began a round of negotiations": the phrase's verb
        head = noun.head
    plural_own = len(sources) == 1 and sources[0].route == "possessor" and any(
        c.dep_ == "poss" and c.lower_ in w.their for c in noun.children)
    if (plural_own and head.pos_ in ("VERB", "AUX") and noun.dep_ == "dobj" and _lemma(head, idx) in light_verbs
            and len(verb_sources(head, idx)[0]) > 1):  # "X and Y forces began their exercise": both
        sources = []
    if not sources and noun.dep_ == "pobj" and head.lower_ in w.nominal_carrier_preps \
            and head.head.pos_ in ("VERB", "AUX"):  # "went on hunger strike", "walked out in a general strike"
        sources = [Arg(a.mention, "verb-prep-" + a.route) for a in verb_sources(head.head, idx)[0]]
        inherited = bool(sources)
    if (not sources and head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass")
            and _lemma(head, idx) in light_verbs):  # "Xi paid a visit", "X renewed negotiations"
        from_verb, _ = verb_sources(head, idx) if noun.dep_ == "dobj" else (_agent(head, idx), False)
        sources = [Arg(a.mention, "light-verb-" + a.route) for a in from_verb]
        inherited = True
    if head.pos_ in ("VERB", "AUX") and noun.dep_ in ("dobj", "nsubjpass") and _lemma(head, idx) in light_verbs:
        holders.append(head)  # "approved its sanctions against X": the light verb carries the target too
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ in rule.target_preps:
                targets.extend(_pobj_actors(child, idx, f"prep:{child.lower_}"))
    if not targets and noun.dep_ == "dobj" and _lemma(head, idx) in w.reaction_verbs:
        # "the test drew condemnation from X", "…, drawing criticism from X": aimed at who drew it
        targets = [Arg(a.mention, "drawn-by-" + a.route) for a in verb_sources(head, idx)[0]]
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
    targets = [t for t in _unique(targets) if all(t.mention is not s.mention for s in sources)
               and not _countryless(t.mention)]
    return _unique(sources), targets, inherited
