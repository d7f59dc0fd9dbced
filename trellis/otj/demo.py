"""Demo records for this part of the apprenticeship record, dated relative to today.

Each apprentice still learning logs about one entry a week, mostly confirmed by the other
side; the last two wait for confirmation and one was rejected with its reason. Every third
apprentice logs less than the pace needs, so that some ledgers show why they are behind; the
apprentice ready for gateway has logged more than it, so their required total is confirmed.
"""

from collections.abc import Sequence
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from trellis.apprenticeships.breaks import break_covering
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods
from trellis.otj.models import OtjEntry, OtjKind
from trellis.otj.selectors import current_plan_activities, otj_required, standard_ksbs
from trellis.otj.services import (
    OtjEntryDetails,
    otj_entry_confirm,
    otj_entry_log,
    otj_entry_reject,
)

LOGGING_STATUSES = (Apprenticeship.Status.ON_PROGRAMME, Apprenticeship.Status.BREAK_IN_LEARNING)
ON_PACE = Decimal("1.25")
BEHIND_PACE = Decimal("0.6")
AHEAD_OF_PACE = Decimal("1.6")
# Megan Hughes, the thirteenth apprentice, is ready for gateway.
AHEAD_NUMBERS = (13,)
RECENT_WEEKS = 12
WORK = (
    (OtjKind.WORKSHOP, "Workshop on giving feedback that moves learning on"),
    (OtjKind.E_LEARNING, "E-learning module on safeguarding and the Prevent duty"),
    (OtjKind.SHADOWING, "Shadowed an experienced mentor's session with a new member of staff"),
    (OtjKind.MENTORING_PRACTICE, "Mentoring session with a new colleague, planned and reviewed"),
    (OtjKind.COACHING, "Coaching session with my training consultant on questioning"),
    (OtjKind.ASSIGNMENT, "Wrote up a reflective account of a mentoring relationship"),
    (OtjKind.TAUGHT_SESSION, "Taught session on theories of adult learning"),
)
REJECTION = (
    "This was the weekly team meeting, which is part of the job: log it only if it was "
    "planned training."
)


def _quarter_hours(hours: Decimal) -> int:
    """Return the hours as minutes, rounded to a quarter hour and at least one."""
    quarters = (hours * 4).quantize(Decimal(1), ROUND_HALF_UP)
    return int(max(quarters, 1) * 15)


def _entry_days(start: date, weeks: int, *, today: date, breaks) -> list[tuple[date, int]]:
    """Return each entry's day and the weeks of hours it holds.

    One entry a fortnight until recently, then one a week (with a week off now and then), so
    that the demo stays quick to seed; nothing in a break or after today.
    """
    recent = today - timedelta(weeks=RECENT_WEEKS)
    days = []
    for week in range(weeks):
        day = start + timedelta(weeks=week, days=2)
        if day >= today or break_covering(day, breaks) is not None:
            continue
        if day >= recent and week % 9 != 8:
            days.append((day, 1))
        elif day < recent and week % 2 == 0:
            days.append((day, 2))
    return days


def _seed_ledger(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    """Log weekly entries from the start to today, confirming all but the last two."""
    start, end = apprenticeship.start_date, apprenticeship.planned_end_date
    weeks = max((end - start).days // 7, 1)
    pace = BEHIND_PACE if number % 3 == 0 else ON_PACE
    if number in AHEAD_NUMBERS:
        pace = AHEAD_OF_PACE
    weekly = otj_required(apprenticeship).hours / weeks * pace
    breaks = break_periods(apprenticeship)
    activities = list(current_plan_activities(apprenticeship))
    ksbs = list(standard_ksbs(apprenticeship))
    days = _entry_days(start, weeks, today=today, breaks=breaks)
    for index, (day, weeks_covered) in enumerate(days):
        kind, description = WORK[(index + number) % len(WORK)]
        # The plan activity of this kind running that day, if there is one.
        activity = next(
            (a for a in activities if a.kind == kind and a.planned_start <= day <= a.planned_end),
            None,
        )
        minutes = _quarter_hours(weekly * weeks_covered)
        timed = index % 2 == 0 and minutes <= 8 * 60
        start_time = time(9, 30) if timed else None
        end_minutes = 9 * 60 + 30 + minutes
        details = OtjEntryDetails(
            date=day,
            kind=kind,
            description=description,
            start_time=start_time,
            end_time=time(end_minutes // 60, end_minutes % 60) if timed else None,
            duration_minutes=None if timed else minutes,
            activity=activity,
            ksbs=ksbs[index % len(ksbs) : index % len(ksbs) + 2] if ksbs else [],
        )
        # Coaching is the consultant's to log; the apprentice logs the rest.
        by_consultant = kind == OtjKind.COACHING and apprenticeship.consultant is not None
        logger = apprenticeship.consultant if by_consultant else apprenticeship.apprentice
        other = apprenticeship.apprentice if by_consultant else apprenticeship.consultant
        entry = otj_entry_log(apprenticeship=apprenticeship, logged_by=logger, details=details)
        if other is None or index >= len(days) - 2:
            continue
        if index == 3:
            otj_entry_reject(entry=entry, rejected_by=other, reason=REJECTION)
        else:
            otj_entry_confirm(entry=entry, confirmed_by=other)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add off-the-job ledgers to the demo apprentices who are still learning."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        if (
            apprenticeship.status in LOGGING_STATUSES
            and not OtjEntry.objects.filter(apprenticeship=apprenticeship).exists()
        ):
            _seed_ledger(apprenticeship, number=number, today=today)
