"""Meetings and visits that news copy names only as the setting of another act.

"X pressed Y on rights *during talks* in Z", "X and Y signed a pact *after two days of talks*",
"X told the *visiting* Y …": the talks are held by X and Y (both ways), the visit is Y's to X's
country (and hosted by X, ``context.hosted_visits``). Word lists: ``occasion_preps`` and
``visiting_words`` in coder/words.yaml; the codes concerned: ``occasions`` in coder/codes.yaml.
"""

from __future__ import annotations

from detente.coding.arguments import Arg, MentionIndex, unique, verb_sources
from detente.coding.targets import verb_targets
from detente.nlp.tokens import sent_tokens


def occasion_verb(noun, w):
    """The verb whose setting ``noun`` names ("pressed X during talks", "signed after two days of talks")."""
    tok, head = noun, noun.head
    if tok.dep_ == "pobj" and head.lower_ in w.of_words and head.head.lower_ in w.quantity_heads:
        tok, head = head.head, head.head.head  # "after two days of talks": the phrase's preposition
    if tok.dep_ == "npadvmod" and head.pos_ in ("VERB", "AUX"):
        return head  # "X and Y declared a truce on Tuesday, their first meeting since …"
    if tok.dep_ != "pobj" or head.dep_ != "prep" or head.lower_ not in w.occasion_preps:
        return None
    verb, hops = head.head, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("dobj", "pobj", "xcomp", "prep") and hops < 3:
        verb, hops = verb.head, hops + 1  # the parser may hang "at a summit" on the verb's object
    return verb if verb.pos_ in ("VERB", "AUX") else None


def occasion_parties(noun, idx: MentionIndex, rule, sources: list[Arg], targets: list[Arg], k):
    """(sources, targets, inherited) of a meeting or visit that sets another act, or None.

    A visit with no visitor of its own takes the verb's subject ("announced during a visit to X");
    a meeting with no partner named is held by the verb's subject and its object or partner, when
    they are of two countries (mutual: every ordered pair)."""
    if not k.occasions.covers(rule.code) or (sources and targets) or len(sources) > 1:
        return None
    verb = occasion_verb(noun, idx.words)
    doers = verb_sources(verb, idx)[0] if verb is not None else []
    if not doers:
        return None
    if targets or not rule.mutual:  # "after talks with X, Y said …", "announced during a visit to X"
        return (None if sources else ([Arg(a.mention, "occasion-" + a.route) for a in doers], targets, True))
    partners = verb_targets(verb, idx, None, None)
    people: dict[str, Arg] = {}  # one party per country: "Ghana and Togo … a meeting of their ministers"
    for a in unique(doers + partners):
        if a.mention.country:
            people.setdefault(a.mention.country, Arg(a.mention, "occasion-" + a.route))
    return (list(people.values()), [], True) if len(people) > 1 else None


def visiting_parties(sent, idx: MentionIndex) -> list[tuple]:
    """(trigger, visitor, hosts) for "told the visiting Japanese premier …": the premier visits the
    country of the one who receives him, the governing verb's subject."""
    out = []
    for tok in sent_tokens(sent):
        if tok.lower_ not in idx.words.visiting_words or tok.dep_ != "amod":
            continue
        visitor = idx.at(tok.head)
        if visitor is None or not visitor.country:
            continue
        verb, hops, hosts = tok.head, 0, []
        while not hosts and verb.head.i != verb.i and hops < 5:  # "let the visiting X address …": who lets
            verb, hops = verb.head, hops + 1
            if verb.pos_ in ("VERB", "AUX"):
                hosts = [a for a in verb_sources(verb, idx)[0]
                         if a.mention.country and a.mention.country != visitor.country]
        if hosts:
            out.append((tok, Arg(visitor, "visiting"), [Arg(h.mention, "host-" + h.route) for h in hosts]))
    return out
