"""A longest-match phrase lexicon over spaCy tokens (lower-cased token tuples).

Why not re-tokenise per document: aliases are tokenised once with the same spaCy tokenizer
as the documents, and matching is a dictionary probe per token for the few phrase lengths
that start with that token — cheap next to parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from detente.actors.data import Alias
from detente.nlp.table import TokenTable, token_table

CASE_FREE_KINDS = ("sector", "title", "anaphora")
_ARTICLES = ("the", "a", "an")
_PLAIN = re.compile(r"[A-Za-z]+( [A-Za-z]+)*")


def norm(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


@lru_cache(maxsize=65536)  # asked for every alias match: worked out once per alias
def is_exact_case(alias: str) -> bool:
    """Short all-capital abbreviations (US, UN, WHO, IS) only match text written the same way."""
    core = alias[4:] if alias.lower().startswith("the ") else alias
    letters = core.replace(".", "").replace("-", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    aliases: tuple[Alias, ...]


class Lexicon:
    def __init__(self, aliases: list[Alias], tokenizer) -> None:
        self.table: dict[tuple[str, ...], list[Alias]] = {}
        self.lengths: dict[str, tuple[int, ...]] = {}
        lens: dict[str, set[int]] = {}
        plain = [a for a in aliases if _PLAIN.fullmatch(a.text)]
        other = [a for a in aliases if not _PLAIN.fullmatch(a.text)]
        keys = [tuple(norm(a.text).split()) for a in plain]  # spaCy would split these on spaces too
        keys += [tuple(norm(t.text) for t in doc) for doc in tokenizer.pipe([a.text for a in other], batch_size=1000)]
        for alias, key in zip(plain + other, keys):
            if not key:
                continue
            self.table.setdefault(key, []).append(alias)
            lens.setdefault(key[0], set()).add(len(key))
        self.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in lens.items()}
        #: every prefix of two or more words of an alias: where a text's next words are none, no
        #: longer alias can start there (most words open no alias, or only a one-word one)
        self.prefixes = {key[:k] for key in self.table for k in range(2, len(key) + 1)}

    @staticmethod
    def _case_ok(alias: Alias, texts: list[str], lowers: list[str]) -> bool:
        """The alias's case rule holds for the matched words (their ``text`` and ``lower_``)."""
        if alias.kind in CASE_FREE_KINDS and alias.text[:1].islower():
            return True
        core = [t for t, low in zip(texts, lowers) if low not in _ARTICLES]
        if is_exact_case(alias.text):
            return " ".join(core).replace(" ", "") == alias.text.replace("the ", "").replace(" ", "")
        return any(t[:1].isupper() for t in core)

    def _at(self, table: TokenTable, words: list[str], i: int, limit: int | None = None) -> Match | None:
        n = len(words) if limit is None else limit
        reach = 1  # the longest run of words from ``i`` that begins some alias
        while i + reach < n and tuple(words[i:i + reach + 1]) in self.prefixes:
            reach += 1
        for length in self.lengths.get(words[i], ()):
            if length > reach:  # i + length > n, or no alias of this length starts with these words
                continue
            cands = self.table.get(tuple(words[i:i + length]))
            if not cands:
                continue
            texts, lowers = table.text[i:i + length], table.lower[i:i + length]
            ok = tuple(a for a in cands if self._case_ok(a, texts, lowers))
            if ok:
                return Match(i, i + length, ok)
        return None

    def matches(self, doc) -> list[Match]:
        """Longest non-overlapping matches, left to right; a longer overlapping match wins
        ("the South Korean minister": "South Korean", not "the South")."""
        table = token_table(doc)
        normed = {t: norm(t) for t in set(table.text)}
        words = [normed[t] for t in table.text]
        starts = self.lengths  # most words start no alias: skip them without a call
        out: list[Match] = []
        i, n = 0, len(words)
        while i < n:
            found = self._at(table, words, i) if words[i] in starts else None
            if found is None:
                i += 1
                continue
            for k in range(i + 1, found.end):
                other = self._at(table, words, k)
                if other is not None and other.end > found.end and other.end - other.start >= found.end - i:
                    found = self._at(table, words, i, limit=k)  # keep a shorter phrase before the winner
                    break
            if found is None:
                i += 1
                continue
            out.append(found)
            i = found.end
        return out
