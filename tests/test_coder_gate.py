"""Entries added to the language data by branch coder-gate (issue 10: gold events in sentences where the
rules coded nothing, or only unrelated events): a sentence of our own and the events it must (or must not)
yield. ``exact`` rows compare (source country, target country, full CAMEO code), ``has`` rows (source,
target, root). A noun rule's per-modifier code (``mod_codes``) is checked on a hand-built lexicon too."""

from __future__ import annotations

import pytest

from coder_helpers import assert_yields, coded_events
from hand_parse import hand_parse

D = "2021-05-04"

CASES = [
    # warrants: arrest is coercion (173), as the event sets code a court's warrant
    pytest.param("A court in Peru issued an arrest warrant for a Bolivian senator on Monday.", "has",
                 [("PER", "BOL", "17")], id="an_arrest_warrant_issued"),
    # aid suspended by a noun: reduce aid (162), not a trade sanction (163)
    pytest.param("Sweden announced a suspension of aid to Zimbabwe.", "exact", [("SWE", "ZWE", "162")],
                 id="a_suspension_of_aid"),
    pytest.param("Germany announced the suspension of loans to Belarus.", "exact", [("DEU", "BLR", "162")],
                 id="a_suspension_of_loans"),
    pytest.param("Japan announced a suspension of coal imports from Iran.", "exact", [("JPN", "IRN", "163")],
                 id="a_suspension_of_trade_stays_a_sanction"),
    # strikes: from the air 195, of a kind not said 190 (same root)
    pytest.param("Israel carried out air strikes on targets in Syria.", "exact", [("ISR", "SYR", "195")],
                 id="air_strikes_carried_out"),
    pytest.param("Nigeria carried out strikes on camps in Niger.", "exact", [("NGA", "NER", "190")],
                 id="strikes_of_no_kind_are_an_attack"),
    pytest.param("The French president ordered air strikes against rebels in Mali.", "exact", [("FRA", "MLI", "195")],
                 id="air_strikes_ordered"),
    pytest.param("Pakistan carried out a missile test on Friday.", "has", [("PAK", None, "15")],
                 id="a_missile_test_is_no_air_strike"),
]


@pytest.mark.parametrize("text, kind, expected", CASES)
def test_sentence_yields(coder, text, kind, expected):
    assert_yields(coded_events(coder, text, D), kind, expected)


@pytest.mark.parametrize("text, roots", [
    pytest.param("The Chilean navy carried out rescue operations off Peru on Sunday.", {"19"}, id="rescue_operations"),
    pytest.param("Kenya stepped up relief operations in Somalia.", {"19"}, id="relief_operations_stepped_up"),
    pytest.param("Canada carried out peacekeeping operations in Cyprus.", {"19"}, id="peacekeeping_operations"),
])
def test_operations_that_are_no_attack(coder, text, roots):
    events = coded_events(coder, text, D)
    assert not {e.cameo[:2] for e in events} & roots, [e.cameo for e in events]


def test_military_operations_stay_an_attack(coder):
    events = coded_events(coder, "Russian troops carried out military operations against rebels in Chechnya.", D)
    assert "19" in {e.cameo[:2] for e in events}


@pytest.mark.parametrize("modifier, code", [("aid", "162"), ("grain", "163"), ("talks", None)])
def test_a_noun_rule_takes_its_modifier_code(nlp, modifier, code):
    """On a hand-built parse: "a suspension of <modifier>" takes the code its modifier names (none
    where the modifier is not one the rule needs)."""
    from detente.coding.patterns import Lexicon, NounRule

    doc = hand_parse(nlp.vocab, f"""
        a DET det 2
        suspension NOUN ROOT 0
        of ADP prep 2
        {modifier} NOUN pobj 3
    """)
    rule = NounRule("suspension", "163", mods=frozenset({"aid", "grain"}), mod_codes=(("162", frozenset({"aid"})),))
    found = Lexicon(nouns={"suspension": rule}).match_noun(doc[1])
    assert (found.code if found else None) == code


def _cand(path: str, resolved: str = "no", sector: str | None = None, coded: bool = False):
    from detente.coding.learned.features import Candidate

    return Candidate("x", 0, 1, {"path": path, "resolved": resolved, "ent": "none"}, object() if coded else None, sector)


@pytest.mark.parametrize("cands, present, absent", [
    pytest.param([_cand("nsubj", "country", coded=True), _cand("dobj", "country", coded=True)],
                 {"act_subj_obj_coded", "act_ncoded=2", "act_subj_res=country", "act_obj_res=country"},
                 {"act_subj_none", "act_obj_none"}, id="a_coded_actor_on_another"),
    pytest.param([_cand("nsubj", sector="COP"), _cand("pobj/prep")],
                 {"act_subj_sector=COP", "act_ncoded=0", "act_obj_res=no"}, {"act_subj_obj_coded"},
                 id="police_on_someone_uncoded"),
    pytest.param([_cand("npadvmod")], {"act_subj_none", "act_obj_none", "act_ncand=1"}, {"act_subj_obj_coded"},
                 id="no_subject_or_object"),
])
def test_gate_reads_the_actor_structure(cands, present, absent):
    from detente.coding.learned.features import SentenceFeatures
    from detente.coding.learned.gate_features import actor_features

    got = set(actor_features(SentenceFeatures("t", {"lemma": "hit"}, cands)))
    assert present <= got and not absent & got, sorted(got)


def test_the_gate_learns_from_the_actor_structure_alone():
    """Two sentences with the same words: the one whose subject and object are coded actors is the event."""
    from detente.coding.learned.features import SentenceFeatures
    from detente.coding.learned.models import RelevanceGate

    event = SentenceFeatures("the side hit the other", {"lemma": "hit"},
                             [_cand("nsubj", "country", coded=True), _cand("dobj", "country", coded=True)])
    other = SentenceFeatures("the side hit the other", {"lemma": "hit"}, [_cand("nsubj"), _cand("dobj")])
    gate = RelevanceGate(min_df=1).fit([event, other] * 4, [1, 0] * 4)
    yes, no = gate.relevance([event, other])
    assert yes > 0.5 > no
    blind = RelevanceGate(min_df=1, actors=False).fit([event, other] * 4, [1, 0] * 4)
    assert abs(float(blind.relevance([event])[0]) - float(blind.relevance([other])[0])) < 1e-6
