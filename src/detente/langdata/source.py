"""Where language data is read from: the package's directory, extended or overridden by a user's.

Rules (docs/coder.md, "Your own language data"):

* a file the user's directory does not have is read from the package;
* a CSV file the user has *extends* the package's: the user's rows come first, and for keyed tables a
  row whose key (``name`` of people.csv, ``alias`` of countries_extra.csv, …) the user gives replaces
  every package row with that key;
* a YAML file the user has is *merged* into the package's: mappings key by key, lists with the
  user's items first, any other value replaced (so ``sanction: none`` under ``verbs`` switches a verb off);
* a file named under ``replace:`` in the user's ``lang.yaml`` *overrides* the package's entirely.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent / "data"
MANIFEST = "lang.yaml"


class LanguageDataError(ValueError):
    """A language-data file is missing or malformed (the message names the file)."""


def merge(base: Any, extra: Any) -> Any:
    """``extra`` merged into ``base``: mappings key by key, lists extra-first, anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return list(extra) + [x for x in base if x not in extra]
    return extra


@dataclass(frozen=True)
class DataSource:
    """The package's language data, optionally with a user's directory laid over it."""

    package: Path = PACKAGE_DIR
    user: Path | None = None
    replaced: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def at(cls, user: str | Path | None = None) -> DataSource:
        """The package's data, with ``user`` (a directory) over it when given."""
        if user is None:
            return cls()
        user = Path(user)
        if not user.is_dir():
            raise LanguageDataError(f"{user}: language-data directory not found")
        replaced: frozenset[str] = frozenset()
        manifest = user / MANIFEST
        if manifest.exists():
            raw = _load_yaml(manifest) or {}
            if not isinstance(raw, dict) or not isinstance(raw.get("replace", []), list):
                raise LanguageDataError(f"{manifest}: expected a mapping with a list under 'replace'")
            replaced = frozenset(str(x) for x in raw.get("replace", []))
        return cls(PACKAGE_DIR, user, replaced)

    def files(self, name: str) -> list[Path]:
        """The existing files named ``name`` (a path like ``coder/patterns.yaml``), the user's first."""
        out = []
        if self.user is not None and (self.user / name).is_file():
            out.append(self.user / name)
        if name not in self.replaced and (self.package / name).is_file():
            out.append(self.package / name)
        return out

    def path(self, name: str) -> Path:
        """The directory (or file) ``name`` of the user's data if it has one, else the package's."""
        if self.user is not None and (self.user / name).exists():
            return self.user / name
        return self.package / name

    def yaml(self, name: str) -> dict:
        """A YAML mapping: the package's file with the user's merged over it."""
        out: dict = {}
        for path in reversed(self.files(name)):
            raw = _load_yaml(path)
            if raw is None:
                continue
            if not isinstance(raw, dict):
                raise LanguageDataError(f"{path}: expected a mapping at the top level")
            out = merge(out, raw)
        return out

    def rows(self, name: str, key: str | None = None, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
        """CSV rows, the user's first; with ``key``, a user's key hides the package rows with that key."""
        out: list[dict[str, str]] = []
        mine: set[str] = set()
        for k, path in enumerate(self.files(name)):
            rows = _load_csv(path, required)
            if key is not None and k == 0 and self.user is not None and path == self.user / name:
                mine = {(r.get(key) or "").strip().lower() for r in rows}
            elif mine:
                rows = [r for r in rows if (r.get(key) or "").strip().lower() not in mine]
            out.extend(rows)
        return out


def _load_yaml(path: Path) -> Any:
    import yaml  # here, not at the top: readers of the package's CSV tables alone (the CAMEO names) never need it

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise LanguageDataError(f"{path}: not valid YAML{where}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LanguageDataError(f"{path}: cannot be read ({exc.__class__.__name__})") from None


def _load_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV file; blank lines and lines starting with ``#`` are comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LanguageDataError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    lines = [line for line in text.splitlines(keepends=True) if line.strip() and not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("".join(lines)))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise LanguageDataError(f"{path}: missing column(s) {', '.join(missing)}")
    return [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
