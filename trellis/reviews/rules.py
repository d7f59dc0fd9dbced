"""When progress reviews fall due, on plain dates (no Django here).

The cadence comes from the apprenticeship's funding-rule period (every 12 weeks, or every
3 calendar months): anything with a `due_after(base, cadences)` method will do.
"""

from collections.abc import Sequence
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from trellis.apprenticeships.breaks import BreakPeriod, postpone_for_breaks
from trellis.wording import day_label

# A review due within this many days is shown as due soon.
DUE_SOON_DAYS = 14


class Cadence(Protocol):
    def due_after(self, base: date, cadences: int = 1) -> date: ...


class DueState(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_YET_DUE = "not_yet_due"


def next_review_due(
    cadence: Cadence,
    *,
    start: date,
    last_held_on: date | None,
    agreed_next_date: date | None,
    breaks: Sequence[BreakPeriod],
    reviews_stopped: bool,
) -> date | None:
    """Return when the next review falls due, or None when none is due.

    One cadence after the last review (or the start), but no later than the date agreed at
    the last review; a break in learning moves it on by the break's length, and an open break
    or an apprenticeship past its reviews (gateway onwards, withdrawn) leaves nothing due.
    """
    if reviews_stopped:
        return None
    base = last_held_on or start
    due = cadence.due_after(base)
    if last_held_on is not None and agreed_next_date is not None:
        due = min(due, agreed_next_date)
    return postpone_for_breaks(due, breaks, since=base)


def latest_next_review_date(cadence: Cadence, *, held_on: date) -> date:
    """Return the latest next review date a review held on this day may agree."""
    return cadence.due_after(held_on)


def next_review_date_problem(cadence: Cadence, *, held_on: date, next_date: date) -> str | None:
    """Return what is wrong with the agreed next review date, or None if it is allowed."""
    if next_date <= held_on:
        return f"Enter a next review date after the day the review was held ({day_label(held_on)})."
    latest = latest_next_review_date(cadence, held_on=held_on)
    if next_date > latest:
        return (
            f"Enter a next review date no later than {day_label(latest)}: the funding rules "
            "allow no longer between reviews."
        )
    return None


def due_state(due: date | None, today: date) -> DueState | None:
    """Tell whether a review due on this date is overdue, due soon or not yet due."""
    if due is None:
        return None
    if due < today:
        return DueState.OVERDUE
    if due <= today + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE_SOON
    return DueState.NOT_YET_DUE
