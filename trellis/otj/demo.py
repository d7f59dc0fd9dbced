"""Demo records for this part of the apprenticeship record, dated relative to today.

Each apprentice still learning logs about one entry a week, mostly confirmed by the other
side; the last two wait for confirmation and one was rejected with its reason. Every third
apprentice logs less than the pace needs, so that some ledgers show why they are behind; the
apprentice ready for gateway has logged more than it, so their required total is confirmed.
Those past gateway logged a little more than the pace until the day they went to the EPAO,
and those who left logged less than it until their last day, every entry confirmed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from trellis.apprenticeships.breaks import break_covering
from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.selectors import break_periods, withdrawal_date
from trellis.caseload.services import caseload_summary_refresh
from trellis.gateway import demo as gateway_demo
from trellis.organisations.models import User
from trellis.otj.access import require_logging_party
from trellis.otj.models import OtjEntry, OtjKind
from trellis.otj.rules import minutes_between
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
Status = OtjEntry.Status
REJECTION = (
    "This was the weekly team meeting, which is part of the job: log it only if it was "
    "planned training."
)


def _confirmed_at(day: date) -> datetime:
    """Return when the other side confirmed an entry of that day: two days on, at noon."""
    return timezone.make_aware(datetime.combine(day + timedelta(days=2), time(12)))


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


@dataclass(frozen=True)
class PlannedEntry:
    details: OtjEntryDetails
    logged_by: User
    confirmer: User | None


def _planned_entries(
    apprenticeship: Apprenticeship, *, number: int, until: date, weekly: Decimal
) -> list[PlannedEntry]:
    """Return the entries from the start to the day before until, each holding the weeks of
    hours it covers at the weekly pace."""
    weeks = max((apprenticeship.planned_end_date - apprenticeship.start_date).days // 7, 1)
    activities = list(current_plan_activities(apprenticeship))
    ksbs = list(standard_ksbs(apprenticeship))
    days = _entry_days(
        apprenticeship.start_date, weeks, today=until, breaks=break_periods(apprenticeship)
    )
    planned = []
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
        planned.append(
            PlannedEntry(
                details=details,
                logged_by=apprenticeship.consultant if by_consultant else apprenticeship.apprentice,
                confirmer=apprenticeship.apprentice if by_consultant else apprenticeship.consultant,
            )
        )
    return planned


def _seed_ledger(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    """Log weekly entries from the start to today, confirming all but the last two."""
    weeks = max((apprenticeship.planned_end_date - apprenticeship.start_date).days // 7, 1)
    pace = BEHIND_PACE if number % 3 == 0 else ON_PACE
    if number in AHEAD_NUMBERS:
        pace = AHEAD_OF_PACE
    weekly = otj_required(apprenticeship).hours / weeks * pace
    planned = _planned_entries(apprenticeship, number=number, until=today, weekly=weekly)
    for index, entry_plan in enumerate(planned):
        entry = otj_entry_log(
            apprenticeship=apprenticeship,
            logged_by=entry_plan.logged_by,
            details=entry_plan.details,
        )
        other = entry_plan.confirmer
        if other is None or index >= len(planned) - 2:
            continue
        if index == 3:
            otj_entry_reject(entry=entry, rejected_by=other, reason=REJECTION)
        else:
            otj_entry_confirm(entry=entry, confirmed_by=other)


def _write_closed_ledger(
    apprenticeship: Apprenticeship, *, number: int, until: date, weekly: Decimal
) -> None:
    """Write the ledger of an apprentice no longer logging, as the services left it: entries
    to the day before until, each confirmed by the other side two days on.

    The services log nothing once an apprentice is at gateway or has left, so the rows are
    written here."""
    for entry_plan in _planned_entries(apprenticeship, number=number, until=until, weekly=weekly):
        details = entry_plan.details
        confirmer = entry_plan.confirmer
        entry = OtjEntry.objects.create(
            apprenticeship=apprenticeship,
            date=details.date,
            kind=details.kind,
            description=details.description,
            start_time=details.start_time,
            end_time=details.end_time,
            duration_minutes=(
                minutes_between(details.start_time, details.end_time)
                if details.start_time is not None and details.end_time is not None
                else details.duration_minutes
            ),
            activity=details.activity,
            logged_by=entry_plan.logged_by,
            logged_as=require_logging_party(entry_plan.logged_by, apprenticeship),
            status=Status.AWAITING_CONFIRMATION if confirmer is None else Status.CONFIRMED,
            decided_by=confirmer,
            decided_at=None if confirmer is None else _confirmed_at(details.date),
        )
        entry.ksbs.set(details.ksbs)
    caseload_summary_refresh(apprenticeship=apprenticeship)


def _seed_closed_ledger(apprenticeship: Apprenticeship, *, number: int, today: date) -> None:
    """Give a withdrawn apprentice the hours they logged, behind the pace, to their last day;
    and one past gateway a little more than the pace until the day they went to the EPAO."""
    required = otj_required(apprenticeship).hours
    left_on = withdrawal_date(apprenticeship)
    if left_on is not None:
        weeks = max((apprenticeship.planned_end_date - apprenticeship.start_date).days // 7, 1)
        weekly = required / weeks * BEHIND_PACE
        until = left_on + timedelta(days=1)
    else:
        until = gateway_demo.first_submission_day(number, apprenticeship, today)
        if until is None:
            return
        weeks_to_gateway = max((until - apprenticeship.start_date).days // 7, 1)
        weekly = required / weeks_to_gateway * ON_PACE
    _write_closed_ledger(apprenticeship, number=number, until=until, weekly=weekly)


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Add off-the-job ledgers to the demo apprentices: to today for those still learning, to
    gateway for those past it, and to the last day for those who left."""
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        if OtjEntry.objects.filter(apprenticeship=apprenticeship).exists():
            continue
        if apprenticeship.status in LOGGING_STATUSES:
            _seed_ledger(apprenticeship, number=number, today=today)
            continue
        _seed_closed_ledger(apprenticeship, number=number, today=today)
