"""Targets by reference to an earlier event: "North Korea tested a bomb. … China condemned the test."

Reactions in news and analysis often name the event they react to, not its actor. When a
reaction has no actor target and its object is a bare event noun listed under ``antecedents``
in ``patterns.yaml``, the target is the source of the latest earlier event in the same document
whose trigger (or the object that made its rule fire) is one of the listed lemmas.
"""

from __future__ import annotations

from detente.coding.mentions import Arg


class EventMemory:
    """Which actor last did each kind of event in the document being coded."""

    def __init__(self, antecedents: dict[str, frozenset[str]], referring_preps=("to", "about"),
                 repeated_roots: tuple[str, ...] = ()) -> None:
        self.antecedents = antecedents
        self.referring_preps = referring_preps
        self.repeated_roots = repeated_roots
        self.last: dict[str, tuple[int, object]] = {}  # lemma -> (order, source mention)
        self.aimed: dict[str, list[object]] = {}  # CAMEO root -> the target mentions of its latest event
        self.order = 0

    def remember(self, trigger, obj, sources: list[Arg], code: str = "", targets: list[Arg] | None = None) -> None:
        """Record an event's trigger and object lemmas with its first source actor (and, for the
        ``repeated_roots``, whom it was aimed at)."""
        if not sources:
            return
        self.order += 1
        for tok in (trigger, obj):
            if tok is not None:
                self.last[tok.lemma_.lower()] = (self.order, sources[0].mention)
                self.last[tok.lower_] = (self.order, sources[0].mention)
        if targets and code[:2] in self.repeated_roots:
            self.aimed[code[:2]] = [t.mention for t in targets if t.mention.country]

    def repeated_target(self, code: str, sources: list[Arg]) -> list[Arg]:
        """"The Council capped X's coal exports. … Japan said it would impose sanctions of its own":
        a measure with no target named repeats whom the document's latest such measure was aimed at
        (not the source's own country)."""
        own = {s.mention.country for s in sources}
        return [Arg(m, "repeated-target") for m in self.aimed.get(code[:2], []) if m.country not in own]

    def target_for(self, verb, idx, sources: list[Arg]) -> list[Arg]:
        """The earlier event's actor, when ``verb`` reacts to a bare event noun (or [])."""
        own = {s.mention.country for s in sources} | {s.mention.code for s in sources}
        for noun in _referring_nouns(verb, self.referring_preps):
            if idx.at(noun) is not None or any(idx.at(c) is not None for c in noun.children
                                               if c.dep_ in ("poss", "compound", "amod", "nmod")):
                continue  # the noun names its own actor ("North Korea's test"): not a reference
            lemmas = self.antecedents.get(noun.lower_) or self.antecedents.get(noun.lemma_.lower())
            if not lemmas:
                continue
            hits = [self.last[w] for w in lemmas if w in self.last]
            if not hits:
                continue
            mention = max(hits, key=lambda h: h[0])[1]
            if mention.country in own or mention.code in own:
                continue
            return [Arg(mention, f"antecedent-event:{noun.lower_}")]
        return []


def _referring_nouns(verb, referring_preps) -> list:
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ == "NOUN"]
    # "called [the launch intolerable]" is often parsed as one phrase with "launch" as a compound
    out += [g for c in verb.children if c.dep_ == "oprd" for g in c.children if g.dep_ == "compound" and g.pos_ == "NOUN"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in referring_preps:
            out += [p for p in prep.children if p.dep_ == "pobj" and p.pos_ == "NOUN"]
    if verb.dep_ == "acl" and verb.head.pos_ == "NOUN":  # "the test, condemned by …"
        out.append(verb.head)
    return out
