"""Read bookings, assessors' ties to an apprentice and their workload."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.booking import rules
from trellis.booking.models import Booking, ConflictOfInterest, DateRange, EpaDate
from trellis.organisations.models import Membership, User
from trellis.organisations.roles import Role
from trellis.otj.models import OtjEntry
from trellis.plans.models import PlanSignature
from trellis.portfolio.models import Decision, EvidenceItem
from trellis.reviews.models import ProgressReview, ReviewSignature
from trellis.wording import day_label

# How far ahead an assessor's workload counts booked days.
WORKLOAD_DAYS = 30


def current_range(booking: Booking) -> DateRange | None:
    return booking.date_ranges.select_related("given_by").order_by("-given_at", "-pk").first()


def live_dates(booking: Booking) -> QuerySet[EpaDate]:
    return booking.dates.filter(status=EpaDate.Status.BOOKED).order_by("day", "starts_at")


def date_history(booking: Booking) -> QuerySet[EpaDate]:
    return booking.dates.select_related("booked_by", "changed_by", "replaces").order_by(
        "booked_at", "pk"
    )


def minimum_notice_days(apprenticeship: Apprenticeship) -> int:
    rules_data = apprenticeship.standard_version.rules or {}
    return rules_data["booking"]["minimum_notice_days"]


def activities(apprenticeship: Apprenticeship) -> list[str]:
    """What a booked day can be for: each assessment method of the standard, or all of them."""
    methods = (apprenticeship.standard_version.rules or {}).get("methods", [])
    names = [method.get("name") or method["code"] for method in methods]
    return [*names, "All assessment methods"] if len(names) > 1 else names


def _involvement(assessor: User, apprenticeship: Apprenticeship) -> list[str]:
    """Each kind of record the assessor made on this apprentice, with the last date."""
    found: list[str] = []
    if apprenticeship.consultant_id == assessor.pk:
        found.append("they are the apprentice's training consultant")
    checks = (
        (
            Decision.objects.filter(item__apprenticeship=apprenticeship, decided_by=assessor),
            "decided_at",
            "assessed evidence",
        ),
        (
            EvidenceItem.objects.filter(apprenticeship=apprenticeship, created_by=assessor),
            "created_at",
            "wrote evidence",
        ),
        (
            ProgressReview.objects.filter(apprenticeship=apprenticeship, recorded_by=assessor),
            "held_on",
            "recorded a progress review",
        ),
        (
            ReviewSignature.objects.filter(
                review__apprenticeship=apprenticeship, signed_by=assessor
            ),
            "signed_at",
            "signed a progress review",
        ),
        (
            PlanSignature.objects.filter(
                plan_version__apprenticeship=apprenticeship, signed_by=assessor
            ),
            "signed_at",
            "signed the training plan",
        ),
        (
            OtjEntry.objects.filter(apprenticeship=apprenticeship).filter(
                Q(logged_by=assessor) | Q(decided_by=assessor)
            ),
            "date",
            "logged or confirmed off-the-job hours",
        ),
    )
    for queryset, moment, words in checks:
        last = queryset.aggregate(last=Max(moment))["last"]
        if last is not None:
            day = timezone.localdate(last) if isinstance(last, datetime) else last
            found.append(f"{words}, last on {day_label(day)}")
    return found


def _conflicts(assessor: User, apprenticeship: Apprenticeship) -> list[str]:
    declared = ConflictOfInterest.objects.filter(assessor=assessor, withdrawn_at=None).filter(
        Q(apprenticeship=apprenticeship)
        | Q(organisation_id__in=[apprenticeship.provider_id, apprenticeship.employer_id])
    )
    return [f"“{conflict.description}”" for conflict in declared]


def assessor_facts(assessor: User, apprenticeship: Apprenticeship) -> rules.AssessorFacts:
    organisations = dict(
        Membership.objects.filter(user=assessor).values_list(
            "organisation_id", "organisation__name"
        )
    )
    return rules.AssessorFacts(
        name=assessor.full_name,
        organisations=organisations,
        provider_id=apprenticeship.provider_id,
        employer_id=apprenticeship.employer_id,
        involvement=_involvement(assessor, apprenticeship),
        conflicts=_conflicts(assessor, apprenticeship),
    )


def independence_problems(assessor: User, apprenticeship: Apprenticeship) -> list[str]:
    return rules.independence_problems(assessor_facts(assessor, apprenticeship))


def epao_assessors(epao_id: int) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True, memberships__organisation_id=epao_id, memberships__role=Role.ASSESSOR
        )
        .distinct()
        .order_by("full_name", "pk")
    )


@dataclass(frozen=True)
class AssessorLoad:
    """One assessor's work: apprentices assigned and days booked ahead."""

    assessor: User
    assigned: int
    days_ahead: int
    next_day: date | None
    problems: list[str] = field(default_factory=list)

    @property
    def independent(self) -> bool:
        return not self.problems


def workload(
    epao_id: int, *, today: date, apprenticeship: Apprenticeship | None = None
) -> list[AssessorLoad]:
    """Return every assessor of the EPAO with their workload; with an apprenticeship, also
    why each one could not assess it independently."""
    horizon = today + timedelta(days=WORKLOAD_DAYS)
    loads = []
    assessors = epao_assessors(epao_id).annotate(
        assigned=Count(
            "assessor_bookings",
            filter=Q(
                assessor_bookings__epao_id=epao_id,
                assessor_bookings__apprenticeship__status__in=[
                    Apprenticeship.Status.GATEWAY,
                    Apprenticeship.Status.IN_EPA,
                ],
            ),
            distinct=True,
        )
    )
    booked = EpaDate.objects.filter(
        status=EpaDate.Status.BOOKED, booking__epao_id=epao_id, day__gte=today
    )
    ahead = dict(
        booked.filter(day__lte=horizon)
        .values("booking__assessor")
        .annotate(n=Count("pk"))
        .values_list("booking__assessor", "n")
    )
    next_days = dict(
        booked.values("booking__assessor")
        .annotate(first=Min("day"))
        .values_list("booking__assessor", "first")
    )
    for assessor in assessors:
        loads.append(
            AssessorLoad(
                assessor=assessor,
                assigned=assessor.assigned,
                days_ahead=ahead.get(assessor.pk, 0),
                next_day=next_days.get(assessor.pk),
                problems=independence_problems(assessor, apprenticeship) if apprenticeship else [],
            )
        )
    return loads


def assessor_schedule(assessor: User, *, since: date) -> QuerySet[EpaDate]:
    """Return the assessor's booked days from `since` on, soonest first."""
    return (
        EpaDate.objects.filter(
            booking__assessor=assessor, status=EpaDate.Status.BOOKED, day__gte=since
        )
        .select_related("booking__apprenticeship__apprentice", "booking__apprenticeship__employer")
        .order_by("day", "starts_at")
    )


def calendar_dates(epao_id: int, *, first: date, last: date) -> QuerySet[EpaDate]:
    """Return the EPAO's booked days between two dates, for the bookings calendar."""
    return (
        EpaDate.objects.filter(
            booking__epao_id=epao_id, status=EpaDate.Status.BOOKED, day__range=(first, last)
        )
        .select_related("booking__apprenticeship__apprentice", "booking__assessor")
        .order_by("day", "starts_at")
    )
