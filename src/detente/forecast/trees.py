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
    if hasattr(np, "bitwise_count"):  # numpy 2
        return np.bitwise_count(x).astype(np.intp)
    return np.log2(x.astype(np.float64) + 1.0).astype(np.intp)


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
    _plan_cache: list | None = field(default=None, init=False, repr=False, compare=False)  # ``_plan()``

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
        as the number of its features' distinct thresholds below each value, so a node's test
        ``x > threshold`` is ``code > position`` on small integers: the sign bit of
        ``position - code``, spread over the word by a shift, masks the node's bits. Leaf values
        are added tree by tree as in ``walk``, so the sums are the same floats.
        """
        if self.clf is not None:
            return self.clf.decision_function(x)
        plan = self._plan()
        if plan is None:
            return self.walk(x)
        cols = np.ascontiguousarray(np.asarray(x, np.float64).T)
        n = cols.shape[1]
        most = max((len(v) for _, _, v in plan), default=1)
        # a signed word with a spare sign bit above the leaves
        word = next((w for w in (np.int16, np.int32, np.int64) if most < np.iinfo(w).bits), None)
        if word is None:
            return self.walk(x)
        codes, position = self._codes(cols, word)
        shift = word(np.iinfo(word).bits - 1)
        out = np.full(n, self.baseline)
        cleared: np.ndarray = np.empty(n, word)  # the leaves each row has ruled out, as bits
        step: np.ndarray = np.empty(n, word)
        fails = np.empty(n, bool)
        value = np.empty(n)
        for nodes, left_bits, leaf_values in plan:
            cleared.fill(0)
            for j, bits in zip(nodes.tolist(), left_bits.astype(word)):
                f = int(self.feature[j])
                code = codes[f]
                if code is not None:
                    np.subtract(position[j], code, out=step)  # negative where the row goes right
                    np.right_shift(step, shift, out=step)  # all ones there, zero elsewhere
                    np.bitwise_and(step, bits, out=step)
                else:  # a column with missing values: compare the floats
                    np.greater(cols[f], self.threshold[j], out=fails)  # a missing value compares False
                    if not self.nan_left[j]:
                        fails |= np.isnan(cols[f])
                    np.multiply(fails, bits, out=step, casting="unsafe")
                np.bitwise_or(cleared, step, out=cleared)
            # the leaf is the lowest bit not ruled out: count the ruled-out bits below it, plus one
            np.add(cleared, 1, out=step)
            np.bitwise_xor(cleared, step, out=step)
            np.take(np.concatenate([[0.0], leaf_values]), _count_bits(step), out=value)
            out += value
        return out

    def _codes(self, cols: np.ndarray, word: type) -> tuple[list[np.ndarray | None], np.ndarray]:
        """Per feature column, each value's count of the distinct node thresholds below it (None
        for a column with a missing value or no node), and per node its threshold's place among
        them: ``x > threshold`` exactly when ``code > place``."""
        inner = self.left >= 0
        position: np.ndarray = np.zeros(len(self.feature), word)
        codes: list[np.ndarray | None] = [None] * len(cols)
        for f in sorted(set(self.feature[inner].tolist())):  # (np.unique would import numpy.ma)
            if f >= len(cols) or np.isnan(cols[f]).any():
                continue
            nodes = np.flatnonzero(inner & (self.feature == f))
            edges = np.sort(self.threshold[nodes])
            edges = edges[np.r_[True, edges[1:] != edges[:-1]]]
            if len(edges) >= np.iinfo(word).max:
                continue
            position[nodes] = np.searchsorted(edges, self.threshold[nodes])
            codes[f] = np.searchsorted(edges, cols[f], "left").astype(word)
        return codes, position

    def _plan(self) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]] | None:
        """Per tree: its inner nodes, the bits of the leaves of their left subtrees, and its leaf
        values left to right; None when a tree has more than 64 leaves."""
        if self._plan_cache is not None:
            return self._plan_cache or None
        plan = []
        left, right = self.left.tolist(), self.right.tolist()  # plain ints: the walk below is Python
        for root in self.root.tolist():
            leaves: list[int] = []
            inner: list[tuple[int, int, int]] = []  # node, first and last leaf of its left subtree
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
            if len(leaves) > 64:
                self._plan_cache = []
                return None
            nodes = np.array([n for n, _, _ in inner], np.int64)
            left_bits = np.array([((1 << b) - 1) ^ ((1 << a) - 1) for _, a, b in inner], np.uint64)
            plan.append((nodes, left_bits, self.value[np.array(leaves, np.int64)]))
        self._plan_cache = plan
        return plan

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
