"""The attribute ruler's matches, found by look-up instead of spaCy's general ``Matcher`` (issue 14).

``en_core_web_sm``'s ``attribute_ruler`` maps tags to parts of speech and morphology with 179
patterns of one or two tokens. spaCy's ``Matcher`` tries every pattern at every token and calls
a Python predicate per token for each ``IN``/``REGEX`` test, which made the ruler about a
tenth of the whole parse. Here each pattern is indexed by a word or tag its first token must
have, so a token is tested only against the patterns that can start there; the matches (and
so every attribute the ruler sets) are exactly spaCy's. A pattern this module does not know
(an operator such as ``OP``, another attribute) leaves the ruler as spaCy made it. The matched
attributes are then written a column at a time (``FastAnnotations``: the same values, one
``Doc.from_array`` instead of a ``Span`` and a ``Token`` per match).
``tests/test_nlp_attributes.py`` checks the matches against spaCy's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, NORM, ORTH, POS, TAG
from spacy.pipeline.attributeruler import AttributeRuler
from spacy.strings import get_string_id

#: the token attributes a supported pattern may test, as ``Doc.to_array`` reads them
COLUMNS = {"ORTH": ORTH, "TEXT": ORTH, "LOWER": LOWER, "NORM": NORM, "TAG": TAG, "POS": POS, "DEP": DEP,
           "LEMMA": LEMMA, "IS_SPACE": IS_SPACE}


class Unsupported(ValueError):
    """A pattern the fast match does not handle: keep spaCy's ``Matcher``."""


@dataclass
class _Test:
    column: int
    op: str  # "eq", "in", "not_in", "regex"
    value: object


@dataclass
class _Pattern:
    attr_id: int  # the ruler's attribute set (its position in ``ruler.patterns``)
    key: int  # the Matcher key spaCy reports: the hash of ``str(attr_id)``
    tokens: list[list[_Test]] = field(default_factory=list)
    #: one token, one test, the one it is looked up by: a look-up hit is a match
    trivial: bool = False


class FastMatch:
    """``AttributeRuler.match`` by look-up: the same sorted ``(attr_id, key, start, end)`` list."""

    def __init__(self, ruler) -> None:
        self.strings = ruler.vocab.strings
        self.columns: list[int] = []
        self.by_value: dict[tuple[int, int], list[_Pattern]] = {}
        self.general: list[_Pattern] = []
        for attr_id, entry in enumerate(ruler.patterns):
            key = self.strings.add(str(attr_id))
            for tokens in entry["patterns"]:
                pattern = _Pattern(attr_id, key, [self._tests(spec) for spec in tokens])
                if not pattern.tokens:
                    raise Unsupported("an empty pattern")
                entries = _index_of(pattern.tokens[0], self._words)
                pattern.trivial = bool(entries) and len(pattern.tokens) == 1 and len(pattern.tokens[0]) == 1
                if not entries:
                    self.general.append(pattern)
                for entry in entries:
                    self.by_value.setdefault(entry, []).append(pattern)
        self._regex_memo: dict[tuple[int, int], bool] = {}

    @property
    def _words(self) -> set[int]:
        """Columns of word forms: the most selective to look a pattern up by (a tag has many tokens)."""
        return {self.columns.index(COLUMNS[name]) for name in ("ORTH", "LOWER", "NORM", "LEMMA")
                if COLUMNS[name] in self.columns}

    def _column(self, name: str) -> int:
        attr = COLUMNS[name]
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _tests(self, spec: dict) -> list[_Test]:
        tests = []
        for name, value in spec.items():
            if name not in COLUMNS:
                raise Unsupported(f"attribute {name}")
            col = self._column(name)
            if isinstance(value, bool):
                tests.append(_Test(col, "eq", int(value)))
            elif isinstance(value, str):
                tests.append(_Test(col, "eq", get_string_id(value)))
            elif isinstance(value, dict) and len(value) == 1:
                (op, arg), = value.items()
                if op in ("IN", "NOT_IN") and isinstance(arg, list) and all(isinstance(v, str) for v in arg):
                    tests.append(_Test(col, op.lower(), frozenset(get_string_id(v) for v in arg)))
                elif op == "REGEX" and isinstance(arg, str):
                    tests.append(_Test(col, "regex", re.compile(arg)))
                else:
                    raise Unsupported(f"{name}: {value!r}")
            else:
                raise Unsupported(f"{name}: {value!r}")
        return tests

    def __call__(self, doc) -> list[tuple[int, int, int, int]]:
        n = len(doc)
        if not n:
            return []
        rows = doc.to_array(self.columns).tolist()
        if len(self.columns) == 1:
            rows = [[v] for v in rows]
        found: set[tuple[int, int, int, int]] = set()
        by_value, general = self.by_value, self.general
        for i, row in enumerate(rows):
            for c, v in enumerate(row):
                for p in by_value.get((c, v), ()):
                    if p.trivial or self._matches(p, rows, i, n):
                        found.add((p.attr_id, p.key, i, i + len(p.tokens)))
            for p in general:
                if self._matches(p, rows, i, n):
                    found.add((p.attr_id, p.key, i, i + len(p.tokens)))
        return sorted(found)

    def _matches(self, p: _Pattern, rows: list[list[int]], i: int, n: int) -> bool:
        if i + len(p.tokens) > n:
            return False
        for k, tests in enumerate(p.tokens):
            row = rows[i + k]
            for t in tests:
                v = row[t.column]
                if t.op == "eq":
                    ok = v == t.value
                elif t.op == "in":
                    ok = v in t.value  # type: ignore[operator]
                elif t.op == "not_in":
                    ok = v not in t.value  # type: ignore[operator]
                else:
                    ok = self._search(t, v)
                if not ok:
                    return False
        return True

    def _search(self, t: _Test, v: int) -> bool:
        memo = (id(t), v)
        hit = self._regex_memo.get(memo)
        if hit is None:
            if len(self._regex_memo) > 100_000:  # a long run over many words: stay small
                self._regex_memo.clear()
            hit = self._regex_memo[memo] = bool(t.value.search(self.strings[v]))  # type: ignore[attr-defined]
        return hit


def _index_of(tests: list[_Test], words: set[int]) -> list[tuple[int, int]]:
    """The (column, value) entries a first token is looked up by: the value of an equality test
    (on a word form where there is one), else each value of an ``IN`` test (empty: no such test,
    the pattern is tried at every token)."""
    for t in sorted(tests, key=lambda t: t.column not in words):
        if t.op == "eq":
            return [(t.column, t.value)]  # type: ignore[list-item]
    for t in tests:
        if t.op == "in":
            return [(t.column, v) for v in t.value]  # type: ignore[attr-defined]
    return []


#: the token attributes ``FastAnnotations`` writes by column (the ruler's of ``en_core_web_sm``)
SETTABLE = frozenset({POS, TAG, DEP, LEMMA, MORPH})


class FastAnnotations:
    """``AttributeRuler.set_annotations`` by columns: the value each matched word ends with (a later
    match overrides an earlier one, as spaCy applies them in order) written with one
    ``Doc.from_array`` instead of a ``Span`` and a ``Token`` per match. Any attribute other than
    ``SETTABLE`` (an extension, say) or a match whose index falls outside it leaves the document
    to spaCy's own method, which sets or raises as it always does."""

    def __init__(self, ruler) -> None:
        self.ruler = ruler

    def __call__(self, doc, matches) -> None:
        ruler = self.ruler
        attrs, indices = ruler.attrs, ruler.indices
        values: dict[int, dict[int, int]] = {}  # attribute → word → value
        for attr_id, _key, start, end in matches:
            index = indices[attr_id]
            i = (start if index >= 0 else end) + index
            if not start <= i < end or not SETTABLE.issuperset(attrs[attr_id]):
                return AttributeRuler.set_annotations(ruler, doc, matches)
            for name, value in attrs[attr_id].items():
                values.setdefault(name, {})[i] = value
        if not values:
            return None
        names = list(values)
        array = doc.to_array(names).reshape(len(doc), len(names))
        for k, name in enumerate(names):
            words = values[name]
            array[list(words), k] = np.array(list(words.values()), dtype=np.uint64)
        doc.from_array(names, array)
        return None


def speed_up_attribute_ruler(nlp) -> bool:
    """Give the pipeline's ``attribute_ruler`` the fast match and the column writes (same matches, same
    attributes); False when it keeps spaCy's (no ruler, or a pattern the fast match does not handle)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        ruler.match = FastMatch(ruler)
    except Unsupported:
        return False
    ruler.set_annotations = FastAnnotations(ruler)
    return True
