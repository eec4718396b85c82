"""The event coder end to end: triggers, argument roles, fields, evidence and the store."""

from __future__ import annotations

from detente.coding.coder import EventCoder
from detente.records import Document
from detente.store import Store


def code(coder: EventCoder, text: str, date: str = "2019-07-01"):
    _doc, sentences, events = next(coder.code_documents([Document(id="t", text=text, date=date)]))
    return sentences, events


def triples(events) -> set[tuple]:
    return {(e.source.country, e.target.country if e.target else None, e.cameo) for e in events}


def test_nominal_visit_with_possessor(coder):
    _, events = code(coder, "Xi's visit to Pyongyang was the first in 14 years.")
    assert ("CHN", "PRK", "042") in triples(events)
    assert events[0].pattern.startswith("noun:visit")


def test_passive_agent_is_source(coder):
    _, events = code(coder, "North Korea was condemned by Japan.")
    assert triples(events) == {("JPN", "PRK", "111")}


def test_coordinated_subjects_pair_up(coder):
    _, events = code(coder, "China, Japan and South Korea met in Tokyo.")
    pairs = {(s, t) for s, t, c in triples(events) if c == "040"}
    assert len(pairs) == 6 and ("JPN", "KOR") in pairs and ("KOR", "JPN") in pairs


def test_talks_between_give_both_directions(coder):
    _, events = code(coder, "Talks between China and the United States collapsed.")
    assert {("CHN", "USA"), ("USA", "CHN")} <= {(s, t) for s, t, _ in triples(events)}


def test_several_events_in_one_sentence(coder):
    _, events = code(coder, "The United States imposed sanctions on North Korea and condemned the missile test.")
    codes = {e.cameo for e in events}
    assert {"163", "111"} <= codes
    assert ("USA", "PRK", "163") in triples(events)


def test_missile_test(coder):
    _, events = code(coder, "North Korea test-fired a ballistic missile on Tuesday.")
    assert any(e.source.country == "PRK" and e.cameo_root == "15" for e in events)


def test_statement_is_dropped_when_something_else_is_coded(coder):
    _, events = code(coder, "Japan said China criticised the United States.")
    assert "010" not in {e.cameo for e in events}
    assert ("CHN", "USA", "111") in triples(events)


def test_obligation_clause_is_a_demand(coder):
    _, events = code(coder, "Japan said on Friday that Russia must return the islands.")
    demand = [e for e in events if e.cameo_root == "10"]
    assert demand and demand[0].source.country == "JPN" and demand[0].target.country == "RUS"


def test_intention_is_coded_as_intent(coder):
    _, events = code(coder, "Japan agreed to provide aid to Vietnam.")
    assert any(e.cameo.startswith("03") for e in events)


def test_no_source_no_event(coder):
    _, events = code(coder, "Sanctions were imposed last year.")
    assert events == []


def test_event_fields_ids_spans_and_explanation(coder):
    sentences, events = code(coder, "It rained. Chinese President Xi Jinping visited Pyongyang.")
    e = next(e for e in events if e.cameo == "042")
    assert e.id == "t:1:0" and e.sentence_id == "t:1" and e.sentence == sentences[1].text
    assert e.sentence[e.trigger_start:e.trigger_end] == "visited"
    assert e.sentence[e.source.start:e.source.end] == e.source.text
    assert e.sentence[e.target.start:e.target.end] == e.target.text
    assert e.cameo_root == "04" and e.goldstein is not None and e.quad_class == 1
    assert e.plover_event == "CONSULT"
    assert e.modality == "asserted" and 0 < e.confidence <= 1
    ex = e.explanation
    assert {"pattern", "source", "target", "modality", "date", "confidence"} <= set(ex)
    assert ex["source"]["code"] == e.source.code and ex["source"]["how"]
    assert ex["date"]["precision"] == e.date_precision


def test_ids_are_deterministic(coder):
    text = "China condemned the test. Japan praised South Korea and criticised North Korea."
    assert [e.id for e in code(coder, text)[1]] == [e.id for e in code(coder, text)[1]]


def test_modality_is_attached(coder):
    _, events = code(coder, "China should cut off oil to North Korea.")
    assert events and all(e.modality == "prescriptive" for e in events)


def test_coded_document_round_trips_through_the_store(coder, db_path):
    doc = Document(id="d1", text="Chinese President Xi Jinping visited Pyongyang.", date="2019-06-20",
                   content_hash="h1")
    doc, sentences, events = next(coder.code_documents([doc]))
    with Store(db_path) as store:
        store.save_document(doc, sentences, events)
        got = store.event(events[0].id)
    assert got is not None
    assert (got.cameo, got.source.code, got.target.code) == (events[0].cameo, events[0].source.code,
                                                             events[0].target.code)
    assert got.explanation == events[0].explanation
    assert got.pattern == events[0].pattern and got.trigger_start == events[0].trigger_start


def test_firing_at_a_country_is_an_attack_but_a_test_is_not(coder):
    _, events = code(coder, "The United States fired missiles at Syria.")
    assert ("USA", "SYR", "195") in triples(events)
    _, events = code(coder, "North Korea fired a ballistic missile on Tuesday.")
    assert {e.cameo for e in events} == {"150"}


def test_rule_needing_a_target_gives_way(coder):
    _, events = code(coder, "Xi Jinping came to power in 2012.")
    assert not any(e.cameo == "042" for e in events)
    _, events = code(coder, "Kim Jong Un travelled to Beijing in March.")
    assert ("PRK", "CHN", "042") in triples(events)


def test_sentences_do_not_keep_paragraph_breaks():
    from detente.coding.coder import EventCoder
    from detente.records import Document

    text = "North Korea fired a missile on Tuesday.\n\nChina condemned the launch."
    (_, sentences, events), = EventCoder().code_documents([Document(id="d", text=text, date="2017-07-05")])
    assert all(s.text == s.text.rstrip() for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert all(e.sentence == e.sentence.rstrip() for e in events)
