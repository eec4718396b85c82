"""One table of the coder's rules: a sentence of our own and the (source, target, root) triples or CAMEO
codes it must yield, one row per rule (the rows of test_coder*.py, issue 10 part 1). ``exact`` rows
compare the full CAMEO code, ``has`` rows the root."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events, triples

CASES = [
    pytest.param('Chinese President Xi Jinping visited Pyongyang in June 2019.', '2019-07-01', 'exact', [('CHN', 'PRK', '042')], id='verb_visit'),
    pytest.param('China suspended coal imports from North Korea in February 2017.', '2019-07-01', 'exact', [('CHN', 'PRK', '163')], id='import_suspension_is_a_sanction'),
    pytest.param('The United States tightened North Korea sanctions.', '2019-07-01', 'exact', [('USA', 'PRK', '163')], id='sanctions_modifier_is_the_target'),
    pytest.param('Russia has strengthened its forces in Belarus.', '2019-07-01', 'exact', [('RUS', 'BLR', '154')], id='target_search_skips_the_source_itself'),
    pytest.param("Putin's decision to not visit Japan surprised Tokyo.", '2019-07-01', 'exact', [('RUS', 'JPN', '125')], id='negated_intention_of_a_possessor_is_a_rejection'),
    pytest.param('TOKYO, Aug. 30 — Japan protested to China.', '2017-09-04', 'has', [('JPN', 'CHN', '11')], id='subject_nearest_the_verb_wins'),
    pytest.param('Resolution 2999 bans coal exports from North Korea.', '2017-09-04', 'has', [('IGO', 'PRK', '16')], id='numbered_resolution_acts_for_the_council'),
    pytest.param('North Korea fired a missile on Monday. Abe called the launch intolerable.', '2017-09-04', 'has', [('JPN', 'PRK', '11')], id='called_the_launch_intolerable_is_criticism'),
    pytest.param("Tokyo voiced alarm over North Korea's missile programme.", '2017-09-04', 'has', [('JPN', 'PRK', '01')], id='topic_preposition_of_a_verbal_act'),
    pytest.param('The Venezuelan leader lashed out at Colombia.', '2017-09-04', 'has', [('VEN', 'COL', '11')], id='lashed_out_at'),
    pytest.param('North Korea fired a missile over Japan.', '2017-09-04', 'has', [('PRK', None, '15')], id='missile_over_a_country_is_not_a_target'),
    pytest.param('Britain mobilised its reserves for a war against Iraq.', '2017-09-04', 'has', [('GBR', 'IRQ', '15')], id='war_against_x_names_the_target'),
    pytest.param('Moon accepted an invitation to visit Pyongyang.', '2017-09-04', 'has', [('KOR', 'PRK', '03')], id='invitation_to_visit_reaches_the_place'),
    pytest.param('Thousands of Iraqi Kurds demonstrated on Sunday.', '2017-09-04', 'has', [('IRQ', 'IRQ', '14')], id='protest_with_no_target_is_against_own_state'),
    pytest.param('Indonesian police arrested three men on Tuesday.', '2017-09-04', 'has', [('IDN', 'IDN', '17')], id='arrest_by_police_with_no_target_is_domestic'),
    pytest.param('Kim Jong Un held two days of talks with Xi Jinping in Dalian.', '2017-09-04', 'has', [('PRK', 'CHN', '04')], id='held_days_of_talks_uses_the_light_verb'),
    pytest.param('Kenzo Oshima, the United Nations relief coordinator, urged Sudan to open its borders.', '2017-09-04', 'has', [('IGO', 'SDN', '02')], id='apposition_office_beats_nationality'),
    pytest.param('Kim said Trump would pay dearly for his speech.', '2017-09-04', 'has', [('PRK', 'USA', '13')], id='will_pay_dearly_is_a_threat'),
    pytest.param("China's envoy said all sides should exercise restraint.", '2017-09-04', 'has', [('CHN', None, '02')], id='all_sides_should_is_an_appeal'),
    pytest.param('Washington raised tariffs on Chinese steel.', '2017-09-04', 'has', [('USA', 'CHN', '16')], id='raise_tariffs_is_a_sanction'),
    pytest.param('Moon Jae-in flew to Pyongyang to see Kim Jong Un. The two leaders met for an hour.', '2017-09-04', 'has', [('KOR', 'PRK', '04'), ('PRK', 'KOR', '04')], id='the_two_leaders_are_the_last_two_countries_named'),
    pytest.param('In Osaka, Trump and Chinese President Xi Jinping agreed to resume trade talks.', '2017-09-04', 'has', [('USA', 'CHN', '03')], id='first_name_hung_off_the_second_title'),
    pytest.param('Xi Jinping, whom Abe hosted in Tokyo, praised Japan.', '2017-09-04', 'has', [('JPN', 'CHN', '04')], id='relative_pronoun_object_is_the_head'),
    pytest.param('The Security Council approved its toughest sanctions yet against Pyongyang.', '2017-09-04', 'has', [('IGO', 'PRK', '16')], id='light_verb_carries_the_nominal_target'),
    pytest.param('UNITED NATIONS, March 3 — The Security Council adopted a resolution, expanding sanctions on North Korea.', '2017-09-04', 'has', [('IGO', 'PRK', '16')], id='nearest_subject_of_a_governing_clause'),
    pytest.param("Amina Bello, Nigeria's best-known rights campaigner, staged a hunger strike on Monday.", '2017-09-04', 'has', [('NGA', 'NGA', '14')], id='unknown_person_takes_the_country_of_the_apposition'),
    pytest.param('Obama, Prime Minister Gordon Brown and President Nicolas Sarkozy accused Iran of hiding a plant.', '2009-09-25', 'has', [('FRA', 'IRN', '11'), ('GBR', 'IRN', '11'), ('USA', 'IRN', '11')], id='first_member_of_a_listed_subject_acts'),
    pytest.param('Thai troops shot dead two insurgents in the south on Monday.', '2008-06-15', 'has', [('THA', 'THA', '19')], id='state_acting_on_bare_actor_words_acts_at_home'),
    pytest.param("Rebels shelled the residence of Yemen's president on Tuesday.", '2015-01-20', 'has', [('YEM', 'YEM', '19')], id='bare_actor_words_acting_on_a_state_act_at_home'),
    pytest.param('Sudan formally recognised the Republic of South Sudan on Friday.', '2011-07-08', 'has', [('SDN', 'SSD', '05')], id='country_names_are_never_people'),
    pytest.param('Afghanistan broke off negotiations with the United States on Wednesday.', '2013-06-19', 'has', [('AFG', 'USA', '16')], id='breaking_off_talks'),
    pytest.param('About 1,000 US troops began a joint military exercise with Georgian forces on Tuesday.', '2008-06-15', 'has', [('GEO', 'USA', '06'), ('USA', 'GEO', '06')], id='joint_exercise_with_foreign_forces'),
    pytest.param('Syrian troops stormed the city of Homs on Sunday.', '2011-07-31', 'has', [('SYR', 'SYR', '19')], id='a_major_city_names_its_country'),
    pytest.param("Hezbollah leader Hassan Nasrallah warned that his group would strike Tel Aviv's airport if Israel bombed Beirut.", '2010-02-16', 'has', [('LBN', 'ISR', '13')], id='a_warning_is_aimed_at_what_the_complement_would_strike'),
    pytest.param('U.S. and Israeli forces began their largest-ever joint air defence exercise on Sunday.', '2012-10-21', 'has', [('ISR', 'USA', '06'), ('USA', 'ISR', '06')], id='their_joint_exercise_belongs_to_both_forces'),
    pytest.param('North Korea carried out a nuclear test, drawing swift condemnation from Washington, Tokyo and Seoul.', '2006-10-09', 'has', [('JPN', 'PRK', '11'), ('KOR', 'PRK', '11'), ('USA', 'PRK', '11')], id='condemnation_drawn_is_aimed_at_who_drew_it'),
    pytest.param('Sharon and Abbas declared a mutual halt to violence at a summit on Tuesday.', '2005-02-08', 'has', [('ISR', 'PSE', '08'), ('PSE', 'ISR', '08')], id='coordinated_sides_declaring_a_truce_declare_it_to_each_other'),
    pytest.param('Israel and Syria announced on Wednesday that they were holding indirect peace talks.', '2008-05-21', 'has', [('ISR', 'SYR', '04'), ('SYR', 'ISR', '04')], id='they_after_coordinated_actors_stands_for_all'),
    pytest.param('NATO launched air strikes against Serbian military targets on Wednesday, and Russia condemned the attacks as open aggression.', '1999-03-25', 'has', [('RUS', 'IGO', '11')], id='a_reaction_in_the_same_sentence_targets_the_earlier_actor'),
    pytest.param('Estonia removed a Soviet war memorial on Friday, and Moscow warned of serious consequences.', '2007-04-27', 'has', [('RUS', 'EST', '13')], id='a_reaction_with_no_target_aims_at_the_only_other_country'),
    pytest.param('France exploded a nuclear device beneath Mururoa atoll on Tuesday.', '1995-09-05', 'has', [('FRA', None, '15')], id='exploding_a_nuclear_device_is_a_test'),
    pytest.param('Obama, Prime Minister Gordon Brown and President Nicolas Sarkozy accused Iran of hiding a plant and demanded it open the site.', '2009-09-25', 'has', [('USA', 'IRN', '10')], id='a_fronted_list_member_also_acts_in_the_second_verb'),
    pytest.param('Turkish Prime Minister Recep Tayyip Erdogan, whose government recalled its ambassador from Tel Aviv on Monday, criticised Israel.', '2010-06-01', 'has', [('TUR', 'ISR', '16')], id='whose_government_is_the_head_persons_government'),
    pytest.param('Argentina said it would impose sanctions on Paraguay.', '2019-03-01', 'has', [('ARG', 'PRY', '13')], id='statement_with_future_sanctions_is_coded_for_the_speaker'),
    pytest.param('Jordan says it will not accept more refugees if the war spreads.', '2019-03-01', 'has', [('JOR', None, '12')], id='conditioned_refusal_is_a_rejection'),
    pytest.param('Ecuador withdrew from its border treaty with Peru on Monday.', '2019-03-01', 'exact', [('ECU', 'PER', '161')], id='withdrawing_from_a_treaty_reduces_relations'),
    pytest.param('The rebels pulled out of the ceasefire with the Chadian government on Friday.', '2019-03-01', 'exact', [('TCD', 'TCD', '1246')], id='pulling_out_of_a_truce_refuses_de_escalation'),
    pytest.param('The opposition pulled out of the presidential election in Togo.', '2019-03-01', 'exact', [('TGO', 'TGO', '143')], id='pulling_out_of_an_election_is_a_boycott'),
    pytest.param('The Security Council suspended its sanctions against Liberia.', '2019-03-01', 'has', [('IGO', 'LBR', '08')], id='suspending_sanctions_eases_them'),
    pytest.param('Ethiopian soldiers razed dozens of houses in the Somali town of Baidoa.', '2019-03-01', 'exact', [('ETH', 'SOM', '1712')], id='razing_houses_destroys_property'),
    pytest.param('Kenya handed over three suspects to Tanzanian police on Sunday.', '2019-03-01', 'exact', [('KEN', 'TZA', '063')], id='handing_over_suspects_is_judicial_cooperation'),
    pytest.param('Morocco warned that Algeria must reopen the border.', '2019-03-01', 'has', [('MAR', 'DZA', '10')], id='warning_that_y_must_act_is_a_demand'),
    pytest.param('The Kenyan president told the visiting Ugandan minister about the raids and apologised.', '2019-03-01', 'has', [('KEN', 'UGA', '05')], id='a_coordinated_verb_acts_on_the_first_verbs_target'),
    pytest.param("Iraq ordered two Kuwaiti envoys to leave the country on Monday, retaliating for Kuwait's expulsion of its attache.", '2019-03-01', 'has', [('IRQ', 'KWT', '17')], id='a_participle_set_off_by_a_comma_is_the_main_subjects'),
    pytest.param('The junta shortened the nightly curfew in the capital of Niger.', '2019-03-01', 'exact', [('NER', 'NER', '081')], id='shortening_a_curfew_eases_it'),
    pytest.param('Serbian paramilitaries carried out ethnic cleansing in Kosovo.', '1999-03-01', 'has', [('SRB', 'KSV', '20')], id='ethnic_cleansing_is_a_nominal_event'),
]


@pytest.mark.parametrize("text, date, kind, expected", CASES)
def test_sentence_yields(coder, text, date, kind, expected):
    events = coded_events(coder, text, date)
    if kind == "exact":
        found = {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo)
                 for e in events}
    else:
        found = triples(events) if kind == "has" else {e.cameo for e in events}
    assert set(map(tuple, expected) if kind in ("has", "exact") else expected) <= found


def test_warning_shots_are_no_threat(coder):
    """The parser makes "warning" a verb in "fired gas and warning shots": it is no warning (130)."""
    events = coded_events(coder, "Police fired tear gas and warning shots at protesters in Lima.", "2019-03-01")
    assert not any(e.cameo.startswith("13") for e in events)
