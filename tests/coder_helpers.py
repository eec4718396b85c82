"""Helpers shared by the coder's rule tests: code one text, compare (source, target, root) triples."""

from __future__ import annotations

from detente.records import Document


def coded_events(coder, text: str, date: str):
    """The events the coder finds in ``text`` read as a document of ``date``."""
    _doc, _sentences, events = next(coder.code_documents([Document(id="t", text=text, date=date)]))
    return events


def triples(events) -> set[tuple]:
    """(source country, target country, CAMEO root) of each event; IGO and other codes by prefix."""

    def country(a):
        return None if a is None else (a.country or (a.code or "")[:3] or None)

    return {(country(e.source), country(e.target), e.cameo[:2]) for e in events}


def assert_yields(events, kind: str, expected) -> None:
    """Every expected (source, target, code) is among the events: whole codes by country ("exact"),
    or by the ``triples`` reading ("has")."""
    if kind == "exact":
        found = {(e.source.country if e.source else None, e.target.country if e.target else None, e.cameo)
                 for e in events}
    else:
        found = triples(events)
    assert set(map(tuple, expected)) <= found, sorted(found, key=str)
