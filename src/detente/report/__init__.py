"""The self-contained HTML report (plotly.js embedded once; every document string escaped).

The package is callable, so ``detente.report(db, "report.html")`` writes a report (see
``detente.api.report``) while ``detente.report.write_report`` stays the library function.
"""

import sys
import types
from pathlib import Path
from typing import Any

from detente.report.build import write_report

__all__ = ["write_report"]


class _CallableModule(types.ModuleType):
    def __call__(self, db: Any, out: str | Path, **options: Any) -> Path:
        from detente.api import report

        return report(db, out, **options)


sys.modules[__name__].__class__ = _CallableModule
