"""Manifests: a CSV naming each file's publication date, title, publisher and url."""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from detente.corpus.limits import InputError, ReadLimits, read_limited
from detente.corpus.problems import Problem, show
from detente.corpus.text import DecodeError, decode

MANIFEST_NAME = "manifest.csv"
FIELDS = ("date", "title", "publisher", "url")


@dataclass
class ManifestEntry:
    file: str
    row: int  # line number in the manifest, for messages
    meta: dict[str, str | None]


@dataclass
class Manifest:
    """Entries keyed by their path relative to the manifest's folder."""

    path: Path
    entries: dict[str, ManifestEntry] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)  # every file named, malformed rows included

    def lists(self, file: Path, real: Callable[[Path], Path] | None = None) -> bool:
        """Whether the manifest names this file (its folder's documents are the files it names);
        ``real`` resolves a path (default ``Path.resolve``; a collection passes its cache of it)."""
        real = real or Path.resolve
        try:
            rel = real(file).relative_to(self.real_base).as_posix()
        except ValueError:
            return False
        return rel in self.listed or (real(file.parent) == self.real_base and file.name in self.listed)

    @property
    def base(self) -> Path:
        return self.path.parent

    @functools.cached_property
    def real_base(self) -> Path:
        """``base.resolve()``, once: every file of the folder is placed against it."""
        return self.base.resolve()

    def lookup(self, file: Path | None, doc_id: str, real: Callable[[Path], Path] | None = None) -> ManifestEntry | None:
        """The entry for a file (by relative path, then file name) or a jsonl document (by id);
        ``real`` resolves a path (default ``Path.resolve``)."""
        entry = None
        if file is not None:
            try:
                rel = (real or Path.resolve)(file).relative_to(self.real_base).as_posix()
            except ValueError:
                rel = None
            entry = self.entries.get(rel) if rel else None
            if entry is None:
                named = [e for e in self.entries.values() if PurePosixPath(e.file).name == file.name]
                entry = named[0] if len(named) == 1 else None
        else:
            named = [e for e in self.entries.values() if e.file == doc_id or PurePosixPath(e.file).stem == doc_id]
            entry = named[0] if len(named) == 1 else None
        if entry is not None:
            self.used.add(entry.file)
        return entry

    def unused(self) -> list[ManifestEntry]:
        return [e for k, e in self.entries.items() if k not in self.used and not (self.base / k).exists()]


def read_manifest(path: Path, limits: ReadLimits | None = None) -> tuple[Manifest | None, list[Problem]]:
    """Read a manifest; malformed rows become problems and are skipped, the rest still apply."""
    where = show(path)
    if not path.exists():
        return None, [Problem(where, "manifest not found")]
    if path.is_dir():
        return None, [Problem(where, "manifest is a folder, not a CSV file")]
    try:
        decoded = decode(read_limited(path, limits or ReadLimits()))
    except InputError as exc:
        return None, [Problem(where, f"cannot read manifest ({exc})")]
    except DecodeError as exc:
        return None, [Problem(where, f"manifest is not a CSV file: {exc}")]
    text = decoded.text
    warned = [Problem(where, decoded.warning, "warning")] if decoded.warning else []
    try:
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        return None, [Problem(where, f"malformed CSV ({exc})", "error")]
    if not rows:
        return None, [Problem(where, "empty manifest (needs a header: file,date,title,publisher[,url])", "error")]
    header = [h.strip().lower() for h in rows[0]]
    if "file" not in header:
        return None, [Problem(where, f"manifest header has no 'file' column (found: {','.join(header)})", "error")]
    manifest, problems = Manifest(path=path), warned
    for lineno, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        named = cells[header.index("file")].strip().replace("\\", "/").removeprefix("./") if len(cells) > header.index("file") else ""
        if named:
            manifest.listed.add(named)
        if len(cells) != len(header):
            problems.append(Problem(where, f"row {lineno}: malformed row ({len(cells)} cell{'s' if len(cells) != 1 else ''},"
                                            f" header has {len(header)})", "error"))
            continue
        rec = {h: c.strip() for h, c in zip(header, cells)}
        file = rec["file"].replace("\\", "/").removeprefix("./")
        if not file:
            problems.append(Problem(where, f"row {lineno}: malformed row (empty 'file' cell)", "error"))
            continue
        if file in manifest.entries:
            problems.append(Problem(where, f"row {lineno}: malformed row ({file!r} already listed)", "error"))
            continue
        meta = {k: (rec.get(k) or None) for k in FIELDS}
        manifest.entries[file] = ManifestEntry(file=file, row=lineno, meta=meta)
    return manifest, problems
