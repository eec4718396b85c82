"""Lines as sentence boundaries in news copy: headlines, subheads, bullet items, datelines and
captions stand on lines of their own and must not merge with the next sentence.

Text is either one paragraph a line (news copy, our corpora) or hard-wrapped prose (lines of ~70
characters that break mid-sentence). A document where some line break is followed by a line that
starts in lower case is read as hard-wrapped: there only blank lines, bullets and lines ending in
sentence punctuation end a sentence. Elsewhere every line break does.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.attrs import IDX, IS_SPACE, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from detente.nlp.table import id_strings

_BREAK = re.compile(r"\n")
_BULLET = re.compile(r"\s*(?:[-*•–—]\s|\d{1,2}[.)]\s)")
_END_CHARS = frozenset('.!?:;"”’)]')


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
        # the tests read only the text next to the break (not a copy of all before it: issue 14)
        if not wrapped or _blank_before(text, m.start()) or "\n" in text[m.end():start] \
                or _ends_sentence(text, m.start()) or _BULLET.match(text, m.end()):
            out.append(start)
    return out


def _blank_before(text: str, end: int) -> bool:
    """``text[:end]``, spaces and tabs stripped at its end, ends in a line break."""
    j = end
    while j > 0 and text[j - 1] in " \t":
        j -= 1
    return j > 0 and text[j - 1] == "\n"


def _ends_sentence(text: str, end: int) -> bool:
    """``text[:end]`` ends in sentence punctuation (or a closing quote or bracket), then only whitespace."""
    j = end
    while j > 0 and text[j - 1].isspace():  # ``str.isspace`` is the regular expressions' ``\s``
        j -= 1
    return j > 0 and text[j - 1] in _END_CHARS


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
        if len(doc) < 2:
            return doc
        # the text and the words' offsets from one array read, not a ``Token`` per word (``doc.text``
        # makes one per word on every read; issue 14)
        rows = doc.to_array([ORTH, SPACY, IDX, IS_SPACE]).tolist()
        words = id_strings([r[0] for r in rows], doc.vocab.strings)
        text = "".join(w + " " if r[1] else w for w, r in zip(words, rows))
        starts = set(line_starts(text))
        spans = dateline_spans(text, self.dateline) if self.dateline else []
        if not starts and not spans:
            return doc
        offsets = [r[2] for r in rows]
        inside = set()  # words after a dateline's first character, up to its end: "BEIJING, April 2 — China …"
        for a, b in spans:
            inside.update(range(max(1, bisect_right(offsets, a)), bisect_right(offsets, b)))
        begins = [i for x in starts if 0 < (i := bisect_left(offsets, x)) < len(rows) and offsets[i] == x
                  and i not in inside and not rows[i][3]]
        # one column write: ``Token.is_sent_start``'s setter scans the whole document for a parse each time
        column = doc.to_array([SENT_START]).view("int64")  # spaCy's -1 / 0 / 1, stored as unsigned
        column[sorted(inside)] = -1  # … is one sentence (``is_sent_start = False``)
        column[begins] = 1  # ``is_sent_start = True``
        doc.from_array([SENT_START], column.view("uint64"))
        return doc


@Language.factory("detente_lines", default_config={"dateline": ""})
def make_line_breaks(nlp: Language, name: str, dateline: str) -> LineBreaks:
    """``dateline``: the regular expression of a dateline (language data ``coder/words.yaml``)."""
    return LineBreaks(dateline)
