"""DEU III (Decision-making in the European Union) as `Issue`s, and the validation harness.

The file is tab-separated, one row per contested issue; row 2 holds capability weights. A
position cell left empty means the actor took no position (it is left out of that issue); a
salience left empty next to a position gets 50 (the scale midpoint) — the reading that
reproduces the published compromise-model error (docs/bargain.md).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from detente.bargain.issue import Issue
from detente.bargain.models import BargainModel

MISSING_SALIENCE = 50.0
META = {"prnr", "prname", "proc", "proccde"}


def _num(cell: str | None) -> float | None:
    cell = (cell or "").strip().strip('"')
    if not cell:
        return None
    try:
        return float(cell)
    except ValueError:
        return None


def load_deu(path: Path, equal_capabilities: bool = False) -> list[Issue]:
    """Every issue with at least two positioned actors; `outcome`/`status_quo` None where unrecorded."""
    with open(path, newline="", encoding="utf-8", errors="replace") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))
    if len(rows) < 3:
        raise ValueError(f"{path}: too few rows for a DEU file")
    header = [h.strip().strip('"') for h in rows[0]]
    col = {h: i for i, h in enumerate(header)}
    actors = [h[1:] for h in header if h.startswith("p") and h not in META and "s" + h[1:] in col]
    if not actors or "out" not in col:
        raise ValueError(f"{path}: no p<actor>/s<actor>/out columns; is this DEU III?")
    caprow = rows[1]
    caps = np.array([_num(caprow[col["p" + a]]) or 0.0 for a in actors])
    if equal_capabilities:
        caps = np.ones(len(actors))
    issues: list[Issue] = []
    for row in rows[2:]:
        row = row + [""] * (len(header) - len(row))
        pos = [_num(row[col["p" + a]]) for a in actors]
        keep = [i for i, p in enumerate(pos) if p is not None]
        if len(keep) < 2:
            continue
        raw_sal = [_num(row[col["s" + actors[i]]]) for i in keep]
        sal = np.array([MISSING_SALIENCE if s is None else s for s in raw_sal]) / 100.0
        issue_id = row[col["isnr"]].strip('"') if "isnr" in col else str(len(issues))
        issues.append(Issue(
            name=issue_id,
            actors=tuple(actors[i] for i in keep),
            positions=np.array([pos[i] for i in keep]),
            saliences=sal,
            capabilities=caps[keep],
            status_quo=_num(row[col["rp"]]) if "rp" in col else None,
            outcome=_num(row[col["out"]]),
            group=row[col["prnr"]].strip('"') if "prnr" in col else "",
        ))
    return issues


def cross_validated_mae(make: Callable[[], BargainModel], issues: Sequence[Issue], folds: int = 10) -> float:
    """Fit on the proposals of k−1 folds, score on the held-out proposals: no issue scores its own fit."""
    groups = sorted({i.group for i in issues})
    fold_of = {g: k % folds for k, g in enumerate(groups)}
    errors: list[float] = []
    for k in range(folds):
        train = [i for i in issues if fold_of[i.group] != k]
        test = [i for i in issues if fold_of[i.group] == k and i.outcome is not None]
        if not test:
            continue
        model = make().fit(train)
        errors.extend(np.abs(model.predict(test) - np.array([i.outcome for i in test])).tolist())
    return float(np.mean(errors)) if errors else float("nan")


def mae_record(model: BargainModel, issues: Sequence[Issue], need_status_quo: bool = False) -> dict:
    """{"mae", "n"} over the issues with a recorded outcome (and a reference point, if needed)."""
    scored = [i for i in issues if i.outcome is not None and (i.status_quo is not None or not need_status_quo)]
    pred = model.predict(scored)
    err = np.abs(pred - np.array([i.outcome for i in scored]))
    return {"mae": round(float(np.mean(err)), 4), "n": len(scored)}
