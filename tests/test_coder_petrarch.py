"""PETRARCH-style fallbacks added in the second recall push of issue 3: the first actor of the verb's
clause as target, an unresolved pronoun in a reported clause as the speaker, and the subject of an
"if/unless" condition as the target of a threat.

All sentences are our own, written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events, triples
from detente.coding.coder import EventCoder
from detente.coding.config import CoderConfig


def code(coder: EventCoder, text: str, date: str = "2019-03-01"):
    return coded_events(coder, text, date)



# -- the first actor of the clause as target -------------------------------------------------------
def test_clause_first_actor_is_target_when_grammar_finds_none(coder):
    # the country sits inside a participle phrase on the recipients, not on the verb
    events = code(coder, "Germany will deliver two thousand tonnes of grain to families fleeing the fighting in Sudan.")
    assert ("DEU", "SDN", "03") in triples(events)
    assert any(e.explanation["target"] and e.explanation["target"]["route"] == "clause-first-actor" for e in events)


def test_clause_fallback_can_be_switched_off():
    events = code(EventCoder(config=CoderConfig(clause_fallback=False)), "Germany will deliver two thousand tonnes of grain to families fleeing the fighting in Sudan.")
    assert ("DEU", "SDN", "03") not in triples(events)


def test_clause_fallback_skips_subjects_of_embedded_clauses(coder):
    # the actor of "after X raised duties" is not the target of the retaliation
    # (the sentence's only other country may still be the target, by the later "sole other actor" rule)
    events = code(coder, "Bolivia retaliated after Chile raised duties on its copper.")
    assert not any(e.source.country == "BOL" and e.target is not None and e.target.country == "CHL"
                   and e.explanation["target"]["route"] == "clause-first-actor" for e in events)


def test_clause_fallback_not_for_tests_of_force(coder):
    # a weapons test near a country is not aimed at it
    events = code(coder, "Norway tested a new rocket over the Barents Sea near Russia.")
    assert ("NOR", None, "15") in triples(events)
    assert all(e.target is None for e in events)


def test_clause_fallback_keeps_mutual_pairs(coder):
    # "X and Y signed" stays a pair of signatories; the country named later is not the target
    events = code(coder, "France and Italy signed an accord covering shipping to Tunisia.")
    got = triples(events)
    assert ("FRA", "ITA", "05") in got and ("ITA", "FRA", "05") in got
    assert not any(t == "TUN" for _s, t, _r in got)


def test_clause_fallback_skips_reported_clauses(coder):
    # the reported clause is its own event; the statement verb does not take its actor
    events = code(coder, "Chad announced that Niger had closed the border.")
    assert not any(e.source.country == "TCD" and e.target is not None and e.target.country == "NER"
                   and e.cameo.startswith("01") for e in events)


# -- an unresolved pronoun in a reported clause is the speaker ---------------------------------------
def test_pronoun_subject_of_reported_clause_is_the_speaker(coder):
    events = code(coder, "Kenya said it was ready to send troops to Somalia.")
    assert any(e.source.country == "KEN" and e.target is not None and e.target.country == "SOM" for e in events)
    routes = {e.explanation["source"]["route"] for e in events if e.source.country == "KEN"}
    assert routes & {"speaker-of-pronoun", "subject"}


# -- threats aimed at the subject of their condition ---------------------------------------------------
@pytest.mark.parametrize("text,triple", [
    ("Turkey threatened to cut trade ties unless Armenia apologized.", ("TUR", "ARM", "13")),
    ("Egypt threatened to recall its envoy if Israel kept building.", ("EGY", "ISR", "13")),
])
def test_threat_targets_the_subject_of_its_condition(coder, text, triple):
    events = code(coder, text)
    assert triple in triples(events)
    assert any(e.explanation["target"] and e.explanation["target"]["route"] == "condition-subject" for e in events)


def test_condition_needs_if_or_unless(coder):
    events = code(coder, "Egypt threatened to recall its envoy after Israel kept building.")
    assert not any(e.explanation["target"] and e.explanation["target"]["route"] == "condition-subject"
                   for e in events)


# -- ultimatums and conditioned refusals (CAMEO conventions for acts not yet done) -------------------
@pytest.mark.parametrize("text,expected", [
    ("Ghana will withdraw its peacekeepers from Mali unless the junta holds elections.", "136"),
    ("Japan will impose sanctions on Iran if it enriches more uranium.", "1312"),
])
def test_act_conditioned_on_if_or_unless_is_a_threat(coder, text, expected):
    events = code(coder, text)
    assert any(e.cameo == expected for e in events)
    assert any("threat" in (e.explanation.get("reframed") or "") for e in events)


def test_act_already_done_is_not_an_ultimatum(coder):
    events = code(coder, "Japan imposed sanctions on Iran in May.")
    assert not any(e.cameo.startswith("13") for e in events)


# -- a coercive measure announced with its start date is the act itself --------------------------------
@pytest.mark.parametrize("text,root", [
    ("Ghana will ban imports of cocoa from Togo from March 3, the trade ministry said.", "16"),
    ("Ghana will ban imports of cocoa from Togo, the trade ministry said.", "13"),
    ("Ghana plans to ban imports of cocoa from Togo from March 3.", "13"),
])
def test_dated_future_measure_is_coded_as_the_act(coder, text, root):
    events = code(coder, text)
    assert ("GHA", "TGO", root) in triples(events)


def test_dated_measure_switch():
    events = code(EventCoder(config=CoderConfig(scheduled_acts=False)), "Ghana will ban imports of cocoa from Togo from March 3, the trade ministry said.")
    assert ("GHA", "TGO", "13") in triples(events)
