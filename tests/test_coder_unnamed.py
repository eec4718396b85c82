"""Recall of the rules, fourth push (issue 10): crowds protesting in a place, arrests with no agent
named, accusations and appeals aimed at whoever answers them, sanctions eased by several states.
All sentences are our own; each row is (text, a triple that must be coded) or (text, a triple that must not)."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events
from coder_helpers import triples as triples_of


def triples(coder, text: str) -> set[tuple]:
    return triples_of(coded_events(coder, text, "2025-06-10"))


FOUND = [
    # an unnamed crowd protests where it is: the people of the place's country, at home
    ("Thousands of people marched through Lima on Saturday.", ("PER", "PER", "14")),
    ("Several hundred demonstrated in Tbilisi against the new media law.", ("GEO", "GEO", "14")),
    ("Protests broke out across Kenya after the budget vote.", ("KEN", "KEN", "14")),
    # an arrest with no agent: the state of the place, else the arrested person's own
    ("A Danish journalist was arrested in Turkey on Wednesday.", ("TUR", "DNK", "17")),
    ("Two Swedish aid workers were detained in Iran last month.", ("IRN", "SWE", "17")),
    # an accusation or appeal with no target is aimed at whoever answers it
    ("Beijing rejected Japanese accusations that its coast guard had rammed a fishing boat.", ("JPN", "CHN", "11")),
    ("Hanoi dismissed Chinese allegations of spying as absurd.", ("CHN", "VNM", "11")),
    ("Lithuania ignored Russian appeals to reopen the rail link.", ("RUS", "LTU", "02")),
    # "the alliance", "the group": the most recent alliance or group named
    ("NATO invited Montenegro to join, and Russia warned that expansion of the alliance would force it to respond.",
     ("RUS", "IGO", "13")),
    ("Amnesty International accused Egypt of torture, and the group urged Cairo to free the detainees.",
     ("NGO", "EGY", "02")),
    # a named modifier says more than a possessive pronoun
    ("Hungary demanded that its European Union partners drop the new budget rules.", ("HUN", "IGO", "10")),
    # "flew into X" is a visit, hosted by X
    ("The Austrian chancellor flew into Sarajevo on Monday for talks on the border.", ("AUT", "BIH", "04")),
    ("The Austrian chancellor flew into Sarajevo on Monday for talks on the border.", ("BIH", "AUT", "04")),
    # "their leaders" after coordinated actors are the leaders of all of them
    ("Peru and Ecuador said their presidents would meet in Lima next month.", ("ECU", "PER", "03")),
    ("Peru and Ecuador said their presidents would meet in Lima next month.", ("PER", "ECU", "03")),
    # an offer or pledge with no target is aimed at the only other country named
    ("Portugal sent condolences to Mozambique after the floods, and Lisbon offered to send rescue teams.",
     ("PRT", "MOZ", "03")),
    # a past-tense verb hung on a reported clause's bare verb is the reporting side's second act
    ("Britain said Iran must release the sailors and recalled its ambassador from Tehran.", ("GBR", "IRN", "16")),
    # sanctions eased by several states in a sentence naming one other country
    ("Canada and Australia eased sanctions after Myanmar released the prisoners.", ("AUS", "MMR", "08")),
]

NOT_FOUND = [
    ("Thousands of people marched through Lima on Saturday.", (None, "PER", "14")),
    ("They protested outside the American embassy in Seoul.", ("USA", "USA", "14")),  # no crowd of a building
    ("A Danish journalist was arrested in Turkey on Wednesday.", (None, "DNK", "17")),
    ("Beijing rejected Japanese accusations that its coast guard had rammed a fishing boat.", ("JPN", None, "11")),
    ("Canada and Australia eased sanctions after Myanmar released the prisoners.", ("CAN", "CAN", "08")),
    # several sources declaring a truce are not easing it for a country named as the place
    ("Sudan and Chad declared a truce at a summit in the Egyptian city of Sharm el-Sheikh.", ("SDN", "EGY", "08")),
    # several sources agreeing agree with each other, not with the country where they met
    ("Chile and Bolivia agreed to reopen their consulates after a meeting in Brazil.", ("CHL", "BRA", "03")),
    ("Britain said Iran must release the sailors and recalled its ambassador from Tehran.", ("IRN", "IRN", "16")),
    # an answer in the passive needs its agent: "until their demands are met" is no demand on anyone
    ("The strikers said they would stay out until their wage demands are accepted.", (None, None, "10")),
]


@pytest.mark.parametrize("text, triple", FOUND)
def test_unnamed_doers_are_coded(coder, text, triple):
    assert triple in triples(coder, text)


@pytest.mark.parametrize("text, triple", NOT_FOUND)
def test_unnamed_doers_do_not_overreach(coder, text, triple):
    assert triple not in triples(coder, text)
