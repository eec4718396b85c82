"""Lexicon votes (``coding/learned/votes.py``): what the pattern lexicon says of every verb and
event noun of a sentence, as features of the type classifier (not of the relevance gate)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.vocab import Vocab

from detente.coding.learned.features import SentenceFeatures
from detente.coding.learned.models import EventTypeClassifier, RelevanceGate
from detente.coding.learned.votes import with_votes
from detente.langdata import LanguageData
from hand_parse import hand_parse


@pytest.fixture(scope="module")
def lang():
    return LanguageData.default()


def _votes(lang, rows: str) -> dict[str, float]:
    sent = hand_parse(Vocab(), rows)[:]
    return with_votes(SentenceFeatures(text=sent.text), sent, lang.lexicon, lang.ontology).votes


def test_the_trigger_and_a_noun_further_down_vote_by_distance(lang):
    # "Officials said Alpha attacked Beta after sanctions": the trigger is the reported verb
    votes = _votes(lang, """
        Officials NOUN nsubj 2 official
        said VERB ROOT 0 say
        Alpha PROPN nsubj 4
        attacked VERB ccomp 2 attack
        Beta PROPN dobj 4
        after ADP prep 4
        sanctions NOUN pobj 6 sanction
    """)
    assert votes["lexv_trig=ASSAULT"] == 1.0 and votes["lexv_trigroot=19"] == 1.0
    assert votes["lexv_vtype=ASSAULT"] == 1.0
    assert votes["lexv_root=01"] == 1.0  # "said": the root, not above the trigger, counts from itself
    assert votes["lexv_root=16"] == pytest.approx(1 / 3)  # "sanctions": two hops below the trigger
    assert "lexv_none" not in votes


def test_a_sentence_the_lexicon_does_not_know_says_so(lang):
    votes = _votes(lang, """
        The DET det 2
        weather NOUN nsubj 3
        stayed VERB ROOT 0 stay
        mild ADJ acomp 3
    """)
    assert votes == {"lexv_none": 1.0}


def test_the_type_classifier_reads_the_votes_and_the_gate_does_not():
    X = [SentenceFeatures(text=t, trigger={"lemma": "do"}, votes={f"lexv_trig={lab}": 1.0})
         for t, lab in [("Alpha did it.", "ASSAULT"), ("Gamma did it.", "CONSULT")] * 3]
    y = ["ASSAULT", "CONSULT"] * 3
    clf = EventTypeClassifier(min_df=1).fit(X, y)
    assert "lexv_trig=ASSAULT" in clf.vectoriser_.deps.vocabulary_
    assert clf.score(X, y) == 1.0  # only the votes tell the two apart
    gate = RelevanceGate(min_df=1).fit(X, [1, 0] * 3)
    assert not any(k.startswith("lexv_") for k in gate.vectoriser_.deps.vocabulary_)
    without = EventTypeClassifier(min_df=1, votes=False).fit(X, y)
    assert not any(k.startswith("lexv_") for k in without.vectoriser_.deps.vocabulary_)
    assert list(clf.predict([replace(X[0], votes={})])) in (["ASSAULT"], ["CONSULT"])  # no votes: still predicts
