"""Training plan rules: pure functions over dates and numbers, free of the database."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from trellis.wording import day_label

QUARTER_HOUR = Decimal("0.25")
# A withdrawn or completed apprenticeship's plan is a record of what was agreed: it no longer
# changes and is no longer signed.
CLOSED_STATUSES = ("withdrawn", "completed")
SIGNING_PARTY_COUNT = 3


@dataclass(frozen=True)
class EpaoFlag:
    """The plan does not name the end-point assessment organisation, and it is time it did."""

    named_by: date
    planned_end: date
    overdue: bool

    @property
    def reason(self) -> str:
        due = "was due by" if self.overdue else "is due by"
        return (
            "No end-point assessment organisation is named on the training plan. Naming it "
            f"{due} {day_label(self.named_by)}, ahead of the planned end date "
            f"({day_label(self.planned_end)}): ask the employer which one they have chosen."
        )


def epao_flag(
    *, epao_named: bool, named_by: date, planned_end: date, today: date
) -> EpaoFlag | None:
    """Return a flag when no EPAO is named and the day it must be named has come; else None."""
    if epao_named or today < named_by:
        return None
    return EpaoFlag(named_by=named_by, planned_end=planned_end, overdue=today > named_by)


def is_whole_quarter_hours(hours: Decimal) -> bool:
    """Tell whether hours is a whole number of quarter hours (1.25 is, 1.2 is not)."""
    return hours % QUARTER_HOUR == 0


def activity_dates_problems(
    *, planned_start: date, planned_end: date, programme_start: date, programme_end: date
) -> dict[str, str]:
    """Return what is wrong with an activity's planned dates, by field; empty if nothing."""
    problems: dict[str, str] = {}
    window = f"{day_label(programme_start)} to {day_label(programme_end)}"
    if not programme_start <= planned_start <= programme_end:
        problems["planned_start"] = f"The start must be within the apprenticeship: {window}."
    if not programme_start <= planned_end <= programme_end:
        problems["planned_end"] = f"The end must be within the apprenticeship: {window}."
    elif planned_end < planned_start:
        problems["planned_end"] = "The end must be on or after the start."
    return problems


def months_between(first: date, last: date) -> list[date]:
    """Return the first day of every calendar month from first's month to last's, in order."""
    months: list[date] = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = _next_month(month)
    return months


@dataclass(frozen=True)
class TimetableRow:
    """One calendar month of the timetable and the activities that run in it."""

    month: date
    activities: tuple
    planned_hours: Decimal


def timetable(*, first: date, last: date, activities: Sequence) -> list[TimetableRow]:
    """Lay activities out by month; each month's hours are the activities' days in it, pro rata.

    Each activity needs planned_start, planned_end and planned_otj_hours.
    """
    rows = []
    for month in months_between(first, last):
        month_end = _next_month(month)
        running = tuple(
            activity
            for activity in activities
            if activity.planned_start < month_end and activity.planned_end >= month
        )
        hours = sum(
            (_hours_in(activity, month, month_end) for activity in running), start=Decimal("0")
        )
        rows.append(
            TimetableRow(
                month=month, activities=running, planned_hours=hours.quantize(Decimal("0.1"))
            )
        )
    return rows


def missing_parties(signed: Iterable[str], parties: Sequence[str]) -> list[str]:
    """Return the parties, in signing order, who have not signed."""
    done = set(signed)
    return [party for party in parties if party not in done]


def _hours_in(activity, month: date, month_end: date) -> Decimal:
    """Return the share of the activity's hours that falls in this month, by days."""
    total_days = (activity.planned_end - activity.planned_start).days + 1
    start = max(activity.planned_start, month)
    end = min(activity.planned_end, _previous_day(month_end))
    days = (end - start).days + 1
    return Decimal(activity.planned_otj_hours) * days / total_days


def _next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _previous_day(day: date) -> date:
    return date.fromordinal(day.toordinal() - 1)


def hours_text(hours: Decimal | float | int) -> str:
    """Write hours without trailing zeros: 7.5, 21, 1.25."""
    text = f"{Decimal(str(hours)).quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
