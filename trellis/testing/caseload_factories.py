"""Factories for caseload summaries, which the page reads instead of each part's records."""

from datetime import date
from decimal import Decimal

import factory

from trellis.apprenticeships.models import Apprenticeship, StatusChange
from trellis.caseload.models import CaseloadSummary
from trellis.organisations.models import User
from trellis.testing.factories import ApprenticeshipFactory


class CaseloadSummaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseloadSummary
        django_get_or_create = ["apprenticeship"]

    apprenticeship = factory.SubFactory(ApprenticeshipFactory)
    otj_required_hours = Decimal("187")
    plan_agreed = True


def bulk_caseload(people, count: int, *, consultant=None, employer=None) -> list[Apprenticeship]:
    """Create `count` apprenticeships with summaries in a handful of queries."""
    consultant = consultant or people.carl
    employer = employer or people.employer
    base = User.objects.count()
    users = User.objects.bulk_create(
        User(email=f"bulk{base + n}@trellis.example", full_name=f"Bulk Apprentice {base + n:04d}")
        for n in range(count)
    )
    version = people.amara_apprenticeship.standard_version
    apprenticeships = Apprenticeship.objects.bulk_create(
        Apprenticeship(
            apprentice=user,
            employer=employer,
            provider=people.provider,
            consultant=consultant,
            standard=version.standard,
            standard_version=version,
            start_date=date(2026, 1, 5),
            planned_end_date=date(2027, 7, 5),
            status=Apprenticeship.Status.BREAK_IN_LEARNING
            if n % 5 == 0
            else Apprenticeship.Status.ON_PROGRAMME,
        )
        for n, user in enumerate(users)
    )
    CaseloadSummary.objects.bulk_create(
        CaseloadSummary(
            apprenticeship=a,
            next_review_due=date(2026, 11, 1 + n % 28),
            otj_required_hours=187,
            otj_actual_hours=50,
            otj_on_track_until=date(2026, 10, 1),
        )
        for n, a in enumerate(apprenticeships)
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            apprenticeship=a,
            kind=StatusChange.Kind.BREAK_IN_LEARNING,
            effective_date=date(2026, 9, 1),
            expected_return_date=date(2027, 1, 4),
            recorded_by=people.pat,
        )
        for a in apprenticeships
        if a.status == Apprenticeship.Status.BREAK_IN_LEARNING
    )
    return apprenticeships
