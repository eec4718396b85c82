"""Families of entries added to the language data by branch coder-lexgap (issue 10): a sentence of our own,
and the events it must (or must not) yield. ``exact`` rows compare (source country, target country, full
CAMEO code), ``has`` rows (source, target, root); ``none_of`` rows list roots that must not appear."""

from __future__ import annotations

import pytest

from coder_helpers import assert_yields, coded_events

D = "2019-03-01"

CASES = [
    # gifts: money, relief goods and arms given or sent are aid, not yielding
    pytest.param("Norway gave 40 million kroner to Malawi for school meals.", "exact", [("NOR", "MWI", "071")], id="money_given_is_economic_aid"),
    pytest.param("Japan gave Nepal $3 million after the floods.", "exact", [("JPN", "NPL", "071")], id="dollars_given_to_a_country"),
    pytest.param("The Indian army gave medical equipment to Sri Lanka.", "exact", [("IND", "LKA", "073")], id="medical_equipment_is_humanitarian_aid"),
    pytest.param("The health ministry of Cuba sent a medical team to Peru.", "exact", [("CUB", "PER", "073")], id="a_medical_team_sent"),
    pytest.param("Poland sent ammunition to Ukraine in March.", "exact", [("POL", "UKR", "072")], id="ammunition_sent_is_military_aid"),
    pytest.param("Canada handed over medical supplies to Haiti on Friday.", "exact", [("CAN", "HTI", "073")], id="relief_handed_over_is_aid_not_yielding"),
    pytest.param("Ghana is sending peacekeepers to Lebanon.", "exact", [("GHA", "LBN", "074")], id="peacekeepers_sent"),
    pytest.param("Chile opened its borders to thousands of Venezuelan refugees.", "exact", [("CHL", "VEN", "075")], id="borders_opened_to_refugees_is_asylum"),
    # giving other things
    pytest.param("Ghana gave Togo a deadline to remove the barrier.", "has", [("GHA", "TGO", "13")], id="a_deadline_given_is_an_ultimatum"),
    pytest.param("Austria gave Hungary permission to use its airspace.", "has", [("AUT", "HUN", "08")], id="permission_given_yields"),
    # returning and releasing
    pytest.param("Italy returned 20 stolen statues to the government of Egypt.", "has", [("ITA", "EGY", "08")], id="returning_things_to_x"),
    pytest.param("Kenya announced the release of four Somali nationals.", "exact", [("KEN", "SOM", "0841")], id="release_of_persons_is_a_nominal_event"),
    pytest.param("President Arroyo pardoned Joseph Estrada in October.", "has", [("PHL", "PHL", "08")], id="a_pardon_frees_a_person"),
    pytest.param("A court in Lima ordered the release of the opposition leader.", "has", [("PER", "PER", "08")], id="ordering_a_release"),
    # easing measures
    pytest.param("The United States reduced tariffs on Mexican steel.", "exact", [("USA", "MEX", "085")], id="reducing_tariffs_eases_sanctions"),
    pytest.param("Brazil rolled back tariffs on Argentine wheat.", "exact", [("BRA", "ARG", "085")], id="rolling_back_tariffs"),
    pytest.param("Oman repealed its boycott of Qatari goods.", "has", [("OMN", "QAT", "08")], id="repealing_a_boycott"),
    pytest.param("The Afghan president announced a three-day ceasefire with the Taliban.", "has", [("AFG", "AFG", "08")], id="a_ceasefire_announced"),
    pytest.param("The Sudanese president declared a cessation of hostilities in Darfur.", "exact", [("SDN", "SDN", "0871")], id="cessation_of_hostilities_declared"),
    # agreements and support
    pytest.param("Chile and Japan agreed a free trade agreement on Monday.", "exact", [("CHL", "JPN", "057"), ("JPN", "CHL", "057")], id="an_agreement_agreed_is_concluded"),
    pytest.param("Peru and Ecuador agreed to hold talks.", "has", [("PER", "ECU", "03")], id="agreeing_to_act_stays_an_intent"),
    pytest.param("Spain pledged its full support for the Colombian government.", "exact", [("ESP", "COL", "051")], id="support_pledged_is_endorsement"),
    # accusations and investigations
    pytest.param("The Moldovan president ordered an investigation into the bank.", "has", [("MDA", None, "09")], id="an_investigation_ordered"),
    pytest.param("Lithuania launched legal action against Belarus on Tuesday.", "exact", [("LTU", "BLR", "115")], id="legal_action_launched"),
    pytest.param("Prosecutors in Peru filed charges against the former president.", "has", [("PER", "PER", "11")], id="charges_filed"),
    # protest, force and repression
    pytest.param("Teachers in Chile went on strike for better pay.", "has", [("CHL", "CHL", "14")], id="going_on_strike"),
    pytest.param("Nurses in Kenya said they will not end the strike.", "has", [("KEN", "KEN", "12")], id="not_ending_a_strike_rejects"),
    pytest.param("Turkish jets carried out strikes against Kurdish targets in Iraq.", "has", [("TUR", "IRQ", "19")], id="strikes_carried_out"),
    pytest.param("Boko Haram has stepped up attacks on Nigerian soldiers.", "has", [("NGA", "NGA", "19")], id="attacks_stepped_up"),
    pytest.param("The rebels held villagers as human shields in Syria.", "exact", [("SYR", "SYR", "184")], id="human_shields"),
    pytest.param("The government of Zambia suspended publication of the largest opposition newspaper.", "exact", [("ZMB", "ZMB", "1721")], id="a_newspaper_suspended"),
    # actors: organisations the resolver did not know
    pytest.param("The Africa Union condemned the coup in Niger.", "has", [("IGO", "NER", "11")], id="africa_union_spelling"),
    pytest.param("MONUSCO condemned the attack on civilians in Congo.", "has", [("IGO", "COD", "11")], id="a_un_mission_acronym"),
]


@pytest.mark.parametrize("text, kind, expected", CASES)
def test_sentence_yields(coder, text, kind, expected):
    assert_yields(coded_events(coder, text, D), kind, expected)


@pytest.mark.parametrize("text, roots", [
    pytest.param("The delegation returned to Seoul on Friday.", {"08"}, id="returning_home_is_no_release"),
    pytest.param("France and Germany said the inspectors should be given more weapons experts.", {"07"}, id="a_passive_recipient_is_no_gift"),
    pytest.param("Spain gave a speech on Friday.", {"07", "08"}, id="giving_a_speech_is_no_event"),
    pytest.param("Turkey opened its borders to trade with Armenia.", {"07"}, id="borders_opened_to_trade_is_no_asylum"),
    pytest.param("Police in Chile sent water cannon to the square.", {"07"}, id="water_cannon_is_no_relief"),
])
def test_sentence_does_not_yield(coder, text, roots):
    events = coded_events(coder, text, D)
    assert not {e.cameo[:2] for e in events} & roots
