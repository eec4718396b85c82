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
