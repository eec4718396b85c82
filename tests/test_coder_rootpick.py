"""Which root wins for a dyad (issue 10, branch coder-rootpick): an act someone *decided* on is
coded as the act, not as an intention; acts under verbs of intention stay intentions.

All sentences are our own, written for these tests."""

from __future__ import annotations

import pytest

from coder_helpers import coded_events, triples

DECIDED = [
    # (sentence, a triple that must be coded, a triple that must not)
    ("The Kenyan cabinet decided to grant asylum to two hundred Somali refugees.", ("KEN", "SOM", "07"), ("KEN", "SOM", "03")),
    ("The Chilean government decided on Monday to lift the embargo on Bolivia.", ("CHL", "BOL", "08"), ("CHL", "BOL", "03")),
    ("Peru condemned Ecuador's decision to expel its ambassador.", ("ECU", "PER", "16"), ("ECU", "PER", "13")),
]

INTENDED = [
    ("The Kenyan cabinet agreed to grant asylum to two hundred Somali refugees.", ("KEN", "SOM", "03")),
    ("Chile promised to lift the embargo on Bolivia.", ("CHL", "BOL", "03")),
]


@pytest.mark.parametrize(("text", "wanted", "unwanted"), DECIDED)
def test_a_decided_act_is_the_act(coder, text, wanted, unwanted):
    found = triples(coded_events(coder, text, "2021-05-04"))
    assert wanted in found
    assert unwanted not in found


@pytest.mark.parametrize(("text", "wanted"), INTENDED)
def test_an_agreed_or_promised_act_stays_an_intention(coder, text, wanted):
    assert wanted in triples(coded_events(coder, text, "2021-05-04"))


REFUSED_MUTUAL = [
    # (sentence, the refuser's rejection, the partner's reversed pair that must not be coded)
    ("The Chinese president refused to meet the Japanese foreign minister.", ("CHN", "JPN", "12"), ("JPN", "CHN", "12")),
    ("The Turkish leader did not meet his Greek counterpart in Brussels.", ("TUR", "GRC", "12"), ("GRC", "TUR", "12")),
]


@pytest.mark.parametrize(("text", "rejection", "reversed_pair"), REFUSED_MUTUAL)
def test_a_refused_mutual_act_is_rejected_by_its_subject_only(coder, text, rejection, reversed_pair):
    found = triples(coded_events(coder, text, "2021-05-04"))
    assert rejection in found
    assert reversed_pair not in found


def test_sides_that_both_refuse_both_reject(coder):
    found = triples(coded_events(coder, "Chile and Peru refused to negotiate.", "2021-05-04"))
    assert {("CHL", "PER", "12"), ("PER", "CHL", "12")} <= found


def test_a_mutual_act_done_is_still_paired_both_ways(coder):
    found = triples(coded_events(coder, "The Chinese president met the Japanese foreign minister.", "2021-05-04"))
    assert {("CHN", "JPN", "04"), ("JPN", "CHN", "04")} <= found
