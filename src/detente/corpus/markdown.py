"""Markdown: YAML front matter for metadata, and the body reduced to plain prose for parsing."""

from __future__ import annotations

import re
from typing import Any

import yaml

from detente.yamlsafe import load_yaml

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_RULES = [
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"^```.*?$", re.MULTILINE), ""),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", re.MULTILINE), r"\1\n"),  # headings end a paragraph
    (re.compile(r"^\s{0,3}>\s?", re.MULTILINE), ""),  # block quotes
    (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.MULTILINE), ""),  # list markers
    (re.compile(r"^\s*(?:[-*_]\s*){3,}$", re.MULTILINE), ""),  # rules
    (re.compile(r"(\*\*|__)(\S.*?\S|\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(\S[^*\n]*?)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"`([^`\n]+)`"), r"\1"),
]
_HEADING = re.compile(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", re.MULTILINE)


def split_front_matter(raw: str) -> tuple[dict[str, Any], str, str | None]:
    """(front matter, body, error). A malformed block is dropped from the body and reported.

    Aliases refuse the whole block; which fields must be single values is the reader's call.
    """
    raw = raw.lstrip("\ufeff")
    m = _FRONT.match(raw)
    if not m:
        return {}, raw, None
    body = raw[m.end():]
    try:
        data = load_yaml(m.group(1))  # aliases refused: an alias bomb is a one-line error
    except yaml.YAMLError as exc:
        first = " ".join(str(exc).split())[:200] if str(exc) else "invalid YAML"
        return {}, body, f"invalid YAML ({first})"
    except RecursionError:
        return {}, body, "invalid YAML (nested too deeply)"
    if data is None:
        return {}, body, None
    if not isinstance(data, dict):
        return {}, body, "front matter is not a mapping of fields"
    return {str(k).lower(): v for k, v in data.items()}, body, None


def markdown_to_text(body: str) -> tuple[str, str | None]:
    """Plain text for the parser, and the first level-1 heading (a title when none is given)."""
    m = _HEADING.search(body)
    heading = m.group(1).strip() if m else None
    text = body
    for pattern, repl in _RULES:
        text = pattern.sub(repl, text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text, heading
