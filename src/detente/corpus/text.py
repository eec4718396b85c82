"""Bytes to clean text: UTF-8 first, then detection; binary and undecodable inputs rejected."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Control bytes that never appear in text (tab, newlines, form feed and escape excluded).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


class DecodeError(ValueError):
    """The bytes are not text we can read; the message says why, in a few words."""


@dataclass
class Decoded:
    """A file's text, and a warning when bytes had to be replaced (the user should know)."""

    text: str
    warning: str | None = None


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: a BOM wins, then UTF-8, then charset detection."""
    return decode(data).text


def decode(data: bytes) -> Decoded:
    """Decode a file's bytes: a BOM wins, then UTF-8 (stray bad bytes replaced), then detection.

    A few bad bytes in a file that is otherwise UTF-8 (it holds valid multi-byte characters, at
    least as many as bad bytes) are replaced, with a warning: handing the whole file to charset
    detection would decode it all in some legacy code page instead, silently.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable text (bad {encoding})") from exc
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    sample = data[:65536]
    if sample and sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > max(2, len(sample) // 100):
        raise DecodeError("binary file (control bytes)")
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    if wide and bad <= wide:
        where = ", ".join(str(o) for o in _bad_offsets(data))
        more = f" and {bad - _SHOWN} more" if bad > _SHOWN else ""
        return Decoded(text, f"not valid UTF-8 at byte {where}{more}; decoded as UTF-8 with "
                             f"{bad} bad byte{'s' if bad != 1 else ''} replaced by U+FFFD")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable text (not UTF-8 and no encoding detected)")
    text = str(best)
    if text.count("\ufffd") > max(2, len(text) // 100):
        raise DecodeError(f"undecodable text (detected {best.encoding}, but it does not fit)")
    return Decoded(text)


_SHOWN = 3  # bad-byte offsets named in the warning


def _bad_offsets(data: bytes) -> list[int]:
    """Byte offsets of the first few bytes that are not UTF-8."""
    found: list[int] = []
    pos = 0
    while len(found) < _SHOWN:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            found.append(pos + exc.start)
            pos += exc.end
    return found


def clean_text(text: str) -> str:
    """Normalise newlines and Unicode, drop control characters, trim the ends."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL_CHARS.sub("", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()


def content_hash(text: str, date: str | None, title: str | None, publisher: str | None, url: str | None) -> str:
    """sha256 over the text and its metadata: changing either re-codes the document.

    The date is in because it anchors every relative date in the text; the rest so that a
    corrected title or publisher reaches the store too.
    """
    meta = json.dumps([date, title, publisher, url], ensure_ascii=False)
    return hashlib.sha256((text + "\x00" + meta).encode("utf-8")).hexdigest()
