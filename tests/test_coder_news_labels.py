"""Labels and triggers on news copy (issue 10, "label wrong" / "no event"; seventh push of the rules):
a sentence of our own and the (source, target, code) it must yield, or a code it must not yield.
``exact`` rows compare the full CAMEO code, ``has`` rows the root."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events, triples

CASES = [
    # peacekeepers arriving or deployed are peacekeeping (074); the host receives them (0861)
    pytest.param('Dutch peacekeeping troops arrived in Mali on Sunday.', '2019-03-01', 'exact',
                 [('NLD', 'MLI', '074'), ('MLI', 'NLD', '0861')], id='peacekeepers_arriving_are_peacekeeping'),
    pytest.param('The United Nations deployed peacekeepers to Haiti.', '2019-03-01', 'exact',
                 [(None, 'HTI', '074')], id='deploying_peacekeepers_is_peacekeeping'),
    # the infinitive of a noun of intention is intended
    pytest.param('Peru and Chile announced moves to restore diplomatic ties.', '2019-03-01', 'has',
                 [('PER', 'CHL', '03'), ('CHL', 'PER', '03')], id='moves_to_act_are_an_intention'),
    # who did a nominal event: a participle's agent, a claim of responsibility
    pytest.param('Thousands marched in Lima in protests led by Bolivian farmers.', '2019-03-01', 'has',
                 [('BOL', 'BOL', '14')], id='protests_led_by_x_are_xs'),
    pytest.param('The rebels claimed responsibility for the bombing of a Nigerian army base.', '2019-03-01', 'has',
                 [('NGA', 'NGA', '19')], id='claiming_responsibility_for_a_bombing_names_its_doer'),
    pytest.param("Russia's bombing of Aleppo drew condemnation from France.", '2019-03-01', 'has',
                 [('RUS', 'SYR', '19'), ('FRA', 'RUS', '11')], id='a_bombing_of_a_place_is_force_against_it'),
    pytest.param('A Somali militia claimed responsibility for the car bombings in Mogadishu.', '2019-03-01', 'exact',
                 [('SOM', 'SOM', '1832')], id='car_bombings_are_cameo_1832'),
    # what a statement or a demand also says
    pytest.param('Venezuela said the United States was a threat to peace.', '2019-03-01', 'has',
                 [('VEN', 'USA', '11')], id='a_statement_calling_x_a_threat_is_criticism'),
    pytest.param('The Security Council demanded that Syria withdraw its troops by May or face sanctions.', '2019-03-01',
                 'exact', [(None, 'SYR', '131')], id='or_face_sanctions_is_a_threat_of_sanctions'),
    pytest.param('Serbian militias were engaged in ethnic cleansing in Kosovo.', '1999-03-01', 'has',
                 [('SRB', 'KSV', '20')], id='engaged_in_keeps_its_subject_as_the_doer'),
    pytest.param('Kenyan peacekeepers landed in Somalia on Tuesday.', '2019-03-01', 'exact',
                 [('KEN', 'SOM', '074'), ('SOM', 'KEN', '0861')], id='peacekeepers_landing_are_peacekeeping'),
    # conditional offers are intentions; requests handed over are appeals to whom they are handed
    pytest.param('Serbia said it would recognise Kosovo if Europe lifted sanctions.', '2019-03-01', 'has',
                 [('SRB', 'KSV', '03')], id='a_conditional_offer_is_an_intention'),
    pytest.param('The Senegalese envoy handed the Gambian president a request for talks.', '2019-03-01', 'has',
                 [('SEN', 'GMB', '02')], id='a_request_handed_to_x_is_an_appeal_to_x'),
    pytest.param('Hundreds of Kenyan farmers submitted a petition to the Ugandan embassy.', '2019-03-01', 'has',
                 [('KEN', 'UGA', '02')], id='a_petition_submitted_is_an_appeal'),
    # lexicon
    pytest.param('Saudi Arabia gave Yemen $2 billion in aid.', '2019-03-01', 'exact',
                 [('SAU', 'YEM', '071')], id='an_amount_in_aid_is_aid'),
    pytest.param("Norway's mediation between Colombia and the rebels ended.", '2019-03-01', 'has',
                 [('NOR', 'COL', '04')], id='a_mediation_between_x_and_y_is_aimed_at_them'),
    pytest.param('The Asian Development Bank pulled out of a loan for a Nepalese dam.', '2019-03-01', 'exact',
                 [(None, 'NPL', '162')], id='pulling_out_of_a_loan_cuts_aid'),
    pytest.param('Rioters set fire to the Danish embassy in Beirut.', '2019-03-01', 'has',
                 [(None, 'DNK', '17')], id='setting_fire_to_an_embassy_destroys_property'),
]


def _found(events, kind: str) -> set[tuple]:
    if kind == "has":
        return triples(events)
    return {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo)
            for e in events}


@pytest.mark.parametrize("text, date, kind, expected", CASES)
def test_sentence_yields(coder, text, date, kind, expected):
    found = _found(coded_events(coder, text, date), kind)
    for src, tgt, code in expected:  # a None source in a row stands for "any source" (IGO, sector-only)
        assert any((src is None or f[0] == src) and f[1] == tgt and f[2] == code for f in found), (expected, found)


def test_calling_talks_useful_is_no_criticism(coder):
    """Only blaming words make a statement's verdict criticism."""
    events = coded_events(coder, "Mexico said the talks with Cuba were useful.", "2019-03-01")
    assert not any(e.cameo.startswith("11") for e in events)


def test_a_rejected_request_is_only_the_rejection(coder):
    """"rejected a Chilean request": the request is not coded as a new appeal."""
    events = coded_events(coder, "Bolivia rejected a Chilean request for talks.", "2019-03-01")
    assert not any(e.cameo.startswith("02") for e in events)


def test_sworn_in_is_no_vow(coder):
    """"was sworn in" is taking office, not a pledge (030)."""
    events = coded_events(coder, "Chile's new president was sworn in on Monday.", "2019-03-01")
    assert not any(e.cameo.startswith("03") for e in events)
