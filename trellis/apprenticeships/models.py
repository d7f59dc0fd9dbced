from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from trellis.organisations.models import Organisation
from trellis.standards.models import Standard, StandardVersion


class Apprenticeship(models.Model):
    """One apprentice's programme on one standard version, from enrolment to certificate."""

    class Status(models.TextChoices):
        ON_PROGRAMME = "on_programme", "On programme"
        BREAK_IN_LEARNING = "break_in_learning", "Break in learning"
        WITHDRAWN = "withdrawn", "Withdrawn"
        GATEWAY = "gateway", "Gateway"
        IN_EPA = "in_epa", "In end-point assessment"
        COMPLETED = "completed", "Completed"

    ACTIVE_STATUSES = (
        Status.ON_PROGRAMME,
        Status.BREAK_IN_LEARNING,
        Status.GATEWAY,
        Status.IN_EPA,
    )
    ASSESSED_STATUSES = (Status.IN_EPA, Status.COMPLETED)

    apprentice = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="apprenticeships"
    )
    employer = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employed_apprenticeships",
        limit_choices_to={"kind": Organisation.Kind.EMPLOYER},
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="provided_apprenticeships",
        limit_choices_to={"kind": Organisation.Kind.PROVIDER},
    )
    epao = models.ForeignKey(
        Organisation,
        verbose_name="end-point assessment organisation",
        on_delete=models.PROTECT,
        related_name="assessed_apprenticeships",
        limit_choices_to={"kind": Organisation.Kind.EPAO},
        null=True,
        blank=True,
    )
    # Kept beside the version so that the database can hold "one active apprenticeship per
    # apprentice per standard" as a constraint.
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    standard_version = models.ForeignKey(
        StandardVersion, on_delete=models.PROTECT, related_name="apprenticeships"
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="training consultant",
        on_delete=models.PROTECT,
        related_name="caseload",
        null=True,
        blank=True,
    )
    start_date = models.DateField()
    planned_end_date = models.DateField()
    contracted_weekly_hours = models.DecimalField(
        "contracted hours a week",
        max_digits=4,
        decimal_places=1,
        default=Decimal("30.0"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("60"))],
        help_text="The paid hours in the apprentice's contract, which off-the-job hours rest on.",
    )
    gateway_date = models.DateField(
        null=True,
        blank=True,
        help_text="The day the apprentice passed through gateway; no off-the-job training "
        "counts from then on.",
    )
    entry_requirements = models.TextField(
        "employer's entry requirements",
        blank=True,
        help_text="The selection criteria the employer set for this apprenticeship.",
    )
    entry_requirements_met = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ON_PROGRAMME)
    revision = models.PositiveIntegerField(
        default=1, help_text="Increases on every change, so that concurrent edits are detected."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["apprentice__full_name", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_date__gt=F("start_date")),
                name="apprenticeship_end_after_start",
                violation_error_message="The planned end date must be after the start date.",
            ),
            models.UniqueConstraint(
                fields=["apprentice", "standard"],
                condition=Q(
                    status__in=[
                        "on_programme",
                        "break_in_learning",
                        "gateway",
                        "in_epa",
                    ]
                ),
                name="apprenticeship_one_active_per_standard",
                violation_error_message="This apprentice already has an active apprenticeship "
                "on this standard.",
            ),
        ]
        indexes = [models.Index(fields=["provider", "status"])]

    def __str__(self) -> str:
        return f"{self.apprentice} — {self.standard_version}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


class StatusChange(models.Model):
    """A break in learning, a return, a withdrawal or a change of employer, with who and when."""

    class Kind(models.TextChoices):
        BREAK_IN_LEARNING = "break_in_learning", "Break in learning"
        RETURN_TO_LEARNING = "return_to_learning", "Return to learning"
        WITHDRAWAL = "withdrawal", "Withdrawal"
        CHANGE_OF_EMPLOYER = "change_of_employer", "Change of employer"

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="status_changes"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_date = models.DateField(
        help_text="A break's first day, the day learning resumes, the last day of evidenced "
        "learning for a withdrawal, or the first day with the new employer."
    )
    expected_return_date = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    previous_employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    new_employer = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_date", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_return_date__isnull=True)
                | Q(expected_return_date__gt=F("effective_date")),
                name="status_change_return_after_break",
                violation_error_message="The expected return must be after the break starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.effective_date:%d %b %Y}"
