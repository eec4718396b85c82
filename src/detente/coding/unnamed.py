"""Events whose doer no actor names, read the way CAMEO codes domestic conflict (country to country):

- a crowd protesting in a place ("thousands marched through Athens", "protesters rallied in Minsk",
  "protests erupted across Iran", "a rally in Nairobi") is of the place's country;
- someone arrested or deported with no agent named ("a journalist was arrested in Turkey") was
  arrested by the state of the place, or with no place named, by his own country's.

Word lists: ``crowd_place_preps``, ``crowd_place_nouns`` and ``arrest_place_preps`` in coder/words.yaml.
"""

from __future__ import annotations

from dataclasses import replace

from detente.coding.arguments import SUBJ, np_actors, pobj_actors
from detente.coding.mentions import Arg, MentionIndex, countryless


def crowd_sources(verb, idx: MentionIndex, sources: list[Arg]) -> list[Arg]:
    """The source of a protest verb whose subject names no country ("thousands rallied in Minsk",
    "students protesting in Accra"): the people of the place where it happens; [] when the
    source has a country already, or the verb names no place."""
    if sources and not all(countryless(s.mention) for s in sources):
        return []
    if not sources:  # an explicit subject that is no actor: a crowd ("thousands", "people"), not a pronoun
        subject = next((c for c in verb.children if c.dep_ in SUBJ), None)
        if subject is None or subject.pos_ == "PRON":
            return []
    holders = [verb] + [c for c in verb.children if c.dep_ in SUBJ]
    place = _place(holders, idx, idx.words.crowd_place_preps)
    if place is None:
        return []
    sector = (sources[0].mention.sector if sources else None) or "CVL"
    return [Arg(_people_of(place, sector, "a crowd there"), "crowd-in-place")]


def placed_protest(noun, idx: MentionIndex) -> list[Arg]:
    """The source of a protest noun no actor holds ("protests erupted across Iran", "gathered for a
    rally in Nairobi"): the people of the place named on the noun or on the verb it is subject of."""
    holders = [noun] + ([noun.head] if noun.dep_ == "nsubj" and noun.head.pos_ == "VERB" else [])
    place = _place(holders, idx, idx.words.crowd_place_preps)
    return [Arg(_people_of(place, "CVL", "a protest there"), "protest-in-place")] if place is not None else []


def arresting_state(verb, idx: MentionIndex, targets: list[Arg]) -> list[Arg]:
    """The source of an arrest or deportation with no agent: the state of the place ("was arrested in
    Turkey"), else that of the one arrested ("opposition leader X was detained")."""
    place = _place([verb], idx, idx.words.arrest_place_preps)
    if place is None:
        place = next((t.mention for t in targets if t.mention.country and t.mention.country.isalpha()), None)
    return [Arg(_people_of(place, "COP", "arrested there"), "arresting-state")] if place is not None else []


def agentless_passive(verb) -> bool:
    """A passive verb with no ``by`` agent ("was arrested", "were deported")."""
    deps = {c.dep_ for c in verb.children}
    return "nsubjpass" in deps and "agent" not in deps


def _place(holders, idx: MentionIndex, preps) -> object | None:
    """The first actor with a country named by one of ``preps`` on one of ``holders``: the place itself
    ("in Minsk") or a place noun's ("through the streets of Athens"), not any actor the phrase
    mentions ("in solidarity with Chilean miners")."""
    for holder in holders:
        for p in holder.children:
            if p.dep_ == "prep" and p.lower_ in preps:
                for pobj in (c for c in p.children if c.dep_ == "pobj"):
                    m = _country_of(pobj, idx)
                    if m is not None:
                        return m
    return None


def _country_of(pobj, idx: MentionIndex):
    """The actor a place phrase names: its head or modifier, or through ``of`` after a place noun."""
    found = np_actors(pobj, idx, "place", depth=3)
    if not found and pobj.lemma_.lower() in idx.words.crowd_place_nouns:
        found = [a for p in pobj.children if p.dep_ == "prep" and p.lower_ == "of"
                 for a in pobj_actors(p, idx, "place")]
    return next((a.mention for a in found if a.mention.country and a.mention.country.isalpha()
                 and not countryless(a.mention)), None)


def _people_of(place, sector: str, why: str):
    """The place's country as an actor of ``sector`` (CVL: its people; COP: its police)."""
    return replace(place, code=place.country + sector, sector=sector,
                   how=f"{place.how}; {why}: the country of {place.text}")
