"""The TIMEX3 tagger on the error classes of issue 17 that the first tests left open (our sentences)."""

from __future__ import annotations

import pytest

from detente.time import TimeConfig, TimeData, tag_text
from detente.time.model import easter
from detente.time.tagger import tense_near

DCT = "2018-06-13"  # a Wednesday


def values(text: str, dct: str | None = DCT) -> list[tuple[str, str, str]]:
    return [(r.text, r.type, r.value) for r in tag_text(text, dct)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The court will rule in the week of July 9, a clerk said.", ("the week of July 9", "DATE", "2018-W28")),
        ("Aides met the day before last Monday's vote.", ("the day before last Monday", "DATE", "2018-06-10")),
        ("Pilgrims gathered as Easter week began.", ("Easter week", "DATE", "2018-W13")),
        ("Shops closed on Good Friday.", ("Good Friday", "DATE", "2018-03-30")),
        ("Voters will go to the polls on Election Day.", ("Election Day", "DATE", "2018-11-06")),
        ("The post-1945 order is fraying.", ("post-1945", "DATE", "1945")),
        ("Talks will end at midday.", ("midday", "TIME", "2018-06-13T12:00")),
    ],
)
def test_weeks_holidays_and_dates_built_on_other_dates(text: str, expected: tuple) -> None:
    assert expected in values(text)


def test_a_second_day_of_the_same_month_is_a_date_of_its_own() -> None:
    assert values("The ministers meet on July 9 and 10.") == [
        ("July 9", "DATE", "2018-07-09"),
        ("10", "DATE", "2018-07-10"),
    ]
    assert values("On May 3 and 25 people died.") == [("May 3", "DATE", "2018-05-03")]  # a count, not a day


def test_a_day_anchored_on_a_month_is_a_day_of_that_month() -> None:
    got = values("The border reopened last October. Trade resumed that same day.")
    assert ("that same day", "DATE", "2017-10-XX") in got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling has increased in recent weeks.", ("recent weeks", "DURATION", "PXW")),
        ("Shelling has increased in recent months.", ("recent months", "DURATION", "PXM")),
        ("Exports fell in recent years.", ("recent years", "DATE", "PAST_REF")),  # the past at large
        ("After a day-long session the council adjourned.", ("day-long", "DURATION", "P1D")),
        ("A week-long strike ended.", ("week-long", "DURATION", "P1W")),
    ],
)
def test_recent_periods_and_unit_long_adjectives(text: str, expected: tuple) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    "text",
    [
        "He spoke on ''60 Minutes.'' later.",  # a programme
        "Critics compared the vote to High Noon.",  # a film
        "Marchers joined the Spring of Hope rally.",  # a name
        "Now, the question is who pays.",  # a discourse marker
    ],
)
def test_titles_names_and_discourse_now_are_no_times(text: str) -> None:
    assert values(text) == []


def test_now_inside_a_clause_stays_the_present() -> None:
    assert values("Prices are now higher.") == [("now", "DATE", "PRESENT_REF")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials met with last week's envoys.", ("last week", "DATE", "2018-W23")),
        ("Aid fell compared with last year.", ("last year", "DATE", "2017")),
        ("Sales grew over last year.", ("last year", "DATE", "2017")),
        ("The figures were revised as of March 3.", ("March 3", "DATE", "2018-03-03")),
    ],
)
def test_with_over_and_as_before_a_date_leave_it_resolved(text: str, expected: tuple) -> None:
    assert expected in values(text)


def test_the_tense_window_never_reads_half_a_word() -> None:
    text = "She is scheduled to land on Tuesday."
    start, cue = text.index("Tuesday"), text.index("scheduled")
    config = TimeConfig(tense_window=start - cue - 3)  # the window's edge falls inside "scheduled"
    assert tense_near(text, start, start + 7, TimeData.default(), config) == "future"


def test_a_continuous_form_after_were_decides_the_tense() -> None:
    got = values("Protesters planned a march and were planning to rally on Saturday.")
    assert got == [("Saturday", "DATE", "2018-06-16")]


def test_easter_follows_the_gregorian_computus() -> None:
    assert [easter(y).isoformat() for y in (2000, 2013, 2019, 2025)] == [
        "2000-04-23", "2013-03-31", "2019-04-21", "2025-04-20",
    ]  # fmt: skip
