"""Temporal knowledge graphs as integer quadruples, and reading the standard TKG benchmark folders.

A quadruple is ``[subject, relation, object, time]`` (int64). Time is a step index (a day for
ICEWS); models only ever see facts strictly before a query's time. Queries run in both
directions: ``(s, r, ?, t)`` and ``(o, r + R, ?, t)`` where ``r + R`` is the inverse relation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from math import gcd
from pathlib import Path

import numpy as np


@dataclass
class TKG:
    """A benchmark split in three, with names; ``num_relations`` counts relations without inverses."""

    name: str
    train: np.ndarray
    valid: np.ndarray
    test: np.ndarray
    num_entities: int
    num_relations: int
    entity_names: list[str] = field(default_factory=list)
    relation_names: list[str] = field(default_factory=list)
    time_step: int = 1  # raw time units per step (ICEWS18: 24 hours)


def with_inverse(quads: np.ndarray, num_relations: int) -> np.ndarray:
    """Facts in both directions: each ``(s, r, o, t)`` also as ``(o, r + R, s, t)``."""
    quads = np.asarray(quads, dtype=np.int64).reshape(-1, 4)
    n = len(quads)
    out = np.empty((2 * n, 4), np.int64)  # column by column: a fancy column index is slower
    out[:n] = quads
    out[n:, 0], out[n:, 1], out[n:, 2], out[n:, 3] = quads[:, 2], quads[:, 1] + num_relations, quads[:, 0], quads[:, 3]
    return out


def time_step_of(times: np.ndarray) -> int:
    """The common step of a time column (24 for hourly-stamped daily data), at least 1."""
    u = np.unique(np.asarray(times, dtype=np.int64))
    if len(u) < 2:
        return 1
    return max(1, int(reduce(gcd, np.diff(u).tolist())))


def _read_ids(path: Path) -> list[str]:
    names: dict[int, str] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[-1].strip().lstrip("-").isdigit():
                names[int(parts[-1])] = parts[0]
    return [names.get(i, str(i)) for i in range(max(names) + 1)] if names else []


def load_tkg(folder: str | Path) -> TKG:
    """Read ``train/valid/test.txt`` (``s r o t``) plus id files; times become step indices from 0."""
    folder = Path(folder)
    missing = [n for n in ("train.txt", "valid.txt", "test.txt") if not (folder / n).exists()]
    if missing:
        raise FileNotFoundError(f"{folder} is not a TKG data set (missing {', '.join(missing)})")
    splits = [np.loadtxt(folder / f"{n}.txt", dtype=np.int64, ndmin=2)[:, :4] for n in ("train", "valid", "test")]
    allq = np.concatenate(splits)
    step = time_step_of(allq[:, 3])
    t0 = int(allq[:, 3].min())
    for q in splits:
        q[:, 3] = (q[:, 3] - t0) // step
    ents = _read_ids(folder / "entity2id.txt") if (folder / "entity2id.txt").exists() else []
    rels = _read_ids(folder / "relation2id.txt") if (folder / "relation2id.txt").exists() else []
    n_ent = max(len(ents), int(max(allq[:, 0].max(), allq[:, 2].max())) + 1)
    n_rel = max(len(rels), int(allq[:, 1].max()) + 1)
    train, valid, test = splits
    return TKG(folder.name, train, valid, test, num_entities=n_ent, num_relations=n_rel,
               entity_names=ents, relation_names=rels, time_step=step)
