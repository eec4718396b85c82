"""Who did it: reading source actors (and the actors a noun phrase names) off the dependency parse.

Works on a spaCy token and a token → actor-mention index (``MentionIndex``, coding/mentions.py);
returns mentions with a short note of the grammatical route taken (shown by ``detente explain``).
Targets are read in coding/targets.py.
"""

from __future__ import annotations

from dataclasses import replace

from detente.coding.mentions import Arg, MentionIndex, countryless, dateline_end
from detente.nlp.tokens import sent_tokens

SUBJ = ("nsubj", "csubj")
NP_MODS = ("poss", "compound", "amod", "nmod", "det", "npadvmod", "appos")
# word lists (prepositions, pronouns, nouns) come from the language data's coder/words.yaml through
# the ``MentionIndex`` every function here receives: ``idx.words.target_preps``

__all__ = ["Arg", "MentionIndex", "agent_args", "countryless", "dateline_end", "lemma_of", "modifier_actor",
           "np_actors", "pobj_actors", "unique", "verb_sources"]


# -- the actors a noun phrase names ---------------------------------------------------------------
def np_actors(tok, idx: MentionIndex, route: str, depth: int = 0, conj: bool = True,
              preps: tuple[str, ...] | None = None) -> list[Arg]:
    """Actors naming the noun phrase headed by ``tok``: itself, a modifier, an ``of`` object, conjuncts."""
    preps = idx.words.np_preps if preps is None else preps
    if tok.i in idx.pairs:
        a, b = idx.pairs[tok.i]
        return [Arg(a, route + "/the-two"), Arg(b, route + "/the-two")]
    m = idx.at(tok)
    sector_only = None  # "rebels in the Ivory Coast": a country found nearby beats the bare sector word
    if m is not None and countryless(m):
        sector_only, m = m, None
    if m is not None:
        found = _named_by_head(tok, m, idx, route)
    else:
        found, sector_only = _named_inside(tok, idx, route, depth, preps, sector_only)
    if not found and sector_only is not None:
        found.append(Arg(sector_only, route + "/sector"))
    found.extend(_members(tok, idx, route, depth))
    if conj:
        for c in tok.conjuncts:
            if c.i > tok.i:
                found.extend(np_actors(c, idx, route + "/conj", depth + 1, conj=False, preps=preps))
    return unique(found)


def _members(tok, idx: MentionIndex, route: str, depth: int) -> list[Arg]:
    """"EU members, including Spain and Greece", "several countries, including Iran": the members
    named are actors of the phrase too."""
    if depth >= 3:
        return []
    return [a for prep in tok.children if prep.dep_ == "prep" and prep.lower_ in idx.words.member_preps
            for pobj in prep.children if pobj.dep_ == "pobj"
            for a in np_actors(pobj, idx, route + "/including", depth + 1)]


def _named_by_head(tok, m, idx: MentionIndex, route: str) -> list[Arg]:
    """The head is a mention: it, the actors its plural pronoun stands for, its coordinated modifiers."""
    if getattr(m, "kind", "") == "person":
        m = _appositive_office(tok, idx) or m
    elif getattr(m, "kind", "") == "demonym" and tok.tag_ in ("NNS", "NNPS"):
        m = _residents_of(tok, m, idx) or m
    found = [Arg(m, route)]
    if tok.lower_ in idx.words.plural_pronouns:
        found.extend(_coordinated_with(tok, m, idx, route))
    for child in tok.children:  # "Polish and Czech officials": the other modifier
        if child.dep_ in ("amod", "compound", "nmod") and child.i < tok.i:
            found.extend(_modifier_partners(child, m, idx, route))
    return found


def _modifier_partners(child, m, idx: MentionIndex, route: str) -> list[Arg]:
    """Other actors in a modifier of a named head ("Polish and Czech officials")."""
    # "Trump and Chinese President Xi": the parser may hang the first name off the title
    inner = [g for g in child.children if g.dep_ == "nmod" and g.i < child.i
             and idx.at(g) is not None and idx.at(g).country != m.country]
    out = []
    for c in (child, *child.conjuncts, *inner, *(x for g in inner for x in g.conjuncts)):
        other = idx.at(c)
        if other is not None and other is not m:
            out.append(Arg(other, route + "/modifier-conj"))
    return out


def _named_inside(tok, idx: MentionIndex, route: str, depth: int, preps: tuple[str, ...],
                  sector_only) -> tuple[list[Arg], object]:
    """The head is no actor: a modifier, an ``of``-like phrase or an apposition may name one; a bare
    sector word among the modifiers is kept aside (returned with the actors found)."""
    found: list[Arg] = []
    named = [(c, modifier_actor(c, idx)) for c in tok.children if c.dep_ in NP_MODS and c.i < tok.i]
    for _child, inner in named:
        if inner is not None and countryless(inner):
            sector_only = sector_only or inner
    # "its European Union partners": a named modifier says more than a possessive pronoun
    actors = [(c, m) for c, m in named if m is not None and not countryless(m)]
    actors = [(c, m) for c, m in actors if c.pos_ != "PRON"] or actors
    if actors:
        child, inner = actors[0]
        found.append(Arg(inner, route + "/modifier"))
        if child.lower_ in idx.words.plural_pronouns:  # "North and South Korea said their leaders …"
            found.extend(_coordinated_with(child, inner, idx, route))
        for c in child.conjuncts:  # "the Polish and Czech sides"
            other = idx.at(c)
            if other is not None and other is not inner:
                found.append(Arg(other, route + "/modifier-conj"))
    if not found and depth < 3:  # "the leader of X", "thousands of students throughout X"
        found = _phrase_actors(tok, idx, route, depth, preps, sector_only is not None)
    if not found and depth < 3:  # "the capital, Kabul", "Sidhoum, Algeria's leading activist": an apposition
        found = _apposition_actors(tok, idx, route, depth, preps)
    return found, sector_only


def _phrase_actors(tok, idx: MentionIndex, route: str, depth: int, preps: tuple[str, ...],
                   has_sector: bool) -> list[Arg]:
    """"the leader of X": actors of the head's prepositional phrases (a place only for a sector word)."""
    found: list[Arg] = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps and (
                has_sector or prep.lower_ not in idx.words.place_preps):
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found.extend(np_actors(pobj, idx, f"{route}/{prep.lower_}", depth + 1, conj=True, preps=preps))
    return found


def _apposition_actors(tok, idx: MentionIndex, route: str, depth: int, preps: tuple[str, ...]) -> list[Arg]:
    for child in tok.children:
        if child.dep_ == "appos" and child.i > tok.i:
            found = np_actors(child, idx, route + "/apposition", depth + 1, conj=False, preps=preps)
            if found:
                return found
    return []


def _coordinated_with(pronoun, m, idx: MentionIndex, route: str) -> list[Arg]:
    """"Israel and Syria said they …": a plural pronoun whose antecedent is one of several
    coordinated actors stands for all of them."""
    for tok in sent_tokens(pronoun.sent):
        if tok.i >= pronoun.i:
            break
        if idx.at(tok) is not None and idx.at(tok).code == m.code and tok.conjuncts:
            return [Arg(idx.at(c), route + "/plural") for c in tok.conjuncts
                    if idx.at(c) is not None and idx.at(c) is not m]
    return []



def _residents_of(tok, m, idx: MentionIndex):
    """"Albanians in southern Serbia", "the Kurds of Syria": a people named with the country it lives in
    acts as that country's (CAMEO codes minorities by residence)."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in idx.words.residence_preps:
            for pobj in prep.children:
                place = idx.at(pobj) if pobj.dep_ == "pobj" else None
                if place is not None and place.country and place.country != m.country \
                        and getattr(place, "kind", "") in ("country", "capital", "city"):
                    return replace(m, code=place.country, country=place.country, sector=None,
                                   how=f"{m.how}; living in {place.text}")
    return None


def _appositive_office(tok, idx: MentionIndex):
    """"Kenzo Oshima, the UN relief coordinator": an office in an organisation, stated in apposition,
    says whom the person acts for (over the person's nationality)."""
    for child in tok.children:
        if child.dep_ == "appos":
            office = idx.at(child) or modifier_actor(child, idx)
            if office is not None and (office.code or "").startswith(("IGO", "NGO")):
                return office
    return None


def modifier_actor(tok, idx: MentionIndex):
    """The actor a modifier names; "FARC commander": a bare actor word gives way to its own modifier."""
    m = idx.at(tok)
    if m is not None and not countryless(m):
        return m
    for child in tok.children:
        if child.dep_ in NP_MODS and child.i < tok.i:
            inner = idx.at(child)
            if inner is not None:
                return inner
    return m


def unique(args: list[Arg]) -> list[Arg]:
    seen: set[int] = set()
    out = []
    for a in args:
        if id(a.mention) not in seen:
            seen.add(id(a.mention))
            out.append(a)
    return out


def pobj_actors(prep, idx: MentionIndex, route: str, preps: tuple[str, ...] | None = None) -> list[Arg]:
    out: list[Arg] = []
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            out.extend(np_actors(pobj, idx, route, preps=preps))
    return out


# -- sources ---------------------------------------------------------------------------------------
def verb_sources(verb, idx: MentionIndex) -> tuple[list[Arg], bool]:
    """Source actors of a verb trigger, and whether they were inherited from another clause."""
    w = idx.words
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    if passive and verb.lemma_.lower() in w.stative_passives and not any(c.dep_ == "agent" for c in verb.children):
        for child in verb.children:  # "Seoul is opposed to ...": a state of the subject, not a passive
            if child.dep_ == "nsubjpass":
                found = np_actors(child, idx, "subject(stative)")
                if found:
                    return found, False
    # with two subjects (a misparsed dateline or fronted phrase), the one nearest the verb acts
    for child in sorted(verb.children, key=lambda c: abs(c.i - verb.i)):
        if passive and child.dep_ == "agent":
            found = pobj_actors(child, idx, "agent(by)")
            if found:
                return found, False
        if not passive and child.dep_ in SUBJ:
            found = _whose(verb, child, idx) or np_actors(child, idx, "subject")
            if found:
                return _fronted_conjunct(verb, child, idx) + found, False
            if child.lower_ in w.speaker_pronouns:  # "Syria says it is willing to …": the speaker
                return _speaker(verb, idx), True
            if child.lower_ in w.relative_pronouns and verb.dep_ == "relcl":  # "Putin, who visited X"
                found = np_actors(verb.head, idx, "relative-subject")
                if found:
                    return found, True
            return [], False  # an explicit non-actor subject: do not borrow one from elsewhere
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [], False  # "the missile, launched from X, …": a passive participle with no agent has no source
    if passive and verb.dep_ in ("ccomp", "advcl") and any(c.dep_ == "nsubjpass" for c in verb.children):
        return [], False  # "warned that X would be met with force": the unnamed agent is not the speaker
    return _inherited_sources(verb, idx), True


def _whose(verb, subject, idx: MentionIndex) -> list[Arg]:
    """"Erdogan, whose government recalled its ambassador": the government of the clause's head."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "poss" and c.lower_ in idx.words.whose for c in subject.children):
        return []
    owner = next((a.mention for a in np_actors(verb.head, idx, "whose") if a.mention.country), None)
    word = idx.at(subject)
    if owner is None:
        return []
    sector = (word.sector if word is not None else None) or "GOV"
    return [Arg(replace(owner, code=owner.country + sector, sector=sector, text=f"{owner.text} ({subject.text})",
                        how=f"{owner.how}; 'whose {subject.text}'"), "whose-subject")]


def _fronted_conjunct(verb, subject, idx: MentionIndex) -> list[Arg]:
    """"Obama, Brown and Sarkozy accused …": the parser may hang the first of a list of actors
    off the verb (npadvmod) before a coordinated subject; it is one of the subjects."""
    if not subject.conjuncts:
        return []
    out = []
    for c in verb.children:
        if c.dep_ in ("npadvmod", "nsubj", "dep") and c.i < subject.i and c is not subject \
                and c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == "," and idx.at(c) is not None:
            out.append(Arg(idx.at(c), "subject/fronted-conjunct"))
    return out


def _speaker(verb, idx: MentionIndex) -> list[Arg]:
    """The actor subject of the statement verb whose reported clause holds ``verb`` (an unresolved
    pronoun subject of a reported clause stands for the speaker, as PETRARCH reads it)."""
    clause, hops = verb, 0
    while clause.dep_ in ("xcomp", "conj", "aux") and hops < 3:
        clause, hops = clause.head, hops + 1
    if clause.dep_ != "ccomp" or clause.head.pos_ not in ("VERB", "AUX"):
        return []
    for child in clause.head.children:
        if child.dep_ in SUBJ and child.i < clause.i:
            return [Arg(a.mention, "speaker-of-pronoun") for a in np_actors(child, idx, "subject")]
    return []


def _inherited_sources(verb, idx: MentionIndex, hops: int = 0) -> list[Arg]:
    """Subjects shared through control/raising, coordination, participles and relative clauses."""
    if hops > 3 or verb.dep_ == "ROOT":
        return []
    head, dep = verb.head, verb.dep_
    if dep == "xcomp":
        found = _controller(verb, head, idx)  # "X urged Y to ...": Y does the embedded action
        if found:
            return found
    on_noun = _noun_head_sources(verb, head, idx, hops)
    if on_noun is not None:
        return on_noun
    if dep == "pcomp" and head.pos_ == "ADP":
        doers = _accused(head, idx)
        if doers:
            return doers
        head = head.head  # "X won time by delaying the vote": X delayed
    if dep == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod", "xcomp"):
        head = head.head  # "X is willing/ready/prepared to ...": the adjective's clause subject
    if dep == "advcl" and head.dep_ == "xcomp" and _set_off_participle(verb) and head.head.pos_ in ("VERB", "AUX"):
        head = head.head  # "ordered X's diplomats to leave, retaliating for …": the main clause's subject
    if dep == "conj" and _misattached(verb, head):  # "demanded that Russia pull back … and postponed talks"
        found = _head_clause_subject(verb, head.head, idx)
        if found:
            return [Arg(a.mention, "subject-of-misattached-conj") for a in found]
    if dep in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl") and head.pos_ in ("VERB", "AUX"):
        found = _head_clause_subject(verb, head, idx)
        if found is not None:
            return found
        if dep in ("xcomp", "conj", "advcl"):
            return _inherited_sources(head, idx, hops + 1)
    return []


def _set_off_participle(verb) -> bool:
    """A participle set off by a comma ("…, retaliating for …") describes the sentence's main clause,
    wherever the parser hangs it."""
    return verb.tag_ == "VBG" and verb.i > 0 and verb.doc[verb.i - 1].text == ","


def _misattached(verb, head) -> bool:
    """A past-tense verb the parser coordinates with the present or bare verb of a reported clause
    ("said Iran must release the crew and recalled its envoy"): the reporting verb's second act."""
    return (verb.tag_ == "VBD" and head.dep_ == "ccomp" and head.tag_ in ("VB", "VBP", "VBZ")
            and head.head.pos_ in ("VERB", "AUX"))


def _controller(verb, head, idx: MentionIndex) -> list[Arg]:
    """"X urged Y to …", "called on Y to …": the object (or ``on`` object) of the governing verb acts."""
    for child in head.children:
        if child.dep_ in ("dobj", "dative"):
            objs = np_actors(child, idx, "object-controller")
            if objs:
                return objs
        if child.dep_ == "prep" and child.lower_ in idx.words.controller_preps and child.i < verb.i:
            objs = pobj_actors(child, idx, "object-controller")
            if objs:
                return objs
    return []


def _noun_head_sources(verb, head, idx: MentionIndex, hops: int) -> list[Arg] | None:
    """A clause hung on a noun: its possessor ("Moon's plan to travel"), the subject of the verb that
    governs it ("issued a statement demanding …"), a relative clause's head; None for other clauses."""
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss" and idx.at(child) is not None:
                return [Arg(idx.at(child), "possessor-of-head-noun")]
    if verb.dep_ == "acl" and head.dep_ in ("dobj", "pobj", "nsubj") and head.head.pos_ in ("VERB", "AUX"):
        return _inherited_sources(head, idx, hops + 1) or [
            a for c in head.head.children if c.dep_ in SUBJ for a in np_actors(c, idx, "subject-of-noun-head")]
    if verb.dep_ == "relcl":  # "goods that could be hit": the head of a passive relative clause is its patient
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []
        return np_actors(head, idx, "relative-head")
    return None


def _accused(prep, idx: MentionIndex) -> list[Arg]:
    """"accused X of shooting", "thanked X for sending": X acted."""
    if prep.lower_ in idx.words.accusation_preps and prep.head.pos_ == "VERB":
        for child in prep.head.children:
            if child.dep_ == "dobj":
                doers = np_actors(child, idx, "object-of-accusation")
                if doers:
                    return doers
    return []


def _head_clause_subject(verb, head, idx: MentionIndex) -> list[Arg] | None:
    """The nearest subject (or ``by`` agent) of the governing clause; None when it has neither."""
    for child in sorted(head.children, key=lambda c: abs(c.i - head.i)):  # nearest subject first
        if child.dep_ in SUBJ:
            return _governing_subject(verb, head, child, idx)
        if child.dep_ == "agent":
            return pobj_actors(child, idx, "agent-of-head")
    return None


def _governing_subject(verb, head, subject, idx: MentionIndex) -> list[Arg]:
    found = np_actors(subject, idx, f"subject-of-{verb.dep_}-head")
    if not found and verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.pos_ in ("VERB", "AUX"):
        # "X said the sanctions were illegal and vowed …": the parser often hangs the second
        # verb of the speaker on the reported clause; the speaker acts
        found = [a for c in head.head.children if c.dep_ in SUBJ
                 for a in np_actors(c, idx, "subject-of-misattached-conj")]
    if not found and subject.lower_ in idx.words.speaker_pronouns:
        found = _speaker(head, idx)
    if found:  # "Obama, Brown and Sarkozy accused … and demanded …"
        found = [Arg(a.mention, f"subject-of-{verb.dep_}-head/fronted")
                 for a in _fronted_conjunct(head, subject, idx)] + found
    return found


def lemma_of(tok, idx: MentionIndex) -> str:
    """The verb's lemma, with the small model's known slips mended ("staged" → "stag" → "stage")."""
    low = tok.lemma_.lower()
    return idx.words.lemma_fixes.get(low, low)


def agent_args(verb, idx: MentionIndex) -> list[Arg]:
    for c in verb.children:
        if c.dep_ == "agent":
            return pobj_actors(c, idx, "agent(by)")
    return []

