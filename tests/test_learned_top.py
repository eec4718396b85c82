"""The top arbiter (coding/learned/top.py): it reorders the readings a sentence already has and
never adds or removes one; what it chose is marked, taken by ``best_event`` and explained."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from detente.coding.evaluate import best_event
from detente.coding.learned.arbiter import Arbiter
from detente.coding.learned.parts import Decision
from detente.coding.learned.top import TOP_KEY, TopArbiter, candidate, reading_of, with_top
from detente.explain import explain_lines
from detente.records import Actor, Event

# "Coast guards of Chile boarded a fishing boat from Peru off Arica." — our own sentence
TEXT = "Coast guards of Chile boarded a fishing boat from Peru off Arica."
CHILE = Actor("Chile", "CHL", "CHL", None, TEXT.index("Chile"), TEXT.index("Chile") + 5)
PERU = Actor("Peru", "PER", "PER", None, TEXT.index("Peru"), TEXT.index("Peru") + 4)


def _event(k: int, code: str, plover: str, decided: dict | None = None, depth: int = 0,
           confidence: float = 0.8) -> Event:
    ex: dict = {"trigger": "boarded", "depth": depth}
    if decided:
        ex["decided_by"] = decided
    return Event(id=f"d:0:{k}", doc_id="d", sentence_id="d:0", sentence=TEXT, date=None, date_precision="unknown",
                 goldstein=-5.0, quad_class=4, cameo=code, cameo_root=code[:2], plover_event=plover,
                 source=CHILE, target=PERU, pattern=f"verb:board -> {code}", confidence=confidence,
                 explanation=ex, trigger_start=21, trigger_end=28)


def _decision(plover: str = "COERCE", score: float = 0.8) -> Decision:
    probs = {"COERCE": 0.1, "ASSAULT": 0.1, "CONSULT": 0.05}
    probs[plover] = score
    return Decision(0.9, plover, score, "17", (0, 1), (0.7, 0.6), np.zeros((2, 3)), probs)


RULE = _event(0, "190", "ASSAULT")
PROPOSED = _event(1, "170", "COERCE", {"part": "learned proposal", "why": "beside", "type": "COERCE"},
                  confidence=0.5)


def _always(threshold: float = 0.5) -> TopArbiter:
    return TopArbiter(Arbiter({}, 5.0), threshold)  # P ≈ 0.99 for every row


def test_the_candidate_is_the_first_reading_of_the_classifiers_type():
    readings = [reading_of(e) for e in (RULE, PROPOSED)]
    assert candidate(readings, 0, _decision("COERCE")) == 1
    assert candidate(readings, 0, _decision("ASSAULT")) is None  # the top has the classifier's type
    assert candidate(readings, 0, _decision("CONSULT")) is None  # no reading of it


def test_the_chosen_reading_goes_first_marked_and_best_event_takes_it():
    out = with_top([RULE, PROPOSED], _decision(), [RULE], _always())
    assert [e.id for e in out] == ["d:0:1", "d:0:0"]  # the same events, reordered
    assert out[0].explanation[TOP_KEY]["above"] == "d:0:0"
    assert best_event(out) is out[0]
    assert best_event([RULE, PROPOSED]) is RULE  # without the arbiter the rules' event is the top
    assert any("top arbiter" in line and "d:0:0" in line for line in explain_lines(out[0]))


def test_under_the_threshold_or_off_nothing_moves():
    assert with_top([RULE, PROPOSED], _decision(), [RULE], TopArbiter(Arbiter({}, -5.0), 0.5)) == [RULE, PROPOSED]
    assert with_top([RULE, PROPOSED], _decision(), [RULE], _always(1.1)) == [RULE, PROPOSED]
    assert with_top([RULE, PROPOSED], _decision(), [RULE], None) == [RULE, PROPOSED]


def test_no_typed_rule_event_leaves_the_order_alone():
    statement = replace(RULE, cameo="010", cameo_root="01", plover_event=None)
    events = [statement, PROPOSED]
    assert with_top(events, _decision(), [statement], _always()) == events


def test_the_arbiter_is_saved_beside_the_pair_thresholds(tmp_path):
    from detente.coding.learned.pairs import PairThresholds, load_top_arbiter, save_pair_thresholds

    path = tmp_path / "pairs.json"
    save_pair_thresholds(PairThresholds(), path, {"seed": 0})
    assert load_top_arbiter(path) is None
    arbiter = TopArbiter(Arbiter({"type_score": 1.5}, -0.25), 0.6)
    save_pair_thresholds(PairThresholds(), path, {"seed": 0}, arbiter)
    assert load_top_arbiter(path) == arbiter


def _training(assaults: int, meetings: int):
    """Sentences the rules code as a meeting while the classifier reads an assault, its correction
    kept below the rules' event; ``assaults`` of them are assaults, ``meetings`` meetings."""
    from detente.coding.learned.data import Example
    from detente.coding.learned.features import Candidate, SentenceFeatures

    examples, feats, decisions, rules = [], [], [], []
    roles = np.array([[0.1, 0.8, 0.1], [0.1, 0.1, 0.8]])
    for k in range(assaults + meetings):
        gold = "ASSAULT" if k < assaults else "CONSULT"
        f = SentenceFeatures("Alpha hit Beta.", {"lemma": "hit"}, [Candidate("Alpha", 0, 5, {}), Candidate("Beta", 10, 14, {})])
        examples.append(Example(str(k), f.text, True, gold, None, source="Alpha", target="Beta", origin="a"))
        feats.append(f)
        decisions.append(Decision(0.9, "ASSAULT", 0.6 + 0.01 * (k % 5), "19", (0, 1), (0.8, 0.8), roles,
                                  {"ASSAULT": 0.6, "CONSULT": 0.3}))
        rule = _event(0, "040", "CONSULT")
        rules.append([replace(rule, source=Actor("Alpha", start=0, end=5), target=Actor("Beta", start=10, end=14))])
    return examples, feats, decisions, rules


def test_the_threshold_is_chosen_out_of_fold_and_off_when_nothing_gains():
    from detente.coding.learned.pairs import PairThresholds
    from detente.coding.learned.parts import Thresholds
    from detente.coding.learned.top_train import OFF, choose_top, top_rows

    beside = Thresholds(gate=1.1, event_type=1.1, recode=0.0, replace=1.0)  # a recode kept below the rules'
    data = _training(assaults=16, meetings=4)
    rows = top_rows(*data, beside, PairThresholds())
    assert len(rows) == 20 and sum(r[2] for r in rows) == 16  # the classifier's reading is the better in 16
    top, report = choose_top(*data, beside, PairThresholds())
    assert top.threshold < OFF and report["oof_gain"] > 0
    never = _training(assaults=0, meetings=20)
    assert choose_top(*never, beside, PairThresholds())[0].threshold == OFF
