"""The per-document memo of ``Lexicon.match_verb`` (issue 14): the same answer as the search itself,
kept per document and per lexicon, never for a search with ``skip``. All sentences are our own."""

from __future__ import annotations

from dataclasses import replace

import pytest

from detente.langdata import LanguageData
from detente.nlp.table import doc_memo, token_table
from detente.nlp.tokens import doc_tokens

TEXT = ("North Korea fired two missiles on Monday, and Seoul condemned the launch. "
        "Japan imposed sanctions on the North and demanded talks; Beijing urged restraint.")


@pytest.fixture(scope="module")
def lexicon():
    return LanguageData.default().lexicon


def _verbs(doc):
    return [t for t in doc if t.pos_ in ("VERB", "AUX")]


def test_the_memo_gives_the_searchs_own_answer(nlp, lexicon) -> None:
    doc = nlp(TEXT)
    assert any(lexicon.match_verb(t)[0] for t in _verbs(doc))
    toks = doc_tokens(doc)
    for t in _verbs(doc):
        rules = lexicon.verbs.get(t.lemma_.lower()) or lexicon.verbs.get(lexicon.lemma_fixes.get(t.lemma_.lower(), ""))
        unmemoised = lexicon._first_rule(toks[t.i], rules, frozenset()) if rules else (None, None)
        assert lexicon.match_verb(t) == unmemoised  # a spaCy token …
        assert lexicon.match_verb(toks[t.i]) == unmemoised  # … or the document's plain-Python one
        assert lexicon.match_verb(t) == unmemoised  # asked again: from the memo


def test_the_memo_is_the_documents_and_the_lexicons(nlp, lexicon) -> None:
    first, second = nlp(TEXT), nlp(TEXT)
    for t in _verbs(first):
        lexicon.match_verb(t)
    assert doc_memo(first, lexicon, "match_verb")
    assert doc_memo(second, lexicon, "match_verb") == {}  # nothing leaks into another document
    other = replace(lexicon, verbs={})  # another lexicon (none of the rules) has its own memo
    assert all(other.match_verb(t) == (None, None) for t in _verbs(first))
    copy = replace(lexicon)  # an equal lexicon too: the memo is the object's
    assert [copy.match_verb(t) for t in _verbs(first)] == [lexicon.match_verb(t) for t in _verbs(first)]
    assert doc_memo(first, copy, "match_verb") is not doc_memo(first, lexicon, "match_verb")
    assert doc_memo(first, copy, "match_verb") == doc_memo(first, lexicon, "match_verb")
    assert token_table(first).memo is not token_table(second).memo


def test_a_search_with_skip_is_not_memoised(nlp, lexicon) -> None:
    doc = nlp(TEXT)
    matched = [(t, lexicon.match_verb(t)[0]) for t in _verbs(doc)]
    t, rule = next((t, r) for t, r in matched if r is not None)
    memo = dict(doc_memo(doc, lexicon, "match_verb"))
    skipped = lexicon.match_verb(t, {rule})
    assert skipped[0] is not rule
    assert doc_memo(doc, lexicon, "match_verb") == memo
    assert lexicon.match_verb(t)[0] is rule


def test_the_main_trigger_is_kept_per_document(nlp) -> None:
    from detente.coding.learned.features import _main_trigger, main_trigger

    first, second = nlp("Officials said Alpha attacked Beta. Gamma met Delta."), nlp("Gamma met Delta.")
    for doc in (first, second, first):
        for sent in doc.sents:
            found = main_trigger(sent)
            assert found == _main_trigger(sent) and found.doc is doc
    assert [main_trigger(s).text for s in first.sents] == ["attacked", "met"]
    assert doc_memo(second, main_trigger, "main_trigger") == {(0, 4): 1}


def test_a_token_that_alone_holds_its_document(nlp, lexicon) -> None:
    tok = next(t for t in nlp("Japan imposed sanctions on the North.") if t.lemma_ == "impose")
    assert lexicon.match_verb(tok)[0] is not None  # the memo keeps the document alive while it works
