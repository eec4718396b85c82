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


# (source, target, root) triples or CAMEO codes a sentence must yield: one row per rule
CASES = [
    pytest.param('TOKYO, Aug. 30 — Japan protested to China.', None, 'has', [('JPN', 'CHN', '11')], id='subject_nearest_the_verb_wins'),
    pytest.param('Resolution 2999 bans coal exports from North Korea.', None, 'has', [('IGO', 'PRK', '16')], id='numbered_resolution_acts_for_the_council'),
    pytest.param('North Korea fired a missile on Monday. Abe called the launch intolerable.', None, 'has', [('JPN', 'PRK', '11')], id='called_the_launch_intolerable_is_criticism'),
    pytest.param("Tokyo voiced alarm over North Korea's missile programme.", None, 'has', [('JPN', 'PRK', '01')], id='topic_preposition_of_a_verbal_act'),
    pytest.param('The Venezuelan leader lashed out at Colombia.', None, 'has', [('VEN', 'COL', '11')], id='lashed_out_at'),
    pytest.param('North Korea fired a missile over Japan.', None, 'has', [('PRK', None, '15')], id='missile_over_a_country_is_not_a_target'),
    pytest.param('Britain mobilised its reserves for a war against Iraq.', None, 'has', [('GBR', 'IRQ', '15')], id='war_against_x_names_the_target'),
    pytest.param('Moon accepted an invitation to visit Pyongyang.', None, 'has', [('KOR', 'PRK', '03')], id='invitation_to_visit_reaches_the_place'),
    pytest.param('Thousands of Iraqi Kurds demonstrated on Sunday.', None, 'has', [('IRQ', 'IRQ', '14')], id='protest_with_no_target_is_against_own_state'),
    pytest.param('Indonesian police arrested three men on Tuesday.', None, 'has', [('IDN', 'IDN', '17')], id='arrest_by_police_with_no_target_is_domestic'),
    pytest.param('Kim Jong Un held two days of talks with Xi Jinping in Dalian.', None, 'has', [('PRK', 'CHN', '04')], id='held_days_of_talks_uses_the_light_verb'),
    pytest.param('Kenzo Oshima, the United Nations relief coordinator, urged Sudan to open its borders.', None, 'has', [('IGO', 'SDN', '02')], id='apposition_office_beats_nationality'),
    pytest.param('Kim said Trump would pay dearly for his speech.', None, 'has', [('PRK', 'USA', '13')], id='will_pay_dearly_is_a_threat'),
    pytest.param("China's envoy said all sides should exercise restraint.", None, 'has', [('CHN', None, '02')], id='all_sides_should_is_an_appeal'),
    pytest.param('Washington raised tariffs on Chinese steel.', None, 'has', [('USA', 'CHN', '16')], id='raise_tariffs_is_a_sanction'),
    pytest.param('Moon Jae-in flew to Pyongyang to see Kim Jong Un. The two leaders met for an hour.', None, 'has', [('KOR', 'PRK', '04'), ('PRK', 'KOR', '04')], id='the_two_leaders_are_the_last_two_countries_named'),
    pytest.param('In Osaka, Trump and Chinese President Xi Jinping agreed to resume trade talks.', None, 'has', [('USA', 'CHN', '03')], id='first_name_hung_off_the_second_title'),
    pytest.param('Xi Jinping, whom Abe hosted in Tokyo, praised Japan.', None, 'has', [('JPN', 'CHN', '04')], id='relative_pronoun_object_is_the_head'),
    pytest.param('The Security Council approved its toughest sanctions yet against Pyongyang.', None, 'has', [('IGO', 'PRK', '16')], id='light_verb_carries_the_nominal_target'),
    pytest.param('UNITED NATIONS, March 3 — The Security Council adopted a resolution, expanding sanctions on North Korea.', None, 'has', [('IGO', 'PRK', '16')], id='nearest_subject_of_a_governing_clause'),
    pytest.param("Amina Bello, Nigeria's best-known rights campaigner, staged a hunger strike on Monday.", None, 'has', [('NGA', 'NGA', '14')], id='unknown_person_takes_the_country_of_the_apposition'),
]


@pytest.mark.parametrize("text, date, kind, expected", CASES)
def test_sentence_yields(coder, text, date, kind, expected):
    events = code(coder, text, date) if date else code(coder, text)
    found = triples(events) if kind == "has" else {e.cameo for e in events}
    assert set(map(tuple, expected) if kind == "has" else expected) <= found
