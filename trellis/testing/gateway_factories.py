"""Take an apprenticeship to each stage of gateway and booking through the real services, so
that every state in a test is one the system can reach."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.rules import add_months
from trellis.booking.models import Booking, DateRange
from trellis.booking.services import dates_offer
from trellis.caseload.services import caseload_summary_refresh
from trellis.gateway.models import GatewayAttempt
from trellis.gateway.services import gateway_accept, gateway_declare, gateway_submit
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.otj.models import OtjEntry
from trellis.otj.selectors import otj_required
from trellis.qualifications.models import EnglishMaths, SafeguardingQualification
from trellis.showcase.tests.helpers import complete_showcase
from trellis.testing.otj_factories import OtjEntryFactory
from trellis.testing.reviews_factories import recorded_review

# Hours a day for the confirmed entries that make up the required total.
DAY_OF_HOURS = Decimal("7.5")


def _person(organisation_id: int, role: Role) -> User:
    return User.objects.filter(
        memberships__organisation_id=organisation_id, memberships__role=role
    ).first()


def make_ready(apprenticeship: Apprenticeship, *, months_in: int = 13) -> Apprenticeship:
    """Meet every gateway requirement: the minimum time passed, every KSB secure in a
    complete Showcase, Level 1 Safeguarding, English and maths exempt, the off-the-job hours
    confirmed, a recent progress review and the EPAO named."""
    today = timezone.localdate()
    start = add_months(today, -months_in)
    Apprenticeship.objects.filter(pk=apprenticeship.pk).update(
        start_date=start, planned_end_date=add_months(start, 18)
    )
    apprenticeship.refresh_from_db()
    complete_showcase(apprenticeship)
    SafeguardingQualification.objects.update_or_create(
        apprenticeship=apprenticeship,
        defaults={
            "achieved_on": start + timedelta(days=30),
            "recorded_by": apprenticeship.consultant,
        },
    )
    for subject in EnglishMaths.Subject:
        EnglishMaths.objects.update_or_create(
            apprenticeship=apprenticeship,
            subject=subject,
            defaults={"prior_gcse_grade": "5", "recorded_by": apprenticeship.consultant},
        )
    confirm_otj_hours(apprenticeship, otj_required(apprenticeship).hours)
    recorded_review(apprenticeship, held_on=today - timedelta(days=14))
    caseload_summary_refresh(apprenticeship=apprenticeship)
    apprenticeship.refresh_from_db()
    return apprenticeship


def confirm_otj_hours(apprenticeship: Apprenticeship, hours: Decimal) -> None:
    """Add confirmed entries of a working day each, from the start, up to `hours`."""
    entries = []
    day = apprenticeship.start_date
    remaining = Decimal(hours)
    while remaining > 0:
        minutes = int(min(remaining, DAY_OF_HOURS) * 60)
        minutes -= minutes % 15 or 0
        entries.append(
            OtjEntryFactory.build(
                apprenticeship=apprenticeship,
                date=day,
                duration_minutes=max(minutes, 15),
                status=OtjEntry.Status.CONFIRMED,
                decided_by=apprenticeship.consultant,
                decided_at=timezone.now(),
            )
        )
        remaining -= Decimal(max(minutes, 15)) / 60
        day += timedelta(days=1)
    OtjEntry.objects.bulk_create(entries)


def employer_contact(apprenticeship: Apprenticeship) -> User:
    return _person(apprenticeship.employer_id, Role.EMPLOYER_CONTACT)


def signed_off(apprenticeship: Apprenticeship) -> GatewayAttempt:
    """Make the apprentice ready and record the three declarations in order."""
    make_ready(apprenticeship)
    gateway_declare(apprenticeship=apprenticeship, declared_by=apprenticeship.consultant)
    gateway_declare(apprenticeship=apprenticeship, declared_by=apprenticeship.apprentice)
    declaration = gateway_declare(
        apprenticeship=apprenticeship, declared_by=employer_contact(apprenticeship)
    )
    return declaration.attempt


def submitted(apprenticeship: Apprenticeship) -> GatewayAttempt:
    """Sign off and submit to the apprenticeship's EPAO, as the consultant."""
    signed_off(apprenticeship)
    attempt = gateway_submit(apprenticeship=apprenticeship, submitted_by=apprenticeship.consultant)
    apprenticeship.refresh_from_db()
    return attempt


def accepted(apprenticeship: Apprenticeship) -> Booking:
    """Submit, and accept as the EPAO's admin: returns the booking that acceptance opens."""
    attempt = submitted(apprenticeship)
    admin = _person(attempt.epao_id, Role.EPAO_ADMIN)
    gateway_accept(attempt=attempt, decided_by=admin)
    return Booking.objects.get(attempt=attempt)


def offered(booking: Booking, *, days_from: int = 10, days_until: int = 40) -> DateRange:
    """Offer a range of dates as the employer's contact, counted from today."""
    today = timezone.localdate()
    return dates_offer(
        booking=booking,
        given_by=employer_contact(booking.apprenticeship),
        available_from=today + timedelta(days=days_from),
        available_until=today + timedelta(days=days_until),
        notes="Not on Fridays.",
    )
