from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.organisations.models import Organisation
from trellis.standards.models import KSB


class ActivityKind(models.TextChoices):
    """The kinds of learning activity a plan timetables and off-the-job hours are spent on."""

    TAUGHT_SESSION = "taught_session", "Taught session"
    WORKSHOP = "workshop", "Workshop"
    E_LEARNING = "e_learning", "E-learning"
    SHADOWING = "shadowing", "Shadowing"
    MENTORING_PRACTICE = "mentoring_practice", "Mentoring practice"
    ASSIGNMENT = "assignment", "Assignment"
    COACHING = "coaching", "Coaching"


class PlanVersion(models.Model):
    """One version of an apprentice's training plan; a signed plan changes by a new version."""

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="plan_versions"
    )
    number = models.PositiveIntegerField()
    epao = models.ForeignKey(
        Organisation,
        verbose_name="end-point assessment organisation",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": Organisation.Kind.EPAO},
    )
    change_summary = models.TextField(
        blank=True, help_text="What changed since the version before, and why."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["apprenticeship", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship", "number"], name="plan_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"Training plan version {self.number}"


class PlanActivity(models.Model):
    """A learning activity on the plan's timetable."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    ksbs = models.ManyToManyField(KSB, related_name="+", blank=True, verbose_name="KSBs")
    planned_start = models.DateField()
    planned_end = models.DateField()
    planned_otj_hours = models.DecimalField(
        "planned off-the-job hours",
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    # Kept when a new plan version copies the activity, so that it can be followed across
    # versions and off-the-job entries logged against an earlier copy still find it.
    lineage = models.UUIDField()

    class Meta:
        verbose_name_plural = "plan activities"
        ordering = ["plan_version", "planned_start", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("planned_start")),
                name="plan_activity_end_not_before_start",
                violation_error_message="An activity cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(planned_otj_hours__gte=0),
                name="plan_activity_hours_not_negative",
                violation_error_message="Planned off-the-job hours cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanSignature(models.Model):
    """One party's agreement to one plan version."""

    plan_version = models.ForeignKey(
        PlanVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["plan_version", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_version", "party"], name="plan_signature_one_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signed_by}"
