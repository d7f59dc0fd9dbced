"""Breaks in learning on plain dates (no Django here): nothing falls due during a break."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class BreakPeriod:
    """A break from its first day up to the day before learning resumes (open if not yet)."""

    starts: date
    returned_on: date | None = None

    def covers(self, day: date) -> bool:
        return self.starts <= day and (self.returned_on is None or day < self.returned_on)

    def days_before(self, day: date) -> int:
        """Return how many days of this break fall before `day`."""
        end = day if self.returned_on is None else min(day, self.returned_on)
        return max((end - self.starts).days, 0)


def break_covering(day: date, breaks: Sequence[BreakPeriod]) -> BreakPeriod | None:
    """Return the break that `day` falls in, or None if the apprentice was learning then."""
    return next((period for period in breaks if period.covers(day)), None)


def days_in_breaks(start: date, end: date, breaks: Sequence[BreakPeriod]) -> int:
    """Return the days from start up to (not including) end that fall in a break."""
    return sum(max(period.days_before(end) - period.days_before(start), 0) for period in breaks)


def postpone_for_breaks(due: date, breaks: Sequence[BreakPeriod], *, since: date) -> date | None:
    """Return `due` moved later by every break day between since and the (moving) due date.

    A break that starts before the date falls due pauses the clock, so the date moves on by
    the break's length. None means a break still open: nothing falls due until the return.
    """
    for period in sorted(breaks, key=lambda period: period.starts):
        if period.starts > due or (period.returned_on is not None and period.returned_on <= since):
            continue
        if period.returned_on is None:
            return None
        paused_from = max(period.starts, since)
        due += timedelta(days=(period.returned_on - paused_from).days)
    return due
