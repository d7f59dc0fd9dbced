"""Reads for the employer's page: their apprentices' progress, what awaits their signature
and the assessment days ahead, in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, OuterRef, Subquery

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.booking.models import EpaDate
from trellis.caseload.selectors import CaseloadRow, caseload_rows
from trellis.organisations.models import User
from trellis.organisations.roles import Role
from trellis.organisations.selectors import roles_for_user
from trellis.plans.models import PlanVersion
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


def employer_apprentices(user: User, today: date) -> list[EmployerApprentice]:
    """Return this employer contact's apprentices under way, those with something to sign
    first, then by name."""
    employer_ids = roles_for_user(user).organisation_ids(Role.EMPLOYER_CONTACT)
    apprenticeships = list(
        Apprenticeship.objects.filter(
            employer_id__in=employer_ids, status__in=Apprenticeship.ACTIVE_STATUSES
        )
        .select_related("apprentice", "consultant", "employer", "standard", "summary")
        .order_by("apprentice__full_name", "pk")
    )
    found = {
        row.apprenticeship.pk: EmployerApprentice(row)
        for row in caseload_rows(apprenticeships, today)
    }
    ids = list(found)
    for review in (
        ProgressReview.objects.filter(apprenticeship_id__in=ids, locked_at__isnull=True)
        .exclude(signatures__party=Party.EMPLOYER)
        .order_by("held_on", "pk")
    ):
        found[review.apprenticeship_id].reviews_to_sign.append(review)
    newest = (
        PlanVersion.objects.filter(apprenticeship_id=OuterRef("apprenticeship_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    for version in (
        PlanVersion.objects.filter(apprenticeship_id__in=ids, number=Subquery(newest))
        .annotate(activity_count=Count("activities", distinct=True))
        .filter(activity_count__gt=0)
        .exclude(signatures__party=Party.EMPLOYER)
    ):
        found[version.apprenticeship_id].plan_to_sign = version
    for epa_date in (
        EpaDate.objects.filter(
            booking__apprenticeship_id__in=ids, status=EpaDate.Status.BOOKED, day__gte=today
        )
        .annotate(for_apprenticeship=F("booking__apprenticeship_id"))
        .order_by("day", "starts_at")
    ):
        found[epa_date.for_apprenticeship].epa_dates.append(epa_date)
    # Sorting is stable: within each group the apprentices stay in name order.
    return sorted(found.values(), key=lambda apprentice: apprentice.to_sign == 0)
