"""Where the files that ship beside the code are, in a source checkout and in an installed wheel."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]  # src/detente/.. /.. in a source checkout
#: Where the wheel installs the example corpus (``[tool.setuptools.data-files]`` in pyproject.toml).
DATA_PREFIX = Path("share") / "detente"


def bundled_example(name: str = "korea") -> Path:
    """The bundled example corpus: ``examples/<name>`` of the checkout, else the installed copy."""
    checkout = _CHECKOUT / "examples" / name
    if checkout.is_dir():
        return checkout
    return Path(sysconfig.get_path("data")) / DATA_PREFIX / "examples" / name


def shared_dir() -> Path:
    """The reference data folder: ``$DETENTE_SHARED``, else ``shared`` beside the checkout or the working folder."""
    if os.environ.get("DETENTE_SHARED"):
        return Path(os.environ["DETENTE_SHARED"])
    for base in (_CHECKOUT.parent, Path.cwd().parent, Path.cwd()):
        if (base / "shared").is_dir():
            return base / "shared"
    return _CHECKOUT.parent / "shared"
