from datetime import date

import pytest

from trellis.apprenticeships.rules import add_months, planned_dates_problems


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 12, 1), 1, date(2027, 1, 1)),
    ],
)
def test_add_months_clamps_to_the_end_of_shorter_months(start, months, expected):
    assert add_months(start, months) == expected


def test_planned_end_must_come_after_the_start():
    problems = planned_dates_problems(
        date(2026, 1, 5), date(2026, 1, 5), minimum_duration_months=12
    )
    assert problems == {"planned_end_date": "The planned end date must be after the start date."}


def test_planned_end_before_the_minimum_duration_names_the_earliest_date():
    problems = planned_dates_problems(
        date(2026, 1, 5), date(2027, 1, 4), minimum_duration_months=12
    )
    assert "minimum duration is 12 months" in problems["planned_end_date"]
    assert "5 Jan 2027" in problems["planned_end_date"]


def test_planned_end_on_the_minimum_duration_is_allowed():
    assert (
        planned_dates_problems(date(2026, 1, 5), date(2027, 1, 5), minimum_duration_months=12) == {}
    )
