"""A faster ``DictVectorizer.transform`` for the learned parts' feature dicts (ingest CPU, issue 14).

scikit-learn's ``DictVectorizer._transform`` makes one NumPy scalar per value (``dtype(v)``); on
the coder's dicts of strings and floats that is most of its time. ``dict_transform`` builds the
same sparse matrix (same columns, same values in ``dtype``, indices sorted the same way, a ``csr_matrix`` as it returns) with one
array conversion, and hands any dict it does not expect (iterable or None values) to scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from numbers import Number

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer


def dict_transform(vec: DictVectorizer, rows: Sequence[dict]):
    """``vec.transform(rows)`` for a fitted sparse ``DictVectorizer`` (the same matrix, faster)."""
    if not vec.sparse or not rows:
        return vec.transform(rows)
    vocab, sep = vec.vocabulary_, vec.separator
    indices: list[int] = []
    values: list[float] = []
    indptr = [0]
    for x in rows:
        for f, v in x.items():
            if isinstance(v, str):
                name, v = f"{f}{sep}{v}", 1
            elif isinstance(v, Number):
                name = f
            else:  # None, iterables, mappings: scikit-learn's own rules
                return vec.transform(rows)
            col = vocab.get(name)
            if col is not None:
                indices.append(col)
                values.append(v)
        indptr.append(len(indices))
    out = sp.csr_matrix((np.array(values, dtype=vec.dtype), np.array(indices, dtype=np.int64),
                         np.array(indptr, dtype=np.int64)),
                       shape=(len(rows), len(vocab)), dtype=vec.dtype)
    out.sort_indices()
    return out
