"""Demo bookings for the apprentices whose gateway the EPAO accepted.

Rhys Morgan's employer has offered dates, Declan Murphy is his assessor, and his observation,
first booked for next week, has moved to the week after (the old day kept in the history).
Fatima Begum and Oliver Hartley are in EPA: one day this week just gone, one to come. The
completed apprentices were assessed soon after their planned end. So the EPAO's calendar has
days this month and next. Anjali Mistry has declared a conflict of interest with Meadowbank
Care Group, so none of its apprentices is hers.

Like the gateway demo, these are history: the services refuse days with less than the notice
the standard asks and tell everyone concerned on commit, so the demo writes the rows as the
services would have left them, each dated back to the day it stands for.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.booking.models import Booking, ConflictOfInterest, DateRange, EpaDate
from trellis.booking.selectors import activities
from trellis.organisations.models import Organisation, User
from trellis.organisations.roles import Role

ASSESSOR_1 = "assessor1@keystone-assessment.example"
ASSESSOR_2 = "assessor2@keystone-assessment.example"
CONFLICTED_EMPLOYER = "Meadowbank Care Group"
CONFLICT = "My sister manages one of their care homes."
RANGE_NOTES = "Not on Fridays: the apprentice runs the drop-in sessions that day."
MOVE_REASON = (
    "The room the observation was to use is being refurbished that week; the employer asked "
    "for the following week instead."
)
FRIDAY = 4
CALENDAR_NAMESPACE = uuid.UUID("7b0f6c1e-4d55-4a43-9d4e-2f1c8a6b9e10")


@dataclass(frozen=True)
class Day:
    """One assessment day: which method (by position), and how many days from the anchor."""

    method: int
    days: int
    starts_at: time = time(9, 30)
    ends_at: time = time(12, 0)
    # Kept in the month after the anchor's, so that the EPAO's calendar has days next month
    # whatever the day of seeding.
    next_month: bool = False


@dataclass(frozen=True)
class Plan:
    """A booking: the range offered, the assessor, the days, and whether the first day moved."""

    assessor: str
    range_from: int
    range_until: int
    range_given: int
    assigned: int
    days: tuple[Day, ...]
    moved_from: int | None = None
    moved_on: int | None = None


# By demo number. Those in gateway or EPA count their days from today; the completed from
# their planned end. `range_given`, `assigned` and `moved_on` are days before the anchor.
FROM_TODAY = {
    20: Plan(
        assessor=ASSESSOR_1,
        range_from=10,
        range_until=45,
        range_given=14,
        assigned=12,
        days=(
            Day(method=0, days=19),
            Day(method=1, days=21, starts_at=time(13, 30), ends_at=time(15, 0)),
        ),
        moved_from=12,
        moved_on=5,
    ),
    21: Plan(
        assessor=ASSESSOR_2,
        range_from=-20,
        range_until=20,
        range_given=40,
        assigned=38,
        days=(
            Day(method=0, days=-3),
            Day(method=1, days=2, starts_at=time(13, 0), ends_at=time(14, 30)),
        ),
    ),
    22: Plan(
        assessor=ASSESSOR_1,
        range_from=-10,
        range_until=45,
        range_given=36,
        assigned=34,
        days=(
            Day(method=0, days=-2),
            Day(method=1, days=8, next_month=True, starts_at=time(10, 0), ends_at=time(11, 30)),
        ),
    ),
}
FROM_PLANNED_END = {
    number: Plan(
        assessor=assessor,
        range_from=7,
        range_until=35,
        range_given=14,
        assigned=12,
        days=(
            Day(method=0, days=14),
            Day(method=1, days=16, starts_at=time(13, 0), ends_at=time(14, 30)),
        ),
    )
    for number, assessor in ((23, ASSESSOR_1), (24, ASSESSOR_2), (25, ASSESSOR_2), (26, ASSESSOR_1))
}


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(organisation_id: int, role: Role) -> User:
    return (
        User.objects.filter(memberships__organisation_id=organisation_id, memberships__role=role)
        .order_by("email")
        .first()
    )


def _working_day(day: date, *, after: date | None = None) -> date:
    """Return the first day from `day` (and after `after`) that is Monday to Thursday: the
    employers' ranges leave out Fridays and weekends."""
    if after is not None and day <= after:
        day = after + timedelta(days=1)
    while day.weekday() >= FRIDAY:
        day += timedelta(days=1)
    return day


def _location(apprenticeship: Apprenticeship, method: str) -> str:
    if "discussion" in method.lower():
        return "Video call: the link comes with the calendar invitation"
    return f"{apprenticeship.employer.name}, the apprentice's usual place of work"


def _book(booking: Booking, plan: Plan, anchor: date, admin: User) -> None:
    apprenticeship = booking.apprenticeship
    employer_contact = _member(apprenticeship.employer_id, Role.EMPLOYER_CONTACT)
    DateRange.objects.create(
        booking=booking,
        available_from=anchor + timedelta(days=plan.range_from),
        available_until=anchor + timedelta(days=plan.range_until),
        notes=RANGE_NOTES,
        given_by=employer_contact,
        given_at=_at(anchor - timedelta(days=plan.range_given), 10),
    )
    assigned_on = anchor - timedelta(days=plan.assigned)
    Booking.objects.filter(pk=booking.pk).update(
        assessor=User.objects.get(email=plan.assessor),
        assigned_at=_at(assigned_on, 11),
        assigned_by=admin,
        revision=booking.revision + 2 + len(plan.days) + (plan.moved_from is not None),
    )
    methods = activities(apprenticeship)
    previous = None
    for index, day in enumerate(plan.days):
        on = anchor + timedelta(days=day.days)
        if day.next_month:
            on = max(on, add_months(anchor.replace(day=1), 1))
        on = _working_day(on, after=previous)
        previous = on
        method = methods[day.method % len(methods)]
        uid = uuid.uuid5(CALENDAR_NAMESPACE, f"{apprenticeship.apprentice.email}/{index}")
        fields = {
            "booking": booking,
            "activity": method,
            "starts_at": day.starts_at,
            "ends_at": day.ends_at,
            "location": _location(apprenticeship, method),
            "booked_by": admin,
            "calendar_uid": uid,
        }
        if index == 0 and plan.moved_from is not None:
            moved_on = anchor - timedelta(days=plan.moved_on)
            moved = EpaDate.objects.create(
                **fields,
                day=_working_day(anchor + timedelta(days=plan.moved_from)),
                booked_at=_at(assigned_on, 12),
                status=EpaDate.Status.MOVED,
                changed_by=admin,
                changed_at=_at(moved_on, 9),
                change_reason=MOVE_REASON,
            )
            EpaDate.objects.create(
                **fields,
                day=on,
                booked_at=_at(moved_on, 9),
                replaces=moved,
                calendar_sequence=1,
            )
            continue
        EpaDate.objects.create(**fields, day=on, booked_at=_at(assigned_on, 12))


def _conflict(epao: Organisation, today: date) -> None:
    assessor = User.objects.get(email=ASSESSOR_2)
    employer = Organisation.objects.get(name=CONFLICTED_EMPLOYER)
    ConflictOfInterest.objects.create(
        assessor=assessor,
        epao=epao,
        organisation=employer,
        description=CONFLICT,
        declared_at=_at(today - timedelta(days=120), 16),
    )


def demo_seed_records(*, apprenticeships: Sequence[Apprenticeship], today: date) -> None:
    """Book the assessments of everyone whose gateway the EPAO accepted."""
    bookings = {
        booking.apprenticeship_id: booking
        for booking in Booking.objects.filter(apprenticeship__in=apprenticeships).select_related(
            "apprenticeship__apprentice", "apprenticeship__employer", "epao"
        )
    }
    epao = None
    for number, apprenticeship in enumerate(apprenticeships, start=1):
        booking = bookings.get(apprenticeship.pk)
        if booking is None:
            continue
        epao = booking.epao
        admin = _member(booking.epao_id, Role.EPAO_ADMIN)
        if number in FROM_TODAY:
            _book(booking, FROM_TODAY[number], today, admin)
        elif number in FROM_PLANNED_END:
            _book(booking, FROM_PLANNED_END[number], apprenticeship.planned_end_date, admin)
    if epao is not None:
        _conflict(epao, today)
