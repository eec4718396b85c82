"""The event dater gains from the tagger: prepositional dates, quarters, weeks and seasons."""

from __future__ import annotations

import pytest

from detente.time import resolve_event_time, resolve_expression
from detente.time.bridge import point_from_value


def when(nlp, text: str, trigger: str, doc_date: str = "2018-06-13") -> tuple:
    doc = nlp(text)
    tok = next(t for t in doc if t.text == trigger)
    r = resolve_event_time(tok.sent, tok, doc_date)
    return r.date, r.precision, r.date_end


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("for next year", "future", ("2019", "year")),
        ("to Nov. 20", "future", ("2018-11-20", "day")),
        ("starting next year", "future", ("2019", "year")),
        ("with last year", "past", ("2017", "year")),
        ("than last year", "past", ("2017", "year")),
        ("over the past year", "past", ("2017", "year")),
        ("into 2019", "future", ("2019", "year")),
        ("as of March", "past", ("2018-03", "month")),
        ("ahead of next week", "future", ("2018-06-18", "day")),
    ],
)
def test_a_preposition_missing_from_the_word_list_no_longer_loses_the_date(text, tense, expected) -> None:
    r = resolve_expression(text, "2018-06-13", tense)
    assert (None if r is None else (r.date, r.precision)) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2018-W23", ("2018-06-04", "day", "2018-06-10", "day")),
        ("2018-W23-WE", ("2018-06-09", "day", "2018-06-10", "day")),
        ("2018-Q3", ("2018-07-01", "month", "2018-09-01", "month")),
        ("2016-H2", ("2016-07-01", "month", "2016-12-01", "month")),
        ("199", ("1990-01-01", "year", "1999-01-01", "year")),
        ("2018-SU", ("2018-01-01", "year", None, None)),
        ("PRESENT_REF", None),
        ("P3Y", None),
    ],
)
def test_timex_values_map_to_the_event_schemas_precisions(value, expected) -> None:
    p = point_from_value(value)
    got = None if p is None else (p.start.isoformat(), p.precision, p.end and p.end.isoformat(), p.end_precision)
    assert got == expected


def test_prepositional_dates_reach_events(nlp) -> None:
    assert when(nlp, "Seoul pledged aid to Pyongyang for next year.", "pledged")[:2] == ("2019", "year")
    assert when(nlp, "The envoy postponed the talks to Nov. 20.", "postponed", "2018-11-25")[0] == "2018-11-20"


def test_quarters_and_seasons_reach_events(nlp) -> None:
    assert when(nlp, "China cut its oil exports to North Korea in the third quarter.", "cut", "2018-11-02") == (
        "2018-07", "month", "2018-09")  # fmt: skip
    assert when(nlp, "Japan will resume talks with China this summer.", "resume")[:2] == ("2018", "year")


def test_the_coder_dates_events_with_a_users_time_words(tmp_path, nlp) -> None:
    from detente.coding.coder import EventCoder
    from detente.langdata import LanguageData

    (tmp_path / "time").mkdir()
    (tmp_path / "time" / "time_words.yaml").write_text("day_words:\n  erstwhile: -3\n", encoding="utf-8")
    coder = EventCoder(LanguageData.from_dir(tmp_path))
    assert coder.time_data.words["day_words"]["erstwhile"] == -3
    assert coder.time_data.words["day_words"]["yesterday"] == -1  # the package's words stay
    assert EventCoder().time_data.words["day_words"].get("erstwhile") is None


@pytest.mark.parametrize(
    ("text", "tense", "expected"),
    [
        ("with last week", "past", ("2018-06-04", "day", "2018-06-10")),
        ("than last year", "past", ("2017", "year", None)),
        ("over the next year", "future", ("2019", "year", None)),
        ("into 2019", "future", ("2019", "year", None)),
        ("as of March 3", "past", ("2018-03-03", "day", None)),
    ],
)
def test_the_dater_drops_every_neutral_preposition_the_issue_names(text: str, tense: str, expected: tuple) -> None:
    r = resolve_expression(text, "2018-06-13", tense=tense)
    assert (r.date, r.precision, r.date_end) == expected
