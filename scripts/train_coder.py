"""Rebuild the coder's learned parts (src/detente/coding/learned/data/learned.joblib), then the
pair proposals' thresholds chosen for it (data/pairs.json, ``coding/learned/pairs_train.py``), then
the second-reading model (data/reroot.json, ``coding/learned/reroot_train.py``).

Trains on development data only (../shared/eval/events: plv_train, the PLOVER and CAMEO-manual
examples; the bundled wire-dev split and our own non-event sentences), never on PETR-2 or
wire-test, with a fixed seed: run through this script (``make models``, which pins one BLAS thread below), the
same data and seed give the same bundle and thresholds, byte for byte (``--check`` says whether the shipped ones are what the code and data give today).

    python scripts/train_coder.py                 # = detente train coder, then the pair thresholds
    python scripts/train_coder.py --data DIR --seed 0 --out learned.joblib
    python scripts/train_coder.py --pairs-only    # the pair thresholds for the shipped bundle
    python scripts/train_coder.py --reroot-only   # the second-reading model for both
    python scripts/train_coder.py --check         # rebuild all three in a temporary folder, compare
"""

from __future__ import annotations

import math
import os
import sys
import tempfile
from pathlib import Path

# one BLAS / OpenMP thread, set before numpy, scikit-learn or spaCy load: with the default (two on a
# two-core machine) the reroot weights moved in their third decimal from a one-thread build
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

from detente.cli import app  # noqa: E402

#: fields that are no part of a model: scikit-learn's TfidfVectorizer caches ``id(stop_words)``, a
#: memory address that differs in every process (``parts.save_parts`` drops it; older bundles carry it)
VOLATILE = frozenset({"_stop_words_id"})
ARTEFACTS = ("learned.joblib", "pairs.json", "reroot.json")


def _option(args: list[str], name: str, default: str) -> str:
    return args[args.index(name) + 1] if name in args[:-1] else default


def _shipped(artefact: str) -> Path:
    from importlib import resources

    return Path(str(resources.files("detente.coding.learned").joinpath("data", artefact)))


def _rebuild(args: list[str], artefact: str, what: str, fit, folder: Path | None = None) -> int:
    """Rebuild one artefact chosen for the shipped bundle (skipped when ``--out`` wrote another file):
    ``fit(data_dir, out_path, seed, progress=print)``, into ``folder`` when given, else over the shipped one."""
    from detente.resources import shared_dir

    if "--out" in args:
        print(f"{what} not rebuilt: --out names another bundle than the shipped one")
        return 0
    out = folder / artefact if folder else _shipped(artefact)
    data = Path(_option(args, "--data", str(shared_dir() / "eval" / "events")))
    fit(data, out, int(_option(args, "--seed", "0")), progress=print)
    print(f"wrote {out}")
    return 0


def train_pairs(args: list[str], folder: Path | None = None) -> int:
    """The pair thresholds for the shipped bundle (data/pairs.json)."""
    from detente.coding.learned.pairs import ARTEFACT
    from detente.coding.learned.pairs_train import train_pair_thresholds

    return _rebuild(args, ARTEFACT, "pair thresholds", train_pair_thresholds, folder)


def train_reroot(args: list[str], folder: Path | None = None) -> int:
    """The second-reading model for the shipped bundle and pair thresholds (data/reroot.json)."""
    from detente.coding.learned.reroot import ARTEFACT
    from detente.coding.learned.reroot_train import train_reroot as fit

    return _rebuild(args, ARTEFACT, "reroot model", fit, folder)


def _value_diff(path: str, a, b) -> list[str]:
    """How two leaves differ: arrays by how many entries and how far, numbers by how much."""
    import numpy as np
    import scipy.sparse as sp

    if sp.issparse(a):
        a, b = a.toarray(), b.toarray()
    if isinstance(a, np.ndarray):
        if a.shape != b.shape or a.dtype != b.dtype:
            return [f"{path}: {a.dtype}{a.shape} != {b.dtype}{b.shape}"]
        if np.array_equal(a, b, equal_nan=a.dtype.kind in "fc"):
            return []
        far = f", max |difference| {np.abs(a - b).max():.3g}" if a.dtype.kind in "fc" else ""
        return [f"{path}: {int((a != b).sum())} of {a.size} entries differ{far}"]
    same = a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b))
    return [] if same else [f"{path}: {a!r} != {b!r}"]


def differences(a, b, path: str = "") -> list[str]:
    """Where two artefacts (a loaded bundle, parsed JSON) differ, one line per field: objects by
    their attributes, dicts by key, lists by position, down to arrays and numbers (``VOLATILE``
    fields skipped)."""
    if type(a) is not type(b):
        return [f"{path}: {type(a).__name__} != {type(b).__name__}"]
    if hasattr(a, "__dict__") and not isinstance(a, type) and not callable(getattr(a, "toarray", None)):
        a, b = vars(a), vars(b)
    if isinstance(a, dict):
        out = [f"{path}.{k}: only in the {'shipped' if k in a else 'rebuilt'} one"
               for k in sorted(set(a) ^ set(b), key=str) if k not in VOLATILE]
        for k in sorted(set(a) & set(b) - VOLATILE, key=str):
            out += differences(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, (list, tuple)) and len(a) == len(b):
        return [line for k, (x, y) in enumerate(zip(a, b)) for line in differences(x, y, f"{path}[{k}]")]
    return _value_diff(path, a, b)


def _load(path: Path):
    import json

    import joblib

    return joblib.load(path) if path.suffix == ".joblib" else json.loads(path.read_text(encoding="utf-8"))


def check(args: list[str]) -> int:
    """Rebuild the three artefacts in a temporary folder (each trained for the shipped ones before it,
    so each is checked on its own) and compare them with the shipped ones field by field; 1 when
    any differs."""
    if "--out" in args:
        print("--check rebuilds into a temporary folder: no --out")
        return 2
    with tempfile.TemporaryDirectory(prefix="detente-models-") as tmp:
        folder = Path(tmp)
        code = app(["train", "coder", *args, "--out", str(folder / ARTEFACTS[0])], standalone_mode=False)
        if code or train_pairs(args, folder) or train_reroot(args, folder):
            return code or 1
        drift = 0
        for artefact in ARTEFACTS:
            shipped, fresh = _shipped(artefact), folder / artefact
            lines = differences(_load(shipped), _load(fresh), artefact)
            same_bytes = shipped.read_bytes() == fresh.read_bytes()
            print(f"{artefact}: " + ("byte-identical" if same_bytes else "the same fields, other bytes" if not lines
                                     else f"{len(lines)} fields differ (shipped != rebuilt)"))
            for line in lines[:40] + ([f"… {len(lines) - 40} more"] if len(lines) > 40 else []):
                print(f"  {line}")
            drift += bool(lines)
    print("the shipped artefacts are what make models builds" if not drift else
          f"{drift} shipped artefact(s) differ from a rebuild: run make models and commit them")
    return int(bool(drift))


if __name__ == "__main__":
    argv = sys.argv[1:]
    if "--check" in argv:
        sys.exit(check([a for a in argv if a != "--check"]))
    if "--pairs-only" in argv:
        sys.exit(train_pairs([a for a in argv if a != "--pairs-only"]))
    if "--reroot-only" in argv:
        sys.exit(train_reroot([a for a in argv if a != "--reroot-only"]))
    code = app(["train", "coder", *argv], standalone_mode=False)
    sys.exit(code or train_pairs(argv) or train_reroot(argv))
