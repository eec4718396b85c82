"""Lines as sentence boundaries in news copy: headlines, subheads, bullet items, datelines and
captions stand on lines of their own and must not merge with the next sentence.

Text is either one paragraph a line (news copy, our corpora) or hard-wrapped prose (lines of ~70
characters that break mid-sentence). A document where some line break is followed by a line that
starts in lower case is read as hard-wrapped: there only blank lines, bullets and lines ending in
sentence punctuation end a sentence. Elsewhere every line break does.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_BREAK = re.compile(r"\n")
_BULLET = re.compile(r"\s*(?:[-*•–—]\s|\d{1,2}[.)]\s)")
_END = re.compile(r"[.!?:;\"”’)\]]\s*$")


def hard_wrapped(text: str) -> bool:
    """Some line break in ``text`` falls inside a sentence (the next line starts in lower case)."""
    return re.search(r"[^\n.!?:;\"”’)\]\s][ \t]*\n[ \t]*[a-z]", text) is not None


def line_starts(text: str) -> list[int]:
    """Character offsets where a new sentence must start because a line ended before it."""
    wrapped = hard_wrapped(text)
    out = []
    for m in _BREAK.finditer(text):
        start = m.end()
        while start < len(text) and text[start] in " \t\n\r":
            start += 1
        if start >= len(text):
            break
        before = text[:m.start()].rstrip(" \t")
        blank = before.endswith("\n") or "\n" in text[m.end():start]
        if not wrapped or blank or _END.search(before) or _BULLET.match(text[m.end():]):
            out.append(start)
    return out


def dateline_spans(text: str, pattern: str) -> list[tuple[int, int]]:
    """(start, end) of each dateline ("SEOUL, Feb. 13 — ", "(LONDON) - ") opening a line of ``text``."""
    regex = re.compile(pattern)
    out = []
    for start in [0] + [m.end() for m in _BREAK.finditer(text)]:
        found = regex.match(text[start:start + 80])
        if found:
            out.append((start, start + found.end()))
    return out


class LineBreaks:
    """Sentence starts after line breaks, none inside a dateline (runs before the parser)."""

    def __init__(self, dateline: str) -> None:
        self.dateline = dateline

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from every token on each read: once
        starts = set(line_starts(text))
        spans = dateline_spans(text, self.dateline) if self.dateline else []
        if not starts and not spans:
            return doc
        for tok in doc[1:]:
            if any(a < tok.idx <= b for a, b in spans):
                tok.is_sent_start = False  # "BEIJING, April 2 — China …" is one sentence
            elif tok.idx in starts and not tok.is_space:
                tok.is_sent_start = True
        return doc


@Language.factory("detente_lines", default_config={"dateline": ""})
def make_line_breaks(nlp: Language, name: str, dateline: str) -> LineBreaks:
    """``dateline``: the regular expression of a dateline (language data ``coder/words.yaml``)."""
    return LineBreaks(dateline)
