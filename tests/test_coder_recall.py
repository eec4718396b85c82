"""Recall rules added for issue 3: datelines, references to earlier events, naming verbs, topic and
object-phrase targets, domestic targets, country-less agents, statements that threaten or appeal.

All sentences are our own, written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events, triples
from detente.coding.arguments import dateline_end
from detente.coding.coder import EventCoder
from detente.langdata import LanguageData


def code(coder: EventCoder, text: str, date: str = "2017-09-04"):
    return coded_events(coder, text, date)



# -- datelines -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,ends", [
    ("SEOUL, Sept. 4 — North Korea tested a bomb.", "— "),
    ("UNITED NATIONS, Dec. 1 — The council met.", "— "),
    ("VLADIVOSTOK, Russia, April 26 — Putin met Kim.", "— "),
])
def test_dateline_end(text, ends):
    n = dateline_end(text, LanguageData.default().words)
    assert n > 0 and text[:n].rstrip().endswith(ends.strip())


def test_no_dateline_in_ordinary_sentence():
    assert dateline_end("China said on Monday it would act.", LanguageData.default().words) == 0


def test_dateline_city_is_not_an_actor(coder):
    events = code(coder, "SEOUL, Sept. 4 — North Korea conducted its sixth nuclear test on Sunday.")
    assert ("PRK", None, "15") in triples(events)
    assert all(e.source.country != "KOR" and (e.target is None or e.target.country != "KOR") for e in events)


# -- references to an earlier event ---------------------------------------------------------------
def test_condemned_the_test_targets_the_tester(coder):
    events = code(coder, "North Korea carried out a nuclear test on Sunday. Japan condemned the test.")
    assert ("JPN", "PRK", "11") in triples(events)
    ev = next(e for e in events if e.source.country == "JPN")
    assert ev.explanation["target"]["route"] == "antecedent-event:test"


def test_reference_skips_a_noun_with_its_own_actor(coder):
    events = code(coder, "North Korea fired a missile. China condemned Iran's launch.")
    assert ("CHN", "PRK", "11") not in triples(events)


# -- verbs of naming ------------------------------------------------------------------------------


def test_called_the_summit_a_success_is_praise(coder):
    events = code(coder, "Moon called the summit a great success.")
    assert any(e.cameo == "051" for e in events)


def test_call_without_a_person_is_not_a_phone_call(coder):
    events = code(coder, "The Chinese envoy called the execution an internal affair.")
    assert not any(e.cameo == "041" for e in events)


def test_call_on_sunday_is_not_call_on(coder):
    events = code(coder, "Pyongyang on Sunday called the new sanctions an act of war.")
    assert not any(e.cameo == "020" for e in events)
    assert any(e.cameo == "111" for e in events)


# -- targets --------------------------------------------------------------------------------------


def test_apposition_names_the_place(coder):
    events = code(coder, "Rebels exploded bombs in the capital, Kabul.")
    assert any(e.target is not None and e.target.country == "AFG" for e in events)


# -- sources --------------------------------------------------------------------------------------
def test_accused_x_of_doing_makes_x_the_doer(coder):
    events = code(coder, "Georgia accused Russia of shooting down a drone.")
    assert ("GEO", "RUS", "11") in triples(events)
    assert not any(e.source.country == "GEO" and e.cameo.startswith("19") for e in events)


def test_passive_participle_has_no_borrowed_source(coder):
    events = code(coder, "The missile, launched from near Pyongyang, came down in the sea, the Japanese government said.")
    assert not any(e.source.country == "JPN" and e.cameo.startswith("15") for e in events)


def test_passive_relative_clause_head_is_not_the_agent(coder):
    events = code(coder, "Officials published a list of Chinese goods that could be hit.")
    assert not any(e.source.country == "CHN" for e in events)


def test_countryless_agent_can_act_but_is_never_a_target(coder):
    events = code(coder, "Rebels attacked the town on Friday.")
    assert any(e.source.code == "---REB" and e.source.country is None for e in events)
    events = code(coder, "China condemned the rebels.")
    assert all(e.target is None or not (e.target.code or "").startswith("---") for e in events)


def test_rebels_in_a_country_take_that_country(coder):
    events = code(coder, "Rebels in the Ivory Coast rejected the peace plan.")
    assert any(e.source.country == "CIV" for e in events)


# -- statements -----------------------------------------------------------------------------------


def test_a_thing_that_should_not_change_is_no_appeal(coder):
    events = code(coder, "Xi said the friendship should not change.")
    assert not any(e.cameo == "020" for e in events)


# -- actor fixes ----------------------------------------------------------------------------------
def test_kurdistan_workers_party_is_not_north_korean(coder):
    events = code(coder, "The Kurdistan Workers' Party demanded that the Turkish government free its leader.")
    assert all(e.source.country != "PRK" for e in events)
    assert any(e.source.code == "TURREB" for e in events)


def test_speaker_of_a_misattached_second_verb(coder):
    events = code(coder, "North Korea's government said the sanctions were illegal and vowed that the United States "
                         "would pay a heavy price.")
    assert ("PRK", "USA", "13") in triples(events)
    assert not any(e.cameo.startswith("03") for e in events)


def test_obligation_in_a_second_reported_clause(coder):
    events = code(coder, "Chinese Foreign Minister Wang Yi said China would comply fully, and that Washington "
                         "should halt its drills.")
    assert any(e.source.country == "CHN" and e.target is not None and e.target.country == "USA"
               and e.cameo.startswith("10") for e in events)
