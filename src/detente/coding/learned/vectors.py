"""Faster ``transform`` of the learned parts' fitted vectorisers, the same matrices (ingest CPU, issue 14).

scikit-learn's ``DictVectorizer._transform`` makes one NumPy scalar per value (``dtype(v)``) and
tests each value against ABCs; on the coder's dicts of strings and floats that is most of its
time. ``dict_transform`` builds the same sparse matrix (same columns, same values in ``dtype``,
indices sorted the same way, a ``csr_matrix`` as it returns) with one array conversion, and hands
any dict it does not expect (iterable or None values) to scikit-learn.

``tfidf_transform``: the three sentence classifiers (type, root, gate) each own a
``TfidfVectorizer`` with the same analysis (lower case, the default token pattern, word 1–2-grams)
and each re-analysed every sentence; the n-grams of a text are now found once and counted against
each vocabulary. The counts are the matrix ``CountVectorizer._count_vocab`` builds, and the
vectoriser's own ``TfidfTransformer`` weighs them, so the result is ``transform``'s.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Number
from threading import Lock

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer


def dict_transform(vec: DictVectorizer, rows: Sequence[dict]):
    """``vec.transform(rows)`` for a fitted sparse ``DictVectorizer`` (the same matrix, faster)."""
    if not vec.sparse or not rows:
        return vec.transform(rows)
    vocab, sep = vec.vocabulary_, vec.separator
    get = vocab.get
    indices: list[int] = []
    values: list[float] = []
    add_index, add_value = indices.append, values.append
    indptr = [0]
    for x in rows:
        for f, v in x.items():
            kind = type(v)
            if kind is str:  # the common cases first, by exact type (an ABC check per value is dear)
                col = get(f + sep + v)
                v = 1
            elif kind is float or kind is int:
                col = get(f)
            elif isinstance(v, str):
                col = get(f"{f}{sep}{v}")
                v = 1
            elif isinstance(v, Number):
                col = get(f)
            else:  # None, iterables, mappings: scikit-learn's own rules
                return vec.transform(rows)
            if col is not None:
                add_index(col)
                add_value(v)
        indptr.append(len(indices))
    out = sp.csr_matrix((np.array(values, dtype=vec.dtype), np.array(indices, dtype=np.int64),
                         np.array(indptr, dtype=np.int64)),
                       shape=(len(rows), len(vocab)), dtype=vec.dtype)
    out.sort_indices()
    return out


class _Grams:
    """The n-grams of recent texts for one analysis, as ids into one table shared by every
    vectoriser with that analysis, and per vectoriser the column of each id (-1: not in its
    vocabulary). A vectoriser then counts a batch with a few array operations instead of one
    dictionary look-up per n-gram."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.grams: list[str] = []
        self.texts: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # text → (ids, counts), first occurrence order
        self.columns: dict[int, tuple[TfidfVectorizer, np.ndarray]] = {}  # id(vectoriser) → (it, column per id)

    def of(self, text: str, analyse) -> tuple[np.ndarray, np.ndarray]:
        found = self.texts.get(text)
        if found is None:
            counts: dict[int, int] = {}
            ids = self.ids
            for g in analyse(text):
                k = ids.get(g)
                if k is None:
                    k = ids[g] = len(self.grams)
                    self.grams.append(g)
                counts[k] = counts.get(k, 0) + 1
            found = self.texts[text] = (np.fromiter(counts, np.int64, len(counts)),
                                        np.fromiter(counts.values(), np.intc, len(counts)))
        return found

    def column(self, vec: TfidfVectorizer) -> np.ndarray:
        """Each id's column in ``vec``'s vocabulary, the ids added since the last call looked up."""
        known = self.columns.get(id(vec))
        cols = known[1] if known is not None and known[0] is vec else np.empty(0, np.int64)
        if len(cols) < len(self.grams):
            get = vec.vocabulary_.get
            new = np.fromiter((get(g, -1) for g in self.grams[len(cols):]), np.int64, len(self.grams) - len(cols))
            cols = np.concatenate([cols, new])
            self.columns[id(vec)] = (vec, cols)
        return cols


#: per analysis (``_analysis_key``): the recent texts' n-grams; the classifiers of one batch share them
_GRAMS: dict[tuple, _Grams] = {}
_GRAMS_LOCK = Lock()
#: texts and distinct n-grams kept per analysis before it starts afresh (a coder batch holds a few
#: hundred sentences, some 10,000 n-grams)
MAX_TEXTS = 2048
MAX_GRAMS = 200_000


def _analysis_key(vec: TfidfVectorizer) -> tuple | None:
    """What decides a vectoriser's n-grams of a text, or None where it is not a plain word analysis
    (a callable analyser, preprocessor or tokenizer, stop words, file input, binary counts)."""
    p = vec.get_params()
    if (p["analyzer"] != "word" or p["input"] != "content" or p["binary"] or p["stop_words"] is not None
            or p["preprocessor"] is not None or p["tokenizer"] is not None):
        return None
    return (p["encoding"], p["decode_error"], p["strip_accents"], p["lowercase"], p["token_pattern"],
            tuple(p["ngram_range"]))


def _grams(key: tuple, n_texts: int) -> _Grams:
    """The shared n-gram table of an analysis (call with ``_GRAMS_LOCK`` held): its texts start
    afresh past ``MAX_TEXTS``, the whole table past ``MAX_GRAMS`` n-grams."""
    grams = _GRAMS.get(key)
    if grams is None or len(grams.grams) > MAX_GRAMS:
        grams = _GRAMS[key] = _Grams()
    elif len(grams.texts) + n_texts > MAX_TEXTS:
        grams.texts = {}
    return grams


def tfidf_transform(vec: TfidfVectorizer, texts: Sequence[str]):
    """``vec.transform(texts)`` for a fitted ``TfidfVectorizer``, each text's n-grams found once for
    every vectoriser with the same analysis (the same matrix)."""
    key = _analysis_key(vec)
    if key is None or isinstance(texts, str) or not len(texts):
        return vec.transform(texts)
    analyse = vec.build_analyzer()
    with _GRAMS_LOCK:  # one table of ids for all threads
        table = _grams(key, len(texts))
        found = [table.of(text, analyse) for text in texts]
        cols = table.column(vec)[np.concatenate([f[0] for f in found])]
    keep = cols >= 0
    rows = np.repeat(np.arange(len(found)), [len(f[0]) for f in found])[keep]
    indptr = np.zeros(len(found) + 1, np.int32)
    np.cumsum(np.bincount(rows, minlength=len(found)), out=indptr[1:])
    X = sp.csr_matrix((np.concatenate([f[1] for f in found])[keep], cols[keep].astype(np.int32), indptr),
                     shape=(len(found), len(vec.vocabulary_)), dtype=vec.dtype)
    X.sort_indices()
    return vec._tfidf.transform(X, copy=False)
