"""A parsed document's token attributes as plain Python lists, read from spaCy's arrays once.

Each ``tok.lower_``, ``tok.pos_`` or ``doc[i]`` crosses into Cython and builds a new ``Token`` or
string; the coder's whole-document scans (the actor lexicon, the mention index, the resolver's
short names, the date candidates) made about ten such passes over every document. ``token_table``
reads ``Doc.to_array`` once per document, maps each attribute's few distinct string ids to their
strings once, and keeps the lists beside the document while it lives (a weak reference: nothing
is added to the ``Doc``, so it pickles and serialises as before), so every later scan indexes lists. The lists hold exactly what the ``Token`` attributes return (``tests/test_nlp_table.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

#: string attributes, then SPACY (a flag: a space follows the token), all read in one ``to_array``
_ATTRS = ("ORTH", "LOWER", "POS", "TAG", "DEP", "ENT_TYPE", "SPACY")


@dataclass(frozen=True)
class TokenTable:
    """Per token ``i``: ``text[i]`` is ``doc[i].text``, ``lower[i]`` ``.lower_``, ``pos[i]`` ``.pos_``,
    ``tag[i]`` ``.tag_``, ``dep[i]`` ``.dep_``, ``ent_type[i]`` ``.ent_type_``; ``doc_text`` is ``doc.text``."""

    text: list[str]
    lower: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent_type: list[str]
    doc_text: str


#: doc → its table; an entry leaves when its doc is collected
_TABLES: WeakKeyDictionary = WeakKeyDictionary()


def token_table(doc) -> TokenTable:
    """The document's table, built on first use and kept while the document lives."""
    table = _TABLES.get(doc)
    if table is None:
        table = _TABLES[doc] = _build(doc)
    return table


def doc_text(doc) -> str:
    """``doc.text``, joined once per document (spaCy joins a new ``Token`` per word on every call)."""
    return token_table(doc).doc_text


def _build(doc) -> TokenTable:
    from spacy.attrs import IDS

    strings = doc.vocab.strings
    columns = doc.to_array([IDS[a] for a in _ATTRS]).T.tolist() if len(doc) else [[] for _ in _ATTRS]
    *string_columns, spaces = columns
    lists = []
    for ids in string_columns:
        names = {x: strings[x] if x else "" for x in set(ids)}
        lists.append([names[x] for x in ids])
    text = "".join(t + " " * w for t, w in zip(lists[0], spaces))
    return TokenTable(*lists, doc_text=text)
