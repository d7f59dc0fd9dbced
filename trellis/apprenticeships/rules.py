"""Enrolment rules on plain values (no Django here)."""

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """Return the same day `months` calendar months later, clamped to the month's last day."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def earliest_planned_end(start: date, minimum_duration_months: int) -> date:
    """Return the earliest planned end date the standard's minimum duration allows."""
    return add_months(start, minimum_duration_months)


def planned_dates_problems(
    start: date, planned_end: date, *, minimum_duration_months: int
) -> dict[str, str]:
    """Return field → message for every way the planned dates break the standard's rules."""
    if planned_end <= start:
        return {"planned_end_date": "The planned end date must be after the start date."}
    earliest = earliest_planned_end(start, minimum_duration_months)
    if planned_end < earliest:
        return {
            "planned_end_date": (
                f"The standard's minimum duration is {minimum_duration_months} months, so the "
                f"planned end date must be on or after {earliest.day} "
                f"{earliest.strftime('%b %Y')}."
            )
        }
    return {}
