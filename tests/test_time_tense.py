"""Tense for dating: the clause a time expression sits in decides, not only the event's verb."""

import pytest

from detente.nlp import load_pipeline
from detente.time import resolve_event_time


@pytest.mark.parametrize("text,trigger,doc_date,expected", [
    # the agreement was on the past Saturday, though the talks it agrees to are still to come
    ("In Osaka on Saturday, the two presidents agreed to resume trade talks.", "resume", "2019-07-01",
     "2019-06-29"),
    # a bare participle reports something done: December is last December
    ("Negotiators are racing a March 1 deadline agreed by both leaders in December.", "agreed", "2019-01-10",
     "2018-12"),
    # a gerund after "after" has no tense of its own and must not look forward
    ("The president said talks would follow, after hosting the premier on Thursday.", "hosting", "2019-04-26",
     "2019-04-25"),
])
def test_expression_takes_the_tense_of_its_clause(text, trigger, doc_date, expected):
    doc = load_pipeline()(text)
    token = next(t for t in doc if t.text == trigger)
    assert resolve_event_time(next(iter(doc.sents)), token, doc_date).date == expected


def test_a_record_since_is_not_the_event_date():
    doc = load_pipeline()("The leader made a secret visit to Beijing this week and held talks with the "
                          "president, in his first known trip abroad since taking power in 2011.")
    sent = next(iter(doc.sents))
    held = next(t for t in doc if t.text == "held")
    assert resolve_event_time(sent, held, "2018-03-28").date != "2011"
    plain = load_pipeline()("Sanctions have been in place since 2016.")
    placed = next(t for t in plain if t.text == "place")
    assert resolve_event_time(next(iter(plain.sents)), placed, "2018-03-28").date == "2016"
