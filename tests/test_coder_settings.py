"""Recall on news copy, third push (issue 10): meetings and visits named only as the setting of another
act, phone calls, deadlines to leave, decided measures, denials, aid cut off, crowds in the street.
All sentences are our own; each row is (text, a triple that must be coded) or (text, a triple that must not)."""

from __future__ import annotations

import pytest

from detente.records import Document


def triples(coder, text: str) -> set[tuple]:
    _d, _s, events = next(coder.code_documents([Document(id="s", text=text, date="2025-06-10")]))

    def country(a):
        return None if a is None else (a.country or (a.code or "")[:3] or None)
    return {(country(e.source), country(e.target), e.cameo[:2]) for e in events}


FOUND = [
    # talks, summits and meetings that set another act are held by its parties, both ways
    ("The Croatian president pressed the Serbian prime minister on minority rights during talks in Zagreb.",
     ("HRV", "SRB", "04")),
    ("The Croatian president pressed the Serbian prime minister on minority rights during talks in Zagreb.",
     ("SRB", "HRV", "04")),
    ("Portugal and Brazil signed a fisheries accord after two days of talks in Lisbon.", ("BRA", "PRT", "04")),
    ("Ghana and Togo agreed to reopen their border following a meeting of their foreign ministers.",
     ("TGO", "GHA", "04")),
    ("The Peruvian president announced during a visit to Quito that the two countries would share radar data.",
     ("PER", "ECU", "04")),
    # "the visiting X": a visit to the one who receives X, and hosting
    ("The Chilean president told the visiting Argentine foreign minister that the dispute was closed.",
     ("ARG", "CHL", "04")),
    ("Bolivia refused to let the visiting Peruvian president address its parliament.", ("BOL", "PER", "04")),
    # phone calls are had by both sides
    ("The Kenyan president telephoned the Tanzanian president on Monday.", ("TZA", "KEN", "04")),
    # force, protest and denial
    ("Ethiopian troops returned fire after Eritrean soldiers shelled a border post.", ("ETH", "ERI", "19")),
    ("Thousands of Serbians took to the streets of Belgrade on Sunday.", ("SRB", "SRB", "14")),
    ("Hundreds of Bolivians hurled stones at the Chilean embassy in La Paz.", ("BOL", "CHL", "14")),
    ("North Korea denied that it had fired on a South Korean patrol boat.", ("PRK", "KOR", "01")),
    ("Kyiv dismissed as groundless a Russian report that its troops had shelled a hospital.", ("UKR", "RUS", "01")),
    ("Rebels seized the port and several towns in eastern Congo.", ("COD", "COD", "19")),
    ("Moscow launched a cruise-missile attack on rebel positions in Syria.", ("RUS", "SYR", "19")),
    # expulsions, decided measures, aid cut off, hosting, sanctions eased abroad
    ("Pakistan ordered the United States to vacate a drone base within 15 days.", ("PAK", "USA", "16")),
    ("Venezuela gave the US ambassador 72 hours to leave the country.", ("VEN", "USA", "16")),
    ("The World Bank decided to withhold a loan from Ghana.", ("IGO", "GHA", "16")),
    ("Ottawa condemned Washington's decision to impose tariffs on Canadian lumber.", ("USA", "CAN", "16")),
    ("Norway suspended food supplies to Eritrea on Friday.", ("NOR", "ERI", "16")),
    ("The Indian premier was greeted at the airport by Nepal's prime minister.", ("NPL", "IND", "04")),
    ("Washington lifted sanctions after Belarus freed political prisoners.", ("USA", "BLR", "08")),
    # lawsuits, alerts, states of siege, investigations
    ("A rights group filed a lawsuit against the Thai government on Friday.", ("THA", "THA", "11")),
    ("The Indonesian army remained on alert along the border.", ("IDN", None, "15")),
    ("Guatemala's president declared a state of siege in the province.", ("GTM", "GTM", "17")),
    ("Kenya's parliament began an investigation into the Ugandan company.", ("KEN", "UGA", "09")),
    # an opposition leader coordinated with a state's leader is that state's opposition
    ("President Mwai Kibaki and opposition leader Raila Odinga signed a power-sharing agreement.", ("KEN", "KEN", "05")),
]

NOT_FOUND = [
    ("Ethiopian troops returned fire after Eritrean soldiers shelled a border post.", ("ETH", "ETH", "08")),
    ("The World Bank decided to withhold a loan from Ghana.", ("IGO", "GHA", "13")),  # decided: not a threat
    ("Washington lifted sanctions after Belarus freed political prisoners.", ("BLR", "USA", "08")),
    ("Ghana and Togo agreed to reopen their border following a meeting of their foreign ministers.",
     ("TGO", "TGO", "04")),
    # sports results and statements by no one of a country are no political acts
    ("Morocco beat Portugal 1-0 in Doha on Saturday to reach the World Cup semi-final.", ("MAR", "PRT", "18")),
    ("Police said the road to the airport was closed after heavy snow.", (None, None, "01")),
    ("President Mwai Kibaki and opposition leader Raila Odinga signed a power-sharing agreement.", ("KEN", None, "05")),
]


@pytest.mark.parametrize("text, triple", FOUND)
def test_news_copy_settings_are_coded(coder, text, triple):
    assert triple in triples(coder, text)


@pytest.mark.parametrize("text, triple", NOT_FOUND)
def test_news_copy_settings_do_not_overreach(coder, text, triple):
    assert triple not in triples(coder, text)
