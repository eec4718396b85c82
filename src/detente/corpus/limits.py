"""Resource limits on inputs: regular files only, a size cap, long documents in pieces.

A corpus folder is untrusted: a link to ``/dev/zero`` would be read until memory runs out, a
named pipe would hang the read, a link to ``/etc/passwd`` would be stored. So only regular
files are read, at most ``max_bytes`` of each, and links inside folders are passed over unless
asked for. Long documents are not refused: they are coded in pieces of ``piece_chars``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """What ingest will read. The defaults suit articles and feeds of articles."""

    max_bytes: int = 50 * MB  # a larger file is refused with one line (``--max-size``)
    piece_chars: int = 100_000  # longer texts are coded in pieces (spaCy's parser wants < 1M, and ~1 GB per 100k)
    follow_links: bool = False  # symbolic links met while walking a folder (``--follow-links``)


class InputError(ValueError):
    """A file we will not read; the message says why in a few words."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def size_text(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n:,} bytes"


def read_limited(path: Path, limits: ReadLimits) -> bytes:
    """The bytes of a regular file no larger than ``limits.max_bytes``; InputError otherwise.

    The file is checked before it is opened (a FIFO would block the open) and read with a bound
    (a file may grow, or lie about its size, between the check and the read).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise InputError("no such file (or a broken link)") from exc
    except OSError as exc:
        raise InputError(f"unreadable file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"not a regular file ({_kind(info.st_mode)})")
    too_big = f"over the {size_text(limits.max_bytes)} size limit (--max-size to raise it)"
    if info.st_size > limits.max_bytes:
        raise InputError(f"file is {size_text(info.st_size)}, {too_big}")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise InputError(f"unreadable file ({exc.strerror or exc})") from exc
    if len(data) > limits.max_bytes:
        raise InputError(f"file grew while read, {too_big}")
    return data


def split_text(text: str, size: int) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``size`` characters, as (offset, piece).

    Cuts fall at a paragraph break where there is one, else after a sentence end, else at a
    space, else anywhere; the pieces joined give the text back exactly.
    """
    if len(text) <= size:
        return [(0, text)]
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for mark in ("\n\n", ". ", "\n", " "):
            found = window.rfind(mark, size // 2)
            if found != -1:
                cut = found + len(mark)
                break
        if cut <= 0:
            cut = size
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces
