"""What a statement or a demand says besides itself: "X said the raid was a massacre" is X criticising
(111); "X demanded that Y stop or face sanctions" is also X threatening Y (13x).

Both read one clause under the trigger the lexicon already matched (no per-token work); the event found is
added beside the statement or demand, which keeps its own code.
"""

from __future__ import annotations

from detente.coding.arguments import Arg, MentionIndex, verb_sources

COPULA = "be"


def verdict_clause(verb, words: frozenset[str]):
    """The complement clause "<something> was/is <a blaming word>" of a statement verb, or None:
    "said the raid was a bloody massacre", "told reporters the sanctions were illegal"."""
    for comp in verb.children:
        if comp.dep_ != "ccomp" or comp.lemma_.lower() != COPULA:
            continue
        for pred in comp.children:
            if pred.dep_ not in ("attr", "acomp"):
                continue
            if pred.lower_ in words or pred.lemma_.lower() in words or any(
                    c.dep_ in ("amod", "compound") and c.lower_ in words for c in pred.children):
                return comp
    return None


def verdict_targets(clause, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """The actor the verdict is about: the copular clause's subject when it names one ("said the US was a
    threat"), else none (the coder then tries earlier events and the sentence's only other country)."""
    found = verb_sources(clause, idx)[0]
    own = {s.mention.code for s in sources}
    return [Arg(a.mention, "verdict-" + a.route) for a in found if a.mention.code not in own]


def ultimatum_clause(verb, face_words: frozenset[str]):
    """"demanded that Y suspend … or face sanctions", "urged Y to comply or face consequences": the clause
    of the demanded act that carries a coordinated "face <penalty>", or None."""
    for comp in verb.children:
        if comp.dep_ not in ("ccomp", "xcomp"):
            continue
        for conj in comp.conjuncts:
            if conj.lemma_.lower() != "face" or conj.i < comp.i:
                continue
            penalty = [w.lower_ for c in conj.children if c.dep_ == "dobj" for w in c.subtree]
            if any(w in face_words for w in penalty):
                return comp, penalty
    return None
