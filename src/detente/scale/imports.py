"""Parallel import of many ICEWS/GDELT files into an event lake, one file per task.

Each file is parsed and checked by the store's own importer (``store.importers``) in an
in-memory store on a worker, and written to the lake as one batch named by the file's content;
so a file already imported is skipped, a bad file is reported with its line and writes nothing,
and a file whose worker dies is imported again elsewhere (Dask's retries) without duplicates.
The workers write the lake themselves: on a real cluster it must be on a shared file system.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.store.lake import LakeImport, import_file


@dataclass
class FileOutcome:
    """One file: its import, or the one-line problem that kept it out of the lake."""

    path: str
    result: LakeImport | None = None
    problem: str | None = None


def import_files(lake: Path | str, fmt: str, paths: Iterable[Path | str], origin: str | None = None,
                 cluster: Any = None, retries: int = 2,
                 tick: Callable[[FileOutcome], None] | None = None) -> list[FileOutcome]:
    """Import ``paths`` into ``lake``: here one by one, or one task per file on ``cluster``.

    ``cluster`` is ``local[:N]``, a scheduler address or a ``distributed.Client`` (see
    ``open_client``). The outcomes come back in the order of ``paths``.
    """
    lake = Path(lake)
    lake.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in paths]
    outcomes: dict[str, FileOutcome] = {}
    for outcome in _run(lake, fmt, files, origin, cluster, retries):
        outcomes[outcome.path] = outcome
        if tick:
            tick(outcome)
    return [outcomes[f] for f in files]


def _run(lake: Path, fmt: str, files: list[str], origin: str | None, cluster: Any,
         retries: int) -> Iterator[FileOutcome]:
    if cluster is None:
        for f in files:
            yield import_one(str(lake), fmt, f, origin)
        return
    from distributed import as_completed

    from detente.scale.cluster import open_client

    with open_client(cluster) as client:
        futures = [client.submit(import_one, str(lake), fmt, f, origin, retries=retries, pure=False,
                                 key=f"import-{i}-{Path(f).name}") for i, f in enumerate(files)]
        for future in as_completed(futures):
            yield future.result()


def import_one(lake: str, fmt: str, path: str, origin: str | None) -> FileOutcome:
    """One file into the lake (runs on a worker); a bad file becomes its one-line problem."""
    from detente.store import StoreError
    from detente.store.importers import ImportError_

    try:
        return FileOutcome(path, result=import_file(Path(lake), fmt, Path(path), origin))
    except (ImportError_, StoreError) as exc:
        return FileOutcome(path, problem=str(exc))


def lake_files(folder: Path) -> list[Path]:
    """The files of a folder to import (sorted; hidden files and sub-folders left out); a file is itself."""
    if not folder.is_dir():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
