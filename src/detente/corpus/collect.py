"""Paths → Documents: walk folders, read files, merge metadata by precedence, validate it.

Metadata precedence, field by field (an empty cell falls through to the next source):
``--manifest FILE`` > the folder's ``manifest.csv`` > metadata inside the file (front matter,
jsonl fields, HTML meta tags). The manifest is what the user curated for this corpus; in-file
metadata (HTML meta above all) is often missing, stale or wrong.

A folder's ``manifest.csv`` also says which files are documents: when walking a folder, files
that the nearest manifest (in their folder or a parent, up to the folder given) does not name
are skipped and counted, so READMEs and gold-standard files can live beside the texts. Files
named on the command line are always read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.corpus.dates import DateError, parse_date
from detente.corpus.limits import ReadLimits
from detente.corpus.manifest import MANIFEST_NAME, Manifest, ManifestEntry, read_manifest
from detente.corpus.problems import Problem, show
from detente.corpus.readers import RawDoc, file_format, read_file
from detente.corpus.text import content_hash
from detente.records import Document

_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
MAX_FIELD = 500


@dataclass
class Collected:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)  # files a folder manifest does not list


def find_files(path: Path, follow_links: bool = False, links: list[Path] | None = None) -> list[Path]:
    """Supported files under a folder, recursively, in a stable order; hidden entries skipped.

    Symbolic links (to files or folders) are passed over and listed in ``links`` unless
    ``follow_links``; followed folder links are entered once each, so a loop ends.
    """
    found: list[Path] = []
    seen_dirs = {path.resolve()}

    def walk(folder: Path) -> None:
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            return
        for p in entries:
            if p.name.startswith("."):
                continue
            if p.is_symlink() and not follow_links:
                if p.is_dir() or file_format(p) is not None:
                    (links if links is not None else []).append(p)
                continue
            if p.is_dir():
                real = p.resolve()
                if real not in seen_dirs:
                    seen_dirs.add(real)
                    walk(p)
            elif file_format(p) is not None:
                found.append(p)  # FIFOs, devices and the like are refused when read, by name

    walk(path)
    return found


class _Manifests:
    """Folder manifests, read once per folder; paths resolved once per collection."""

    def __init__(self, collected: Collected, limits: ReadLimits) -> None:
        self.by_dir: dict[Path, Manifest | None] = {}
        self.collected = collected
        self.limits = limits
        self._real: dict[Path, Path] = {}

    def real(self, path: Path) -> Path:
        """``path.resolve()``, once per path and collection (each file was resolved about nine times:
        placing it, finding its manifest, looking it up there)."""
        found = self._real.get(path)
        if found is None:
            found = self._real[path] = path.resolve()
        return found

    def in_folder(self, folder: Path) -> Manifest | None:
        key = self.real(folder)
        if key not in self.by_dir:
            candidate = folder / MANIFEST_NAME
            manifest = None
            if candidate.is_file():
                manifest, problems = read_manifest(candidate, self.limits)
                self.collected.problems.extend(problems)
            self.by_dir[key] = manifest
        return self.by_dir[key]

    def for_file(self, path: Path, root: Path | None = None) -> Manifest | None:
        """The nearest manifest: the file's folder, then its parents up to the folder walked."""
        folder = path.parent
        stop = self.real(root or folder)
        while True:
            manifest = self.in_folder(folder)
            here = self.real(folder)
            if manifest is not None or here == stop or here == here.parent:
                return manifest
            folder = folder.parent


def collect(paths: Iterable[Path | str], manifest: Path | str | None = None,
            limits: ReadLimits | None = None) -> Collected:
    """Read every input; problems are collected (one per bad input), never raised."""
    out = Collected()
    limits = limits or ReadLimits()
    given: Manifest | None = None
    if manifest is not None:
        given, problems = read_manifest(Path(manifest), limits)
        out.problems.extend(problems)
    folders = _Manifests(out, limits)
    walked: list[Path] = []
    seen: dict[str, str] = {}
    read: set[Path] = set()
    for arg in paths:
        path = Path(arg)
        if not path.exists():
            out.problems.append(Problem(show(path), "no such file or folder"))
            continue
        root = path if path.is_dir() else None
        if root is not None:
            walked.append(root)
        for file in _listed_files(root, folders, out) if root is not None else [path]:
            resolved = folders.real(file)
            if resolved in read:
                continue  # named twice (a folder and a file in it): read once
            read.add(resolved)
            raws, problems = read_file(file, limits)
            out.problems.extend(problems)
            undated = 0
            for raw in raws:
                if raw.id in seen:
                    out.problems.append(Problem(raw.where, f"duplicate document id {raw.id!r} (also {seen[raw.id]}); skipped"))
                    continue
                seen[raw.id] = raw.where
                doc, dated = _document(raw, given, folders.for_file(file, root), out.problems, folders.real)
                undated += not dated
                out.documents.append(doc)
            if undated:
                what = "no publication date found" if len(raws) == 1 else f"{undated} documents without a publication date"
                out.problems.append(Problem(show(file), f"{what}; date unknown", "warning"))
    for m in {id(m): m for m in folders.by_dir.values() if m is not None}.values():
        if not any(m.base.resolve().is_relative_to(folder.resolve()) for folder in walked):
            continue
        for entry in m.unused():
            out.problems.append(Problem(show(m.path), f"row {entry.row}: no file {entry.file!r} found", "warning"))
    return out


def _listed_files(folder: Path, folders: _Manifests, out: Collected) -> list[Path]:
    """A folder's supported files, minus those its manifest leaves out (READMEs, gold files…)."""
    links: list[Path] = []
    files = find_files(folder, folders.limits.follow_links, links)
    for link in links:
        out.problems.append(Problem(show(link), "symbolic link skipped (--follow-links to read it)", "warning"))
    if not files:
        out.problems.append(Problem(show(folder), "no .txt, .md, .html or .jsonl files in this folder", "warning"))
    listed = []
    for file in files:
        m = folders.for_file(file, root=folder)
        if m is not None and not m.lists(file, folders.real):
            out.skipped.append(file)
        else:
            listed.append(file)
    return listed


def _entry(manifest: Manifest | None, raw: RawDoc, real: Callable[[Path], Path] | None = None) -> ManifestEntry | None:
    if manifest is None:
        return None
    return manifest.lookup(None if raw.format == "jsonl" else raw.path, raw.id, real)


def _document(raw: RawDoc, given: Manifest | None, folder: Manifest | None, problems: list[Problem],
              real: Callable[[Path], Path] | None = None) -> tuple[Document, bool]:
    """Merge metadata by precedence; returns the document and whether it has a date or a bad one
    (``real``: how to resolve a path, ``Path.resolve`` by default)."""
    sources: list[tuple[str, dict[str, Any]]] = []
    for m in (given, folder):
        entry = _entry(m, raw, real)
        if entry is not None:
            sources.append((f"{m.path.name} row {entry.row}", entry.meta))
    sources.append((f"{raw.format} metadata", raw.meta))
    values: dict[str, str | None] = {"title": None, "publisher": None, "url": None, "date": None}
    for key in ("title", "publisher"):
        values[key] = next((str(meta[key]).strip()[:MAX_FIELD] for _, meta in sources if meta.get(key)), None)
    for label, meta in sources:
        url = meta.get("url")
        if not url:
            continue
        if _URL.match(str(url).strip()):
            values["url"] = str(url).strip()
            break
        problems.append(Problem(raw.where, f"url {str(url)[:80]!r} from {label} ignored (not http/https)", "warning"))
    bad: list[str] = []
    for label, meta in sources:
        value = meta.get("date")
        if value in (None, ""):
            continue
        try:
            values["date"] = parse_date(value)
        except DateError as exc:
            bad.append(f"{exc} in {label}")
            continue
        used = label
        break
    for message in bad:
        then = f"using {values['date']} from {used}" if values["date"] else "date unknown"
        problems.append(Problem(raw.where, f"{message}; {then}", "error"))
    doc = Document(
        id=raw.id, text=raw.text, path=str(raw.path), url=values["url"], title=values["title"],
        publisher=values["publisher"], date=values["date"], format=raw.format,
    )
    doc.content_hash = content_hash(doc.text, doc.date, doc.title, doc.publisher, doc.url)
    return doc, bool(values["date"] or bad)
