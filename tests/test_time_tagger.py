"""The TIMEX3 tagger on sentences we wrote: one test per kind of expression the issue lists."""

from __future__ import annotations

import pytest

from detente.time import TimeConfig, TimeData, tag_text

DCT = "2018-06-13"  # a Wednesday in the second quarter


def values(text: str, dct: str | None = DCT, **kw) -> list[tuple[str, str, str]]:
    return [(r.text, r.type, r.value) for r in tag_text(text, dct, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices are now higher than before.", ("now", "DATE", "PRESENT_REF")),
        ("The border is currently closed.", ("currently", "DATE", "PRESENT_REF")),
        ("The two leaders met recently in Hanoi.", ("recently", "DATE", "PAST_REF")),
        ("Such talks failed in the past.", ("the past", "DATE", "PAST_REF")),
        ("They may meet again in the future.", ("the future", "DATE", "FUTURE_REF")),
        ("Exports fell in recent years.", ("recent years", "DATE", "PAST_REF")),
    ],
)
def test_references_to_present_past_and_future(text: str, expected: tuple) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy left last week.", ("last week", "DATE", "2018-W23")),
        ("The envoy arrives next week.", ("next week", "DATE", "2018-W25")),
        ("Protests spread over the weekend.", ("the weekend", "DATE", "2018-W23-WE")),
        ("Drills are planned for this summer.", ("this summer", "DATE", "2018-SU")),
        ("Fighting resumed last winter.", ("last winter", "DATE", "2017-WI")),
        ("Trade grew in the third quarter of 2017.", ("the third quarter of 2017", "DATE", "2017-Q3")),
        ("Output rose in the first quarter.", ("the first quarter", "DATE", "2018-Q1")),
        ("Sales fell in the first half of 2016.", ("the first half of 2016", "DATE", "2016-H1")),
        ("The budget for fiscal 2019 was cut.", ("fiscal 2019", "DATE", "2019")),
        ("The alliance grew in the 1990s.", ("the 1990s", "DATE", "199")),
        ("Borders were drawn in the 20th century.", ("the 20th century", "DATE", "19")),
    ],
)
def test_weeks_seasons_quarters_halves_fiscal_decades_centuries(text: str, expected: tuple) -> None:
    assert expected in values(text)


def test_the_quarter_refers_back_to_the_quarter_named() -> None:
    text = "Profit fell in the third quarter. In the quarter, sales rose; a year earlier they had fallen."
    got = values(text, "2018-10-20")
    assert ("the third quarter", "DATE", "2018-Q3") in got
    assert ("the quarter", "DATE", "2018-Q3") in got
    assert ("a year earlier", "DATE", "2017-Q3") in got


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ministers met in March.", "2018-03"),  # past: the March before the document
        ("The ministers will meet in March.", "2019-03"),  # future: the next March
        ("The ministers met in December.", "2017-12"),  # past tense, a later month: last year
        ("The ministers will meet in July.", "2018-07"),
        ("The talks ended on Nov. 20.", "2017-11-20"),
        ("The summit will open on Sept. 9.", "2018-09-09"),
        ("The envoy arrived on Friday.", "2018-06-08"),
        ("The envoy will arrive on Friday.", "2018-06-15"),
    ],
)
def test_underspecified_dates_follow_tense_and_document_date(text: str, value: str) -> None:
    assert [v for _, _, v in values(text)] == [value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The sanctions lasted three years.", ("three years", "DURATION", "P3Y")),
        ("Prices rose over the past two weeks.", ("the past two weeks", "DURATION", "P2W")),
        ("The talks ran for five hours.", ("five hours", "DURATION", "PT5H")),
        ("They signed a two-year accord.", ("two-year", "DURATION", "P2Y")),
        ("The siege went on for decades.", ("decades", "DURATION", "PXE")),
        ("Aid will flow for several months.", ("several months", "DURATION", "PXM")),
        ("Inspectors visit every Monday.", ("every Monday", "SET", "XXXX-WXX-1")),
        ("The bulletin is published daily.", ("daily", "SET", "P1D")),
        ("Envoys meet each month.", ("each month", "SET", "P1M")),
    ],
)
def test_durations_and_sets(text: str, expected: tuple) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seoul set aside funds for next year.", ("next year", "DATE", "2019")),
        ("The deadline will move to Nov. 20.", ("Nov. 20", "DATE", "2018-11-20")),
        ("Exports rise starting next year.", ("next year", "DATE", "2019")),
        ("Trade was higher than last year.", ("last year", "DATE", "2017")),
        ("The ban runs into 2019.", ("2019", "DATE", "2019")),
    ],
)
def test_a_preposition_before_a_date_leaves_it_out_and_resolved(text: str, expected: tuple) -> None:
    assert expected in values(text)


def test_offsets_count_characters_of_the_text_with_newlines_and_accents() -> None:
    text = "Séoul\n\nLe président — arrived yesterday.\nTalks resume on Monday."
    for r in tag_text(text, DCT):
        assert text[r.start : r.end] == r.text
    assert [r.text for r in tag_text(text, DCT)] == ["yesterday", "Monday"]


def test_clock_times_and_parts_of_days() -> None:
    got = values("The blast came at 10:35 a.m. on Tuesday.", "2018-06-13")
    assert ("10:35 a.m. on Tuesday", "TIME", "2018-06-12T10:35") in got
    assert values("Shelling continued this morning.")[0][1:] == ("TIME", "2018-06-13TMO")


def test_words_that_only_look_like_times_are_left_alone() -> None:
    assert values("Officials may march to the square.") == []
    assert values("The current account deficit widened.") == []
    assert values("The 6-year-old boy was found.") == []
    assert values("Turnout reached 2000 of 5000 seats, or 40%.") == []


def test_spoken_years_from_broadcast_transcripts() -> None:
    assert ("nineteen ninety-six", "DATE", "1996") in values("The law passed in nineteen ninety-six.")


def test_without_a_document_date_relative_expressions_get_no_calendar_value() -> None:
    got = values("The envoy left last week; the law dates from 2009.", None)
    assert got == [("2009", "DATE", "2009")]


def test_user_data_extends_the_package_words(tmp_path) -> None:
    (tmp_path / "timex.yaml").write_text("references:\n  hitherto: PAST_REF\n", encoding="utf-8")
    data = TimeData.from_dir(tmp_path)
    assert ("hitherto", "DATE", "PAST_REF") in values("They had hitherto refused.", data=data)
    assert ("now", "DATE", "PRESENT_REF") in values("They now agree.", data=data)  # the package's words stay
    assert values("They had hitherto refused.") == []  # the default data is untouched


def test_config_can_keep_parts_of_days_in_the_value() -> None:
    got = values("Shots were fired on Friday night.", config=TimeConfig(day_parts_in_value=True))
    assert got == [("Friday night", "TIME", "2018-06-08TNI")]


def test_anchored_expressions_count_from_the_date_named_last() -> None:
    text = "The envoy landed on March 3, 2017. The next day he met the minister, and at 10 p.m. he left."
    got = values(text)
    assert ("The next day", "DATE", "2017-03-04") in got
    assert ("10 p.m.", "TIME", "2017-03-04T22:00") in got  # the day named last: the next day


def test_ages_titles_and_index_levels_are_no_times_and_rates_are_sets() -> None:
    assert values("The envoy, 52 years old, resigned.") == []
    assert values("The index closed at 2082.1 points.") == []
    assert values("He spoke on ABC's This Week program.") == []
    assert ("a year", "SET", "P1Y") in values("The deal saves $500 million a year.")


def test_deadlines_and_continuous_forms_look_ahead() -> None:
    assert values("The ministry postponed the vote until Tuesday.") == [("Tuesday", "DATE", "2018-06-19")]
    assert values("Up until Tuesday, they had refused.") == [("Tuesday", "DATE", "2018-06-12")]
    assert values("Unions were planning a strike on Saturday.") == [("Saturday", "DATE", "2018-06-16")]
    assert values("The summit would still be held on July 24.") == [("July 24", "DATE", "2018-07-24")]
