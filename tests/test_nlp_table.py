"""The token table holds exactly what spaCy's ``Token`` attributes and ``Doc.text`` return."""

from __future__ import annotations

import gc

import pytest

from detente.nlp.table import _TABLES, doc_text, token_table

TEXTS = [
    "SEOUL, March 3 (Wire) -- North Korea fired two missiles on Monday, Seoul's military said.\n\n"
    "The United States  condemned the launch;  China urged restraint.",
    "",
    "  Odd   spacing\tand tabs\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_table_matches_token_attributes(nlp, text: str) -> None:
    doc = nlp(text)
    t = token_table(doc)
    assert t.text == [w.text for w in doc]
    assert t.lower == [w.lower_ for w in doc]
    assert t.pos == [w.pos_ for w in doc]
    assert t.tag == [w.tag_ for w in doc]
    assert t.dep == [w.dep_ for w in doc]
    assert t.ent_type == [w.ent_type_ for w in doc]
    assert doc_text(doc) == doc.text == text


def test_table_is_built_once_per_document_and_leaves_with_it(nlp) -> None:
    doc = nlp("China criticised the United States.")
    assert token_table(doc) is token_table(doc)
    before = len(_TABLES)
    assert doc in _TABLES
    del doc
    gc.collect()
    assert len(_TABLES) == before - 1
