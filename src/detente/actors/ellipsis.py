"""Names shortened in a coordination: "North and South Korea", "South and North Korean officials",
"East and West Germany" name two countries, the first without its last words."""

from __future__ import annotations

from detente.actors.lexicon import norm
from detente.nlp.table import token_table

KINDS = ("country", "demonym")


def elided_names(doc, items: list, lexicon, coordinators, pick, make) -> list:
    """``items`` with one more for each first conjunct of an elided name: a capitalised word before
    "and"/"or" and a country name of two or more words whose own first word, swapped for it, is
    also a country name (``pick`` chooses among the aliases, ``make(start, end, alias)`` builds an item)."""
    table = token_table(doc)
    covered = {t for it in items for t in range(it.start, it.end)}
    extra = []
    for it in items:
        i = it.start - 2
        if it.alias.kind not in KINDS or it.end - it.start < 2 or i < 0 or i in covered:
            continue
        if table.lower[i + 1] not in coordinators or not table.text[i][:1].isupper():
            continue
        key = (norm(table.text[i]),) + tuple(norm(t) for t in table.text[it.start + 1:it.end])
        aliases = [a for a in lexicon.table.get(key, []) if a.kind in KINDS]
        if aliases:
            extra.append(make(i, i + 1, pick(aliases)))
    return sorted(items + extra, key=lambda it: it.start) if extra else items
