"""The rule lemmatizer's lemmas set from one array per document instead of a ``Token`` per word (issue 14).

``en_core_web_sm``'s ``lemmatizer`` (rule mode) walks every word of a document in Python: a
``Token``, its ``lemma``, then ``rule_lemmatize`` (which builds ``token.morph`` and its dictionary
for every word its own cache does not serve: proper nouns, base forms), then the ``lemma_``
setter — about 2 % of an ingest's CPU. A rule lemma depends on the word, its part of speech and
its morphology only, so ``MemoLemmatizer`` reads those three and the current lemma with one
``Doc.to_array``, asks spaCy's own ``lemmatize`` once per new (word, part of speech, morphology)
and writes the column back with one ``Doc.from_array``: the lemmas are spaCy's, token for token
(``tests/test_nlp_lemmas.py``). Words without a part of speech (spaCy warns of them) are asked
each time, as spaCy does. The bare pipeline ``detente bench coder`` compares with keeps spaCy's.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.tokens import Doc

#: memo entries kept at most (about 20 MB); a full memo starts afresh
MAX_MEMO = 200_000


class MemoLemmatizer(EnglishLemmatizer):
    """spaCy's English rule lemmatizer with a per-pipeline memo of (word, part of speech, morphology)
    → lemma and one array read and write per document (``__call__`` is all that differs)."""

    _memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Doc) -> Doc:
        if not self._validated:
            self._validate_tables(Errors.E1004)
        error_handler = self.get_error_handler()
        try:
            if len(doc):
                self._set_lemmas(doc)
            return doc
        except Exception as e:
            error_handler(self.name, self, [doc], e)
        return doc

    def _set_lemmas(self, doc: Doc) -> None:
        array = doc.to_array([ORTH, POS, MORPH, LEMMA])
        rows = array.tolist()
        memo = self._memo
        add = doc.vocab.strings.add
        overwrite, changed = self.overwrite, False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = add(self.lemmatize(doc[i])[0])
                if pos:  # no part of speech: spaCy warns, so ask it every time, as it would
                    if len(memo) >= MAX_MEMO:
                        memo.clear()
                        self.cache.clear()  # spaCy's own cache, unbounded once ours is cleared
                    memo[key] = found
            if found != lemma:
                array[i, 3] = found
                changed = True
        if changed:
            doc.from_array([LEMMA], array[:, 3])


def speed_up_lemmatizer(nlp) -> bool:
    """Give the pipeline's English rule lemmatizer the memo (same lemmas); False when the pipeline has
    none, or another kind (another language's, lookup mode), which keeps spaCy's."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe("lemmatizer")
    if type(lemmatizer) is not EnglishLemmatizer or lemmatizer.mode != "rule":
        return False
    lemmatizer.__class__ = MemoLemmatizer  # the same object, its tables and settings; only __call__ differs
    lemmatizer._memo = {}
    return True
