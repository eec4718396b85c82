"""Time expressions resolved against a document date (no parsing needed)."""

from __future__ import annotations

import pytest

from detente.time import TimeResolution, resolve_expression

WED = "2018-06-13"  # a Wednesday


def res(text: str, doc: str | None = WED, tense: str | None = None) -> tuple:
    r = resolve_expression(text, doc, tense)
    assert isinstance(r, TimeResolution), text
    return r.date, r.precision, r.date_end


@pytest.mark.parametrize(
    "text, expected",
    [
        ("June 2018", ("2018-06", "month", None)),
        ("November 8, 2017", ("2017-11-08", "day", None)),
        ("8 November 2017", ("2017-11-08", "day", None)),
        ("Nov. 8th, 2017", ("2017-11-08", "day", None)),
        ("in 2009", ("2009", "year", None)),
        ("early 2018", ("2018", "year", None)),
        ("mid-2017", ("2017", "year", None)),
        ("the end of 2017", ("2017", "year", None)),
        ("the first half of 2018", ("2018", "year", None)),
        ("in the summer of 2017", ("2017", "year", None)),
        ("2018-04-27", ("2018-04-27", "day", None)),
        ("the 1990s", ("1990", "year", "1999")),
    ],
)
def test_absolute_dates(text: str, expected: tuple) -> None:
    assert res(text) == expected


def test_absolute_dates_need_no_document_date() -> None:
    assert res("June 2018", None) == ("2018-06", "month", None)
    assert resolve_expression("last week", None) is None


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("in December", "past", "2017-12"),  # past + later month → previous year
        ("in March", "past", "2018-03"),  # past + earlier month → this year
        ("in June", "past", "2018-06"),  # same month stays
        ("in March", "future", "2019-03"),  # future + earlier month → next year
        ("in September", "future", "2018-09"),
        ("in December", None, "2018-12"),  # no tense: the document's year
        ("late March", "past", "2018-03"),
        ("September 9", "past", "2017-09-09"),
        ("September 9", "future", "2018-09-09"),
        ("June 1", "future", "2019-06-01"),  # an earlier day in the same month, future → next year
        ("June 20", "past", "2017-06-20"),  # a later day in the same month, past → last year
    ],
)
def test_tense_decides_the_year_of_a_bare_month_or_day(text: str, tense: str, expected: str) -> None:
    assert res(text, WED, tense)[0] == expected


@pytest.mark.parametrize(
    "text, tense, expected",
    [
        ("on Tuesday", "past", "2018-06-12"),
        ("on Wednesday", "past", "2018-06-13"),  # the document's own weekday is that day
        ("on Thursday", "past", "2018-06-07"),
        ("on Tuesday", "future", "2018-06-19"),
        ("on Friday", "future", "2018-06-15"),
        ("on Friday", None, "2018-06-08"),  # no tense: look back (news mostly reports the past)
        ("last Wednesday", None, "2018-06-06"),  # strictly before
        ("next Wednesday", None, "2018-06-20"),  # strictly after
        ("Sunday night", "past", "2018-06-10"),
    ],
)
def test_weekdays(text: str, tense: str | None, expected: str) -> None:
    assert res(text, WED, tense) == (expected, "day", None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yesterday", ("2018-06-12", "day", None)),
        ("tomorrow", ("2018-06-14", "day", None)),
        ("this morning", ("2018-06-13", "day", None)),
        ("last week", ("2018-06-04", "day", "2018-06-10")),
        ("this week", ("2018-06-11", "day", "2018-06-17")),
        ("next week", ("2018-06-18", "day", "2018-06-24")),
        ("earlier this week", ("2018-06-11", "day", "2018-06-13")),
        ("last weekend", ("2018-06-09", "day", "2018-06-10")),
        ("last month", ("2018-05", "month", None)),
        ("this month", ("2018-06", "month", None)),
        ("earlier this month", ("2018-06", "month", None)),
        ("next month", ("2018-07", "month", None)),
        ("last year", ("2017", "year", None)),
        ("earlier this year", ("2018", "year", None)),
        ("next year", ("2019", "year", None)),
        ("in recent weeks", ("2018-06", "month", None)),
        ("recently", ("2018-06", "month", None)),
        ("two days ago", ("2018-06-11", "day", None)),
        ("a week ago", ("2018-06-06", "day", None)),
        ("three months ago", ("2018-03", "month", None)),
        ("two years ago", ("2016", "year", None)),
        ("the past two years", ("2016", "year", "2018")),
    ],
)
def test_relative_to_the_document_date(text: str, expected: tuple) -> None:
    assert res(text) == expected


def test_offsets_without_an_anchor_count_from_the_document_date() -> None:
    assert res("a day before") == ("2018-06-12", "day", None)
    assert res("two days later") == ("2018-06-15", "day", None)
    assert res("the next day") == ("2018-06-14", "day", None)


def test_in_n_units_counts_forward_only_for_future() -> None:
    assert res("in two weeks", WED, "future") == ("2018-06-27", "day", None)
    assert resolve_expression("in two weeks", WED, "past") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("since 2011", ("2011", "year", WED)),  # open span: start, ended by the document date
        ("since March 2016", ("2016-03", "month", WED)),
        ("from 2016 to 2018", ("2016", "year", "2018")),
        ("2016-2018", ("2016", "year", "2018")),
        ("between March and June 2018", ("2018-03", "month", "2018-06")),
        ("from January 2018 to March 2019", ("2018-01", "month", "2019-03")),
    ],
)
def test_spans(text: str, expected: tuple) -> None:
    assert res(text) == expected


@pytest.mark.parametrize(
    "text", ["two days", "decades", "the years", "for three years", "Tuesday's meeting", "70"]
)
def test_not_dates(text: str) -> None:
    assert resolve_expression(text, WED, "past") is None


def test_reason_and_text_are_kept() -> None:
    r = resolve_expression("late March", WED, "past")
    assert r is not None and r.text == "late March"
    assert "tense past" in r.reason and "late" in r.reason
