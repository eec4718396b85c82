"""A year stated on the copula dates an infinitive describing its subject (our own sentence)."""

from __future__ import annotations

from detente.coding.coder import EventCoder
from detente.records import Document


def test_last_leader_to_visit_was_dated_by_copula():
    text = "The last Chinese leader to travel to Pyongyang was Wen Jiabao in 2009."
    _d, _s, events = next(EventCoder().code_documents([Document(id="t", text=text, date="2019-06-21")]))
    visit = next(e for e in events if e.cameo.startswith("04"))
    assert (visit.date, visit.date_precision) == ("2009", "year")
