"""PETRARCH-style fallbacks for roles the dependency rules leave empty.

PETRARCH reads the verb phrase of a clause linearly: the first actor of the object or complement
is the target. We use that only when the grammatical routes of ``targets.verb_targets`` find no
target, and read "X threatened to act if/unless Y …" as a threat aimed at Y.
"""

from __future__ import annotations

from detente.coding.arguments import Arg, MentionIndex, countryless, np_actors

# PETRARCH's fallback: the first actor after the verb in its own clause (object, complement, preposition
# phrases, infinitive complements), not inside a subordinate or coordinated clause of the verb
CLAUSE_DEPS = ("dobj", "dative", "prep", "attr", "oprd", "xcomp", "acomp", "npadvmod", "agent")
EMBEDDED_SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
CLAUSE_STOPS = ("ccomp", "advcl", "conj", "parataxis", "relcl", "csubj", "mark", "cc", "punct")


def clause_first_actor(verb, idx: MentionIndex, sources: list[Arg], paths: bool = False) -> list[Arg]:
    """The first actor named after ``verb`` in its clause that is not one of the sources (a different
    actor of the same country counts: "Turkey will allow Turkish refugees to return" → TUR → TUR).
    A path ("flew over X") is skipped unless ``paths`` ("a bomb tore through a market in X")."""
    own = {id(s.mention) for s in sources}
    codes = {s.mention.code for s in sources}
    for child in verb.children:
        if child.i < verb.i or child.dep_ not in CLAUSE_DEPS or (child.lower_ in idx.words.flight_preps and not paths):  # "flew over X": a path
            continue
        for tok in _clause_tokens(child):
            m = idx.at(tok)
            if m is None or id(m) in own or m.code in codes or countryless(m):
                continue
            return [Arg(m, "clause-first-actor")]
    return []


def _clause_tokens(tok):
    """Tokens of ``tok``'s subtree in text order, skipping nested clauses hung on verbs."""
    out = []
    stack = [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        for c in t.children:
            if c.dep_ in CLAUSE_STOPS and t.pos_ in ("VERB", "AUX"):
                continue
            if c.dep_ in EMBEDDED_SUBJECTS:  # "striking back after X doubled duties": X acts there
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


def condition_subjects(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """"X threatened to act if/unless Y does Z": Y, the actor the threat is aimed at (the subject of
    the condition, found on the verb or its infinitive complements)."""
    own = {s.mention.code for s in sources}
    stack, seen = [verb], 0
    while stack and seen < 6:
        v = stack.pop(0)
        seen += 1
        for c in v.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in idx.words.condition_marks for m in c.children):
                for g in c.children:
                    if g.dep_ in ("nsubj", "nsubjpass"):
                        found = [a for a in np_actors(g, idx, "condition-subject")
                                 if a.mention.code not in own and not countryless(a.mention)]
                        if found:
                            return found
            elif c.dep_ == "xcomp":
                stack.append(c)
    return []
