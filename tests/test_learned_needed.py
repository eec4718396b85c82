"""Running the learned estimators only where the hybrid reads them changes no event (issue 14).

``needed_decisions`` skips the gate where the rules typed the sentence, the root where nothing is
recoded or learned, and every estimator where no dyad can come out; ``dict_transform`` builds
DictVectorizer's matrix faster; a sentence's entities come from the document's, found once.
"""

from __future__ import annotations

import math
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction import DictVectorizer

from detente.coding.learned.vectors import dict_transform
from detente.records import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "korea"
TEXTS = [
    "Beijing condemned the missile test and summoned the North Korean ambassador on Tuesday.",
    "Pyongyang fired two rockets into the sea. Rain fell over the capital.",
    "Tokyo and Seoul signed a trade pact with Canberra; the talks ran late.",
    "Officials met.",
]


@pytest.fixture(scope="module")
def hybrid(nlp):
    from detente.coding import get_coder

    coder = get_coder("default")
    if getattr(coder, "parts", None) is None:
        pytest.skip("no learned parts shipped")
    return coder


@pytest.fixture(scope="module")
def pairs(nlp):
    docs = [Document(id=f"n{k}", text=t, date="2019-05-06") for k, t in enumerate(TEXTS)]
    for path in sorted(EXAMPLES.glob("*.txt"))[:8]:
        docs.append(Document(id=path.stem, text=path.read_text(encoding="utf-8"), date="2017-09-04"))
    return list(zip(docs, nlp.pipe(d.text for d in docs)))


def _events(coded) -> list[dict]:
    return [asdict(e) for _, _, events in coded for e in events]


def test_needed_decisions_code_as_the_full_decide(hybrid, pairs, monkeypatch):
    import detente.coding.learned.hybrid as module

    needed = _events(hybrid.code_parsed_batch(pairs))
    monkeypatch.setattr(module, "needed_decisions",
                        lambda parts, feats, ruled, allowed: parts.decide(feats, allowed))
    full = _events(hybrid.code_parsed_batch(pairs))
    assert needed == full
    assert any(e["explanation"].get("decided_by") for e in full)  # the learned parts did act here


def test_needed_decisions_agree_where_they_are_read(hybrid, pairs):
    from detente.coding.learned.needed import needed_decisions

    parts = hybrid.parts
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


def test_sentence_entities_as_spacy_gives_them(pairs):
    from detente.coding.learned.features import _sentence_ents

    for _, parsed in pairs:
        for sent in parsed.sents:
            assert [(e.start, e.end, e.label_) for e in _sentence_ents(sent)] == \
                   [(e.start, e.end, e.label_) for e in sent.ents]


def test_time_words_any_of_is_the_union():
    from detente.time import TimeData

    data = TimeData.default()
    both = data.any_of("months", "seasons")
    assert both == data.word_set("months") | data.word_set("seasons")
    assert data.any_of("months", "seasons") is both  # built once
