"""A parsed document's token attributes as plain Python lists, read from spaCy's arrays once.

Each ``tok.lower_``, ``tok.pos_`` or ``doc[i]`` crosses into Cython and builds a new ``Token`` or
string; the coder's whole-document scans (the actor lexicon, the mention index, the resolver's
short names, the date candidates) made about ten such passes over every document. ``token_table``
reads ``Doc.to_array`` once per document, maps each attribute's few distinct string ids to their
strings once, and keeps the lists beside the document while it lives (a weak reference: nothing
is added to the ``Doc``, so it pickles and serialises as before), so every later scan indexes
lists. The lists hold exactly what the ``Token`` attributes return (``tests/test_nlp_table.py``).
The rules' tree walks read the same columns through ``nlp.tokens`` (a plain-Python token per
word, built from this table once per document).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

#: string attributes, then integer ones, all read in one ``to_array``
_STRINGS = ("ORTH", "LOWER", "POS", "TAG", "DEP", "ENT_TYPE", "LEMMA")
_INTS = ("SPACY", "IDX", "HEAD")


@dataclass
class TokenTable:
    """Per token ``i``: ``text[i]`` is ``doc[i].text``, ``lower[i]`` ``.lower_``, ``pos[i]`` ``.pos_``,
    ``tag[i]`` ``.tag_``, ``dep[i]`` ``.dep_``, ``ent_type[i]`` ``.ent_type_``, ``lemma[i]``
    ``.lemma_``, ``idx[i]`` ``.idx``, ``head[i]`` ``.head.i``; ``doc_text`` is ``doc.text``."""

    text: list[str]
    lower: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    doc_text: str
    lemma: list[str] = field(default_factory=list)
    idx: list[int] = field(default_factory=list)
    head: list[int] = field(default_factory=list)
    #: the document's ``nlp.tokens.Tok`` list, built on first use (``nlp.tokens.doc_tokens``)
    tokens: list | None = field(default=None, repr=False, compare=False)
    #: other per-document results worked out once (the date candidates of each sentence: ``time.attach``);
    #: what is kept here must not hold the document itself (a ``Tok`` holds it weakly)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


#: doc → its table; an entry leaves when its doc is collected
_TABLES: WeakKeyDictionary = WeakKeyDictionary()


def token_table(doc) -> TokenTable:
    """The document's table, built on first use and kept while the document lives."""
    table = _TABLES.get(doc)
    if table is None:
        table = _TABLES[doc] = _build(doc)
    return table


def doc_memo(doc, owner: object, name: str) -> dict:
    """A dict kept for the document while it lives, one per ``owner`` object and ``name``: what a
    function worked out for this document (a word's verb rule, say) and may look up again. Keyed by
    the owner's identity and holding the owner, so no other object can take its place (issue 14)."""
    memo = token_table(doc).memo
    key = (name, id(owner))
    entry = memo.get(key)
    if entry is None or entry[0] is not owner:
        entry = memo[key] = (owner, {})
    return entry[1]


def doc_text(doc) -> str:
    """``doc.text``, joined once per document (spaCy joins a new ``Token`` per word on every call)."""
    return token_table(doc).doc_text


#: string id → string, shared by all documents: an id is the string's hash (or a symbol's number), the
#: same in every spaCy ``StringStore``; a dict probe is a third of a ``StringStore`` look-up
_NAMES: dict[int, str] = {0: ""}
_MAX_NAMES = 500_000  # about 50 MB at most; a cleared dict refills from the StringStore


def id_strings(ids: list[int], strings) -> list[str]:
    """The strings of a column of string ids (id 0: "")."""
    names = _NAMES
    try:
        return [names[x] for x in ids]
    except KeyError:
        if len(names) > _MAX_NAMES:
            names.clear()
            names[0] = ""
        found = {x: n if (n := names.get(x)) is not None else strings[x] for x in set(ids)}  # local: safe if another thread clears
        names.update(found)
        return [found[x] for x in ids]


def _build(doc) -> TokenTable:
    from spacy.attrs import IDS

    strings = doc.vocab.strings
    n_cols = len(_STRINGS) + len(_INTS)
    if len(doc):
        array = doc.to_array([IDS[a] for a in _STRINGS + _INTS])
        k = len(_STRINGS)  # string ids are unsigned 64-bit hashes; HEAD (an offset) is signed
        columns = array[:, :k].T.tolist() + array[:, k:].view("int64").T.tolist()
    else:
        columns = [[] for _ in range(n_cols)]
    string_columns, (spaces, idx, heads) = columns[:len(_STRINGS)], columns[len(_STRINGS):]
    text_, lower, pos, tag, dep, ent_type, lemma = (id_strings(ids, strings) for ids in string_columns)
    text = "".join(t + " " * w for t, w in zip(text_, spaces))
    return TokenTable(text_, lower, pos, tag, dep, ent_type, text, lemma=lemma, idx=idx,
                      head=[i + h for i, h in enumerate(heads)])
