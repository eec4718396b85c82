"""Learned pair proposals (``coding/learned/pairs.py``): the dyad ranker and the classifier add
events beside the rules' — a coded pair the ranker prefers, a learned event beside unrelated
rule events or where none fired — and ``detente explain`` says so. Our own sentences."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from detente.actors.mention import ActorMention
from detente.coding.component import DEFAULT_CONFIG
from detente.coding.config import CoderConfig
from detente.coding.learned.features import Candidate, SentenceFeatures
from detente.coding.learned.pairs import (
    PairThresholds,
    coded_dyad,
    load_pair_thresholds,
    proposal_rows,
    propose,
    with_proposals,
)
from detente.coding.learned.parts import Decision, Thresholds
from detente.records import Actor, Document, Event

# "Border guards of Norway detained a trawler from Iceland near Svalbard." — our own sentence
TEXT = "Border guards of Norway detained a trawler from Iceland near Svalbard."


def _mention(text: str, code: str | None, country: str | None) -> ActorMention:
    start = TEXT.index(text)
    return ActorMention(0, 0, start, start + len(text), text, code, country, None, "country", "test")


def _cand(text: str, mention: ActorMention | None = None) -> Candidate:
    start = TEXT.index(text)
    return Candidate(text, start, start + len(text), {}, mention)


def _feats() -> SentenceFeatures:
    return SentenceFeatures(TEXT, {"lemma": "detain"}, [
        _cand("Border guards", None),
        _cand("Norway", _mention("Norway", "NOR", "NOR")),
        _cand("a trawler", None),
        _cand("Iceland", _mention("Iceland", "ISL", "ISL")),
    ])


# none / source / target per candidate: the ranker's first choices are the uncoded phrases
ROLES = np.array([[0.2, 0.7, 0.1], [0.3, 0.5, 0.2], [0.3, 0.1, 0.6], [0.4, 0.1, 0.5]])


def _decision(relevance=0.9, plover="COERCE", score=0.7, root="17") -> Decision:
    return Decision(relevance, plover, score, root, (0, 2), (0.7, 0.6), ROLES)


def _rule(code="173", plover="COERCE", source=None, target=None) -> Event:
    return Event(id="d:0:0", doc_id="d", sentence_id="d:0", sentence=TEXT, date=None, date_precision="unknown",
                 goldstein=-5.0, quad_class=4, cameo=code, cameo_root=code[:2], plover_event=plover,
                 source=source, target=target, pattern=f"verb:detain -> {code}",
                 explanation={"trigger": "detained", "depth": 0}, trigger_start=30, trigger_end=38)


NORWAY = Actor("Norway", "NOR", "NOR", None, TEXT.index("Norway"), TEXT.index("Norway") + 6)
ON = PairThresholds(pair=0.3, margin=0.1, beside_gate=0.5, beside_type=0.5, lone_gate=0.5, lone_type=0.5,
                    coded_dyad=0.3)


def test_everything_is_off_by_default_and_the_shipped_file_loads():
    assert propose(_feats(), _decision(), [_rule(source=NORWAY)], Thresholds(), PairThresholds()) == []
    shipped = load_pair_thresholds()
    assert isinstance(shipped, PairThresholds)


def test_thresholds_file_round_trip_and_a_bad_key_is_an_error(tmp_path):
    from detente.coding.learned.pairs import save_pair_thresholds

    path = tmp_path / "pairs.json"
    save_pair_thresholds(ON, path, {"seed": 0})
    assert load_pair_thresholds(path) == ON
    path.write_text(json.dumps({"thresholds": {"pairs": 0.2}}))
    with pytest.raises(ValueError, match="unknown pair threshold"):
        load_pair_thresholds(path)


def test_a_coded_target_the_ranker_prefers_is_proposed_beside_the_rules_event():
    f, d = _feats(), _decision()
    props = propose(f, d, [_rule(source=NORWAY)], Thresholds(), ON)
    assert [(p.kind, p.source, p.target) for p in props] == [("pair", None, 3)]  # Iceland, not "a trawler"
    (row,) = proposal_rows(f, d, [_rule(source=NORWAY)], props)
    assert row[:2] == ("COERCE", "17") and row[2].code == "NOR" and row[3].code == "ISL"
    # not sure enough, or the rules' own target scores as high: nothing
    assert propose(f, d, [_rule(source=NORWAY)], Thresholds(), PairThresholds(pair=0.6)) == []
    iceland = Actor("Iceland", "ISL", "ISL", None, TEXT.index("Iceland"), TEXT.index("Iceland") + 7)
    assert propose(f, d, [_rule(source=NORWAY, target=iceland)], Thresholds(), ON) == []


def test_a_learned_event_beside_unrelated_rule_events_and_where_none_fired():
    f, d = _feats(), _decision()
    consult = _rule("040", "CONSULT", NORWAY)
    beside = [p for p in propose(f, d, [consult], Thresholds(), ON) if p.kind == "learned"]
    assert [(p.source, p.target, p.why) for p in beside] == [(0, 2, "beside"), (1, 3, "beside, coded dyad")]
    assert not [p for p in propose(f, _decision(score=0.4), [consult], Thresholds(), ON) if p.kind == "learned"]
    lone = propose(f, d, [], Thresholds(gate=0.95), ON)  # the hybrid's own learned event is not sure enough
    assert [(p.source, p.target, p.why) for p in lone] == [(0, 2, "lone"), (1, 3, "lone, coded dyad")]
    own = propose(f, d, [], Thresholds(gate=0.5, event_type=0.5), ON)  # it is: only its coded dyad is added
    assert [(p.source, p.target, p.why) for p in own] == [(1, 3, "learned, coded dyad")]


def test_coded_dyad_needs_two_countries():
    f, d = _feats(), _decision()
    assert coded_dyad(f, d) == (1, 3)
    f.candidates[3].mention = _mention("Iceland", "NOR", "NOR")
    assert coded_dyad(f, d) == (1, None)


def test_proposal_events_carry_their_provenance_and_repeat_nothing():
    from detente.explain import explain_lines

    f, d = _feats(), _decision()
    rule = _rule(source=NORWAY)
    sent = type("S", (), {"start_char": 0, "text": TEXT})()
    doc = Document(id="d", text=TEXT)
    events = with_proposals(doc, 0, sent, f, d, [rule], [rule], Thresholds(), ON)
    assert events[0] is rule and len(events) == 2
    pair = events[1]
    assert pair.id == "d:0:1" and pair.cameo == "173" and pair.target.code == "ISL" and pair.source.code == "NOR"
    assert pair.explanation["decided_by"]["part"] == "pair proposal"
    line = next(x for x in explain_lines(pair) if x.startswith("decided by"))
    assert "a learned pair proposal" in line and "target 0.5" in line
    again = with_proposals(doc, 0, sent, f, d, [rule], events, Thresholds(), ON)
    assert len(again) == 2  # the proposed event is there already: not repeated


def test_hybrid_with_a_given_bundle_proposes_nothing_unless_told(monkeypatch):
    from detente.coding.learned import HybridCoder

    class _Parts:
        thresholds = Thresholds()

        def decide(self, feats, allowed=None):
            return []

    assert HybridCoder(parts=_Parts()).pairs == PairThresholds()
    assert HybridCoder(parts=_Parts(), pairs=ON).pairs == ON
    assert HybridCoder(config=CoderConfig(proposals=False), parts=_Parts(), pairs=ON).pairs is None  # the user's switch


def test_the_proposals_switch_reaches_the_spacy_component():
    assert CoderConfig.from_dict({"proposals": False}).proposals is False
    assert "proposals" in DEFAULT_CONFIG and DEFAULT_CONFIG["proposals"] is True


def test_domestic_actors_take_the_sentences_only_country():
    from detente.coding.learned.pairs import domestic_events, domestic_rows, sole_country
    from detente.explain import explain_lines

    # "Soldiers of Chad dispersed the marchers in the capital." — one country named
    text = "Soldiers of Chad dispersed the marchers in the capital."
    chad = ActorMention(0, 0, 12, 16, "Chad", "TCD", "TCD", None, "country", "test")
    f = SentenceFeatures(text, {"lemma": "disperse"}, [
        Candidate("Soldiers", 0, 8, {}, None, "MIL"), Candidate("Chad", 12, 16, {}, chad),
        Candidate("the marchers", 26, 38, {}, None, "OPP"), Candidate("the capital", 42, 53, {}, None)])
    roles = np.array([[0.3, 0.6, 0.1], [0.5, 0.4, 0.1], [0.3, 0.1, 0.6], [0.6, 0.1, 0.3]])
    d = Decision(0.9, "ASSAULT", 0.7, "17", (0, 2), (0.6, 0.6), roles)
    assert sole_country(f) == "TCD"
    soldiers = Actor("Soldiers", None, None, "MIL", 0, 8)
    rule = replace(_rule("175", "ASSAULT", soldiers), sentence=text)
    t = PairThresholds(domestic=0.5)
    (row, filled) = domestic_rows(f, d, [("ASSAULT", "17", soldiers, None)], t)
    assert (row[2].country, row[2].code, row[3]) == ("TCD", "TCDMIL", None)  # in place: the rules' own actor
    assert (filled[3].text, filled[3].code) == ("the marchers", "TCDOPP")  # a second event: the empty target
    events = domestic_events(Document(id="d", text=text), 0, f, d, [rule], t)
    assert [e.id for e in events] == ["d:0:0", "d:0:1"] and events[0].source.country == "TCD"
    assert events[1].target.country == "TCD" and events[1].explanation["decided_by"]["why"] == "domestic"
    assert any("of the sentence's only country" in line for line in explain_lines(events[1]))
    assert domestic_events(Document(id="d", text=text), 0, f, d, [rule], replace(t, domestic=0.7))[1:] == []
    f.candidates[3].mention = ActorMention(0, 0, 42, 53, "the capital", "CMR", "CMR", None, "capital", "test")
    assert sole_country(f) is None and domestic_rows(f, d, [("ASSAULT", "17", soldiers, None)], t)[0][2] is soldiers
