"""What the actors around an event say about it (wire copy): domestic targets, bare actor words
("rebels", "police") that take a country from the state they act on or are acted on by, the
sentence's only other country as a target, and labels read from who acts on whom (security forces
on protesters, aircraft, a named person killed, a capital seized).

Works on the coder's candidates (trigger, code, sources, targets); see docs/coder.md, item 12.
Word lists (``w``) and code families (``k``) come from the language data (coder/words.yaml,
coder/codes.yaml).
"""

from __future__ import annotations

from dataclasses import replace

from detente.coding.mentions import Arg, MentionIndex, countryless
from detente.coding.targets import verb_targets
from detente.nlp.tokens import sent_tokens


def _in_sectors(mention, sectors) -> bool:
    """The mention's sector code (``GOVMIL``, ``COP``) contains one of ``sectors``."""
    return any(x in (mention.sector or "") for x in sectors)


def _a_state(mention, k) -> bool:
    """A state or its organs: a country named by itself ("Israeli strikes") or a state sector."""
    sector = mention.sector or ""
    return (bool(mention.country) and not sector) or _in_sectors(mention, k.state_sectors)


def _says(mention, words) -> bool:
    """The mention's own words include one of ``words`` ("Israeli warplanes", "riot protesters")."""
    return bool(set(mention.text.lower().split()) & set(words))


def domestic_target(code: str, sources: list[Arg], k) -> list[Arg]:
    """Protest (14) by citizens and repression (17) by the state, with no target named, are aimed
    at the source's own country (CAMEO codes domestic conflict country-to-country); so is yielding
    (08) by anyone ("lifted the state of emergency", "the president resigned")."""
    yielding = k.domestic_yield.covers(code)
    if not (k.domestic.covers(code) or yielding):
        return []
    out = []
    for s in sources:
        m = s.mention
        state = _in_sectors(m, k.state_sectors)
        by_state = k.repression.covers(code)  # repression is done by the state itself
        if m.country and (yielding or (state if by_state else not state)):
            own = replace(m, code=m.country, sector=None, how=f"{m.how}; domestic target: its own country")
            out.append(Arg(own, "domestic(own country)"))
    return out


def relevant(cands: list, w) -> list:
    """What news copy reports that is no political act is dropped: a sports result ("Spain beat the
    Netherlands 1-0 to win the cup": a contest verb in a sentence with a sports word) and a plain
    statement by no one of a country ("police said", "state television said"); plain statements are
    kept only when the sentence has no other event."""
    out = [c for c in cands if not (c.weak and not any(s.mention.country for s in c.sources))
           and not (c.trigger.lemma_.lower() in w.contest_verbs
                    and any(t.lower_ in w.sport_words for t in sent_tokens(c.trigger.sent)))]
    return [c for c in out if not c.weak] if any(not c.weak for c in out) else out


def aim_untargeted(cands: list, idx: MentionIndex, k, sole_other: bool) -> None:
    """Targets for the sentence's candidates that found none: a reaction takes the only other
    country named (``sole_other``) or, with none, the source's own (``home_alone``), a mediator every
    other country, force its unnamed victims' country; cooperation by sides of several countries is
    with each other."""
    for cand in cands:
        if sole_other and k.yield_abroad.covers(cand.code) and cand.targets \
                and all(t.route.startswith("domestic") for t in cand.targets):
            _yield_abroad(cand, idx, k)
        if cand.targets:
            continue
        several = len({s.mention.country for s in cand.sources}) > 1  # "X and Y agreed to …": with each other
        if sole_other and not cand.weak and k.sole_other.covers(cand.code) \
                and not (several and k.intent_roots.covers(cand.code)):
            cand.targets = sole_other_actor(cand.trigger, idx, cand.sources)
            if cand.targets:
                cand.notes = [n for n in cand.notes if not n.startswith("no target")]
                cand.notes.append("target: the only other country the sentence names (-0.1)")
            elif k.home_alone.covers(cand.code):
                cand.targets = _victims(cand, idx, k) or home_alone(cand.trigger, idx, cand.sources)
        if not cand.targets and cand.sources and k.mediation.covers(cand.code):
            cand.targets = mediated_parties(cand.trigger, idx, cand.sources)
        if not cand.targets and cand.sources:
            cand.targets = _victims(cand, idx, k)
        if not cand.targets and several and k.between_sides.covers(cand.code) \
                and all(s.mention.country for s in cand.sources):
            cand.mutual = True  # "India and Pakistan agreed to resume talks": with each other, both ways


def _yield_abroad(cand, idx: MentionIndex, k) -> None:
    """"Washington lifted sanctions" in a sentence about Iran: eased for Iran, not at home; "Hamas
    declared a truce" after Israel's offensive: a truce with Israel; "X and Y declared a truce" (sides
    of different countries, not sanctions eased together): between them, both ways."""
    countries = {s.mention.country for s in cand.sources}
    if len(countries) == 1 or k.sanctions_eased.covers(cand.code):
        cand.targets = sole_other_actor(cand.trigger, idx, cand.sources) or cand.targets
    elif None not in countries:
        cand.targets, cand.mutual = [], True


def _victims(cand, idx: MentionIndex, k) -> list[Arg]:
    """Unnamed victims only for force and repression (not "killed the bill")."""
    if k.agentless_force.covers(cand.code) or k.repression.covers(cand.code):
        return unnamed_victims(cand.trigger, idx, cand.sources)
    return []


def mediated_parties(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """A mediator with no party named is aimed at every other country of the sentence ("Kenya's
    rivals signed a deal brokered by Norway", "talks under Turkish mediation"): CAMEO codes the
    mediator as source and each side as a target."""
    own = {s.mention.country for s in sources}
    others = {}
    for m in idx.mentions_in(verb.sent):
        if m.country and m.country.isalpha() and m.country not in own:
            others.setdefault(m.country, m)
    return [Arg(m, "mediated-party") for m in others.values()]


def sole_other_actor(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """A reaction with no target in a sentence that names exactly one other country: aimed at it
    ("…, and Moscow warned of serious consequences" after "Estonia removed the memorial")."""
    own = {s.mention.country for s in sources}
    others = {}
    for m in idx.mentions_in(verb.sent):
        if m.country and m.country.isalpha() and m.country not in own:
            others.setdefault(m.country, m)
    if len(others) != 1:
        return []
    return [Arg(next(iter(others.values())), "sole-other-actor")]


def unnamed_victims(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """Force or repression whose victims are unnamed people ("killing at least 40 people", "fired tear
    gas at monks", "wounding 12"): they are of the country the main clause struck ("X shelled Y's
    camps, killing 30" → Y) or, when the sentence names no country but the doer's, the doer's own
    (CAMEO codes domestic violence country to country)."""
    victim = _victim_word(verb, idx)
    if victim is None:
        return []
    country, why = _struck_by_main_clause(verb, idx, sources)
    if country is None:
        own = {s.mention.country for s in sources if s.mention.country and s.mention.country.isalpha()}
        others = {m.country for m in idx.mentions_in(verb.sent) if m.country} - own
        if len(own) != 1 or others:
            return []
        country, why = next(iter(own)), "no other country named: the doer's own"
    m = idx.at(victim)
    sector = (m.sector if m is not None else None) or "CVL"
    from detente.actors import ActorMention

    people = ActorMention(victim.i, victim.i + 1, victim.idx, victim.idx + len(victim.text), victim.text,
                          country + sector, country, sector, "sector", f"unnamed victims '{victim.text}'; {why}")
    return [Arg(people, "unnamed-victims")]


def _victim_word(verb, idx: MentionIndex):
    """The object (or ``at``/``on`` object) naming people with no actor: a victim noun, a number, or a
    country-less actor word ("protesters")."""
    w = idx.words
    spots = [c for c in verb.children if c.dep_ == "dobj"]
    spots += [g for c in verb.children if c.dep_ == "prep" and c.lower_ in w.victim_preps
              for g in c.children if g.dep_ == "pobj"]
    for tok in spots:
        m = idx.at(tok)
        if m is not None and not countryless(m):
            return None
        if m is not None or tok.lemma_.lower() in w.victim_nouns or tok.lower_ in w.victim_nouns or tok.like_num:
            return tok
    return None


def _struck_by_main_clause(verb, idx: MentionIndex, sources: list[Arg]) -> tuple[str | None, str]:
    """"X shelled Y, killing two marines": a participle's victims are of the country the main clause
    struck."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ == "VERB":
        exclude = frozenset(s.mention.code for s in sources)
        main = [t for t in verb_targets(verb.head, idx, None, None, exclude=exclude) if t.mention.country]
        if main:
            return main[0].mention.country, f"the country of {main[0].mention.text}, target of '{verb.head.text}'"
    return None, ""


def home_alone(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """An act aimed at someone (a threat, a refusal, a claim of an attack) in a sentence that names no
    actor but the doer's own country's is aimed at home ("the interior minister warned that anyone
    who marched would be jailed"), unless the sentences just before name another (the story's other
    side): CAMEO codes domestic acts country to country."""
    own = {s.mention.country for s in sources}
    if len(own) != 1 or not next(iter(own)) or not next(iter(own)).isalpha():
        return []
    mine = {id(s.mention) for s in sources}
    sent = verb.sent
    before = verb.doc[max(0, sent.start - int(idx.words.pair_window)):sent.start]  # the story so far
    for m in idx.mentions_in(sent) + idx.mentions_in(before):
        if id(m) not in mine and not countryless(m) and m.country not in own:
            return []
    m = sources[0].mention
    home = replace(m, code=m.country, sector=None, how=f"{m.how}; no other actor named: its own country")
    return [Arg(home, "home(no other actor)")]


def state_on_bare(verb, idx: MentionIndex, sources: list[Arg], bare: list[Arg], k) -> list[Arg]:
    """Bare actor words as targets ("shot two insurgents", "detained activists") take a country:
    in "X shelled Y, killing two marines" the country of Y; else, when a state actor acts and the
    sentence names no other country, the source's own (CAMEO codes domestic conflict that way)."""
    if not bare:
        return []
    country, why = _struck_by_main_clause(verb, idx, sources)
    if country is None:
        states = [s.mention for s in sources if s.mention.country and s.mention.country.isalpha()
                  and _in_sectors(s.mention, k.state_sectors)]
        others = {m.country for m in idx.mentions_in(verb.sent) if m.country} - {m.country for m in states}
        if not states or others:
            return []
        country, why = states[0].country, f"acted on by {states[0].text}: its country"
    return [Arg(replace(b.mention, code=country + (b.mention.sector or ""), country=country,
                        how=f"{b.mention.how}; {why}"), b.route + "/bare-country") for b in bare]


DIRECT_OBJECT = frozenset({"object", "conj", "apposition"})  # argument routes of a direct object


def taking_a_place(cand, w, k) -> tuple[str, str] | None:
    """Seizing a capital or a country's city is occupying territory (192), not seizing property."""
    if cand.code in k.seizure_codes and cand.trigger.lemma_.lower() in w.seizing_verbs and cand.targets and all(
            getattr(t.mention, "kind", "") in ("capital", "country", "city") and set(t.route.split("/")) <= DIRECT_OBJECT
            for t in cand.targets):
        return k.codes["place_seized"], "a place seized"
    return None


def violence_by_victim(cand, w, k) -> tuple[str, str] | None:
    """Force whose victims say what it was: security forces firing on protesters is repression
    (CAMEO 175); killing a named person is an assassination (186)."""
    if not k.force.covers(cand.code) or not cand.sources:
        return None
    kc, lemma = k.codes, cand.trigger.lemma_.lower()
    if cand.code.startswith(kc["military_force"]) and all(
            _says(s.mention, w.air_words) and not _says(s.mention, w.not_aircraft) for s in cand.sources):
        return kc["aircraft_force"], "aircraft using force"  # "NATO warplanes struck …": aerial weapons
    if all(_says(s.mention, w.protest_words) for s in cand.sources):
        return kc["violent_protest"], "protesters using force"  # "protesters stormed the palace"
    if cand.code == kc["military_force"] and lemma in w.killing_verbs and not any(
            _a_state(s.mention, k) for s in cand.sources):
        return kc["unconventional_killing"], "killing by no state force"  # gunmen, bombers, rebels (18)
    tmentions = [t.mention for t in cand.targets]
    if tmentions and all(_says(m, w.protest_words) for m in tmentions) and all(
            _in_sectors(s.mention, k.force_sectors) for s in cand.sources):
        return kc["repression"], "security forces on protesters"
    named = any(c.dep_ in ("dobj", "nsubjpass") and c.ent_type_ == "PERSON" for c in cand.trigger.children)
    if tmentions and lemma in w.killing_verbs and (
            named or all(getattr(m, "kind", "") == "person" for m in tmentions)):
        return k.codes["assassination"], "a named person killed"
    return None


def bare_on_state(sources: list[Arg], targets: list[Arg], k, doc=None, places=()) -> list[Arg]:
    """Bare actor words acting on a state ("rebels shelled the president's residence", "protesters
    marched on parliament") act at home: the sources take the state's country. A place where armed
    doers struck is no state acted on ("gunmen killed 12 people in Kabul": they stay unknown, as the
    event sets code them; people rallying in Hong Kong are Hong Kong's); ``places``: the
    prepositions of a place, with ``doc`` the parse."""
    if not sources or not all(_bare(s.mention) for s in sources):
        return sources
    armed = all(_in_sectors(s.mention, k.armed_sectors) for s in sources)
    states = [t.mention for t in targets if t.mention.country and t.mention.country.isalpha()
              and (not t.mention.sector or _in_sectors(t.mention, k.state_sectors))
              and not (armed and doc is not None and _a_place(doc, t, places))]
    if not states:
        return sources
    country = states[0].country
    return [Arg(replace(s.mention, code=country + (s.mention.sector or ""), country=country,
                        how=f"{s.mention.how}; acting on {states[0].text}: its country"),
                s.route + "/bare-on-state") for s in sources]


def state_of_sentence(cands: list, idx: MentionIndex, k) -> None:
    """A bare state organ acting ("troops killed the attackers", "the army pressed on", "a lawmaker set
    off tear gas") is the state of the first state the sentence names ("in the Pakistani city of …",
    "Israel's cabinet met …, as the army …", "in South Korea's parliament") that it does not act on
    (a place it acts in does, but not the venue of a meeting or accord); an armed group is no
    state, and non-state actor words ("gunmen", "rebels") keep no country, as the event sets code them."""
    for cand in cands:
        bare = [s for s in cand.sources if _bare(s.mention) and _in_sectors(s.mention, k.state_sectors)]
        if not bare:
            continue
        doc, places = cand.trigger.doc, idx.words.place_preps
        struck = {t.mention.country for t in cand.targets  # "officials criticised Iran": not Iran's
                  if not _a_place(doc, t, places)}
        venue = k.between_sides.covers(cand.code)  # "officials met … in Geneva": a venue, not their state
        country = next((m for m in idx.mentions_in(cand.trigger.sent) if m.country and m.country.isalpha()
                        and m.country not in struck and _a_state(m, k)
                        and not (venue and _a_place(doc, Arg(m, ""), places))), None)
        if country is None:
            continue
        cand.sources = [Arg(replace(s.mention, code=country.country + (s.mention.sector or ""),
                                    country=country.country,
                                    how=f"{s.mention.how}; the state of the sentence's first country "
                                        f"('{country.text}')"), s.route + "/sentence-state")
                        if s in bare else s for s in cand.sources]


def _a_place(doc, t: Arg, places) -> bool:
    """The target is where something happened: reached by a place route or the object of ``in``."""
    if t.route.startswith("place"):
        return True
    if t.mention.end <= t.mention.start:
        return False
    tok = doc[t.mention.start:t.mention.end].root
    for _ in range(4):  # "in the Nigerian city of Kano": up through modifiers and "of"
        if tok.dep_ in ("amod", "compound", "poss", "nmod"):
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of":
            tok = tok.head.head
        else:
            break
    return tok.dep_ == "pobj" and tok.head.lower_ in places


def _bare(m) -> bool:
    return (m.code or "").startswith("---")


def hosted_visits(events: list, k, ontology) -> list:
    """A visit to another country is also hosted by it (CAMEO 043, host → visitor): news copy
    reports one act of both sides ("Merkel flew into Athens on her first visit …"); so is the arrival of
    peacekeepers (074 → 0861), and a guest hosted made the visit (043 → 042: "Noda hosted Thein Sein";
    ``hosted`` in coder/codes.yaml). Only acts that happened (asserted or reported), between two
    different countries, and not when the sentence already has that event."""
    out = []
    have = {(e.cameo, e.source.code if e.source else None, e.target.code if e.target else None) for e in events}
    for e in events:
        if (e.cameo not in k.hosted or e.source is None or e.target is None or not e.source.country
                or not e.target.country or e.source.country == e.target.country or e.modality not in k.done):
            continue
        entry = ontology.lookup(k.hosted[e.cameo])
        if (entry.code, e.target.code, e.source.code) in have:
            continue
        doc_part, _ = e.id.rsplit(":", 1)
        out.append(replace(e, id=f"{doc_part}:{len(events) + len(out)}", source=e.target, target=e.source,
                           cameo=entry.code, cameo_root=entry.root, goldstein=entry.goldstein,
                           quad_class=entry.quad_class, plover_event=entry.plover_event,
                           plover_mode=entry.plover_mode, pattern=e.pattern + f"; the host of a visit -> {entry.code}",
                           explanation={**e.explanation, "reframed": f"host of the visit {e.id}"}))
    return out
