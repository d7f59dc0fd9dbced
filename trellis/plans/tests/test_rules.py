from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from trellis.apprenticeships.funding import load_funding_rules
from trellis.plans.rules import (
    activity_dates_problems,
    epao_flag,
    hours_text,
    is_whole_quarter_hours,
    missing_parties,
    months_between,
    timetable,
)

START = date(2026, 1, 5)
PLANNED_END = date(2027, 7, 5)


def named_by(start: date, planned_end: date) -> date:
    return load_funding_rules().for_start(start).epao_named_by(planned_end)


def flag_on(today: date, *, epao_named: bool = False, start=START, planned_end=PLANNED_END):
    return epao_flag(
        epao_named=epao_named,
        named_by=named_by(start, planned_end),
        planned_end=planned_end,
        today=today,
    )


def test_the_funding_rules_want_the_epao_named_6_months_before_the_planned_end():
    assert named_by(START, PLANNED_END) == date(2027, 1, 5)
    # Starts under the 2022/23 rules carry the same rule from their own period.
    assert named_by(date(2023, 3, 1), date(2024, 9, 30)) == date(2024, 3, 30)


def test_no_flag_the_day_before_the_epao_must_be_named():
    assert flag_on(date(2027, 1, 4)) is None


def test_flag_on_the_day_the_epao_must_be_named():
    flag = flag_on(date(2027, 1, 5))

    assert flag is not None
    assert flag.named_by == date(2027, 1, 5)
    assert not flag.overdue
    assert "is due by 5 Jan 2027" in flag.reason
    assert "5 Jul 2027" in flag.reason


def test_flag_is_overdue_after_that_day():
    flag = flag_on(date(2027, 3, 1))

    assert flag.overdue
    assert "was due by 5 Jan 2027" in flag.reason


def test_no_flag_once_an_epao_is_named():
    assert flag_on(date(2027, 3, 1), epao_named=True) is None


@pytest.mark.parametrize(
    ("hours", "whole"),
    [("0", True), ("0.25", True), ("7.5", True), ("1.2", False), ("0.1", False), ("3.75", True)],
)
def test_hours_come_in_quarter_hours(hours, whole):
    assert is_whole_quarter_hours(Decimal(hours)) is whole


def test_activity_dates_must_fall_within_the_apprenticeship():
    problems = activity_dates_problems(
        planned_start=date(2026, 1, 4),
        planned_end=date(2027, 7, 6),
        programme_start=START,
        programme_end=PLANNED_END,
    )

    assert problems["planned_start"].startswith("The start must be within the apprenticeship")
    assert problems["planned_end"].startswith("The end must be within the apprenticeship")


def test_activity_dates_on_the_edges_are_fine():
    assert (
        activity_dates_problems(
            planned_start=START,
            planned_end=PLANNED_END,
            programme_start=START,
            programme_end=PLANNED_END,
        )
        == {}
    )


def test_an_activity_cannot_end_before_it_starts():
    problems = activity_dates_problems(
        planned_start=date(2026, 3, 2),
        planned_end=date(2026, 3, 1),
        programme_start=START,
        programme_end=PLANNED_END,
    )

    assert problems == {"planned_end": "The end must be on or after the start."}


def test_months_run_from_the_start_month_to_the_end_month():
    months = months_between(date(2026, 11, 20), date(2027, 2, 1))

    assert months == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]


def test_timetable_places_activities_in_their_months_and_shares_hours_by_days():
    # 31 days in January and 28 in February: 59 days, 59 hours.
    across = SimpleNamespace(
        planned_start=date(2026, 1, 1),
        planned_end=date(2026, 2, 28),
        planned_otj_hours=Decimal("59"),
    )
    march = SimpleNamespace(
        planned_start=date(2026, 3, 31), planned_end=date(2026, 3, 31), planned_otj_hours=2
    )

    rows = timetable(first=START, last=date(2026, 4, 30), activities=[across, march])

    assert [row.month for row in rows] == [date(2026, m, 1) for m in (1, 2, 3, 4)]
    assert [row.activities for row in rows] == [(across,), (across,), (march,), ()]
    assert [row.planned_hours for row in rows] == [
        Decimal("31.0"),
        Decimal("28.0"),
        Decimal("2.0"),
        Decimal("0.0"),
    ]


def test_missing_parties_keep_the_signing_order():
    assert missing_parties(["employer"], ["apprentice", "consultant", "employer"]) == [
        "apprentice",
        "consultant",
    ]


@pytest.mark.parametrize(
    ("hours", "text"), [("7.50", "7.5"), ("21.00", "21"), ("20", "20"), ("1.25", "1.25"), (0, "0")]
)
def test_hours_are_written_without_trailing_zeros(hours, text):
    assert hours_text(Decimal(str(hours))) == text
