"""Rebuild the coder's learned parts (src/detente/coding/learned/data/learned.joblib).

Trains on development data only (../shared/eval/events: plv_train, the PLOVER and CAMEO-manual
examples; the bundled wire-dev split and our own non-event sentences), never on PETR-2 or
wire-test, with a fixed seed: the same data and seed give the same bundle.

    python scripts/train_coder.py                 # = detente train coder
    python scripts/train_coder.py --data DIR --seed 0 --out learned.joblib
"""

from __future__ import annotations

import sys

from detente.cli import app

if __name__ == "__main__":
    sys.exit(app(["train", "coder", *sys.argv[1:]]))
