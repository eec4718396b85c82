"""Rules added for wire copy (news-agency ledes): a place gives a bare actor word its country, a stated country beats a
name's usual holder, fronted list members act, and the wire-copy development set itself.

All sentences are our own, written for these tests."""

from __future__ import annotations

from coder_helpers import coded_events, triples
from detente.coding.coder import EventCoder


def code(coder: EventCoder, text: str, date: str = "2008-06-15"):
    return coded_events(coder, text, date)


def test_bare_actor_word_takes_the_country_of_its_place(coder):
    events = code(coder, "Police arrested rebels in the Ivory Coast on Monday.")
    assert any(e.target is not None and e.target.country == "CIV" for e in events)


def test_stated_country_beats_the_usual_holder_of_a_name(coder):
    events = code(coder, "Jordan's King Abdullah held talks with President George W. Bush on Thursday.")
    assert ("JOR", "USA", "04") in triples(events)
    assert all(e.source.country != "SAU" for e in events)


def test_first_member_of_a_listed_subject_acts(coder):
    events = code(coder, "Obama, Prime Minister Gordon Brown and President Nicolas Sarkozy accused Iran of "
                         "hiding a plant.", "2009-09-25")
    assert {("USA", "IRN", "11"), ("GBR", "IRN", "11"), ("FRA", "IRN", "11")} <= triples(events)
