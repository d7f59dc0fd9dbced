"""Tests for breaks in learning: which days they cover and how they move dates on."""

from datetime import date

import pytest

from trellis.apprenticeships.breaks import (
    BreakPeriod,
    break_covering,
    days_in_breaks,
    postpone_for_breaks,
)
from trellis.apprenticeships.models import StatusChange
from trellis.apprenticeships.selectors import break_periods, breaks_from_changes

MARCH_BREAK = BreakPeriod(starts=date(2026, 3, 1), returned_on=date(2026, 4, 1))
Kind = StatusChange.Kind


@pytest.mark.parametrize(
    ("day", "covered"),
    [
        (date(2026, 2, 28), False),
        (date(2026, 3, 1), True),
        (date(2026, 3, 31), True),
        # Learning resumes on the day of return.
        (date(2026, 4, 1), False),
    ],
)
def test_a_break_covers_its_first_day_up_to_the_day_before_the_return(
    day: date, covered: bool
) -> None:
    assert MARCH_BREAK.covers(day) is covered
    assert (break_covering(day, [MARCH_BREAK]) is MARCH_BREAK) is covered


def test_an_open_break_covers_every_day_from_its_start() -> None:
    open_break = BreakPeriod(starts=date(2026, 3, 1))
    assert open_break.covers(date(2030, 1, 1))
    assert not open_break.covers(date(2026, 2, 28))


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (date(2026, 1, 1), date(2026, 3, 1), 0),
        (date(2026, 1, 1), date(2026, 3, 11), 10),
        (date(2026, 1, 1), date(2026, 6, 1), 31),
        (date(2026, 3, 15), date(2026, 6, 1), 17),
        (date(2026, 4, 1), date(2026, 6, 1), 0),
    ],
)
def test_days_in_breaks_counts_only_the_break_days_between_the_dates(
    start: date, end: date, days: int
) -> None:
    assert days_in_breaks(start, end, [MARCH_BREAK]) == days


def test_a_date_due_after_a_break_starts_moves_on_by_the_break_length() -> None:
    assert postpone_for_breaks(date(2026, 3, 20), [MARCH_BREAK], since=date(2026, 1, 1)) == date(
        2026, 4, 20
    )


def test_a_date_due_before_a_break_does_not_move() -> None:
    assert postpone_for_breaks(date(2026, 2, 20), [MARCH_BREAK], since=date(2026, 1, 1)) == date(
        2026, 2, 20
    )


def test_a_break_over_before_the_counting_began_does_not_move_the_date() -> None:
    assert postpone_for_breaks(date(2026, 6, 1), [MARCH_BREAK], since=date(2026, 4, 2)) == date(
        2026, 6, 1
    )


def test_a_break_that_began_before_counting_moves_the_date_by_its_remaining_days() -> None:
    assert postpone_for_breaks(date(2026, 6, 1), [MARCH_BREAK], since=date(2026, 3, 21)) == date(
        2026, 6, 12
    )


def test_a_break_still_open_means_nothing_falls_due() -> None:
    assert (
        postpone_for_breaks(
            date(2026, 6, 1), [BreakPeriod(starts=date(2026, 5, 1))], since=date(2026, 1, 1)
        )
        is None
    )


def test_a_second_break_reached_only_after_postponing_moves_the_date_again() -> None:
    may_break = BreakPeriod(starts=date(2026, 5, 1), returned_on=date(2026, 5, 11))
    assert postpone_for_breaks(
        date(2026, 4, 25), [may_break, MARCH_BREAK], since=date(2026, 1, 1)
    ) == date(2026, 6, 5)


def test_breaks_pair_each_start_with_the_return_after_it() -> None:
    changes = [
        (Kind.BREAK_IN_LEARNING, date(2026, 3, 1)),
        (Kind.RETURN_TO_LEARNING, date(2026, 4, 1)),
        (Kind.WITHDRAWAL, date(2026, 5, 1)),
        (Kind.BREAK_IN_LEARNING, date(2026, 6, 1)),
    ]
    assert breaks_from_changes(changes) == [
        MARCH_BREAK,
        BreakPeriod(starts=date(2026, 6, 1)),
    ]


def test_break_periods_reads_the_apprenticeships_own_status_changes(people) -> None:
    for apprenticeship, kind, day in [
        (people.amara_apprenticeship, Kind.BREAK_IN_LEARNING, date(2026, 3, 1)),
        (people.amara_apprenticeship, Kind.RETURN_TO_LEARNING, date(2026, 4, 1)),
        (people.bea_apprenticeship, Kind.BREAK_IN_LEARNING, date(2026, 2, 1)),
    ]:
        StatusChange.objects.create(
            apprenticeship=apprenticeship, kind=kind, effective_date=day, recorded_by=people.pat
        )
    assert break_periods(people.amara_apprenticeship) == [MARCH_BREAK]
    assert break_periods(people.bea_apprenticeship) == [BreakPeriod(starts=date(2026, 2, 1))]
