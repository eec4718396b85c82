"""Who did it and to whom: reading source and target actors off the dependency parse.

Works on a spaCy token and a token → actor-mention index (``MentionIndex``); returns mentions
with a short note of the grammatical route taken (shown by ``detente explain``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from detente.nlp.lines import dateline_spans

SUBJ = ("nsubj", "csubj")
NP_MODS = ("poss", "compound", "amod", "nmod", "det", "npadvmod", "appos")
# word lists (prepositions, pronouns, nouns) come from the language data's coder/words.yaml through
# the ``MentionIndex`` every function here receives: ``idx.words.target_preps``


@dataclass
class Arg:
    mention: object  # ActorMention
    route: str  # "subject", "object", "prep:to", "possessor", ...


class MentionIndex:
    """Which actor mention (if any) covers each token of a parsed document."""

    def __init__(self, doc, mentions, words, sector_only: bool = True) -> None:
        self.words = w = words
        self.by_token: list[object | None] = [None] * len(doc)
        datelines = dateline_spans(doc.text, w.dateline)
        dateline = datelines[0][1] if datelines and datelines[0][0] == 0 else 0
        for m in mentions:
            if any(a <= m.start_char < b for a, b in datelines):
                continue
            if m.code is None and m.country is None:
                if not (sector_only and m.sector):
                    continue
                m = replace(m, code="---" + m.sector)  # "rebels", "police": CAMEO's country-less agent code
            for i in range(m.start, min(m.end, len(doc))):
                self.by_token[i] = m
        for tok in doc:  # "President Kibaki and opposition leader Odinga": the opposition of Kibaki's country
            m = self.by_token[tok.i]
            if m is not None and m.code == "---" + (m.sector or "") and m.sector in w.coordinated_sectors:
                head = tok
                while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
                    head = head.head  # "opposition leader Raila Odinga": the name carries the conjunction
                state = next((self.by_token[c.i] for c in head.conjuncts if self.by_token[c.i] is not None
                              and self.by_token[c.i].country), None)
                if state is not None:
                    own = replace(m, code=state.country + m.sector, country=state.country,
                                  how=f"{m.how}; the country of its coordinated {state.text}")
                    self.by_token[m.start:m.end] = [own] * (m.end - m.start)
        self.pairs: dict[int, tuple] = {}
        for tok in doc:  # "the two leaders met": the last two countries named before
            if tok.lower_ in w.pair_nouns and any(c.lower_ in w.pair_numbers for c in tok.children):
                pair = self._last_two(tok)
                if pair:
                    self.pairs[tok.i] = pair
        for tok in doc:  # "Resolution 2375 caps shipments ...": a numbered resolution acts for the Council
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if (tok.lower_ in w.resolution_words and nxt is not None and nxt.like_num and self.by_token[tok.i] is None
                    and tok.idx >= dateline):
                self.by_token[tok.i] = self.by_token[nxt.i] = _resolution_mention(tok, nxt)

    def at(self, tok):
        return self.by_token[tok.i]

    def mentions_in(self, span) -> list:
        """The distinct mentions covering tokens of ``span`` (a sentence), in order."""
        out: list = []
        for tok in span:
            m = self.by_token[tok.i]
            if m is not None and (not out or out[-1] is not m):
                out.append(m)
        return out

    def _last_two(self, tok) -> tuple | None:
        """The two most recent mentions of different countries within the last ~80 tokens."""
        found: list = []
        for i in range(tok.i - 1, max(-1, tok.i - int(self.words.pair_window)), -1):
            m = self.by_token[i]
            if m is not None and m.country and all(m.country != f.country for f in found) \
                    and not _names_a_place(tok.doc, m, self.words):
                found.append(m)
                if len(found) == 2:
                    return found[1], found[0]
        return None


def _names_a_place(doc, m, words) -> bool:
    """"met in Singapore", "a summit at Camp David": a country or city named as where it happened."""
    last = doc[min(m.end, len(doc)) - 1]
    return (getattr(m, "kind", "") in ("capital", "country", "city") and last.dep_ == "pobj"
            and last.head.lower_ in words.place_heads)


def _resolution_mention(tok, num):
    from detente.actors import ActorMention

    return ActorMention(tok.i, num.i + 1, tok.idx, num.idx + len(num.text), f"{tok.text} {num.text}", "IGOUNO",
                        None, None, "org", "a numbered resolution stands for the UN Security Council")


def dateline_end(text: str, words) -> int:
    """Character offset where a leading dateline ("SEOUL, Sept. 4 — ") ends, or 0."""
    spans = dateline_spans(text, words.dateline)
    return spans[0][1] if spans and spans[0][0] == 0 else 0


def np_actors(tok, idx: MentionIndex, route: str, depth: int = 0, conj: bool = True,
              preps: tuple[str, ...] | None = None) -> list[Arg]:
    """Actors naming the noun phrase headed by ``tok``: itself, a modifier, an ``of`` object, conjuncts."""
    w = idx.words
    preps = w.np_preps if preps is None else preps
    found: list[Arg] = []
    if tok.i in idx.pairs:
        a, b = idx.pairs[tok.i]
        return [Arg(a, route + "/the-two"), Arg(b, route + "/the-two")]
    m = idx.at(tok)
    sector_only = None  # "rebels in the Ivory Coast": a country found nearby beats the bare sector word
    if m is not None and _countryless(m):
        sector_only, m = m, None
    if m is not None and getattr(m, "kind", "") == "person":
        m = _appositive_office(tok, idx) or m
    if m is not None:
        found.append(Arg(m, route))
        if tok.lower_ in w.plural_pronouns:
            found.extend(_coordinated_with(tok, m, idx, route))
        for child in tok.children:  # "Polish and Czech officials": the other modifier
            if child.dep_ in ("amod", "compound", "nmod") and child.i < tok.i:
                # "Trump and Chinese President Xi": the parser may hang the first name off the title
                inner = [g for g in child.children if g.dep_ == "nmod" and g.i < child.i
                         and idx.at(g) is not None and idx.at(g).country != m.country]
                for c in (child, *child.conjuncts, *inner, *(x for g in inner for x in g.conjuncts)):
                    other = idx.at(c)
                    if other is not None and other is not m:
                        found.append(Arg(other, route + "/modifier-conj"))
    else:
        for child in tok.children:
            if child.dep_ in NP_MODS and child.i < tok.i:
                inner = _modifier_actor(child, idx)
                if inner is not None and _countryless(inner):
                    sector_only = sector_only or inner
                elif inner is not None:
                    found.append(Arg(inner, route + "/modifier"))
                    for c in child.conjuncts:  # "the Polish and Czech sides"
                        other = idx.at(c)
                        if other is not None and other is not inner:
                            found.append(Arg(other, route + "/modifier-conj"))
                    break
        if not found and depth < 3:  # "the leader of X", "thousands of students throughout X"
            for prep in tok.children:
                if prep.dep_ == "prep" and prep.lower_ in preps and (
                        sector_only is not None or prep.lower_ not in w.place_preps):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            found.extend(np_actors(pobj, idx, f"{route}/{prep.lower_}", depth + 1, conj=True,
                                                   preps=preps))
        if not found and depth < 3:  # "the capital, Kabul", "Sidhoum, Algeria's leading activist": an apposition
            for child in tok.children:
                if child.dep_ == "appos" and child.i > tok.i:
                    found.extend(np_actors(child, idx, route + "/apposition", depth + 1, conj=False, preps=preps))
                    if found:
                        break
    if not found and sector_only is not None:
        found.append(Arg(sector_only, route + "/sector"))
    if conj:
        for c in tok.conjuncts:
            if c.i > tok.i:
                found.extend(np_actors(c, idx, route + "/conj", depth + 1, conj=False, preps=preps))
    return _unique(found)


def _coordinated_with(pronoun, m, idx: MentionIndex, route: str) -> list[Arg]:
    """"Israel and Syria said they …": a plural pronoun whose antecedent is one of several
    coordinated actors stands for all of them."""
    for tok in pronoun.sent:
        if tok.i >= pronoun.i:
            break
        if idx.at(tok) is not None and idx.at(tok).code == m.code and tok.conjuncts:
            return [Arg(idx.at(c), route + "/plural") for c in tok.conjuncts
                    if idx.at(c) is not None and idx.at(c) is not m]
    return []


def _countryless(m) -> bool:
    """A sector word with no country ("rebels", "police"): it may act, but is never a target."""
    return (m.code or "").startswith("---")


def _appositive_office(tok, idx: MentionIndex):
    """"Kenzo Oshima, the UN relief coordinator": an office in an organisation, stated in apposition,
    says whom the person acts for (over the person's nationality)."""
    for child in tok.children:
        if child.dep_ == "appos":
            office = idx.at(child) or _modifier_actor(child, idx)
            if office is not None and (office.code or "").startswith(("IGO", "NGO")):
                return office
    return None


def _modifier_actor(tok, idx: MentionIndex):
    """The actor a modifier names; "FARC commander": a bare actor word gives way to its own modifier."""
    m = idx.at(tok)
    if m is not None and not _countryless(m):
        return m
    for child in tok.children:
        if child.dep_ in NP_MODS and child.i < tok.i:
            inner = idx.at(child)
            if inner is not None:
                return inner
    return m


def _unique(args: list[Arg]) -> list[Arg]:
    seen: set[int] = set()
    out = []
    for a in args:
        if id(a.mention) not in seen:
            seen.add(id(a.mention))
            out.append(a)
    return out


def _pobj_actors(prep, idx: MentionIndex, route: str, preps: tuple[str, ...] | None = None) -> list[Arg]:
    out: list[Arg] = []
    for pobj in prep.children:
        if pobj.dep_ == "pobj":
            out.extend(np_actors(pobj, idx, route, preps=preps))
    return out


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
            found = _pobj_actors(child, idx, "agent(by)")
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
    head = verb.head
    if verb.dep_ == "xcomp":
        for child in head.children:  # "X urged Y to ...": Y does the embedded action
            if child.dep_ in ("dobj", "dative"):
                objs = np_actors(child, idx, "object-controller")
                if objs:
                    return objs
            if child.dep_ == "prep" and child.lower_ in idx.words.controller_preps and child.i < verb.i:
                objs = _pobj_actors(child, idx, "object-controller")  # "called on Y to …": Y acts
                if objs:
                    return objs
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):  # "Moon's plan to travel to ...": the noun's possessor acts
        for child in head.children:
            if child.dep_ == "poss" and idx.at(child) is not None:
                return [Arg(idx.at(child), "possessor-of-head-noun")]
    if verb.dep_ == "acl" and head.dep_ in ("dobj", "pobj", "nsubj") and head.head.pos_ in ("VERB", "AUX"):
        return _inherited_sources(head, idx, hops + 1) or [  # "issued a statement demanding ..."
            a for c in head.head.children if c.dep_ in SUBJ for a in np_actors(c, idx, "subject-of-noun-head")]
    if verb.dep_ == "relcl":  # "goods that could be hit": the head of a passive relative clause is its patient
        if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
            return []
        return np_actors(head, idx, "relative-head")
    if verb.dep_ == "pcomp" and head.pos_ == "ADP":
        if head.lower_ in idx.words.accusation_preps and head.head.pos_ == "VERB":
            for child in head.head.children:  # "accused X of shooting", "thanked X for sending": X acted
                if child.dep_ == "dobj":
                    doers = np_actors(child, idx, "object-of-accusation")
                    if doers:
                        return doers
        head = head.head  # "X won time by delaying the vote": X delayed
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod", "xcomp"):
        head = head.head  # "X is willing/ready/prepared to ...": the adjective's clause subject
    if verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "acl") and head.pos_ in ("VERB", "AUX"):
        for child in sorted(head.children, key=lambda c: abs(c.i - head.i)):  # nearest subject first
            if child.dep_ in SUBJ:
                found = np_actors(child, idx, f"subject-of-{verb.dep_}-head")
                if not found and verb.dep_ == "conj" and head.dep_ == "ccomp" and head.head.pos_ in ("VERB", "AUX"):
                    # "X said the sanctions were illegal and vowed …": the parser often hangs the second
                    # verb of the speaker on the reported clause; the speaker acts
                    found = [a for c in head.head.children if c.dep_ in SUBJ
                             for a in np_actors(c, idx, "subject-of-misattached-conj")]
                if not found and child.lower_ in idx.words.speaker_pronouns:
                    found = _speaker(head, idx)
                if found and child.dep_ in SUBJ:  # "Obama, Brown and Sarkozy accused … and demanded …"
                    found = [Arg(a.mention, f"subject-of-{verb.dep_}-head/fronted")
                             for a in _fronted_conjunct(head, child, idx)] + found
                return found
            if child.dep_ == "agent":
                return _pobj_actors(child, idx, "agent-of-head")
        if verb.dep_ in ("xcomp", "conj", "advcl"):
            return _inherited_sources(head, idx, hops + 1)
    return []


def verb_targets(verb, idx: MentionIndex, rule_prep: str | None, used_obj, depth: int = 0,
                 weak: bool = False, locative: bool = False, exclude: frozenset = frozenset(),
                 verbal: bool = False) -> list[Arg]:
    """Target actors: the first place in priority order that names an actor other than the source
    (``exclude`` holds the sources' codes, so "offered its help to X" reaches X past "its")."""
    for found in _target_candidates(verb, idx, rule_prep, used_obj, depth, weak, locative, exclude, verbal):
        kept = [a for a in found if a.mention.code not in exclude and not _countryless(a.mention)]
        if kept:
            return kept
    return []


def bare_targets(verb, idx: MentionIndex, rule_prep: str | None, used_obj) -> list[Arg]:
    """Country-less actor words in the target's place ("detained *activists*", "shot two
    *insurgents*"): not targets by themselves, but the coder may give them the source's country."""
    for found in _target_candidates(verb, idx, rule_prep, used_obj, 0, True, False, frozenset()):
        bare = [a for a in found if _countryless(a.mention)]
        if bare:
            return bare
        if found:
            return []
    return []


def _target_candidates(verb, idx, rule_prep, used_obj, depth, weak, locative, exclude, verbal=False):
    """Candidate target lists, most reliable grammatical position first."""
    w = idx.words
    target_np_preps = w.np_preps + w.target_np_extra
    children = list(verb.children)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in children) and not (
        verb.lemma_.lower() in w.stative_passives and not any(c.dep_ == "agent" for c in children))
    if passive:
        for c in children:
            if c.dep_ == "nsubjpass":
                yield np_actors(c, idx, "passive-subject")
    for c in children:
        if c.dep_ in ("dobj", "dative") and (used_obj is None or c.i != used_obj.i):
            if c.lower_ in w.relative_pronouns and verb.dep_ == "relcl":  # "Xi, whom he hosted": the head
                yield np_actors(verb.head, idx, "relative-object", preps=target_np_preps)
                head = verb.head  # "tested a missile that Israel condemned": who did the thing condemned
                if idx.at(head) is None and head.dep_ == "dobj" and head.head.pos_ == "VERB":
                    yield [Arg(a.mention, "relative-object-doer") for a in verb_sources(head.head, idx)[0]]
            else:
                yield np_actors(c, idx, "object", preps=target_np_preps)
    if used_obj is not None:  # "imposed sanctions on X", "coal imports from X": the object's prepositions
        obj_preps = [c for c in used_obj.children if c.dep_ == "prep"]
        # not "a missile over Japan" (a flight path), but "concern over X's test" (a topic)
        object_preps = tuple(p for p in w.target_preps if p not in w.object_target_non)
        for word in object_preps + (w.topic_preps if verbal else ()):
            for p in obj_preps:
                if p.lower_ == word:
                    yield _pobj_actors(p, idx, f"object-prep:{word}", target_np_preps)
    if used_obj is not None and depth < 2:  # "accepted an invitation to visit X", "a plan to send aid to X"
        for c in used_obj.children:
            if c.dep_ == "acl" and c.pos_ == "VERB" and any(a.lower_ == "to" for a in c.children):
                found = verb_targets(c, idx, None, None, depth=depth + 1, exclude=exclude)
                yield [Arg(a.mention, "object-complement-" + a.route) for a in found]
    preps = [c for c in children if c.dep_ in ("prep", "dative")]
    order = ([rule_prep] if rule_prep else []) + [p for p in w.target_preps if p not in w.locative_preps]
    if used_obj is not None:
        order.append("from")  # "suspended coal imports from X"
    if locative:
        order.append("at")  # "fired at X"
    if verbal:  # "lashed out at X", "protested over X's test"
        order.extend(p for p in w.topic_preps if p not in order)
    for word in order:
        for p in preps:
            if p.lower_ == word:
                yield _pobj_actors(p, idx, f"prep:{word}", target_np_preps)
    for c in children:  # "condemned North Korea's test", "rejected calls by X", "the withdrawal of X"
        if c.dep_ in ("dobj", "nsubjpass") and not (passive and c.dep_ == "dobj"):
            for g in c.children:
                if g.dep_ in ("poss", "compound", "amod", "nmod") and g.i < c.i and idx.at(g) is not None:
                    yield [Arg(idx.at(g), "object-modifier")]
            for word in w.object_np_preps:
                for g in c.children:
                    if g.dep_ in ("prep", "agent") and g.lower_ == word:
                        yield _pobj_actors(g, idx, f"object-prep:{word}")
    if weak:
        return
    for c in children:  # "demanded that the US cancel ...": the complement clause's subject
        if c.dep_ == "ccomp":
            for g in c.children:
                if g.dep_ in SUBJ or g.dep_ == "nsubjpass":
                    yield np_actors(g, idx, "complement-subject")
    if locative:  # "imposed a curfew in X", "strengthened its forces in X": the place is the target
        for holder in [verb] + ([used_obj] if used_obj is not None else []):
            for p in holder.children:
                if p.dep_ == "prep" and p.lower_ in w.place_in_preps:
                    yield _pobj_actors(p, idx, f"place:{p.lower_}")
        yield _nested_place(verb, idx)
    if depth < 2:  # "agreed/offered to provide aid to X", "is willing to send … to help X"
        for c in children:
            if c.dep_ in ("xcomp", "advcl") and c.pos_ == "VERB" and (c.dep_ == "xcomp" or depth > 0):
                found = verb_targets(c, idx, None, None, depth=depth + 1, exclude=exclude)
                yield [Arg(a.mention, "complement-" + a.route) for a in found]


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
                    found = _pobj_actors(q, idx, f"place:{p.lower_}/{q.lower_}")
                    if found:
                        return found
    return []


def _lemma(tok, idx: MentionIndex) -> str:
    """The verb's lemma, with the small model's known slips mended ("staged" → "stag" → "stage")."""
    low = tok.lemma_.lower()
    return idx.words.lemma_fixes.get(low, low)


def _agent(verb, idx: MentionIndex) -> list[Arg]:
    for c in verb.children:
        if c.dep_ == "agent":
            return _pobj_actors(c, idx, "agent(by)")
    return []

