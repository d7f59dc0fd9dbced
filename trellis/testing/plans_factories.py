"""Factories and helpers for training plans in tests."""

import uuid
from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from trellis.apprenticeships.models import Apprenticeship
from trellis.plans.models import ActivityKind, PlanActivity, PlanSignature, PlanVersion
from trellis.plans.services import ActivityDetails
from trellis.standards.models import KSB


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    number = 1
    created_by = factory.SelfAttribute("apprenticeship.consultant")


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    title = factory.Sequence(lambda n: f"Activity {n}")
    kind = ActivityKind.WORKSHOP
    planned_start = date(2026, 2, 1)
    planned_end = date(2026, 2, 28)
    planned_otj_hours = Decimal("6")
    lineage = factory.LazyFunction(uuid.uuid4)


class PlanSignatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanSignature

    signed_at = factory.LazyFunction(timezone.now)


def activity_details(apprenticeship: Apprenticeship, **overrides) -> ActivityDetails:
    """Return valid details for an activity on this apprenticeship's plan."""
    values = {
        "title": "Safeguarding workshop",
        "kind": ActivityKind.WORKSHOP,
        "ksbs": list(
            KSB.objects.filter(standard_version=apprenticeship.standard_version).order_by(
                "position"
            )[:2]
        ),
        "planned_start": date(2026, 2, 2),
        "planned_end": date(2026, 3, 13),
        "planned_otj_hours": Decimal("7.5"),
        "status": PlanActivity.Status.PLANNED,
    }
    values.update(overrides)
    return ActivityDetails(**values)
