"""Coding a batch of documents at once gives what coding them one by one gives (issue 14).

The hybrid asks its learned parts about every sentence of a batch in one call; the rules work
out a trigger's modality and date once for all its events; the learned features find a
sentence's noun chunks by bisection; the hybrid runs each learned estimator only where its
decision is read (``needed_decisions``); ``dict_transform`` builds DictVectorizer's matrix
faster, ``tfidf_transform`` TfidfVectorizer's (n-grams shared between vectorisers); a sentence's entities come from the document's. None of it may change an event.
"""

from __future__ import annotations

import math
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from detente.coding.learned.vectors import dict_transform, tfidf_transform
from detente.records import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "korea"
TEXTS = [
    "Beijing condemned the missile test and summoned the North Korean ambassador on Tuesday.",
    "Washington said it would impose new sanctions on Pyongyang unless the launches stop. "
    "Seoul and Tokyo held joint drills off the coast last week.",
    "Rain fell over the capital.",
    "China and the United States agreed on Friday to resume talks, but Russia refused to attend.",
]


def _documents() -> list[Document]:
    docs = [Document(id=f"t{k}", text=text, date="2019-03-04") for k, text in enumerate(TEXTS)]
    for path in sorted(EXAMPLES.glob("*.txt"))[:5]:  # the project's own example articles
        docs.append(Document(id=path.stem, text=path.read_text(encoding="utf-8"), date="2017-09-04"))
    return docs


def _rows(coded) -> list[dict]:
    return [{"doc": doc.id, "sentences": [asdict(s) for s in sents], "events": [asdict(e) for e in events]}
            for doc, sents, events in coded]


@pytest.fixture(scope="module")
def hybrid(nlp):
    from detente.coding import get_coder

    coder = get_coder("default")
    if getattr(coder, "parts", None) is None:
        pytest.skip("no learned parts shipped")
    return coder


@pytest.fixture(scope="module")
def parsed(nlp):
    docs = _documents()
    return docs, list(nlp.pipe(d.text for d in docs))


def test_hybrid_batch_codes_as_one_by_one(hybrid, parsed):
    docs, parsed_docs = parsed
    pairs = list(zip(docs, parsed_docs))
    one_by_one = [hybrid.code_parsed(doc, p) for doc, p in pairs]
    batched = hybrid.code_parsed_batch(pairs)
    assert _rows(batched) == _rows(one_by_one)
    assert any(events for _, _, events in batched)


def test_code_documents_batches_and_keeps_the_order(hybrid, parsed):
    docs, parsed_docs = parsed
    expected = _rows(hybrid.code_parsed(doc, p) for doc, p in zip(docs, parsed_docs))
    assert len(docs) > hybrid.batch_size // 4
    config = hybrid.config
    hybrid.config = replace(config, batch_size=4)  # several batches, the last one short
    try:
        got = _rows(hybrid.code_documents(docs))
    finally:
        hybrid.config = config
    assert got == expected


def test_learned_decisions_of_a_batch_are_those_of_each_sentence(hybrid, parsed):
    from detente.coding.learned.features import doc_chunks, sentence_features

    _, parsed_docs = parsed
    resolver = hybrid.resolver
    feats = [sentence_features(s, resolver.resolve(p, None), doc_chunks(p)) for p in parsed_docs for s in p.sents]
    together = hybrid.parts.decide(feats)
    alone = [hybrid.parts.decide([f])[0] for f in feats]
    assert together == alone


def test_rules_give_the_same_events_whatever_was_coded_before(coder, parsed):
    from detente.coding.coder import EventCoder

    docs, parsed_docs = parsed
    first = _rows([coder.code_parsed(docs[1], parsed_docs[1])])
    for doc, p in zip(docs, parsed_docs):  # the per-trigger facts of other documents must not leak
        coder.code_parsed(doc, p)
    assert _rows([coder.code_parsed(docs[1], parsed_docs[1])]) == first
    assert _rows([EventCoder().code_parsed(docs[1], parsed_docs[1])]) == first


def test_sentence_chunks_by_bisection_are_those_of_a_scan(parsed):
    from detente.coding.learned.features import _spans, doc_chunks

    _, parsed_docs = parsed
    for p in parsed_docs:
        chunks = doc_chunks(p)
        assert [c.start for c in chunks] == sorted(c.start for c in chunks)
        for sent in p.sents:
            scan = [ch for ch in chunks if sent.start <= ch.start and ch.end <= sent.end]
            assert _spans(sent, chunks) == _spans(sent, scan)


def _events(coded) -> list[dict]:
    return [asdict(e) for _, _, events in coded for e in events]


def test_needed_decisions_code_as_the_full_decide(hybrid, parsed, monkeypatch):
    import detente.coding.learned.hybrid as module

    pairs = list(zip(*parsed))

    needed = _events(hybrid.code_parsed_batch(pairs))
    monkeypatch.setattr(module, "needed_decisions",
                        lambda parts, feats, ruled, allowed, proposals=None: parts.decide(feats, allowed))
    full = _events(hybrid.code_parsed_batch(pairs))
    assert needed == full
    assert any(e["explanation"].get("decided_by") for e in full)  # the learned parts did act here


def test_needed_decisions_with_pair_proposals_code_as_the_full_decide(hybrid, parsed, monkeypatch):
    """With the pair proposals on (they read more of each decision), still the full decide's events."""
    import detente.coding.learned.hybrid as module
    from detente.coding.learned.pairs import PairThresholds

    if hybrid.pairs is None or hybrid.pairs == PairThresholds():
        pytest.skip("no pair proposals shipped")
    pairs = list(zip(*parsed))
    calls: list = []
    real = module.needed_decisions
    monkeypatch.setattr(module, "needed_decisions",
                        lambda *a: calls.append(a[4]) or real(*a))
    needed = _events(hybrid.code_parsed_batch(pairs))
    assert calls and calls[0] is hybrid.pairs  # the lean path ran, told about the proposals
    monkeypatch.setattr(module, "needed_decisions",
                        lambda parts, feats, ruled, allowed, proposals=None: parts.decide(feats, allowed))
    full = _events(hybrid.code_parsed_batch(pairs))
    assert needed == full
    assert any("proposal" in str(e["explanation"].get("decided_by", {}).get("part")) for e in full)


def test_needed_decisions_agree_where_they_are_read(hybrid, parsed):
    from detente.coding.learned.needed import needed_decisions

    pairs = list(zip(*parsed))

    on = hybrid.parts  # the shipped bundle: its takeover arbiter reads every part, so all is decided
    parts = replace(on, thresholds=replace(on.thresholds, learned_top=1.0))
    pending = [hybrid._prepare(doc, parsed) for doc, parsed in pairs]
    feats = [f for p in pending for f in p.feats]
    ruled = [r for p in pending for r in p.ruled]
    full, lean = parts.decide(feats), needed_decisions(parts, feats, ruled)
    assert len(full) == len(lean)
    for f, a, b in zip(feats, full, lean):
        if b.roles is not None:  # ranked: the type and the dyad are the full decision's
            assert (b.plover, b.type_score, b.dyad, b.actor_scores) == (a.plover, a.type_score, a.dyad,
                                                                         a.actor_scores)
            assert np.array_equal(a.roles, b.roles)
        if b.root:
            assert b.root == a.root
        if not math.isnan(b.relevance):
            assert b.relevance == a.relevance
        if len(f.candidates) < 2 and b.roles is None:
            assert not b.confident(parts.thresholds)
    assert sum(math.isnan(d.relevance) for d in lean) > 0  # some gate calls were saved
    if on.takeover is not None and on.thresholds.learned_top < 1.0:
        assert not any(math.isnan(d.relevance) for d in needed_decisions(on, feats, ruled))


def test_dict_transform_is_dictvectorizers_matrix():
    vec = DictVectorizer(dtype=np.float32).fit([{"lemma": "meet", "obj=meet+talks": 1.0, "passive": 1.0},
                                                {"lemma": "fire", "distance": "2", "first": 0.0}])
    rows = [{"lemma": "fire", "unseen": 1.0, "first": 1.0, "obj=meet+talks": 0.3},
            {"passive": True, "distance": "2", "lemma": "unknown"}, {}]
    a, b = vec.transform(rows), dict_transform(vec, rows)
    assert type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert a.data.tobytes() == b.data.tobytes()
    odd = [{"tags": ["a", "b"]}]  # values DictVectorizer spreads itself: handed to it
    assert (dict_transform(vec, odd) != vec.transform(odd)).nnz == 0


def _same_matrix(a, b) -> bool:
    return (type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a.indptr, b.indptr)
            and np.array_equal(a.indices, b.indices) and a.data.tobytes() == b.data.tobytes())


def test_tfidf_transform_is_tfidfvectorizers_matrix():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from detente.coding.learned import vectors

    train = [*TEXTS, "Talks resumed; talks stalled. The talks, the TALKS!", "Über die Grenze: 12 Raketen."]
    wide = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32).fit(train)
    narrow = TfidfVectorizer(ngram_range=(1, 2), max_features=12, sublinear_tf=True, dtype=np.float32).fit(train)
    words = TfidfVectorizer(dtype=np.float32).fit(train)  # another analysis: its own n-grams
    texts = [*train[::-1], "", "nothing known here", "talks talks talks with Beijing", TEXTS[0]]
    vectors._GRAMS.clear()
    for vec in (wide, narrow, words, wide):  # the second ``wide`` reads every text from the cache
        assert _same_matrix(tfidf_transform(vec, texts), vec.transform(texts))
        assert _same_matrix(tfidf_transform(vec, texts[3:5]), vec.transform(texts[3:5]))
    assert len(vectors._GRAMS) == 2
    custom = TfidfVectorizer(analyzer=str.split).fit(train)  # not a plain word analysis: scikit-learn's own
    assert _same_matrix(tfidf_transform(custom, texts), custom.transform(texts))
    with pytest.raises(ValueError):  # no texts: scikit-learn's own error
        tfidf_transform(wide, [])


def test_sentence_entities_as_spacy_gives_them(parsed):
    from detente.coding.learned.features import _sentence_ents

    for p in parsed[1]:
        for sent in p.sents:
            assert [(e.start, e.end, e.label_) for e in _sentence_ents(sent)] == \
                   [(e.start, e.end, e.label_) for e in sent.ents]


def test_time_words_any_of_is_the_union():
    from detente.time import TimeData

    data = TimeData.default()
    both = data.any_of("months", "seasons")
    assert both == data.word_set("months") | data.word_set("seasons")
    assert data.any_of("months", "seasons") is both  # built once


def test_the_takeover_is_off_unless_the_config_asks_for_it(hybrid):
    from detente.coding.config import CoderConfig
    from detente.coding.learned import HybridCoder
    from detente.coding.learned.parts import load_parts

    assert hybrid.parts.takeover is None  # off by default: coding stays near the parse's speed
    shipped = load_parts()
    on = HybridCoder(config=CoderConfig(takeover=True))
    assert on.parts.takeover is not None and on.parts.takeover == shipped.takeover  # the bundle's own arbiter
