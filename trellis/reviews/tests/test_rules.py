from datetime import date

import pytest

from trellis.apprenticeships.breaks import BreakPeriod
from trellis.apprenticeships.funding import load_funding_rules
from trellis.reviews import rules
from trellis.reviews.rules import DueState

RULES = load_funding_rules()
WEEKS_12 = RULES.for_start(date(2024, 9, 2)).reviews
MONTHS_3 = RULES.for_start(date(2025, 9, 1)).reviews


def due(cadence, start, last=None, agreed=None, breaks=(), stopped=False):
    return rules.next_review_due(
        cadence,
        start=start,
        last_held_on=last,
        agreed_next_date=agreed,
        breaks=list(breaks),
        reviews_stopped=stopped,
    )


def test_starts_before_august_2025_are_reviewed_every_12_weeks():
    assert due(WEEKS_12, date(2024, 9, 2)) == date(2024, 11, 25)
    assert due(RULES.for_start(date(2021, 1, 4)).reviews, date(2021, 1, 4)) == date(2021, 3, 29)


def test_starts_from_august_2025_are_reviewed_every_3_calendar_months():
    assert due(MONTHS_3, date(2025, 9, 1)) == date(2025, 12, 1)


@pytest.mark.parametrize(
    ("start", "expected"),
    [(date(2025, 11, 30), date(2026, 2, 28)), (date(2025, 8, 31), date(2025, 11, 30))],
)
def test_month_end_starts_fall_due_on_the_last_day_of_a_shorter_month(start, expected):
    assert due(MONTHS_3, start) == expected


def test_next_review_counts_from_the_last_held():
    assert due(MONTHS_3, date(2025, 9, 1), last=date(2025, 11, 20)) == date(2026, 2, 20)
    assert due(WEEKS_12, date(2024, 9, 2), last=date(2024, 11, 20)) == date(2025, 2, 12)


def test_an_agreed_next_date_earlier_than_the_cadence_wins():
    assert due(MONTHS_3, date(2025, 9, 1), last=date(2025, 11, 20), agreed=date(2026, 1, 9)) == (
        date(2026, 1, 9)
    )


def test_an_agreed_date_never_makes_it_later_than_the_cadence():
    assert due(MONTHS_3, date(2025, 9, 1), last=date(2025, 11, 20), agreed=date(2026, 5, 1)) == (
        date(2026, 2, 20)
    )


def test_a_break_moves_the_due_date_on_by_its_length():
    a_break = BreakPeriod(starts=date(2025, 10, 1), returned_on=date(2025, 10, 31))
    assert due(MONTHS_3, date(2025, 9, 1), breaks=[a_break]) == date(2025, 12, 31)


def test_an_open_break_leaves_nothing_due():
    assert due(MONTHS_3, date(2025, 9, 1), breaks=[BreakPeriod(starts=date(2025, 10, 1))]) is None


def test_a_break_after_the_due_date_changes_nothing():
    later = BreakPeriod(starts=date(2026, 1, 5), returned_on=date(2026, 2, 5))
    assert due(MONTHS_3, date(2025, 9, 1), breaks=[later]) == date(2025, 12, 1)


def test_no_review_is_due_once_reviews_stop():
    assert due(MONTHS_3, date(2025, 9, 1), stopped=True) is None


def test_next_review_date_must_be_after_the_held_date():
    problem = rules.next_review_date_problem(
        MONTHS_3, held_on=date(2026, 1, 10), next_date=date(2026, 1, 10)
    )
    assert "after the day the review was held" in problem


def test_next_review_date_no_later_than_the_cadence_names_the_latest():
    ok = rules.next_review_date_problem(
        MONTHS_3, held_on=date(2026, 1, 10), next_date=date(2026, 4, 10)
    )
    late = rules.next_review_date_problem(
        MONTHS_3, held_on=date(2026, 1, 10), next_date=date(2026, 4, 11)
    )
    assert ok is None
    assert "no later than 10 Apr 2026" in late
    weeks = rules.next_review_date_problem(
        WEEKS_12, held_on=date(2024, 1, 10), next_date=date(2024, 4, 4)
    )
    assert "no later than 3 Apr 2024" in weeks


@pytest.mark.parametrize(
    ("due_on", "state"),
    [
        (date(2026, 3, 9), DueState.OVERDUE),
        (date(2026, 3, 10), DueState.DUE_SOON),
        (date(2026, 3, 24), DueState.DUE_SOON),
        (date(2026, 3, 25), DueState.NOT_YET_DUE),
        (None, None),
    ],
)
def test_due_state(due_on, state):
    assert rules.due_state(due_on, date(2026, 3, 10)) == state
