"""Factories for off-the-job entries and the plan activities they are logged against."""

import uuid
from datetime import date
from decimal import Decimal

import factory

from trellis.otj.models import OtjEntry, OtjKind
from trellis.plans.models import ActivityKind, PlanActivity, PlanVersion


class OtjEntryFactory(factory.django.DjangoModelFactory):
    """A confirmed-or-awaiting entry saved as is, without the service's refusals."""

    class Meta:
        model = OtjEntry

    date = date(2026, 2, 2)
    duration_minutes = 120
    kind = OtjKind.WORKSHOP
    description = "Workshop on giving feedback"
    logged_by = factory.SelfAttribute("apprenticeship.apprentice")
    logged_as = "apprentice"


class PlanVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanVersion

    number = 1
    created_by = factory.SelfAttribute("apprenticeship.consultant")


class PlanActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanActivity

    title = "Coaching skills workshop"
    kind = ActivityKind.WORKSHOP
    planned_start = date(2026, 2, 1)
    planned_end = date(2026, 3, 1)
    planned_otj_hours = Decimal("12")
    lineage = factory.LazyFunction(uuid.uuid4)
