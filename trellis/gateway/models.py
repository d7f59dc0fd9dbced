from django.conf import settings
from django.db import models
from django.db.models import Q

from trellis.apprenticeships.models import Apprenticeship
from trellis.organisations.models import Organisation
from trellis.showcase.models import ShowcaseSnapshot


class GatewayAttempt(models.Model):
    """One try at gateway: the sign-off, the submission to the EPAO and its decision.

    A returned attempt is kept as it was; the provider fixes what the EPAO named and starts
    the next attempt, which needs the three declarations again.
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", "Signing off"
        SUBMITTED = "submitted", "Submitted to the EPAO"
        ACCEPTED = "accepted", "Accepted by the EPAO"
        RETURNED = "returned", "Returned by the EPAO"

    OPEN_STATUSES = (Status.PREPARING, Status.SUBMITTED, Status.ACCEPTED)
    # The EPAO sees an attempt from its submission on.
    SENT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)

    apprenticeship = models.ForeignKey(
        Apprenticeship, on_delete=models.CASCADE, related_name="gateway_attempts"
    )
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREPARING)
    started_at = models.DateTimeField()
    # Set on submission: the EPAO it went to, and the checklist and Showcase as they stood.
    epao = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="gateway_attempts",
        null=True,
        blank=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    checklist = models.JSONField(
        default=list, blank=True, help_text="Each requirement as it stood on submission."
    )
    showcase_snapshot = models.ForeignKey(
        ShowcaseSnapshot, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    decision_note = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["apprenticeship", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["apprenticeship", "number"], name="gateway_attempt_number_unique"
            ),
            models.UniqueConstraint(
                fields=["apprenticeship"],
                condition=Q(status__in=["preparing", "submitted", "accepted"]),
                name="gateway_attempt_one_open",
                violation_error_message="This apprentice already has a gateway under way.",
            ),
        ]
        indexes = [models.Index(fields=["epao", "status"])]

    def __str__(self) -> str:
        return f"Gateway attempt {self.number} of {self.apprenticeship}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Declaration(models.Model):
    """One party's declaration that the apprentice is competent and ready for assessment."""

    class Party(models.TextChoices):
        CONSULTANT = "consultant", "Training consultant"
        APPRENTICE = "apprentice", "Apprentice"
        EMPLOYER = "employer", "Employer"

    attempt = models.ForeignKey(
        GatewayAttempt, on_delete=models.CASCADE, related_name="declarations"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    statement = models.TextField(help_text="The words declared, as they read when declared.")
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["attempt", "declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "party"], name="gateway_declaration_once_per_party"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} declared ready"


class Override(models.Model):
    """A provider admin's decision to put an apprentice forward with one requirement unmet."""

    attempt = models.ForeignKey(GatewayAttempt, on_delete=models.CASCADE, related_name="overrides")
    requirement_code = models.CharField(max_length=50)
    requirement_title = models.CharField(max_length=300)
    reason = models.TextField()
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField()

    class Meta:
        ordering = ["attempt", "overridden_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attempt", "requirement_code"], name="gateway_override_once_per_code"
            ),
        ]

    def __str__(self) -> str:
        return f"Override of {self.requirement_title}"


class ReturnReason(models.Model):
    """Why the EPAO returned an attempt, one requirement at a time."""

    # Reasons about the submission as a whole rather than one requirement.
    GENERAL = "general"

    attempt = models.ForeignKey(
        GatewayAttempt, on_delete=models.CASCADE, related_name="return_reasons"
    )
    requirement_code = models.CharField(max_length=50)
    requirement_title = models.CharField(max_length=300)
    reason = models.TextField()

    class Meta:
        ordering = ["attempt", "pk"]

    def __str__(self) -> str:
        return f"Returned: {self.requirement_title}"
