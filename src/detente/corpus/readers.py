"""Readers: one file → raw documents (text plus the metadata the file itself carries).

Metadata found here is the lowest-precedence source; manifests override it (see ``collect``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detente.corpus.html import read_html
from detente.corpus.limits import InputError, ReadLimits, read_limited
from detente.corpus.markdown import markdown_to_text, split_front_matter
from detente.corpus.problems import Problem, show
from detente.corpus.text import DecodeError, clean_text, decode

SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
             ".jsonl": "jsonl"}
META_FIELDS = ("title", "date", "publisher", "url")


@dataclass
class RawDoc:
    id: str
    text: str
    path: Path
    format: str
    meta: dict[str, Any] = field(default_factory=dict)
    line: int | None = None  # jsonl line number

    @property
    def where(self) -> str:
        return f"{show(self.path)}:{self.line}" if self.line else show(self.path)


def file_format(path: Path) -> str | None:
    return SUPPORTED.get(path.suffix.lower())


def read_file(path: Path, limits: ReadLimits | None = None) -> tuple[list[RawDoc], list[Problem]]:
    """Read one supported file; every problem is returned, never raised."""
    where = show(path)
    fmt = file_format(path)
    if fmt is None:
        kinds = ", ".join(sorted(set(SUPPORTED)))
        return [], [Problem(where, f"unsupported file type {path.suffix or '(none)'!r} (supported: {kinds})")]
    try:
        data = read_limited(path, limits or ReadLimits())
    except InputError as exc:
        return [], [Problem(where, str(exc))]
    try:
        decoded = decode(data)
    except DecodeError as exc:
        return [], [Problem(where, str(exc))]
    raw = decoded.text
    problems: list[Problem] = [Problem(where, decoded.warning, "warning")] if decoded.warning else []
    if fmt == "jsonl":
        docs, more = read_jsonl(path, raw)
        return docs, problems + more
    meta: dict[str, Any] = {}
    if fmt == "md":
        front, body, error = split_front_matter(raw)
        if error:
            problems.append(Problem(where, f"front matter ignored: {error}", "error"))
        meta = {}
        for k in META_FIELDS:
            value = front.get(k)
            if isinstance(value, dict | list | set | tuple):  # front matter takes single values only
                problems.append(Problem(where, f"front matter field {k!r} ignored: not a single value", "error"))
            elif value not in (None, ""):
                meta[k] = value
        text, heading = markdown_to_text(body)
        if heading and "title" not in meta:
            meta["title"] = heading
    elif fmt == "html":
        text, meta = read_html(raw)
    else:
        text = raw
    text = clean_text(text)
    if not text:
        return [], [*problems, Problem(where, "empty document (no text)")]
    return [RawDoc(id=path.stem, text=text, path=path, format=fmt, meta=meta)], problems


def read_jsonl(path: Path, raw: str) -> tuple[list[RawDoc], list[Problem]]:
    """One document per line: ``text`` required; ``id``, ``title``, ``date``, ``url``, ``publisher`` optional."""
    docs: list[RawDoc] = []
    problems: list[Problem] = []
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{show(path)}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(where, "not a JSON object"))
            continue
        text = obj.get("text")
        if not isinstance(text, str) or not clean_text(text):
            problems.append(Problem(where, "empty document (no 'text')"))
            continue
        doc_id = obj.get("id")
        if doc_id is None or str(doc_id).strip() == "":
            doc_id = f"{path.stem}-{lineno}"
        elif not isinstance(doc_id, str | int):
            problems.append(Problem(where, "'id' must be a string"))
            continue
        meta = {k: obj.get(k) for k in META_FIELDS if obj.get(k) not in (None, "")}
        for k in ("title", "publisher", "url"):
            if k in meta and not isinstance(meta[k], str):
                meta[k] = str(meta[k])
        docs.append(RawDoc(id=str(doc_id).strip(), text=clean_text(text), path=path, format="jsonl",
                           meta=meta, line=lineno))
    if not docs and not problems:
        problems.append(Problem(show(path), "empty document (no lines)"))
    return docs, problems


__all__ = ["RawDoc", "read_file", "file_format", "SUPPORTED"]
