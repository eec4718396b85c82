"""Which time expression belongs to which event, on real parses."""

from __future__ import annotations

import pytest

from detente.time import resolve_event_time, tense_of


def when(nlp, text: str, trigger: str, doc_date: str | None = "2018-06-13") -> tuple:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    r = resolve_event_time(tok.sent, tok, doc_date)
    return r.date, r.precision, r.date_end


def test_two_events_two_dates(nlp) -> None:
    text = "China imposed sanctions in 2017 and Russia lifted them in 2018."
    assert when(nlp, text, "imposed") == ("2017", "year", None)
    assert when(nlp, text, "lifted") == ("2018", "year", None)


def test_a_date_in_another_clause_is_not_taken(nlp) -> None:
    text = "Kim, who took power in 2011, visited Beijing."
    assert when(nlp, text, "visited") == ("2018-06-13", "document", None)
    assert when(nlp, text, "took") == ("2011", "year", None)


def test_reported_clause_keeps_its_own_date(nlp) -> None:
    text = "Trump said on Tuesday that he would meet Kim in July."
    assert when(nlp, text, "said") == ("2018-06-12", "day", None)
    assert when(nlp, text, "meet") == ("2018-07", "month", None)


def test_nominal_trigger_takes_its_verbs_date(nlp) -> None:
    assert when(nlp, "China held talks with the United States last week.", "talks")[0] == "2018-06-04"


def test_infinitive_takes_its_governors_date(nlp) -> None:
    assert when(nlp, "China refused on Monday to attend the talks.", "attend") == ("2018-06-11", "day", None)


def test_since_a_gerund_clause_is_a_span(nlp) -> None:
    assert when(nlp, "Kim has tested missiles since taking power in 2011.", "tested") == (
        "2011",
        "year",
        "2018-06-13",
    )


def test_offsets_count_from_an_earlier_date_in_the_sentence(nlp) -> None:
    text = "Xi arrived on June 2, and Kim saw him off two days later."
    assert when(nlp, text, "saw") == ("2018-06-04", "day", None)


def test_a_year_in_the_clause_dates_a_bare_month(nlp) -> None:
    assert when(nlp, "In 2016, Seoul closed the complex in February.", "closed", "2018-06-13")[0] == "2016-02"


def test_a_date_naming_another_noun_is_not_the_events(nlp) -> None:
    assert when(nlp, "The United States suspended the August exercises in June.", "suspended")[0] == "2018-06"
    assert when(nlp, "Trump cancelled the June 12 summit.", "cancelled")[1] == "document"
    assert when(nlp, "The June 12 summit was historic.", "summit")[0] == "2018-06-12"


def test_the_date_of_a_reference_event_is_not_the_events(nlp) -> None:
    text = "Even before the bomb test in September, relations had soured."
    assert when(nlp, text, "soured")[1] == "document"
    assert when(nlp, text, "test")[0] == "2017-09"


def test_the_day_after_tomorrow(nlp) -> None:
    assert when(nlp, "The ministers will meet in Beijing the day after tomorrow.", "meet")[0] == "2018-06-15"


def test_tense_sets_the_year(nlp) -> None:
    assert when(nlp, "Kim met Xi in December.", "met") == ("2017-12", "month", None)
    assert when(nlp, "Trump will meet Xi in April.", "meet") == ("2019-04", "month", None)


def test_no_expression_gives_the_document_date_or_unknown(nlp) -> None:
    assert when(nlp, "Trump and Kim shook hands.", "shook") == ("2018-06-13", "document", None)
    assert when(nlp, "Trump and Kim shook hands.", "shook", None) == (None, "unknown", None)
    assert when(nlp, "Trump and Kim met last week.", "met", None) == (None, "unknown", None)


def test_explicit_dates_need_no_document_date(nlp) -> None:
    assert when(nlp, "The resolution was passed in December 2017.", "passed", None) == (
        "2017-12",
        "month",
        None,
    )


def test_reason_names_the_expression(nlp) -> None:
    doc = nlp("Moon met Kim yesterday.")
    tok = doc[1]
    r = resolve_event_time(tok.sent, tok, "2018-06-13")
    assert r.text == "yesterday" and "yesterday" in r.reason


@pytest.mark.parametrize(
    "text, trigger, tense",
    [
        ("Xi visited Seoul.", "visited", "past"),
        ("Xi has visited Seoul.", "visited", "past"),
        ("Xi will visit Seoul.", "visit", "future"),
        ("Xi is going to visit Seoul.", "visit", "future"),
        ("Xi plans to visit Seoul.", "visit", "future"),
        ("Xi is to visit Seoul.", "visit", "future"),
        ("Xi visits Seoul.", "visits", "present"),
        ("The upcoming visit was praised.", "visit", "future"),
        ("The visit was praised.", "visit", "past"),
    ],
)
def test_tense_of(nlp, text: str, trigger: str, tense: str) -> None:
    tok = next(t for t in nlp(text) if t.text == trigger)
    assert tense_of(tok) == tense


def test_triggers_of_one_parsed_sentence_share_its_expressions(nlp) -> None:
    doc = nlp("Kim travelled to Beijing in March, and Xi flew to Pyongyang in June 2019.")
    first, second = doc[1], next(t for t in doc if t.text == "flew")
    assert resolve_event_time(first.sent, first, "2019-07-01").date == "2019-03"
    assert resolve_event_time(second.sent, second, "2019-07-01").date == "2019-06"
    assert resolve_event_time(first.sent, first, "2019-07-01").date == "2019-03"  # from the cache
    other = nlp("Kim travelled to Beijing in May.")
    assert resolve_event_time(other[1].sent, other[1], "2019-07-01").date == "2019-05"  # a new doc
