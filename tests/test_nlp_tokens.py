"""``nlp.tokens.Tok`` answers every attribute the rules read exactly as spaCy's ``Token`` does."""

from __future__ import annotations

import gc

import pytest

from detente.nlp.table import _TABLES
from detente.nlp.tokens import Tok, doc_tokens, sent_tokens, tok_of

TEXTS = [
    "SEOUL, March 3 (Wire) -- North Korea fired two missiles on Monday, Seoul's military said.\n\n"
    "The United States, Japan and South Korea condemned the launch;  China urged restraint and "
    "called for talks, but Russia, which has vetoed two resolutions, said nothing.",
    "",
    "  Odd   spacing\tand tabs\n",
    "Kim Jong Un, 34, met Moon Jae-in at Panmunjom on April 27, 2018 - the first such summit since 2007.",
]

PLAIN = ("i", "text", "lower_", "pos_", "tag_", "dep_", "lemma_", "ent_type_", "ent_iob_", "idx",
         "is_punct", "is_alpha", "like_num", "is_sent_start")


def _ids(tokens) -> list[int]:
    return [t.i for t in tokens]


@pytest.mark.parametrize("text", TEXTS)
def test_tok_matches_spacy_token(nlp, text: str) -> None:
    doc = nlp(text)
    toks = doc_tokens(doc)
    assert len(toks) == len(doc)
    for tok, word in zip(toks, doc):
        for name in PLAIN:
            assert getattr(tok, name) == getattr(word, name), (name, word.i)
        assert tok.head.i == word.head.i
        assert _ids(tok.children) == _ids(word.children)
        assert _ids(tok.lefts) == _ids(word.lefts) and _ids(tok.rights) == _ids(word.rights)
        assert _ids(tok.subtree) == _ids(word.subtree)
        assert _ids(tok.conjuncts) == _ids(word.conjuncts)
        assert tok.sent == word.sent and tok.doc is doc
        assert str(tok) == str(word) and len(tok) == len(word)
        if word.i + 1 < len(doc):
            assert tok.nbor(1) is toks[word.i + 1]
        else:
            with pytest.raises(IndexError):
                tok.nbor(1)


def test_one_tok_per_word_and_conversions(nlp) -> None:
    doc = nlp("China criticised the United States. Japan agreed.")
    toks = doc_tokens(doc)
    assert doc_tokens(doc) is toks and toks[1].head is toks[1]
    assert tok_of(doc[3]) is toks[3] and tok_of(toks[3]) is toks[3]
    second = list(doc.sents)[1]
    assert sent_tokens(second) == toks[second.start:second.end]
    assert all(isinstance(t, Tok) for t in sent_tokens(second))


def test_tokens_leave_with_their_document(nlp) -> None:
    doc = nlp("China criticised the United States.")
    doc_tokens(doc)
    before = len(_TABLES)
    del doc
    gc.collect()
    assert len(_TABLES) == before - 1
