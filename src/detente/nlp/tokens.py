"""Plain-Python tokens: the rules' tree walks without a spaCy ``Token`` per step.

The rule code walks the dependency tree per trigger (``tok.head``, ``tok.children``,
``tok.dep_``, ``tok.lower_`` …): every such step on a spaCy ``Token`` builds a new ``Token`` or
string in Cython (about 200,000 per coding pass of ``examples/korea``). ``doc_tokens`` builds one
``Tok`` per word from the document's token table (``nlp.table``) once per document; a ``Tok``
answers the attributes the rules read with plain slots, its head and children are other ``Tok``
objects of the same list.

The semantics are spaCy's (``tests/test_nlp_tokens.py`` checks every attribute on parsed text):
``children`` in index order, ``subtree`` and ``conjuncts`` as spaCy walks them, ``sent`` the
spaCy ``Span``. One ``Tok`` per word, so two ``Tok`` of a word are the same object and compare
equal by identity, as spaCy's ``Token`` compares by document and position; a ``Tok`` never
equals a spaCy ``Token``, so a function compares tokens of one kind only (``tok_of`` converts).
A ``Tok`` holds its document weakly (the table lives beside the document, not inside it).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count
from weakref import ref

from detente.nlp.table import token_table


class Tok:
    """One word of a parsed document, with the ``spacy.tokens.Token`` attributes the rules read (the
    rarely read ones, such as ``like_num``, are asked of spaCy's ``Token``)."""

    __slots__ = ("i", "text", "lower_", "pos_", "tag_", "dep_", "lemma_", "ent_type_", "idx", "head",
                 "children", "_doc")

    i: int
    text: str
    lower_: str
    pos_: str
    tag_: str
    dep_: str
    lemma_: str
    ent_type_: str
    idx: int
    head: Tok
    children: tuple[Tok, ...]  # in index order

    @property
    def doc(self):
        """The spaCy ``Doc`` (alive while anyone uses its tokens)."""
        return self._doc()

    @property
    def token(self):
        """The spaCy ``Token`` of this word."""
        return self._doc()[self.i]

    @property
    def sent(self):
        """The sentence ``Span``, as ``Token.sent`` finds it."""
        return self.doc[self.i:self.i + 1].sent

    @property
    def ent_iob_(self) -> str:
        return self.token.ent_iob_

    @property
    def is_punct(self) -> bool:
        return self.token.is_punct

    @property
    def is_alpha(self) -> bool:
        return self.token.is_alpha

    @property
    def like_num(self) -> bool:
        return self.token.like_num

    @property
    def is_sent_start(self) -> bool | None:
        return self.token.is_sent_start

    @property
    def lefts(self) -> tuple[Tok, ...]:
        return tuple(c for c in self.children if c.i < self.i)

    @property
    def rights(self) -> tuple[Tok, ...]:
        return tuple(c for c in self.children if c.i > self.i)

    @property
    def subtree(self) -> Iterator[Tok]:
        """The word and its descendants, in spaCy's order (left subtrees, the word, right subtrees)."""
        for word in self.lefts:
            yield from word.subtree
        yield self
        for word in self.rights:
            yield from word.subtree

    @property
    def conjuncts(self) -> tuple[Tok, ...]:
        """The coordinated words, without this one (spaCy's walk: up ``conj`` arcs, then down them)."""
        start = self
        while start.head is not start and start.dep_ == "conj":
            start = start.head
        queue = [start]
        output = [start]
        for word in queue:
            for child in word.rights:
                if child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w.i != self.i)

    def nbor(self, i: int = 1) -> Tok:
        toks = doc_tokens(self.doc)
        j = self.i + i
        if j < 0 or j >= len(toks):
            raise IndexError(f"no token {j} next to token {self.i}")
        return toks[j]

    def __len__(self) -> int:
        return len(self.text)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def doc_tokens(doc) -> list[Tok]:
    """Every word of ``doc`` as a ``Tok``, built once per document (kept with its token table)."""
    table = token_table(doc)
    if table.tokens is None:
        table.tokens = _build(doc, table)
    return table.tokens


def tok_of(token) -> Tok:
    """The ``Tok`` of a spaCy ``Token`` (a ``Tok`` is returned as it is)."""
    if isinstance(token, Tok):
        return token
    return doc_tokens(token.doc)[token.i]


def sent_tokens(span) -> list[Tok]:
    """The words of a spaCy ``Span`` (a sentence) as ``Tok`` objects."""
    return doc_tokens(span.doc)[span.start:span.end]


def _build(doc, table) -> list[Tok]:
    doc_ref = ref(doc)
    new = Tok.__new__
    toks: list[Tok] = []
    append = toks.append
    for i, text, lower, pos, tag, dep, lemma, ent, idx in zip(
            count(), table.text, table.lower, table.pos, table.tag, table.dep, table.lemma, table.ent_type, table.idx):
        t = new(Tok)
        t.i, t.text, t.lower_, t.pos_, t.tag_, t.dep_, t.lemma_, t.ent_type_, t.idx = \
            i, text, lower, pos, tag, dep, lemma, ent, idx
        t.children = ()
        t._doc = doc_ref
        append(t)
    kids: dict[int, list[Tok]] = {}  # head → its children in index order (most words have none)
    for t, h in zip(toks, table.head):
        t.head = toks[h]
        if h == t.i:
            continue
        if h in kids:
            kids[h].append(t)
        else:
            kids[h] = [t]
    for h, words in kids.items():
        toks[h].children = tuple(words)
    return toks
