"""What the actors around an event say about it (wire copy): domestic targets, bare actor words
("rebels", "police") that take a country from the state they act on or are acted on by, the
sentence's only other country as a target, and labels read from who acts on whom (security forces
on protesters, aircraft, a named person killed, a capital seized).

Works on the coder's candidates (trigger, code, sources, targets); see docs/coder.md, item 12.
"""

from __future__ import annotations

from dataclasses import replace

from detente.coding.arguments import Arg, MentionIndex, verb_targets

DOMESTIC_ROOTS = ("14", "17")
STATE_SECTORS = ("GOV", "MIL", "COP", "JUD", "SPY", "LEG")
FORCE_SECTORS = ("MIL", "COP", "SPY")  # the state's armed arms


def _in_sectors(mention, sectors) -> bool:
    """The mention's sector code (``GOVMIL``, ``COP``) contains one of ``sectors``."""
    return any(x in (mention.sector or "") for x in sectors)


def _says(mention, words) -> bool:
    """The mention's own words include one of ``words`` ("Israeli warplanes", "riot protesters")."""
    return bool(set(mention.text.lower().split()) & set(words))


def domestic_target(code: str, sources: list[Arg]) -> list[Arg]:
    """Protest (14) by citizens and repression (17) by the state, with no target named, are aimed
    at the source's own country (CAMEO codes domestic conflict country-to-country)."""
    if not code.startswith(DOMESTIC_ROOTS):
        return []
    out = []
    for s in sources:
        m = s.mention
        state = _in_sectors(m, STATE_SECTORS)
        if m.country and (state if code.startswith("17") else not state):
            own = replace(m, code=m.country, sector=None, how=f"{m.how}; domestic target: its own country")
            out.append(Arg(own, "domestic(own country)"))
    return out


SOLE_OTHER = True
SOLE_OTHER_ROOTS = ("02", "10", "11", "12", "13", "14", "16", "17", "18", "19", "20")


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


def state_on_bare(verb, idx: MentionIndex, sources: list[Arg], bare: list[Arg]) -> list[Arg]:
    """Bare actor words as targets ("shot two insurgents", "detained activists") take a country:
    in "X shelled Y, killing two marines" the country of Y; else, when a state actor acts and the
    sentence names no other country, the source's own (CAMEO codes domestic conflict that way)."""
    if not bare:
        return []
    country, why = None, ""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head.pos_ == "VERB":
        exclude = frozenset(s.mention.code for s in sources)
        main = [t for t in verb_targets(verb.head, idx, None, None, exclude=exclude) if t.mention.country]
        if main:
            country, why = main[0].mention.country, f"the country of {main[0].mention.text}, target of '{verb.head.text}'"
    if country is None:
        states = [s.mention for s in sources if s.mention.country and s.mention.country.isalpha()
                  and _in_sectors(s.mention, STATE_SECTORS)]
        others = {m.country for m in idx.mentions_in(verb.sent) if m.country} - {m.country for m in states}
        if not states or others:
            return []
        country, why = states[0].country, f"acted on by {states[0].text}: its country"
    return [Arg(replace(b.mention, code=country + (b.mention.sector or ""), country=country,
                        how=f"{b.mention.how}; {why}"), b.route + "/bare-country") for b in bare]


AIR_WORDS = frozenset({"warplanes", "warplane", "jets", "jet", "aircraft", "helicopters", "helicopter", "bombers",
                       "bomber", "drones", "drone", "gunships", "gunship", "planes"})
DIRECT_OBJECT = frozenset({"object", "conj", "apposition"})
SEIZING_VERBS = frozenset({"seize", "capture", "take", "overrun", "storm"})
KILLING_VERBS = frozenset({"kill", "shoot", "murder", "gun"})
PROTEST_WORDS = frozenset({"protesters", "protestors", "demonstrators", "marchers", "rioters", "crowd", "crowds",
                           "protester", "demonstrator"})


def taking_a_place(cand) -> tuple[str, str] | None:
    """Seizing a capital or a country's city is occupying territory (192), not seizing property."""
    if cand.code in ("171", "173") and cand.trigger.lemma_.lower() in SEIZING_VERBS and cand.targets and all(
            getattr(t.mention, "kind", "") in ("capital", "country", "city") and set(t.route.split("/")) <= DIRECT_OBJECT
            for t in cand.targets):
        return "192", "a place seized"
    return None


def violence_by_victim(cand) -> tuple[str, str] | None:
    """Force whose victims say what it was: security forces firing on protesters is repression
    (CAMEO 175); killing a named person is an assassination (186)."""
    if not cand.code.startswith(("18", "19")) or not cand.sources:
        return None
    if cand.code.startswith("190") and all(_says(s.mention, AIR_WORDS) and not _says(s.mention, {"suicide"})
                                           for s in cand.sources):
        return "195", "aircraft using force"  # "NATO warplanes struck …": aerial weapons
    if all(_says(s.mention, PROTEST_WORDS) for s in cand.sources):
        return "145", "protesters using force"  # "protesters stormed the palace": a violent protest
    if cand.code == "190" and cand.trigger.lemma_.lower() in KILLING_VERBS and not any(
            _in_sectors(s.mention, FORCE_SECTORS + ("GOV",)) for s in cand.sources):
        return "180", "killing by no state force"  # gunmen, bombers, rebels: unconventional violence (18)
    tmentions = [t.mention for t in cand.targets]
    if tmentions and all(_says(m, PROTEST_WORDS) for m in tmentions) and all(
            _in_sectors(s.mention, FORCE_SECTORS) for s in cand.sources):
        return "175", "security forces on protesters"
    named = any(c.dep_ in ("dobj", "nsubjpass") and c.ent_type_ == "PERSON" for c in cand.trigger.children)
    if tmentions and cand.trigger.lemma_.lower() in KILLING_VERBS and (
            named or all(getattr(m, "kind", "") == "person" for m in tmentions)):
        return "186", "a named person killed"
    return None


def bare_on_state(sources: list[Arg], targets: list[Arg]) -> list[Arg]:
    """Bare actor words acting on a state ("rebels shelled the president's residence", "protesters
    marched on parliament") act at home: the sources take the state's country."""
    if not sources or not all(_bare(s.mention) for s in sources):
        return sources
    states = [t.mention for t in targets if t.mention.country and t.mention.country.isalpha()
              and (not t.mention.sector or _in_sectors(t.mention, STATE_SECTORS))]
    if not states:
        return sources
    country = states[0].country
    return [Arg(replace(s.mention, code=country + (s.mention.sector or ""), country=country,
                        how=f"{s.mention.how}; acting on {states[0].text}: its country"),
                s.route + "/bare-on-state") for s in sources]


def _bare(m) -> bool:
    return (m.code or "").startswith("---")
