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


def test_pro_country_is_a_stance_not_a_nationality(coder):
    events = code(coder, "Pro-Russian rebels shelled Ukrainian positions on Sunday.", "2015-02-15")
    assert all(e.source is None or e.source.country != "RUS" for e in events)


def test_tear_gas_on_protesters_is_repression(coder):
    assert ("EGY", "EGY", "17") in triples(code(coder, "Egyptian police fired tear gas at protesters.", "2011-01-28"))


def test_a_telephone_conversation_is_a_call_both_ways(coder):
    events = code(coder, "Obama and Putin spoke by telephone on Friday.", "2014-03-01")
    assert {("USA", "RUS", "04"), ("RUS", "USA", "04")} <= triples(events)
    assert all(e.cameo == "041" for e in events)


def test_bare_victims_of_a_participle_take_the_main_target_country(coder):
    events = code(coder, "North Korean artillery shelled the South Korean island of Yeonpyeong on Tuesday, "
                         "killing two marines.", "2010-11-23")
    assert ("PRK", "KOR", "19") in triples(events)
    assert ("PRK", "PRK", "19") not in triples(events)


def test_the_two_sides_are_not_the_place_they_met(coder):
    events = code(coder, "Chinese President Xi Jinping and Taiwan's President Ma Ying-jeou shook hands in "
                         "Singapore at the first meeting between leaders of the two sides.", "2015-11-07")
    assert ("CHN", "TWN", "04") in triples(events)
    assert all(e.target is None or e.target.country != "SGP" for e in events)


def test_security_forces_firing_on_protesters_is_repression(coder):
    events = code(coder, "Indian police fired on stone-throwing protesters in Kashmir on Monday.", "2010-08-02")
    assert any(e.cameo == "175" for e in events)


def test_killing_a_named_leader_is_an_assassination(coder):
    events = code(coder, "Colombian troops killed FARC commander Raul Reyes in a raid.", "2008-03-01")
    assert any(e.cameo == "186" for e in events)


def test_ordering_troops_to_a_border_is_mobilisation(coder):
    events = code(coder, "Chavez ordered ten battalions to the Colombian border on Sunday.", "2008-03-02")
    assert any(e.cameo == "154" for e in events)


def test_a_sponsor_named_in_a_compound_is_not_a_party(coder):
    events = code(coder, "Sri Lanka's government and the Tamil Tiger rebels signed a Norwegian-brokered "
                         "ceasefire on Friday.", "2002-02-22")
    assert ("LKA", "LKA", "05") in triples(events)
    assert all(e.target is None or e.target.country != "NOR" for e in events)


def test_claiming_responsibility(coder):
    assert any(e.cameo == "015" for e in code(coder, "The rebels claimed responsibility for the attack."))


def test_hopeful_statement_is_an_optimistic_comment(coder):
    events = code(coder, "The Palestinian negotiator said on Monday he was hopeful that a deal with Israel "
                         "could still be reached.")
    assert ("PSE", "ISR", "01") in triples(events)
    assert any(e.cameo == "013" for e in events)


def test_a_group_leader_acts_for_the_group(coder):
    events = code(coder, "Boko Haram leader Abubakar Shekau claimed responsibility for the abduction.", "2014-05-05")
    assert any(e.source.code == "NGAREB" and e.cameo == "015" for e in events)


def test_committing_crimes_is_not_a_commitment(coder):
    events = code(coder, "The panel said both armies committed war crimes.")
    assert all(not e.cameo.startswith("03") for e in events)


def test_protesters_storming_a_building_is_a_violent_protest(coder):
    events = code(coder, "Opposition protesters stormed the presidential headquarters in Bishkek on Thursday.",
                  "2005-03-24")
    assert any(e.cameo.startswith("14") for e in events)


def test_agreeing_on_a_view_is_accord_but_agreeing_to_act_is_intent(coder):
    view = code(coder, "Chirac and Schroeder agreed on Wednesday that war with Iraq was not inevitable.", "2003-01-22")
    act = code(coder, "Hungarian and Romanian officials agreed that their countries should cooperate.")
    assert any(e.cameo == "019" for e in view)
    assert all(e.cameo != "019" for e in act) and any(e.cameo.startswith("03") for e in act)


def test_seizing_a_capital_is_occupying_territory(coder):
    events = code(coder, "Seleka rebels seized Bangui, capital of the Central African Republic, on Sunday.", "2013-03-24")
    assert any(e.cameo == "192" for e in events)


def test_warplanes_striking_is_aerial_force(coder):
    events = code(coder, "NATO warplanes struck military targets across Yugoslavia on Wednesday night.", "1999-03-25")
    assert any(e.cameo == "195" for e in events)


def test_relative_clauses_name_their_actors(coder):
    events = code(coder, "Russian President Vladimir Putin, who visited Beijing in March, criticised the United "
                         "States on Friday.", "2015-06-12")
    assert ("RUS", "CHN", "04") in triples(events)
    events = code(coder, "Iran tested a missile that Israel condemned as a provocation.")
    assert ("ISR", "IRN", "11") in triples(events)


def test_seizing_a_company_from_a_country_is_not_occupation(coder):
    events = code(coder, "Argentina seized control of oil company YPF from Spain's Repsol on Monday.", "2012-04-16")
    assert all(e.cameo != "192" for e in events)


def test_hostages_alerts_courts_and_strikes(coder):
    assert any(e.cameo == "181" for e in code(coder, "The rebels are holding 500 peacekeepers hostage."))
    assert any(e.cameo == "152" for e in code(coder, "South Korea put its military on emergency alert on Monday."))
    assert ("ARG", "URY", "11") in triples(code(coder, "Argentina took Uruguay to the International Court of "
                                                    "Justice on Thursday.", "2006-05-04"))
    events = code(coder, "Greek workers walked off the job on Wednesday in a nationwide general strike.", "2011-06-15")
    assert any(e.cameo == "143" and e.source.country == "GRC" for e in events)
    assert any(e.cameo == "083" for e in code(coder, "Georgian President Eduard Shevardnadze announced his "
                                                      "resignation on Sunday.", "2003-11-23"))


def test_the_sole_other_actor_is_explained(coder):
    events = code(coder, "Estonia removed a Soviet war memorial on Friday, and Moscow warned of serious "
                         "consequences.", "2007-04-27")
    warn = next(e for e in events if e.cameo.startswith("13"))
    assert warn.explanation["target"]["route"] == "sole-other-actor"
    assert not any(n.startswith("no target") for n in warn.explanation["confidence"])


def test_killing_by_gunmen_is_unconventional_violence(coder):
    events = code(coder, "Gunmen killed 14 people at a party in Ciudad Juarez on Saturday.", "2010-10-23")
    assert any(e.cameo.startswith("18") for e in events)
    events = code(coder, "Suicide bombers struck polling stations across Iraq on Sunday.", "2005-01-30")
    assert all(e.cameo != "195" for e in events)


def test_signing_a_ceasefire_together_is_a_ceasefire_with_each_other(coder):
    events = code(coder, "Sri Lanka's government and the Tamil Tiger rebels signed a ceasefire on Friday.", "2002-02-22")
    assert {("LKA", "LKA", "08")} <= triples(events)
    assert sum(1 for e in events if e.cameo == "0871") == 2
