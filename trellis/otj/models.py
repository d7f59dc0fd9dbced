from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.apprenticeships.parties import Party
from trellis.plans.models import ActivityKind, PlanActivity
from trellis.standards.models import KSB


class OtjKind(models.TextChoices):
    """What the time was spent on: a plan activity's kinds, plus what never counts."""

    TAUGHT_SESSION = ActivityKind.TAUGHT_SESSION.value, ActivityKind.TAUGHT_SESSION.label
    WORKSHOP = ActivityKind.WORKSHOP.value, ActivityKind.WORKSHOP.label
    E_LEARNING = ActivityKind.E_LEARNING.value, ActivityKind.E_LEARNING.label
    SHADOWING = ActivityKind.SHADOWING.value, ActivityKind.SHADOWING.label
    MENTORING_PRACTICE = (
        ActivityKind.MENTORING_PRACTICE.value,
        ActivityKind.MENTORING_PRACTICE.label,
    )
    ASSIGNMENT = ActivityKind.ASSIGNMENT.value, ActivityKind.ASSIGNMENT.label
    COACHING = ActivityKind.COACHING.value, ActivityKind.COACHING.label
    ENGLISH_MATHS = "english_maths", "English or maths up to level 2"


class OtjEntry(models.Model):
    """Time spent on off-the-job training, logged by one side and confirmed by the other."""

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Rejected"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="otj_entries"
    )
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=OtjKind.choices)
    activity = models.ForeignKey(
        PlanActivity,
        on_delete=models.SET_NULL,
        related_name="otj_entries",
        null=True,
        blank=True,
        help_text="The training plan activity the time was spent on, if there is one.",
    )
    description = models.TextField("what was done")
    ksbs = models.ManyToManyField(KSB, related_name="+", blank=True, verbose_name="KSBs")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_as = models.CharField(max_length=20, choices=Party.choices)
    logged_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.AWAITING_CONFIRMATION
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = "off-the-job entry"
        verbose_name_plural = "off-the-job entries"
        ordering = ["apprenticeship", "-date", "-start_time", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0) & Q(duration_minutes__lte=24 * 60),
                name="otj_entry_duration_within_a_day",
                violation_error_message="An entry must last more than 0 and at most 24 hours.",
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="otj_entry_times_in_order",
                violation_error_message="Give both a start and an end time, the end after the "
                "start, or neither.",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="otj_entry_rejection_has_reason",
                violation_error_message="A rejected entry needs the reason.",
            ),
        ]
        indexes = [models.Index(fields=["apprenticeship", "date"])]

    def __str__(self) -> str:
        return f"{self.hours} hours on {self.date:%d %b %Y}"

    @property
    def hours(self) -> Decimal:
        return Decimal(self.duration_minutes) / 60


class PriorLearningReduction(models.Model):
    """Off-the-job hours taken off the requirement for what the apprentice already knows."""

    apprenticeship = models.OneToOneField(
        Apprenticeship, on_delete=models.CASCADE, related_name="prior_learning_reduction"
    )
    hours = models.DecimalField(
        max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    reason = models.TextField(help_text="The prior learning found at the initial assessment.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=0) & ~Q(reason=""),
                name="prior_learning_reduction_has_reason",
                violation_error_message="A reduction needs its hours (0 or more) and its reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hours} hours for prior learning"
