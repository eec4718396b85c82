"""Second readings with another CAMEO root (``coding/learned/reroot.py``): the model's rows, the
reading's code-table fields and provenance, the switch, the artefact, and what the store's
analyses do with a second reading. Our own sentences."""

from __future__ import annotations

import json

import pytest

from detente.coding.component import DEFAULT_CONFIG
from detente.coding.config import CoderConfig
from detente.coding.learned.reroot import (
    Context,
    Reroot,
    candidate_rows,
    load_reroot,
    reroot_for,
    save_reroot,
    second_reading,
)
from detente.records import Actor, Event

# "Chile criticised Bolivia's refusal to reopen the border talks." — our own sentence
TEXT = "Chile criticised Bolivia's refusal to reopen the border talks."
CHILE = Actor("Chile", "CHL", "CHL", None, 0, 5)
BOLIVIA = Actor("Bolivia", "BOL", "BOL", None, 17, 24)


def _event(code="111", source=CHILE, target=BOLIVIA, decided=None) -> Event:
    ex = {"trigger": "criticised", "depth": 0, "confidence": ["verb pattern"]}
    if decided:
        ex["decided_by"] = decided
    return Event(id="d:0:0", doc_id="d", sentence_id="d:0", sentence=TEXT, date="2024-03-02",
                 date_precision="day", goldstein=-2.0, quad_class=3, cameo=code, cameo_root=code[:2],
                 plover_event="ACCUSE", source=source, target=target, modality="asserted", confidence=0.9,
                 pattern="verb:criticise -> 111", explanation=ex, trigger_start=6, trigger_end=16)


CONTEXT = Context({"lemma": "criticise", "obj_lemma": "refusal"}, {"11": 0.5, "12": 0.4, "04": 0.1},
                  {"ACCUSE": 0.6, "REJECT": 0.3})
#: a model that likes root 12 where the root head gives it weight
LIKES_12 = Reroot({"cand=12": 2.0, "head_p": 2.0}, -2.5, threshold=0.5)


def test_each_other_root_is_a_candidate_with_the_events_and_sentences_features():
    rows = candidate_rows(_event(), CONTEXT)
    assert "11" not in rows and len(rows) == 19
    row = rows["12"]
    assert row["cand=12|rule=11"] == 1.0 and row["cand=12|trigger=criticised"] == 1.0
    assert row["cand=12|obj=refusal"] == 1.0 and row["head_p"] == 0.4 and row["head_p_rule"] == 0.5
    assert row["type_p"] == 0.3 and row["type_p_rule"] == 0.6 and row["same_type"] == 0.0


def test_a_sure_reading_is_added_beside_the_event_with_the_code_tables_fields():
    from detente.explain import explain_lines

    e = _event()
    out = LIKES_12.readings("d", 0, [e], CONTEXT)
    assert out[0] is e and len(out) == 2
    second = out[1]
    assert second.id == "d:0:1" and second.cameo == "120" and second.cameo_root == "12"
    assert second.plover_event == "REJECT" and second.quad_class == 3 and second.goldstein == -4.0
    assert second.source == CHILE and second.target == BOLIVIA and second.date == e.date
    assert second.modality == e.modality and second.pattern == e.pattern
    assert second.confidence < e.confidence
    d = second.explanation["decided_by"]
    assert d["part"] == "reroot" and d["root"] == "12" and d["rule_root"] == "11" and d["beside_event"] == "d:0:0"
    line = next(x for x in explain_lines(second) if x.startswith("decided by"))
    assert "a second reading: root 12 at 0." in line and "beside the rules' 11" in line


def test_no_reading_below_the_threshold_or_for_a_root_already_on_the_dyad():
    e = _event()
    assert LIKES_12.readings("d", 0, [e], Context()) == [e]  # the root head says nothing: 0.27 < 0.5
    coded = [e, second_reading(e, "12", 0.9, "d:0:1")]
    assert LIKES_12.readings("d", 0, coded, CONTEXT) == coded  # 12 is there already on Chile → Bolivia
    off = Reroot(LIKES_12.weights, LIKES_12.intercept, threshold=1.1)
    assert off.readings("d", 0, [e], CONTEXT) == [e]
    assert LIKES_12.readings("d", 0, [_event(source=None)], CONTEXT)[1:] == []  # no source: no reading


def test_a_corrected_events_reading_names_its_part():
    from detente.explain import decided_by

    e = _event(decided={"part": "classifier recode", "rule_code": "040"})
    second = LIKES_12.readings("d", 0, [e], CONTEXT)[1]
    assert "beside the classifier recode event's 11" in decided_by(second.explanation)


def test_artefact_round_trip_and_a_bad_file_is_an_error(tmp_path):
    path = tmp_path / "reroot.json"
    save_reroot(LIKES_12, path, {"seed": 0})
    assert load_reroot(path) == LIKES_12
    path.write_text(json.dumps({"format": 9}))
    with pytest.raises(ValueError, match="not a reroot model"):
        load_reroot(path)


def test_the_switch_turns_it_off_also_in_the_spacy_component():
    assert reroot_for(CoderConfig(reroot=False), None, LIKES_12) is None
    assert reroot_for(CoderConfig(), object(), None) is None  # another bundle: no shipped model
    assert reroot_for(CoderConfig(), object(), LIKES_12) is LIKES_12
    assert reroot_for(CoderConfig(), object(), Reroot(threshold=1.1)) is None  # chosen off: no root head call
    assert CoderConfig.from_dict({"reroot": False}).reroot is False
    assert "reroot" in DEFAULT_CONFIG and DEFAULT_CONFIG["reroot"] is True


def test_the_shipped_model_loads():
    shipped = load_reroot()
    assert shipped is None or (0.0 < shipped.threshold and shipped.weights)


def test_the_store_keeps_a_second_reading_as_its_own_event_in_dyad_analyses(db_path):
    """De-duplication merges reports of the same (dyad, code, day); a second reading has another
    code, so dyad analyses count it beside the first reading (docs/coder.md says so); storing the
    document again replaces both, never doubling either."""
    from detente.analysis import Scope, load_dyad_events, parse_actors
    from detente.records import Document, Sentence
    from detente.store import Store

    first = _event()
    second = LIKES_12.readings("d", 0, [first], CONTEXT)[1]
    doc = Document(id="d", text=TEXT, date="2024-03-02", content_hash="h")
    with Store(db_path) as st:
        for _ in range(2):
            st.save_document(doc, [Sentence("d", 0, TEXT, 0, len(TEXT))], [first, second])
    with Store(db_path, read_only=True) as st:
        df = load_dyad_events(st, Scope(parse_actors("CHL,BOL")))
    assert sorted(zip(df["id"], df["cameo"])) == [("d:0:0", "111"), ("d:0:1", "120")]
    assert df["n_reports"].tolist() == [1, 1]
