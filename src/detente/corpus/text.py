"""Bytes to clean text: UTF-8 first, then detection; binary and undecodable inputs rejected."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata

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


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes: a BOM wins, then UTF-8, then charset detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"undecodable text (bad {encoding})") from exc
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    sample = data[:65536]
    if sample and sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > max(2, len(sample) // 100):
        raise DecodeError("binary file (control bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("undecodable text (not UTF-8 and no encoding detected)")
    text = str(best)
    if text.count("\ufffd") > max(2, len(text) // 100):
        raise DecodeError(f"undecodable text (detected {best.encoding}, but it does not fit)")
    return text


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
