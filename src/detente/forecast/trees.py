"""Fitted boosted trees as plain arrays: saved in a store without pickle, evaluated without scikit-learn.

``boost`` fits scikit-learn's ``HistGradientBoostingClassifier``; its trees are small (at most
``max_leaf_nodes`` leaves). ``TreeArrays`` keeps every tree's nodes as flat arrays (feature,
threshold, children, leaf value), so a store can hold them as ``.npz`` and ``detente forecast``
answers from a saved model without importing scikit-learn. Evaluation tests every inner node of a
tree on all rows at once (one column comparison each) and finds each row's leaf from a bitmask of
the leaves still reachable (``decision``; the walk level by level, ``walk``, is kept as the
reference); both give the classifier's ``decision_function`` on the same input (unit-tested). A
live classifier, when present, is used instead: it is faster on millions of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

_NODE_FIELDS = ("feature", "threshold", "nan_left", "left", "right", "value")


def _count_bits(x: np.ndarray) -> np.ndarray:
    """How many bits are set in each of ``x`` (all of them low bits), as indices."""
    if hasattr(np, "bitwise_count"):  # numpy 2 (uint8 counts: ``take`` reads them as they are)
        return np.bitwise_count(x)
    return np.log2(x.astype(np.float64) + 1.0).astype(np.intp)


#: one inner node's test: (feature, place of its threshold among the feature's, bits of the
#: leaves of its left subtree, threshold, where a missing value goes)
_Test = tuple[int, Any, Any, float, bool]


@dataclass
class _Plan:
    """What ``decision`` needs of the trees whatever the rows, as plain Python values per node
    (no numpy scalar indexing in the loop over nodes): built once per ``TreeArrays``."""

    word: type  # a signed integer type with a spare sign bit above the most leaves of a tree
    edges: dict[int, np.ndarray]  # per feature some node tests: its distinct thresholds, sorted
    trees: list[tuple[list[_Test], np.ndarray]]  # per tree: its tests, then 0 and its leaf values

    @classmethod
    def build(cls, t: TreeArrays) -> _Plan | None:
        left, right = t.left.tolist(), t.right.tolist()  # plain ints: the walk below is Python
        shapes = [_shape(left, right, root) for root in t.root.tolist()]
        most = max((len(leaves) for _, leaves in shapes), default=1)
        word = next((w for w in (np.int16, np.int32, np.int64) if most < np.iinfo(w).bits), None)
        if word is None:
            return None
        inner = t.left >= 0
        edges: dict[int, np.ndarray] = {}
        place = np.zeros(len(t.feature), np.int64)
        for f in sorted(set(t.feature[inner].tolist())):  # (np.unique would import numpy.ma)
            nodes = np.flatnonzero(inner & (t.feature == f))
            e = np.sort(t.threshold[nodes])
            e = e[np.r_[True, e[1:] != e[:-1]]]
            if len(e) < np.iinfo(word).max:  # else its nodes compare floats
                edges[f] = e
                place[nodes] = np.searchsorted(e, t.threshold[nodes])
        feature, threshold, nan_left, places = t.feature.tolist(), t.threshold.tolist(), t.nan_left.tolist(), place.tolist()
        trees = []
        for tests, leaves in shapes:
            trees.append(([(feature[j], word(places[j]), word(((1 << b) - 1) ^ ((1 << a) - 1)), threshold[j],
                            bool(nan_left[j])) for j, a, b in tests],
                          np.concatenate([[0.0], t.value[np.array(leaves, np.int64)]])))
        return cls(word, edges, trees)

    def codes(self, cols: np.ndarray) -> dict[int, np.ndarray]:
        """Per feature column without missing values: each value's count of the feature's
        distinct thresholds below it (``x > threshold`` exactly when ``code > place``)."""
        return {f: np.searchsorted(e, cols[f], "left").astype(self.word)
                for f, e in self.edges.items() if f < len(cols) and not np.isnan(cols[f]).any()}


def _shape(left: list[int], right: list[int], root: int) -> tuple[list[tuple[int, int, int]], list[int]]:
    """A tree's inner nodes, each with the first and last-plus-one leaf of its left subtree, and its
    leaves left to right (the leaves' bits)."""
    leaves: list[int] = []
    inner: list[tuple[int, int, int]] = []
    stack: list[tuple[int, int]] = [(root, 0)]  # (node, state 0: enter / 1: left done)
    starts: dict[int, int] = {}
    while stack:
        node, state = stack.pop()
        if left[node] < 0:
            leaves.append(node)
        elif state == 0:
            starts[node] = len(leaves)
            stack += [(node, 1), (left[node], 0)]
        else:
            inner.append((node, starts[node], len(leaves)))
            stack.append((right[node], 0))
    return inner, leaves


@dataclass
class TreeArrays:
    """Every tree's nodes, concatenated; tree k is ``root[k]`` and the nodes reached from it."""

    feature: np.ndarray  # int32, per node (leaves: 0)
    threshold: np.ndarray  # float64: go left when x <= threshold
    nan_left: np.ndarray  # bool: where a missing value goes
    left: np.ndarray  # int32, absolute node index (leaves: -1)
    right: np.ndarray
    value: np.ndarray  # float64, leaf values (0 for inner nodes)
    root: np.ndarray  # int32, first node of each tree
    baseline: float
    clf: Any = field(default=None, repr=False, compare=False)  # the fitted classifier, not saved
    _plan_cache: list[_Plan | None] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def from_sklearn(cls, clf: Any) -> TreeArrays:
        """Read a fitted binary ``HistGradientBoostingClassifier`` (numeric features only)."""
        cols: dict[str, list[np.ndarray]] = {k: [] for k in _NODE_FIELDS}
        roots, offset = [], 0
        for (pred,) in clf._predictors:  # one predictor per iteration for a binary problem
            nodes = pred.nodes
            if nodes["is_categorical"].any():
                raise ValueError("categorical splits are not supported")
            leaf = nodes["is_leaf"].astype(bool)
            cols["feature"].append(nodes["feature_idx"].astype(np.int32))
            cols["threshold"].append(nodes["num_threshold"].astype(np.float64))
            cols["nan_left"].append(nodes["missing_go_to_left"].astype(bool))
            cols["left"].append(np.where(leaf, -1, nodes["left"].astype(np.int64) + offset).astype(np.int32))
            cols["right"].append(np.where(leaf, -1, nodes["right"].astype(np.int64) + offset).astype(np.int32))
            cols["value"].append(np.where(leaf, nodes["value"], 0.0).astype(np.float64))
            roots.append(offset)
            offset += len(nodes)
        return cls(feature=np.concatenate(cols["feature"]), threshold=np.concatenate(cols["threshold"]),
                   nan_left=np.concatenate(cols["nan_left"]), left=np.concatenate(cols["left"]),
                   right=np.concatenate(cols["right"]), value=np.concatenate(cols["value"]),
                   root=np.array(roots, np.int32), baseline=float(np.ravel(clf._baseline_prediction)[0]), clf=clf)

    def decision(self, x: np.ndarray) -> np.ndarray:
        """Log-odds of each row of ``x`` (features in the training order).

        Per tree, every inner node is tested on all rows; a row failing a node (going right)
        loses the leaves of that node's left subtree from its bitmask, and its leaf is the
        leftmost one left (the leaf its path reaches: every leaf left of it lies left of a node
        on the path where the row went right). A column without missing values is first coded
        as the number of its feature's distinct thresholds below each value, so a node's test
        ``x > threshold`` is ``code > place`` on small integers: the sign bit of
        ``place - code``, spread over the word by a shift, masks the node's bits. Leaf values
        are added tree by tree as in ``walk``, so the sums are the same floats.
        """
        if self.clf is not None:
            return self.clf.decision_function(x)
        plan = self._plan()
        if plan is None:
            return self.walk(x)
        word = plan.word
        cols = np.ascontiguousarray(np.asarray(x, np.float64).T)
        n = cols.shape[1]
        codes = plan.codes(cols)
        shift = word(np.iinfo(word).bits - 1)
        out = np.full(n, self.baseline)
        cleared: np.ndarray = np.empty(n, word)  # the leaves each row has ruled out, as bits
        step: np.ndarray = np.empty(n, word)
        fails = np.empty(n, bool)
        value = np.empty(n)
        for tests, leaf_values in plan.trees:
            cleared.fill(0)
            for f, place, bits, threshold, nan_left in tests:
                code = codes.get(f)
                if code is not None:
                    np.subtract(place, code, out=step)  # negative where the row goes right
                    np.right_shift(step, shift, out=step)  # all ones there, zero elsewhere
                    np.bitwise_and(step, bits, out=step)
                else:  # a column with missing values: compare the floats
                    np.greater(cols[f], threshold, out=fails)  # a missing value compares False
                    if not nan_left:
                        fails |= np.isnan(cols[f])
                    np.multiply(fails, bits, out=step, casting="unsafe")
                np.bitwise_or(cleared, step, out=cleared)
            # the leaf is the lowest bit not ruled out: count the ruled-out bits below it, plus one
            np.add(cleared, 1, out=step)
            np.bitwise_xor(cleared, step, out=step)
            np.take(leaf_values, _count_bits(step), out=value, mode="clip")  # (clip: no buffered copy)
            out += value
        return out

    def _plan(self) -> _Plan | None:
        """The evaluation plan (built once; None when a tree has 64 leaves or more)."""
        if self._plan_cache is None:
            self._plan_cache = [_Plan.build(self)]
        return self._plan_cache[0]

    def walk(self, x: np.ndarray) -> np.ndarray:
        """``decision`` by walking each tree level by level (the reference the bitmask is checked against)."""
        x = np.asarray(x)
        out = np.full(len(x), self.baseline)
        rows_all = np.arange(len(x))
        for root in self.root.tolist():
            node = np.full(len(x), root, np.int64)
            rows = rows_all
            while len(rows):
                inner = self.left[node] >= 0
                if not inner.all():
                    done = ~inner
                    out[rows[done]] += self.value[node[done]]
                    rows, node = rows[inner], node[inner]
                    if not len(rows):
                        break
                v = x[rows, self.feature[node]]
                go_left = np.where(np.isnan(v), self.nan_left[node], v <= self.threshold[node])
                node = np.where(go_left, self.left[node], self.right[node])
        return out

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """The arrays to save (``baseline`` as a one-element array)."""
        out = {f"{prefix}{k}": np.asarray(getattr(self, k)) for k in _NODE_FIELDS + ("root",)}
        out[f"{prefix}baseline"] = np.array([self.baseline])
        return out

    @classmethod
    def from_arrays(cls, arrays: Any, prefix: str) -> TreeArrays:
        got = {k: np.asarray(arrays[f"{prefix}{k}"]) for k in _NODE_FIELDS + ("root",)}
        return cls(**got, baseline=float(np.asarray(arrays[f"{prefix}baseline"])[0]))
