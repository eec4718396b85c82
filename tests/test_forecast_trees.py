"""The saved trees' evaluation (``TreeArrays.decision``) against the plain walk, on hand-built forests.

The walk follows each row down each tree; ``decision`` tests every node on all rows at once and
finds the leaf from bitmasks (``trees.py``). They must give the very same floats: the same leaf
values, added tree by tree in the same order.
"""

from __future__ import annotations

import numpy as np
import pytest

from detente.forecast.trees import TreeArrays


def random_forest(rng: np.random.Generator, trees: int, max_leaves: int, features: int,
                  thresholds: np.ndarray) -> TreeArrays:
    """Random binary trees (a leaf split at random until ``max_leaves``), thresholds drawn from a
    small set so that nodes of several trees share them, missing values sent either way."""
    cols: dict[str, list] = {k: [] for k in ("feature", "threshold", "nan_left", "left", "right", "value")}
    roots = []

    def node() -> int:
        for k, v in zip(cols, (0, 0.0, False, -1, -1, float(rng.normal()))):
            cols[k].append(v)
        return len(cols["value"]) - 1

    for _ in range(trees):
        root = node()
        roots.append(root)
        leaves = [root]
        for _ in range(int(rng.integers(0, max_leaves))):  # 0 splits: a single-leaf tree
            j = leaves.pop(int(rng.integers(len(leaves))))
            left, right = node(), node()
            cols["feature"][j], cols["threshold"][j] = int(rng.integers(features)), float(rng.choice(thresholds))
            cols["nan_left"][j], cols["left"][j], cols["right"][j], cols["value"][j] = bool(rng.random() < 0.5), left, right, 0.0
            leaves += [left, right]
    return TreeArrays(feature=np.array(cols["feature"], np.int32), threshold=np.array(cols["threshold"]),
                      nan_left=np.array(cols["nan_left"]), left=np.array(cols["left"], np.int32),
                      right=np.array(cols["right"], np.int32), value=np.array(cols["value"]),
                      root=np.array(roots, np.int32), baseline=0.25)


def rows(rng: np.random.Generator, n: int, features: int, thresholds: np.ndarray, nan_cols=()) -> np.ndarray:
    """Random rows, a third of them exactly on a threshold (``x <= threshold`` goes left)."""
    x = rng.normal(size=(n, features))
    on = rng.random(size=x.shape) < 1 / 3
    x[on] = rng.choice(thresholds, size=int(on.sum()))
    for f in nan_cols:
        x[rng.random(n) < 0.3, f] = np.nan
    return x


@pytest.mark.parametrize("max_leaves", [1, 2, 15, 16, 40, 64])
def test_decision_is_the_walk_to_the_last_bit(max_leaves):
    """Word sizes from int16 to int64 (up to 64 leaves), single-leaf trees among the others."""
    rng = np.random.default_rng(max_leaves)
    thresholds = np.round(rng.normal(size=12), 2)
    forest = random_forest(rng, 30, max_leaves, 5, thresholds)
    x = rows(rng, 400, 5, thresholds)
    assert np.array_equal(forest.decision(x), forest.walk(x))
    assert np.array_equal(forest.decision(x[::-1]), forest.walk(x[::-1]))  # the plan is built once, reused


def test_missing_values_go_where_each_node_sends_them():
    rng = np.random.default_rng(7)
    thresholds = np.array([-1.0, 0.0, 0.5, 2.0])
    forest = random_forest(rng, 40, 15, 4, thresholds)
    x = rows(rng, 500, 4, thresholds, nan_cols=(1, 3))
    assert np.isnan(x[:, 1]).any() and not np.isnan(x[:, 0]).any()
    assert np.array_equal(forest.decision(x), forest.walk(x))


def test_infinities_and_signed_zeros_compare_as_floats_do():
    rng = np.random.default_rng(3)
    thresholds = np.array([-0.0, 0.0, 1.0, -np.inf, 1e308])
    forest = random_forest(rng, 25, 10, 2, thresholds)
    x = rng.choice(np.array([-np.inf, np.inf, -0.0, 0.0, 1.0, 1e308, -5.0]), size=(300, 2))
    assert np.array_equal(forest.decision(x), forest.walk(x))


def test_a_forest_of_single_leaves_is_its_baseline_plus_the_leaves():
    forest = TreeArrays(feature=np.zeros(3, np.int32), threshold=np.zeros(3), nan_left=np.zeros(3, bool),
                        left=np.full(3, -1, np.int32), right=np.full(3, -1, np.int32), value=np.array([0.5, -1.0, 2.0]),
                        root=np.arange(3, dtype=np.int32), baseline=0.25)
    x = np.zeros((4, 2))
    assert np.array_equal(forest.decision(x), np.full(4, ((0.25 + 0.5) - 1.0) + 2.0))
    assert forest.decision(np.zeros((0, 2))).shape == (0,)


def test_trees_over_64_leaves_and_features_with_very_many_thresholds_still_match():
    """Beyond the bitmask's word the walk answers; a feature with more distinct thresholds than
    the word holds compares floats instead of codes."""
    rng = np.random.default_rng(11)
    big = random_forest(rng, 3, 80, 3, np.round(rng.normal(size=50), 3))
    x = rows(rng, 200, 3, big.threshold)
    assert np.array_equal(big.decision(x), big.walk(x))
    n = 33_000  # stumps on feature 0, each with its own threshold: more than int16 codes can tell apart
    stumps = TreeArrays(feature=np.zeros(3 * n, np.int32), threshold=np.repeat(np.arange(n) / n, 3),
                        nan_left=np.zeros(3 * n, bool),
                        left=np.where(np.arange(3 * n) % 3 == 0, np.arange(3 * n) + 1, -1).astype(np.int32),
                        right=np.where(np.arange(3 * n) % 3 == 0, np.arange(3 * n) + 2, -1).astype(np.int32),
                        value=np.tile([0.0, -1e-3, 1e-3], n), root=np.arange(0, 3 * n, 3, dtype=np.int32), baseline=0.0)
    x = np.c_[rng.random(20), rng.random(20)]
    assert np.array_equal(stumps.decision(x), stumps.walk(x))


def test_saved_arrays_give_the_same_decision():
    rng = np.random.default_rng(5)
    thresholds = np.round(rng.normal(size=8), 1)
    forest = random_forest(rng, 20, 15, 4, thresholds)
    back = TreeArrays.from_arrays(forest.to_arrays("t."), "t.")
    x = rows(rng, 300, 4, thresholds, nan_cols=(2,))
    assert np.array_equal(back.decision(x), forest.decision(x))


def test_categorical_splits_are_refused_when_reading_a_classifier():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = np.c_[rng.integers(0, 4, 400), rng.normal(size=400)]
    y = (x[:, 0] == 2) | (x[:, 1] > 1)
    clf = HistGradientBoostingClassifier(max_iter=3, categorical_features=[0], random_state=0).fit(x, y)
    with pytest.raises(ValueError, match="categorical"):
        TreeArrays.from_sklearn(clf)
