"""Reads for the employer's page: their apprentices' progress, what awaits their signature
and the assessment days ahead, in a fixed number of queries whatever the number of
apprentices."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.booking.models import EpaDate
from trellis.caseload.selectors import CaseloadRow, caseload_rows
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.plans.models import PlanActivity, PlanVersion
from trellis.reviews.models import ProgressReview


@dataclass
class EmployerApprentice:
    """One apprentice as their employer sees them."""

    row: CaseloadRow
    reviews_to_sign: list[ProgressReview] = field(default_factory=list)
    plan_to_sign: PlanVersion | None = None
    epa_dates: list[EpaDate] = field(default_factory=list)

    @property
    def to_sign(self) -> int:
        return len(self.reviews_to_sign) + (1 if self.plan_to_sign else 0)


@dataclass(frozen=True)
class EmployerGlance:
    """What the top of the page says of all the employer's apprentices, not only one page."""

    to_sign: int
    next_epa_date: EpaDate | None


def _reviews_to_sign() -> QuerySet[ProgressReview]:
    return ProgressReview.objects.filter(locked_at__isnull=True).exclude(
        signatures__party=Party.EMPLOYER
    )


def _newest_plans_to_sign() -> QuerySet[PlanVersion]:
    """Each apprenticeship's newest plan version, when it has activities and no employer's
    signature."""
    newest = (
        PlanVersion.objects.filter(apprenticeship_id=OuterRef("apprenticeship_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    return (
        PlanVersion.objects.filter(number=Subquery(newest))
        .filter(Exists(PlanActivity.objects.filter(plan_version_id=OuterRef("pk"))))
        .exclude(signatures__party=Party.EMPLOYER)
    )


def employer_apprenticeships(user: User) -> QuerySet[Apprenticeship]:
    """Return this employer contact's apprenticeships under way, those with something to sign
    first, then by name."""
    employer_ids = roles_for_user(user).organisation_ids(Role.EMPLOYER_CONTACT)
    return (
        Apprenticeship.objects.filter(
            employer_id__in=employer_ids, status__in=Apprenticeship.ACTIVE_STATUSES
        )
        .alias(
            review_waiting=Exists(_reviews_to_sign().filter(apprenticeship_id=OuterRef("pk"))),
            plan_waiting=Exists(_newest_plans_to_sign().filter(apprenticeship_id=OuterRef("pk"))),
        )
        .annotate(
            nothing_to_sign=Case(
                When(Q(review_waiting=True) | Q(plan_waiting=True), then=Value(False)),
                default=Value(True),
            )
        )
        .select_related("apprentice", "consultant", "employer", "standard", "summary")
        .order_by("nothing_to_sign", "apprentice__full_name", "pk")
    )


def employer_glance(apprenticeships: QuerySet[Apprenticeship], today: date) -> EmployerGlance:
    """Return how many documents await the employer and the next assessment day, counted in
    the database."""
    ids = apprenticeships.values("pk")
    reviews = _reviews_to_sign().filter(apprenticeship_id__in=ids).aggregate(n=Count("pk"))["n"]
    plans = _newest_plans_to_sign().filter(apprenticeship_id__in=ids).aggregate(n=Count("pk"))
    next_epa_date = (
        EpaDate.objects.filter(
            booking__apprenticeship_id__in=ids, status=EpaDate.Status.BOOKED, day__gte=today
        )
        .select_related("booking__apprenticeship__apprentice")
        .order_by("day", "starts_at", "pk")
        .first()
    )
    return EmployerGlance(to_sign=reviews + plans["n"], next_epa_date=next_epa_date)


def employer_apprentices(
    apprenticeships: list[Apprenticeship], today: date
) -> list[EmployerApprentice]:
    """Return one page of apprentices with their progress, what they wait on the employer to
    sign and their assessment days ahead, in the page's order."""
    found = {
        row.apprenticeship.pk: EmployerApprentice(row)
        for row in caseload_rows(apprenticeships, today)
    }
    ids = list(found)
    for review in _reviews_to_sign().filter(apprenticeship_id__in=ids).order_by("held_on", "pk"):
        found[review.apprenticeship_id].reviews_to_sign.append(review)
    for version in _newest_plans_to_sign().filter(apprenticeship_id__in=ids):
        found[version.apprenticeship_id].plan_to_sign = version
    for epa_date in (
        EpaDate.objects.filter(
            booking__apprenticeship_id__in=ids, status=EpaDate.Status.BOOKED, day__gte=today
        )
        .annotate(for_apprenticeship=F("booking__apprenticeship_id"))
        .order_by("day", "starts_at")
    ):
        found[epa_date.for_apprenticeship].epa_dates.append(epa_date)
    return list(found.values())
