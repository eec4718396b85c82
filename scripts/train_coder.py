"""Rebuild the coder's learned parts (src/detente/coding/learned/data/learned.joblib), then the
pair proposals' thresholds chosen for it (data/pairs.json, ``coding/learned/pairs_train.py``), then
the second-reading model (data/reroot.json, ``coding/learned/reroot_train.py``).

Trains on development data only (../shared/eval/events: plv_train, the PLOVER and CAMEO-manual
examples; the bundled wire-dev split and our own non-event sentences), never on PETR-2 or
wire-test, with a fixed seed: the same data and seed give the same bundle and thresholds.

    python scripts/train_coder.py                 # = detente train coder, then the pair thresholds
    python scripts/train_coder.py --data DIR --seed 0 --out learned.joblib
    python scripts/train_coder.py --pairs-only    # the pair thresholds for the shipped bundle
    python scripts/train_coder.py --reroot-only   # the second-reading model for both
"""

from __future__ import annotations

import sys
from pathlib import Path

from detente.cli import app


def _option(args: list[str], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args[:-1] else default


def _rebuild(args: list[str], artefact: str, what: str, fit) -> int:
    """Rebuild one artefact chosen for the shipped bundle (skipped when ``--out`` wrote another file):
    ``fit(data_dir, out_path, seed, progress=print)``."""
    from importlib import resources

    from detente.resources import shared_dir

    if "--out" in args:
        print(f"{what} not rebuilt: --out names another bundle than the shipped one")
        return 0
    out = Path(str(resources.files("detente.coding.learned").joinpath("data", artefact)))
    data = Path(_option(args, "--data", str(shared_dir() / "eval" / "events")))
    fit(data, out, int(_option(args, "--seed", "0")), progress=print)
    print(f"wrote {out}")
    return 0


def train_pairs(args: list[str]) -> int:
    """The pair thresholds for the shipped bundle (data/pairs.json)."""
    from detente.coding.learned.pairs import ARTEFACT
    from detente.coding.learned.pairs_train import train_pair_thresholds

    return _rebuild(args, ARTEFACT, "pair thresholds", train_pair_thresholds)


def train_reroot(args: list[str]) -> int:
    """The second-reading model for the shipped bundle and pair thresholds (data/reroot.json)."""
    from detente.coding.learned.reroot import ARTEFACT
    from detente.coding.learned.reroot_train import train_reroot as fit

    return _rebuild(args, ARTEFACT, "reroot model", fit)


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--pairs-only" in argv:
        sys.exit(train_pairs([a for a in argv if a != "--pairs-only"]))
    if "--reroot-only" in argv:
        sys.exit(train_reroot([a for a in argv if a != "--reroot-only"]))
    code = app(["train", "coder", *argv], standalone_mode=False)
    sys.exit(code or train_pairs(argv) or train_reroot(argv))
